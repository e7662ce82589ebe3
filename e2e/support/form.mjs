// Steps shared by the specs that drive the form wizard.
import { expect } from '@playwright/test';

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
