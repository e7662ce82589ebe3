//! A filed dossier (hồ sơ): its code on the receipt and the states it goes through.

pub mod code;
pub mod state;

pub use code::{receipt_date, CodeError, DossierCode};
pub use state::{apply, Action, ActionKind, DossierState, StateKind, TimelineEntry, TransitionError};
