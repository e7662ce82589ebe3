use crate::catalogue::CatalogueState;
use crate::components::{footer::Footer, header::Header, mode_banner::ModeBanner, status_bar::StatusBar};
use crate::i18n::{use_i18n, I18n};
use crate::router::provide_location;
use crate::routes::{
    catalogue::Catalogue, forms_host::FormsHost, home::Home, not_found::NotFound, procedure::Procedure, Page,
};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    provide_context(I18n::from_storage());
    provide_context(CatalogueState::new());
    let location = provide_location();
    let i18n = use_i18n();
    let page = Memo::new(move |_| location.path.with(|p| Page::from_path(p)));

    // Pages get the strings as plain values and are rebuilt on a language switch: one
    // reactive boundary here instead of one per sentence keeps the WASM small. The forms
    // host is the exception: rebuilding it would remount the forms module and lose what the
    // person typed, so that arm does not read the language (the module follows it itself).
    let content = move || match page.get() {
        Page::Forms => view! { <FormsHost/> }.into_any(),
        Page::Home => view! { <Home t=i18n.t()/> }.into_any(),
        Page::Catalogue => view! { <Catalogue t=i18n.t()/> }.into_any(),
        Page::Procedure(code) => view! { <Procedure t=i18n.t() code/> }.into_any(),
        Page::NotFound => view! { <NotFound t=i18n.t()/> }.into_any(),
    };

    view! {
        <Header/>
        <ModeBanner/>
        <StatusBar/>
        <main id="main" tabindex="-1">{content}</main>
        <Footer/>
    }
}
