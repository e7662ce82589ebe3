// Trunk post-build hook:
// 1. builds the forms module (crate forms/, a second WASM module the app imports only on
//    form routes, so the catalogue's first load does not carry the wizard) the way Trunk
//    builds the app: cargo, wasm-bindgen, wasm-opt -Oz with the same feature flags;
// 2. moves the inline module loader Trunk writes into index.html into its own
//    content-hashed file, because the portal's Content-Security-Policy allows no inline
//    script (script-src 'self' 'wasm-unsafe-eval'), and adds the forms module's loader to it;
// 3. fills the service worker's precache list from what is really in the build output.
// Any failing step exits non-zero, which fails `trunk build`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { minify } from 'terser';
import { formsModuleSizes } from '../bench/sizes.mjs';
import { WASM_FEATURES } from './wasm-features.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('trunk-post-build: TRUNK_STAGING_DIR is not set (run this from Trunk)');
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE !== 'debug';

function run(cmd, args) {
  console.log(`trunk-post-build: ${cmd} ${args.join(' ')}`);
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  } catch (e) {
    console.error(`trunk-post-build: ${cmd} failed (${e.status ?? e.code ?? e.message})`);
    process.exit(1);
  }
}

/** Builds the forms module into the staging dir; returns its URL without `.js`/`_bg.wasm`. */
async function buildForms() {
  // Whatever target dir cargo is configured with (CARGO_TARGET_DIR, .cargo/config.toml).
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }),
  );
  const profile = release ? 'release' : 'debug';
  run('cargo', ['build', ...(release ? ['--release'] : []), '--locked', '--target', 'wasm32-unknown-unknown', '-p', 'portal-forms']);
  const wasmIn = join(meta.target_directory, 'wasm32-unknown-unknown', profile, 'portal-forms.wasm');

  const out = mkdtempSync(join(tmpdir(), 'portal-forms-'));
  try {
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'forms', wasmIn]);
    const bgPath = join(out, 'forms_bg.wasm');
    if (release) {
      // The flags index.html gives Trunk for the app (data-wasm-opt-params), so both
      // modules run on the same browsers. Trunk's PATH may lack node_modules/.bin.
      const local = join(ROOT, 'node_modules', '.bin', 'wasm-opt');
      run(existsSync(local) ? local : 'wasm-opt', ['-Oz', ...WASM_FEATURES, '--output', bgPath, bgPath]);
    }
    const js = await minifyGlue(readFileSync(join(out, 'forms.js'), 'utf8'));
    const wasm = readFileSync(bgPath);
    const css = readFileSync(join(ROOT, 'forms', 'style.css'));
    const hash = createHash('sha256').update(js).update(wasm).update(css).digest('hex').slice(0, 16);
    const jsName = `forms-${hash}.js`;
    const wasmName = `forms-${hash}_bg.wasm`;
    if (!js.includes("'forms_bg.wasm'")) {
      // Only the fallback URL (the loader always passes module_or_path), but a glue file
      // that no longer names it means wasm-bindgen changed shape: check the loader by hand.
      console.warn('trunk-post-build: forms.js does not name forms_bg.wasm; check the forms loader');
    }
    writeFileSync(join(dir, jsName), js.replaceAll("'forms_bg.wasm'", `'${wasmName}'`));
    writeFileSync(join(dir, wasmName), wasm);
    writeFileSync(join(dir, `forms-${hash}.css`), css);
    // JS snippets (#[wasm_bindgen(module/inline_js)]) are imported as ./snippets/<crate>-<hash>/…,
    // next to the glue; the directory names are content-hashed, so merging with the app's is safe.
    if (existsSync(join(out, 'snippets'))) cpSync(join(out, 'snippets'), join(dir, 'snippets'), { recursive: true });
    return `/forms-${hash}`;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** wasm-bindgen's JS glue, minified (Trunk's own minifier rejects its `export default`). */
async function minifyGlue(code) {
  const out = await minify(code, { module: true, compress: true, mangle: true });
  if (!out.code) {
    console.error('trunk-post-build: terser returned nothing');
    process.exit(1);
  }
  return out.code;
}

const formsBase = await buildForms();
const sizes = formsModuleSizes(dir);
for (const r of sizes.rows) console.log(`trunk-post-build: ${r.file}: ${r.raw} B raw, ${r.gzip} B gzip, ${r.brotli} B brotli`);
console.log(
  `trunk-post-build: forms module total ${sizes.total.raw} B raw, ${sizes.total.gzip} B gzip, ${sizes.total.brotli} B brotli`,
);

const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// The app's glue is in the first load: minify it too, and renew the integrity hash Trunk put
// on its modulepreload link.
for (const name of readdirSync(dir).filter((f) => /^portal-app-[0-9a-f]+\.js$/.test(f))) {
  const code = await minifyGlue(readFileSync(join(dir, name), 'utf8'));
  writeFileSync(join(dir, name), code);
  const sri = 'sha384-' + createHash('sha384').update(code).digest('base64');
  const attr = new RegExp(`(/${name.replace(/[.]/g, '\\.')}"? integrity=)"?sha384-[A-Za-z0-9+/=]+"?`);
  if (attr.test(html)) html = html.replace(attr, `$1${sri}`);
}

