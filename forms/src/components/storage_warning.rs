//! The storage page's warning: drafts are on this device and the browser has not promised
//! to keep them (or cannot say, as older Safari, which is the one that deletes).

use crate::device_info::{DeviceInfo, Known};
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn StorageWarning(info: DeviceInfo) -> impl IntoView {
    let lang = use_lang();
    move || {
        let drafts = info.drafts();
        let at_risk = matches!(info.persisted.get(), Known::Read(None | Some(false))) && drafts > 0;
        at_risk.then(|| {
            view! {
                <div class="notice notice-warning" id="storage-at-risk">
                    <p>{(lang.storage().at_risk)(drafts)}</p>
                </div>
            }
        })
    }
}
