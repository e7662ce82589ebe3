// The application-form wizard (the forms module) against the real server: registry
// prefill, validation, autosave to IndexedDB, review, drafts, two tabs, migration.
import { test, expect, expectNoAxeViolations } from './support/fixtures.mjs';
import { fillAddress } from './support/form.mjs';

// The service worker precaches the app shell only; nothing here needs it, and without it
// request interception (the registry going offline) sees every request the page makes.
test.use({ serviceWorkers: 'block' });

const HKD = '1.001612'; // hộ kinh doanh, data/forms/1.001612.json (version 3)
const ENTERPRISE_CHANGE = '2.002041'; // requires_active_enterprise
const GENERIC = '1.001445'; // generic schema: applicant → one attachment slot → confirm

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches the URL of step `step` of a draft of `code`. */
function stepUrl(code, step, { fromReview = false } = {}) {
  const tail = fromReview ? '\\?tu=kiem-tra(#.*)?$' : '$';
  return new RegExp(`/thu-tuc/${esc(code)}/nop-ho-so/${UUID}/${esc(step)}${tail}`);
}

function draftIdOf(url) {
  const m = new URL(url).pathname.match(new RegExp(`/nop-ho-so/(${UUID})/`));
  if (!m) throw new Error(`no draft id in ${url}`);
  return m[1];
}

/** Opens a new application of `code`: the start page goes straight to the first step. */
async function openNewForm(page, code, firstStep) {
  await page.goto(`/thu-tuc/${code}/nop-ho-so`);
  await expect(page).toHaveURL(stepUrl(code, firstStep));
  await expect(page.locator('#forms-root h1')).toBeVisible();
  await expect(page.locator('button#continue')).toBeEnabled();
  return draftIdOf(page.url());
}

/** "Tiếp tục", expecting to land on `step` with no error shown. */
async function continueTo(page, code, step, opts) {
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toHaveCount(0);
  await expect(page).toHaveURL(stepUrl(code, step, opts));
  // The new step is rendered (its heading, or the review's).
  await expect(page.locator('#forms-root h1')).toBeVisible();
}

/** The `.form-group` holding the control `#id`. */
const groupOf = (page, id) => page.locator('.form-group', { has: page.locator(`#${id}`) }).last();

const lookupButton = (page) => page.locator('.registry').getByRole('button', { name: 'Tra cứu' });

/** The draft record as stored in IndexedDB (null when absent); never creates the database. */
async function readDraft(page, id) {
  return page.evaluate(
    (id) =>
      new Promise((ok, fail) => {
        const req = indexedDB.open('portal');
        req.onupgradeneeded = () => req.transaction.abort();
        req.onerror = () => ok(null);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('drafts')) {
            db.close();
            return ok(null);
          }
          const get = db.transaction('drafts').objectStore('drafts').get(id);
          get.onsuccess = () => {
            db.close();
            ok(get.result ?? null);
          };
          get.onerror = () => fail(String(get.error));
        };
      }),
    id,
  );
}

/** The saved answers of draft `id` (parsed), or null. */
async function savedAnswers(page, id) {
  const d = await readDraft(page, id);
  return d ? JSON.parse(d.answers) : null;
}

/** Writes `record` under `key` into the drafts store (the app must have created the database). */
async function putDraft(page, key, record) {
  await page.evaluate(
    ({ key, record }) =>
      new Promise((ok, fail) => {
        // The current version, whatever it is: the app has created and upgraded it.
        const req = indexedDB.open('portal');
        req.onerror = () => fail(String(req.error));
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('drafts', 'readwrite');
          tx.objectStore('drafts').put(record, key);
          tx.oncomplete = () => {
            db.close();
            ok();
          };
          tx.onerror = () => fail(String(tx.error));
        };
      }),
    { key, record },
  );
}

