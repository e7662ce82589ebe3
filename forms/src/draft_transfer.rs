//! "Xuất bản nháp" and "Nhập từ tệp": every draft with its attachments into one file,
//! and such a file into this device's store. The file format and every check on it are
//! `domain::device_export`; this module moves records between it and IndexedDB.
//!
//! Memory: WASM memory only grows, and these files run to tens of megabytes, so neither
//! direction holds more than one attachment's bytes in Rust at a time. The export hands
//! each attachment's piece of the file to the browser as a Blob part as soon as it is
//! written; the import turns each checked attachment into a Blob (browser memory) before
//! decoding the next. Only the import's parse holds the whole file.

use domain::device_export::{self, AttachmentInfo, DeviceExport, ExportError, ExportedAttachment, ExportedDraft};
use domain::device_export::{ImportSummary, SkipReason};
use js_sys::{Array, Uint8Array};
use portal_app::store::{AttachmentMeta, DraftRecord, Store, StoreError};
use std::collections::HashSet;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    /// The chosen file is not a valid export, or was damaged on the way.
    #[error(transparent)]
    File(#[from] ExportError),
    /// The chosen file could not be read at all (removed from the card, no permission).
    #[error("the file could not be read")]
    Read,
    /// There is nothing to export.
    #[error("there are no drafts to export")]
    NoDrafts,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The browser would not make or hand over the file.
    #[error("the browser could not save the file")]
    Download,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub drafts: usize,
    pub files: usize,
    /// Attachments whose stored record could not be read, so not in the file.
    pub unreadable: usize,
    pub file_name: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub summary: ImportSummary,
    /// Each skipped draft's name and why.
    pub skipped: Vec<(String, SkipReason)>,
}

/// Writes every readable draft and its attachments to `ho-so-nhap-YYYYMMDD.json` and
/// hands it to the browser as a download.
pub async fn export() -> Result<Exported, TransferError> {
    let (blob, exported) = export_blob(None).await?;
    download(&blob, &exported.file_name)?;
    Ok(exported)
}

/// The export file as a Blob: every draft, or only the one with id `only` (a draft handed
/// off to the citizen's phone, see [`crate::handoff`]).
pub async fn export_blob(only: Option<&str>) -> Result<(Blob, Exported), TransferError> {
    let store = Store::open().await?;
    let outcome = write_file(&store, only).await;
    store.close();
    outcome
}

async fn write_file(store: &Store, only: Option<&str>) -> Result<(Blob, Exported), TransferError> {
    let mut drafts = store.drafts().await?.drafts;
    if let Some(id) = only {
        drafts.retain(|d| d.id == id);
    }
    if drafts.is_empty() {
        return Err(TransferError::NoDrafts);
    }
    let records: Vec<ExportedDraft> = drafts.iter().map(exported_draft).collect();
    let parts = Array::new();
    parts.push(&JsValue::from_str(&device_export::head(js_sys::Date::now(), &records)));
    let (mut files, mut unreadable) = (0, 0);
    for d in &drafts {
        for meta in store.attachments_of(&d.id).await? {
            let Ok(Some((meta, blob))) = store.attachment(&meta.id).await else {
                unreadable += 1;
                continue;
            };
            let Some(bytes) = bytes_of(&blob).await else {
                unreadable += 1;
                continue;
            };
            // Each copy dropped as soon as the next exists: bytes, then base64, then JSON.
            let attachment = ExportedAttachment::new(info(meta, &blob), &bytes);
            drop(bytes);
            let part = device_export::attachment_part(files, &attachment);
            drop(attachment);
            parts.push(&JsValue::from_str(&part));
            files += 1;
        }
    }
    parts.push(&JsValue::from_str(device_export::TAIL));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| TransferError::Download)?;
    let file_name = device_export::file_name(crate::time::today());
    Ok((blob, Exported { drafts: drafts.len(), files, unreadable, file_name }))
}

