//! The application-form part of the portal: a second WASM module, loaded by the app shell
//! only when a form or the drafts page is opened, so that the catalogue a citizen lands on
//! does not download the wizard, the validators and the JSON reader.
//!
//! The shell calls [`mount`] with the element it reserved inside `<main>` and [`unmount`]
//! when the person leaves the form routes.

mod admin;
mod answer_path;
mod app;
mod assist;
mod assist_i18n;
mod autosave;
mod bench;
mod components;
mod device_info;
mod dom;
mod dossier_api;
mod draft_transfer;
mod fetch;
mod guide_i18n;
mod handoff;
mod http;
mod i18n;
mod install;
mod js;
mod nav;
mod offline_catalogue;
mod outbox;
mod payment_api;
mod payment_reconcile;
mod registry;
mod routes;
mod schema_source;
mod session;
mod statement_i18n;
mod storage_i18n;
mod submission;
mod tab_lock;
mod time;
mod tracking;
mod wipe;

use std::any::Any;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    // Dropping Leptos' handle unmounts the view and frees its reactive owner.
    static MOUNTED: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// Renders the form pages into `root`, replacing whatever this module rendered before.
#[wasm_bindgen]
pub fn mount(root: web_sys::HtmlElement) {
    unmount();
    // Anything queued while offline goes as soon as the module runs.
    outbox::start();
    let handle = leptos::mount::mount_to(root, app::FormsApp);
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
}

/// Sends the queued submissions now. The shell's boot script calls it at app start when
/// the outbox is not empty, and when the service worker relays a Background Sync, so the
/// shell itself carries no submission code.
#[wasm_bindgen]
pub fn drain_outbox() {
    outbox::start();
    outbox::drain(true);
}

#[wasm_bindgen]
pub fn unmount() {
    let old = MOUNTED.with(|m| m.borrow_mut().take());
    drop(old);
}

fn main() {}
