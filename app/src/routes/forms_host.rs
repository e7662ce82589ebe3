//! The form routes (`/thu-tuc/:code/nop-ho-so…`, `/ho-so-nhap…`). Their pages are a second
//! WASM module (crate `forms/`), fetched only when one of these routes is opened so that the
//! catalogue's first load does not carry the wizard; this component loads it and lets it
//! render into `<div id="forms-root">`. How the two modules talk: docs/architecture.md.
//!
//! Everything here is in the first load, so it is written for size: no signals and no view
//! per state (each cost a kilobyte or more of generic Leptos code), just two fixed elements
//! and the loading or error message written into the first as markup.

use crate::document;
use crate::i18n::{use_i18n, I18n};
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// Set by the boot script (scripts/trunk-post-build.mjs): a promise of the forms
    /// module's exports, fetched and instantiated once. Absent where the boot script did not
    /// run (wasm-bindgen tests), which the `catch` turns into an error instead of a trap.
    #[wasm_bindgen(catch, js_namespace = window, js_name = __portalForms)]
    fn portal_forms() -> Result<JsValue, JsValue>;
}

thread_local! {
    // The module whose `mount` last succeeded, so cleanup can call its `unmount`.
    static MOUNTED: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Mounted once for all form routes (`Page::Forms`) and not rebuilt on a language switch:
/// the forms module keeps its own state (what the person typed) and follows the route and
/// language through the events described in docs/architecture.md. The loading and error
/// messages are in the language of the moment they appear.
#[component]
pub fn FormsHost() -> impl IntoView {
    let i18n = use_i18n();
    // The view below is in the page by the time this task runs: it waits at least a microtask.
    spawn_local(load(i18n));
    on_cleanup(|| {
        if let Some(module) = MOUNTED.with(|m| m.borrow_mut().take()) {
            if let Err(e) = call_export(&module, "unmount", &JsValue::UNDEFINED) {
                warn(&e);
            }
        }
    });
    // The only button the message ever has is Retry.
    let retry = move |ev: leptos::ev::MouseEvent| {
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button").ok().flatten())
            .is_some();
        if on_button {
            spawn_local(load(i18n));
        }
    };

    // The forms module owns everything inside #forms-root; this view never renders into it.
    view! {
        <div id="forms-message" on:click=retry></div>
        <div id="forms-root"></div>
    }
}

async fn load(i18n: I18n) {
    let t = i18n.t();
    // Until the module renders its page (and sets its title), the tab says what is happening.
    document::set_title(t.forms_loading, t.portal_name);
    show_message(&format!(
        r#"<div class="container page"><h1 class="visually-hidden">{0}</h1><p class="notice" role="status">{0}</p></div>"#,
        t.forms_loading
    ));
    let module = import_module().await;
    // Gone when the person left the form routes meanwhile: then there is nothing to mount.
    // (If they already came back, this mounts into the new host, and its own load's mount
    // replaces this one; the module renders once either way.)
    let Some(root) = element("forms-root") else { return };
    let mounted = module.and_then(|m| call_export(&m, "mount", &root).map(|()| m));
    match mounted {
        Ok(m) => {
            MOUNTED.with(|slot| *slot.borrow_mut() = Some(m));
            show_message("");
        }
        Err(e) => {
            // Offline, a failed fetch, or the module threw: the person gets Retry either way.
            warn(&e);
            let t = i18n.t();
            document::set_title(t.forms_error_title, t.portal_name);
            show_message(&format!(
                r#"<div class="container page"><h1>{}</h1><div class="notice notice-error" role="alert"><p>{}</p><button type="button" class="button">{}</button></div></div>"#,
                t.forms_error_title, t.forms_error, t.retry
            ));
        }
    }
}

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// `html` is built only from the string tables (constants, no user or server text).
fn show_message(html: &str) {
    if let Some(el) = element("forms-message") {
        el.set_inner_html(html);
    }
}

/// The forms module's exports, once fetched and instantiated.
async fn import_module() -> Result<JsValue, JsValue> {
    let pending = portal_forms()?;
    // resolve() also accepts a non-promise value, so a changed loader fails below, not here.
    JsFuture::from(Promise::resolve(&pending)).await
}

/// Calls the module's exported function `name` (`unmount` ignores the argument).
fn call_export(module: &JsValue, name: &str, arg: &JsValue) -> Result<(), JsValue> {
    Reflect::get(module, &JsValue::from_str(name))?
        .dyn_into::<Function>()?
        .call1(&JsValue::UNDEFINED, arg)
        .map(|_| ())
}

fn warn(e: &JsValue) {
    web_sys::console::warn_2(&JsValue::from_str("forms module:"), e);
}

#[cfg(test)]
mod tests {
    use super::FormsHost;
    use crate::i18n::I18n;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    async fn next_tasks() {
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
    }

    /// Without the boot script there is no `window.__portalForms`: the host must say the
    /// form could not be loaded and offer a retry, not trap.
    #[wasm_bindgen_test]
    async fn without_the_loader_the_host_shows_a_retry() {
        let doc = web_sys::window().and_then(|w| w.document()).expect("document");
        let host: web_sys::HtmlElement = doc.create_element("div").expect("div").unchecked_into();
        doc.body().expect("body").append_child(&host).expect("append");
        let handle = leptos::mount::mount_to(host.clone(), || {
            provide_context(I18n::from_storage());
            view! { <FormsHost/> }
        });
        next_tasks().await;
        assert!(host.query_selector("#forms-root").ok().flatten().is_some());
        let alert = host.query_selector("#forms-message [role=alert]").ok().flatten().expect("error shown");
        let retry = alert.query_selector("button").ok().flatten().expect("retry button");
        // Retry without a loader fails again, and says so again.
        retry.unchecked_into::<web_sys::HtmlElement>().click();
        next_tasks().await;
        assert!(host.query_selector("#forms-message [role=alert] button").ok().flatten().is_some());
        drop(handle);
        host.remove();
    }
}
