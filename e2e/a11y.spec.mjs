// WCAG 2.2 AA, proven page by page: every route and state of the portal is checked with
// axe-core (WCAG 2.0/2.1/2.2 A and AA rules) at 360 px and 1280 px, for reflow (no
// horizontal scroll at 320 px, nor at 640 px = 1280 px at 200 % zoom), for target size
// (2.5.8, 24 × 24 px, links inside a sentence excepted) and for reduced motion; the
// large-text setting; and the focus moves of the form pages (step heading, error summary,
// dialogs that keep focus and give it back, errors tied to their fields).
// See docs/accessibility.md for what this does not cover.
import { test, expect, waitForCatalogue } from './support/fixtures.mjs';
import { fillAddress } from './support/form.mjs';
import { HKD, PHONE, postHkd } from './support/dossiers.mjs';
import { auditState, horizontalOverflow, smallTargets, PHONE as PHONE_VIEWPORT } from './support/a11y.mjs';

// Offline is emulated with context.setOffline, and IndexedDB is read directly: without the
// service worker the page sees the network the test sets. pwa.spec covers the worker.
test.use({ serviceWorkers: 'block' });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const stepUrl = (step) => new RegExp(`/thu-tuc/${esc(HKD)}/nop-ho-so/${UUID}/${esc(step)}(\\?.*)?$`);

/** The id of the focused element (or its tag when it has none). */
const focusedId = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

async function continueTo(page, step) {
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toHaveCount(0);
  await expect(page).toHaveURL(stepUrl(step));
  await expect(page.locator('#forms-root h1')).toBeVisible();
}

async function officerAction(request, code, action) {
  const res = await request.post(`/api/v1/sandbox/officer/dossiers/${encodeURIComponent(code)}/actions`, { data: action });
  expect(res.status(), await res.text()).toBe(200);
}

async function fileHkd(request) {
  const res = await postHkd(request);
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** Brings a dossier filed through the API onto this device with /tra-cuu. */
async function lookUp(page, code) {
  await page.goto(`/tra-cuu?ma=${encodeURIComponent(code)}`);
  await expect(page.locator('#lookup-code')).toHaveValue(code);
  await page.locator('#lookup-phone').fill(PHONE);
  await page.locator('#lookup-submit').click();
  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(code)}$`));
  await expect(page.locator('#dossier-state')).toBeVisible();
}

/**
 * Every field shown with an error: the control says it is invalid (aria-invalid; radios
 * cannot carry it, their fieldset is described instead) and is described by the error's text.
 */
async function errorsTiedToFields(page) {
  return page.evaluate(() => {
    const problems = [];
    const groups = [...document.querySelectorAll('.form-group-error')];
    if (groups.length === 0) problems.push('no field shows an error');
    for (const g of groups) {
      const msg = [...g.querySelectorAll('.error-message[id]')].find((m) => m.closest('.form-group') === g);
      if (!msg) {
        problems.push(`${g.textContent.slice(0, 40)}: no error message with an id`);
        continue;
      }
      const describedBy = (el) => (el.getAttribute('aria-describedby') || '').split(/\s+/).includes(msg.id);
      const own = [...g.querySelectorAll('input, select, textarea, fieldset')].filter(
        (c) => c.closest('.form-group') === g && c.type !== 'hidden',
      );
      const fieldset = own.find((c) => c.tagName === 'FIELDSET');
      for (const c of own.filter((c) => c.tagName !== 'FIELDSET')) {
        const name = `#${c.id || c.name}`;
        if (!describedBy(c) && !(fieldset && describedBy(fieldset))) problems.push(`${name} is not described by #${msg.id}`);
        if (c.type !== 'radio' && !c.disabled && c.getAttribute('aria-invalid') !== 'true') problems.push(`${name} has no aria-invalid`);
      }
    }
    return problems;
  });
}

