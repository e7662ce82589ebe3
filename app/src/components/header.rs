use crate::components::lang_toggle::LangToggle;
use crate::i18n::{use_i18n, Strings};
use crate::router::use_location;
use crate::routes::nav_section;
use leptos::prelude::*;

/// A header link: address, the section of paths it is current for (see [`nav_section`]),
/// and its label.
type Link = (&'static str, &'static str, fn(&Strings) -> &'static str);

/// One loop instead of five written-out links: each link's closures are then one piece
/// of code, which the first-load budget notices.
const LINKS: [Link; 5] = [
    ("/", "", |t| t.nav_home),
    // Applying for a procedure (`/thu-tuc/…/nop-ho-so`) stays under "Procedures".
    ("/thu-tuc", "thu-tuc", |t| t.nav_catalogue),
    ("/ho-so-nhap", "ho-so-nhap", |t| t.nav_drafts),
    ("/ho-so-cua-toi", "ho-so-cua-toi", |t| t.nav_my_dossiers),
    ("/tra-cuu", "tra-cuu", |t| t.nav_lookup),
];

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let path = use_location().path;
    let links = LINKS
        .into_iter()
        .map(|(href, section, label)| {
            let current = move || path.with(|p| nav_section(p) == section).then_some("page");
            view! { <a href=href aria-current=current>{move || label(i18n.t())}</a> }
        })
        .collect_view();
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main" on:click=skip_to_main>{move || i18n.t().skip_link}</a>
            <div class="container header-bar">
                <a href="/" class="brand">{move || i18n.t().portal_name}</a>
                <LangToggle/>
            </div>
            <nav class="container site-nav" aria-label=move || i18n.t().nav_label>{links}</nav>
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
