// Fee payment hand-off and the look-up by code + phone, against the real server and its
// sandbox gateway: pay (success) → verified return page → biên lai; cancel → retry pays;
// a tab closed on the gateway page is reconciled from IndexedDB on the next start; a
// forged return URL never shows "paid"; a wrong phone gets the neutral answer; 429 says
// how long to wait.
//
// Dossiers are filed through the API (the wizard has its own spec) and brought into the
// app the way a person on another device would: /tra-cuu with the code and phone.
import { test, expect, expectNoAxeViolations } from './support/fixtures.mjs';
import { startServer } from './support/server.mjs';
import { HKD, PHONE, postHkd } from './support/dossiers.mjs';

// Request interception and IndexedDB reads see the page's own requests only without the
// service worker; nothing here needs it.
test.use({ serviceWorkers: 'block' });

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Files a 1.001612 dossier through the API; returns its receipt. */
async function fileHkd(request) {
  const res = await postHkd(request);
  expect(res.status(), await res.text()).toBe(201);
  const receipt = await res.json();
  expect(receipt.fee_total_vnd).toBe(150000);
  return receipt;
}

/** Brings the dossier into the app with /tra-cuu (code prefilled from ?ma=) and the phone. */
async function lookUp(page, code, phone = PHONE) {
  await page.goto(`/tra-cuu?ma=${encodeURIComponent(code)}`);
  await expect(page.locator('#lookup-code')).toHaveValue(code);
  await page.locator('#lookup-phone').fill(phone);
  await page.locator('#lookup-submit').click();
}

async function openDossier(page, code) {
  await lookUp(page, code);
  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(code)}$`));
  await expect(page.locator('#payment')).toBeVisible();
}

/** "Thanh toán trực tuyến" / "Thanh toán lại" → the sandbox gateway's page. */
async function toGateway(page) {
  await page.locator('#pay-button').click();
  await expect(page).toHaveURL(/\/sandbox\/gateway\/pay\?/);
  await expect(page.locator('#amount')).toContainText('150.000');
  return (await page.locator('#txn-ref').textContent()).trim();
}

async function payOnGateway(page, { method = 'VNPAYQR', outcome = 'success' } = {}) {
  await page.locator(`#method-${method}`).check();
  await page.locator(`#outcome-${outcome}`).click();
  await expect(page).toHaveURL(/\/thanh-toan\/ket-qua\?/);
}

/** This device's payment records (IndexedDB `payments`), each with its parsed last status. */
async function paymentRecords(page) {
  return page.evaluate(
    () =>
      new Promise((ok) => {
        const req = indexedDB.open('portal');
        req.onupgradeneeded = () => req.transaction.abort();
        req.onerror = () => ok([]);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('payments')) {
            db.close();
            return ok([]);
          }
          const all = db.transaction('payments').objectStore('payments').getAll();
          all.onsuccess = () => {
            db.close();
            ok(all.result.map((r) => ({ ...r, last: r.status ? JSON.parse(r.status) : null })));
          };
          all.onerror = () => ok([]);
        };
      }),
  );
}

