//! Placeholder: implemented by the search work.
pub fn fold(s: &str) -> String { s.to_lowercase() }
