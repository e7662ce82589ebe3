//! The status of a filed dossier (hồ sơ) as a state machine.
//!
//! ```text
//!   Received ──StartProcessing──▶ Processing ──AttachResult──▶ ResultReady ──ReturnResult──▶ Returned
//!      │                          │  ▲      │
//!      │                 Request- │  │ Supp- │
//!      │               Supplement │  │ lement│
//!      │                          ▼  │      │
//!      │                  SupplementRequested│
//!      │                          │          │
//!      └──────────Reject──────────┴──Reject──┴──▶ Rejected
//! ```
//!
//! [`apply`] is the only way from one state to the next; the server runs it before it
//! stores anything and the app runs it to decide which buttons to show
//! ([`StateKind::actions`]). Rejections need a reason and supplement requests need a
//! note saying what is missing: the citizen reads both, so neither may be blank.
//!
//! Rejecting a dossier that is waiting for a supplement is allowed: it is how an officer
//! closes a dossier whose owner never sent what was asked by the deadline, instead of
//! leaving it open for ever. Whether the deadline has really passed is the caller's check
//! (this module has no clock; the server has the date and the working-day calendar), and
//! the reason must say it, e.g. "Quá hạn bổ sung hồ sơ ngày 20/11/2025".
//!
//! `Returned` and `Rejected` are final: nothing leaves them.

use crate::api_error::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest reason or note, in characters: a paragraph, not a pasted document.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Where a dossier stands, with what the citizen must read for it.
///
/// Serialised with the stable name under `state`:
/// `{"state":"received"}`, `{"state":"rejected","reason":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DossierState {
    /// Đã tiếp nhận.
    Received,
    /// Đang xử lý.
    Processing,
    /// Yêu cầu bổ sung: `note` says what the citizen must add.
    SupplementRequested { note: String },
    /// Đã có kết quả.
    ResultReady,
    /// Đã trả kết quả.
    Returned,
    /// Từ chối, with the reason the citizen is given.
    Rejected { reason: String },
}

/// The name of a state without its data: the stable API value and what lists filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StateKind {
    Received,
    Processing,
    SupplementRequested,
    ResultReady,
    Returned,
    Rejected,
}

/// What an officer (or, for [`Action::Supplement`], the citizen) does to a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Action {
    /// Received → Processing.
    StartProcessing,
    /// Processing → SupplementRequested; `note` says what is missing.
    RequestSupplement { note: String },
    /// SupplementRequested → Processing: the citizen sent what was asked.
    Supplement,
    /// Processing → ResultReady.
    AttachResult,
    /// ResultReady → Returned.
    ReturnResult,
    /// Received, Processing or SupplementRequested → Rejected.
    Reject { reason: String },
}

/// The name of an action without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActionKind {
    StartProcessing,
    RequestSupplement,
    Supplement,
    AttachResult,
    ReturnResult,
    Reject,
}

/// Why [`apply`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action does not lead out of this state.
    #[error("a dossier that is {} cannot become {} by {}", from.label_en(), to.label_en(), action.label_en())]
    NotAllowed {
        from: StateKind,
        to: StateKind,
        action: ActionKind,
    },
    /// A rejection without a reason.
    #[error("a rejection needs a reason")]
    EmptyReason,
    /// A supplement request that does not say what is missing.
    #[error("a supplement request must say what is missing")]
    EmptyNote,
    /// Reason or note longer than [`MAX_NOTE_CHARS`].
    #[error("the text is {chars} characters long; at most {MAX_NOTE_CHARS} are allowed")]
    TooLong { chars: usize },
}

