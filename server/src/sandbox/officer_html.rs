//! The sandbox officer console (`/sandbox/officer`): server-rendered HTML so a
//! demonstrator can take a dossier through its life with nothing but a browser. Plain
//! forms posting urlencoded data, no script and no inline style (the portal's CSP allows
//! neither). Every value from a dossier is escaped.

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::dossier::api::{DossierPaymentStatus, DossierStatusBody, OfficerDossier};
use domain::dossier::{Action, ActionKind, DossierCode};
use std::collections::HashMap;

use crate::dossiers::escape_html as esc;
use crate::dossiers::{now_unix, store};
use crate::error::AppError;
use crate::routes::officer::apply_action;
use crate::routes::ApiPath;
use crate::state::AppState;

const BANNER: &str = "<p><strong>SANDBOX</strong> — bàn làm việc thử nghiệm của cán bộ một cửa; \
không phải hệ thống của cơ quan nhà nước / test officer console, not a government system.</p>";

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>SANDBOX — {}</title>\n</head>\n<body>\n{BANNER}\n{body}\n</body>\n</html>\n",
        esc(title)
    );
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // An error page here is meant as HTML, not the API's JSON error shape.
    response
        .extensions_mut()
        .insert(crate::static_files::PlainErrorBody);
    response
}

fn error_page(error: &AppError, back: &str) -> Response {
    let (status, body) = error.to_api_error();
    page(
        status,
        "Lỗi / Error",
        &format!(
            "<h1>Không thực hiện được / Not done</h1>\n<p>{}</p>\n<p lang=\"en\">{}</p>\n\
             <p><a href=\"{}\">Quay lại / Back</a></p>",
            esc(&body.error.message_vi),
            esc(&body.error.message_en),
            esc(back)
        ),
    )
}

fn dossier_href(code: &str) -> String {
    format!("/sandbox/officer/dossiers/{code}")
}

fn payment_label(status: DossierPaymentStatus) -> &'static str {
    match status {
        DossierPaymentStatus::NotRequired => "Không thu phí / no fee",
        DossierPaymentStatus::Unpaid => "Chưa thanh toán / unpaid",
        DossierPaymentStatus::Pending => "Đang thanh toán / pending",
        DossierPaymentStatus::Paid => "Đã thanh toán / paid",
    }
}

/// Marks a practice filing wherever it is shown, so nobody processes a rehearsal as a real
/// application.
const PRACTICE_MARK: &str =
    "<strong class=\"practice-mark\">BẢN THỬ</strong> <span lang=\"en\">(practice)</span>";

fn practice_mark(practice: bool) -> String {
    if practice {
        format!(" {PRACTICE_MARK}")
    } else {
        String::new()
    }
}

fn list_row(d: &OfficerDossier) -> String {
    format!(
        "<tr><td><a href=\"{href}\">{code}</a>{practice}</td><td>{pcode} — {pname}</td><td>{state}</td>\
         <td>{submitted}</td><td>{due}{overdue}</td><td>{payment}</td></tr>",
        href = esc(&dossier_href(&d.code)),
        code = esc(&d.code),
        practice = practice_mark(d.practice),
        pcode = esc(&d.procedure_code),
        pname = esc(&d.procedure_name),
        state = esc(d.state.label_vi()),
        submitted = esc(&d.submitted_at),
        due = esc(d.due_on.as_deref().unwrap_or("—")),
        overdue = if d.overdue {
            " <strong>(quá hạn / overdue)</strong>"
        } else {
            ""
        },
        payment = payment_label(d.payment_status),
    )
}

