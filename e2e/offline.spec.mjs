// Offline first, proven with the server stopped (context.setOffline alone does not stop a
// service worker's fetches): after one visit and the catalogue download the app loads,
// searches, opens procedures (opened before, or only downloaded), fills a form it never
// opened and queues it; the restarted server receives it exactly once. The storage page's
// export → erase everything → import restores drafts and files byte for byte.
import { test, expect, expectNoAxeViolations, waitForCatalogue } from './support/fixtures.mjs';
import { fillAddress } from './support/form.mjs';
import { startServer } from './support/server.mjs';

const OPENED = '1.001193'; // đăng ký khai sinh: opened online first
const DOWNLOADED = '1.000593'; // đăng ký kết hôn lưu động: only ever in the bulk download
const GENERIC = '1.001445'; // generic schema: applicant → one attachment slot → confirm
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

async function downloadCatalogue(page) {
  await page.goto('/du-lieu');
  await page.getByRole('button', { name: 'Tải danh mục để dùng ngoại tuyến' }).click();
  await expect(page.locator('#offline-download')).toContainText(/Đã tải 2\.849 thủ tục/, { timeout: 90_000 });
}

async function continueTo(page, step) {
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/nop-ho-so/[0-9a-f-]{36}/${step}`));
  await expect(page.locator('#forms-root h1')).toBeVisible();
}

/** The generic form of GENERIC with one PDF, to the review. Returns the draft id. */
async function fillGenericToReview(page, name, file = PDF) {
  await page.goto(`/thu-tuc/${GENERIC}/nop-ho-so`);
  await expect(page).toHaveURL(/\/applicant$/);
  await expect(page.locator('button#continue')).toBeEnabled();
  await page.locator('input[type=radio][name=applicant_type][value=person]').check();
  await page.locator('#f-full_name').fill(name);
  await page.locator('#f-date_of_birth').fill('12/03/1985');
  await page.locator('#f-cccd').fill('001185012345');
  await fillAddress(page, 'address', { province: 1, ward: 4, street: 'Số 3 phố Kim Mã' });
  await page.locator('#f-phone').fill('0912345678');
  await continueTo(page, 'documents');
  await page.locator('input[type=file]#f-doc_1').setInputFiles({ name: 'don.pdf', mimeType: 'application/pdf', buffer: file });
  await expect(page.locator('.file-list .file-name')).toHaveText(['don.pdf']);
  await continueTo(page, 'confirm');
  await page.locator('input[type=checkbox]#f-declaration').check();
  await continueTo(page, 'kiem-tra');
  await expect(page.getByRole('heading', { name: 'Sẵn sàng nộp hồ sơ' })).toBeVisible();
  return new URL(page.url()).pathname.split('/')[4];
}

test('with the server stopped: app, search, procedures, a never-opened form filled and queued; sent once on restart', async ({ browser }) => {
  test.setTimeout(300_000);
  let server = await startServer();
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const dossiersOf = async (code) => {
    const res = await context.request.get(`${server.url}/api/v1/sandbox/officer/dossiers`);
    expect(res.ok()).toBeTruthy();
    return (await res.json()).filter((d) => d.procedure_code === code);
  };
  try {
    await page.goto('/thu-tuc');
    await waitForCatalogue(page);
    await controlled(page);
    await page.goto(`/thu-tuc/${OPENED}`);
    await expect(page.locator('h1')).toContainText('khai sinh');
    await downloadCatalogue(page);
    await expectNoAxeViolations(page);
    expect(await dossiersOf(GENERIC)).toEqual([]);

    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('.offline-notice')).toBeVisible();
    await expect(page.locator('#offline-download')).toContainText(/Đã tải 2\.849 thủ tục/);

    await page.goto('/thu-tuc');
    await waitForCatalogue(page);
    await page.locator('input#search').fill('ket hon luu dong');
    await expect(page.locator(`ul#results a[href="/thu-tuc/${DOWNLOADED}"]`)).toBeVisible();
    await page.goto(`/thu-tuc/${OPENED}`);
    await expect(page.locator('h1')).toContainText('khai sinh');
    await page.goto(`/thu-tuc/${DOWNLOADED}`);
    await expect(page.locator('h1')).toContainText('kết hôn lưu động');
    await expectNoAxeViolations(page);

    const draft = await fillGenericToReview(page, 'Lê Thị Mai');
    await page.locator('#submit').click();
    await expect(page.locator('#outbox-status')).toContainText('Đang chờ gửi');

    server = await startServer({ dataDir: server.dataDir, port: server.port });
    await context.setOffline(false);
    await page.goto('/ho-so-cua-toi');
    await expect(page.locator('#queued-list')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.locator('#dossier-list .dossier-item')).toHaveCount(1);
    const filed = await dossiersOf(GENERIC);
    expect(filed).toHaveLength(1);
    // And nothing more after another start of the app.
    await page.reload();
    await expect(page.locator('#dossier-list .dossier-item')).toHaveCount(1);
    expect(await dossiersOf(GENERIC)).toHaveLength(1);
    expect(draft).toBeTruthy();
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

/** Every draft record, and every attachment with its bytes (base64), as stored in IndexedDB. */
async function dumpDrafts(page) {
  return page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const req = indexedDB.open('portal');
        // No database (the app has not opened it since a wipe): nothing stored. Opening
        // must not create one, or the app would find an empty version 1 to upgrade.
        let missing = false;
        req.onupgradeneeded = () => {
          missing = true;
          req.transaction.abort();
        };
        req.onerror = () => (missing ? ok({ drafts: [], attachments: [] }) : fail(String(req.error)));
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['drafts', 'attachments']);
          const drafts = tx.objectStore('drafts').getAll();
          const files = tx.objectStore('attachments').getAll();
          tx.oncomplete = async () => {
            db.close();
            const attachments = [];
            for (const a of files.result) {
              const bytes = new Uint8Array(await a.blob.arrayBuffer());
              let bin = '';
              for (const b of bytes) bin += String.fromCharCode(b);
              const { blob, ...meta } = a;
              attachments.push({ ...meta, type: blob.type, bytes: btoa(bin) });
            }
            const byId = (x, y) => (x.id < y.id ? -1 : 1);
            ok({ drafts: drafts.result.sort(byId), attachments: attachments.sort(byId) });
          };
        };
      }),
  );
}

