// Service worker of the portal. The build (scripts/trunk-post-build.mjs) replaces the two
// placeholders below with the real list of files in dist/ and a hash of their contents,
// so the precache can never drift from what was built and every build gets a new cache.
const BUILD = '__BUILD_HASH__';
const PRECACHE = __PRECACHE_LIST__;
const SHELL_CACHE = `shell-${BUILD}`;

self.addEventListener('install', (event) => {
  // cache: 'reload' bypasses the HTTP cache so a stale index.html can't be precached.
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('shell-') && k !== SHELL_CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// A waiting version takes over only when the user agrees (the app posts this message),
// so an open form is never reloaded under the user's hands.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

// Background Sync (Chromium): the app registers the tag 'portal-outbox' when a submission
// is queued; when the connection is back the browser fires `sync`, and the open pages are
// told to send the outbox (the app's boot script and forms module do the sending, with the
// data in IndexedDB). Never relied on: the app also retries on `online`, at start and on a timer.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'portal-outbox') return;
  event.waitUntil(
    self.clients
      .matchAll({ type: 'window', includeUncontrolled: true })
      .then((clients) => clients.forEach((c) => c.postMessage({ type: 'OUTBOX_SYNC' }))),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  // API data is cached by the app in IndexedDB; sandbox pages and payments must always be live.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sandbox/')) return;

  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).catch(() =>
        caches.open(SHELL_CACHE).then((cache) => cache.match('/index.html')).then(
          (res) => res || Response.error(),
        ),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(SHELL_CACHE).then((cache) =>
      cache.match(req).then((hit) => hit || fetch(req)),
    ),
  );
});
