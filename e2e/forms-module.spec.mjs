// The forms module is a second WASM module: the shell must fetch it only on form routes,
// mount it into #forms-root, keep it mounted across form URLs and language switches, and
// offer a retry when it cannot be fetched. These tests do not look at what the module
// renders (that is the forms' own suite), only at #forms-root and the shell around it.
import { test, expect, waitForCatalogue } from './support/fixtures.mjs';

// The service worker precaches every file, the forms module included; blocking it keeps
// "which files did the page ask for" and the failed-fetch test about the page alone.
test.use({ serviceWorkers: 'block' });

const FORMS_FILE = /\/forms-[0-9a-f]{16}(\.js|_bg\.wasm)(\?|$)/;

/** URLs of forms module files the page has requested so far. */
function watchFormsRequests(page) {
  const seen = [];
  page.on('request', (req) => {
    if (FORMS_FILE.test(req.url())) seen.push(new URL(req.url()).pathname);
  });
  return seen;
}

/** Records the shell's events for the forms module (docs/architecture.md). */
async function recordShellEvents(page) {
  await page.evaluate(() => {
    window.__shellEvents = [];
    addEventListener('portal:navigate', () => window.__shellEvents.push(['navigate', location.pathname]));
    addEventListener('portal:lang', (e) => window.__shellEvents.push(['lang', e.detail]));
  });
}

test('the catalogue does not fetch the forms module; a form route does and renders into #forms-root', async ({ page }) => {
  const requested = watchFormsRequests(page);
  await page.goto('/');
  await expect(page.locator('main h1')).toBeVisible();
  await page.locator('nav a[href="/thu-tuc"]').click();
  await waitForCatalogue(page);
  await page.goto('/thu-tuc/1.001612');
  await expect(page.locator('section#documents')).toBeVisible();
  expect(requested, 'forms module files fetched before any form route').toEqual([]);

  await recordShellEvents(page);
  await page.locator('a#apply').click();
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001612\/nop-ho-so(\/|$)/);
  await expect(page.locator('#forms-root > *').first()).toBeAttached();
  expect(requested.some((p) => p.endsWith('.js'))).toBe(true);
  expect(requested.some((p) => p.endsWith('_bg.wasm'))).toBe(true);
  await expect(page.locator('#forms-message [role=alert]')).toHaveCount(0);
  // A page change moves focus into <main>: to <main> itself, or wherever the module put it.
  await expect.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
  expect(await page.evaluate(() => window.__shellEvents)).toContainEqual(['navigate', '/thu-tuc/1.001612/nop-ho-so']);
  // Applying stays under "Procedures" in the header.
  await expect(page.locator('nav a[href="/thu-tuc"]')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('nav a[href="/ho-so-nhap"]')).not.toHaveAttribute('aria-current', /.*/);
});

test('the host stays mounted across form URLs and language switches, and leaves with the form routes', async ({ page }) => {
  await page.goto('/thu-tuc/1.001612/nop-ho-so');
  await expect(page.locator('#forms-root > *').first()).toBeAttached();
  await recordShellEvents(page);
  // A mark on the host's element survives only if the shell does not rebuild the host.
  await page.evaluate(() => (document.getElementById('forms-root').dataset.mark = 'kept'));

  await page.locator('button#lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#forms-root')).toHaveAttribute('data-mark', 'kept');
  expect(await page.evaluate(() => window.__shellEvents)).toContainEqual(['lang', 'en']);

  // The forms module moves between its own URLs with pushState + a synthetic popstate.
  await page.evaluate(() => {
    history.pushState(null, '', '/ho-so-nhap');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.locator('#forms-root')).toHaveAttribute('data-mark', 'kept');
  await expect(page.locator('nav a[href="/ho-so-nhap"]')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('nav a[href="/thu-tuc"]')).not.toHaveAttribute('aria-current', /.*/);

  // Back to the catalogue through the shell's own link: the host (and the module's view) go.
  await page.locator('nav a[href="/thu-tuc"]').click();
  await expect(page).toHaveURL(/\/thu-tuc$/);
  await waitForCatalogue(page);
  await expect(page.locator('#forms-root')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');

  // Back/forward return to the form route and mount the (already fetched) module again.
  await page.goBack();
  await expect(page).toHaveURL(/\/ho-so-nhap$/);
  await expect(page.locator('#forms-root > *').first()).toBeAttached();
});

test('when the forms module cannot be fetched, the host says so and Retry loads it', async ({ page }) => {
  let blocked = 0;
  await page.route(FORMS_FILE, (route) => {
    blocked += 1;
    return route.abort('internetdisconnected');
  });
  await page.goto('/thu-tuc/1.001612/nop-ho-so');
  const error = page.locator('#forms-message [role=alert]');
  await expect(error).toBeVisible();
  await expect(page.locator('main h1')).toBeVisible();
  expect(blocked).toBeGreaterThan(0);

  await page.unroute(FORMS_FILE);
  await error.locator('button').click();
  await expect(page.locator('#forms-root > *').first()).toBeAttached();
  await expect(error).toHaveCount(0);
});

test('the service worker precaches the forms module', async ({ request }) => {
  const sw = await (await request.get('/sw.js')).text();
  expect(sw).toMatch(/"\/forms-[0-9a-f]{16}\.js"/);
  expect(sw).toMatch(/"\/forms-[0-9a-f]{16}_bg\.wasm"/);
});