test('catalogue pages: home, search, no results, filters, detail, unknown procedure, 404, offline', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.locator('main h1')).toBeVisible();
  await auditState(page, 'home');

  await page.goto('/thu-tuc');
  await waitForCatalogue(page);
  await auditState(page, 'catalogue, no query');

  await page.locator('input#search').fill('ho kinh doanh');
  await expect(page.locator('ul#results > li').first()).toBeVisible();
  await auditState(page, 'catalogue, with a query');

  await page.locator('input#search').fill('zzqxw khong co thu tuc nay');
  await expect(page.locator('ul#results > li')).toHaveCount(0);
  await expect(page.locator('main .notice')).toBeVisible();
  await auditState(page, 'catalogue, no results');

  await page.goto('/thu-tuc');
  await waitForCatalogue(page);
  await page.locator('select#filter-level').selectOption('commune');
  await page.locator('select#filter-fee').selectOption('free');
  await expect(page).toHaveURL(/\?.+/);
  await expect(page.locator('ul#results > li').first()).toBeVisible();
  await auditState(page, 'catalogue, filters chosen');

  await page.goto(`/thu-tuc/${HKD}`);
  await expect(page.locator('section#documents')).toBeVisible();
  await auditState(page, 'procedure detail');

  await page.goto('/thu-tuc/9.999999');
  await expect(page.locator('h1')).toContainText(/Không tìm thấy/i);
  await auditState(page, 'unknown procedure');

  await page.goto('/khong-co-trang-nay');
  await expect(page.locator('h1')).toContainText(/Không tìm thấy/i);
  await auditState(page, '404');

  // The offline notice, on a shell page and on a form page.
  await page.goto('/');
  await expect(page.locator('main h1')).toBeVisible();
  await context.setOffline(true);
  await expect(page.locator('.offline-notice')).toBeVisible();
  await auditState(page, 'home, offline notice');
  await context.setOffline(false);
  await expect(page.locator('.offline-notice')).toBeHidden();
});

test('English: home, catalogue, detail, a form step with errors, look-up, data on this device', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.locator('button#lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await auditState(page, 'home (en)');

  await page.goto('/thu-tuc?q=birth');
  await waitForCatalogue(page);
  await auditState(page, 'catalogue (en)');

  await page.goto(`/thu-tuc/${HKD}`);
  await expect(page.locator('section#documents')).toBeVisible();
  await auditState(page, 'procedure detail (en)');

  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('button#continue')).toBeEnabled();
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await auditState(page, 'form step with errors (en)');

  await page.goto('/tra-cuu');
  await expect(page.locator('#lookup-submit')).toBeVisible();
  await auditState(page, 'look-up (en)');

  await page.goto('/du-lieu');
  await expect(page.locator('#wipe-start')).toBeVisible();
  await auditState(page, 'data on this device (en)');
});

