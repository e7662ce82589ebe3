// The printable one-page guide (/thu-tuc/:code/huong-dan) and the accessibility statement
// (/tiep-can). The guide is reached from the procedure page's link; its QR code is read back
// from a screenshot (jsQR) and must open the procedure page; printed, it hides the site's
// header and footer and fits ONE A4 page even for the procedures with the longest lists
// in the data. Also: English interface over Vietnamese data, offline from the device's
// copy, a code that does not exist, and axe on every state.
import { test, expect } from './support/fixtures.mjs';
import { auditState } from './support/a11y.mjs';
import { decodeQr } from './support/qr.mjs';

// Offline is emulated with context.setOffline; without the service worker the page sees
// exactly the network the test sets (pwa.spec covers the worker).
test.use({ serviceWorkers: 'block' });

const CODE = '1.004222'; // đăng ký thường trú: documents under group headings, two fees in đồng
const NAME = 'Đăng ký thường trú';
// The longest lists in data/procedures.json.gz, each printed on one page below.
const LONGEST = {
  '1.011441': 'most documents (121)',
  '1.013229': 'longest document texts (≈50,000 characters)',
  '1.014267': 'longest steps (84)',
  '1.003976': 'longest fee notes',
  '1.013980': 'longest name (1,094 characters)',
  '2.000942': 'longest agency text',
  // Printed height of all 2,849 guides measured once: this one is the tallest (≈ 90 % of the page).
  '3.000578': 'tallest guide of all',
};

const guideUrl = (code) => `/thu-tuc/${code}/huong-dan`;

async function openGuide(page, code) {
  await page.goto(guideUrl(code));
  await expect(page.locator('#guide h1')).toBeVisible();
}

/** Decodes the QR code on the page from a screenshot of its image. */
async function readQr(page) {
  const img = page.locator('#guide-qr img');
  await expect(img).toBeVisible();
  // Wait for the image to be decoded and laid out at its CSS size.
  await expect.poll(() => img.evaluate((el) => el.complete && el.naturalWidth > 0)).toBe(true);
  return decodeQr(await img.screenshot());
}

/** Number of pages of a PDF: its `/Type /Page` objects (not the `/Pages` tree nodes). */
function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

