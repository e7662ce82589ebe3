// Starts the real portal server binary on an ephemeral port with a fresh data dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const BIN = process.env.PORTAL_SERVER_BIN || join(ROOT, 'target/server/portal-server');
const DIST = process.env.PORTAL_DIST || join(ROOT, 'dist');
const CACHE = process.env.PORTAL_CACHE_DIR || join(ROOT, 'target', 'e2e-compress-cache');

/**
 * What servers stopped since the e2e fixtures last looked had received as CSP violation
 * reports: a server a test stops is gone before the test's check could ask it.
 * @type {{url: string, reports: {directive: string, path: string, blocked: string, count: number}[]}[]}
 */
export const stoppedServerReports = [];

/** The CSP violations a running server has received (GET /api/v1/sandbox/csp-reports). */
export async function cspReports(url) {
  const res = await fetch(`${url}/api/v1/sandbox/csp-reports`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`CSP reports of ${url}: HTTP ${res.status}`);
  return (await res.json()).reports;
}

/**
 * @param {{dataDir?: string, port?: number, dist?: string, env?: Record<string, string>}} opts  reuse a data
 *   dir/port to "restart" a server; `dist` serves another build; `env` adds settings (e.g. `PORTAL_LOOKUP_RATE: '0'`)
 * @returns {Promise<{url: string, port: number, dataDir: string, stop: () => Promise<void>, cleanup: () => void}>}
 */
export async function startServer(opts = {}) {
  const dataDir = opts.dataDir || mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const child = spawn(
    BIN,
    ['--bind', '127.0.0.1', '--port', String(opts.port ?? 0), '--data-dir', dataDir, '--dist', opts.dist || DIST],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // One compression cache for every server of the run: the app's files (brotli 11) and
      // the offline bundle (17 MB) are then compressed once, not once per test server.
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn', PORTAL_CACHE_DIR: CACHE, ...opts.env },
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start in 30 s\n${stderr}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening\n${stderr}`));
    });
  });
  const port = Number(new URL(url).port);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        stoppedServerReports.push({ url, reports: await cspReports(url) });
      } catch (e) {
        stoppedServerReports.push({ url, reports: [{ directive: `(could not ask: ${e.message})`, path: '', blocked: '', count: 1 }] });
      }
    }
    await new Promise((done) => {
      // Killed by a signal, a process has no exit code but a signal code.
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  };
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  return { url, port, dataDir, stop, cleanup };
}
