// The whole journey with the keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7, 3.3.1): from the
// home page, search, open the household-business procedure, fill the form (one mistake,
// found through the error summary and corrected), review, submit, and open the dossier
// from "Hồ sơ của tôi". Only page.keyboard moves and types — no click, no fill — and every
// control reached shows a visible focus indicator.
import { test, expect } from './support/fixtures.mjs';
import { HKD } from './support/dossiers.mjs';
import { expectVisibleFocus, tabTo } from './support/a11y.mjs';

test.use({ serviceWorkers: 'block' });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const stepUrl = (step) => new RegExp(`/thu-tuc/${esc(HKD)}/nop-ho-so/${UUID}/${esc(step)}$`);

const byId = (el, id) => el.id === id;

/** Tabs to `#id` and checks that it shows where focus is. */
async function tabToId(page, id, opts = {}) {
  await tabTo(page, byId, { arg: id, what: `#${id}`, ...opts });
  await expectVisibleFocus(page);
}

/** Tabs to the field `#id` and types `text` into it (replacing what it held). */
async function typeInto(page, id, text) {
  await tabToId(page, id);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/**
 * Tabs into the radio group `name` and moves with the arrow keys to the radio `selector`
 * (`[value=…]`, or `#id` for yes/no), which checks it.
 */
async function chooseRadio(page, name, selector) {
  await tabTo(page, (el, name) => el.type === 'radio' && el.name === name, { arg: name, what: `radio ${name}` });
  await expectVisibleFocus(page);
  for (let i = 0; i < 10; i++) {
    const at = await page.evaluate((sel) => ({ hit: document.activeElement.matches(sel), checked: document.activeElement.checked }), selector);
    if (at.hit) {
      if (!at.checked) await page.keyboard.press('Space');
      break;
    }
    await page.keyboard.press('ArrowDown');
  }
  await expect(page.locator(`input[type=radio][name="${name}"]${selector}`)).toBeChecked();
}

/** Tabs to the checkbox `#id` and ticks it with Space. */
async function tick(page, id) {
  await tabToId(page, id);
  await page.keyboard.press('Space');
  await expect(page.locator(`#${id}`)).toBeChecked();
}

/** Tabs to a closed select and picks the option after the current one with ArrowDown. */
async function pickNext(page, id) {
  await tabToId(page, id);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(`#${id}`)).not.toHaveValue('');
}

/** Tabs to "Tiếp tục", presses Enter, expects `step` with focus on its heading. */
async function continueTo(page, step) {
  await tabToId(page, 'continue');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(stepUrl(step));
  await expect(page.locator('#step-heading')).toBeFocused();
  await expectVisibleFocus(page);
}