fn exported_draft(d: &DraftRecord) -> ExportedDraft {
    ExportedDraft {
        id: d.id.clone(),
        procedure: d.procedure.clone(),
        procedure_name: d.procedure_name.clone(),
        schema_version: d.schema_version,
        step: d.step.clone(),
        answers: d.answers.clone(),
        progress_done: d.progress_done,
        progress_total: d.progress_total,
        created_ms: d.created_ms,
        updated_ms: d.updated_ms,
        supplement_for: d.supplement_for.clone(),
    }
}

fn info(meta: AttachmentMeta, blob: &Blob) -> AttachmentInfo {
    // The picker's `File` is what the wizard stores; recorded so the import rebuilds one.
    let file = blob.dyn_ref::<File>();
    AttachmentInfo {
        id: meta.id,
        draft_id: meta.draft_id,
        name: meta.name,
        mime: meta.mime,
        blob_type: blob.type_(),
        file_name: file.map(File::name),
        last_modified_ms: file.map(File::last_modified),
    }
}

/// A Blob's bytes. Through `Response` rather than `Blob.arrayBuffer()`, which Safari
/// before 14 lacks.
async fn bytes_of(blob: &Blob) -> Option<Vec<u8>> {
    let response = web_sys::Response::new_with_opt_blob(Some(blob)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// Saves `blob` as `name` through a temporary link, the one way every mobile browser
/// offers a download.
fn download(blob: &Blob, name: &str) -> Result<(), TransferError> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(TransferError::Download)?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| TransferError::Download)?;
    let link = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or(TransferError::Download)?;
    link.set_href(&url);
    link.set_download(name);
    // Firefox clicks only links in the document. The shell's router leaves links with
    // `download` to the browser.
    let _ = link.set_attribute("hidden", "");
    let body = document.body().ok_or(TransferError::Download)?;
    let _ = body.append_child(&link);
    link.click();
    link.remove();
    // The download has started reading the Blob by now on fast phones, not on all:
    // keep the URL a minute rather than cut a slow save short.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Reads an export file and adds the drafts this device does not have. Nothing is
/// written unless the whole file is sound and every attachment to import is intact; a
/// draft already here (by id) is skipped, never overwritten or doubled.
pub async fn import(file: &File) -> Result<Imported, TransferError> {
    let bytes = bytes_of(file).await.ok_or(TransferError::Read)?;
    import_bytes(bytes).await
}

/// [`import`] of an export already in memory (one fetched by hand-off code).
pub async fn import_bytes(bytes: Vec<u8>) -> Result<Imported, TransferError> {
    let export = device_export::read(&bytes)?;
    drop(bytes);
    export.check_structure()?;
    let store = Store::open().await?;
    let outcome = add(&store, &export).await;
    store.close();
    outcome
}

async fn add(store: &Store, export: &DeviceExport) -> Result<Imported, TransferError> {
    let drafts: HashSet<String> = store.draft_ids().await?.into_iter().collect();
    let files: HashSet<String> = store.attachment_ids().await?.into_iter().collect();
    let plan = export.plan(|id| drafts.contains(id), |id| files.contains(id));
    let mut summary = ImportSummary::default();
    let mut skipped: Vec<(String, SkipReason)> = Vec::new();
    for s in &plan.skipped {
        summary.drafts_skipped += 1;
        summary.files_skipped += s.files;
        skipped.push((s.draft.procedure_name.clone(), s.reason));
    }
    // Every attachment checked (and moved into browser memory) before the first write.
    let mut ready = Vec::with_capacity(plan.import.len());
    for (draft, attachments) in &plan.import {
        let mut blobs = Vec::with_capacity(attachments.len());
        for a in attachments {
            let bytes = a.bytes()?;
            blobs.push((meta(a), blob(a, &bytes).ok_or(TransferError::Read)?));
        }
        ready.push((draft_record(draft), blobs));
    }
    for (draft, blobs) in ready {
        if store.add_imported_draft(&draft, &blobs).await? {
            summary.drafts_imported += 1;
            summary.files_imported += blobs.len();
        } else {
            // Another tab saved or imported it meanwhile.
            summary.drafts_skipped += 1;
            summary.files_skipped += blobs.len();
            skipped.push((draft.procedure_name, SkipReason::AlreadyOnDevice));
        }
    }
    Ok(Imported { summary, skipped })
}

fn draft_record(d: &ExportedDraft) -> DraftRecord {
    DraftRecord {
        id: d.id.clone(),
        procedure: d.procedure.clone(),
        procedure_name: d.procedure_name.clone(),
        schema_version: d.schema_version,
        step: d.step.clone(),
        answers: d.answers.clone(),
        progress_done: d.progress_done,
        progress_total: d.progress_total,
        created_ms: d.created_ms,
        updated_ms: d.updated_ms,
        supplement_for: d.supplement_for.clone(),
    }
}

fn meta(a: &ExportedAttachment) -> AttachmentMeta {
    AttachmentMeta {
        id: a.id.clone(),
        draft_id: a.draft_id.clone(),
        name: a.name.clone(),
        mime: a.mime.clone(),
        size: a.size as f64,
    }
}

/// The stored object again: a `File` when the original was one, else a `Blob`.
fn blob(a: &ExportedAttachment, bytes: &[u8]) -> Option<Blob> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    match (&a.file_name, a.last_modified_ms) {
        (Some(name), Some(modified)) => {
            let options = web_sys::FilePropertyBag::new();
            options.set_type(&a.blob_type);
            options.set_last_modified(modified);
            File::new_with_u8_array_sequence_and_options(&parts, name, &options).ok().map(Into::into)
        }
        _ => {
            let options = web_sys::BlobPropertyBag::new();
            options.set_type(&a.blob_type);
            Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    // IndexedDB, Blob and File: a browser, not Node.
    wasm_bindgen_test_configure!(run_in_browser);

    async fn fresh(label: &str) -> (String, Store) {
        let name = format!("portal-test-transfer-{label}-{}", js_sys::Math::random());
        let store = Store::open_named(&name).await.expect("IndexedDB opens");
        (name, store)
    }

    /// `blocked` may fire while a closed connection's last read winds down; deletion
    /// follows, so only success or error ends the wait.
    async fn delete_db(name: &str) {
        let factory = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()).expect("IndexedDB");
        let req = factory.delete_database(name).expect("delete request");
        let done = js_sys::Promise::new(&mut |resolve, reject| {
            req.set_onsuccess(Some(&resolve));
            req.set_onerror(Some(&reject));
        });
        JsFuture::from(done).await.expect("deleted");
    }

    fn draft(id: &str) -> DraftRecord {
        DraftRecord {
            id: id.into(),
            procedure: "1.001612".into(),
            procedure_name: "Đăng ký khai sinh".into(),
            schema_version: 2,
            step: "giay-to".into(),
            answers: r#"{"ho_ten":{"text":"Nguyễn Thị Ánh"},"so":1.5}"#.into(),
            progress_done: 2,
            progress_total: 4,
            created_ms: 1_763_781_748_123.0,
            updated_ms: 1_763_781_799_456.0,
            supplement_for: None,
        }
    }

    #[wasm_bindgen_test]
    async fn drafts_and_files_arrive_identical_and_only_once() {
        let (from_name, from) = fresh("from").await;
        let (to_name, to) = fresh("to").await;
        // Every byte value, as a picked File (what the wizard stores) and as a plain Blob.
        let bytes: Vec<u8> = (0..=255u8).cycle().take(100_001).collect();
        let options = web_sys::FilePropertyBag::new();
        options.set_type("application/pdf");
        options.set_last_modified(1_700_000_000_123.0);
        let parts = Array::of1(&Uint8Array::from(&bytes[..]));
        let file = File::new_with_u8_array_sequence_and_options(&parts, "Giấy khai sinh.pdf", &options).expect("file");
        let png = web_sys::BlobPropertyBag::new();
        png.set_type("image/png");
        let plain = Blob::new_with_u8_array_sequence_and_options(&Array::of1(&Uint8Array::from(&b"\x89PNG"[..])), &png)
            .expect("blob");
        let m1 = AttachmentMeta {
            id: "f1".into(),
            draft_id: "d1".into(),
            name: "Giấy khai sinh.pdf".into(),
            mime: "application/pdf".into(),
            size: bytes.len() as f64,
        };
        let m2 = AttachmentMeta { id: "f2".into(), draft_id: "d1".into(), name: "ảnh.png".into(), mime: "image/png".into(), size: 4.0 };
        let mut d2 = draft("d2");
        d2.supplement_for = Some("000.00.31.H29-251122-0001-XY".into());
        from.put_draft(&draft("d1")).await.expect("saved");
        from.put_draft(&d2).await.expect("saved");
        from.put_attachment(&m1, &file).await.expect("saved");
        from.put_attachment(&m2, &plain).await.expect("saved");

        // A hand-off carries one draft and only its files.
        let (_, one) = write_file(&from, Some("d2")).await.expect("exported");
        assert_eq!((one.drafts, one.files), (1, 0));
        let (_, one) = write_file(&from, Some("d1")).await.expect("exported");
        assert_eq!((one.drafts, one.files), (1, 2));

        let (written, exported) = write_file(&from, None).await.expect("exported");
        assert_eq!((exported.drafts, exported.files, exported.unreadable), (2, 2, 0));
        assert!(exported.file_name.starts_with("ho-so-nhap-") && exported.file_name.ends_with(".json"));
        let text = bytes_of(&written).await.expect("bytes");
        let file_back = device_export::read(&text).expect("reads");
        file_back.validate().expect("valid");

        // d2 is already on the other device: skipped, not doubled or overwritten.
        let mut theirs = d2.clone();
        theirs.answers = "{}".into();
        to.put_draft(&theirs).await.expect("saved");
        let imported = add(&to, &file_back).await.expect("imported");
        assert_eq!(
            imported.summary,
            ImportSummary { drafts_imported: 1, files_imported: 2, drafts_skipped: 1, files_skipped: 0 }
        );
        assert_eq!(imported.skipped, vec![("Đăng ký khai sinh".to_owned(), SkipReason::AlreadyOnDevice)]);
        assert_eq!(to.draft("d1").await.expect("read"), Some(draft("d1")));
        assert_eq!(to.draft("d2").await.expect("read"), Some(theirs));

        let (meta1, blob1) = to.attachment("f1").await.expect("read").expect("there");
        assert_eq!(meta1, m1);
        let file1 = blob1.dyn_ref::<File>().expect("a File again");
        assert_eq!((file1.name(), file1.last_modified(), blob1.type_()), ("Giấy khai sinh.pdf".into(), 1_700_000_000_123.0, "application/pdf".into()));
        assert_eq!(bytes_of(&blob1).await.expect("bytes"), bytes);
        let (meta2, blob2) = to.attachment("f2").await.expect("read").expect("there");
        assert_eq!(meta2, m2);
        assert!(blob2.dyn_ref::<File>().is_none());
        assert_eq!((blob2.type_(), bytes_of(&blob2).await.expect("bytes")), ("image/png".into(), b"\x89PNG".to_vec()));

        // Importing the same file again changes nothing.
        let again = add(&to, &file_back).await.expect("imported");
        assert_eq!(again.summary.drafts_imported, 0);
        assert_eq!(again.summary.drafts_skipped, 2);
        assert_eq!(to.count_attachments().await, Ok(2));

        from.close();
        to.close();
        delete_db(&from_name).await;
        delete_db(&to_name).await;
    }
}
