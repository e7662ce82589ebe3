// Community digital tech teams on a shared device (issue 6): an assisted session keeps a
// citizen's data apart and "Kết thúc phiên & xóa dữ liệu" leaves none of it anywhere in the
// browser (every IndexedDB database, Web Storage and Cache Storage are read back); a draft
// handed to the citizen's phone by code and QR code (decoded here); practice mode's
// watermark, sample person and sandbox-only filing; the anonymous funnel counts one
// journey exactly once.
import { test, expect, expectNoAxeViolations } from './support/fixtures.mjs';
import { esc, fillHkdToReview, stepUrl } from './support/form.mjs';
import { HKD } from './support/dossiers.mjs';
import { decodeQr } from './support/qr.mjs';

const DOSSIER_URL = /\/ho-so\/([^/?#]+)$/;
const HKD_NAME = 'Đăng ký thành lập hộ kinh doanh';

/**
 * Everything the portal keeps in this browser as text: each record of each store of each
 * IndexedDB database (Blobs read as text), localStorage, sessionStorage, and the body of
 * every Cache Storage entry. Lines start with where they came from.
 */
async function deviceDump(page) {
  return page.evaluate(async () => {
    const lines = [];
    const text = async (v) => {
      if (v instanceof Blob) return v.text();
      if (Array.isArray(v)) return (await Promise.all(v.map(text))).join(' ');
      if (v && typeof v === 'object') {
        const parts = [];
        for (const [k, x] of Object.entries(v)) parts.push(`${k}=${await text(x)}`);
        return parts.join(' ');
      }
      return String(v);
    };
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    for (const { name } of await indexedDB.databases()) {
      const db = await req(indexedDB.open(name));
      for (const store of db.objectStoreNames) {
        for (const rec of await req(db.transaction(store).objectStore(store).getAll())) {
          lines.push(`idb ${name}/${store}: ${await text(rec)}`);
        }
      }
      db.close();
    }
    for (const [label, s] of [['local', localStorage], ['session', sessionStorage]]) {
      for (let i = 0; i < s.length; i++) lines.push(`${label} ${s.key(i)}=${s.getItem(s.key(i))}`);
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const r of await cache.keys()) {
        const res = await cache.match(r);
        const type = res.headers.get('content-type') || '';
        const body = /json|text|html/.test(type) ? await res.text() : `(${type})`;
        lines.push(`cache ${name} ${r.url}: ${body}`);
      }
    }
    return lines.join('\n');
  });
}

async function startSession(page) {
  await page.goto('/');
  await page.locator('footer').getByRole('link', { name: 'Chế độ hỗ trợ (Tổ công nghệ số cộng đồng)' }).click();
  await expect(page).toHaveURL(/\/ho-tro$/);
  await page.locator('#assist-start').click();
  await expect(page.locator('.assist-banner')).toBeVisible();
  await expect(page.locator('#assist-summary')).toContainText('0 hồ sơ nháp');
}

/** The owner step of the household-business form with a name typed, saved to the device. */
async function draftWithName(page, name) {
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('button#continue')).toBeEnabled();
  await page.locator('#f-owner_full_name').fill(name);
  await page.locator('#f-owner_full_name').blur();
  await expect(page.locator('#save-status')).toContainText(/Đã lưu/);
  return new URL(page.url()).pathname.split('/')[4];
}

async function stats(request, code) {
  const res = await request.get('/api/v1/stats');
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  const row = body.procedures.find((p) => p.code === code);
  return row ? { viewed: row.viewed, started: row.started, submitted: row.submitted, paid: row.paid } : { viewed: 0, started: 0, submitted: 0, paid: 0 };
}