// Registering here keeps the service worker out of the WASM and starts it as early as possible.
// Updates: a new worker installs (precaching the whole new build) and then waits. The shell
// shows "Có phiên bản mới — Tải lại" (app/src/components/status_bar.rs) when this sets
// `__portalUpdateReady` and fires `portal:update`; its button calls `__portalApplyUpdate`,
// which lets the waiting worker take over and reloads once it has. Only the tab that asked
// reloads: another open tab keeps its page and shows the prompt.
// The browser looks for a new sw.js on page loads only; a single-page app may stay open for
// hours, so it also looks when the page comes back to the foreground or back online.
// \`beforeinstallprompt\` fires once, early, before the forms module (the storage page's
// install button) exists: keep it for later.
const REGISTER_SW = `addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault();
  window.__portalInstall = e;
});
if ('serviceWorker' in navigator) {
  const sw = navigator.serviceWorker;
  const ready = () => {
    window.__portalUpdateReady = true;
    dispatchEvent(new Event('portal:update'));
  };
  sw.register('/sw.js')
    .then((reg) => {
      const watch = (w) =>
        w && w.addEventListener('statechange', () => w.state === 'installed' && sw.controller && ready());
      if (reg.waiting && sw.controller) ready();
      watch(reg.installing);
      reg.addEventListener('updatefound', () => watch(reg.installing));
      const check = () => reg.update().catch(() => undefined);
      addEventListener('online', check);
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
      window.__portalApplyUpdate = () => {
        if (!reg.waiting) return location.reload();
        window.__portalUpdating = true;
        reg.waiting.postMessage({ type: 'SKIP_WAITING' });
      };
    })
    .catch((e) => console.warn('service worker not registered', e));
  // The first install also changes the controller (clients.claim): no reload for that.
  sw.addEventListener('controllerchange', () => window.__portalUpdating && location.reload());
}
`;

// The app shell calls this on a form route (app/src/routes/forms_host.rs). A failed load is
// forgotten, so Retry works once the network is back; a retry imports under a new URL
// because browsers may remember a failed module fetch for the page's lifetime.
const LOAD_FORMS = `let formsLoad, formsTries = 0;
window.__portalForms = () =>
  (formsLoad ||= Promise.all([
    import('${formsBase}.js' + (formsTries++ ? '?retry=' + formsTries : '')),
    // The form pages' stylesheet, before they render, so they never show unstyled.
    document.querySelector('link[href="${formsBase}.css"]') ||
      new Promise((resolve) => {
        const css = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '${formsBase}.css' });
        css.onload = css.onerror = resolve;
        document.head.append(css);
      }),
  ])
    .then(async ([m]) => (await m.default({ module_or_path: '${formsBase}_bg.wasm' }), m))
    .catch((e) => {
      formsLoad = undefined;
      throw e;
    }));
`;

// Submissions queued offline (IndexedDB "portal", store `outbox`) are sent as soon as the
// app starts, and when the service worker relays a Background Sync: the forms module does
// the sending (forms/src/outbox.rs), so it is loaded only when something is waiting and the
// shell's WASM carries none of it. Opening without a version never creates or upgrades the
// database; an older one without the store just has nothing queued.
const DRAIN_OUTBOX = `const drainOutbox = () =>
  window.__portalForms().then((m) => m.drain_outbox()).catch((e) => console.warn('outbox not drained', e));
try {
  const open = indexedDB.open('portal');
  open.onupgradeneeded = () => open.transaction.abort();
  // No database yet (the abort above): nothing is queued.
  open.onerror = (e) => e.preventDefault();
  open.onsuccess = () => {
    const db = open.result;
    // Never hold up the app's own upgrade of the database.
    db.onversionchange = () => db.close();
    if (!db.objectStoreNames.contains('outbox')) return db.close();
    const count = db.transaction('outbox').objectStore('outbox').count();
    count.onsuccess = () => {
      db.close();
      if (count.result > 0) drainOutbox();
    };
  };
} catch (e) {
  console.warn('outbox not checked', e);
}
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'OUTBOX_SYNC') drainOutbox();
  });
}
`;

// "Chữ lớn" (app/src/components/text_size.rs), remembered on the device: set on <html>
// before the app's WASM loads and draws anything, so a page never shows at the small size
// first; the shell's footer button (#text-size, drawn in the state the page started in)
// flips it here. Storage may be blocked (private mode): then the choice lasts for the page.
const TEXT_SIZE = `const textSize = (on) => {
  try {
    on === undefined ? (on = localStorage.getItem('text-size') === 'large') : localStorage.setItem('text-size', on ? 'large' : 'normal');
  } catch (e) {}
  document.documentElement.classList.toggle('text-large', !!on);
  return !!on;
};
textSize();
document.addEventListener('click', (e) => {
  const button = e.target.closest && e.target.closest('#text-size');
  if (button) button.setAttribute('aria-pressed', textSize(button.getAttribute('aria-pressed') !== 'true'));
  // The language button of the server's first HTML (server/src/prerender), shown until the
  // app takes over: the server cannot draw the other language, so remember it and reload;
  // the page then comes up in the app, in that language (app/src/takeover.rs).
  const lang = e.target.closest && e.target.closest('#ssr #lang-toggle');
  if (lang) {
    try {
      localStorage.setItem('lang', lang.lang);
    } catch (x) {}
    location.reload();
  }
});
`;

