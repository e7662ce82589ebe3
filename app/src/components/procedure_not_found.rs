use crate::document;
use crate::i18n::Strings;
use leptos::prelude::*;

/// The 404 for a code the server does not know, or one that is not a code at all.
#[component]
pub fn ProcedureNotFound(t: &'static Strings, code: String) -> impl IntoView {
    document::set_title(t.procedure_not_found_title, t.portal_name);
    view! {
        <div class="container page">
            <h1>{t.procedure_not_found_title}</h1>
            <p>{(t.procedure_not_found_body)(&code)}</p>
            <p class="actions">
                <a href="/thu-tuc" class="button">{t.back_to_catalogue}</a>
            </p>
        </div>
    }
}