test('pay the fee (bank QR) → verified result → biên lai; a paid dossier cannot be paid again', async ({ page, request }) => {
  const receipt = await fileHkd(request);
  await openDossier(page, receipt.code);
  const panel = page.locator('#payment');
  await expect(panel.locator('.fee-lines')).toContainText('Lệ phí');
  await expect(panel.locator('#fee-total')).toHaveText('150.000 ₫');
  await expect(page.locator('#payment-state')).toHaveAttribute('data-state', 'unpaid');
  await expect(page.locator('#pay-button')).toHaveText('Thanh toán trực tuyến');
  await expectNoAxeViolations(page);

  const txn = await toGateway(page);
  // Recorded on the device before leaving for the gateway.
  expect((await paymentRecords(page)).map((r) => r.txn_ref)).toContain(txn);
  await payOnGateway(page, { method: 'VNPAYQR', outcome: 'success' });

  const result = page.locator('#payment-result');
  await expect(result).toHaveAttribute('data-state', 'paid');
  await expect(result).toContainText('150.000 ₫');
  await expect(result).toContainText(receipt.code);
  await expectNoAxeViolations(page);
  await expect.poll(async () => (await paymentRecords(page)).find((r) => r.txn_ref === txn)?.last?.status).toBe('paid');

  await page.locator('#receipt-link').click();
  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(receipt.code)}/bien-lai/${esc(txn)}$`));
  await expect(page.locator('#receipt-title')).toHaveText('Biên lai thu phí, lệ phí điện tử');
  await expect(page.locator('#receipt-txn-ref')).toHaveText(txn);
  await expect(page.locator('#receipt-dossier')).toHaveText(receipt.code);
  await expect(page.locator('#receipt-procedure')).toHaveText(receipt.procedure_name);
  await expect(page.locator('#receipt-method')).toHaveText('QR ngân hàng');
  await expect(page.locator('#receipt-bank')).toHaveText('VNPAYQR');
  await expect(page.locator('#receipt-gateway-no')).not.toHaveText('—');
  await expect(page.locator('#receipt-amount')).toHaveText('150.000 ₫');
  await expect(page.locator('#receipt .fee-lines')).toContainText('Lệ phí');
  await expect(page.locator('#print-receipt')).toBeVisible();
  await expectNoAxeViolations(page);
  // The print view leaves out the portal's header and the buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#print-receipt')).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('#receipt')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Back on the status page: paid, a receipt link, no pay button.
  await page.goto(`/ho-so/${receipt.code}`);
  await expect(page.locator('#payment-state')).toHaveAttribute('data-state', 'paid');
  await expect(page.locator('#payment-state')).toContainText('Đã thanh toán');
  await expect(page.locator('#receipt-link')).toBeVisible();
  await expect(page.locator('#pay-button')).toHaveCount(0);
  // And the server refuses a second payment anyway.
  const again = await request.post(`/api/v1/dossiers/${receipt.code}/payments`, {
    headers: { 'X-Dossier-Key': receipt.access_key },
    data: { return_path: '/thanh-toan/ket-qua' },
  });
  expect(again.status()).toBe(409);
});

test('a cancelled payment shows why and can be paid again', async ({ page, request }) => {
  const receipt = await fileHkd(request);
  await openDossier(page, receipt.code);
  const first = await toGateway(page);
  await payOnGateway(page, { method: 'ATM', outcome: 'cancel' });
  await expect(page.locator('#payment-result')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.locator('#receipt-link')).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.locator('#back-to-dossier').click();
  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(receipt.code)}$`));
  await expect(page.locator('#payment-state')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.locator('#pay-button')).toHaveText('Thanh toán lại');

  const second = await toGateway(page);
  expect(second).not.toBe(first);
  await payOnGateway(page, { method: 'VNPAYEWALLET', outcome: 'success' });
  await expect(page.locator('#payment-result')).toHaveAttribute('data-state', 'paid');
  await page.locator('#receipt-link').click();
  await expect(page.locator('#receipt-method')).toHaveText('Ví điện tử');
});

