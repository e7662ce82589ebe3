//! Turning domain values into the words a list or a detail page shows; shared with the
//! server's first HTML, so the rules live in [`domain::strings`].

pub use domain::strings::{fee_summary, level, thousands, thousands_en};
