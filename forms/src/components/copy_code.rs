//! A dossier code with a "Sao chép" button: the code is what the person quotes to the
//! agency and types into the look-up, so it must be easy to take away whole.

use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub fn CopyCode(code: String) -> impl IntoView {
    let lang = use_lang();
    let copied = RwSignal::new(false);
    let text = code.clone();
    let copy = move |_| {
        let text = text.clone();
        spawn_local(async move {
            if write_clipboard(&text).await {
                let _ = copied.try_set(true);
            }
        });
    };
    view! {
        <span class="dossier-code" id="dossier-code">{code}</span>
        " "<button type="button" class="button button-secondary button-small no-print" id="copy-code" on:click=copy>{move || lang.t().copy}</button>
        <span class="visually-hidden" role="status">{move || copied.get().then(|| lang.t().copied)}</span>
    }
}

/// `navigator.clipboard.writeText`; false where there is no clipboard API (an insecure
/// origin) or the browser refused.
async fn write_clipboard(text: &str) -> bool {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return false };
    let clipboard = js_sys::Reflect::get(&nav, &"clipboard".into()).unwrap_or_default();
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else { return false };
    let Ok(p) = write.call1(&clipboard, &text.into()) else { return false };
    let Ok(p) = p.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(p).await.is_ok()
}
