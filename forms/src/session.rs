//! One open draft: its schema, the answers as the person types them, the errors on show,
//! and whether this tab may edit it. Shared through context by every part of the wizard.

use crate::admin::Admin;
use crate::answer_path;
use crate::i18n::Lang;
use crate::time;
use domain::form::{
    check_field, normalise, validate_all, validate_step, visible_steps, Answer, Answers, FieldError, FormSchema,
    ValidationContext,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Where the latest answers are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SaveState {
    /// Nothing typed yet: a draft is created on the first answer.
    Untouched,
    Pending,
    Saved(f64),
    Failed,
    QuotaExceeded,
    /// No IndexedDB here (some private modes).
    Unavailable,
}

#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub code: StoredValue<String>,
    pub draft_id: StoredValue<String>,
    schema: StoredValue<Arc<FormSchema>>,
    pub answers: RwSignal<Answers>,
    /// The step id in the URL, or the review.
    pub step: Memo<String>,
    /// Errors shown beside their fields: after leaving a field, or after "Tiếp tục".
    pub field_errors: RwSignal<Vec<FieldError>>,
    /// Errors listed at the top of the page after "Tiếp tục".
    pub summary: RwSignal<Vec<FieldError>>,
    /// Prefilled fields the person chose to edit ("Sửa").
    pub unlocked: RwSignal<Vec<String>>,
    pub save: RwSignal<SaveState>,
    /// False while another tab edits this draft.
    pub editable: RwSignal<bool>,
    pub admin: Admin,
    pub created_ms: StoredValue<f64>,
    /// Bumped on every change; the autosave compares it with what it last wrote.
    pub revision: RwSignal<u64>,
    /// The dossier this draft answers a supplement request for, if any.
    pub supplement_for: StoredValue<Option<String>>,
    /// The server's objections to the last submission: shown beside their fields on every
    /// step (a step change clears the local errors, not these) until the field is edited.
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// The server's refusal of the last submission, with its message, until the next one.
    pub rejection: RwSignal<Option<domain::ApiError>>,
}

impl Session {
    pub fn new(code: String, draft_id: String, schema: Arc<FormSchema>, answers: Answers, created_ms: f64, step: Memo<String>) -> Session {
        Session {
            code: StoredValue::new(code),
            draft_id: StoredValue::new(draft_id),
            schema: StoredValue::new(schema),
            answers: RwSignal::new(answers),
            step,
            field_errors: RwSignal::new(Vec::new()),
            summary: RwSignal::new(Vec::new()),
            unlocked: RwSignal::new(Vec::new()),
            save: RwSignal::new(SaveState::Untouched),
            editable: RwSignal::new(true),
            admin: Admin::new(),
            created_ms: StoredValue::new(created_ms),
            revision: RwSignal::new(0),
            supplement_for: StoredValue::new(None),
            server_errors: RwSignal::new(Vec::new()),
            rejection: RwSignal::new(None),
        }
    }

    pub fn schema(&self) -> Arc<FormSchema> {
        self.schema.get_value()
    }