test('the household-business form, step by step, to the receipt, "my dossiers" and drafts', async ({ page, context }) => {
  test.setTimeout(240_000);
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('button#continue')).toBeEnabled();
  await auditState(page, 'form, first step empty');

  // Registry prefill (as in forms.spec): the card, then the prefilled, locked fields.
  await page.locator('#f-owner_tax_code').fill('0190000044');
  await page.locator('.registry').getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.locator('.registry-card')).toContainText('Trần Thị Bích Ngọc');
  await auditState(page, 'form, registry answer shown');
  await page.locator('#use-registry').click();
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Trần Thị Bích Ngọc');
  await expect(page.locator('#f-owner_full_name')).toHaveAttribute('readonly', '');
  await auditState(page, 'form, registry prefill applied');

  // The offline notice over a form.
  await context.setOffline(true);
  await expect(page.locator('.offline-notice')).toBeVisible();
  await auditState(page, 'form step, offline notice');
  await context.setOffline(false);
  await expect(page.locator('.offline-notice')).toBeHidden();

  await continueTo(page, 'business');
  // A failed "Tiếp tục": summary and an error beside each field.
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('.form-group-error').first()).toBeVisible();
  await auditState(page, 'form step after a failed "Tiếp tục"');

  await page.locator('#f-business_name').fill('Hộ kinh doanh Phở Ngọc Hà');
  await fillAddress(page, 'head_office_address', { province: 1, ward: 235, street: 'Số 5 phố Huế' });
  await page.locator('#f-no_fixed_premises-no').check();
  await page.locator('#f-business_phone').fill('02438251234');
  await page.locator('#f-business_lines').getByRole('button', { name: 'Thêm', exact: true }).click();
  await page.locator('#f-business_lines-0-code').fill('5610');
  await page.locator('#f-business_lines-0-name').fill('Nhà hàng và các dịch vụ ăn uống phục vụ lưu động');
  await page.locator('#f-business_lines-0-is_main').check();
  await page.locator('#f-capital').fill('150000000');
  await auditState(page, 'form step filled, with a repeatable group');
  await continueTo(page, 'tax');
  await page.locator('#f-employees').fill('3');
  await page.locator('input[type=radio][name=vat_method][value=khoan]').check();
  await continueTo(page, 'founders');
  await page.locator('input[type=radio][name=founder_type][value=individual]').check();
  await continueTo(page, 'documents');
  await page.locator('input[type=radio][name=submitted_by][value=owner]').check();
  await continueTo(page, 'confirm');
  for (const id of ['commit_data_sharing', 'commit_eligibility', 'commit_premises', 'declaration']) {
    await page.locator(`input[type=checkbox]#f-${id}`).check();
  }
  await continueTo(page, 'kiem-tra');
  await expect(page.getByRole('heading', { name: 'Sẵn sàng nộp hồ sơ' })).toBeVisible();
  await auditState(page, 'review');

  // Drafts, while this one is still a draft; and the start page that offers it.
  await page.goto('/ho-so-nhap');
  const item = page.locator('#draft-list > li.draft').first();
  await expect(item).toBeVisible();
  await auditState(page, 'drafts');
  await item.getByRole('button', { name: 'Xoá', exact: true }).click();
  await expect(item.locator('[role=alertdialog]')).toBeVisible();
  await auditState(page, 'drafts, delete confirmation');
  await item.getByRole('button', { name: 'Huỷ' }).click();
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page.locator('#start-new')).toBeVisible();
  await auditState(page, 'form start with a draft to resume');

  await page.goto('/ho-so-nhap');
  await item.getByRole('link', { name: 'Tiếp tục khai' }).click();
  await expect(page).toHaveURL(stepUrl('kiem-tra'));
  await page.locator('#submit').click();
  await expect(page).toHaveURL(/\/ho-so\/[^/]+$/);
  await expect(page.locator('#dossier-code')).toBeVisible();
  await expect(page.locator('#timeline')).toBeVisible();
  await auditState(page, 'receipt after submit');

  await page.goto('/ho-so-cua-toi');
  await expect(page.locator('#dossier-list .dossier-item')).toHaveCount(1);
  await auditState(page, 'my dossiers');

  await page.goto('/ho-so-nhap');
  await expect(page.locator('#no-drafts')).toBeVisible();
  await auditState(page, 'drafts, none');
});

test('look-up, dossier status with a supplement request, payment result and biên lai', async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.goto('/ho-so-cua-toi');
  await expect(page.locator('#no-dossiers')).toBeVisible();
  await auditState(page, 'my dossiers, none');

  await page.goto('/tra-cuu');
  await expect(page.locator('#lookup-submit')).toBeVisible();
  await auditState(page, 'look-up, empty');
  await page.locator('#lookup-submit').click();
  await expect(page.locator('#lookup-errors')).toBeFocused();
  await auditState(page, 'look-up, errors');
  expect(await errorsTiedToLookup(page)).toEqual([]);

  const receipt = await fileHkd(request);
  await page.locator('#lookup-code').fill(receipt.code);
  await page.locator('#lookup-phone').fill('0987654321');
  await page.locator('#lookup-submit').click();
  await expect(page.locator('#lookup-outcome')).toBeVisible();
  await expect(page.locator('#lookup-outcome')).toBeFocused();
  await auditState(page, 'look-up, not found');

  // A supplement request on the status page.
  await officerAction(request, receipt.code, { action: 'start_processing' });
  await officerAction(request, receipt.code, { action: 'request_supplement', note: 'Bổ sung bản sao hợp đồng thuê địa điểm.' });
  await lookUp(page, receipt.code);
  await expect(page.locator('#supplement')).toBeVisible();
  await auditState(page, 'dossier status, supplement requested');

  // Payment: gateway (the server's sandbox page, not the app), then the app's result and receipt.
  const paid = await fileHkd(request);
  await lookUp(page, paid.code);
  await expect(page.locator('#pay-button')).toBeVisible();
  await auditState(page, 'dossier status, fee to pay');
  await page.locator('#pay-button').click();
  await expect(page).toHaveURL(/\/sandbox\/gateway\/pay\?/);
  await page.locator('#method-VNPAYQR').check();
  await page.locator('#outcome-success').click();
  await expect(page).toHaveURL(/\/thanh-toan\/ket-qua\?/);
  await expect(page.locator('#payment-result')).toHaveAttribute('data-state', 'paid');
  await auditState(page, 'payment result');
  await page.locator('#receipt-link').click();
  await expect(page.locator('#receipt-title')).toBeVisible();
  await auditState(page, 'biên lai');
});

