//! An open draft: loads the schema and the saved answers (migrating them when the form
//! changed since), takes the tab lock, starts the autosave, and shows the step in the URL
//! or the review.

use super::review::Review;
use super::step::StepPage;
use crate::autosave::Autosave;
use crate::dom::is_uuid;
use crate::i18n::use_lang;
use crate::nav::{navigate, step_href, REVIEW};
use crate::schema_source::{self, SchemaError};
use crate::session::Session;
use crate::tab_lock::{self, Acquired, TabLock};
use crate::fetch::FetchError;
use domain::form::{apply_defaults, migrate, Answers, Dropped, FormSchema, Loose};
use domain::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{Store, StoreError};
use std::sync::Arc;

#[derive(Clone)]
struct Loaded {
    schema: Arc<FormSchema>,
    answers: Answers,
    exists: bool,
    created_ms: f64,
    dropped: Vec<Dropped>,
    supplement_for: Option<String>,
    /// The server's refusal of the last submission, kept by `submission.rs`.
    rejection: Option<ApiError>,
}

#[derive(Clone)]
enum Load {
    Loading,
    Ready(Loaded),
    NotFound,
    Corrupt,
    Offline,
    Failed,
}

#[component]
pub fn Wizard(code: String, draft: String, step: Memo<String>) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(Load::Loading);
    let attempt = RwSignal::new(0u32);
    {
        let (code, draft) = (code.clone(), draft.clone());
        Effect::new(move |_| {
            attempt.track();
            let (code, draft) = (code.clone(), draft.clone());
            spawn_local(async move {
                let loaded = load(&code, &draft).await;
                let _ = state.try_set(loaded);
            });
        });
    }
    move || match state.get() {
        Load::Loading => view! { <p class="container page hint" role="status">{move || lang.t().loading_form}</p> }.into_any(),
        Load::Ready(l) => view! { <Open code=code.clone() draft=draft.clone() step loaded=l/> }.into_any(),
        Load::NotFound => problem(lang.t().draft_not_found, &code),
        Load::Corrupt => problem(lang.t().draft_corrupt, &code),
        Load::Offline => problem_retry(lang.t().form_offline, attempt),
        Load::Failed => problem_retry(lang.t().form_error, attempt),
    }
}

fn problem(message: &'static str, code: &str) -> AnyView {
    let lang = use_lang();
    let start = format!("/thu-tuc/{code}/nop-ho-so");
    view! {
        <div class="container page">
            <div class="notice notice-warning" role="alert"><p>{message}</p></div>
            <p class="actions">
                <a class="button" href=start>{move || lang.t().start_new}</a>
                <a class="button button-secondary" href="/ho-so-nhap">{move || lang.t().drafts_title}</a>
            </p>
        </div>
    }
    .into_any()
}

fn problem_retry(message: &'static str, attempt: RwSignal<u32>) -> AnyView {
    let lang = use_lang();
    view! {
        <div class="container page">
            <div class="notice notice-error" role="alert" id="form-error"><p>{message}</p></div>
            <button type="button" class="button" on:click=move |_| attempt.update(|a| *a += 1)>{move || lang.t().retry}</button>
        </div>
    }
    .into_any()
}

async fn load(code: &str, draft: &str) -> Load {
    if !is_uuid(draft) {
        return Load::NotFound;
    }
    let schema = match schema_source::load(code).await {
        Ok(s) => s,
        Err(SchemaError::Fetch(FetchError::NotFound)) => return Load::NotFound,
        Err(SchemaError::Fetch(FetchError::Offline)) => return Load::Offline,
        Err(_) => return Load::Failed,
    };
    let fresh = |schema: Arc<FormSchema>| {
        let mut answers = apply_defaults(&schema, &Answers::new());
        // Practice mode: the chosen sample person stands in for the signed-in citizen.
        let persona = crate::assist::persona().filter(|_| portal_app::mode::practice());
        if let Some(p) = persona.as_deref().and_then(domain::practice::persona) {
            answers = p.prefill(&schema, &answers);
        }
        Load::Ready(Loaded {
            schema,
            answers,
            exists: false,
            created_ms: js_sys::Date::now(),
            dropped: Vec::new(),
            supplement_for: None,
            rejection: None,
        })
    };
    // Without IndexedDB the form still works; the save status says drafts are not kept.
    let Ok(store) = Store::open().await else { return fresh(schema) };
    let record = match store.draft(draft).await {
        Ok(Some(r)) => r,
        Ok(None) => return fresh(schema),
        Err(StoreError::Corrupt) => return Load::Corrupt,
        Err(_) => return fresh(schema),
    };
    if record.procedure != code {
        return Load::NotFound;
    }
    let Ok(loose) = serde_json::from_str::<Loose>(&record.answers) else { return Load::Corrupt };
    let saved = Answers::from_loose(loose);
    let (answers, dropped) = if record.schema_version == schema.version && saved.unreadable().next().is_none() {
        (saved, Vec::new())
    } else {
        // Drafts outlive form versions: keep what still fits, and say what does not.
        let admin = |_: u32, _: u32| domain::form::AdminCheck::Unknown;
        let ctx = domain::form::ValidationContext::new(crate::time::today(), &admin);
        let m = migrate(&saved, &schema, &ctx);
        (m.kept, m.dropped)
    };
    let rejection = crate::submission::rejection(&store, draft).await;
    Load::Ready(Loaded {
        schema,
        answers,
        exists: true,
        created_ms: record.created_ms,
        dropped,
        supplement_for: record.supplement_for,
        rejection,
    })
}

