use crate::document;
use crate::i18n::Strings;
use leptos::prelude::*;

/// Placeholder until online applications exist, so the detail page's main button
/// leads somewhere honest.
#[component]
pub fn Apply(t: &'static Strings, code: String) -> impl IntoView {
    document::set_title(t.apply_title, t.portal_name);
    view! {
        <div class="container page">
            <h1>{t.apply_title}</h1>
            <div class="notice">
                <p class="badge">{t.coming_soon}</p>
                <p>{t.coming_soon_body}</p>
            </div>
            <p class="actions">
                <a href=format!("/thu-tuc/{code}") class="button">{t.back_to_procedure}</a>
            </p>
        </div>
    }
}
