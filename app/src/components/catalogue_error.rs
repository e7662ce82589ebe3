use crate::catalogue::CatalogueState;
use crate::i18n::Strings;
use leptos::prelude::*;

/// Shown when there is no catalogue to search: nothing cached and no network.
#[component]
pub fn CatalogueError(t: &'static Strings, state: CatalogueState) -> impl IntoView {
    view! {
        <div id="catalogue-error" class="notice notice-error" role="alert">
            <p>{t.catalogue_error}</p>
            <button type="button" class="button" on:click=move |_| state.retry()>{t.retry}</button>
        </div>
    }
}
