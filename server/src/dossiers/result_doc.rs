//! The result document (kết quả giải quyết) the sandbox officer "issues" with
//! `attach_result`: a printable HTML page, stored once in `dossier_results` and
//! downloaded as is. A real agency attaches its signed decision or certificate instead.

use domain::dossier::api::DossierReceipt;
use domain::form::{Answer, Answers};

use super::{escape_html as esc, rfc3339_vn, vn_date};

pub const MIME: &str = "text/html; charset=utf-8";

/// `ket-qua-<code>.html`: the code is ASCII letters, digits, dots and hyphens only, so
/// the name needs no quoting beyond the header's double quotes.
pub fn file_name(code: &str) -> String {
    format!("ket-qua-{code}.html")
}

/// The document for the dossier of `receipt`, issued at `now`. The page is downloaded
/// and opened from disk, so its small style sheet is inline; every value from the
/// dossier is escaped.
pub fn render(receipt: &DossierReceipt, answers: &Answers, now: i64) -> String {
    let issued = vn_date(now);
    let applicant = applicant_name(answers)
        .map(|n| {
            format!(
                "<tr><th>Người nộp / Applicant</th><td>{}</td></tr>",
                esc(&n)
            )
        })
        .unwrap_or_default();
    let agency = receipt
        .agency
        .as_deref()
        .map(|a| {
            format!(
                "<tr><th>Cơ quan giải quyết / Agency</th><td>{}</td></tr>",
                esc(a)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Kết quả giải quyết hồ sơ {code} (SANDBOX)</title>
<style>
body {{ font-family: "Times New Roman", serif; max-width: 42rem; margin: 2rem auto; color: #000; }}
.banner {{ border: 2px dashed #b00; color: #b00; padding: .5rem; text-align: center; font-weight: bold; }}
h1 {{ text-align: center; font-size: 1.3rem; text-transform: uppercase; }}
.motto {{ text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: .3rem; border-bottom: 1px solid #ccc; }}
@media print {{ .banner {{ border-color: #000; color: #000; }} }}
</style>
</head>
<body>
<p class="banner">SANDBOX — tài liệu thử nghiệm, không có giá trị pháp lý / test document, not legally valid</p>
<p class="motto"><strong>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc</p>
<h1>Thông báo kết quả giải quyết thủ tục hành chính</h1>
<p>Hồ sơ dưới đây đã được giải quyết. / The dossier below has been decided.</p>
<table>
<tr><th>Mã hồ sơ / Dossier code</th><td>{code}</td></tr>
<tr><th>Thủ tục / Procedure</th><td>{procedure_code} — {procedure_name}</td></tr>
{agency}{applicant}<tr><th>Ngày nộp / Submitted</th><td>{submitted}</td></tr>
<tr><th>Ngày hẹn trả / Appointment</th><td>{due}</td></tr>
<tr><th>Ngày có kết quả / Decided on</th><td>{issued}</td></tr>
<tr><th>Kết quả / Result</th><td>Chấp thuận / Approved</td></tr>
</table>
<p>Đơn vị tiếp nhận (thử nghiệm) / Receiving unit (sandbox): {unit}. Phát hành lúc / issued at {issued_at}.</p>
</body>
</html>
"#,
        code = esc(&receipt.code),
        procedure_code = esc(&receipt.procedure_code),
        procedure_name = esc(&receipt.procedure_name),
        submitted = esc(&receipt.submitted_at),
        due = esc(receipt.due_on.as_deref().unwrap_or("—")),
        issued = esc(&issued.to_dmy()),
        unit = esc(super::RECEIVING_UNIT),
        issued_at = esc(&rfc3339_vn(now)),
    )
}

/// The applicant's or owner's name from the usual field ids of the official and generic
/// forms; None when the form names them otherwise.
fn applicant_name(answers: &Answers) -> Option<String> {
    [
        "full_name",
        "owner_full_name",
        "org_name",
        "enterprise_name",
        "business_name",
    ]
    .iter()
    .filter_map(|id| answers.get(id).and_then(Answer::as_text))
    .map(str::trim)
    .find(|s| !s.is_empty())
    .map(str::to_owned)
}