/** The look-up form's fields in error: aria-invalid and described by their message. */
async function errorsTiedToLookup(page) {
  return page.evaluate(() => {
    const problems = [];
    for (const id of ['lookup-code', 'lookup-phone']) {
      const el = document.getElementById(id);
      const err = document.getElementById(`${id}-error`);
      if (!err) problems.push(`#${id}-error missing`);
      if (el.getAttribute('aria-invalid') !== 'true') problems.push(`#${id} has no aria-invalid`);
      if (!(el.getAttribute('aria-describedby') || '').split(/\s+/).includes(`${id}-error`)) problems.push(`#${id} not described by its error`);
    }
    return problems;
  });
}

test('data on this device: the page and the wipe confirmation, which keeps focus and gives it back', async ({ page }) => {
  await page.goto('/du-lieu');
  const start = page.locator('#wipe-start');
  await expect(start).toBeVisible();
  await auditState(page, 'data on this device');

  await start.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('#wipe-confirm');
  await expect(dialog).toBeVisible();
  // The safe choice first.
  await expect(page.locator('#wipe-cancel')).toBeFocused();
  await auditState(page, 'wipe confirmation');
  // Focus stays inside: Tab past the last button comes back to the first, Shift+Tab too.
  const inside = () => page.evaluate(() => !!document.activeElement?.closest('#wipe-confirm'));
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await inside(), `Tab ${i + 1} stays in the dialog`).toBe(true);
  }
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inside(), `Shift+Tab ${i + 1} stays in the dialog`).toBe(true);
  }
  // Escape closes it and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(start).toBeFocused();
  // So does "Huỷ".
  await page.keyboard.press('Enter');
  await expect(page.locator('#wipe-cancel')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(start).toBeFocused();
});

test('focus on the form pages: step heading, error summary, errors tied to fields, the delete dialog', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('button#continue')).toBeEnabled();

  // A failed "Tiếp tục": focus on the summary; each field in error is marked and described.
  await page.locator('#f-owner_date_of_birth').fill('31/02/1988');
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toBeFocused();
  expect(await errorsTiedToFields(page)).toEqual([]);
  // The summary's link goes to the field.
  await page.locator('#error-summary a[href="#f-owner_date_of_birth"]').click();
  await expect(page.locator('#f-owner_date_of_birth')).toBeFocused();

  await page.locator('#f-owner_full_name').fill('Nguyễn Văn Bình');
  await page.locator('#f-owner_date_of_birth').fill('15/06/1988');
  await page.locator('input[type=radio][name=owner_sex][value=male]').check();
  await page.locator('#f-owner_cccd').fill('001088012345');
  // The next step: focus on its heading, so a screen reader starts there.
  await page.locator('button#continue').click();
  await expect(page).toHaveURL(stepUrl('business'));
  const heading = page.locator('#forms-root h1');
  await expect(heading).toBeFocused();
  await expect(heading).toHaveText(await heading.textContent());
  // A failed step with a select, an address and radios in error too.
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toBeFocused();
  expect(await errorsTiedToFields(page)).toEqual([]);
  // Back: the previous step's heading.
  await page.locator('.back-link').click();
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('#forms-root h1')).toBeFocused();

  // The delete confirmation of a draft: focus moves in, stays in, and comes back.
  await page.getByRole('link', { name: 'Lưu và thoát' }).click();
  await expect(page).toHaveURL(/\/ho-so-nhap$/);
  const item = page.locator('#draft-list > li.draft').first();
  const del = item.getByRole('button', { name: 'Xoá', exact: true });
  await del.focus();
  await page.keyboard.press('Enter');
  const dialog = item.locator('[role=alertdialog]');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  const inside = () => page.evaluate(() => !!document.activeElement?.closest('[role=alertdialog]'));
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    expect(await inside()).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await inside()).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(item.getByRole('button', { name: 'Xoá', exact: true })).toBeFocused();
  expect(await focusedId(page)).not.toBe('main');
});