/** Page errors of a page the fixture does not watch (a second tab). */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Types the owner step by hand (no tax code): a man born 15/06/1988. */
async function fillOwnerByHand(page, name = 'Nguyễn Văn Bình') {
  await page.locator('#f-owner_full_name').fill(name);
  await page.locator('#f-owner_date_of_birth').fill('15/06/1988');
  await page.locator('input[type=radio][name=owner_sex][value=male]').check();
  await page.locator('#f-owner_cccd').fill('001088012345');
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('household business: registry prefill, every step, review, change and ready to submit', async ({ page }) => {
  test.setTimeout(120_000);
  await openNewForm(page, HKD, 'owner');
  await expectNoAxeViolations(page);

  // Prefill from the sandbox registry.
  await page.locator('#f-owner_tax_code').fill('0190000044');
  await lookupButton(page).click();
  const card = page.locator('.registry-card');
  await expect(card).toContainText('Hộ kinh doanh Phở Hà Thành');
  await expect(card.locator('.badge-sandbox')).toBeVisible();
  await expect(card).toContainText('Trần Thị Bích Ngọc');
  await expectNoAxeViolations(page);
  await page.locator('#use-registry').click();

  const name = page.locator('#f-owner_full_name');
  await expect(name).toHaveValue('Trần Thị Bích Ngọc');
  await expect(page.locator('#f-owner_date_of_birth')).toHaveValue('02/11/1979');
  await expect(page.locator('#f-owner_cccd')).toHaveValue('001179004821');
  await expect(page.locator('#f-owner_phone')).toHaveValue('0983456712');
  const female = page.locator('input[type=radio][name=owner_sex][value=female]');
  await expect(female).toBeChecked();
  // Identity is locked until "Sửa"; contact details are not.
  for (const id of ['owner_full_name', 'owner_date_of_birth', 'owner_cccd']) {
    await expect(page.locator(`#f-${id}`)).toHaveAttribute('readonly', '');
    await expect(groupOf(page, `f-${id}`).locator('.provenance .badge-source')).toBeVisible();
  }
  await expect(female).toBeDisabled();
  await expect(page.locator('#f-owner_phone')).not.toHaveAttribute('readonly', /.*/);
  await expect(groupOf(page, 'f-owner_phone').locator('.provenance .badge-source')).toBeVisible();
  await expectNoAxeViolations(page);

  // "Sửa" opens one field (and only that one), focused, and the edit is flagged.
  await groupOf(page, 'f-owner_full_name').locator('.provenance').getByRole('button', { name: 'Sửa' }).click();
  await expect(name).not.toHaveAttribute('readonly', /.*/);
  await expect(name).toBeFocused();
  await expect(page.locator('#f-owner_cccd')).toHaveAttribute('readonly', '');
  await name.fill('Trần Thị Ngọc Hà');
  await expect(groupOf(page, 'f-owner_full_name').locator('.badge-edited')).toBeVisible();
  await continueTo(page, HKD, 'business');

  // Tiếp tục with nothing filled: a focused summary linking to each field, errors beside them.
  await page.locator('button#continue').click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.locator('a[href="#f-business_name"]')).toBeVisible();
  await expect(groupOf(page, 'f-business_name')).toHaveClass(/form-group-error/);
  await expect(groupOf(page, 'f-business_name').locator('.error-message')).toContainText('Tên hộ kinh doanh');
  await expect(page).toHaveURL(stepUrl(HKD, 'business'));
  await expectNoAxeViolations(page);
  // A summary link moves focus to its field.
  await summary.locator('a[href="#f-business_name"]').click();
  await expect(page.locator('#f-business_name')).toBeFocused();

  await page.locator('#f-business_name').fill('Hộ kinh doanh Phở Ngọc Hà');
  await fillAddress(page, 'head_office_address', { province: 1, ward: 235, street: 'Số 5 phố Huế' });
  await page.locator('#f-no_fixed_premises-no').check();
  await page.locator('#f-business_phone').fill('02438251234');
  await page.locator('#f-business_lines').getByRole('button', { name: 'Thêm', exact: true }).click();
  await expect(page.locator('#f-business_lines')).toContainText('Mục 1');
  // Keyboard users land on the new item's first question.
  await expect(page.locator('#f-business_lines-0-code')).toBeFocused();
  await page.locator('#f-business_lines-0-code').fill('5610');
  await page.locator('#f-business_lines-0-name').fill('Nhà hàng và các dịch vụ ăn uống phục vụ lưu động');
  await page.locator('#f-business_lines-0-is_main').check();
  await page.locator('#f-capital').fill('150000000');
  await expectNoAxeViolations(page);
  await continueTo(page, HKD, 'tax');

  await expectNoAxeViolations(page);
  await page.locator('#f-employees').fill('3');
  await page.locator('input[type=radio][name=vat_method][value=khoan]').check();
  await continueTo(page, HKD, 'founders');

  await expectNoAxeViolations(page);
  await page.locator('input[type=radio][name=founder_type][value=individual]').check();
  await continueTo(page, HKD, 'documents');

  await expectNoAxeViolations(page);
  await page.locator('input[type=radio][name=submitted_by][value=owner]').check();
  await continueTo(page, HKD, 'confirm');

  await expectNoAxeViolations(page);
  for (const id of ['commit_data_sharing', 'commit_eligibility', 'commit_premises', 'declaration']) {
    await page.locator(`input[type=checkbox]#f-${id}`).check();
  }
  await continueTo(page, HKD, 'kiem-tra');

  // The review shows the answers as a person reads them.
  const review = page.locator('#forms-root');
  await expect(page.locator('#forms-root h1')).toHaveText('Kiểm tra lại thông tin');
  const row = (label) => page.locator('.summary-list .summary-row', { has: page.locator('dt', { hasText: label }) }).first();
  await expect(row('Họ, chữ đệm và tên').locator('dd').first()).toHaveText('Trần Thị Ngọc Hà');
  await expect(row('Ngày, tháng, năm sinh').locator('dd').first()).toHaveText('02/11/1979');
  await expect(row('Vốn kinh doanh').locator('dd').first()).toHaveText('150.000.000 ₫');
  await expect(row('Tên hộ kinh doanh viết bằng tiếng Việt').locator('dd').first()).toHaveText('Hộ kinh doanh Phở Ngọc Hà');
  await expect(row('Địa chỉ trụ sở hộ kinh doanh').locator('dd').first()).toHaveText(
    'Số 5 phố Huế, Phường Đống Đa, Thành phố Hà Nội',
  );
  await expect(row('Ngành, nghề kinh doanh')).toContainText('5610');
  await expect(review.getByRole('heading', { name: 'Sẵn sàng nộp hồ sơ' })).toBeVisible();
  await expect(page.locator('#submit')).toBeVisible();
  await expectNoAxeViolations(page);

  // "Thay đổi" goes to the question and Tiếp tục comes back to the review.
  await row('Tên hộ kinh doanh viết bằng tiếng Việt').getByRole('link', { name: /Thay đổi/ }).click();
  await expect(page).toHaveURL(stepUrl(HKD, 'business', { fromReview: true }));
  await expect(page.locator('#f-business_name')).toBeFocused();
  await page.locator('#f-business_name').fill('Hộ kinh doanh Phở Ngọc Hà Thành');
  await continueTo(page, HKD, 'kiem-tra');
  await expect(row('Tên hộ kinh doanh viết bằng tiếng Việt').locator('dd').first()).toHaveText(
    'Hộ kinh doanh Phở Ngọc Hà Thành',
  );
  await expect(review.getByRole('heading', { name: 'Sẵn sàng nộp hồ sơ' })).toBeVisible();
  // Submitting is e2e/submit.spec.mjs's subject; here it only has to lead to the receipt.
  await page.locator('#submit').click();
  await expect(page).toHaveURL(/\/ho-so\/[^/]+$/);
  await expect(page.locator('#dossier-code')).toBeVisible();
});

