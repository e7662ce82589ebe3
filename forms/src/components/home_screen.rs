//! Why and how to add the portal to the home screen: Safari's seven-day deletion, the
//! browser's install dialog where it offers one, and the menu steps where it does not.

use crate::i18n::use_lang;
use crate::install;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    None,
    Asking,
    Dismissed,
}

#[component]
pub fn HomeScreen() -> impl IntoView {
    let lang = use_lang();
    let installed = RwSignal::new(install::installed());
    let offered = RwSignal::new(install::offered().is_some());
    let outcome = RwSignal::new(Outcome::None);
    // Chrome may offer installation only after some time on the site.
    let on_offer = window_event_listener_untyped("beforeinstallprompt", move |ev| {
        install::keep(&JsValue::from(ev));
        offered.set(install::offered().is_some());
    });
    let on_installed = window_event_listener_untyped("appinstalled", move |_| installed.set(true));
    on_cleanup(move || {
        on_offer.remove();
        on_installed.remove();
    });

    let add = move |_| {
        let Some(event) = install::offered() else {
            offered.set(false);
            return;
        };
        outcome.set(Outcome::Asking);
        spawn_local(async move {
            let accepted = install::prompt(event).await;
            let _ = offered.try_set(install::offered().is_some());
            let _ = outcome.try_set(match accepted {
                Some(true) => Outcome::None,
                _ => Outcome::Dismissed,
            });
            if accepted == Some(true) {
                let _ = installed.try_set(true);
            }
        });
    };

    move || {
        let s = lang.storage();
        let how = move || {
            if installed.get() {
                return view! { <p class="notice notice-success" id="home-screen-installed">{s.installed}</p> }.into_any();
            }
            let button = offered.get().then(|| {
                view! {
                    <p class="actions">
                        <button type="button" class="button" id="install-app"
                            disabled=move || outcome.get() == Outcome::Asking on:click=add>
                            {s.install_button}
                        </button>
                    </p>
                }
            });
            view! {
                {button}
                <p>{s.install_how}</p>
                <ul id="install-steps">
                    <li>{s.install_android}</li>
                    <li>{s.install_ios}</li>
                </ul>
            }
            .into_any()
        };
        view! {
            <section id="home-screen" aria-labelledby="home-screen-title">
                <h2 class="heading-m" id="home-screen-title">{s.home_title}</h2>
                <p id="safari-eviction">{s.safari_note}</p>
                <p>{s.install_note}</p>
                {how}
                <p role="status" id="install-result">
                    {move || if outcome.get() == Outcome::Dismissed { s.install_dismissed } else { "" }}
                </p>
            </section>
        }
    }
}