test('search, apply, correct a mistake, review, submit and track — keyboard only', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.locator('main h1')).toBeVisible();

  // The first Tab reaches the skip link, which shows itself and moves focus to <main>.
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await expectVisibleFocus(page);
  await expect(page.locator('.skip-link')).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // Search from the home page.
  await tabToId(page, 'search');
  await page.keyboard.type('ho kinh doanh');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/thu-tuc\?q=ho(\+|%20)kinh/);
  await expect(page.locator('ul#results > li').first()).toBeVisible();

  // The procedure among the results.
  await tabTo(page, (el, code) => el.tagName === 'A' && el.getAttribute('href') === `/thu-tuc/${code}`, { arg: HKD, what: 'result link' });
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/thu-tuc/${esc(HKD)}$`));
  await expect(page.locator('section#documents')).toBeVisible();

  // "Nộp hồ sơ trực tuyến": the form opens on its first step, focus on the step's heading.
  await tabToId(page, 'apply');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('#step-heading')).toBeFocused();
  await expectVisibleFocus(page);

  // The owner by hand, with a date that does not exist.
  await typeInto(page, 'f-owner_full_name', 'Nguyễn Văn Bình');
  await typeInto(page, 'f-owner_date_of_birth', '31/13/1988');
  await chooseRadio(page, 'owner_sex', '[value=male]');
  await typeInto(page, 'f-owner_cccd', '001088012345');
  await tabToId(page, 'continue');
  await page.keyboard.press('Enter');

  // The error summary has focus, names the one problem, and its link leads to the field.
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expectVisibleFocus(page);
  await expect(summary.locator('li')).toHaveCount(1);
  await expect(summary.locator('a')).toHaveAttribute('href', '#f-owner_date_of_birth');
  await expect(page).toHaveURL(stepUrl('owner'));
  await page.keyboard.press('Tab');
  await expect(summary.locator('a')).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  const dob = page.locator('#f-owner_date_of_birth');
  await expect(dob).toBeFocused();
  await expectVisibleFocus(page);
  await expect(dob).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('15/06/1988');
  await continueTo(page, 'business');

  // The business: name, address (selects moved with the arrow keys), phone, one business
  // line added with "Thêm", capital.
  await typeInto(page, 'f-business_name', 'Hộ kinh doanh Phở Ngọc Hà');
  await pickNext(page, 'f-head_office_address');
  await expect(page.locator('#f-head_office_address-ward')).toBeEnabled();
  await expect(page.locator('#f-head_office_address-ward option').nth(1)).toBeAttached();
  await pickNext(page, 'f-head_office_address-ward');
  await typeInto(page, 'f-head_office_address-street', 'Số 5 phố Huế');
  await chooseRadio(page, 'no_fixed_premises', '#f-no_fixed_premises-no');
  await typeInto(page, 'f-business_phone', '02438251234');
  await tabTo(page, (el) => el.tagName === 'BUTTON' && !!el.closest('#f-business_lines') && /Thêm/.test(el.textContent), { what: '"Thêm"' });
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.locator('#f-business_lines-0-code')).toBeFocused();
  await page.keyboard.type('5610');
  await typeInto(page, 'f-business_lines-0-name', 'Nhà hàng và các dịch vụ ăn uống phục vụ lưu động');
  await tick(page, 'f-business_lines-0-is_main');
  await typeInto(page, 'f-capital', '150000000');
  await continueTo(page, 'tax');

  await typeInto(page, 'f-employees', '3');
  await chooseRadio(page, 'vat_method', '[value=khoan]');
  await continueTo(page, 'founders');
  await chooseRadio(page, 'founder_type', '[value=individual]');
  await continueTo(page, 'documents');
  await chooseRadio(page, 'submitted_by', '[value=owner]');
  await continueTo(page, 'confirm');
  for (const id of ['commit_data_sharing', 'commit_eligibility', 'commit_premises', 'declaration']) {
    await tick(page, `f-${id}`);
  }
  await continueTo(page, 'kiem-tra');

  // The review: the corrected date is there; submit with Enter.
  const row = page.locator('.summary-list .summary-row', { has: page.locator('dt', { hasText: 'Ngày, tháng, năm sinh' }) }).first();
  await expect(row.locator('dd').first()).toHaveText('15/06/1988');
  await expect(page.getByRole('heading', { name: 'Sẵn sàng nộp hồ sơ' })).toBeVisible();
  await tabToId(page, 'submit');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/ho-so\/[^/]+$/);
  const code = await page.locator('#dossier-code').textContent();

  // Tracking: "Hồ sơ của tôi" in the header, then the dossier.
  await tabTo(page, (el) => el.tagName === 'A' && el.getAttribute('href') === '/ho-so-cua-toi' && !!el.closest('nav'), { what: '"Hồ sơ của tôi"', back: true });
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/ho-so-cua-toi$/);
  const item = page.locator(`#dossier-list [data-code="${code}"]`);
  await expect(item).toBeVisible();
  await tabTo(page, (el, code) => el.tagName === 'A' && !!el.closest(`[data-code="${code}"]`), { arg: code, what: 'the dossier link' });
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/ho-so/${esc(encodeURIComponent(code))}$`));
  await expect(page.locator('#dossier-code')).toHaveText(code);
  await expect(page.locator('#dossier-state')).toHaveText('Đã tiếp nhận');
  await expect(page.locator('#timeline')).toBeVisible();
});
