//! A dossier's states in order, each with its time and note (the supplement asked for,
//! the reason for a rejection).

use crate::i18n::use_lang;
use crate::time;
use domain::dossier::TimelineEntry;
use leptos::prelude::*;

#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let lang = use_lang();
    let items = entries
        .into_iter()
        .map(|e| {
            let state = e.state;
            let at = time::rfc3339(&e.at);
            let note = e.note.map(|n| view! { <p class="timeline-note">{n}</p> });
            view! {
                <li class="timeline-item" data-state=state.as_str()>
                    <strong>{move || lang.pick(state.label_vi(), state.label_en()).to_owned()}</strong>
                    " "<span class="hint">{at}</span>
                    {note}
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 class="heading-m">{move || lang.t().timeline_title}</h2>
        <ol class="timeline" id="timeline">{items}</ol>
    }
}
