// Service worker of the portal. The build (scripts/trunk-post-build.mjs) replaces the two
// placeholders below with the real list of files in dist/ and a hash of their contents,
// so the precache can never drift from what was built and every build gets a new cache.
const BUILD = '__BUILD_HASH__';
const PRECACHE = __PRECACHE_LIST__;
const SHELL_CACHE = `shell-${BUILD}`;
// Public API data survives app updates; renaming this cache is how a build drops it.
const API_CACHE = 'api-v1';
// How long a network-first request waits before answering from the cache.
const NETWORK_TIMEOUT_MS = 3000;

// Runtime caching is an allow-list: only public, non-personal data is ever stored here.
// Dossiers, payments, registry look-ups (names of legal representatives), the sandbox
// consoles and every POST go to the network only, so a shared device keeps none of them.
const STALE_WHILE_REVALIDATE = [/^\/api\/v1\/catalogue$/, /^\/api\/v1\/procedures\/[^/]+$/];
const NETWORK_FIRST = [/^\/api\/v1\/(fields|agencies)$/, /^\/api\/v1\/admin-units\//, /^\/api\/v1\/forms\/[^/]+$/];

self.addEventListener('install', (event) => {
  // cache: 'reload' bypasses the HTTP cache so a stale index.html can't be precached.
  // addAll is all-or-nothing: a build that cannot be cached completely never installs,
  // and the old version keeps serving, so an update can't strand an offline user.
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
          keys
            .filter((k) => (k.startsWith('shell-') && k !== SHELL_CACHE) || (k.startsWith('api-') && k !== API_CACHE))
            .map((k) => caches.delete(k)),
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
  const path = url.pathname;

  if (STALE_WHILE_REVALIDATE.some((re) => re.test(path))) {
    event.respondWith(staleWhileRevalidate(event, req));
    return;
  }
  if (NETWORK_FIRST.some((re) => re.test(path))) {
    event.respondWith(networkFirst(req));
    return;
  }
  // Everything else under /api/ and /sandbox/ must always be live.
  if (path.startsWith('/api/') || path.startsWith('/sandbox/')) return;

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

/** The request without the page's conditional headers: the cache must hold full 200s. */
function plain(req) {
  return new Request(req.url, { credentials: 'same-origin', headers: { Accept: req.headers.get('Accept') || '*/*' } });
}

function store(req, res) {
  if (!res.ok || res.status !== 200) return Promise.resolve();
  return caches.open(API_CACHE).then((cache) => cache.put(plain(req), res));
}

/**
 * Answers from the cache at once and refreshes it behind the scenes. The app asks for the
 * catalogue with the ETag of its own IndexedDB copy: when the cached copy has that ETag,
 * a 304 saves it decoding the same 300 KB again.
 */
function staleWhileRevalidate(event, req) {
  return caches.open(API_CACHE).then((cache) =>
    cache.match(plain(req)).then((hit) => {
      const refresh = fetch(plain(req)).then((res) => store(req, res.clone()).then(() => res));
      if (!hit) return refresh;
      event.waitUntil(refresh.catch(() => undefined));
      const etag = hit.headers.get('ETag');
      if (etag && req.headers.get('If-None-Match') === etag) {
        return new Response(null, { status: 304, headers: { ETag: etag } });
      }
      return hit;
    }),
  );
}

/** The network's answer when it comes in time; the cached copy when it does not or fails. */
function networkFirst(req) {
  const network = fetch(req).then((res) => {
    store(req, res.clone()).catch(() => undefined);
    return res;
  });
  const cached = () => caches.open(API_CACHE).then((cache) => cache.match(plain(req)));
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS));
  return Promise.race([network.catch(() => undefined), timeout]).then((res) => {
    if (res) return res;
    return cached().then((hit) => hit || network);
  });
}
