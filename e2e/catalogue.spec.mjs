// The procedure catalogue: search, filters, detail, language switch, offline search, axe.
import { test, expect, expectNoAxeViolations, waitForCatalogue } from './support/fixtures.mjs';
import { startServer } from './support/server.mjs';

async function resultCodes(page) {
  const items = page.locator('ul#results > li');
  await expect(items.first()).toBeVisible();
  return items.evaluateAll((lis) =>
    lis.map((li) => (li.querySelector('a')?.getAttribute('href') || '').split('/').pop()),
  );
}

async function countShown(page) {
  const text = await page.locator('#result-count').innerText();
  const m = text.replace(/\./g, '').match(/\d+/);
  return m ? Number(m[0]) : NaN;
}

test('search "ho kinh doanh" without diacritics finds 1.001612 in the top 3', async ({ page }) => {
  await page.goto('/thu-tuc');
  await waitForCatalogue(page);
  await page.locator('input#search').fill('ho kinh doanh');
  await expect(page).toHaveURL(/q=ho(\+|%20)kinh/);
  const codes = await resultCodes(page);
  expect(codes.slice(0, 3)).toContain('1.001612');
});

test('words in another order and with diacritics still match', async ({ page }) => {
  await page.goto('/thu-tuc?q=kinh%20doanh%20h%E1%BB%99');
  await waitForCatalogue(page);
  expect((await resultCodes(page)).slice(0, 3)).toContain('1.001612');
});

test('search by code puts that procedure first', async ({ page }) => {
  await page.goto('/thu-tuc');
  await waitForCatalogue(page);
  await page.locator('input#search').fill('1.004222');
  await expect(page.locator('ul#results > li').first()).toContainText('1.004222');
});

test('a filter narrows the results and the count follows', async ({ page }) => {
  await page.goto('/thu-tuc');
  await waitForCatalogue(page);
  const all = await countShown(page);
  expect(all).toBe(2849);
  await page.locator('select#filter-level').selectOption('commune');
  await expect.poll(() => countShown(page)).toBeLessThan(all);
  const commune = await countShown(page);
  expect(commune).toBeGreaterThan(0);
  await page.locator('select#filter-fee').selectOption('free');
  await expect.poll(() => countShown(page)).toBeLessThan(commune);
  // The filters live in the URL: a reload keeps them.
  await page.reload();
  await expect(page.locator('select#filter-level')).toHaveValue('commune');
  await expect.poll(() => countShown(page)).toBeLessThan(commune);
});

test('detail shows fees, documents with group headings, and the apply button', async ({ page }) => {
  await page.goto('/thu-tuc?q=1.001612');
  await waitForCatalogue(page);
  await page.locator('ul#results > li a').first().click();
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001612$/);
  await expect(page.locator('h1')).toContainText('hộ kinh doanh');
  // A client-side page change moves focus to <main>, so screen readers read the new page.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
  await expect(page.locator('section#fees table')).toBeVisible();
  await expect(page.locator('section#fees')).toContainText('150,000');
  await expect(page.locator('section#documents')).toContainText('Giấy đề nghị đăng ký hộ kinh doanh');
  await page.locator('a#apply').click();
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001612\/nop-ho-so(\/|$)/);
  // The form itself is the forms module's (e2e/forms-module.spec.mjs): here, only that it mounted.
  await expect(page.locator('#forms-root > *').first()).toBeAttached();
});

test('unknown procedure and unknown route show a friendly 404', async ({ page }) => {
  await page.goto('/thu-tuc/9.999999');
  await expect(page.locator('h1')).toContainText(/Không tìm thấy/i);
  await page.goto('/khong-co-trang-nay');
  await expect(page.locator('h1')).toContainText(/Không tìm thấy/i);
});

test('switch to English and back; the choice is remembered', async ({ page }) => {
  await page.goto('/');
  const toggle = page.locator('button#lang-toggle');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(toggle).toHaveText(/English/);
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('label[for="search"]')).toContainText(/Search/i);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('button#lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.locator('label[for="search"]')).toContainText(/Tìm/);
});

test('after a first visit, search works with the server stopped', async ({ browser }) => {
  const server = await startServer();
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  try {
    await page.goto('/thu-tuc');
    await waitForCatalogue(page);
    // The service worker must control the page before the network goes away.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await server.stop();
    await page.reload();
    await waitForCatalogue(page);
    await page.locator('input#search').fill('dang ky khai sinh');
    expect(await resultCodes(page)).toContain('1.001193');
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

test.describe('without the service worker', () => {
  // Its fetches are not seen by page.route, and it would answer the catalogue itself.
  test.use({ serviceWorkers: 'block' });

  test('with no network and nothing cached, the catalogue says so and offers a retry', async ({ page, portal }) => {
    await page.route('**/api/v1/catalogue', (route) => route.abort('connectionrefused'));
    // From a page the server does not draw: a direct load of /thu-tuc would show the server's
    // results, which stay when the download fails (e2e/prerender.spec.mjs).
    await page.goto('/khong-co');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Thủ tục hành chính' }).click();
    const error = page.locator('#catalogue-error');
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute('role', 'alert');
    await page.unroute('**/api/v1/catalogue');
    await error.locator('button').click();
    await waitForCatalogue(page);
  });
});

for (const [name, path] of [
  ['home', '/'],
  ['catalogue', '/thu-tuc'],
  ['detail', '/thu-tuc/1.001612'],
]) {
  test(`axe: no violations on ${name}`, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator('main h1')).toBeVisible();
    if (path === '/thu-tuc') await waitForCatalogue(page);
    if (path.startsWith('/thu-tuc/')) await expect(page.locator('section#documents')).toBeVisible();
    await expectNoAxeViolations(page);
  });
}