test('an assisted session keeps the citizen apart and ending it leaves nothing of them', async ({ page }) => {
  // Before the session: the device's own draft, which must survive it untouched.
  await draftWithName(page, 'Người Chủ Máy');

  await startSession(page);
  await page.goto('/ho-so-nhap');
  await expect(page.locator('#forms-root h1')).toBeVisible();
  await expect(page.locator('#forms-root')).not.toContainText('Đang tải');
  await expect(page.locator('#forms-root')).not.toContainText(HKD_NAME);

  // The citizen: a registry look-up (cached on the device), a dossier filed, a draft left.
  await fillHkdToReview(page);
  await page.locator('#submit').click();
  await expect(page).toHaveURL(DOSSIER_URL);
  const code = decodeURIComponent(page.url().match(DOSSIER_URL)[1]);
  await expect(page.locator('.assist-banner')).toBeVisible();
  await page.goto('/ho-so-cua-toi');
  await expect(page.locator('#forms-root')).toContainText(code);
  await draftWithName(page, 'Đặng Thị Riêng Tư');

  const citizen = ['Đặng Thị Riêng Tư', 'Trần Thị Bích Ngọc', 'Phở Ngọc Hà', 'Số 5 phố Huế', '02438251234', code];
  const before = await deviceDump(page);
  for (const s of citizen) expect(before, `${s} is stored during the session`).toContain(s);

  await page.goto('/ho-tro');
  await expect(page.locator('#assist-summary')).toContainText('1 hồ sơ nháp');
  await expect(page.locator('#assist-summary')).toContainText('1 hồ sơ đã nộp');
  await page.locator('#assist-end').click();
  const dialog = page.locator('#assist-end-confirm');
  await expect(dialog).toBeVisible();
  await expect(page.locator('#assist-end-cancel')).toBeFocused();
  await expect(page.locator('#assist-end-loss')).toContainText('1 hồ sơ nháp');
  await expectNoAxeViolations(page);
  await page.locator('#assist-end-off').click();
  await expect(page).toHaveURL(/\/ho-tro\?da-xoa=1$/);
  await expect(page.locator('#assist-erased')).toBeVisible();
  await expect(page.locator('.assist-banner')).toBeHidden();

  const after = await deviceDump(page);
  for (const s of citizen) expect(after, `${s} is left on the device`).not.toContain(s);
  expect(after).not.toMatch(/portal-phien-/);
  expect(after).not.toMatch(/assist-session/);
  // Only the session went: the device's own draft is still there.
  expect(after).toContain('Người Chủ Máy');
  await page.goto('/ho-so-nhap');
  await expect(page.locator('#forms-root')).toContainText(HKD_NAME);
});

test('a draft goes to the citizen’s phone by QR code, once', async ({ page, browser, baseURL }) => {
  await startSession(page);
  await draftWithName(page, 'Bùi Văn Chuyển');
  await page.goto('/ho-tro');
  await page.locator('.handoff-send').click();
  const code = (await page.locator('.handoff-code').textContent()).replace('-', '');
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  const qr = page.locator('.handoff-ready img.qr-code');
  await expect(qr).toBeVisible();
  const url = decodeQr(await qr.screenshot());
  expect(url).toBe(`${baseURL}/nhan/${code}`);
  await expect(page.locator('.handoff-url')).toHaveText(url);
  await expectNoAxeViolations(page);

  const phone = await browser.newContext();
  const p = await phone.newPage();
  await p.goto(url);
  await expect(p.locator('#receive-done')).toContainText('Đã nhận 1 hồ sơ nháp');
  await expectNoAxeViolations(p);
  await p.locator('#receive-result').getByRole('link', { name: 'Mở hồ sơ nháp' }).click();
  await expect(p).toHaveURL(/\/ho-so-nhap$/);
  await p.locator('#forms-root').getByRole('link', { name: /Tiếp tục|Hộ kinh doanh/ }).first().click();
  await expect(p.locator('#f-owner_full_name')).toHaveValue('Bùi Văn Chuyển');

  // Single use: a second phone (or the same one again) is told it has been used or expired.
  const again = await (await browser.newContext()).newPage();
  await again.goto(`/nhan/${code.toLowerCase()}`);
  await expect(again.locator('#receive-error')).toContainText(/hết hạn|đã được dùng|đã dùng/);
  // Typing a code instead of scanning goes to the same page.
  await again.locator('#receive-code').fill('zzzz-zzzz');
  await again.locator('#receive-code').press('Enter');
  await expect(again).toHaveURL(/\/nhan\/zzzzzzzz$/);
  await expect(again.locator('#receive-error')).toBeVisible();
  await phone.close();
});

