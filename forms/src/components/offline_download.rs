//! "Tải danh mục để dùng ngoại tuyến": what the download takes, a progress bar while it
//! runs, what went wrong if it stops, and "Tiếp tục" to carry on from the next page.
//!
//! The text is laid out once per language (one reactive closure over the section) rather
//! than one closure per sentence: each closure is its own compiled render code, and this
//! module is downloaded by everyone who opens a form.

use crate::device_info::{DeviceInfo, Known};
use crate::i18n::use_lang;
use crate::offline_catalogue::{self, DownloadError, Finished, Manifest, Progress};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    Running,
    Done,
    UpToDate,
    Failed(DownloadError),
}

#[component]
pub fn OfflineDownload(info: DeviceInfo) -> impl IntoView {
    let lang = use_lang();
    let manifest = RwSignal::new(None::<Manifest>);
    let progress = RwSignal::new(None::<Progress>);
    let phase = RwSignal::new(Phase::Idle);
    // The stored progress belonged to an older catalogue version, so this run started over.
    let restarted = RwSignal::new(false);

    spawn_local(async move {
        let saved = offline_catalogue::progress().await;
        let _ = progress.try_set(saved);
        // Only to show the size up front: without a connection the button still works
        // (and says so), so a failure here is not worth a word.
        if crate::http::online() {
            if let Ok(m) = offline_catalogue::manifest().await {
                let _ = manifest.try_set(Some(m));
            }
        }
    });

    let start = move |_| {
        if phase.get_untracked() == Phase::Running {
            return;
        }
        phase.set(Phase::Running);
        restarted.set(false);
        spawn_local(async move {
            let on_manifest = move |m: &Manifest| {
                let before = progress.get_untracked();
                let other_version = before.as_ref().is_some_and(|p| p.version != m.version);
                if other_version && before.as_ref().is_some_and(Progress::started) {
                    let _ = restarted.try_set(true);
                }
                if other_version || before.is_none() {
                    // The bar starts from nothing for a new version.
                    let _ = progress.try_set(Some(Progress::start(m)));
                }
                let _ = manifest.try_set(Some(m.clone()));
            };
            let on_step = move |p: &Progress| {
                let _ = progress.try_set(Some(p.clone()));
            };
            let next = match offline_catalogue::update(on_manifest, on_step).await {
                Ok(Finished::Done(p)) => {
                    let _ = progress.try_set(Some(p));
                    Phase::Done
                }
                Ok(Finished::UpToDate(p)) => {
                    let _ = progress.try_set(Some(p));
                    Phase::UpToDate
                }
                // Another view of this page is downloading; it reports there.
                Err(DownloadError::Busy) => Phase::Idle,
                Err(e) => Phase::Failed(e),
            };
            let _ = phase.try_set(next);
            info.refresh();
        });
    };

    let running = move || phase.get() == Phase::Running;
    // A download of the catalogue the server has now that stopped part-way.
    let partial = move || {
        let current = manifest.with(|m| m.as_ref().map(|m| m.version.clone()));
        progress.with(|p| {
            p.as_ref().is_some_and(|p| !p.complete() && p.started() && current.as_ref().is_none_or(|v| *v == p.version))
        })
    };

    move || {
        let s = lang.storage();
        // What a download would take, said before one; while one runs, the bar says it.
        let estimate = move || {
            let m = manifest.get()?;
            let p = progress.get().filter(|p| p.version == m.version);
            if running() || p.as_ref().is_some_and(|p| p.complete() || p.pages_done() == p.pages) {
                return None;
            }
            let next = p.as_ref().map_or(1, |p| p.next_page);
            let text = if next > 1 {
                let transfer = m.rest(next).map(|r| r.transfer_bytes).sum();
                (s.offline_estimate_rest)(m.rest(next).count() as u32, &lang.size(transfer))
            } else {
                (s.offline_estimate)(&lang.number(m.procedures), &lang.size(m.transfer_bytes), &lang.size(m.total_bytes))
            };
            let need: u64 = m.rest(next).map(|r| r.bytes).sum();
            let free = match info.estimate.get() {
                Known::Read(Some(e)) => Some((e.quota - e.usage).max(0.0) as u64),
                _ => None,
            };
            let no_room = free.filter(|free| *free < need).map(|free| (s.offline_no_room)(&lang.size(need), &lang.size(free)));
            Some(view! {
                <p id="offline-estimate">{text}</p>
                {no_room.map(|t| view! { <p class="notice notice-warning" id="offline-no-room">{t}</p> })}
            })
        };
        let bar = move || {
            let p = progress.get().filter(|_| running() || partial())?;
            // Pages and resources alike, one step each.
            Some(view! {
                <progress id="offline-progress" max=p.pages + p.resources value=p.pages_done() + p.resources_done
                    aria-label=s.offline_progress_label></progress>
            })
        };
        // One polite live region for progress and outcome, so a screen reader hears each
        // page count and then the result without the two talking over each other.
        let status = move || {
            let p = progress.get();
            let mut lines: Vec<String> = Vec::new();
            if let Some(p) = p.as_ref().filter(|_| running() || partial()) {
                lines.push((s.offline_progress)(p.pages_done(), p.pages));
                if p.pages_done() == p.pages && p.resources > 0 && !p.complete() {
                    lines.push((s.offline_resources)(p.resources_done, p.resources));
                }
            }
            if restarted.get() && !running() {
                lines.push(s.offline_restarted.to_owned());
            }
            if phase.get() == Phase::UpToDate {
                lines.push(s.offline_up_to_date.to_owned());
            }
            if let Some(p) = p.as_ref().filter(|p| p.complete()) {
                let at = crate::time::date_time(p.done_ms.unwrap_or_default());
                lines.push((s.offline_done)(&lang.number(p.procedures), &at));
            }
            lines.join(" ")
        };
        let error = move || {
            let Phase::Failed(e) = phase.get() else { return "".to_owned() };
            match e {
                DownloadError::Offline => match progress.get().filter(|p| !p.complete() && p.started()) {
                    Some(p) => (s.offline_interrupted)(p.pages_done(), p.pages),
                    None => s.offline_offline.to_owned(),
                },
                DownloadError::Unavailable(_) => s.offline_unavailable.to_owned(),
                // Three redeploys in a row: as good as damaged, and "Tiếp tục" tries again.
                DownloadError::Damaged | DownloadError::Changed => s.offline_damaged.to_owned(),
                DownloadError::Quota => s.offline_quota.to_owned(),
                DownloadError::Storage => s.offline_storage.to_owned(),
                DownloadError::Busy => String::new(),
            }
        };
        let resume = move || {
            (partial() && !running()).then(|| {
                view! { <button type="button" class="button" id="offline-resume" on:click=start>{s.offline_resume}</button> }
            })
        };
        view! {
            <section id="offline-download" aria-labelledby="offline-download-title">
                <h2 class="heading-m" id="offline-download-title">{s.offline_title}</h2>
                <p>{s.offline_intro}</p>
                {estimate}
                {bar}
                <p role="status" id="offline-status">{status}</p>
                <p role="alert" id="offline-error" class="error-message">{error}</p>
                <p class="actions">
                    {resume}
                    <button type="button" class="button" id="offline-download-start" disabled=running on:click=start>
                        {s.offline_button}
                    </button>
                </p>
            </section>
        }
    }
}
