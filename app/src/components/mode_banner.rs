//! The banner that says this device is in an assisted session or in practice mode, on every
//! page, so neither the volunteer nor the citizen forgets which data they are working on.
//!
//! The practice watermark ("BẢN THỬ — không có giá trị pháp lý", decreed wording) is drawn
//! by the stylesheet from the `practice` class set here, so it covers printouts too and
//! costs no WASM. The mode is fixed for the page's life (see [`crate::mode`]).

use crate::i18n::use_i18n;
use crate::mode;
use leptos::prelude::*;

#[component]
pub fn ModeBanner() -> impl IntoView {
    let i18n = use_i18n();
    let assisted = mode::assist_session().is_some();
    let practice = mode::practice();
    if practice {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.class_list().add_1("practice");
        }
    }
    view! {
        <div class="mode-banner" hidden=!(assisted || practice)>
            <p class="practice-banner" hidden=!practice>{move || i18n.t().practice_banner}</p>
            <p class="assist-banner" hidden=!assisted>
                {move || i18n.t().assist_banner} " "
                <a href="/ho-tro">{move || i18n.t().assist_end_link}</a>
            </p>
        </div>
    }
}
