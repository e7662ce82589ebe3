//! Saves the open draft to IndexedDB shortly after each change, and at once when the tab
//! is hidden or closed, so nothing typed more than a second before a phone kills the tab
//! is lost. One transaction per save; saves never overlap, and a change made while one is
//! running is written right after it.

use crate::session::{SaveState, Session};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{self, DraftRecord, Store, StoreError};
use std::rc::Rc;
use std::time::Duration;

/// Short enough that a tab killed one second after the last keystroke has saved it.
const DEBOUNCE: Duration = Duration::from_millis(300);
/// Longest a change may wait while changes keep coming: a debounce alone is starved by
/// someone who never pauses for 300 ms (a fast typist, a helper filling in for a citizen,
/// a test driver), and a phone that kills the tab without `pagehide` would lose it all.
/// Well under the one second promised above, which must also cover a write already
/// running, this one, and a timer late on a busy phone (bench/stress.mjs measures the
/// whole and kills the browser just past the second).
const MAX_WAIT_MS: f64 = 600.0;

#[derive(Default)]
struct State {
    store: Option<Rc<Store>>,
    /// Whether the draft is in IndexedDB yet (it is created on the first answer).
    exists: bool,
    saved_revision: u64,
    saved_step: String,
    in_flight: bool,
    timer: Option<TimeoutHandle>,
    /// When the oldest change not yet written was made (`Date.now()` ms).
    pending_since: Option<f64>,
}

#[derive(Clone, Copy)]
pub struct Autosave {
    session: Session,
    state: StoredValue<State, LocalStorage>,
}

impl Autosave {
    /// Starts saving `session`; `exists` when the draft was loaded from storage, whose
    /// copy then matches revision 0 at the current step.
    pub fn start(session: Session, exists: bool) -> Autosave {
        let saved_step = session.step.get_untracked();
        let state = StoredValue::new_local(State { exists, saved_step, ..State::default() });
        let this = Autosave { session, state };
        Effect::new(move |_| {
            session.revision.track();
            // The step is part of the draft: reopening must land where the person was.
            session.step.track();
            if this.dirty() {
                this.schedule();
            }
        });
        let hide = window_event_listener_untyped("visibilitychange", move |_| {
            let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
            if hidden {
                this.flush();
            }
        });
        let page_hide = window_event_listener_untyped("pagehide", move |_| this.flush());
        on_cleanup(move || {
            hide.remove();
            page_hide.remove();
            // Leaving the form by a link: write what is pending before the session goes.
            this.flush();
        });
        this
    }

    fn dirty(self) -> bool {
        let s = self.session;
        let (Some(rev), Some(step)) = (s.revision.try_get_untracked(), s.step.try_get_untracked()) else {
            return false;
        };
        self.state
            .try_with_value(|st| (st.exists || rev > 0) && (rev > st.saved_revision || step != st.saved_step))
            .unwrap_or(false)
    }

    fn schedule(self) {
        let _ = self.session.save.try_set(SaveState::Pending);
        let now = js_sys::Date::now();
        let since = self.state.try_update_value(|s| *s.pending_since.get_or_insert(now)).unwrap_or(now);
        if now - since >= MAX_WAIT_MS {
            self.flush();
            // A write already running picks this change up when it is done.
            if self.state.try_with_value(|s| s.in_flight).unwrap_or(false) {
                return;
            }
        }
        self.state.update_value(|s| {
            if let Some(t) = s.timer.take() {
                t.clear();
            }
        });
        // Never past the oldest change's deadline: waiting for the next keystroke to notice
        // it overshot the second by that keystroke's gap.
        let wait = (since + MAX_WAIT_MS - now).clamp(0.0, DEBOUNCE.as_millis() as f64);
        if let Ok(t) = set_timeout_with_handle(move || self.flush(), Duration::from_millis(wait as u64)) {
            self.state.update_value(|s| s.timer = Some(t));
        }
    }

    /// Writes now if anything changed, unless a write is running: that one checks again
    /// when it is done.
    pub fn flush(self) {
        if !self.dirty() || self.state.try_with_value(|s| s.in_flight).unwrap_or(true) {
            return;
        }
        let Some(record) = self.record() else { return };
        let revision = self.session.revision.try_get_untracked().unwrap_or_default();
        self.state.update_value(|s| {
            s.in_flight = true;
            s.pending_since = None;
            if let Some(t) = s.timer.take() {
                t.clear();
            }
        });
        spawn_local(async move {
            let result = self.write(&record).await;
            self.state.try_update_value(|s| {
                s.in_flight = false;
                if result.is_ok() {
                    s.exists = true;
                    s.saved_revision = revision;
                    s.saved_step = record.step.clone();
                }
            });
            let state = match result {
                Ok(()) => SaveState::Saved(record.updated_ms),
                Err(StoreError::QuotaExceeded) => SaveState::QuotaExceeded,
                Err(StoreError::Unavailable) => SaveState::Unavailable,
                Err(_) => SaveState::Failed,
            };
            let _ = self.session.save.try_set(state);
            if state == SaveState::Saved(record.updated_ms) && self.dirty() {
                self.flush();
            }
        });
    }

    async fn write(self, record: &DraftRecord) -> Result<(), StoreError> {
        let store = match self.state.try_with_value(|s| s.store.clone()).flatten() {
            Some(s) => s,
            None => {
                let s = Rc::new(Store::open().await?);
                self.state.try_update_value(|st| st.store = Some(s.clone()));
                s
            }
        };
        let first = !self.state.try_with_value(|s| s.exists).unwrap_or(true);
        store.put_draft(record).await?;
        if first {
            // The funnel's "form started" (anonymous, docs/privacy.md) is the first answer
            // of a new draft, sent once it is stored: a reload before then opens a fresh,
            // empty draft, and counting on opening made that one journey two.
            portal_app::api::report_event(&record.procedure, "started");
            // Without it the browser may evict a citizen's half-filled application
            // under storage pressure.
            let _ = store::request_persistence().await;
        }
        Ok(())
    }

    /// The draft as it stands; none while another tab is editing it.
    fn record(self) -> Option<DraftRecord> {
        let s = self.session;
        if !s.editable.try_get_untracked()? {
            return None;
        }
        let schema = s.schema();
        let answers = s.answers.try_with_untracked(|a| serde_json::to_string(a).ok())??;
        let step = s.step.try_get_untracked()?;
        let visible = s.answers.try_with_untracked(|a| domain::form::visible_steps(&schema, a))?;
        let total = visible.len() as u32;
        let done = match s.step_index(&step) {
            Some(i) => visible.iter().position(|v| *v == i).unwrap_or(0) as u32,
            None => total,
        };
        Some(DraftRecord {
            id: s.draft_id.get_value(),
            procedure: s.code.get_value(),
            procedure_name: schema.title.vi().to_owned(),
            schema_version: schema.version,
            step,
            answers,
            progress_done: done,
            progress_total: total,
            created_ms: s.created_ms.get_value(),
            updated_ms: js_sys::Date::now(),
            supplement_for: s.supplement_for.get_value(),
        })
    }
}