impl TransitionError {
    pub fn message_vi(&self) -> String {
        match self {
            TransitionError::NotAllowed { from, to, action } => format!(
                "Hồ sơ đang ở trạng thái «{}» nên không thể chuyển sang «{}» bằng thao tác «{}»",
                from.label_vi(),
                to.label_vi(),
                action.label_vi()
            ),
            TransitionError::EmptyReason => "Vui lòng nêu lý do từ chối".into(),
            TransitionError::EmptyNote => "Vui lòng nêu rõ nội dung cần bổ sung".into(),
            TransitionError::TooLong { chars } => {
                format!("Nội dung dài {chars} ký tự, tối đa {MAX_NOTE_CHARS} ký tự")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            TransitionError::NotAllowed { from, to, action } => format!(
                "The dossier is “{}”, so it cannot become “{}” by “{}”",
                from.label_en(),
                to.label_en(),
                action.label_en()
            ),
            TransitionError::EmptyReason => "Give the reason for the rejection".into(),
            TransitionError::EmptyNote => "Say what the citizen must add".into(),
            TransitionError::TooLong { chars } => {
                format!("The text is {chars} characters long; at most {MAX_NOTE_CHARS} are allowed")
            }
        }
    }

    /// The API answer: a refused transition conflicts with the dossier's current state
    /// (409); a blank or overlong text is a bad request (400).
    pub fn to_api_error(&self) -> ApiError {
        let code = match self {
            TransitionError::NotAllowed { .. } => ErrorCode::Conflict,
            _ => ErrorCode::BadRequest,
        };
        ApiError::new(code, self.message_vi(), self.message_en())
    }
}

impl StateKind {
    pub const ALL: [StateKind; 6] = [
        StateKind::Received,
        StateKind::Processing,
        StateKind::SupplementRequested,
        StateKind::ResultReady,
        StateKind::Returned,
        StateKind::Rejected,
    ];

    /// The stable API name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StateKind::Received => "received",
            StateKind::Processing => "processing",
            StateKind::SupplementRequested => "supplement_requested",
            StateKind::ResultReady => "result_ready",
            StateKind::Returned => "returned",
            StateKind::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<StateKind> {
        StateKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            StateKind::Received => "Đã tiếp nhận",
            StateKind::Processing => "Đang xử lý",
            StateKind::SupplementRequested => "Yêu cầu bổ sung",
            StateKind::ResultReady => "Đã có kết quả",
            StateKind::Returned => "Đã trả kết quả",
            StateKind::Rejected => "Từ chối",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            StateKind::Received => "Received",
            StateKind::Processing => "Processing",
            StateKind::SupplementRequested => "Supplement requested",
            StateKind::ResultReady => "Result ready",
            StateKind::Returned => "Result returned",
            StateKind::Rejected => "Rejected",
        }
    }

    /// Returned and Rejected: no action leads out of them.
    pub fn is_final(self) -> bool {
        matches!(self, StateKind::Returned | StateKind::Rejected)
    }

    /// The actions [`apply`] accepts in this state, in the order buttons show them.
    pub fn actions(self) -> &'static [ActionKind] {
        use ActionKind::*;
        match self {
            StateKind::Received => &[StartProcessing, Reject],
            StateKind::Processing => &[AttachResult, RequestSupplement, Reject],
            StateKind::SupplementRequested => &[Supplement, Reject],
            StateKind::ResultReady => &[ReturnResult],
            StateKind::Returned | StateKind::Rejected => &[],
        }
    }

    /// Whether `action` leads out of this state.
    pub fn allows(self, action: ActionKind) -> bool {
        self.actions().contains(&action)
    }
}

impl fmt::Display for StateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ActionKind {
    pub const ALL: [ActionKind; 6] = [
        ActionKind::StartProcessing,
        ActionKind::RequestSupplement,
        ActionKind::Supplement,
        ActionKind::AttachResult,
        ActionKind::ReturnResult,
        ActionKind::Reject,
    ];