test('a tax code with a wrong check digit is refused on the phone; unknown and suspended codes are explained', async ({ page }) => {
  const registryRequests = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/v1/registry')) registryRequests.push(r.url());
  });
  await openNewForm(page, HKD, 'owner');

  await page.locator('#f-owner_tax_code').fill('0191234568');
  await lookupButton(page).click();
  const taxGroup = groupOf(page, 'f-owner_tax_code');
  await expect(taxGroup).toHaveClass(/form-group-error/);
  await expect(taxGroup.locator('.error-message')).toContainText('chữ số kiểm tra');
  await expect(page.locator('.registry-card')).toHaveCount(0);
  await page.locator('button#continue').click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.locator('a[href="#f-owner_tax_code"]')).toContainText('chữ số kiểm tra');
  await expect(page).toHaveURL(stepUrl(HKD, 'owner'));
  expect(registryRequests, 'a wrong check digit never leaves the phone').toEqual([]);

  // A valid code the registry does not know: say so, and let the person type.
  await page.locator('#f-owner_tax_code').fill('0190000051');
  await lookupButton(page).click();
  await expect(page.locator('.registry-result')).toContainText('Không tìm thấy mã số thuế này');
  expect(registryRequests).toHaveLength(1);
  await expect(taxGroup).not.toHaveClass(/form-group-error/);
  await expect(page.locator('#f-owner_full_name')).not.toHaveAttribute('readonly', /.*/);
  await fillOwnerByHand(page);
  await continueTo(page, HKD, 'business');

  // An enterprise change for a suspended enterprise: warned on the card, refused on Tiếp tục.
  await openNewForm(page, ENTERPRISE_CHANGE, 'enterprise');
  await page.locator('#f-enterprise_mst').fill('0490000013');
  await lookupButton(page).click();
  const card = page.locator('.registry-card');
  await expect(card).toContainText('Tạm ngừng kinh doanh');
  await expect(card.locator('[role=alert]')).toContainText('không ở tình trạng đang hoạt động');
  await expect(card.locator('[role=alert]')).toContainText('chỉ thực hiện được cho doanh nghiệp đang hoạt động');
  await page.locator('#use-registry').click();
  await expect(page.locator('#f-rep_full_name')).not.toHaveValue('');
  await page.locator('button#continue').click();
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Doanh nghiệp đang tạm ngừng kinh doanh nên không thể thực hiện thủ tục này');
  // Everything else was filled from the registry: the status is the only problem.
  await expect(summary.locator('li')).toHaveCount(1);
  await expect(groupOf(page, 'f-enterprise_mst')).toHaveClass(/form-group-error/);
  await expect(page).toHaveURL(stepUrl(ENTERPRISE_CHANGE, 'enterprise'));
});

