// Test fixtures: one real server per worker, and a page that fails the test on any
// Content-Security-Policy violation or uncaught page error.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startServer } from './server.mjs';

export const test = base.extend({
  portal: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
      server.cleanup();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ portal }, use) => use(portal.url),
  page: async ({ page }, use) => {
    const problems = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && msg.text().startsWith('CSP violation')) problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await use(page);
    expect(problems, 'CSP violations and page errors').toEqual([]);
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

/** Waits until the WASM app has rendered and the catalogue index is loaded. */
export async function waitForCatalogue(page) {
  await expect(page.locator('#result-count')).toHaveText(/\d/);
}