test('export every draft with its files → erase everything on the device → import: byte for byte the same', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await controlled(page);
  // Bytes no text encoding would keep intact.
  const pdf = Buffer.concat([PDF, Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256))]);
  await fillGenericToReview(page, 'Lê Thị Mai', pdf);
  // The last answers, and the step (the review), reach IndexedDB within a second (autosave).
  await expect.poll(async () => (await dumpDrafts(page)).drafts.map((d) => d.step)).toEqual(['kiem-tra']);
  const before = await dumpDrafts(page);
  expect(before.drafts).toHaveLength(1);
  expect(before.attachments).toHaveLength(1);
  expect(Buffer.from(before.attachments[0].bytes, 'base64').equals(pdf)).toBe(true);

  await page.goto('/du-lieu');
  await expect(page.locator('#storage-counts')).toBeVisible();
  await expectNoAxeViolations(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-drafts').click()]);
  expect(download.suggestedFilename()).toMatch(/^ho-so-nhap-\d{8}\.json$/);
  const file = await download.path();

  await page.evaluate(() => localStorage.setItem('something-personal', 'Lê Thị Mai'));
  await page.getByRole('button', { name: 'Xóa toàn bộ dữ liệu trên thiết bị này' }).click();
  await expect(page.locator('#wipe-confirm')).toContainText('bản nháp');
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.locator('#wipe-confirm-yes').click()]);
  // The home page is drawn by the server; the app starts after its first paint and has
  // taken over once the server's copy is gone.
  await expect(page.locator('#ssr')).toHaveCount(0);
  const after = await dumpDrafts(page);
  expect(after).toEqual({ drafts: [], attachments: [] });
  // Only the language choice, which the app writes again as it starts.
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['lang']);
  expect((await page.evaluate(() => caches.keys())).filter((k) => k.startsWith('api-'))).toEqual([]);

  await page.goto('/du-lieu');
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.locator('#import-summary')).toContainText(String(before.drafts.length));
  expect(await dumpDrafts(page)).toEqual(before);

  // The same file again adds nothing: every draft is already here.
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.locator('#import-skipped li')).toHaveCount(before.drafts.length);
  expect(await dumpDrafts(page)).toEqual(before);
});
