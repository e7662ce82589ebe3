// Trunk post-build hook: moves the inline module loader Trunk writes into index.html
// into its own content-hashed file, because the portal's Content-Security-Policy allows
// no inline script (script-src 'self' 'wasm-unsafe-eval').
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('trunk-post-build: TRUNK_STAGING_DIR is not set (run this from Trunk)');
  process.exit(1);
}
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// Registering here keeps the service worker out of the WASM and starts it as early as possible.
const REGISTER_SW = `if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker not registered', e));
}
`;

const inline = /<script type="?module"?>([\s\S]*?)<\/script>/g;
let moved = 0;
html = html.replace(inline, (_whole, body) => {
  const content = body.trim() + '\n' + REGISTER_SW;
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
  const name = `boot-${hash}.js`;
  writeFileSync(join(dir, name), content);
  moved += 1;
  return `<script type="module" src="/${name}"></script>`;
});

if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error('trunk-post-build: an inline <script> is still in index.html; CSP would block it');
  process.exit(1);
}
if (/\sstyle=/.test(html) || /<style[\s>]/.test(html)) {
  console.error('trunk-post-build: inline style found in index.html; CSP (style-src self) would block it');
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
