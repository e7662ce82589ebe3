// The installable app and its service worker: installability as Chromium judges it, cache
// headers of the files whose names never change, and an update deployed while a page is
// open (prompt → reload → the old cache gone → still works with the server stopped).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect, expectNoAxeViolations, waitForCatalogue } from './support/fixtures.mjs';
import { startServer } from './support/server.mjs';

const DIST = process.env.PORTAL_DIST || resolve(new URL('..', import.meta.url).pathname, 'dist');

/** Waits until the service worker controls the page (it claims clients on activation). */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

test('Chromium finds nothing stopping installation, and the manifest is complete', async ({ playwright, portal }) => {
  // A persistent profile: Chromium never offers to install from an incognito one, which is
  // what an ordinary Playwright context is.
  const profile = mkdtempSync(join(tmpdir(), 'portal-profile-'));
  const launch = test.info().project.use.launchOptions;
  const context = await playwright.chromium.launchPersistentContext(profile, { ...launch, baseURL: portal.url });
  try {
    const page = context.pages()[0] || (await context.newPage());
    await page.goto('/');
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data);
    expect(parsed).toMatchObject({ lang: 'vi', display: 'standalone', start_url: '/', scope: '/' });
    expect(parsed.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('index.html, sw.js and the manifest are revalidated every time; hashed files are immutable', async ({ request }) => {
  for (const path of ['/', '/index.html', '/thu-tuc/1.001193', '/sw.js', '/manifest.webmanifest']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['cache-control'], path).toBe('no-cache');
  }
  const sw = await request.get('/sw.js');
  expect(sw.headers()['service-worker-allowed']).toBe('/');
  expect(sw.headers()['content-type']).toMatch(/javascript/);
  const precache = JSON.parse((await sw.text()).match(/const PRECACHE = (\[.*?\]);/)[1]);
  expect(precache).toContain('/index.html');
  const wasm = precache.find((f) => /^\/portal-app-[0-9a-f]+_bg\.wasm$/.test(f));
  expect(wasm, 'the app WASM is precached').toBeTruthy();
  expect(precache.some((f) => /^\/forms-[0-9a-f]+_bg\.wasm$/.test(f)), 'the forms module is precached').toBe(true);
  const asset = await request.get(wasm);
  expect(asset.headers()['cache-control']).toContain('immutable');
  // Every file it names is really served: the list comes from the build, not from a hand.
  for (const f of precache) expect((await request.get(f)).status(), f).toBe(200);
});

test('a new version deployed while the page is open: prompt, reload on request, old cache gone, still works offline', async ({ browser }) => {
  test.setTimeout(120_000);
  const tmp = mkdtempSync(join(tmpdir(), 'portal-dist-'));
  const [oldDist, newDist] = [join(tmp, 'old'), join(tmp, 'new')];
  cpSync(DIST, oldDist, { recursive: true });
  cpSync(DIST, newDist, { recursive: true });
  // A new build changes the service worker's build hash (its precache list is the build).
  const swPath = join(newDist, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const oldBuild = sw.match(/const BUILD = '([0-9a-f]+)'/)[1];
  writeFileSync(swPath, sw.replace(`const BUILD = '${oldBuild}'`, "const BUILD = 'e2e0next0build00'"));

  let server = await startServer({ dist: oldDist });
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  try {
    await page.goto('/thu-tuc');
    await waitForCatalogue(page);
    await controlled(page);
    expect(await cacheNames(page)).toContain(`shell-${oldBuild}`);
    await page.evaluate(() => (window.__stillTheSamePage = true));

    await server.stop();
    server = await startServer({ dataDir: server.dataDir, port: server.port, dist: newDist });
    // What the browser does on its own when the page comes back to the foreground.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));

    const prompt = page.locator('.update-notice');
    await expect(prompt).toContainText('Có phiên bản mới');
    await expectNoAxeViolations(page);
    // Waiting, not taking over: the open page is untouched until the person agrees.
    expect(await page.evaluate(() => window.__stillTheSamePage)).toBe(true);
    expect(await cacheNames(page)).toContain(`shell-${oldBuild}`);

    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Tải lại' }).click()]);
    await waitForCatalogue(page);
    expect(await page.evaluate(() => window.__stillTheSamePage)).toBeUndefined();
    await expect(page.locator('.update-notice')).toBeHidden();
    await expect.poll(() => cacheNames(page)).toContain('shell-e2e0next0build00');
    expect((await cacheNames(page)).filter((k) => k.startsWith('shell-'))).toEqual(['shell-e2e0next0build00']);

    // The new version works with no server at all.
    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await waitForCatalogue(page);
    await expect(page.locator('.offline-notice')).toContainText('Bạn đang ngoại tuyến');
    await page.locator('input#search').fill('dang ky khai sinh');
    await expect(page.locator('ul#results a[href="/thu-tuc/1.001193"]')).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  }
});
