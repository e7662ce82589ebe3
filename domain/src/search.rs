//! Placeholder: implemented by the search work.
