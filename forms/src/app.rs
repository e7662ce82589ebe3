use crate::i18n::Lang;
use crate::nav::{FormRoute, Url};
use crate::routes::{dossier::Dossier, drafts::Drafts, my_dossiers::MyDossiers, start::Start, wizard::Wizard};
use crate::routes::{lookup::Lookup, payment_receipt::PaymentReceipt, payment_return::PaymentReturn};
use crate::routes::storage::Storage;
use crate::routes::{assist::Assist, guide::Guide, receive::Receive, stats::Stats, statement::Statement};
use leptos::prelude::*;
use portal_app::i18n::Locale;
use wasm_bindgen::JsCast;

/// Follows the shell's URL and language, and shows the page for the form route.
#[component]
pub fn FormsApp() -> impl IntoView {
    crate::dom::watch_presses();
    let (path, search) = crate::nav::current();
    let url = Url { path: RwSignal::new(path), search: RwSignal::new(search) };
    provide_context(url);
    let lang = Lang(RwSignal::new(initial_locale()));
    provide_context(lang);

    let on_nav = window_event_listener_untyped("popstate", move |_| url.sync());
    let on_shell_nav = window_event_listener_untyped("portal:navigate", move |_| url.sync());
    let on_lang = window_event_listener_untyped("portal:lang", move |ev| {
        let tag = ev.dyn_ref::<web_sys::CustomEvent>().and_then(|e| e.detail().as_string());
        if let Some(l) = tag.as_deref().and_then(Locale::from_tag) {
            lang.0.set(l);
        }
    });
    // Payments left unsettled (a closed tab, a lost connection on the way back from the
    // gateway) are asked about now and whenever the connection returns.
    crate::payment_reconcile::start();
    on_cleanup(move || {
        on_nav.remove();
        on_shell_nav.remove();
        on_lang.remove();
    });

    let route = Memo::new(move |_| url.path.with(|p| FormRoute::from_path(p)));
    // A step change keeps the same draft open: only a different draft (or page) rebuilds,
    // so the session, its lock and its pending save survive moving between steps.
    let page = Memo::new(move |_| match route.get() {
        FormRoute::Step { code, draft, .. } => FormRoute::Step { code, draft, step: String::new() },
        other => other,
    });
    move || match page.get() {
        FormRoute::Drafts => view! { <Drafts/> }.into_any(),
        FormRoute::Start(code) => view! { <Start code/> }.into_any(),
        FormRoute::Step { code, draft, .. } => {
            // This draft's step only. Leaving it ("Lưu và thoát", the header's drafts link,
            // another draft) changes the route before this view is replaced: a blank or
            // foreign step would make the wizard "correct" the URL back to its first step.
            let (this_code, this_draft) = (code.clone(), draft.clone());
            let step = Memo::new(move |prev: Option<&String>| match route.get() {
                FormRoute::Step { code, draft, step } if code == this_code && draft == this_draft => step,
                _ => prev.cloned().unwrap_or_default(),
            });
            view! { <Wizard code draft step/> }.into_any()
        }
        FormRoute::Dossier(code) => view! { <Dossier code/> }.into_any(),
        FormRoute::MyDossiers => view! { <MyDossiers/> }.into_any(),
        FormRoute::Lookup => view! { <Lookup/> }.into_any(),
        FormRoute::PaymentReturn => view! { <PaymentReturn/> }.into_any(),
        FormRoute::PaymentReceipt { code, txn_ref } => view! { <PaymentReceipt code txn_ref/> }.into_any(),
        FormRoute::Storage => view! { <Storage/> }.into_any(),
        FormRoute::Guide(code) => view! { <Guide code/> }.into_any(),
        FormRoute::Receive(code) => view! { <Receive code/> }.into_any(),
        FormRoute::Assist => view! { <Assist/> }.into_any(),
        FormRoute::Stats => view! { <Stats/> }.into_any(),
        FormRoute::Statement => view! { <Statement/> }.into_any(),
        // The shell only mounts this module on form routes; anything else is a stale URL.
        FormRoute::NotFound => ().into_any(),
    }
}

fn initial_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|t| Locale::from_tag(&t))
        .unwrap_or(Locale::Vi)
}