test('a reload in the middle keeps the step and every answer', async ({ page }) => {
  const id = await openNewForm(page, HKD, 'owner');
  await fillOwnerByHand(page, 'Phạm Thị Lan');
  await continueTo(page, HKD, 'business');
  await page.locator('#f-business_name').fill('Tiệm may Lan Anh');
  await page.locator('#f-capital').fill('20000000');
  await expect.poll(async () => (await savedAnswers(page, id))?.capital).toBe('20000000');
  await expect(page.locator('#save-status')).toContainText('Đã lưu trên máy này ·');
  const url = page.url();

  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(page.locator('#forms-root h1')).toHaveText('Hộ kinh doanh');
  await expect(page.locator('#f-business_name')).toHaveValue('Tiệm may Lan Anh');
  await expect(page.locator('#f-capital')).toHaveValue('20.000.000');
  await page.locator('.back-link').click();
  await expect(page).toHaveURL(stepUrl(HKD, 'owner'));
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Phạm Thị Lan');
  await expect(page.locator('#f-owner_date_of_birth')).toHaveValue('15/06/1988');
  await expect(page.locator('input[type=radio][name=owner_sex][value=male]')).toBeChecked();
});

test('closing the tab a second after typing loses nothing', async ({ page, context }) => {
  await openNewForm(page, HKD, 'owner');
  const url = page.url();
  await page.locator('#f-owner_full_name').fill('Đỗ Minh Quân');
  await page.locator('#f-owner_email').fill('quan@example.vn');
  // A phone killing the tab: no waiting for the save status, just a second's pause.
  await page.waitForTimeout(1000);
  await page.close();

  const again = await context.newPage();
  const errors = watchErrors(again);
  await again.goto(url);
  await expect(again.locator('#f-owner_full_name')).toHaveValue('Đỗ Minh Quân');
  await expect(again.locator('#f-owner_email')).toHaveValue('quan@example.vn');
  expect(errors).toEqual([]);
});

