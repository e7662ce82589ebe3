// Filing a dossier from the app against the real server: the household-business form
// filled with the registry prefill → "Nộp hồ sơ" → receipt (code, appointment) that
// survives a reload; the same offline → "Đang chờ gửi" → back online → exactly one
// dossier; "Hồ sơ của tôi" readable offline; a supplement request answered from the app.
import { test, expect, expectNoAxeViolations } from './support/fixtures.mjs';
import { esc, fillHkdToReview, stepUrl } from './support/form.mjs';
import { HKD, PHONE, postHkd } from './support/dossiers.mjs';

// Offline is emulated with context.setOffline; the service worker would answer page loads
// from its cache, and nothing here needs it (the outbox works without it).
test.use({ serviceWorkers: 'block' });

const DOSSIER_URL = /\/ho-so\/([^/?#]+)$/;

/** The sandbox officer's list of every dossier on the server. */
async function officerList(request) {
  const res = await request.get('/api/v1/sandbox/officer/dossiers');
  expect(res.ok(), await res.text()).toBeTruthy();
  return res.json();
}

async function officerAction(request, code, action) {
  const res = await request.post(`/api/v1/sandbox/officer/dossiers/${encodeURIComponent(code)}/actions`, { data: action });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** Counts of the submission stores in this page's IndexedDB (and whether `draft` is still there). */
async function localCounts(page, draft) {
  return page.evaluate(
    (draft) =>
      new Promise((ok, fail) => {
        const req = indexedDB.open('portal');
        req.onerror = () => fail(String(req.error));
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['outbox', 'dossiers', 'drafts']);
          const out = {};
          const outbox = tx.objectStore('outbox').count();
          outbox.onsuccess = () => (out.outbox = outbox.result);
          const dossiers = tx.objectStore('dossiers').count();
          dossiers.onsuccess = () => (out.dossiers = dossiers.result);
          const d = tx.objectStore('drafts').get(draft);
          d.onsuccess = () => (out.draft = d.result !== undefined);
          tx.oncomplete = () => {
            db.close();
            ok(out);
          };
        };
      }),
    draft,
  );
}

test('submit → receipt with code and appointment → reload keeps it → "Hồ sơ của tôi", offline too', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  const before = (await officerList(request)).length;
  const draft = await fillHkdToReview(page);
  const submit = page.locator('#submit');
  // A double tap files one dossier: the button is disabled at once, and the key decides anyway.
  await submit.dblclick();
  await expect(page).toHaveURL(DOSSIER_URL);
  const code = decodeURIComponent(page.url().match(DOSSIER_URL)[1]);

  await expect(page.locator('#dossier-code')).toHaveText(code);
  await expect(page.locator('#copy-code')).toBeVisible();
  await expect(page.locator('#procedure-name')).toContainText('hộ kinh doanh');
  // The appointment date: counted in working days from the catalogue's processing time;
  // the catalogue states none for 1.001612, and the receipt then says so.
  await expect(page.locator('#due-on')).toHaveText(/^(\d{2}\/\d{2}\/\d{4}|Chưa xác định)/);
  await expect(page.locator('#received-on')).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
  await expect(page.locator('#dossier-state')).toHaveText('Đã tiếp nhận');
  await expect(page.locator('#payment')).toContainText('Lệ phí');
  await expect(page.locator('#timeline')).toContainText('Đã tiếp nhận');
  await expect(page.locator('#print')).toBeVisible();
  await expectNoAxeViolations(page);

  // Filed once; the draft and the outbox entry are gone, the receipt is on the device.
  expect((await officerList(request)).length).toBe(before + 1);
  expect(await localCounts(page, draft)).toEqual({ outbox: 0, dossiers: 1, draft: false });

  // A reload (or a bookmark) shows the same receipt.
  await page.reload();
  await expect(page.locator('#dossier-code')).toHaveText(code);
  await expect(page.locator('#refreshed')).toContainText('Cập nhật lúc');

  // "Hồ sơ của tôi" from the header.
  await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await expect(page).toHaveURL(/\/ho-so-cua-toi$/);
  const item = page.locator(`#dossier-list [data-code="${code}"]`);
  await expect(item).toContainText('Đã tiếp nhận');
  await expect(item).toContainText('Cập nhật lúc');
  await expectNoAxeViolations(page);

  // Offline: the list and the receipt still read from the device, saying how old they are.
  await context.setOffline(true);
  await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ nháp' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await expect(item).toContainText('Đã tiếp nhận');
  await item.getByRole('link').click();
  await expect(page.locator('#dossier-code')).toHaveText(code);
  await expect(page.locator('#refreshed')).toContainText('Không kết nối được');
  await context.setOffline(false);
});