    /// Runs `f` with a validation context: today in Vietnam, and the administrative units
    /// loaded so far (the rest are checked on the server).
    pub fn with_ctx<R>(&self, f: impl FnOnce(&ValidationContext<'_>) -> R) -> R {
        let admin = self.admin;
        let units = move |p: u32, w: u32| admin.check(p, w);
        let ctx = ValidationContext::new(time::today(), &units);
        f(&ctx)
    }

    pub fn value(&self, path: &str) -> Option<Answer> {
        self.answers.with(|a| answer_path::get(a, path))
    }

    pub fn text(&self, path: &str) -> String {
        self.answers.with(|a| answer_path::text(a, path))
    }

    /// Records a change. Blank text clears the answer, so "required" sees it as missing.
    pub fn set(&self, path: &str, value: Option<Answer>) {
        if !self.editable.get_untracked() {
            return;
        }
        let value = value.filter(|v| !matches!(v, Answer::Text(s) if s.is_empty()));
        self.answers.update(|a| answer_path::set(a, path, value));
        self.revision.update(|r| *r += 1);
    }

    pub fn set_text(&self, path: &str, text: String) {
        self.set(path, Some(Answer::Text(text)));
    }

    /// Replaces all answers at once (prefill from the registry).
    pub fn replace(&self, answers: Answers) {
        self.answers.set(answers);
        self.revision.update(|r| *r += 1);
    }

    /// Leaving a field: check it, show or clear its error, and store its normalised form
    /// (`+84 912…` → `0912…`, `1.500.000` → `1500000`, `5/3/1990` → `1990-03-05`).
    pub fn blur(&self, path: &str) {
        let schema = self.schema();
        let check = self.answers.with_untracked(|a| self.with_ctx(|ctx| check_field(&schema, path, a, ctx)));
        if let Some(n) = check.normalised {
            let changed = self.answers.with_untracked(|a| answer_path::get(a, path).as_ref() != Some(&n));
            if changed && self.editable.get_untracked() {
                // Normalising is not an edit by the person: keep any provenance as it is.
                self.answers.update(|a| set_quietly(a, path, n));
                self.revision.update(|r| *r += 1);
            }
        }
        // The message moves what is below it: wait until a press on the next control has
        // become its click, then check again (that click may have changed the answers).
        let (s, path) = (*self, path.to_owned());
        crate::dom::after_press(move || s.show_error(&path));
    }

    /// Shows or clears the error beside the field at `path` as its answer stands now.
    fn show_error(&self, path: &str) {
        // The page may have gone while a press was pending.
        let Some(schema) = self.schema.try_get_value() else { return };
        let Some(check) = self.answers.try_with_untracked(|a| self.with_ctx(|ctx| check_field(&schema, path, a, ctx)))
        else {
            return;
        };
        // The person has looked at the field the server objected to: the local check
        // speaks for it now, and the server checks again on the next submission.
        let _ = self.server_errors.try_update(|errs| errs.retain(|e| e.path != path));
        self.field_errors.update(|errs| {
            errs.retain(|e| e.path != path);
            if let Some(e) = check.error {
                errs.push(e);
            }
        });
        // Fixing a field takes it off the summary too; new problems wait for "Tiếp tục".
        // Only a real change notifies: redrawing the summary (leptos' erased views take
        // every attribute off and put it back) would drop the focus "Tiếp tục" gave it
        // when the field it left is checked here.
        self.summary.maybe_update(|s| {
            let before = s.len();
            if !self.field_errors.with_untracked(|f| f.iter().any(|e| e.path == path)) {
                s.retain(|e| e.path != path);
            }
            s.len() != before
        });
    }

    /// The message beside the field at `path`, in the current language.
    pub fn error(&self, path: &str, lang: Lang) -> Option<String> {
        self.field_errors
            .with(|errs| errs.iter().find(|e| e.path == path).map(|e| lang.pick(&e.message_vi, &e.message_en).to_owned()))
    }

    /// "Tiếp tục": every error of the step, or none after storing normalised answers.
    pub fn check_step(&self, index: usize) -> bool {
        let schema = self.schema();
        let errors = self.answers.with_untracked(|a| self.with_ctx(|ctx| validate_step(&schema, index, a, ctx)));
        if errors.is_empty() {
            let normalised = self.answers.with_untracked(|a| self.with_ctx(|ctx| normalise(&schema, a, ctx)));
            if self.answers.with_untracked(|a| *a != normalised) {
                self.answers.set(normalised);
                self.revision.update(|r| *r += 1);
            }
            self.field_errors.set(Vec::new());
            self.summary.set(Vec::new());
            true
        } else {
            self.field_errors.set(errors.clone());
            self.summary.set(errors);
            false
        }
    }

    pub fn all_errors(&self) -> Vec<FieldError> {
        let schema = self.schema();
        self.answers.with(|a| self.with_ctx(|ctx| validate_all(&schema, a, ctx)))
    }

    /// Indexes of the steps shown for the current answers.
    pub fn visible_steps(&self) -> Vec<usize> {
        let schema = self.schema();
        self.answers.with(|a| visible_steps(&schema, a))
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.schema.with_value(|s| s.steps.iter().position(|st| st.id == id))
    }

    pub fn step_id(&self, index: usize) -> String {
        self.schema.with_value(|s| s.steps.get(index).map(|st| st.id.clone()).unwrap_or_default())
    }

    /// A prefilled read-only field not yet opened with "Sửa".
    pub fn locked(&self, id: &str) -> bool {
        let schema = self.schema();
        self.answers.with(|a| domain::form::is_locked(&schema, a, id)) && !self.unlocked.with(|u| u.iter().any(|x| x == id))
    }
}

/// Sets an answer without marking its provenance edited.
fn set_quietly(answers: &mut Answers, path: &str, value: Answer) {
    if path.contains('[') {
        answer_path::set(answers, path, Some(value));
    } else {
        answers.insert(path.to_owned(), value);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
