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

pub use app::App;

/// Mounts the app on `<body>`; the binary's whole job.
pub fn start() {
    leptos::mount::mount_to_body(App);
}
