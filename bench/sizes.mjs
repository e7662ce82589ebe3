// Sizes of what a browser downloads before the app is interactive: every HTML, CSS, JS and
// WASM file in dist/ except the service worker (fetched after load, in the background).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zc } from 'node:zlib';

export const brotliSize = (bytes) =>
  brotliCompressSync(bytes, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** @returns {{rows: {file: string, raw: number, gzip: number, brotli: number}[], total: {raw: number, gzip: number, brotli: number}}} */
export function firstLoadSizes(dist) {
  const rows = readdirSync(dist)
    .filter((f) => /\.(html|css|js|wasm)$/.test(f) && f !== 'sw.js')
    .sort()
    .map((file) => {
      const b = readFileSync(join(dist, file));
      return { file, raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotliSize(b) };
    });
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const r of rows) for (const k of Object.keys(total)) total[k] += r[k];
  return { rows, total };
}