test('assisted mode, practice mode, statistics, accessibility statement, printable guide', async ({ page }) => {
  test.setTimeout(120_000);
  for (const [path, label] of [
    ['/ho-tro', 'assisted mode'],
    ['/thong-ke', 'usage statistics'],
    ['/tiep-can', 'accessibility statement'],
    [`/thu-tuc/${HKD}/huong-dan`, 'printable guide'],
  ]) {
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await auditState(page, label);
  }
  // Practice mode: its banner on every page (and the watermark, drawn by CSS).
  await page.evaluate(() => localStorage.setItem('practice', '1'));
  await page.goto('/');
  await expect(page.locator('.practice-banner')).toBeVisible();
  await auditState(page, 'home, practice mode');
  await page.evaluate(() => localStorage.removeItem('practice'));
});

test('large text: remembered on the device, applied before the app draws, and still no sideways scroll', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(page.locator('main h1')).toBeVisible();
  const toggle = page.locator('button#text-size');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await rootSize();
  expect(normal).toBe(16);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/(^|\s)text-large(\s|$)/);
  expect(await rootSize()).toBeGreaterThanOrEqual(20);
  expect(await page.evaluate(() => localStorage.getItem('text-size'))).toBe('large');

  // After a reload it is set before the WASM runs: the boot script applies it.
  await page.reload();
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/(^|\s)text-large(\s|$)/);
  await expect(page.locator('button#text-size')).toHaveAttribute('aria-pressed', 'true');
  expect(await rootSize()).toBeGreaterThanOrEqual(20);

  // In English the button keeps its state and says "Large text".
  await page.locator('button#lang-toggle').click();
  await expect(page.locator('button#text-size')).toHaveText('Large text');
  await expect(page.locator('button#text-size')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('button#lang-toggle').click();

  // Large text at 320 px (and at 640 px): nothing scrolls sideways, targets stay big enough.
  const pages = [
    ['/', 'main h1'],
    ['/thu-tuc?q=ho%20kinh%20doanh', 'ul#results > li'],
    [`/thu-tuc/${HKD}`, 'section#documents'],
    [`/thu-tuc/${HKD}/nop-ho-so`, 'button#continue'],
    ['/tra-cuu', '#lookup-submit'],
    ['/ho-so-nhap', 'main h1'],
    ['/du-lieu', '#wipe-start'],
  ];
  const problems = {};
  for (const [path, ready] of pages) {
    await page.goto(path);
    await expect(page.locator(ready).first()).toBeVisible();
    if (path.includes('nop-ho-so')) {
      await page.locator('button#continue').click();
      await expect(page.locator('#error-summary')).toBeVisible();
    }
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: 780 });
      const overflow = await horizontalOverflow(page);
      if (overflow.length) problems[`${path} at ${width}px`] = overflow;
    }
    await page.setViewportSize(PHONE_VIEWPORT);
    const small = await smallTargets(page);
    if (small.length) problems[`${path} targets`] = small;
  }
  expect(problems).toEqual({});

  // And off again, remembered as well.
  await page.locator('button#text-size').click();
  await expect(page.locator('button#text-size')).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('html')).not.toHaveClass(/text-large/);
  expect(await rootSize()).toBe(16);
});
