use crate::i18n::use_i18n;
use leptos::prelude::*;

/// Names the other language in that language, which is what a user who cannot read
/// the current one will recognise.
#[component]
pub fn LangToggle() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            id="lang-toggle"
            type="button"
            class="lang-toggle"
            lang=move || i18n.locale().other().tag()
            title=move || i18n.t().switch_language_hint
            on:click=move |_| i18n.toggle()
        >
            {move || i18n.t().other_language}
        </button>
    }
}