test('offline submit waits in the outbox as "Đang chờ gửi", and is filed exactly once when back online', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  const draft = await fillHkdToReview(page);
  const before = (await officerList(request)).length;

  await context.setOffline(true);
  await page.locator('#submit').click();
  const status = page.locator('#outbox-status');
  await expect(status).toContainText('Đang chờ gửi');
  // A state, not an error.
  await expect(page.locator('#submit-error')).toHaveCount(0);
  await expect(page).toHaveURL(stepUrl('kiem-tra'));
  expect((await localCounts(page, draft)).outbox).toBe(1);
  await expectNoAxeViolations(page);

  // The drafts list says so too.
  await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ nháp' }).click();
  await expect(page.locator(`[data-draft="${draft}"] .outbox-status`)).toContainText('Đang chờ gửi');
  await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await expect(page.locator(`#queued-list [data-draft="${draft}"]`)).toContainText('Đang chờ gửi');

  // Back online: the worker sends it (the `online` event, or its back-off timer).
  await context.setOffline(false);
  await expect(page.locator('#queued-list')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('#dossier-list .dossier-item')).toHaveCount(1);
  expect(await localCounts(page, draft)).toEqual({ outbox: 0, dossiers: 1, draft: false });
  const after = await officerList(request);
  expect(after.length).toBe(before + 1);
  const code = await page.locator('#dossier-list .dossier-item').getAttribute('data-code');
  expect(after.filter((d) => d.code === code)).toHaveLength(1);

  // A reload at app start finds nothing left to send, and files nothing more.
  await page.reload();
  await expect(page.locator('#dossier-list .dossier-item')).toHaveCount(1);
  expect((await officerList(request)).length).toBe(before + 1);
});

test('a supplement request is answered from the app and the dossier goes back to processing', async ({ page, request }) => {
  test.setTimeout(120_000);
  // Filed through the API, brought onto this device with the look-up (code + phone).
  const filed = await postHkd(request);
  expect(filed.status(), await filed.text()).toBe(201);
  const { code } = await filed.json();
  await officerAction(request, code, { action: 'start_processing' });
  const note = 'Bổ sung bản sao hợp đồng thuê địa điểm kinh doanh.';
  await officerAction(request, code, { action: 'request_supplement', note });

  await page.goto(`/tra-cuu?ma=${encodeURIComponent(code)}`);
  await page.locator('#lookup-phone').fill(PHONE);
  await page.locator('#lookup-submit').click();
  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(code)}$`));
  await expect(page.locator('#dossier-state')).toHaveText('Yêu cầu bổ sung');
  await expect(page.locator('#supplement-note')).toHaveText(note);
  await expect(page.locator('#timeline')).toContainText(note);
  await expectNoAxeViolations(page);

  await page.locator('#start-supplement').click();
  await expect(page).toHaveURL(stepUrl('kiem-tra'));
  await expect(page.locator('#forms-root')).toContainText(`Bạn đang bổ sung hồ sơ ${code}`);
  // Correct an answer, as the officer asked, and send.
  const row = page.locator('.summary-list .summary-row', { has: page.locator('dt', { hasText: 'Tên hộ kinh doanh viết bằng tiếng Việt' }) }).first();
  await row.getByRole('link', { name: /Thay đổi/ }).click();
  await page.locator('#f-business_name').fill('Hộ kinh doanh An Phát Đạt');
  await page.locator('button#continue').click();
  await expect(page).toHaveURL(stepUrl('kiem-tra'));
  await page.getByRole('button', { name: 'Gửi bổ sung' }).click();

  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(code)}$`));
  await expect(page.locator('#dossier-state')).toHaveText('Đang xử lý');
  await expect(page.locator('#supplement')).toHaveCount(0);
  const status = await (await request.get('/api/v1/sandbox/officer/dossiers')).json();
  expect(status.find((d) => d.code === code).state.state).toBe('processing');
});

