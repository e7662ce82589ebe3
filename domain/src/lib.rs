//! Rules of the portal that do not touch the web, the disk or the network.
//!
//! The app (WASM) and the server (native) both depend on this crate so that a rule —
//! how text is folded for search, what a fee summary says, which error shape the API
//! uses — exists exactly once.

pub mod admin_unit;
pub mod api_error;
pub mod catalogue;
pub mod date;
pub mod device_export;
pub mod dossier;
pub mod fee;
pub mod fold;
pub mod form;
pub mod handoff;
pub mod ids;
pub mod payment;
pub mod practice;
pub mod procedure;
pub mod registry;
pub mod search;
pub mod sniff;
pub mod stats;
pub mod strings;
pub mod working_days;

pub use admin_unit::{Province, ProvinceSummary, Ward};
pub use api_error::{ApiError, ErrorCode};
pub use catalogue::{CatalogueIndex, IndexEntry};
pub use fee::FeeSummary;
pub use procedure::{Document, Fee, Level, Online, Procedure, ProcedureCode};
