//! The citizen portal's single-page app: catalogue search, procedure details, and (later)
//! online applications, built to run on low-end phones over patchy mobile data.

pub mod api;
mod app;
mod catalogue;
pub mod document;
mod components;
pub mod decode;
pub mod format;
pub mod i18n;
pub mod mode;
mod query;
mod router;
mod routes;
pub mod store;
mod takeover;

pub use app::App;

/// Mounts the app on `<body>`, or outside the document while the server's first HTML of
/// the page is shown (see [`takeover`]); the binary's whole job.
pub fn start() {
    // One mount call, not one per case: each call site would get its own inlined copy of
    // the whole app's construction.
    let root = takeover::detached_root().or_else(|| leptos::prelude::document().body());
    if let Some(root) = root {
        leptos::mount::mount_to(root, App).forget();
    }
}
