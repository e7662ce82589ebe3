// Size gate run by the test command: fails when the first-load brotli total grows past the
// checked-in budget. Sizes, unlike timings, are deterministic, so this cannot flake.
// Lower budget.json when the app shrinks; raising it is a decision to write down in a commit.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { firstLoadSizes, formsModuleSizes } from './sizes.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const budget = JSON.parse(readFileSync(join(ROOT, 'bench/budget.json'), 'utf8'));
const { rows, total } = firstLoadSizes(join(ROOT, 'dist'));
for (const r of rows) console.log(`${r.file.padEnd(44)} ${String(r.brotli).padStart(8)} B brotli`);
const limit = budget.first_load_brotli_bytes;
console.log(`first-load total: ${total.brotli} B brotli (budget ${limit} B, goal ${budget.goal_brotli_bytes} B)`);
// Not gated yet: printed so that growth of the form routes' download is seen in every test run.
const forms = formsModuleSizes(join(ROOT, 'dist'));
if (forms.rows.length === 0) {
  console.log('forms module: not in dist/ (the build hook writes forms-<hash>.js and _bg.wasm)');
} else {
  for (const r of forms.rows) console.log(`${r.file.padEnd(44)} ${String(r.brotli).padStart(8)} B brotli`);
  const t = forms.total;
  console.log(`forms module (form routes only): ${t.raw} B raw, ${t.gzip} B gzip, ${t.brotli} B brotli`);
}
if (total.brotli > limit) {
  console.error(`over budget by ${total.brotli - limit} B: find what grew (twiggy top on the .wasm) before raising bench/budget.json`);
  process.exit(1);
}
