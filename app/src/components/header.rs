use crate::components::lang_toggle::LangToggle;
use crate::i18n::use_i18n;
use crate::router::use_location;
use crate::routes::{is_drafts_path, Page};
use leptos::prelude::*;

#[component]
pub fn Header(page: Memo<Page>) -> impl IntoView {
    let i18n = use_i18n();
    let current = move |p: Page| move || (page.get() == p).then_some("page");
    let path = use_location().path;
    let in_drafts = move || path.with(|p| is_drafts_path(p));
    // Applying for a procedure stays under "Procedures"; drafts have their own link.
    let in_catalogue = move || {
        (matches!(page.get(), Page::Catalogue | Page::Procedure(_) | Page::Forms) && !in_drafts()).then_some("page")
    };
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main" on:click=skip_to_main>{move || i18n.t().skip_link}</a>
            <div class="container header-bar">
                <a href="/" class="brand">{move || i18n.t().portal_name}</a>
                <LangToggle/>
            </div>
            <nav class="container site-nav" aria-label=move || i18n.t().nav_label>
                <a href="/" aria-current=current(Page::Home)>{move || i18n.t().nav_home}</a>
                <a href="/thu-tuc" aria-current=in_catalogue>{move || i18n.t().nav_catalogue}</a>
                <a href="/ho-so-nhap" aria-current=move || in_drafts().then_some("page")>
                    {move || i18n.t().nav_drafts}
                </a>
            </nav>
        </header>
    }
}

/// Moves focus, not just the scroll position, so the next Tab starts inside `<main>`.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    if let Some(main) = crate::router::main_element() {
        ev.prevent_default();
        let _ = main.focus();
        main.scroll_into_view();
    }
}