    /// The state the action leads to when it is allowed.
    pub fn target(self) -> StateKind {
        match self {
            ActionKind::StartProcessing | ActionKind::Supplement => StateKind::Processing,
            ActionKind::RequestSupplement => StateKind::SupplementRequested,
            ActionKind::AttachResult => StateKind::ResultReady,
            ActionKind::ReturnResult => StateKind::Returned,
            ActionKind::Reject => StateKind::Rejected,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ActionKind::StartProcessing => "Bắt đầu xử lý",
            ActionKind::RequestSupplement => "Yêu cầu bổ sung",
            ActionKind::Supplement => "Bổ sung hồ sơ",
            ActionKind::AttachResult => "Cập nhật kết quả",
            ActionKind::ReturnResult => "Trả kết quả",
            ActionKind::Reject => "Từ chối",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ActionKind::StartProcessing => "Start processing",
            ActionKind::RequestSupplement => "Request a supplement",
            ActionKind::Supplement => "Supplement the dossier",
            ActionKind::AttachResult => "Attach the result",
            ActionKind::ReturnResult => "Return the result",
            ActionKind::Reject => "Reject",
        }
    }
}

impl DossierState {
    pub fn kind(&self) -> StateKind {
        match self {
            DossierState::Received => StateKind::Received,
            DossierState::Processing => StateKind::Processing,
            DossierState::SupplementRequested { .. } => StateKind::SupplementRequested,
            DossierState::ResultReady => StateKind::ResultReady,
            DossierState::Returned => StateKind::Returned,
            DossierState::Rejected { .. } => StateKind::Rejected,
        }
    }

    pub fn label_vi(&self) -> &'static str {
        self.kind().label_vi()
    }

    pub fn label_en(&self) -> &'static str {
        self.kind().label_en()
    }

    pub fn is_final(&self) -> bool {
        self.kind().is_final()
    }

    /// The supplement note or the rejection reason, if the state has one.
    pub fn note(&self) -> Option<&str> {
        match self {
            DossierState::SupplementRequested { note } => Some(note),
            DossierState::Rejected { reason } => Some(reason),
            _ => None,
        }
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::StartProcessing => ActionKind::StartProcessing,
            Action::RequestSupplement { .. } => ActionKind::RequestSupplement,
            Action::Supplement => ActionKind::Supplement,
            Action::AttachResult => ActionKind::AttachResult,
            Action::ReturnResult => ActionKind::ReturnResult,
            Action::Reject { .. } => ActionKind::Reject,
        }
    }
}

/// The state after `action`, or why the action is refused.
///
/// The transition is checked first, so rejecting a returned dossier says "not allowed"
/// even with a blank reason. Reasons and notes are stored trimmed.
pub fn apply(state: &DossierState, action: &Action) -> Result<DossierState, TransitionError> {
    let from = state.kind();
    let kind = action.kind();
    if !from.allows(kind) {
        return Err(TransitionError::NotAllowed {
            from,
            to: kind.target(),
            action: kind,
        });
    }
    Ok(match action {
        Action::StartProcessing | Action::Supplement => DossierState::Processing,
        Action::RequestSupplement { note } => DossierState::SupplementRequested {
            note: required_text(note, TransitionError::EmptyNote)?,
        },
        Action::AttachResult => DossierState::ResultReady,
        Action::ReturnResult => DossierState::Returned,
        Action::Reject { reason } => DossierState::Rejected {
            reason: required_text(reason, TransitionError::EmptyReason)?,
        },
    })
}

fn required_text(text: &str, empty: TransitionError) -> Result<String, TransitionError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(empty);
    }
    let chars = t.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(TransitionError::TooLong { chars });
    }
    Ok(t.to_owned())
}

