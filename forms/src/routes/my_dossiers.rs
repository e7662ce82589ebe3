//! "Hồ sơ của tôi": every dossier filed from (or looked up on) this device, with its last
//! known state and when that was seen — read from IndexedDB, so it works offline — then
//! refreshed from the server one by one when online. Submissions still in the outbox are
//! listed first as "Đang chờ gửi".

use crate::i18n::use_lang;
use crate::nav::{dossier_href, step_href, REVIEW};
use crate::submission::EVENT;
use crate::time;
use crate::tracking::{self, Tracked};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{OutboxRecord, Store};

#[component]
pub fn MyDossiers() -> impl IntoView {
    let lang = use_lang();
    let dossiers = RwSignal::new(None::<Vec<Tracked>>);
    let queued = RwSignal::new(Vec::<OutboxRecord>::new());
    let load = move |refresh: bool| {
        spawn_local(async move {
            if let Ok(store) = Store::open().await {
                let _ = queued.try_set(store.outbox().await.unwrap_or_default());
            }
            let list = tracking::all_local().await;
            let _ = dossiers.try_set(Some(list.clone()));
            if !refresh || !crate::http::online() {
                return;
            }
            for t in list {
                // One at a time: a phone on a weak connection gets the first ones soon.
                let Ok(newer) = tracking::refresh(&t).await else { continue };
                let _ = dossiers.try_update(|l| {
                    if let Some(slot) = l.iter_mut().flatten().find(|x| x.record.code == newer.record.code) {
                        *slot = newer;
                    }
                });
            }
        });
    };
    load(true);
    // A queued submission filed (or refused) while the page is open.
    let on_outbox = window_event_listener_untyped(EVENT, move |_| load(false));
    on_cleanup(move || on_outbox.remove());
    Effect::new(move |_| {
        lang.set_title(lang.t().my_title);
    });

    let waiting = move || {
        let items = queued.get();
        (!items.is_empty()).then(|| {
            let rows = items
                .into_iter()
                .map(|q| {
                    let href = step_href(&q.procedure, &q.id, REVIEW);
                    view! {
                        <li class="dossier-item" data-draft=q.id.clone()>
                            <h2 class="heading-s" lang="vi"><a href=href>{q.procedure_name.clone()}</a></h2>
                            <p class="badge badge-queued outbox-status">{move || lang.t().queued_title}</p>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="dossier-list" id="queued-list">{rows}</ul> }
        })
    };
    let list = move || match dossiers.get() {
        None => view! { <p class="hint" role="status">{move || lang.t().loading_form}</p> }.into_any(),
        Some(l) if l.is_empty() && queued.with(|q| q.is_empty()) => {
            view! { <p id="no-dossiers">{move || lang.t().my_empty}</p> }.into_any()
        }
        Some(l) => {
            let rows = l
                .into_iter()
                .map(|t| {
                    let kind = t.status.state.kind();
                    let when = time::date_time(t.record.refreshed_ms);
                    let overdue = t.status.overdue.then(|| view! { " "<span class="badge badge-overdue">{move || lang.t().overdue}</span> });
                    view! {
                        <li class="dossier-item" data-code=t.record.code.clone()>
                            <h2 class="heading-s" lang="vi"><a href=dossier_href(&t.record.code)>{t.status.procedure_name.clone()}</a></h2>
                            <p class="hint">{move || lang.t().dossier_code}": "<span class="dossier-code">{t.record.code.clone()}</span></p>
                            <p>
                                <span class="dossier-state" data-state=kind.as_str()>{move || lang.pick(kind.label_vi(), kind.label_en()).to_owned()}</span>
                                {overdue}
                                " · "<span class="hint">{move || (lang.t().updated_at)(&when)}</span>
                            </p>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="dossier-list" id="dossier-list">{rows}</ul> }.into_any()
        }
    };
    view! {
        <div class="container page">
            <h1 class="heading-l">{move || lang.t().my_title}</h1>
            <p>{move || lang.t().my_intro}</p>
            {waiting}
            {list}
        </div>
    }
}