// The takeover of the server's first HTML of a page (server/src/prerender; the app's side
// and the reasons are in app/src/takeover.rs). Here rather than in the WASM because it is
// DOM work that Rust would reach through a dozen more web-sys bindings: measured, the
// same steps cost about 1.4 KB brotli in the shell's WASM and glue, against about 0.3 KB
// here. `__portalRoot` is where the app mounts while the server's copy is shown;
// `__portalTakeOver(later)` puts the app's nodes in its place, keeping focus, text typed
// into the search box and filters chosen, at the next frame when `later` (the app's copy is complete
// by then: rendering runs in microtasks).
const TAKEOVER = `{
  const ssr = document.getElementById('ssr');
  if (ssr && document.documentElement.classList.contains('spa-only')) ssr.remove();
  window.__portalRoot = document.getElementById('ssr') && document.createElement('div');
  window.__portalTakeOver = (later) => {
    const root = window.__portalRoot;
    const ssr = document.getElementById('ssr');
    if (!root || !ssr) return;
    if (later) return void requestAnimationFrame(() => window.__portalTakeOver());
    window.__portalRoot = null;
    // Focus follows by position, not id (the skip link has none): both copies have the
    // same elements, <noscript> aside.
    const kids = (el) => [...el.children].filter((c) => c.tagName !== 'NOSCRIPT');
    const path = [];
    for (let n = document.activeElement; n && n !== ssr && ssr.contains(n); n = n.parentElement) path.unshift(kids(n.parentElement).indexOf(n));
    const tops = [...root.children];
    const typed = (ssr.querySelector('#search') || {}).value;
    const chosen = [...ssr.querySelectorAll('select[id]')].map((s) => [s.id, s.value]);
    ssr.replaceWith(...root.childNodes);
    // A filter changed on the server's copy: the app's own handler applies it.
    for (const [id, value] of chosen) {
      const select = document.getElementById(id);
      if (select && select.value !== value) {
        select.value = value;
        select.dispatchEvent(new Event('change'));
      }
    }
    const input = document.getElementById('search');
    if (typed && input && input.value !== typed) {
      input.value = typed;
      input.dispatchEvent(new Event('input'));
    }
    // "Chữ lớn" may have been pressed on the server's copy after the app drew its button.
    const size = document.getElementById('text-size');
    if (size) size.setAttribute('aria-pressed', String(document.documentElement.classList.contains('text-large')));
    let el = null;
    for (let i = 0, list = tops; i < path.length && list; i++) {
      el = list[path[i]];
      list = el && kids(el);
    }
    if (el) el.focus();
  };
}
`;

const inline = /<script type="?module"?>([\s\S]*?)<\/script>/g;
let moved = 0;
for (const [whole, body] of [...html.matchAll(inline)]) {
  // The loader goes first: the app starts inside Trunk's `await init(…)` and may ask for
  // the forms module before the code after that await runs. Minified: it is in the first
  // load, and the comments above are for whoever reads this file, not for phones.
  const content = await minifyGlue(TEXT_SIZE + TAKEOVER + LOAD_FORMS + body.trim() + '\n' + REGISTER_SW + DRAIN_OUTBOX);
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
  const name = `boot-${hash}.js`;
  writeFileSync(join(dir, name), content);
  moved += 1;
  html = html.replace(whole, () => `<script type="module" src="/${name}"></script>`);
}

if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error('trunk-post-build: an inline <script> is still in index.html; CSP would block it');
  process.exit(1);
}
if (/\sstyle=/.test(html) || /<style[\s>]/.test(html)) {
  console.error('trunk-post-build: inline style found in index.html; CSP (style-src self) would block it');
  process.exit(1);
}
if (moved !== 1) {
  // The forms loader rides on the one boot script; none (or two) means Trunk changed shape.
  console.error(`trunk-post-build: expected one inline loader script in index.html, found ${moved}`);
  process.exit(1);
}
writeFileSync(indexPath, html);
console.log(`trunk-post-build: moved ${moved} inline loader script(s) to hashed files`);

// Service worker: fill in the precache list from what is really in the build output.
const swPath = join(dir, 'sw.js');
if (existsSync(swPath)) {
  const files = [];
  const walk = (sub) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else if (rel !== 'sw.js' && !rel.endsWith('.map')) files.push(rel);
    }
  };
  walk('');
  files.sort();
  const build = createHash('sha256');
  for (const f of files) build.update(f).update(readFileSync(join(dir, f)));
  const sw = readFileSync(swPath, 'utf8')
    .replace('__BUILD_HASH__', build.digest('hex').slice(0, 16))
    .replace('__PRECACHE_LIST__', JSON.stringify(files.map((f) => `/${f}`)));
  writeFileSync(swPath, sw);
  console.log(`trunk-post-build: service worker precaches ${files.length} files`);
}
