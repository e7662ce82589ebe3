//! "Chế độ hỗ trợ" (`/ho-tro`): a community digital tech team volunteer starts and ends a
//! citizen's session on a shared device, hands drafts to the citizen's phone, and switches
//! practice mode with its sample people. The modes themselves are [`crate::assist`].

use crate::assist::{self, EndError};
use crate::components::handoff_panel::HandoffPanel;
use crate::device_info::{self, Counts};
use crate::i18n::use_lang;
use crate::nav::use_url;
use domain::practice::{Persona, PERSONAS};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::mode;

#[component]
pub fn Assist() -> impl IntoView {
    let lang = use_lang();
    let url = use_url();
    Effect::new(move |_| lang.set_title(lang.assist().title));
    let session = mode::assist_session().is_some();
    let erased = url.search.with_untracked(|s| s.contains("da-xoa=1"));
    view! {
        <div class="container page assist-page">
            <h1 class="heading-l">{move || lang.assist().title}</h1>
            <p>{move || lang.assist().intro}</p>
            {erased.then(|| view! { <p class="notice" role="status" id="assist-erased">{move || lang.assist().erased}</p> })}
            <section id="assist-session" aria-labelledby="assist-session-title">
                <h2 class="heading-m" id="assist-session-title">{move || lang.assist().session_title}</h2>
                {if session { view! { <SessionOn/> }.into_any() } else { view! { <SessionOff/> }.into_any() }}
            </section>
            <Practice/>
        </div>
    }
}

#[component]
fn SessionOff() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p>{move || lang.assist().session_off}</p>
        <p class="actions">
            <button type="button" class="button button-primary" id="assist-start" on:click=|_| assist::start_session()>
                {move || lang.assist().session_start}
            </button>
        </p>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Idle,
    Confirming,
    Ending,
    Blocked,
    Failed,
}

