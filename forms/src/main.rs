//! The application-form part of the portal: a second WASM module, loaded by the app shell
//! only when a form or the drafts page is opened, so that the catalogue a citizen lands on
//! does not download the wizard, the validators and the JSON reader.
//!
//! The shell calls [`mount`] with the element it reserved inside `<main>` and [`unmount`]
//! when the person leaves the form routes.

mod admin;
mod answer_path;
mod app;
mod autosave;
mod bench;
mod components;
mod dom;
mod fetch;
mod i18n;
mod nav;
mod registry;
mod routes;
mod schema_source;
mod session;
mod tab_lock;
mod time;

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
    let handle = leptos::mount::mount_to(root, app::FormsApp);
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
}

#[wasm_bindgen]
pub fn unmount() {
    let old = MOUNTED.with(|m| m.borrow_mut().take());
    drop(old);
}

fn main() {}