/// `GET /sandbox/officer`: every dossier, newest first.
pub async fn list_page(State(state): State<AppState>) -> Response {
    let now = now_unix();
    match state.db.read(move |c| store::list(c, now)).await {
        Ok(list) => {
            let rows: String = list.iter().map(list_row).collect::<Vec<_>>().join("\n");
            let body = if list.is_empty() {
                "<h1>Hồ sơ / Dossiers</h1>\n<p>Chưa có hồ sơ nào / No dossiers yet.</p>".to_owned()
            } else {
                format!(
                    "<h1>Hồ sơ / Dossiers</h1>\n<table>\n<thead><tr><th>Mã hồ sơ / Code</th>\
                     <th>Thủ tục / Procedure</th><th>Trạng thái / State</th><th>Ngày nộp / Submitted</th>\
                     <th>Hẹn trả / Due</th><th>Phí / Fee</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
                )
            };
            page(StatusCode::OK, "Cán bộ một cửa / Officer", &body)
        }
        Err(e) => error_page(&AppError::Db(e), "/sandbox/officer"),
    }
}

fn action_form(code: &str, kind: ActionKind) -> String {
    let action = esc(&format!("/sandbox/officer/dossiers/{code}/actions"));
    let value = match kind {
        ActionKind::StartProcessing => "start_processing",
        ActionKind::RequestSupplement => "request_supplement",
        ActionKind::AttachResult => "attach_result",
        ActionKind::ReturnResult => "return_result",
        ActionKind::Reject => "reject",
        // The citizen's action; never offered here.
        ActionKind::Supplement => return String::new(),
    };
    let text = match kind {
        ActionKind::RequestSupplement => {
            "<p><label>Nội dung cần bổ sung / What is missing<br>\
             <textarea name=\"note\" rows=\"3\" cols=\"60\" required></textarea></label></p>"
        }
        ActionKind::Reject => {
            "<p><label>Lý do từ chối / Reason<br>\
             <textarea name=\"reason\" rows=\"3\" cols=\"60\" required></textarea></label></p>"
        }
        _ => "",
    };
    format!(
        "<form method=\"post\" action=\"{action}\">\n<input type=\"hidden\" name=\"action\" value=\"{value}\">\n\
         {text}<p><button type=\"submit\">{vi} / {en}</button></p>\n</form>",
        vi = esc(kind.label_vi()),
        en = esc(kind.label_en()),
    )
}