#[component]
fn SessionOn() -> impl IntoView {
    let lang = use_lang();
    let counts = RwSignal::new(None::<Counts>);
    let refresh = move || {
        spawn_local(async move {
            let _ = counts.try_set(device_info::counts().await);
        })
    };
    refresh();
    let started = assist::started_ms().map(crate::time::date_time).unwrap_or_default();
    let state = RwSignal::new(End::Idle);
    let open = move |_| {
        refresh();
        state.set(End::Confirming);
        crate::dom::focus_later("assist-end-cancel");
    };
    let cancel = move || {
        state.set(End::Idle);
        crate::dom::focus_later("assist-end");
    };
    let end = move |next: bool| {
        state.set(End::Ending);
        spawn_local(async move {
            let blocked = move || {
                spawn_local(async move {
                    crate::http::sleep(1_500).await;
                    if state.try_get_untracked() == Some(End::Ending) {
                        let _ = state.try_set(End::Blocked);
                    }
                });
            };
            // On success the page is already reloading into the next mode.
            if let Err(EndError::Incomplete) = assist::end_session(next, blocked).await {
                let _ = state.try_set(End::Failed);
            }
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };
    move || {
        let a = lang.assist();
        let c = counts.get().unwrap_or_default();
        let summary = (a.session_on)(&started, c.drafts, c.outbox, c.dossiers);
        let action = match state.get() {
            End::Idle | End::Failed => view! {
                <p class="actions">
                    <button type="button" class="button button-warning" id="assist-end" on:click=open>{a.end_button}</button>
                </p>
            }
            .into_any(),
            End::Confirming => {
                let loss = (c.drafts > 0 || c.outbox > 0).then(|| {
                    view! { <p class="notice notice-warning" id="assist-end-loss"><strong>{(a.end_loss)(c.drafts, c.outbox)}</strong></p> }
                });
                view! {
                    <div class="confirm" role="alertdialog" id="assist-end-confirm" aria-labelledby="assist-end-title"
                        aria-describedby="assist-end-body" on:keydown=on_key>
                        <h3 class="heading-s" id="assist-end-title">{a.end_confirm_title}</h3>
                        <div id="assist-end-body">{loss}<p>{a.end_confirm_body}</p></div>
                        <p class="actions">
                            <button type="button" class="button button-warning" id="assist-end-next" on:click=move |_| end(true)>
                                {a.end_next}
                            </button>
                            <button type="button" class="button button-warning" id="assist-end-off" on:click=move |_| end(false)>
                                {a.end_off}
                            </button>
                            <button type="button" class="button button-secondary" id="assist-end-cancel" on:click=move |_| cancel()>
                                {lang.t().cancel}
                            </button>
                        </p>
                    </div>
                }
                .into_any()
            }
            End::Ending | End::Blocked => ().into_any(),
        };
        let status = match state.get() {
            End::Ending => a.ending,
            End::Blocked => a.end_blocked,
            _ => "",
        };
        let error = if state.get() == End::Failed { a.end_failed } else { "" };
        view! {
            <p id="assist-summary">{summary}</p>
            <section id="handoff" aria-labelledby="handoff-title">
                <h3 class="heading-s" id="handoff-title">{a.handoff_title}</h3>
                <p>{a.handoff_intro}</p>
                <HandoffPanel/>
            </section>
            {action}
            <p role="status" id="assist-end-status">{status}</p>
            <p role="alert" id="assist-end-error" class="error-message">{error}</p>
        }
    }
}

#[component]
fn Practice() -> impl IntoView {
    let lang = use_lang();
    let on = mode::practice();
    let chosen = RwSignal::new(assist::persona());
    view! {
        <section id="practice" aria-labelledby="practice-title">
            <h2 class="heading-m" id="practice-title">{move || lang.assist().practice_title}</h2>
            <p>{move || lang.assist().practice_intro}</p>
            {on.then(|| view! { <p class="notice" id="practice-on-notice">{move || lang.assist().practice_is_on}</p> })}
            <p class="actions">
                <button type="button" class="button" id="practice-toggle" aria-pressed=on.to_string()
                    on:click=move |_| spawn_local(assist::set_practice(!on))>
                    {move || if on { lang.assist().practice_off_button } else { lang.assist().practice_on_button }}
                </button>
            </p>
            {on.then(|| view! {
                <h3 class="heading-s">{move || lang.assist().personas_title}</h3>
                <p>{move || lang.assist().personas_intro}</p>
                <ul class="personas">
                    {PERSONAS.iter().map(|p| view! { <li><PersonaCard persona=p chosen/></li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn PersonaCard(persona: &'static Persona, chosen: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let p = persona;
    let in_use = move || chosen.with(|c| c.as_deref() == Some(p.id));
    let choose = move |_| {
        assist::set_persona(p.id);
        chosen.set(Some(p.id.to_owned()));
    };
    move || {
        let a = lang.assist();
        let dob = domain::date::Date::parse_iso(p.date_of_birth).map(|d| d.to_dmy()).unwrap_or_default();
        let tax = p.tax_code.map(|t| view! { <dt>{a.label_tax_code}</dt><dd>{t}</dd> });
        view! {
            <div class="persona" id=format!("persona-{}", p.id)>
                <h4 class="heading-s">{lang.pick(p.title_vi, p.title_en)}</h4>
                <p>{lang.pick(p.about_vi, p.about_en)}</p>
                <dl class="facts">
                    <dt>{a.label_name}</dt><dd lang="vi">{p.full_name}</dd>
                    <dt>{a.label_id}</dt><dd>{p.personal_id}</dd>
                    <dt>{a.label_dob}</dt><dd>{dob}</dd>
                    <dt>{a.label_phone}</dt><dd>{p.phone}</dd>
                    <dt>{a.label_email}</dt><dd>{p.email}</dd>
                    {tax}
                </dl>
                <button type="button" class="button button-secondary persona-use" aria-pressed=move || in_use().to_string()
                    on:click=choose>
                    {move || if in_use() { a.persona_in_use } else { a.persona_use }}
                </button>
            </div>
        }
    }
}
