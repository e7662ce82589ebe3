//! Where a prefilled answer came from, and the "Sửa" that unlocks a read-only one.

use crate::i18n::use_lang;
use crate::session::use_session;
use crate::time;
use leptos::prelude::*;

#[component]
pub fn ProvenanceBadge(id: String, input_id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let provenance = {
        let id = id.clone();
        Memo::new(move |_| s.answers.with(|a| a.provenance(&id).cloned()))
    };
    let locked = {
        let id = id.clone();
        Memo::new(move |_| s.locked(&id))
    };
    move || {
        provenance.get().map(|p| {
            let when = time::rfc3339(&p.retrieved_at);
            let (id, input_id) = (id.clone(), input_id.clone());
            let unlock = move |_| {
                s.unlocked.update(|u| u.push(id.clone()));
                let target = input_id.clone();
                request_animation_frame(move || {
                    crate::dom::focus(&target);
                });
            };
            view! {
                <p class="provenance">
                    <span class="badge badge-source">{move || (lang.t().provenance)(&when)}</span>
                    {p.edited.then(|| view! { " "<span class="badge badge-edited">{move || lang.t().edited}</span> })}
                    {move || locked.get().then(|| {
                        let unlock = unlock.clone();
                        view! {
                            " "<button type="button" class="link-button" on:click=unlock>{move || lang.t().edit_field}</button>
                            <span class="hint provenance-hint">{move || lang.t().locked_hint}</span>
                        }
                    })}
                </p>
            }
        })
    }
}
