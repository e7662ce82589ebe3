//! A valid filing of the household-business form (1.001612), shared by the dossier and
//! payment tests so both file what the app files.

use serde_json::{json, Value};

/// The smallest PDF the server's byte check accepts.
pub const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// 1.001612 Đăng ký thành lập hộ kinh doanh, filled as the app would send it, with one
/// attachment (`f1`) whose part the caller adds.
pub fn household_answers() -> Value {
    json!({
      "owner_tax_code": "0190000044",
      "owner_full_name": "Nguyễn Thị Hương", "owner_date_of_birth": "12/03/1985", "owner_sex": "female",
      "owner_cccd": "001185012345", "owner_phone": "0912 345 678", "owner_email": "huong.nguyen@example.vn",
      "owner_current_address": {"province": 1, "ward": 4, "street": "24 Lê Văn Hưu"},
      "business_name": "HỘ KINH DOANH BÚN CHẢ <HƯƠNG LIÊN>",
      "head_office_address": {"province": 1, "ward": 4, "street": "24 Lê Văn Hưu"},
      "no_fixed_premises": false, "business_phone": "0987654321",
      "business_lines": [
        {"code": "5610", "name": "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động", "is_main": true}
      ],
      "capital": "50.000.000", "tax_notice_elsewhere": false, "employees": "3", "vat_method": "khoan",
      "founder_type": "household",
      "household_members": [
        {"full_name": "Lê Văn Liên", "date_of_birth": "20/07/1983", "sex": "male", "cccd": "001083067890",
         "nationality": "Việt Nam", "ethnicity": "01"}
      ],
      "members_authorisation": [{"id": "f1", "name": "uy-quyen-chu-ho.pdf", "mime": "application/pdf", "size": PDF.len()}],
      "submitted_by": "owner",
      "commit_data_sharing": true, "commit_eligibility": true, "commit_premises": true, "declaration": true,
      "$provenance": {"owner_full_name": {"source": "business_registry", "retrieved_at": "2026-11-20T08:00:00Z"}}
    })
}
