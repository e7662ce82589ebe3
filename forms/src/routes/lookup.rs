//! `/tra-cuu`: find a dossier by its code and the phone number given at filing, e.g. on
//! another device or after clearing the browser. Both are checked here first — a mistyped
//! code (its check characters) or a phone that is no Vietnamese number never costs a
//! request, nor one of the few look-ups a minute the server allows. A wrong pair and an
//! unknown code get one and the same answer from the server, and so from this page, so
//! codes cannot be probed. A found dossier is kept on this device with its access key,
//! then opened at `/ho-so/{code}`.

use crate::dossier_api::{self, DossierApiError};
use crate::i18n::use_lang;
use crate::nav::{dossier_href, navigate, use_url};
use domain::dossier::{canonical_phone, DossierCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

const CODE_ID: &str = "lookup-code";
const PHONE_ID: &str = "lookup-phone";
/// When the server asks to wait without saying how long: its window is a minute.
const DEFAULT_WAIT_S: u32 = 60;

/// A problem with one field, in both languages (from the domain's messages where it has them).
#[derive(Debug, Clone, PartialEq)]
struct FieldProblem {
    field: &'static str,
    vi: String,
    en: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Idle,
    Sending,
    /// The page's own words, in both languages.
    Failed { vi: String, en: String },
}

#[component]
pub fn Lookup() -> impl IntoView {
    let lang = use_lang();
    let url = use_url();
    let prefill = url.search.with_untracked(|s| query_param(s, "ma")).unwrap_or_default();
    let code = RwSignal::new(prefill);
    let phone = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let outcome = RwSignal::new(Outcome::Idle);
    Effect::new(move |_| lang.set_title(lang.t().lookup_title));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if outcome.with_untracked(|o| *o == Outcome::Sending) {
            return;
        }
        let checked = check(&code.get_untracked(), &phone.get_untracked());
        let (the_code, the_phone) = match checked {
            Ok(pair) => pair,
            Err(found) => {
                problems.set(found);
                outcome.set(Outcome::Idle);
                crate::dom::focus_later("lookup-errors");
                return;
            }
        };
        problems.set(Vec::new());
        outcome.set(Outcome::Sending);
        spawn_local(async move {
            match dossier_api::lookup(&the_code, &the_phone).await {
                // Kept with its access key, so the status page (and "Hồ sơ của tôi") can read it.
                Ok((_, raw)) => match crate::tracking::keep_looked_up(&raw).await {
                    Some(kept) => navigate(&dossier_href(&kept.record.code), false),
                    None => {
                        let t = (crate::i18n::VI.lookup_not_saved, crate::i18n::EN.lookup_not_saved);
                        let _ = outcome.try_set(Outcome::Failed { vi: t.0.into(), en: t.1.into() });
                    }
                },
                Err(e) => {
                    let _ = outcome.try_set(failure(&e));
                    crate::dom::focus_later("lookup-outcome");
                }
            }
        });
    };

    let error_of = move |field: &'static str| {
        move || {
            problems.with(|p| p.iter().find(|p| p.field == field).map(|p| lang.pick(&p.vi, &p.en).to_owned()))
        }
    };
    let summary = move || {
        let list = problems.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|p| {
                    let target = p.field;
                    let text = move || lang.pick(&p.vi, &p.en).to_owned();
                    view! {
                        <li><a href=format!("#{target}") on:click=move |ev| {
                            if crate::dom::focus(target) {
                                ev.prevent_default();
                            }
                        }>{text}</a></li>
                    }
                })
                .collect_view();
            view! {
                <div class="error-summary" id="lookup-errors" tabindex="-1" role="alert" aria-labelledby="lookup-errors-title">
                    <h2 class="error-summary-title" id="lookup-errors-title">{move || lang.t().error_summary_title}</h2>
                    <ul class="error-summary-list">{items}</ul>
                </div>
            }
        })
    };
    let result = move || match outcome.get() {
        Outcome::Failed { vi, en } => Some(view! {
            <div class="notice notice-error" id="lookup-outcome" tabindex="-1" role="alert">
                <p>{move || lang.pick(&vi, &en).to_owned()}</p>
            </div>
        }),
        _ => None,
    };
    view! {
        <div class="container page">
            <h1 class="heading-l">{move || lang.t().lookup_title}</h1>
            <p>{move || lang.t().lookup_intro}</p>
            {summary}
            {result}
            <form class="lookup-form" novalidate on:submit=submit>
                <TextField id=CODE_ID label=Signal::derive(move || lang.t().lookup_code_label)
                    hint=Signal::derive(move || lang.t().lookup_code_hint) value=code error=Signal::derive(error_of(CODE_ID))
                    input_type="text" autocomplete="off"/>
                <TextField id=PHONE_ID label=Signal::derive(move || lang.t().lookup_phone_label)
                    hint=Signal::derive(move || lang.t().lookup_phone_hint) value=phone error=Signal::derive(error_of(PHONE_ID))
                    input_type="tel" autocomplete="tel"/>
                <button type="submit" class="button" id="lookup-submit" disabled=move || outcome.with(|o| *o == Outcome::Sending)>
                    {move || if outcome.with(|o| *o == Outcome::Sending) { lang.t().looking_up } else { lang.t().lookup_button }}
                </button>
            </form>
        </div>
    }
}

