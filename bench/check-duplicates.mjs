// Size gate run by the test command next to the budget: fails when a dependency brings a
// second version of a crate into a WASM module. Two versions of a crate are two copies of
// its code in what phones download, and the byte budget alone would let a small copy pass.
//
// The graph is what `cargo tree` resolves for each WASM crate as it is built for the
// browser: normal dependencies only (dev- and build-dependencies never reach the .wasm),
// for target wasm32-unknown-unknown, without procedural macros and what they depend on
// (they run in the compiler). Duplicates known today are allowed in bench/budget.json
// (`duplicate_crates_allowed`), each with its reason, by semver family ("1", "0.4"): a
// patch release of an allowed version still passes, any other new copy fails.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const CRATES = ['portal-app', 'portal-forms'];
const TREE_ARGS = ['-e', 'normal,no-proc-macro', '--target', 'wasm32-unknown-unknown'];

/** "1.0.69" → "1", "0.4.8" → "0.4": versions cargo would never unify with each other. */
const family = (version) => {
  const [major, minor] = version.split('.');
  return major === '0' ? `0.${minor}` : major;
};

/**
 * Crates that `pkg` has in more than one version: name → version → crates that depend on
 * that version directly.
 * @returns {Map<string, Map<string, Set<string>>>}
 */
function duplicates(pkg) {
  const out = execFileSync(
    'cargo',
    ['tree', '--locked', ...TREE_ARGS, '-p', pkg, '--duplicates', '--prefix', 'depth', '--depth', '1', '--format', '{p}'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const found = new Map();
  let current = null;
  for (const line of out.split('\n')) {
    // "0thiserror v1.0.69" is a duplicated crate, "1gloo-net v0.6.0" one that depends on it.
    const m = line.match(/^(\d+)(\S+) v(\S+)/);
    if (!m) continue;
    const [, depth, name, version] = m;
    if (depth === '0') {
      if (!found.has(name)) found.set(name, new Map());
      const versions = found.get(name);
      if (!versions.has(version)) versions.set(version, new Set());
      current = versions.get(version);
    } else if (current) {
      current.add(`${name} ${version}`);
    }
  }
  // One version listed twice (built with two feature sets) is one copy, not a duplicate.
  for (const [name, versions] of found) if (versions.size < 2) found.delete(name);
  return found;
}

const budget = JSON.parse(readFileSync(join(ROOT, 'bench/budget.json'), 'utf8'));
const allowed = budget.duplicate_crates_allowed ?? {};
let failed = false;
const seen = new Set();
for (const pkg of CRATES) {
  const found = duplicates(pkg);
  if (found.size === 0) console.log(`${pkg}: no crate in two versions`);
  for (const [name, versions] of found) {
    seen.add(name);
    const families = allowed[name]?.families ?? [];
    const unexpected = [...versions.keys()].filter((v) => !families.includes(family(v)));
    const verdict = unexpected.length ? 'NEW DUPLICATE' : 'allowed in bench/budget.json';
    console.log(`${pkg}: ${name} in ${versions.size} versions: ${verdict}`);
    for (const [version, by] of versions) console.log(`    ${name} ${version} pulled in by ${[...by].join(', ')}`);
    if (unexpected.length) {
      failed = true;
      console.error(
        `  see the whole path: cargo tree ${TREE_ARGS.join(' ')} -p ${pkg} -i ${name}@${unexpected[0]}\n` +
          `  align the versions (or the dependency's features) in Cargo.toml; if a second copy is\n` +
          `  truly unavoidable, add "${name}": {"families": [...], "why": "..."} to duplicate_crates_allowed in bench/budget.json`,
      );
    }
  }
}
for (const name of Object.keys(allowed)) {
  if (!seen.has(name)) console.log(`note: ${name} is no longer duplicated; remove it from duplicate_crates_allowed in bench/budget.json`);
}
if (failed) {
  console.error('a WASM module would carry two copies of a crate (above)');
  process.exit(1);
}
