//! The interface language the user chose. The words themselves are in
//! [`domain::strings`], shared with the server's first HTML.

use crate::document;
use leptos::prelude::*;

pub use domain::strings::{Locale, Strings, EN, VI};

/// localStorage key that remembers the user's choice.
const STORAGE_KEY: &str = "lang";

/// The chosen language, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// Vietnamese unless the user chose English before; keeps `<html lang>` and storage in step.
    pub fn from_storage() -> I18n {
        let saved = document::local_storage_get(STORAGE_KEY).and_then(|t| Locale::from_tag(&t));
        let locale = RwSignal::new(saved.unwrap_or(Locale::Vi));
        Effect::new(move |_| {
            let l = locale.get();
            document::set_lang(l.tag());
            document::local_storage_set(STORAGE_KEY, l.tag());
            // The forms module is a separate WASM module with its own reactive graph; this
            // event is how it follows the language (docs/architecture.md).
            document::dispatch_window_event("portal:lang", Some(l.tag()));
        });
        I18n { locale }
    }

    /// The current strings; reading them subscribes the caller to language changes.
    pub fn t(self) -> &'static Strings {
        self.locale.get().strings()
    }

    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    pub fn toggle(self) {
        self.locale.update(|l| *l = l.other());
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
