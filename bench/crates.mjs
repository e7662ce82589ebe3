// What each crate contributes to the two WASM modules, in bytes of the optimised .wasm.
//
// The release build strips the name section (`strip = true`), so the shipped .wasm cannot
// say which function is whose. This rebuilds both modules the way they ship, except that the
// names are kept:
// 1. cargo, with the release profile plus `strip = "none"`, as a profile of its own
//    (`wasm-names`, defined on the command line) so the release artifacts Trunk uses are
//    left alone;
// 2. the custom sections the shipped build never has are cut (DWARF, and `target_features`,
//    which would make wasm-bindgen emit other glue than for the stripped release);
// 3. wasm-bindgen and wasm-opt with the flags index.html and scripts/trunk-post-build.mjs
//    give them, plus `-g` so wasm-opt keeps the names;
// 4. `twiggy top` lists every function and data segment with its size; a function counts for
//    the crate its path starts with (the type's crate for `<Type as Trait>::f`, the dropped
//    type's for `drop_in_place<T>`). Generic code of std/core/alloc (Vec, iterators,
//    formatting) instantiated for another crate's types counts for std/core/alloc; constant
//    data (strings, tables) belongs to no crate; functions wasm-bindgen generates count for
//    wasm_bindgen.
// The module measured is compared with the shipped one: sizes differ only by the names.
//
// `node bench/crates.mjs` prints the tables; bench/bench.mjs puts them in the report.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WASM_FEATURES as FEATURES } from '../scripts/wasm-features.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const PROFILE = 'wasm-names';
/** As shipped: index.html's data-wasm-opt-params for the shell, trunk-post-build's for forms. */
const MODULES = [
  { key: 'shell', pkg: 'portal-app', wasm: 'portal-app.wasm', opt: [...FEATURES, '--strip-producers', '--converge'], shipped: /^portal-app-[0-9a-f]+_bg\.wasm$/ },
  { key: 'forms', pkg: 'portal-forms', wasm: 'portal-forms.wasm', opt: FEATURES, shipped: /^forms-[0-9a-f]{16}_bg\.wasm$/ },
];

const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
const tool = (name) => {
  const local = join(ROOT, 'node_modules', '.bin', name);
  return existsSync(local) ? local : name;
};

/** Unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** The module without the custom sections whose names `drop` accepts. */
function withoutCustomSections(bytes, drop) {
  const parts = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    at = body + size;
    if (id === 0) {
      const [len, nameAt] = leb(bytes, body);
      const name = Buffer.from(bytes.subarray(nameAt, nameAt + len)).toString('utf8');
      if (drop(name)) continue;
    }
    parts.push(bytes.subarray(start, at));
  }
  return Buffer.concat(parts);
}