/// One line of a dossier's history (tiến trình xử lý): plain data, stored and shown as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub state: StateKind,
    /// When the dossier entered the state, RFC 3339 with the offset, e.g.
    /// `2025-11-22T09:15:00+07:00`.
    #[cfg_attr(feature = "openapi", schema(example = "2025-11-22T09:15:00+07:00"))]
    pub at: String,
    /// The supplement note or rejection reason, or an officer's remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl TimelineEntry {
    /// The entry recording that the dossier entered `state` at `at`, with the state's
    /// note or reason.
    pub fn entered(state: &DossierState, at: impl Into<String>) -> TimelineEntry {
        TimelineEntry {
            state: state.kind(),
            at: at.into(),
            note: state.note().map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_of(kind: StateKind) -> DossierState {
        match kind {
            StateKind::Received => DossierState::Received,
            StateKind::Processing => DossierState::Processing,
            StateKind::SupplementRequested => DossierState::SupplementRequested {
                note: "Bản sao CCCD".into(),
            },
            StateKind::ResultReady => DossierState::ResultReady,
            StateKind::Returned => DossierState::Returned,
            StateKind::Rejected => DossierState::Rejected {
                reason: "Sai thẩm quyền".into(),
            },
        }
    }

    fn action_of(kind: ActionKind) -> Action {
        match kind {
            ActionKind::StartProcessing => Action::StartProcessing,
            ActionKind::RequestSupplement => Action::RequestSupplement {
                note: "Bản sao giấy khai sinh".into(),
            },
            ActionKind::Supplement => Action::Supplement,
            ActionKind::AttachResult => Action::AttachResult,
            ActionKind::ReturnResult => Action::ReturnResult,
            ActionKind::Reject => Action::Reject {
                reason: "Hồ sơ không đủ điều kiện".into(),
            },
        }
    }

    const ALLOWED: [(StateKind, ActionKind, StateKind); 8] = [
        (
            StateKind::Received,
            ActionKind::StartProcessing,
            StateKind::Processing,
        ),
        (StateKind::Received, ActionKind::Reject, StateKind::Rejected),
        (
            StateKind::Processing,
            ActionKind::RequestSupplement,
            StateKind::SupplementRequested,
        ),
        (
            StateKind::Processing,
            ActionKind::AttachResult,
            StateKind::ResultReady,
        ),
        (
            StateKind::Processing,
            ActionKind::Reject,
            StateKind::Rejected,
        ),
        (
            StateKind::SupplementRequested,
            ActionKind::Supplement,
            StateKind::Processing,
        ),
        (
            StateKind::SupplementRequested,
            ActionKind::Reject,
            StateKind::Rejected,
        ),
        (
            StateKind::ResultReady,
            ActionKind::ReturnResult,
            StateKind::Returned,
        ),
    ];

    #[test]
    fn every_allowed_transition_leads_where_it_should() {
        for (from, action, to) in ALLOWED {
            let next = apply(&state_of(from), &action_of(action)).unwrap();
            assert_eq!(next.kind(), to, "{from:?} --{action:?}-->");
            assert_eq!(action.target(), to);
        }
        assert_eq!(
            apply(
                &DossierState::Processing,
                &Action::Reject {
                    reason: "  Sai thẩm quyền \n".into()
                }
            ),
            Ok(DossierState::Rejected {
                reason: "Sai thẩm quyền".into()
            })
        );
        assert_eq!(
            apply(
                &DossierState::Processing,
                &Action::RequestSupplement {
                    note: " Bản chụp CCCD ".into()
                }
            ),
            Ok(DossierState::SupplementRequested {
                note: "Bản chụp CCCD".into()
            })
        );
    }

    #[test]
    fn every_other_pair_is_refused_naming_both_states() {
        let mut allowed_count = 0;
        for from in StateKind::ALL {
            for action in ActionKind::ALL {
                let allowed = ALLOWED.iter().any(|&(f, a, _)| f == from && a == action);
                let got = apply(&state_of(from), &action_of(action));
                if allowed {
                    allowed_count += 1;
                    assert!(got.is_ok(), "{from:?} {action:?}");
                    continue;
                }
                let err = got.unwrap_err();
                assert_eq!(
                    err,
                    TransitionError::NotAllowed {
                        from,
                        to: action.target(),
                        action
                    },
                    "{from:?} {action:?}"
                );
                assert!(err.message_vi().contains(from.label_vi()));
                assert!(err.message_vi().contains(action.target().label_vi()));
                assert!(err.message_en().contains(from.label_en()));
                assert!(err.message_en().contains(action.target().label_en()));
                assert_eq!(err.to_api_error().error.code, ErrorCode::Conflict);
            }
        }
        assert_eq!(allowed_count, 8, "exactly the eight arrows of the diagram");
    }

    #[test]
    fn final_states_have_no_way_out() {
        for k in StateKind::ALL {
            assert_eq!(k.is_final(), k.actions().is_empty(), "{k:?}");
            assert_eq!(state_of(k).is_final(), k.is_final());
        }
        assert!(StateKind::Returned.is_final() && StateKind::Rejected.is_final());
    }

    #[test]
    fn blank_reason_or_note_is_refused() {
        for blank in ["", "   ", "\n\t "] {
            for from in [
                DossierState::Received,
                DossierState::Processing,
                state_of(StateKind::SupplementRequested),
            ] {
                assert_eq!(
                    apply(
                        &from,
                        &Action::Reject {
                            reason: blank.into()
                        }
                    ),
                    Err(TransitionError::EmptyReason)
                );
            }
            assert_eq!(
                apply(
                    &DossierState::Processing,
                    &Action::RequestSupplement { note: blank.into() }
                ),
                Err(TransitionError::EmptyNote)
            );
        }
        // The transition is judged first.
        assert!(matches!(
            apply(
                &DossierState::Returned,
                &Action::Reject {
                    reason: String::new()
                }
            ),
            Err(TransitionError::NotAllowed { .. })
        ));
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            apply(&DossierState::Received, &Action::Reject { reason: long }),
            Err(TransitionError::TooLong {
                chars: MAX_NOTE_CHARS + 1
            })
        );
        assert!(apply(
            &DossierState::Received,
            &Action::Reject {
                reason: "đ".repeat(MAX_NOTE_CHARS)
            }
        )
        .is_ok());
        assert_eq!(
            TransitionError::EmptyReason.to_api_error().error.code,
            ErrorCode::BadRequest
        );
    }

    #[test]
    fn names_are_stable_and_round_trip() {
        let names: Vec<String> = StateKind::ALL
            .iter()
            .map(|k| {
                serde_json::to_value(k)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "received",
                "processing",
                "supplement_requested",
                "result_ready",
                "returned",
                "rejected"
            ]
        );
        for k in StateKind::ALL {
            assert_eq!(k.as_str(), serde_json::to_value(k).unwrap());
            assert_eq!(StateKind::parse(k.as_str()), Some(k));
            let s = state_of(k);
            let json = serde_json::to_value(&s).unwrap();
            assert_eq!(json["state"], k.as_str());
            assert_eq!(serde_json::from_value::<DossierState>(json).unwrap(), s);
        }
        assert_eq!(
            serde_json::to_string(&DossierState::Rejected {
                reason: "Sai thẩm quyền".into()
            })
            .unwrap(),
            r#"{"state":"rejected","reason":"Sai thẩm quyền"}"#
        );
        assert_eq!(
            serde_json::to_string(&DossierState::Received).unwrap(),
            r#"{"state":"received"}"#
        );
        for a in ActionKind::ALL {
            let action = action_of(a);
            let json = serde_json::to_value(&action).unwrap();
            assert_eq!(json["action"], serde_json::to_value(a).unwrap());
            assert_eq!(serde_json::from_value::<Action>(json).unwrap(), action);
        }
        assert!(serde_json::from_str::<DossierState>(r#"{"state":"rejected"}"#).is_err());
        assert!(serde_json::from_str::<StateKind>(r#""Received""#).is_err());
    }

    #[test]
    fn timeline_entries_carry_the_note() {
        let e = TimelineEntry::entered(
            &DossierState::Rejected {
                reason: "Quá hạn bổ sung".into(),
            },
            "2025-11-22T09:15:00+07:00",
        );
        assert_eq!(e.note.as_deref(), Some("Quá hạn bổ sung"));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"state":"rejected","at":"2025-11-22T09:15:00+07:00","note":"Quá hạn bổ sung"}"#
        );
        assert_eq!(serde_json::from_str::<TimelineEntry>(&json).unwrap(), e);
        let plain = TimelineEntry::entered(&DossierState::Received, "2025-11-22T08:00:00+07:00");
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"state":"received","at":"2025-11-22T08:00:00+07:00"}"#
        );
    }
}
