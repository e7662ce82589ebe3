// The server's first HTML of the home, catalogue and procedure pages (server/src/prerender)
// and the app's takeover of it (app/src/takeover.rs): readable and usable with JavaScript
// off, and replaced by the app without any visible change.
import { test, expect } from './support/fixtures.mjs';

/**
 * The visible content of the page's top-level parts, as a comparable tree: tags, sorted
 * attributes (with the live state of inputs and options instead of their markup), text with
 * whitespace runs collapsed. Comments, `<noscript>` and empty text are not part of a page's
 * looks, and whichever copy is shown is in `root` (the server's `#ssr`, or `<body>`).
 */
function snapshot(rootSelector) {
  const root = document.querySelector(rootSelector);
  const walk = (node) => {
    const out = [];
    let text = '';
    const flush = () => {
      const t = text.replace(/\s+/g, ' ');
      if (t !== '') out.push(t);
      text = '';
    };
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        text += child.textContent;
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = child.tagName.toLowerCase();
      if (tag === 'noscript' || tag === 'script') continue;
      flush();
      const attrs = [...child.attributes]
        .filter((a) => !['value', 'selected', 'class'].includes(a.name))
        .map((a) => `${a.name}=${a.value}`);
      if (child.classList.length) attrs.push(`class=${[...child.classList].sort().join(' ')}`);
      if ('value' in child && (tag === 'input' || tag === 'select')) attrs.push(`.value=${child.value}`);
      if (tag === 'option') attrs.push(`.selected=${child.selected}`);
      out.push({ tag, attrs: attrs.sort(), children: walk(child) });
    }
    flush();
    return out;
  };
  const parts = [...root.children].filter((el) => /^(header|main|footer|div)$/i.test(el.tagName) && el.id !== 'ssr');
  return parts.map((el) => ({ tag: el.tagName.toLowerCase(), attrs: [...el.classList].sort(), children: walk(el) }));
}

/** Where the main landmarks are drawn: the same boxes before and after the takeover. */
function boxes() {
  const visible = (el) => el && el.getClientRects().length > 0;
  return ['main h1', '#search', '#results li', '.facts', 'footer', '.popular-list li:last-child']
    .map((sel) => [...document.querySelectorAll(sel)].find(visible))
    .filter(Boolean)
    .map((el) => {
      const r = el.getBoundingClientRect();
      return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
    });
}

/** Opens `path` with the shell's WASM held back, so the server's copy can be looked at. */
async function openHeld(page, path) {
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route(/\/portal-app-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  await page.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(path);
  await expect(page.locator('#ssr main h1')).toBeVisible();
  return release;
}

for (const path of ['/', '/thu-tuc?q=khai%20sinh&level=commune', '/thu-tuc/1.001612']) {
  test(`the app takes over ${path} without a visible change`, async ({ page }) => {
    const release = await openHeld(page, path);
    const before = await page.evaluate(snapshot, '#ssr');
    const boxesBefore = await page.evaluate(boxes);
    expect(before.map((p) => p.tag)).toEqual(['header', 'div', 'div', 'main', 'footer']);
    release();
    await expect(page.locator('#ssr')).toHaveCount(0);
    const after = await page.evaluate(snapshot, 'body');
    expect(after).toEqual(before);
    expect(await page.evaluate(boxes)).toEqual(boxesBefore);
    expect(await page.evaluate(() => window.__shifts)).toBe(0);
  });
}

test('text typed before the app started is kept and searched', async ({ page }) => {
  const release = await openHeld(page, '/thu-tuc');
  await page.locator('#search').fill('ly lich tu phap');
  release();
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(page.locator('#search')).toHaveValue('ly lich tu phap');
  await expect(page.locator('#search')).toBeFocused();
  await expect(page).toHaveURL(/q=ly(%20|\+)lich/);
  await expect(page.locator('#results li').first()).toContainText(/lý lịch tư pháp/i);
});

test('keyboard focus stays where it was when the app takes over', async ({ page }) => {
  const release = await openHeld(page, '/');
  await page.keyboard.press('Tab');
  await expect(page.locator('#ssr .skip-link')).toBeFocused();
  release();
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(page.locator('.skip-link')).toBeFocused();
});

test('a filter chosen before the app started is applied', async ({ page }) => {
  const release = await openHeld(page, '/thu-tuc?q=khai%20sinh');
  const before = await page.locator('#result-count').textContent();
  await page.locator('#filter-level').selectOption('commune');
  release();
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(page).toHaveURL(/level=commune/);
  await expect(page.locator('#filter-level')).toHaveValue('commune');
  await expect(page.locator('#result-count')).not.toHaveText(before);
});

test('a link followed before the takeover shows the new page', async ({ page }) => {
  // The app is running but not ready: the catalogue it waits for is held back.
  let release;
  let asked;
  const gate = new Promise((r) => (release = r));
  const running = new Promise((r) => (asked = r));
  await page.route('**/api/v1/catalogue', async (route) => {
    asked();
    await gate;
    await route.continue();
  });
  await page.goto('/');
  await running;
  await expect(page.locator('#ssr')).toHaveCount(1);
  await expect(page.locator('header')).toHaveCount(1);
  await page.locator('#ssr .popular-list a').first().click();
  await expect(page.locator('main h1')).toHaveText(/khai sinh/i);
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001193$/);
  release();
});

