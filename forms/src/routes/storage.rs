//! "Dữ liệu trên thiết bị" (`/du-lieu`): what the portal keeps on this device and the
//! means to keep it safe — persistent storage, the catalogue for offline use, moving
//! drafts to another device, adding the portal to the home screen — or to delete it all.
//! Each section is a component of its own; they share the page's readings
//! ([`DeviceInfo`]), read again after anything changes them.

use crate::components::draft_export::DraftExport;
use crate::components::draft_import::DraftImport;
use crate::components::home_screen::HomeScreen;
use crate::components::offline_download::OfflineDownload;
use crate::components::storage_usage::StorageUsage;
use crate::components::storage_warning::StorageWarning;
use crate::components::wipe_device::WipeDevice;
use crate::device_info::DeviceInfo;
use crate::routes::receive::ReceiveForm;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn Storage() -> impl IntoView {
    let lang = use_lang();
    let info = DeviceInfo::new();
    info.refresh();
    // A queued submission sent (or refused) while the page is open changes the counts.
    let on_outbox = window_event_listener_untyped(crate::submission::EVENT, move |_| info.refresh());
    on_cleanup(move || on_outbox.remove());
    Effect::new(move |_| {
        lang.set_title(lang.storage().title);
    });

    view! {
        <div class="container page storage-page">
            <h1 class="heading-l">{move || lang.storage().title}</h1>
            <p>{move || lang.storage().intro}</p>
            <StorageWarning info/>
            <StorageUsage info/>
            <OfflineDownload info/>
            <section id="draft-transfer" aria-labelledby="draft-transfer-title">
                <h2 class="heading-m" id="draft-transfer-title">{move || lang.storage().transfer_title}</h2>
                <p>{move || lang.storage().transfer_intro}</p>
                <p class="hint">{move || lang.storage().transfer_privacy}</p>
                <DraftExport/>
                <DraftImport on_imported=move |()| info.refresh()/>
                <ReceiveForm/>
            </section>
            <HomeScreen/>
            <WipeDevice info/>
        </div>
    }
}
