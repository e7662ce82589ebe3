use crate::document;
use crate::i18n::Strings;
use leptos::prelude::*;

#[component]
pub fn NotFound(t: &'static Strings) -> impl IntoView {
    document::set_title(t.not_found_title, t.portal_name);
    view! {
        <div class="container page">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p class="actions">
                <a href="/" class="button">{t.go_home}</a>
                <a href="/thu-tuc" class="button button-secondary">{t.browse_all}</a>
            </p>
        </div>
    }
}
