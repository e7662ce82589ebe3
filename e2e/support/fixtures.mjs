// Test fixtures: one real server per worker, every Content-Security-Policy violation failing
// the test that caused it wherever it happened, and uncaught errors of the `page` fixture's
// pages failing it too.
//
// Two nets for CSP, because each misses what the other catches:
// - In the browser, every context a test creates is watched: its pages' console.
//   `_watch` is an automatic fixture (every test gets it without asking), and for the length
//   of the test it wraps `browser.newContext` (which `browser.newPage` and the built-in
//   `context`/`page` fixtures go through) and the browser types' `launch` and
//   `launchPersistentContext`. A spec that opens a second phone, a fresh profile or a
//   browser of its own is watched without doing anything; a spec author cannot forget it.
//   The one way around it, importing `test` from '@playwright/test' instead of this file,
//   is refused by playwright.config.mjs.
// - On the server: the policy's `report-uri` makes the browser post each violation to the
//   server, including those in the service worker (no page console sees them) and in pages
//   closed or navigated away before their console message arrived. After each test the
//   fixture asks every server the test used (the worker's, and any the test started and
//   stopped) for reports it has not seen yet; the worker's server is asked once more when
//   the worker ends.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { cspReports, startServer, stoppedServerReports } from './server.mjs';

const CSP_WATCHED = Symbol('portal-csp-watched');
const ERRORS_WATCHED = Symbol('portal-errors-watched');

/** Collects the CSP violations of every page of `context` into `problems`. */
async function watchForCsp(context, problems) {
  if (context[CSP_WATCHED]) return;
  context[CSP_WATCHED] = true;
  context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // Chromium's own "… violates the following Content Security Policy directive …", and
    // the listener's below, which names directive and blocked URI whatever Chromium's wording.
    if (text.startsWith('CSP violation') || text.includes('Content Security Policy')) {
      problems.push(`${msg.page()?.url() ?? 'a worker'}: ${text}`);
    }
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

/** Collects the uncaught errors of every page of `context` into `problems`. */
function watchForPageErrors(context, problems) {
  if (context[ERRORS_WATCHED]) return;
  context[ERRORS_WATCHED] = true;
  context.on('weberror', (err) => {
    const e = err.error();
    // Where it was thrown, when the stack says: "Failed to fetch" alone names no culprit.
    const at = (e.stack || '').split('\n').find((l) => /^\s+at /.test(l))?.trim();
    problems.push(`page error: ${e.message}${at ? ` (${at})` : ''}${err.page() ? ` on ${err.page().url()}` : ''}`);
  });
}

/** Replaces `obj[name]` by `wrap(original)`; returns the undo. */
function wrapMethod(obj, name, wrap) {
  const own = Object.prototype.hasOwnProperty.call(obj, name);
  const original = obj[name];
  obj[name] = wrap(original);
  return () => {
    if (own) obj[name] = original;
    else delete obj[name];
  };
}

/**
 * The counts in `reports` (a server's list) beyond those in `seen` (key → count; updated),
 * as lines for a message.
 * @param {{directive: string, path: string, blocked: string, count: number}[]} reports
 * @param {Map<string, number>} seen
 */
async function freshReports(reports, seen) {
  const lines = [];
  for (const r of reports) {
    const key = `${r.directive} ${r.path} ${r.blocked}`;
    const before = seen.get(key) || 0;
    if (r.count > before) {
      lines.push(`${r.directive} on ${r.path}${r.blocked ? `, blocking ${r.blocked}` : ''} (${r.count - before}×)`);
    }
    seen.set(key, r.count);
  }
  return lines;
}

const describe = (lines) => lines.map((l) => `  ${l}`).join('\n');

export const test = base.extend({
  portal: [
    async ({}, use) => {
      const server = await startServer();
      // What the per-test check has already attributed, and to whom.
      server.cspSeen = new Map();
      server.cspLastTest = null;
      await use(server);
      let late = [];
      try {
        late = await freshReports(await cspReports(server.url), server.cspSeen);
      } finally {
        await server.stop();
        server.cleanup();
      }
      if (late.length) {
        throw new Error(
          `the server received CSP violation reports after the last test of this worker` +
            ` (${server.cspLastTest ?? 'none'}):\n${describe(late)}`,
        );
      }
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ portal }, use) => use(portal.url),
  _watch: [
    async ({ browser, playwright, portal }, use, testInfo) => {
      const problems = [];
      const watch = (context) => watchForCsp(context, problems);
      const wrapNewContext = (b) =>
        wrapMethod(b, 'newContext', (original) => async function (...args) {
          const context = await original.apply(this, args);
          await watch(context);
          return context;
        });
      const undo = [wrapNewContext(browser)];
      for (const type of [playwright.chromium, playwright.firefox, playwright.webkit]) {
        undo.push(
          wrapMethod(type, 'launchPersistentContext', (original) => async function (...args) {
            const context = await original.apply(this, args);
            await watch(context);
            return context;
          }),
          wrapMethod(type, 'launch', (original) => async function (...args) {
            const b = await original.apply(this, args);
            wrapNewContext(b);
            return b;
          }),
        );
      }
      stoppedServerReports.length = 0;
      try {
        await use({ watch, problems });
      } finally {
        for (const u of undo.reverse()) u();
      }
      // Contexts are closed by now (`context` depends on this fixture), so whatever their
      // pages reported is on its way or in.
      const lines = [];
      const ours = await freshReports(await cspReports(portal.url), portal.cspSeen);
      if (ours.length) {
        const previous = portal.cspLastTest;
        lines.push(
          `the worker's server received CSP violation reports during this test` +
            (previous ? ` (or just after the previous one in this worker, ${previous})` : '') +
            `:\n${describe(ours)}`,
        );
      }
      for (const { url, reports } of stoppedServerReports.splice(0)) {
        const theirs = await freshReports(reports, new Map());
        if (theirs.length) lines.push(`the server this test started at ${url} received CSP violation reports:\n${describe(theirs)}`);
      }
      portal.cspLastTest = testInfo.titlePath.slice(1).join(' › ');
      expect([...problems, ...lines], 'CSP violations and page errors').toEqual([]);
    },
    { auto: true },
  ],
  // The default context (the `page` fixture's) is watched for uncaught page errors too,
  // as it always was. The contexts a test makes itself are watched for CSP only: the offline
  // tests' own contexts meet the app's fire-and-forget usage events rejected ("Failed to
  // fetch", never caught) while the server is stopped, which is no CSP matter.
  // CSP: already through `browser.newContext`; said again in case Playwright ever builds
  // the default context another way.
  context: async ({ context, _watch }, use) => {
    await _watch.watch(context);
    watchForPageErrors(context, _watch.problems);
    await use(context);
  },
});

export { expect };

/** Runs axe-core (WCAG 2.x A/AA rules) and expects no violations. */
export async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, 'axe violations').toEqual([]);
}

/**
 * Waits until the WASM app has rendered and the catalogue index is loaded. The server's
 * first HTML already shows a count, so wait for the app to have taken it over too.
 */
export async function waitForCatalogue(page) {
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(page.locator('#result-count')).toHaveText(/\d/);
}