test("the server's results stay when the catalogue cannot be downloaded", async ({ page }) => {
  let failed;
  const aborted = new Promise((r) => (failed = r));
  await page.route('**/api/v1/catalogue', async (route) => {
    await route.abort('connectionrefused');
    failed();
  });
  await page.goto('/thu-tuc?q=khai%20sinh');
  await aborted;
  await expect(page.locator('#ssr #results li').first()).toBeVisible();
  // Searching still works, as a form: the server answers.
  await page.locator('#search').fill('ly lich tu phap');
  await page.locator('#search').press('Enter');
  await expect(page).toHaveURL(/q=ly\+lich\+tu\+phap/);
  await expect(page.locator('#results li').first()).toContainText(/lý lịch tư pháp/i);
});

test("the language button works before the app has taken over", async ({ page }) => {
  const release = await openHeld(page, '/thu-tuc/1.001612');
  await page.locator('#ssr #lang-toggle').click();
  release();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#apply')).toHaveText('Apply online');
  await expect(page.locator('#ssr')).toHaveCount(0);
});

test('English devices never see the Vietnamese copy', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('lang', 'en'));
  await page.goto('/thu-tuc/1.001612');
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(page.locator('#apply')).toHaveText('Apply online');
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('search, filter and read a procedure', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('h1')).toHaveText('Tra cứu thủ tục hành chính');
    await expect(page.locator('.noscript')).toContainText('đọc được khi trình duyệt tắt JavaScript');
    await page.locator('#search').fill('khai sinh');
    await page.locator('#search').press('Enter');
    await expect(page).toHaveURL(/\/thu-tuc\?q=khai\+sinh$/);
    await expect(page.locator('#result-count')).toHaveText(/^Tìm thấy \d+ thủ tục$/);
    const all = Number((await page.locator('#result-count').textContent()).match(/\d+/)[0]);
    await page.locator('#filter-level').selectOption('commune');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect(page).toHaveURL(/level=commune/);
    await expect(page.locator('#filter-level')).toHaveValue('commune');
    const commune = Number((await page.locator('#result-count').textContent()).match(/\d+/)[0]);
    expect(commune).toBeGreaterThan(0);
    expect(commune).toBeLessThan(all);
    await page.locator('#results a').first().click();
    await expect(page.locator('main h1')).toContainText(/khai sinh/i);
    await expect(page.locator('#documents li').first()).toBeVisible();
    await expect(page.locator('#fees')).toBeVisible();
  });
});