test('a tab closed on the gateway page is reconciled on the next start; a forged return never says paid', async ({ page, context, request }) => {
  const receipt = await fileHkd(request);
  await openDossier(page, receipt.code);
  const txn = await toGateway(page);
  // The payer closes the tab on the gateway page (the "timeout" outcome): nothing is sent.
  await page.close();

  const next = await context.newPage();
  // A hand-made return URL claiming success: the page asks the server, which says pending.
  await next.goto(`/thanh-toan/ket-qua?vnp_TxnRef=${txn}&vnp_ResponseCode=00&vnp_TransactionStatus=00&vnp_Amount=15000000`);
  await expect(next.locator('#payment-result')).toHaveAttribute('data-state', 'pending', { timeout: 30_000 });
  await expect(next.locator('#receipt-link')).toHaveCount(0);

  // Reopening the app: the unsettled record is checked with the server, and the status
  // page says it is still waiting, with "Thanh toán lại".
  await next.goto(`/ho-so/${receipt.code}`);
  await expect(next.locator('#payment-state')).toHaveAttribute('data-state', /pending|expired/);
  await expect(next.locator('#pay-button')).toHaveText('Thanh toán lại');
  await expect.poll(async () => (await paymentRecords(next)).find((r) => r.txn_ref === txn)?.last?.status).toMatch(/pending|expired/);
  await expectNoAxeViolations(next);

  // A receipt cannot be printed for it.
  await next.goto(`/ho-so/${receipt.code}/bien-lai/${txn}`);
  await expect(next.locator('#receipt-missing')).toBeVisible();
  await expect(next.locator('#receipt')).toHaveCount(0);
});

test('/tra-cuu: checked before sending; a wrong phone gets the neutral answer', async ({ page, request }) => {
  const receipt = await fileHkd(request);
  const lookups = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/dossiers/lookup')) lookups.push(r);
  });
  await page.goto('/tra-cuu');
  await expect(page.locator('#forms-root h1')).toHaveText('Tra cứu hồ sơ');
  await expectNoAxeViolations(page);

  // Both missing: two specific messages, focus on the summary, no request.
  await page.locator('#lookup-submit').click();
  await expect(page.locator('#lookup-errors')).toBeFocused();
  await expect(page.locator('#lookup-code-error')).toHaveText('Chưa nhập mã hồ sơ');
  await expect(page.locator('#lookup-phone-error')).toContainText('Nhập số điện thoại');
  // A mistyped code (check characters) and a phone that is no number: still no request.
  const typo = receipt.code.slice(0, -1) + (receipt.code.endsWith('A') ? 'B' : 'A');
  await page.locator('#lookup-code').fill(typo);
  await page.locator('#lookup-phone').fill('12');
  await page.locator('#lookup-submit').click();
  await expect(page.locator('#lookup-code-error')).toContainText('nhập sai');
  await expect(page.locator('#lookup-phone-error')).toContainText('không đúng');
  await expectNoAxeViolations(page);
  expect(lookups).toHaveLength(0);

  await page.locator('#lookup-code').fill(receipt.code);
  await page.locator('#lookup-phone').fill('0987654321');
  await page.locator('#lookup-submit').click();
  const neutral = 'Không tìm thấy hồ sơ với mã hồ sơ và số điện thoại này. Hãy kiểm tra lại cả hai.';
  await expect(page.locator('#lookup-outcome')).toHaveText(neutral);
  await expect(page).toHaveURL(/\/tra-cuu/);
  expect(lookups).toHaveLength(1);
  // The server's answer is the same 404 as for a code it does not have.
  const wrong = await request.post('/api/v1/dossiers/lookup', { data: { code: receipt.code, phone: '0987654321' } });
  expect(wrong.status()).toBe(404);

  // The right pair opens the dossier.
  await page.locator('#lookup-phone').fill('+84 912 345 678');
  await page.locator('#lookup-submit').click();
  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(receipt.code)}$`));
});

test('/tra-cuu: rate-limited look-ups say how long to wait', async ({ browser }) => {
  const server = await startServer({ env: { PORTAL_LOOKUP_RATE: '1' } });
  try {
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'block', locale: 'vi-VN' });
    const receipt = await fileHkd(context.request);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await lookUp(page, receipt.code, '0987654321');
    await expect(page.locator('#lookup-outcome')).toContainText('Không tìm thấy');
    await page.locator('#lookup-submit').click();
    await expect(page.locator('#lookup-outcome')).toHaveText(/Vui lòng đợi \d+ giây rồi thử lại/);
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.stop();
    server.cleanup();
  }
});