#[component]
fn TextField(
    id: &'static str,
    label: Signal<&'static str>,
    hint: Signal<&'static str>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    input_type: &'static str,
    autocomplete: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if error.with(Option::is_some) { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    view! {
        <div class="form-group" class:form-group-error=move || error.with(Option::is_some)>
            <label class="label" for=id>{label}</label>
            <p class="hint" id=hint_id>{hint}</p>
            {move || error.get().map(|e| view! { <p class="error-message" id=error_id.clone()>{e}</p> })}
            <input class="input input-w20" id=id name=id type=input_type autocomplete=autocomplete spellcheck="false"
                aria-describedby=described aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// The code in its canonical spelling and the phone in its national form, or what is
/// wrong with each.
fn check(code: &str, phone: &str) -> Result<(String, String), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let code = match DossierCode::parse_checked(code) {
        Ok(c) => Some(c.to_string()),
        Err(e) => {
            problems.push(FieldProblem { field: CODE_ID, vi: e.message_vi(), en: e.message_en() });
            None
        }
    };
    let phone = if phone.trim().is_empty() {
        problems.push(FieldProblem {
            field: PHONE_ID,
            vi: "Nhập số điện thoại đã khai khi nộp hồ sơ".into(),
            en: "Enter the phone number given when the application was filed".into(),
        });
        None
    } else {
        let canonical = canonical_phone(phone);
        if canonical.is_none() {
            problems.push(FieldProblem {
                field: PHONE_ID,
                vi: "Số điện thoại không đúng. Nhập số di động hoặc cố định Việt Nam, ví dụ 0912 345 678".into(),
                en: "That is not a phone number. Enter a Vietnamese mobile or landline number, e.g. 0912 345 678".into(),
            });
        }
        canonical
    };
    match (code, phone) {
        (Some(c), Some(p)) => Ok((c, p)),
        _ => Err(problems),
    }
}

fn failure(e: &DossierApiError) -> Outcome {
    let (vi, en) = match e {
        // The server gives the same 404 for an unknown code and a wrong phone; so does this page.
        DossierApiError::Rejected { status: 404, .. } => {
            (crate::i18n::VI.lookup_not_found.to_owned(), crate::i18n::EN.lookup_not_found.to_owned())
        }
        DossierApiError::Busy { retry_after } => {
            let s = retry_after.unwrap_or(DEFAULT_WAIT_S).max(1);
            ((crate::i18n::VI.lookup_rate_limited)(s), (crate::i18n::EN.lookup_rate_limited)(s))
        }
        DossierApiError::Rejected { error, .. } => (error.error.message_vi.clone(), error.error.message_en.clone()),
        DossierApiError::Offline => (crate::i18n::VI.lookup_offline.to_owned(), crate::i18n::EN.lookup_offline.to_owned()),
        DossierApiError::Timeout => (crate::i18n::VI.lookup_timeout.to_owned(), crate::i18n::EN.lookup_timeout.to_owned()),
        DossierApiError::Server(_) | DossierApiError::Decode | DossierApiError::Build => {
            (crate::i18n::VI.lookup_server_error.to_owned(), crate::i18n::EN.lookup_server_error.to_owned())
        }
    };
    Outcome::Failed { vi, en }
}

/// One parameter of a query string (`?ma=…`), decoded.
fn query_param(search: &str, name: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| {
            js_sys::decode_uri_component(&v.replace('+', " ")).ok().and_then(|s| s.as_string()).unwrap_or_default()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{check, query_param, CODE_ID, PHONE_ID};
    use domain::date::Date;
    use domain::dossier::DossierCode;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn bad_input_never_leaves_the_page() {
        let fields = |r: Result<(String, String), Vec<super::FieldProblem>>| {
            r.err().map(|p| p.iter().map(|p| p.field).collect::<Vec<_>>()).unwrap_or_default()
        };
        assert_eq!(fields(check("", "")), [CODE_ID, PHONE_ID]);
        assert_eq!(fields(check("000.00.31.H29-251122-0001", "0912345678")), [CODE_ID]);
        let date = Date::new(2025, 11, 22).expect("a date");
        let code = DossierCode::new("000.00.31.H29", date, 1).expect("a code").to_string();
        assert_eq!(fields(check(&code, "12")), [PHONE_ID]);
        let (c, p) = check(&format!(" {} ", code.to_lowercase()), "+84 912 345 678").expect("valid");
        assert_eq!((c.as_str(), p.as_str()), (code.as_str(), "0912345678"));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn prefill_from_the_query() {
        assert_eq!(query_param("?ma=000.00.31.H29-251122-0001-XY", "ma").as_deref(), Some("000.00.31.H29-251122-0001-XY"));
        assert_eq!(query_param("?x=1&ma=a%20b", "ma").as_deref(), Some("a b"));
        assert_eq!(query_param("", "ma"), None);
    }
}
