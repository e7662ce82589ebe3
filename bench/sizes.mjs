// Sizes of what a browser downloads before the app is interactive: every HTML, CSS, JS and
// WASM file in dist/ except the service worker (fetched after load, in the background) and
// the forms module, which the app imports only when a form route is opened.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zc } from 'node:zlib';

export const brotliSize = (bytes) =>
  brotliCompressSync(bytes, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The forms module's files, as scripts/trunk-post-build.mjs names them. */
export const isFormsModuleFile = (file) => /^forms-[0-9a-f]{16}(\.js|\.css|_bg\.wasm)$/.test(file);

/** @typedef {{file: string, raw: number, gzip: number, brotli: number}} SizeRow */

/** @returns {{rows: SizeRow[], total: {raw: number, gzip: number, brotli: number}}} */
function measure(dir, files) {
  const rows = files.sort().map((file) => {
    const b = readFileSync(join(dir, file));
    return { file, raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotliSize(b) };
  });
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const r of rows) for (const k of Object.keys(total)) total[k] += r[k];
  return { rows, total };
}

/** What every visitor downloads. */
export function firstLoadSizes(dist) {
  return measure(
    dist,
    readdirSync(dist).filter((f) => /\.(html|css|js|wasm)$/.test(f) && f !== 'sw.js' && !isFormsModuleFile(f)),
  );
}

/** What opening a form route downloads on top of the first load (empty rows if not built). */
export function formsModuleSizes(dist) {
  return measure(dist, readdirSync(dist).filter(isFormsModuleFile));
}