test('from the procedure page to its guide: documents, fees, a QR code that opens the procedure', async ({ page, baseURL }) => {
  await page.goto(`/thu-tuc/${CODE}`);
  await expect(page.locator('section#documents')).toBeVisible();
  const link = page.locator('a#guide-link');
  await expect(link).toHaveAttribute('href', guideUrl(CODE));
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${guideUrl(CODE).replace(/\./g, '\\.')}$`));
  await expect(page.locator('#guide h1')).toContainText(NAME);
  await expect(page.locator('#guide h1')).toHaveAttribute('lang', 'vi');
  await expect(page).toHaveTitle(new RegExp(`^Hướng dẫn: ${NAME}`));
  await expect(page.locator('#guide-code')).toHaveText(CODE);
  await expect(page.locator('#guide-agency')).toHaveText('Công an cấp Xã');
  await expect(page.locator('#guide-time')).toHaveText('7 Ngày làm việc');

  // What to prepare: a group heading, then its documents with their copies.
  const docs = page.locator('#guide-documents .guide-list');
  await expect(docs).toHaveAttribute('lang', 'vi');
  await expect(docs.locator('li.guide-group').first()).toContainText('Đăng ký thường trú vào chỗ ở hợp pháp');
  await expect(docs).toContainText('Văn bản xác nhận của Ủy ban nhân dân cấp xã');
  await expect(docs).toContainText('(1 bản chính)');
  // Fees in đồng, the Vietnamese way, with the channel each applies to.
  const fees = page.locator('#guide-fees');
  await expect(fees.locator('li')).toHaveText(['10.000 ₫ Trực tuyến', '20.000 ₫ Trực tiếp']);
  await expect(page.locator('#guide-steps ol li').first()).toBeVisible();

  // The address in text and as the QR code: the procedure page of this portal.
  const expected = `${baseURL}/thu-tuc/${CODE}`;
  await expect(page.locator('#guide-url')).toHaveText(expected);
  const img = page.getByRole('img', { name: `Mã QR mở trang thủ tục ${expected}` });
  await expect(img).toBeVisible();
  const box = await img.boundingBox();
  expect(box.width, 'QR code at least 160 px wide for a phone camera').toBeGreaterThanOrEqual(160);
  const decoded = await readQr(page);
  expect(decoded).toBe(expected);

  // What a phone camera would open.
  await page.goto(decoded);
  await expect(page.locator('h1')).toContainText(NAME);
  await expect(page.locator('section#documents')).toBeVisible();
});

test('printed: only the guide, on one A4 page, even for the longest lists in the data', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openGuide(page, CODE);
  await expect(page.locator('.site-header')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.site-footer')).toBeHidden();
  await expect(page.locator('#print-guide')).toBeHidden();
  await expect(page.locator('#guide')).toBeVisible();
  await expect(page.locator('#guide-qr img')).toBeVisible();
  // A4 less the 15 mm margins is 680 CSS px wide: the screenshot shows the printed layout.
  await page.setViewportSize({ width: 680, height: 1009 });
  const shot = testInfo.outputPath('guide-print.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('guide printed (screen capture in print media)', { path: shot, contentType: 'image/png' });
  // The QR code still reads in print.
  expect(await readQr(page)).toMatch(new RegExp(`/thu-tuc/${CODE.replace('.', '\\.')}$`));
  await page.emulateMedia({ media: null });
  await page.setViewportSize({ width: 360, height: 780 });

  for (const [code, what] of Object.entries(LONGEST)) {
    await openGuide(page, code);
    const pdf = await page.pdf({ format: 'A4' });
    await testInfo.attach(`guide ${code} (${what}).pdf`, { body: pdf, contentType: 'application/pdf' });
    expect(pdfPages(pdf), `${code}, ${what}: pages`).toBe(1);
  }
  // The page counter counts: the full procedure page with 121 documents prints on many pages.
  await page.goto('/thu-tuc/1.011441');
  await expect(page.locator('section#documents')).toBeVisible();
  expect(pdfPages(await page.pdf({ format: 'A4' }))).toBeGreaterThan(5);
  await openGuide(page, '3.000578');

  // In English too (its notes are longer).
  await page.locator('button#lang-toggle').click();
  await expect(page.locator('#print-guide')).toHaveText('Print the guide');
  const en = await page.pdf({ format: 'A4' });
  await testInfo.attach('guide 3.000578 (en).pdf', { body: en, contentType: 'application/pdf' });
  expect(pdfPages(en), '3.000578 in English: pages').toBe(1);
  await page.locator('button#lang-toggle').click();
  await expect(page.locator('#print-guide')).toHaveText('In hướng dẫn');

  // The list with 121 documents says how many were left out and where to read them.
  await openGuide(page, '1.011441');
  await expect(page.locator('#guide-documents .guide-more')).toHaveText(/^và \d+ giấy tờ khác — xem đầy đủ tại địa chỉ trên$/);
  await expect(page.locator('#guide-shortened')).toBeVisible();
});

test('"In hướng dẫn" opens the print dialog', async ({ page }) => {
  await openGuide(page, CODE);
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => window.__printed++;
  });
  await page.getByRole('button', { name: 'In hướng dẫn' }).click();
  expect(await page.evaluate(() => window.__printed)).toBe(1);
});

test('in English: interface text in English, the procedure data still marked Vietnamese', async ({ page, baseURL }) => {
  await openGuide(page, CODE);
  await page.locator('button#lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#print-guide')).toHaveText('Print the guide');
  await expect(page.locator('#guide-documents h2')).toHaveText('Documents to prepare');
  await expect(page.locator('#guide-fees h2')).toHaveText('Fees');
  await expect(page.locator('#guide-data-language')).toHaveText('Procedure details are published in Vietnamese only.');
  await expect(page).toHaveTitle(new RegExp(`^Guide: ${NAME}`));
  // Data: Vietnamese, and marked so.
  await expect(page.locator('#guide h1')).toHaveAttribute('lang', 'vi');
  for (const sel of ['#guide-agency', '#guide-time', '#guide-documents .guide-list', '#guide-steps .guide-list', '#guide-fees .guide-list']) {
    await expect(page.locator(sel), sel).toHaveAttribute('lang', 'vi');
  }
  await expect(page.getByRole('img', { name: `QR code opening the procedure page ${baseURL}/thu-tuc/${CODE}` })).toBeVisible();
  expect(await readQr(page)).toBe(`${baseURL}/thu-tuc/${CODE}`);
  await auditState(page, 'guide (en)');

  await page.goto(guideUrl('9.999999'));
  await expect(page.locator('h1')).toHaveText('Procedure not found');
  await expect(page.locator('#guide-error')).toContainText('There is no procedure with the code “9.999999”');
});

test('offline: a procedure kept on the device prints its guide; one never opened says so', async ({ page, context }) => {
  // Opened once online: kept on the device.
  await openGuide(page, CODE);
  // Back to the procedure page inside the app, then offline.
  await page.locator('a#guide-procedure').click();
  await expect(page.locator('a#guide-link')).toBeVisible();
  await context.setOffline(true);
  await page.locator('a#guide-link').click();
  await expect(page.locator('#guide h1')).toContainText(NAME);
  await expect(page.locator('#guide-documents li').first()).toBeVisible();
  expect(await readQr(page)).toMatch(new RegExp(`/thu-tuc/${CODE.replace('.', '\\.')}$`));

  // A procedure never opened on this device, still offline: moved to through the app.
  await page.evaluate(() => {
    history.pushState(null, '', '/thu-tuc/1.001612/huong-dan');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  const error = page.locator('#guide-error');
  await expect(error).toHaveAttribute('data-kind', 'offline');
  await expect(page.locator('h1')).toHaveText('Chưa mở được hướng dẫn khi không có mạng');
  await expect(error).toContainText('Máy này chưa lưu thủ tục 1.001612');
  await auditState(page, 'guide, offline without a copy');

  // Back online, "Thử lại" shows it.
  await context.setOffline(false);
  await error.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.locator('#guide h1')).toContainText('hộ kinh doanh');
});

test('a code that does not exist, or is not a code at all', async ({ page }) => {
  await page.goto(guideUrl('9.999999'));
  await expect(page.locator('h1')).toHaveText('Không tìm thấy thủ tục');
  await expect(page.locator('#guide-error')).toHaveAttribute('data-kind', 'not-found');
  await expect(page.locator('#guide-error')).toContainText('Không có thủ tục nào mang mã “9.999999”');
  await expect(page).toHaveTitle(/^Không tìm thấy thủ tục/);
  await auditState(page, 'guide, unknown code');
  await page.goto(guideUrl('khong-phai-ma'));
  await expect(page.locator('#guide-error')).toHaveAttribute('data-kind', 'not-found');
});

test('axe and reflow: the guide in Vietnamese', async ({ page }) => {
  await openGuide(page, CODE);
  await auditState(page, 'guide');
  await openGuide(page, '1.011441');
  await auditState(page, 'guide, cut lists');
});

test('the accessibility statement, from the footer, in Vietnamese and English', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('main h1')).toBeVisible();
  await page.locator('.site-footer a[href="/tiep-can"]').click();
  await expect(page).toHaveURL(/\/tiep-can$/);
  await expect(page.locator('h1')).toHaveText('Tuyên bố về khả năng tiếp cận');
  await expect(page).toHaveTitle(/^Tuyên bố về khả năng tiếp cận/);
  await expect(page.locator('#statement-standard')).toContainText('WCAG) 2.2');
  await expect(page.locator('#statement-tested')).toContainText('axe-core');
  await expect(page.locator('#statement-tested')).toContainText('320 px');
  await expect(page.locator('#statement-gaps')).toContainText('chỉ có bằng tiếng Việt');
  await expect(page.locator('#statement-gaps')).toContainText('Mã QR');
  await expect(page.locator('#statement-email')).toHaveAttribute('href', 'mailto:tiepcan@dichvucong.example');
  await expect(page.locator('#statement-reply')).toHaveText('Chúng tôi trả lời trong vòng 5 ngày làm việc.');
  await expect(page.locator('#statement-reviewed time')).toHaveAttribute('datetime', '2026-11-22');
  await expect(page.locator('#statement-reviewed')).toContainText('22/11/2026');
  await auditState(page, 'accessibility statement');

  await page.locator('button#lang-toggle').click();
  await expect(page.locator('h1')).toHaveText('Accessibility statement');
  await expect(page).toHaveTitle(/^Accessibility statement/);
  await expect(page.locator('#statement-standard')).toContainText('(WCAG) 2.2');
  await expect(page.locator('#statement-reply')).toHaveText('We reply within 5 working days.');
  await expect(page.locator('#statement-reviewed')).toContainText('22 November 2026');
  await auditState(page, 'accessibility statement (en)');
});