/// The loaded draft. Owns the session, the tab lock and the autosave for as long as the
/// person stays on this draft.
#[component]
fn Open(code: String, draft: String, step: Memo<String>, loaded: Loaded) -> impl IntoView {
    let lang = use_lang();
    let Loaded { schema, answers, exists, created_ms, dropped, supplement_for, rejection } = loaded;
    let s = Session::new(code.clone(), draft.clone(), schema.clone(), answers, created_ms, step);
    s.supplement_for.set_value(supplement_for);
    if let Some(r) = rejection {
        s.server_errors.set(r.error.fields.clone());
        s.rejection.set(Some(r));
    }
    provide_context(s);
    let autosave = Autosave::start(s, exists);
    let dropped = RwSignal::new(dropped);
    if exists && !dropped.with_untracked(|d| d.is_empty()) {
        // The migrated answers are the draft now.
        s.revision.update(|r| *r += 1);
    }

    let lock: StoredValue<Option<TabLock>, LocalStorage> = StoredValue::new_local(None);
    let other_tab = RwSignal::new(false);
    let take_lock = move |steal: bool| {
        let id = s.draft_id.get_value();
        spawn_local(async move {
            let lost = move || {
                // Another tab took over: stop writing so it is the only one saving.
                let _ = s.editable.try_set(false);
                let _ = other_tab.try_set(true);
            };
            match tab_lock::acquire(&id, steal, lost).await {
                Acquired::Held(l) => {
                    if steal {
                        reload_answers(s, &id).await;
                    }
                    lock.try_update_value(|v| *v = Some(l));
                    let _ = s.editable.try_set(true);
                    let _ = other_tab.try_set(false);
                }
                Acquired::Busy => {
                    let _ = s.editable.try_set(false);
                    let _ = other_tab.try_set(true);
                }
                Acquired::Unsupported => {}
            }
        });
    };
    take_lock(false);
    let _ = autosave;

    // An unknown or hidden step (an old link, a start link) goes to the first shown one.
    Effect::new(move |_| {
        let id = step.get();
        let visible = s.visible_steps();
        if id == REVIEW {
            return;
        }
        let ok = s.step_index(&id).is_some_and(|i| visible.contains(&i));
        if !ok {
            let first = visible.first().map(|i| s.step_id(*i)).unwrap_or_else(|| REVIEW.to_owned());
            navigate(&step_href(&s.code.get_value(), &s.draft_id.get_value(), &first), true);
        }
    });
    // Errors belong to the step they were found on; the server's stay until edited.
    Effect::new(move |_| {
        step.track();
        s.summary.set(Vec::new());
        s.field_errors.set(s.server_errors.get_untracked());
    });

    let title = schema.title.clone();
    let page = move || {
        let id = step.get();
        if id == REVIEW {
            view! { <Review/> }.into_any()
        } else {
            match s.step_index(&id) {
                Some(index) => view! { <StepPage index/> }.into_any(),
                None => ().into_any(),
            }
        }
    };
    view! {
        <div class="container page form-page">
            <p class="form-title">{move || lang.pick(title.vi(), title.en()).to_owned()}</p>
            {move || other_tab.get().then(|| view! {
                <div class="notice notice-warning" role="alert" id="other-tab">
                    <p>{move || lang.t().other_tab}</p>
                    <button type="button" class="button button-secondary" on:click=move |_| take_lock(true)>{move || lang.t().edit_here}</button>
                </div>
            })}
            {move || (!dropped.with(|d| d.is_empty())).then(|| view! {
                <div class="notice notice-warning" role="alert" id="migration-notice">
                    <h2 class="heading-s">{move || lang.t().migrated_title}</h2>
                    <p>{move || lang.t().migrated_body}</p>
                    <ul>
                        {move || dropped.get().into_iter().map(|d| {
                            let label = label_of(&s, &d.path);
                            let reason = if lang.en() { d.reason.message_en() } else { d.reason.message_vi() };
                            view! { <li>{label}": "{reason}</li> }
                        }).collect_view()}
                    </ul>
                    <button type="button" class="button button-secondary" on:click=move |_| dropped.set(Vec::new())>{move || lang.t().dismiss}</button>
                </div>
            })}
            {page}
        </div>
    }
}

/// The field's label in Vietnamese, or its path when the field no longer exists.
fn label_of(s: &Session, path: &str) -> String {
    let top = path.split(['[', '.']).next().unwrap_or(path);
    s.schema().field(top).map(|f| f.label.vi().to_owned()).unwrap_or_else(|| path.to_owned())
}

/// After taking over from another tab: its answers are the newest.
async fn reload_answers(s: Session, id: &str) {
    let Ok(store) = Store::open().await else { return };
    let Ok(Some(record)) = store.draft(id).await else { return };
    if let Ok(loose) = serde_json::from_str::<Loose>(&record.answers) {
        let _ = s.answers.try_set(Answers::from_loose(loose));
    }
}
