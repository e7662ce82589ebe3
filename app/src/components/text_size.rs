//! "Chữ lớn" / "Large text": a larger root font size for the whole portal, remembered on
//! this device (localStorage `text-size`). Every size in the stylesheets is in rem, so the
//! one class `text-large` on `<html>` scales the text, the controls and the layout
//! breakpoints together.
//!
//! The boot script (scripts/trunk-post-build.mjs) owns the setting: it puts the class on
//! `<html>` before the app first draws, and its click handler flips the class, this
//! button's `aria-pressed` and the stored choice. The shell only draws the button, in the
//! state the page started in: a Leptos click handler and a signal for it measured 317 B
//! (brotli) more WASM than this button alone, the boot script's handler far less.

use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn TextSize() -> impl IntoView {
    let i18n = use_i18n();
    let large = document().document_element().is_some_and(|r| r.class_list().contains("text-large"));
    view! {
        <button type="button" id="text-size" class="button button-secondary text-size"
            aria-pressed=if large { "true" } else { "false" }>
            {move || i18n.t().large_text}
        </button>
    }
}
