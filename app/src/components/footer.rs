use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{move || i18n.t().source_line}</p>
                <p>{move || i18n.t().footer_note}</p>
                <p><a href="/du-lieu">{move || i18n.t().footer_storage}</a></p>
            </div>
        </footer>
    }
}