test('a refusal (422 with fields) goes back to the draft: messages on the fields and in the summary, nothing queued', async ({ page }) => {
  test.setTimeout(120_000);
  const draft = await fillHkdToReview(page);
  // The server's own check would agree with the phone's; a refusal is staged here.
  await page.route('**/api/v1/dossiers', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({
        error: {
          code: 'validation_failed',
          message_vi: 'Hồ sơ có thông tin chưa hợp lệ.',
          message_en: 'Some answers are not valid.',
          fields: [
            {
              path: 'business_name',
              code: 'pattern',
              message_vi: 'Tên hộ kinh doanh đã được đăng ký trên địa bàn.',
              message_en: 'This business name is already registered here.',
            },
          ],
        },
      }),
    }),
  );
  await page.locator('#submit').click();
  const summary = page.locator('#submit-error');
  await expect(summary).toContainText('Hồ sơ chưa được tiếp nhận');
  await expect(summary).toContainText('Tên hộ kinh doanh đã được đăng ký trên địa bàn.');
  await expect(page.locator('#outbox-status')).toHaveCount(0);
  // The draft stays (its autosave may still be landing: poll).
  await expect.poll(() => localCounts(page, draft)).toEqual({ outbox: 0, dossiers: 0, draft: true });
  await expectNoAxeViolations(page);

  // The link goes to the question, with the server's message beside it.
  await summary.getByRole('link', { name: 'Tên hộ kinh doanh đã được đăng ký trên địa bàn.' }).click();
  await expect(page).toHaveURL(stepUrl('business'));
  await expect(page.locator('.form-group', { has: page.locator('#f-business_name') }).last()).toContainText(
    'Tên hộ kinh doanh đã được đăng ký trên địa bàn.',
  );
});

test('the whole journey: filed from the wizard, paid, processed by the officer, result downloaded', async ({ page, request }) => {
  test.setTimeout(150_000);
  await fillHkdToReview(page);
  await page.locator('#submit').click();
  await expect(page).toHaveURL(DOSSIER_URL);
  const code = decodeURIComponent(page.url().match(DOSSIER_URL)[1]);
  await expect(page.locator('#payment-state')).toHaveAttribute('data-state', 'unpaid');

  // Pay by domestic card on the sandbox gateway; the return page shows the verified result.
  await page.locator('#pay-button').click();
  await expect(page).toHaveURL(/\/sandbox\/gateway\/pay\?/);
  await page.locator('#method-ATM').check();
  await page.locator('#outcome-success').click();
  await expect(page).toHaveURL(/\/thanh-toan\/ket-qua\?/);
  await expect(page.locator('#payment-result')).toHaveAttribute('data-state', 'paid');

  // The agency takes it up and decides; the citizen's status page follows.
  await officerAction(request, code, { action: 'start_processing' });
  await officerAction(request, code, { action: 'attach_result' });
  await page.goto(`/ho-so/${code}`);
  await expect(page.locator('#dossier-state')).toHaveText('Đã có kết quả');
  await expect(page.locator('#payment-state')).toHaveAttribute('data-state', 'paid');
  const steps = page.locator('#timeline li');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText('Đã tiếp nhận');
  await expect(steps.nth(1)).toContainText('Đang xử lý');
  await expect(steps.nth(2)).toContainText('Đã có kết quả');
  await expectNoAxeViolations(page);

  const href = await page.locator('#result-link').getAttribute('href');
  const result = await request.get(href);
  expect(result.status()).toBe(200);
  expect(await result.text()).toContain(code);

  // Returned: the last state, reached in the app after a refresh.
  await officerAction(request, code, { action: 'return_result' });
  await page.reload();
  await expect(page.locator('#dossier-state')).toHaveText('Đã trả kết quả');
  await expect(steps).toHaveCount(4);
});