test('with the registry unreachable, the saved look-up still prefills; without one, the person types', async ({ page }) => {
  await openNewForm(page, HKD, 'owner');
  await page.locator('#f-owner_tax_code').fill('0190000044');
  await lookupButton(page).click();
  await expect(page.locator('.registry-card')).toContainText('Hộ kinh doanh Phở Hà Thành');
  await expect(page.locator('.registry-card')).not.toContainText('kết quả tra cứu đã lưu');

  // Registry gone.
  let blocked = 0;
  await page.route('**/api/v1/registry/**', (route) => {
    blocked += 1;
    return route.abort('internetdisconnected');
  });

  // A code never looked up: nothing to show, the fields stay open.
  await page.locator('#f-owner_tax_code').fill('0191234567');
  await lookupButton(page).click();
  await expect(page.locator('.registry-result')).toContainText('Không kết nối được tới Cơ sở dữ liệu quốc gia');
  await expect(page.locator('.registry-card')).toHaveCount(0);
  expect(blocked).toBe(1);
  await page.locator('#f-owner_full_name').fill('Nguyễn Văn An');
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Nguyễn Văn An');

  // The code looked up before: its saved answer, saying so and when.
  await page.locator('#f-owner_tax_code').fill('0190000044');
  await lookupButton(page).click();
  const card = page.locator('.registry-card');
  await expect(card).toContainText('Hộ kinh doanh Phở Hà Thành');
  await expect(card).toContainText(/Đang dùng kết quả tra cứu đã lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  expect(blocked).toBe(2);
  await page.locator('#use-registry').click();
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Trần Thị Bích Ngọc');
  await expect(page.locator('#f-owner_full_name')).toHaveAttribute('readonly', '');
  await expect(page.locator('#f-owner_cccd')).toHaveValue('001179004821');
  await expect(groupOf(page, 'f-owner_full_name').locator('.provenance .badge-source')).toBeVisible();
  await continueTo(page, HKD, 'business');
});

test('a generic-schema form with an attachment, to the review; a wrong file type is refused', async ({ page }) => {
  const id = await openNewForm(page, GENERIC, 'applicant');
  await page.locator('input[type=radio][name=applicant_type][value=person]').check();
  await page.locator('#f-full_name').fill('Lê Thị Mai');
  await page.locator('#f-date_of_birth').fill('12/03/1985');
  await page.locator('#f-cccd').fill('001185012345');
  await fillAddress(page, 'address', { province: 1, ward: 4, street: 'Số 3 phố Kim Mã' });
  await page.locator('#f-phone').fill('0912345678');
  await continueTo(page, GENERIC, 'documents');
  await expectNoAxeViolations(page);

  const input = page.locator('input[type=file]#f-doc_1');
  await input.setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
  const group = groupOf(page, 'f-doc_1');
  await expect(group).toHaveClass(/form-group-error/);
  await expect(group.locator('.error-message')).toContainText('ghi-chu.txt');
  await expect(group.locator('.error-message')).toContainText('không đúng định dạng');
  await expect(group.locator('.file-list .file-name')).toHaveCount(0);

  await input.setInputFiles({ name: 'don-trinh-bao.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(group.locator('.file-list .file-name')).toHaveText(['don-trinh-bao.pdf']);
  await expect(group).not.toHaveClass(/form-group-error/);
  await expect.poll(async () => (await savedAnswers(page, id))?.doc_1?.[0]?.name).toBe('don-trinh-bao.pdf');
  await continueTo(page, GENERIC, 'confirm');

  await page.locator('input[type=checkbox]#f-declaration').check();
  await continueTo(page, GENERIC, 'kiem-tra');
  const row = (label) => page.locator('.summary-list .summary-row', { has: page.locator('dt', { hasText: label }) }).first();
  await expect(row('đơn trình báo mất hộ chiếu').locator('dd').first()).toContainText('don-trinh-bao.pdf');
  await expect(row('Họ, chữ đệm và tên').locator('dd').first()).toHaveText('Lê Thị Mai');
  await expect(page.getByRole('heading', { name: 'Sẵn sàng nộp hồ sơ' })).toBeVisible();
});

test('drafts page: listed with name and progress, resumed at its step, deleted after confirmation', async ({ page }) => {
  await page.goto(`/thu-tuc/${HKD}`);
  await expect(page.locator('section#documents')).toBeVisible();
  await expect(page.locator('#draft-notice')).toHaveCount(0);

  const id = await openNewForm(page, HKD, 'owner');
  await fillOwnerByHand(page);
  await continueTo(page, HKD, 'business');
  await page.locator('#f-business_name').fill('Quán cà phê Bình Minh');
  // "Lưu và thoát" at once, inside the autosave's delay: what is pending is written on the way out.
  await page.getByRole('link', { name: 'Lưu và thoát' }).click();
  await expect(page).toHaveURL(/\/ho-so-nhap$/);
  const item = page.locator(`#draft-list > li.draft[data-draft="${id}"]`);
  await expect(item).toContainText('Đăng ký thành lập hộ kinh doanh');
  await expect(item).toContainText(HKD);
  await expect(item).toContainText('Đã khai 1/6 bước');
  await expectNoAxeViolations(page);

  await item.getByRole('link', { name: 'Tiếp tục khai' }).click();
  await expect(page).toHaveURL(stepUrl(HKD, 'business'));
  expect(draftIdOf(page.url())).toBe(id);
  await expect(page.locator('#f-business_name')).toHaveValue('Quán cà phê Bình Minh');
  expect((await readDraft(page, id)).step).toBe('business');

  // Back past the first step to the procedure page, which knows about the draft; the
  // draft stays at the step it was left on.
  await page.locator('.back-link').click();
  await expect(page).toHaveURL(stepUrl(HKD, 'owner'));
  await page.locator('.back-link').click();
  await expect(page).toHaveURL(new RegExp(`/thu-tuc/${esc(HKD)}$`));
  await expect(page.locator('#draft-notice')).toBeVisible();
  await expect.poll(async () => (await readDraft(page, id))?.step).toBe('owner');
  // Applying again offers it or a new one.
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page.locator('#start-new')).toBeVisible();
  await expect(page.locator('#forms-root .draft-list a')).toHaveAttribute('href', new RegExp(`${id}/owner$`));
  await expectNoAxeViolations(page);

  await page.goto('/ho-so-nhap');
  await item.getByRole('button', { name: 'Xoá', exact: true }).click();
  const confirm = item.locator('[role=alertdialog]');
  await expect(confirm).toContainText('Xoá hồ sơ nháp này?');
  // Cancel keeps it.
  await confirm.getByRole('button', { name: 'Huỷ' }).click();
  await expect(item).toBeVisible();
  expect(await readDraft(page, id)).not.toBeNull();
  await item.getByRole('button', { name: 'Xoá', exact: true }).click();
  await item.getByRole('button', { name: 'Xoá hồ sơ nháp' }).click();
  await expect(page.locator('#no-drafts')).toBeVisible();
  await expect(item).toHaveCount(0);
  expect(await readDraft(page, id)).toBeNull();

  await page.goto(`/thu-tuc/${HKD}`);
  await expect(page.locator('section#documents')).toBeVisible();
  await expect(page.locator('#draft-notice')).toHaveCount(0);
});

test('two tabs on one draft: the second is read-only until "Sửa ở thẻ này" takes over', async ({ page, context }) => {
  const id = await openNewForm(page, HKD, 'owner');
  await page.locator('#f-owner_full_name').fill('Vũ Thị Hoa');
  await expect.poll(async () => (await savedAnswers(page, id))?.owner_full_name).toBe('Vũ Thị Hoa');

  const second = await context.newPage();
  const errors = watchErrors(second);
  await second.goto(page.url());
  await expect(second.locator('#other-tab')).toBeVisible();
  await expect(second.locator('#f-owner_full_name')).toHaveValue('Vũ Thị Hoa');
  await expect(second.locator('#f-owner_full_name')).toHaveAttribute('readonly', '');
  await expect(second.locator('button#continue')).toBeDisabled();
  await expect(page.locator('#other-tab')).toHaveCount(0);

  await second.locator('#other-tab').getByRole('button', { name: 'Sửa ở thẻ này' }).click();
  await expect(second.locator('#other-tab')).toHaveCount(0);
  await expect(second.locator('#f-owner_full_name')).not.toHaveAttribute('readonly', /.*/);
  await expect(page.locator('#other-tab')).toBeVisible();
  await expect(page.locator('#f-owner_full_name')).toHaveAttribute('readonly', '');
  await expect(page.locator('button#continue')).toBeDisabled();

  // Only the tab that took over writes.
  await second.locator('#f-owner_full_name').fill('Vũ Thị Hoa Mai');
  await expect.poll(async () => (await savedAnswers(second, id))?.owner_full_name).toBe('Vũ Thị Hoa Mai');
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Vũ Thị Hoa');

  // And the first tab can take it back, with the newer answers.
  await page.locator('#other-tab').getByRole('button', { name: 'Sửa ở thẻ này' }).click();
  await expect(page.locator('#other-tab')).toHaveCount(0);
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Vũ Thị Hoa Mai');
  await expect(second.locator('#other-tab')).toBeVisible();
  expect(errors).toEqual([]);
});

test('an old draft is migrated with a notice; damaged drafts are set aside', async ({ page }) => {
  // Let the app create the database, then write drafts the way an older app (or a broken one) left them.
  await page.goto('/ho-so-nhap');
  await expect(page.locator('#no-drafts')).toBeVisible();

  const old = '11111111-2222-4333-8444-555555555555';
  const now = Date.now();
  const base = {
    procedure: HKD,
    procedure_name: 'Đăng ký thành lập hộ kinh doanh',
    step: 'owner',
    progress_done: 0,
    progress_total: 6,
    created_ms: now - 86_400_000,
    updated_ms: now - 3_600_000,
  };
  await putDraft(page, old, {
    ...base,
    id: old,
    schema_version: 2,
    answers: JSON.stringify({
      owner_full_name: 'Lê Văn Cũ',
      owner_sex: 'khong_ro', // no longer (never) an option
      owner_religion: 'Không', // no such field in version 3
      business_name: 'Tiệm tạp hoá Cũ',
      declaration: true, // a declaration is confirmed again
    }),
  });

  await page.goto(`/thu-tuc/${HKD}/nop-ho-so/${old}/owner`);
  const notice = page.locator('#migration-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('owner_religion');
  await expect(notice).toContainText('Giới tính');
  await expect(notice).toContainText('xác nhận lại lời cam đoan');
  await expect(notice).not.toContainText('Họ, chữ đệm và tên');
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Lê Văn Cũ');
  await expect(page.locator('input[type=radio][name=owner_sex]:checked')).toHaveCount(0);
  await expectNoAxeViolations(page);
  // The migrated answers are the draft now.
  await expect.poll(async () => (await readDraft(page, old))?.schema_version).toBe(3);
  const kept = await savedAnswers(page, old);
  expect(kept).toMatchObject({ owner_full_name: 'Lê Văn Cũ', business_name: 'Tiệm tạp hoá Cũ' });
  expect(kept).not.toHaveProperty('owner_religion');
  expect(kept).not.toHaveProperty('owner_sex');
  // What was dropped is asked again.
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toContainText('Giới tính');
  await expect(page).toHaveURL(stepUrl(HKD, 'owner'));

  // Damaged records.
  const broken1 = '22222222-3333-4444-8555-666666666666';
  const broken2 = '33333333-4444-4555-8666-777777777777';
  await putDraft(page, broken1, { ...base, id: broken1, schema_version: 3, answers: 42 });
  await putDraft(page, broken2, { ...base, id: broken2, schema_version: 'x', answers: '{}' });

  // Opened directly: said, and no crash.
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so/${broken1}/owner`);
  await expect(page.locator('#forms-root [role=alert]')).toContainText('Hồ sơ nháp này bị hỏng');
  // The drafts page sets the other one aside and still lists the good one.
  await page.goto('/ho-so-nhap');
  await expect(page.locator('#forms-root [role=alert]')).toContainText('1 hồ sơ nháp bị hỏng');
  await expect(page.locator(`#draft-list > li.draft[data-draft="${old}"]`)).toBeVisible();
  await expect(page.locator('#draft-list > li.draft')).toHaveCount(1);
  expect(await readDraft(page, broken1)).toBeNull();
  expect(await readDraft(page, broken2)).toBeNull();
  await page.reload();
  await expect(page.locator(`#draft-list > li.draft[data-draft="${old}"]`)).toBeVisible();
  await expect(page.locator('#forms-root [role=alert]')).toHaveCount(0);
});

test('registered business lines prefilled as a read-only group are locked item by item until "Sửa"', async ({ page }) => {
  await openNewForm(page, ENTERPRISE_CHANGE, 'enterprise');
  await page.locator('#f-enterprise_mst').fill('0191234567');
  await lookupButton(page).click();
  await expect(page.locator('.registry-card')).toContainText('Đang hoạt động');
  await page.locator('#use-registry').click();
  await expect(page.locator('#f-enterprise_name')).toHaveAttribute('readonly', '');
  await continueTo(page, ENTERPRISE_CHANGE, 'changes');
  await page.locator('input[type=checkbox][name=changes][value=business_lines]').check();
  await continueTo(page, ENTERPRISE_CHANGE, 'business_lines');
  await expectNoAxeViolations(page);

  const lines = page.locator('#f-registered_lines');
  await expect(lines).toContainText('Mục 1');
  const code = page.locator('#f-registered_lines-0-code');
  await expect(code).not.toHaveValue('');
  // Locked like the group itself: no adding, and no typing into an item either.
  await expect(lines.getByRole('button', { name: 'Thêm', exact: true })).toBeDisabled();
  await expect(code).toHaveAttribute('readonly', '');
  await expect(page.locator('#f-registered_lines-0-name')).toHaveAttribute('readonly', '');

  await groupOf(page, 'f-registered_lines').locator('.provenance').getByRole('button', { name: 'Sửa' }).click();
  await expect(code).not.toHaveAttribute('readonly', /.*/);
  await expect(lines.getByRole('button', { name: 'Thêm', exact: true })).toBeEnabled();
});
