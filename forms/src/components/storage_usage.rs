//! How much the portal keeps on this device: the browser's usage and quota, whether the
//! storage is persistent (with a button to ask), and a count of each kind of record.
//! Laid out once per language, as `offline_download.rs` explains.

use crate::device_info::{DeviceInfo, Known};
use crate::i18n::use_lang;
use crate::js;
use crate::storage_i18n::StorageStrings;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Not,
    Asking,
    /// The browser's answer, `None` when it has no such API.
    Answered(Option<bool>),
}

#[component]
pub fn StorageUsage(info: DeviceInfo) -> impl IntoView {
    let lang = use_lang();
    let asked = RwSignal::new(Asked::Not);
    let can_ask = js::storage_manager().and_then(|s| js::prop(&s, "persist")).is_some_and(|f| f.is_function());
    let ask = move |_| {
        asked.set(Asked::Asking);
        spawn_local(async move {
            let answer = portal_app::store::request_persistence().await;
            let _ = asked.try_set(Asked::Answered(answer));
            info.refresh();
        });
    };

    move || {
        let s = lang.storage();
        let usage = move || match info.estimate.get() {
            Known::Loading => s.loading.to_owned(),
            Known::Read(Some(e)) => (s.usage_line)(&lang.size(e.usage as u64), &lang.size(e.quota as u64)),
            Known::Read(None) => s.usage_unknown.to_owned(),
        };
        let persisted = move || match info.persisted.get() {
            Known::Loading => s.loading,
            Known::Read(Some(true)) => s.persisted_yes,
            Known::Read(Some(false)) => s.persisted_no,
            Known::Read(None) => s.persisted_unknown,
        };
        let button = move || {
            (can_ask && info.persisted.get() == Known::Read(Some(false))).then(|| {
                view! {
                    <button type="button" class="button button-secondary" id="storage-persist"
                        disabled=move || asked.get() == Asked::Asking on:click=ask>
                        {s.persist_button}
                    </button>
                }
            })
        };
        let answer = move || match asked.get() {
            Asked::Answered(Some(true)) => s.persist_granted,
            Asked::Answered(Some(false)) => s.persist_denied,
            Asked::Answered(None) => s.persist_unsupported,
            Asked::Not | Asked::Asking => "",
        };
        view! {
            <section id="storage-usage" aria-labelledby="storage-usage-title">
                <h2 class="heading-m" id="storage-usage-title">{s.usage_title}</h2>
                <p id="storage-estimate">{usage}</p>
                <p id="storage-persisted">{persisted}</p>
                {button}
                <p role="status" id="storage-persist-result">{answer}</p>
                <h3 class="heading-s" id="storage-counts-title">{s.counts_caption}</h3>
                {move || counts(s, lang.en(), info.counts.get())}
            </section>
        }
    }
}

/// The counts as a description list (term: what, definition: how many).
fn counts(s: &'static StorageStrings, en: bool, counts: Known<crate::device_info::Counts>) -> impl IntoView {
    let c = match counts {
        Known::Loading => return view! { <p class="hint">{s.loading}</p> }.into_any(),
        Known::Read(None) => {
            return view! { <p class="notice notice-warning" id="storage-counts-unavailable">{s.counts_unavailable}</p> }
                .into_any()
        }
        Known::Read(Some(c)) => c,
    };
    let number = |n: u32| {
        if en {
            portal_app::format::thousands_en(n as usize)
        } else {
            portal_app::format::thousands(n as usize)
        }
    };
    let rows = [
        ("count-drafts", s.count_drafts, c.drafts),
        ("count-attachments", s.count_attachments, c.attachments),
        ("count-outbox", s.count_outbox, c.outbox),
        ("count-procedures", s.count_procedures, c.procedures),
        ("count-dossiers", s.count_dossiers, c.dossiers),
    ]
    .into_iter()
    .map(|(id, term, n)| view! { <div class="summary-row"><dt>{term}</dt><dd id=id>{number(n)}</dd></div> })
    .collect_view();
    view! { <dl class="summary-list" id="storage-counts">{rows}</dl> }.into_any()
}
