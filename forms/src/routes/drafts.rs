//! "Hồ sơ nháp": every draft on this device, newest first, to resume exactly where it
//! was left or to delete (after a confirmation).

use crate::i18n::use_lang;
use crate::nav::step_href;
use crate::time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{DraftRecord, Store};

#[derive(Clone)]
enum List {
    Loading,
    /// `queued`: ids of drafts whose submission waits in the outbox.
    Ready { drafts: Vec<DraftRecord>, quarantined: usize, queued: Vec<String> },
    Unavailable,
}

#[component]
pub fn Drafts() -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(List::Loading);
    let refresh = move || {
        spawn_local(async move {
            let next = match Store::open().await {
                Ok(store) => match store.drafts().await {
                    Ok(d) => {
                        let queued = store.outbox().await.unwrap_or_default().into_iter().map(|q| q.id).collect();
                        List::Ready { drafts: d.drafts, quarantined: d.quarantined_now, queued }
                    }
                    Err(_) => List::Unavailable,
                },
                Err(_) => List::Unavailable,
            };
            let _ = list.try_set(next);
        });
    };
    refresh();
    // A queued submission filed or refused while the list is open.
    let on_outbox = window_event_listener_untyped(crate::submission::EVENT, move |_| refresh());
    on_cleanup(move || on_outbox.remove());
    Effect::new(move |_| {
        lang.set_title(lang.t().drafts_title);
    });
    let confirming = RwSignal::new(None::<String>);
    let announce = RwSignal::new(None::<&'static str>);
    let delete = move |id: String| {
        spawn_local(async move {
            if let Ok(store) = Store::open().await {
                if store.delete_draft(&id).await.is_ok() {
                    let _ = announce.try_set(Some("deleted"));
                }
            }
            let _ = confirming.try_set(None);
            refresh();
            // The item and its buttons are gone: start again from the page's heading.
            crate::dom::focus_later("drafts-title");
        });
    };
    // The confirmation takes focus on its safe choice and gives it back to "Xoá" when it closes.
    let ask = move |id: String| {
        crate::dom::focus_later(format!("confirm-no-{id}"));
        confirming.set(Some(id));
    };
    let cancel = move |id: String| {
        crate::dom::focus_later(format!("delete-{id}"));
        confirming.set(None);
    };
    let body = move || match list.get() {
        List::Loading => view! { <p class="hint">{move || lang.t().loading_form}</p> }.into_any(),
        List::Unavailable => view! { <p class="notice notice-warning">{move || lang.t().storage_unavailable}</p> }.into_any(),
        List::Ready { drafts, quarantined, queued } => {
            let notice = (quarantined > 0)
                .then(|| view! { <p class="notice notice-warning" role="alert">{move || (lang.t().quarantined)(quarantined)}</p> });
            if drafts.is_empty() {
                return view! {
                    {notice}
                    <p id="no-drafts">{move || lang.t().no_drafts}</p>
                    <p><a class="button" href="/thu-tuc">{move || lang.t().browse_procedures}</a></p>
                }
                .into_any();
            }
            let items = drafts
                .into_iter()
                .map(|d| {
                    let resume = step_href(&d.procedure, &d.id, &d.step);
                    let id = d.id.clone();
                    let (id_ask, id_yes) = (id.clone(), id.clone());
                    let asking = {
                        let id = id.clone();
                        move || confirming.with(|c| c.as_deref() == Some(id.as_str()))
                    };
                    let edited = time::date_time(d.updated_ms);
                    let (done, total) = (d.progress_done, d.progress_total);
                    let is_queued = queued.contains(&d.id);
                    let waiting = is_queued.then(|| {
                        view! { <p class="badge badge-queued outbox-status" role="status">{move || lang.t().queued_title}</p> }
                    });
                    view! {
                        <li class="draft" data-draft=id.clone()>
                            <h2 class="heading-s" lang="vi"><a href=resume.clone()>{d.procedure_name.clone()}</a></h2>
                            <p class="hint">{d.procedure.clone()}" · "{move || lang.t().last_edited}" "{edited.clone()}" · "{move || (lang.t().progress)(done, total)}</p>
                            {waiting}
                            {move || if asking() {
                                let id_yes = id_yes.clone();
                                let label_id = format!("confirm-{id_yes}");
                                let labelled_by = label_id.clone();
                                let (id_no, id_esc) = (id_yes.clone(), id_yes.clone());
                                let no_id = format!("confirm-no-{id_no}");
                                let on_key = move |ev: leptos::ev::KeyboardEvent| {
                                    if ev.key() == "Escape" {
                                        ev.prevent_default();
                                        cancel(id_esc.clone());
                                    }
                                    crate::dom::trap_tab(&ev);
                                };
                                view! {
                                    <div class="confirm" role="alertdialog" aria-labelledby=labelled_by on:keydown=on_key>
                                        <p id=label_id>{move || lang.t().confirm_delete}</p>
                                        <p class="actions">
                                            <button type="button" class="button button-warning" on:click=move |_| delete(id_yes.clone())>{move || lang.t().confirm_delete_yes}</button>
                                            <button type="button" class="button button-secondary" id=no_id on:click=move |_| cancel(id_no.clone())>{move || lang.t().cancel}</button>
                                        </p>
                                    </div>
                                }.into_any()
                            } else {
                                let id_ask = id_ask.clone();
                                let resume = resume.clone();
                                // A queued filing may already have reached the server with
                                // its answer lost; deleting it here would leave the person
                                // unsure whether they filed. It leaves the list once sent.
                                let delete_id = format!("delete-{id_ask}");
                                let delete_button = (!is_queued).then(|| view! {
                                    <button type="button" class="button button-secondary" id=delete_id on:click=move |_| ask(id_ask.clone())>{move || lang.t().delete}</button>
                                });
                                view! {
                                    <p class="actions">
                                        <a class="button" href=resume>{move || lang.t().resume}</a>
                                        {delete_button}
                                    </p>
                                }.into_any()
                            }}
                        </li>
                    }
                })
                .collect_view();
            view! { {notice}<ul class="draft-list" id="draft-list">{items}</ul> }.into_any()
        }
    };
    view! {
        <div class="container page">
            <h1 class="heading-l" id="drafts-title" tabindex="-1">{move || lang.t().drafts_title}</h1>
            <p>{move || lang.t().drafts_intro}</p>
            <p role="status">{move || announce.get().map(|_| lang.t().deleted)}</p>
            {body}
        </div>
    }
}
