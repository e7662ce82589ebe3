use crate::catalogue::CatalogueState;
use crate::components::{footer::Footer, header::Header};
use crate::i18n::{use_i18n, I18n};
use crate::router::provide_location;
use crate::routes::{
    apply::Apply, catalogue::Catalogue, home::Home, not_found::NotFound, procedure::Procedure, Page,
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
    // reactive boundary here instead of one per sentence keeps the WASM small.
    let content = move || {
        let t = i18n.t();
        match page.get() {
            Page::Home => view! { <Home t/> }.into_any(),
            Page::Catalogue => view! { <Catalogue t/> }.into_any(),
            Page::Procedure(code) => view! { <Procedure t code/> }.into_any(),
            Page::Apply(code) => view! { <Apply t code/> }.into_any(),
            Page::NotFound => view! { <NotFound t/> }.into_any(),
        }
    };

    view! {
        <Header page/>
        <main id="main" tabindex="-1">{content}</main>
        <Footer/>
    }
}
