// Steps shared by the specs that drive the form wizard.
import { expect } from '@playwright/test';
import { HKD } from './dossiers.mjs';

/** Province, then ward (once that province's wards have loaded), then street. */
export async function fillAddress(page, id, { province, ward, street }) {
  const p = page.locator(`#f-${id}`);
  await expect(p.locator(`option[value="${province}"]`)).toBeAttached();
  await p.selectOption(String(province));
  const w = page.locator(`#f-${id}-ward`);
  await expect(w).toBeEnabled();
  await expect(w.locator(`option[value="${ward}"]`)).toBeAttached();
  await w.selectOption(String(ward));
  if (street) await page.locator(`#f-${id}-street`).fill(street);
}

export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const stepUrl = (step) => new RegExp(`/thu-tuc/${esc(HKD)}/nop-ho-so/${UUID}/${esc(step)}(\\?.*)?$`);

export async function continueTo(page, step) {
  await page.locator('button#continue').click();
  await expect(page.locator('#error-summary')).toHaveCount(0);
  await expect(page).toHaveURL(stepUrl(step));
  await expect(page.locator('#forms-root h1')).toBeVisible();
}

/** The household-business form, owner from the sandbox registry (as in forms.spec.mjs), to the review. */
export async function fillHkdToReview(page) {
  await page.goto(`/thu-tuc/${HKD}/nop-ho-so`);
  await expect(page).toHaveURL(stepUrl('owner'));
  await expect(page.locator('button#continue')).toBeEnabled();
  await page.locator('#f-owner_tax_code').fill('0190000044');
  await page.locator('.registry').getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.locator('.registry-card')).toContainText('Trần Thị Bích Ngọc');
  await page.locator('#use-registry').click();
  await expect(page.locator('#f-owner_full_name')).toHaveValue('Trần Thị Bích Ngọc');
  await continueTo(page, 'business');
  await page.locator('#f-business_name').fill('Hộ kinh doanh Phở Ngọc Hà');
  await fillAddress(page, 'head_office_address', { province: 1, ward: 235, street: 'Số 5 phố Huế' });
  await page.locator('#f-no_fixed_premises-no').check();
  await page.locator('#f-business_phone').fill('02438251234');
  await page.locator('#f-business_lines').getByRole('button', { name: 'Thêm', exact: true }).click();
  await page.locator('#f-business_lines-0-code').fill('5610');
  await page.locator('#f-business_lines-0-name').fill('Nhà hàng và các dịch vụ ăn uống phục vụ lưu động');
  await page.locator('#f-business_lines-0-is_main').check();
  await page.locator('#f-capital').fill('150000000');
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
  return new URL(page.url()).pathname.split('/')[4];
}