fn dossier_body(body: &DossierStatusBody) -> String {
    let s = &body.status;
    let timeline: String = s
        .timeline
        .iter()
        .map(|t| {
            format!(
                "<li>{} — {}{}</li>",
                esc(&t.at),
                esc(t.state.label_vi()),
                t.note
                    .as_deref()
                    .map(|n| format!(": {}", esc(n)))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let files: String = if s.files.is_empty() {
        "<p>Không có tệp đính kèm / No attachments.</p>".to_owned()
    } else {
        let items = s
            .files
            .iter()
            .map(|f| {
                format!(
                    "<li>{} ({}, {} bytes, lần {})</li>",
                    esc(&f.name),
                    esc(&f.mime),
                    f.size,
                    f.round
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        format!("<ul>\n{items}\n</ul>")
    };
    let forms: String = s
        .state
        .kind()
        .actions()
        .iter()
        .map(|k| action_form(&s.code, *k))
        .collect::<Vec<_>>()
        .join("\n");
    let answers = serde_json::to_string_pretty(&s.answers).unwrap_or_default();
    format!(
        "<p><a href=\"/sandbox/officer\">← Danh sách / All dossiers</a></p>\n\
         <h1>Hồ sơ {code}{practice}</h1>\n{practice_note}<dl>\n\
         <dt>Thủ tục / Procedure</dt><dd>{pcode} — {pname}</dd>\n\
         <dt>Trạng thái / State</dt><dd>{state}{note}</dd>\n\
         <dt>Ngày nộp / Submitted</dt><dd>{submitted}</dd>\n\
         <dt>Ngày tiếp nhận / Received on</dt><dd>{received}</dd>\n\
         <dt>Hẹn trả / Due</dt><dd>{due}{overdue}</dd>\n\
         <dt>Phí / Fee</dt><dd>{fee} VND — {payment}</dd>\n\
         <dt>Kết quả / Result</dt><dd>{result}</dd>\n</dl>\n\
         <h2>Thao tác / Actions</h2>\n{forms}\n\
         <h2>Tiến trình / Timeline</h2>\n<ol>\n{timeline}\n</ol>\n\
         <h2>Tệp / Files</h2>\n{files}\n\
         <h2>Nội dung kê khai / Answers</h2>\n<pre>{answers}</pre>",
        code = esc(&s.code),
        practice = practice_mark(body.practice),
        practice_note = if body.practice {
            "<p><strong>BẢN THỬ</strong> — hồ sơ nộp ở chế độ thực hành, không giải quyết thật \
             / filed in practice mode: not a real application.</p>\n"
        } else {
            ""
        },
        pcode = esc(&s.procedure_code),
        pname = esc(&s.procedure_name),
        state = esc(s.state.label_vi()),
        note = s
            .state
            .note()
            .map(|n| format!(": {}", esc(n)))
            .unwrap_or_default(),
        submitted = esc(&s.submitted_at),
        received = esc(&s.received_on),
        due = esc(s.due_on.as_deref().unwrap_or("—")),
        overdue = if s.overdue {
            " <strong>(quá hạn / overdue)</strong>"
        } else {
            ""
        },
        fee = s.fee_total_vnd,
        payment = payment_label(s.payment.status),
        result = if s.result_available {
            "Đã có / available"
        } else {
            "Chưa có / none yet"
        },
        forms = if forms.is_empty() {
            "<p>Hồ sơ đã kết thúc / The dossier is closed.</p>".to_owned()
        } else {
            forms
        },
        answers = esc(&answers),
    )
}

/// `GET /sandbox/officer/dossiers/{code}`: one dossier with the actions its state allows.
pub async fn dossier_page(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
) -> Response {
    let Ok(code) = DossierCode::parse(&raw).map(|c| c.to_string()) else {
        return error_page(&AppError::DossierNotFound, "/sandbox/officer");
    };
    let now = now_unix();
    let found = state
        .db
        .read(move |c| match store::find(c, &code)? {
            Some(row) => store::status_body(c, &row, now).map(Some),
            None => Ok(None),
        })
        .await;
    match found {
        Ok(Some(s)) => page(
            StatusCode::OK,
            &format!("Hồ sơ {}", s.status.code),
            &dossier_body(&s),
        ),
        Ok(None) => error_page(&AppError::DossierNotFound, "/sandbox/officer"),
        Err(e) => error_page(&AppError::Db(e), "/sandbox/officer"),
    }
}

/// The officer's form fields as a domain action.
fn action_of(form: &HashMap<String, String>) -> Option<Action> {
    let text = |k: &str| form.get(k).cloned().unwrap_or_default();
    Some(match form.get("action").map(String::as_str)? {
        "start_processing" => Action::StartProcessing,
        "request_supplement" => Action::RequestSupplement { note: text("note") },
        "attach_result" => Action::AttachResult,
        "return_result" => Action::ReturnResult,
        "reject" => Action::Reject {
            reason: text("reason"),
        },
        _ => return None,
    })
}

/// `POST /sandbox/officer/dossiers/{code}/actions` (urlencoded `action`, `note`,
/// `reason`): applies the action, then 303 back to the dossier page.
pub async fn post_action(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let back = DossierCode::parse(&raw)
        .map(|c| dossier_href(&c.to_string()))
        .unwrap_or_else(|_| "/sandbox/officer".to_owned());
    let Ok(Form(form)) = form else {
        return error_page(&AppError::BadJson("not a form post".into()), &back);
    };
    let Some(action) = action_of(&form) else {
        return error_page(&AppError::BadJson("unknown action".into()), &back);
    };
    match apply_action(&state, &raw, action).await {
        Ok(s) => Redirect::to(&dossier_href(&s.status.code)).into_response(),
        Err(e) => error_page(&e, &back),
    }
}