/** The crate a demangled function name belongs to, or a group for what has no path. */
export function crateOf(name) {
  if (/^data segment|^data\[/.test(name)) return 'data (constants and strings: no crate)';
  // Functions wasm-bindgen writes itself have no name, or the shim's.
  if (/^code\[\d+\]$|externref shim$|^(__wbg_|__wbindgen|__externref)/.test(name)) return 'wasm_bindgen';
  // wasm-streams' exported JS classes keep only their JS names.
  if (/^intounderlying/.test(name)) return 'wasm_streams';
  if (/^(elem|type|table|memory|global|func)\[|^import |^export |section|subsection/.test(name)) return 'wasm structure (imports, exports, tables)';
  let n = name.replace(/\[[0-9a-f]{16}\]/g, '');
  const dropped = n.match(/^core::ptr::drop_in_place<(.*)>(::h[0-9a-f]{16})?$/);
  if (dropped) n = dropped[1];
  const bare = (s) => s.replace(/^(&(mut )?|\*(const|mut) |dyn |\[|\()+/, '');
  // `<Type as Trait>::f`: the type's crate, or the trait's when the type is a primitive,
  // a slice, a tuple of primitives or a closure.
  const qualified = n.match(/^<(.*?) as (.*)>::/);
  if (qualified) {
    const own = bare(qualified[1]).match(/^([a-z_][a-z0-9_]*)::/);
    if (own) return own[1] === '__rustc' ? 'std' : own[1];
    const trait = qualified[2].match(/^([a-z_][a-z0-9_]*)::/);
    if (trait) return trait[1];
  }
  // Inherent methods of primitives: `<char>::escape_debug_ext`, `<[T]>::sort`.
  if (/^<(bool|char|str|[iu](8|16|32|64|128|size)|f32|f64|\[.*\])>::/.test(n)) return 'core';
  const head = bare(n.replace(/^<+/, '')).match(/^([a-z_][a-z0-9_]*)::/);
  if (head) return head[1] === '__rustc' ? 'std' : head[1];
  return 'no path: exports named by their JS name (main, bench_search), memcpy, …';
}

/** Builds `module` with names, prepared exactly as shipped; its path. */
function buildWithNames(module, out, targetDir) {
  run('cargo', [
    'build', '--locked', '--target', 'wasm32-unknown-unknown', '-p', module.pkg,
    '--profile', PROFILE, '--config', `profile.${PROFILE}.inherits="release"`, '--config', `profile.${PROFILE}.strip="none"`,
  ]);
  const raw = readFileSync(join(targetDir, 'wasm32-unknown-unknown', PROFILE, module.wasm));
  const input = join(out, `${module.key}-in.wasm`);
  writeFileSync(input, withoutCustomSections(raw, (n) => n.startsWith('.debug') || n === 'target_features'));
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', module.key, input]);
  const bg = join(out, `${module.key}_bg.wasm`);
  run(tool('wasm-opt'), ['-Oz', '-g', ...module.opt, '--output', bg, bg]);
  return bg;
}

/** Per-crate sizes of one module: the top `top` crates and the rest. */
function breakdown(file, top) {
  const items = JSON.parse(run('twiggy', ['top', '-f', 'json', file]));
  const bytes = new Map();
  let measured = 0;
  let names = 0;
  for (const item of items) {
    // The names are what this build adds to the shipped module: not counted.
    if (/function names|local names|"name" section|custom section 'name'|names" subsection|module name/.test(item.name)) {
      names += item.shallow_size;
      continue;
    }
    const crate = crateOf(item.name);
    bytes.set(crate, (bytes.get(crate) || 0) + item.shallow_size);
    measured += item.shallow_size;
  }
  const sorted = [...bytes.entries()].sort((a, b) => b[1] - a[1]);
  const crates = sorted.slice(0, top).map(([crate, b]) => ({ crate, bytes: b, share: b / measured }));
  const rest = sorted.slice(top).reduce((sum, [, b]) => sum + b, 0);
  return { measured_bytes: measured, name_section_bytes: names, crates, rest: { crates: Math.max(0, sorted.length - top), bytes: rest } };
}

/**
 * @param {{dist?: string, top?: number}} opts  `dist`: where the shipped modules are, to compare
 * @returns {{method: string, modules: Record<string, object>}}
 */
export function crateFigures({ dist = join(ROOT, 'dist'), top = 20 } = {}) {
  const meta = JSON.parse(run('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline']));
  const out = mkdtempSync(join(tmpdir(), 'portal-crates-'));
  const modules = {};
  try {
    for (const module of MODULES) {
      const file = buildWithNames(module, out, meta.target_directory);
      const shipped = existsSync(dist) ? readdirSync(dist).find((f) => module.shipped.test(f)) : undefined;
      modules[module.key] = {
        crate: module.pkg,
        shipped_file: shipped ?? null,
        shipped_bytes: shipped ? readFileSync(join(dist, shipped)).length : null,
        ...breakdown(file, top),
      };
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return {
    method: 'release profile with strip="none", DWARF and target_features sections cut, wasm-bindgen and wasm-opt -Oz -g as shipped, twiggy top; a function counts for the crate its demangled path starts with (bench/crates.mjs)',
    modules,
  };
}

const kb = (n) => (n / 1024).toFixed(1);

/** Markdown lines: one table per module. */
export function crateTables(figures) {
  const lines = [];
  for (const [key, m] of Object.entries(figures.modules)) {
    const what = key === 'shell' ? 'Shell (first load)' : 'Forms module (form routes only)';
    lines.push(`### ${what}: \`${m.crate}\``, '');
    const check = m.shipped_bytes
      ? `${m.measured_bytes} B measured without names, ${m.shipped_bytes} B shipped (${m.shipped_file})`
      : `${m.measured_bytes} B measured without names; no shipped module to compare`;
    lines.push(check, '', '| # | crate | KB | share |', '|---:|---|---:|---:|');
    m.crates.forEach((c, i) => lines.push(`| ${i + 1} | ${c.crate} | ${kb(c.bytes)} | ${(c.share * 100).toFixed(1)} % |`));
    lines.push(`| | ${m.rest.crates} more | ${kb(m.rest.bytes)} | ${((m.rest.bytes / m.measured_bytes) * 100).toFixed(1)} % |`, '');
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const figures = crateFigures({ dist: process.env.PORTAL_DIST || join(ROOT, 'dist') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else console.log(crateTables(figures).join('\n'));
}