test('practice mode: watermark on every page, a sample person, filed to the sandbox only, not counted', async ({ page, request }) => {
  const before = await stats(request, HKD);
  await page.goto('/ho-tro');
  await page.locator('#practice-toggle').click();
  await expect(page.locator('#practice-on-notice')).toBeVisible();
  await expect(page.locator('.practice-banner')).toContainText('BẢN THỬ');
  await page.locator('#persona-ho-kinh-doanh .persona-use').click();
  await expect(page.locator('#persona-ho-kinh-doanh .persona-use')).toHaveAttribute('aria-pressed', 'true');
  await expectNoAxeViolations(page);

  const watermark = () => page.evaluate(() => getComputedStyle(document.body, '::after').content);
  for (const path of ['/', '/thu-tuc', `/thu-tuc/${HKD}`, '/tra-cuu']) {
    await page.goto(path);
    await expect(page.locator('.practice-banner')).toBeVisible();
    expect(await watermark(), path).toContain('BẢN THỬ — không có giá trị pháp lý');
  }

  // The sample household's tax code is already in the form; its look-up fills the owner.
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('#f-owner_tax_code')).toHaveValue('0190000044');
  await fillHkdToReview(page);
  expect(await watermark()).toContain('BẢN THỬ');
  await page.locator('#submit').click();
  await expect(page).toHaveURL(DOSSIER_URL);
  const code = decodeURIComponent(page.url().match(DOSSIER_URL)[1]);

  const officer = await (await request.get('/api/v1/sandbox/officer/dossiers')).json();
  const filed = (officer.dossiers ?? officer).find((d) => d.code === code);
  expect(filed, 'the practice dossier is in the sandbox').toBeTruthy();
  expect(filed.practice).toBe(true);
  expect(await stats(request, HKD)).toEqual(before);

  // Leaving practice mode removes the mark.
  await page.goto('/ho-tro');
  await page.locator('#practice-toggle').click();
  await expect(page.locator('#practice-on-notice')).toHaveCount(0);
  await expect(page.locator('.practice-banner')).toBeHidden();
  expect(await watermark()).toBe('none');
});

test('the usage funnel counts one journey exactly once, and /thong-ke shows it', async ({ page, request }) => {
  const before = await stats(request, HKD);
  await page.goto(`/thu-tuc/${HKD}`);
  await expect(page.locator('#apply')).toBeVisible();
  // Moving about and switching language in the same visit is still one view.
  await page.locator('.breadcrumb a').click();
  await expect(page).toHaveURL(/\/thu-tuc$/);
  await page.goBack();
  await expect(page.locator('#apply')).toBeVisible();
  await page.locator('#apply').click();
  // Opening the form and leaving (here by reloading) before answering anything is not a
  // start: that empty draft was never kept, and the reload opens another.
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('button#continue')).toBeEnabled();
  await fillHkdToReview(page);
  await page.locator('#submit').click();
  await expect(page).toHaveURL(DOSSIER_URL);
  await page.locator('#pay-button').click();
  await expect(page).toHaveURL(/\/sandbox\/gateway\/pay\?/);
  await page.locator('#method-VNPAYQR').check();
  await page.locator('#outcome-success').click();
  await expect(page).toHaveURL(/\/thanh-toan\/ket-qua\?/);
  await expect(page.locator('#payment-result')).toHaveAttribute('data-state', 'paid');
  // The return page read again (a reload) verifies again but does not pay twice.
  await page.reload();
  await expect(page.locator('#payment-result')).toHaveAttribute('data-state', 'paid');

  const after = await stats(request, HKD);
  expect({
    viewed: after.viewed - before.viewed,
    started: after.started - before.started,
    submitted: after.submitted - before.submitted,
    paid: after.paid - before.paid,
  }).toEqual({ viewed: 1, started: 1, submitted: 1, paid: 1 });

  await page.goto('/thong-ke');
  const row = page.locator(`#stats-table tr[data-code="${HKD}"]`);
  await expect(row.locator('[data-event=submitted]')).toHaveText(String(after.submitted));
  await expect(row.locator('[data-event=paid]')).toHaveText(String(after.paid));
  await expect(page.locator('#stats-privacy')).toContainText('Không ghi');
  await expectNoAxeViolations(page);
});
