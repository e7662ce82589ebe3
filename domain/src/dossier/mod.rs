//! A filed dossier (hồ sơ): its code on the receipt, the states it goes through, what it
//! costs, when it is due, and the API bodies that carry it.

pub mod api;
pub mod code;
pub mod contact;
pub mod deadline;
pub mod fees;
pub mod state;

pub use code::{receipt_date, CodeError, DossierCode};
pub use contact::{canonical_phone, contact_phone};
pub use deadline::ProcessingTime;
pub use fees::{FeeItem, FeeKind};
pub use state::{
    apply, Action, ActionKind, DossierState, StateKind, TimelineEntry, TransitionError,
};
