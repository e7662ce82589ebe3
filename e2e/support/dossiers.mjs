// Filing through the API, for specs that start from an existing dossier (payment,
// supplement) rather than from the wizard, which forms.spec and submit.spec drive.
import { randomUUID } from 'node:crypto';

export const HKD = '1.001612'; // hộ kinh doanh: 150,000 VND lệ phí online
export const PHONE = '0912345678';

/** Valid answers of the household-business form: one owner, no attachments. */
export function hkdAnswers() {
  return {
    owner_full_name: 'Nguyễn Văn An',
    owner_date_of_birth: '1985-03-12',
    owner_sex: 'male',
    owner_cccd: '001085012345',
    owner_phone: PHONE,
    owner_nationality: 'Việt Nam',
    business_name: 'Hộ kinh doanh An Phát',
    head_office_address: { province: 1, ward: 4, street: 'Số 3 phố Kim Mã' },
    business_phone: PHONE,
    business_lines: [{ code: '5610', name: 'Nhà hàng và các dịch vụ ăn uống phục vụ lưu động', is_main: true }],
    capital: '150000000',
    employees: '3',
    vat_method: 'khoan',
    founder_type: 'individual',
    submitted_by: 'owner',
    commit_data_sharing: true,
    commit_eligibility: true,
    commit_premises: true,
    declaration: true,
  };
}

/**
 * Files a 1.001612 dossier with Playwright's `request`; returns the raw response so the
 * caller asserts on it (and sees the server's words when it is not a 201).
 */
export async function postHkd(request) {
  const form = await request.get(`/api/v1/forms/${HKD}`);
  if (!form.ok()) throw new Error(`GET /api/v1/forms/${HKD}: ${form.status()}`);
  const version = (await form.json()).schema.version;
  const body = JSON.stringify({ procedure_code: HKD, schema_version: version, answers: hkdAnswers() });
  return request.post('/api/v1/dossiers', {
    headers: { 'Idempotency-Key': randomUUID() },
    multipart: { dossier: { name: 'dossier.json', mimeType: 'application/json', buffer: Buffer.from(body) } },
  });
}
