//! The form pages' view of the URL, kept in step with the shell's router.
//!
//! The shell owns navigation: it intercepts link clicks and announces its own moves with
//! `portal:navigate`. This module moves by changing the history and firing `popstate`,
//! which the shell already follows for back/forward, so both stay on the same URL.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Review ("check your answers") in place of a step id.
pub const REVIEW: &str = "kiem-tra";
/// Query flag on a step opened from the review's "Thay đổi": continue goes back there.
pub const FROM_REVIEW: &str = "?tu=kiem-tra";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormRoute {
    /// `/ho-so-nhap`
    Drafts,
    /// `/thu-tuc/:code/nop-ho-so`: resume or start.
    Start(String),
    /// `/thu-tuc/:code/nop-ho-so/:draft/:step`; `step` is a step id or [`REVIEW`].
    Step { code: String, draft: String, step: String },
    /// `/ho-so/:code`: a filed dossier's receipt and status.
    Dossier(String),
    /// `/ho-so-cua-toi`: the dossiers filed from this device.
    MyDossiers,
    /// `/tra-cuu[?ma=:code]`: find a dossier by code and phone.
    Lookup,
    /// `/thanh-toan/ket-qua?vnp_…`: back from the payment gateway.
    PaymentReturn,
    /// `/ho-so/:code/bien-lai/:txn_ref`: the receipt (biên lai) of a completed payment.
    PaymentReceipt { code: String, txn_ref: String },
    /// `/du-lieu`: what this device keeps, offline catalogue, export/import, wipe.
    Storage,
    /// `/thu-tuc/:code/huong-dan`: the printable one-page guide, with the page's QR code.
    Guide(String),
    /// `/nhan/:code`: a draft handed off from another device by short code.
    Receive(String),
    /// `/ho-tro`: assisted mode and practice mode for community digital tech teams.
    Assist,
    /// `/thong-ke`: the anonymous usage funnel.
    Stats,
    /// `/tiep-can`: the accessibility statement.
    Statement,
    NotFound,
}

impl FormRoute {
    pub fn from_path(path: &str) -> FormRoute {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            ["ho-so-nhap"] => FormRoute::Drafts,
            ["thu-tuc", code, "nop-ho-so"] => FormRoute::Start((*code).to_owned()),
            ["thu-tuc", code, "nop-ho-so", draft, step] => FormRoute::Step {
                code: (*code).to_owned(),
                draft: (*draft).to_owned(),
                step: (*step).to_owned(),
            },
            ["ho-so", code] => FormRoute::Dossier((*code).to_owned()),
            ["ho-so-cua-toi"] => FormRoute::MyDossiers,
            ["tra-cuu"] => FormRoute::Lookup,
            ["thanh-toan", "ket-qua"] => FormRoute::PaymentReturn,
            ["ho-so", code, "bien-lai", txn_ref] => {
                FormRoute::PaymentReceipt { code: (*code).to_owned(), txn_ref: (*txn_ref).to_owned() }
            }
            ["du-lieu"] => FormRoute::Storage,
            ["thu-tuc", code, "huong-dan"] => FormRoute::Guide((*code).to_owned()),
            ["nhan", code] => FormRoute::Receive((*code).to_owned()),
            ["ho-tro"] => FormRoute::Assist,
            ["thong-ke"] => FormRoute::Stats,
            ["tiep-can"] => FormRoute::Statement,
            _ => FormRoute::NotFound,
        }
    }
}

pub fn step_href(code: &str, draft: &str, step: &str) -> String {
    format!("/thu-tuc/{code}/nop-ho-so/{draft}/{step}")
}

/// A dossier's receipt and status page.
pub fn dossier_href(code: &str) -> String {
    format!("/ho-so/{}", js_sys::encode_uri_component(code))
}

/// The current path and query, as signals.
#[derive(Debug, Clone, Copy)]
pub struct Url {
    pub path: RwSignal<String>,
    pub search: RwSignal<String>,
}

impl Url {
    pub fn sync(self) {
        let (path, search) = current();
        if self.path.with_untracked(|p| *p != path) {
            self.path.set(path);
        }
        if self.search.with_untracked(|s| *s != search) {
            self.search.set(search);
        }
    }

    pub fn opened_from_review(self) -> bool {
        self.search.with(|s| s.contains("tu=kiem-tra"))
    }
}

pub fn use_url() -> Url {
    expect_context::<Url>()
}

pub fn current() -> (String, String) {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| (l.pathname().unwrap_or_else(|_| "/".into()), l.search().unwrap_or_default()))
        .unwrap_or_else(|| ("/".into(), String::new()))
}

/// Moves to `href` and tells both routers. `replace` rewrites the current entry (for
/// redirects that should not leave a step in the back history).
pub fn navigate(href: &str, replace: bool) {
    let Some(window) = web_sys::window() else { return };
    let Ok(history) = window.history() else { return };
    let done = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(href))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(href))
    };
    if done.is_err() {
        let _ = window.location().set_href(href);
        return;
    }
    if let Ok(ev) = web_sys::PopStateEvent::new("popstate") {
        let _ = window.dispatch_event(&ev);
    }
    if !replace {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::FormRoute;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn paths() {
        assert_eq!(FormRoute::from_path("/ho-so-nhap"), FormRoute::Drafts);
        assert_eq!(FormRoute::from_path("/thu-tuc/1.001612/nop-ho-so"), FormRoute::Start("1.001612".into()));
        assert_eq!(
            FormRoute::from_path("/thu-tuc/1.001612/nop-ho-so/abc/owner"),
            FormRoute::Step { code: "1.001612".into(), draft: "abc".into(), step: "owner".into() }
        );
        assert_eq!(FormRoute::from_path("/thu-tuc/1.001612/nop-ho-so/abc"), FormRoute::NotFound);
        assert_eq!(FormRoute::from_path("/ho-so/000.00.31.H29-251122-0001-XY"), FormRoute::Dossier("000.00.31.H29-251122-0001-XY".into()));
        assert_eq!(FormRoute::from_path("/ho-so-cua-toi"), FormRoute::MyDossiers);
        assert_eq!(FormRoute::from_path("/ho-so"), FormRoute::NotFound);
        assert_eq!(FormRoute::from_path("/tra-cuu"), FormRoute::Lookup);
        assert_eq!(FormRoute::from_path("/thanh-toan/ket-qua"), FormRoute::PaymentReturn);
        assert_eq!(
            FormRoute::from_path("/ho-so/000.00.31.H29-251122-0001-XY/bien-lai/HS1"),
            FormRoute::PaymentReceipt { code: "000.00.31.H29-251122-0001-XY".into(), txn_ref: "HS1".into() }
        );
        assert_eq!(FormRoute::from_path("/ho-so/X/bien-lai"), FormRoute::NotFound);
        assert_eq!(FormRoute::from_path("/du-lieu"), FormRoute::Storage);
        assert_eq!(FormRoute::from_path("/du-lieu/x"), FormRoute::NotFound);
    }
}
