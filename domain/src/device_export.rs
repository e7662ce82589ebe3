//! The file that moves drafts between devices: "Xuất bản nháp" writes it, "Nhập từ tệp"
//! reads it on another phone (a volunteer team's shared tablet, a new phone).
//!
//! # Format (version 1)
//!
//! One JSON document, UTF-8:
//!
//! ```text
//! {
//!   "format": "portal-device-export",
//!   "version": 1,
//!   "exported_ms": 1763781748000,
//!   "drafts": [ { "id", "procedure", "procedure_name", "schema_version", "step",
//!                 "answers", "progress_done", "progress_total", "created_ms",
//!                 "updated_ms", "supplement_for"? } ],
//!   "attachments": [ { "id", "draft_id", "name", "mime", "size", "blob_type",
//!                      "file_name"?, "last_modified_ms"?, "sha256", "content" } ]
//! }
//! ```
//!
//! A draft carries every field of the app's stored draft record as it is stored:
//! `answers` stays the JSON *text* the app saved, so an imported draft is the same record
//! byte for byte (re-serialising the answers could reorder keys or respell numbers).
//! An attachment carries its metadata, its byte length, the SHA-256 of its bytes (lower-case
//! hex) and the bytes themselves in standard base64 with padding. `blob_type` is the stored
//! Blob's own MIME type; `file_name` and `last_modified_ms` are there when the stored Blob
//! is a `File` (what the file picker gives), so the import can rebuild the same object.
//!
//! The checksum lets the import prove the bytes arrived intact: a file copied over a
//! flaky Bluetooth or Zalo transfer and cut short fails [`ExportedAttachment::bytes`]
//! instead of becoming a draft with a broken scan.
//!
//! # Writing without building one huge string
//!
//! Attachments go up to 10 MB each. [`head`], [`attachment_part`] and [`TAIL`] are the
//! file in pieces — the caller hands each piece to the browser (as Blob parts) and drops
//! it — so memory holds one attachment at a time, and the total is linear in the size.
//! Concatenated they are exactly the JSON of a [`DeviceExport`] (tested below).
//!
//! # Reading
//!
//! [`read`] parses and checks the tag and version first, so a file from another app or
//! a newer portal says so instead of "damaged"; [`DeviceExport::check_structure`] checks
//! the ids; each attachment's [`ExportedAttachment::bytes`] checks its content.
//! [`DeviceExport::plan`] decides what to import without ever overwriting anything.

use crate::date::Date;
use crate::sniff::{size_en, size_vi};
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The format tag: the first thing [`read`] checks.
pub const FORMAT: &str = "portal-device-export";
/// The version this code writes, and the newest it reads.
pub const VERSION: u32 = 1;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A whole export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceExport {
    pub format: String,
    pub version: u32,
    /// When it was written (ms since the epoch).
    pub exported_ms: f64,
    pub drafts: Vec<ExportedDraft>,
    /// Last: [`head`] relies on it to stream the attachments after the drafts.
    pub attachments: Vec<ExportedAttachment>,
}

/// A draft as stored on the device (the app's `DraftRecord`, field for field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedDraft {
    pub id: String,
    pub procedure: String,
    pub procedure_name: String,
    pub schema_version: u32,
    pub step: String,
    /// JSON text of the answers, exactly as stored.
    pub answers: String,
    pub progress_done: u32,
    pub progress_total: u32,
    pub created_ms: f64,
    pub updated_ms: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement_for: Option<String>,
}

/// An attachment's metadata (the app's `AttachmentMeta`) and its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedAttachment {
    pub id: String,
    pub draft_id: String,
    /// The file name as chosen.
    pub name: String,
    pub mime: String,
    /// Bytes of `content` once decoded.
    pub size: u64,
    /// The stored Blob's own `type`.
    pub blob_type: String,
    /// Present when the stored Blob is a `File`: its own name…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// …and its `lastModified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_ms: Option<f64>,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The bytes, standard base64 with padding.
    pub content: String,
}

/// What the stored attachment record says about a file, besides its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentInfo {
    pub id: String,
    pub draft_id: String,
    pub name: String,
    pub mime: String,
    pub blob_type: String,
    pub file_name: Option<String>,
    pub last_modified_ms: Option<f64>,
}

impl ExportedAttachment {
    /// Encodes `bytes` with their size and checksum.
    pub fn new(info: AttachmentInfo, bytes: &[u8]) -> ExportedAttachment {
        ExportedAttachment {
            id: info.id,
            draft_id: info.draft_id,
            name: info.name,
            mime: info.mime,
            size: bytes.len() as u64,
            blob_type: info.blob_type,
            file_name: info.file_name,
            last_modified_ms: info.last_modified_ms,
            sha256: sha256_hex(bytes),
            content: B64.encode(bytes),
        }
    }

    /// The bytes, once they are proven to be the ones exported: valid base64, the
    /// declared size, the declared checksum.
    pub fn bytes(&self) -> Result<Vec<u8>, ExportError> {
        let bytes = B64
            .decode(self.content.as_bytes())
            .map_err(|_| ExportError::BadContent { name: self.name.clone() })?;
        if bytes.len() as u64 != self.size {
            return Err(ExportError::SizeMismatch {
                name: self.name.clone(),
                declared: self.size,
                actual: bytes.len() as u64,
            });
        }
        if !sha256_hex(&bytes).eq_ignore_ascii_case(self.sha256.trim()) {
            return Err(ExportError::ChecksumMismatch { name: self.name.clone() });
        }
        Ok(bytes)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Why a file cannot be imported. Nothing is written when any of these is found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// Not JSON at all (a photo, a PDF, a file cut off in the middle).
    #[error("the file is not JSON: {detail}")]
    NotJson { detail: String },
    #[error("the file has no format tag")]
    MissingFormat,
    #[error("the file's format is {found:?}, not {FORMAT:?}")]
    WrongFormat { found: String },
    /// Written by a newer version of the portal than this one can read.
    #[error("the file is version {found}; this app reads up to version {VERSION}")]
    NewerVersion { found: u64 },
    /// The right tag and version, but fields are missing or of the wrong type.
    #[error("the file is damaged: {detail}")]
    Malformed { detail: String },
    #[error("draft {id} appears more than once")]
    DuplicateDraft { id: String },
    #[error("attachment {id} appears more than once")]
    DuplicateAttachment { id: String },
    /// An attachment whose draft is not in the file.
    #[error("attachment {name:?} belongs to draft {draft_id}, which is not in the file")]
    OrphanAttachment { name: String, draft_id: String },
    #[error("a draft or attachment has an empty id")]
    EmptyId,
    /// A draft's answers are not JSON: the app could never open it.
    #[error("the answers of draft {id} are not readable")]
    BadAnswers { id: String, procedure_name: String },
    /// An attachment's content is not base64.
    #[error("the content of {name:?} is not base64")]
    BadContent { name: String },
    #[error("{name:?} should be {declared} bytes but is {actual}")]
    SizeMismatch { name: String, declared: u64, actual: u64 },
    /// The bytes are not the ones exported.
    #[error("the checksum of {name:?} does not match its content")]
    ChecksumMismatch { name: String },
}

impl ExportError {
    pub fn message_vi(&self) -> String {
        match self {
            ExportError::NotJson { .. } => {
                "Tệp này không phải tệp bản nháp xuất từ Cổng dịch vụ công (không đọc được nội dung). Hãy chọn đúng tệp “ho-so-nhap-….json”.".into()
            }
            ExportError::MissingFormat | ExportError::WrongFormat { .. } => {
                "Tệp này không phải tệp bản nháp xuất từ Cổng dịch vụ công. Hãy chọn đúng tệp “ho-so-nhap-….json”.".into()
            }
            ExportError::NewerVersion { found } => format!(
                "Tệp được tạo bởi phiên bản mới hơn của cổng (định dạng {found}, máy này đọc được tới {VERSION}). Hãy tải lại trang để cập nhật rồi nhập lại."
            ),
            ExportError::Malformed { .. } => {
                "Tệp bị hỏng hoặc không đầy đủ nên không nhập được. Hãy xuất lại trên máy cũ rồi chép lại tệp.".into()
            }
            ExportError::DuplicateDraft { .. } => {
                "Tệp bị hỏng: một bản nháp xuất hiện hai lần. Hãy xuất lại trên máy cũ.".into()
            }
            ExportError::DuplicateAttachment { .. } => {
                "Tệp bị hỏng: một tệp đính kèm xuất hiện hai lần. Hãy xuất lại trên máy cũ.".into()
            }
            ExportError::OrphanAttachment { name, .. } => format!(
                "Tệp bị hỏng: tệp đính kèm «{name}» không thuộc bản nháp nào trong tệp. Hãy xuất lại trên máy cũ."
            ),
            ExportError::EmptyId => "Tệp bị hỏng: có bản nháp hoặc tệp đính kèm không có mã. Hãy xuất lại trên máy cũ.".into(),
            ExportError::BadAnswers { procedure_name, .. } => format!(
                "Tệp bị hỏng: không đọc được nội dung đã khai của bản nháp «{procedure_name}». Hãy xuất lại trên máy cũ."
            ),
            ExportError::BadContent { name } => format!(
                "Tệp đính kèm «{name}» trong tệp bị hỏng (nội dung không đọc được). Hãy xuất lại trên máy cũ rồi chép lại tệp."
            ),
            ExportError::SizeMismatch { name, declared, actual } => format!(
                "Tệp đính kèm «{name}» không đầy đủ: lẽ ra {} nhưng chỉ có {}. Có thể tệp bị cắt khi chép; hãy chép lại.",
                size_vi(*declared),
                size_vi(*actual)
            ),
            ExportError::ChecksumMismatch { name } => format!(
                "Tệp đính kèm «{name}» đã bị thay đổi hoặc hỏng khi chép (mã kiểm tra không khớp). Hãy chép lại tệp từ máy cũ."
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ExportError::NotJson { .. } => {
                "This is not a drafts file exported from the Public Service Portal (its content cannot be read). Choose the “ho-so-nhap-….json” file.".into()
            }
            ExportError::MissingFormat | ExportError::WrongFormat { .. } => {
                "This is not a drafts file exported from the Public Service Portal. Choose the “ho-so-nhap-….json” file.".into()
            }
            ExportError::NewerVersion { found } => format!(
                "The file was made by a newer version of the portal (format {found}; this device reads up to {VERSION}). Reload the page to update, then import again."
            ),
            ExportError::Malformed { .. } => {
                "The file is damaged or incomplete and cannot be imported. Export it again on the old device and copy it again.".into()
            }
            ExportError::DuplicateDraft { .. } => {
                "The file is damaged: a draft appears twice. Export it again on the old device.".into()
            }
            ExportError::DuplicateAttachment { .. } => {
                "The file is damaged: an attachment appears twice. Export it again on the old device.".into()
            }
            ExportError::OrphanAttachment { name, .. } => format!(
                "The file is damaged: the attachment “{name}” belongs to no draft in the file. Export it again on the old device."
            ),
            ExportError::EmptyId => {
                "The file is damaged: a draft or attachment has no id. Export it again on the old device.".into()
            }
            ExportError::BadAnswers { procedure_name, .. } => format!(
                "The file is damaged: the answers of the draft “{procedure_name}” cannot be read. Export it again on the old device."
            ),
            ExportError::BadContent { name } => format!(
                "The attachment “{name}” in the file is damaged (its content cannot be read). Export again on the old device and copy the file again."
            ),
            ExportError::SizeMismatch { name, declared, actual } => format!(
                "The attachment “{name}” is incomplete: it should be {} but is {}. The file may have been cut short while copying; copy it again.",
                size_en(*declared),
                size_en(*actual)
            ),
            ExportError::ChecksumMismatch { name } => format!(
                "The attachment “{name}” was changed or damaged while copying (its checksum does not match). Copy the file from the old device again."
            ),
        }
    }
}

/// The file's name: `ho-so-nhap-YYYYMMDD.json` for the day it is written.
pub fn file_name(day: Date) -> String {
    format!("ho-so-nhap-{:04}{:02}{:02}.json", day.year(), day.month(), day.day())
}

/// The start of the file: tag, version, time, every draft, and the opening of the
/// attachment list. Then come the [`attachment_part`]s and [`TAIL`].
pub fn head(exported_ms: f64, drafts: &[ExportedDraft]) -> String {
    let skeleton = DeviceExport {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_ms,
        drafts: drafts.to_vec(),
        attachments: Vec::new(),
    };
    // Serialising plain strings and numbers cannot fail.
    let mut json = serde_json::to_string(&skeleton).unwrap_or_default();
    // `attachments` is the last field: reopen its empty list for the parts.
    json.truncate(json.len().saturating_sub(TAIL.len()));
    json
}

/// Attachment number `index` (from 0) of the file, with the comma before it when needed.
pub fn attachment_part(index: usize, a: &ExportedAttachment) -> String {
    let json = serde_json::to_string(a).unwrap_or_default();
    if index == 0 {
        json
    } else {
        let mut s = String::with_capacity(json.len() + 1);
        s.push(',');
        s.push_str(&json);
        s
    }
}

/// The end of the file, after the last attachment.
pub const TAIL: &str = "]}";

/// Only the tag and version, for telling "not ours" and "too new" from "damaged" when
/// the whole file does not parse. Typed fields rather than `serde_json::Value`, whose
/// reader the forms module would otherwise carry only for this.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u64>,
}

/// The tag alone, when [`Header`] does not fit (the version is not a whole number).
#[derive(Deserialize)]
struct Tag {
    #[serde(default)]
    format: Option<String>,
}

/// Parses a file and checks its tag and version.
pub fn read(bytes: &[u8]) -> Result<DeviceExport, ExportError> {
    // `from_str`, the reader the forms module already links, after a UTF-8 check.
    let text = std::str::from_utf8(bytes).map_err(|e| ExportError::NotJson { detail: e.to_string() })?;
    let full = match serde_json::from_str::<DeviceExport>(text) {
        Ok(file) => {
            check_header(Some(&file.format), Some(u64::from(file.version)))?;
            return Ok(file);
        }
        Err(e) => e,
    };
    let not_read = |e: serde_json::Error| match e.classify() {
        // Cut off while copying: ours, but incomplete.
        serde_json::error::Category::Eof => ExportError::Malformed { detail: e.to_string() },
        serde_json::error::Category::Data => ExportError::WrongFormat { found: String::new() },
        _ => ExportError::NotJson { detail: e.to_string() },
    };
    if !text.trim_start().starts_with('{') {
        // Valid JSON of another shape (a list, a number) has no tag to read.
        serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(not_read)?;
        return Err(ExportError::MissingFormat);
    }
    match serde_json::from_str::<Header>(text) {
        Ok(h) => check_header(h.format.as_deref(), h.version)?,
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            // A tag that is not text, or a version that is not a whole number.
            let tag = serde_json::from_str::<Tag>(text).map_err(not_read)?;
            check_header(tag.format.as_deref(), Some(u64::from(VERSION)))?;
        }
        Err(e) => return Err(not_read(e)),
    }
    Err(ExportError::Malformed { detail: full.to_string() })
}

fn check_header(format: Option<&str>, version: Option<u64>) -> Result<(), ExportError> {
    match format {
        None => return Err(ExportError::MissingFormat),
        Some(FORMAT) => {}
        Some(other) => return Err(ExportError::WrongFormat { found: other.to_owned() }),
    }
    match version {
        Some(v) if v > u64::from(VERSION) => Err(ExportError::NewerVersion { found: v }),
        Some(v) if v >= 1 => Ok(()),
        _ => Err(ExportError::Malformed { detail: "no valid version number".into() }),
    }
}

impl DeviceExport {
    /// Everything but the attachments' bytes: ids present and unique, every attachment's
    /// draft in the file, every draft's answers readable JSON.
    pub fn check_structure(&self) -> Result<(), ExportError> {
        let mut drafts = HashSet::new();
        for d in &self.drafts {
            if d.id.is_empty() {
                return Err(ExportError::EmptyId);
            }
            if !drafts.insert(d.id.as_str()) {
                return Err(ExportError::DuplicateDraft { id: d.id.clone() });
            }
            if serde_json::from_str::<serde::de::IgnoredAny>(&d.answers).is_err() {
                return Err(ExportError::BadAnswers { id: d.id.clone(), procedure_name: d.procedure_name.clone() });
            }
        }
        let mut files = HashSet::new();
        for a in &self.attachments {
            if a.id.is_empty() {
                return Err(ExportError::EmptyId);
            }
            if !files.insert(a.id.as_str()) {
                return Err(ExportError::DuplicateAttachment { id: a.id.clone() });
            }
            if !drafts.contains(a.draft_id.as_str()) {
                return Err(ExportError::OrphanAttachment { name: a.name.clone(), draft_id: a.draft_id.clone() });
            }
        }
        Ok(())
    }

    /// [`check_structure`](Self::check_structure) and every attachment's bytes. The app
    /// checks the bytes one attachment at a time instead, to hold one in memory at once.
    pub fn validate(&self) -> Result<(), ExportError> {
        self.check_structure()?;
        self.attachments.iter().try_for_each(|a| a.bytes().map(drop))
    }

    /// What to import: each draft not already on the device, with its attachments. A
    /// draft whose id is on the device is skipped (never overwritten, never doubled), and
    /// so is one with an attachment id the device already uses for some other file.
    pub fn plan(&self, draft_exists: impl Fn(&str) -> bool, attachment_exists: impl Fn(&str) -> bool) -> ImportPlan<'_> {
        let mut plan = ImportPlan { import: Vec::new(), skipped: Vec::new() };
        for d in &self.drafts {
            let files: Vec<&ExportedAttachment> = self.attachments.iter().filter(|a| a.draft_id == d.id).collect();
            let reason = if draft_exists(&d.id) {
                Some(SkipReason::AlreadyOnDevice)
            } else if files.iter().any(|a| attachment_exists(&a.id)) {
                Some(SkipReason::FileIdInUse)
            } else {
                None
            };
            match reason {
                Some(reason) => plan.skipped.push(Skipped { draft: d, files: files.len(), reason }),
                None => plan.import.push((d, files)),
            }
        }
        plan
    }
}

/// Drafts to write (each with its attachments) and drafts left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan<'a> {
    pub import: Vec<(&'a ExportedDraft, Vec<&'a ExportedAttachment>)>,
    pub skipped: Vec<Skipped<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Skipped<'a> {
    pub draft: &'a ExportedDraft,
    /// Its attachments, left out with it.
    pub files: usize,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A draft with this id is on the device ("đã có trên thiết bị").
    AlreadyOnDevice,
    /// One of its attachment ids is taken on the device by another file.
    FileIdInUse,
}

impl SkipReason {
    pub fn label_vi(self) -> &'static str {
        match self {
            SkipReason::AlreadyOnDevice => "đã có trên thiết bị",
            SkipReason::FileIdInUse => "trùng mã tệp đính kèm đã có trên thiết bị",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SkipReason::AlreadyOnDevice => "already on this device",
            SkipReason::FileIdInUse => "an attachment id is already used on this device",
        }
    }
}

/// How an import went, for its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub drafts_imported: usize,
    pub files_imported: usize,
    pub drafts_skipped: usize,
    pub files_skipped: usize,
}

impl ImportSummary {
    pub fn message_vi(&self) -> String {
        let mut s = format!(
            "Đã nhập {} bản nháp và {} tệp đính kèm.",
            self.drafts_imported, self.files_imported
        );
        if self.drafts_skipped > 0 {
            s.push_str(&format!(
                " Bỏ qua {} bản nháp ({} tệp đính kèm) đã có trên thiết bị.",
                self.drafts_skipped, self.files_skipped
            ));
        }
        s
    }

    pub fn message_en(&self) -> String {
        let mut s = format!(
            "Imported {} draft(s) and {} attachment(s).",
            self.drafts_imported, self.files_imported
        );
        if self.drafts_skipped > 0 {
            s.push_str(&format!(
                " Skipped {} draft(s) ({} attachment(s)) already on this device.",
                self.drafts_skipped, self.files_skipped
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(id: &str) -> ExportedDraft {
        ExportedDraft {
            id: id.into(),
            procedure: "1.001612".into(),
            procedure_name: "Đăng ký khai sinh".into(),
            schema_version: 3,
            step: "nguoi-khai".into(),
            answers: r#"{"ho_ten":{"text":"Nguyễn Văn A"},"so":1e3}"#.into(),
            progress_done: 1,
            progress_total: 4,
            created_ms: 1_763_781_748_123.0,
            updated_ms: 1_763_781_799_456.0,
            supplement_for: None,
        }
    }

    fn info(id: &str, draft_id: &str) -> AttachmentInfo {
        AttachmentInfo {
            id: id.into(),
            draft_id: draft_id.into(),
            name: "giấy tờ.pdf".into(),
            mime: "application/pdf".into(),
            blob_type: "application/pdf".into(),
            file_name: Some("giấy tờ.pdf".into()),
            last_modified_ms: Some(1_700_000_000_000.0),
        }
    }

    /// Every byte value, in an odd length (so base64 pads).
    fn all_bytes() -> Vec<u8> {
        (0..=255u8).chain(0..=255u8).chain([7u8]).collect()
    }

    fn sample() -> DeviceExport {
        let mut d2 = draft("d2");
        d2.supplement_for = Some("000.00.31.H29-251122-0001-XY".into());
        DeviceExport {
            format: FORMAT.into(),
            version: VERSION,
            exported_ms: 1_763_781_800_000.0,
            drafts: vec![draft("d1"), d2],
            attachments: vec![
                ExportedAttachment::new(info("a1", "d1"), &all_bytes()),
                ExportedAttachment::new(info("a2", "d2"), b"%PDF-1.7 x"),
                ExportedAttachment::new(AttachmentInfo { file_name: None, last_modified_ms: None, ..info("a3", "d2") }, b""),
            ],
        }
    }

    /// The file as the app writes it, in pieces.
    fn written(file: &DeviceExport) -> String {
        let mut s = head(file.exported_ms, &file.drafts);
        for (i, a) in file.attachments.iter().enumerate() {
            s.push_str(&attachment_part(i, a));
        }
        s.push_str(TAIL);
        s
    }

    #[test]
    fn pieces_are_the_whole_document() {
        let file = sample();
        assert_eq!(written(&file), serde_json::to_string(&file).unwrap());
        let empty = DeviceExport { attachments: vec![], ..sample() };
        assert_eq!(written(&empty), serde_json::to_string(&empty).unwrap());
        assert!(written(&empty).ends_with(r#""attachments":[]}"#));
    }

    #[test]
    fn round_trip_keeps_every_field_and_byte() {
        let file = sample();
        let back = read(written(&file).as_bytes()).unwrap();
        assert_eq!(back, file);
        back.validate().unwrap();
        assert_eq!(back.attachments[0].bytes().unwrap(), all_bytes());
        assert_eq!(back.attachments[1].bytes().unwrap(), b"%PDF-1.7 x");
        assert_eq!(back.attachments[2].bytes().unwrap(), b"");
        // The answers stay the stored text, not a re-serialisation.
        assert_eq!(back.drafts[0].answers, draft("d1").answers);
        assert_eq!(back.drafts[1].supplement_for.as_deref(), Some("000.00.31.H29-251122-0001-XY"));
    }

    #[test]
    fn checksum_and_base64_are_the_usual_ones() {
        let a = ExportedAttachment::new(info("a", "d"), b"abc");
        assert_eq!(a.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(a.content, "YWJj");
        assert_eq!(a.size, 3);
    }

    #[test]
    fn not_json_wrong_or_missing_tag_and_newer_versions_are_told_apart() {
        assert!(matches!(read(b"\x89PNG\r\n"), Err(ExportError::NotJson { .. })));
        assert!(matches!(read(b"{format: 1}"), Err(ExportError::NotJson { .. })));
        // A copy cut short is ours but incomplete.
        assert!(matches!(read(br#"{"format":"portal-device-export","version":1,"#), Err(ExportError::Malformed { .. })));
        assert_eq!(read(b"[1,2]"), Err(ExportError::MissingFormat));
        assert_eq!(read(br#"{"drafts":[]}"#), Err(ExportError::MissingFormat));
        assert_eq!(
            read(br#"{"format":"other-app","version":1,"drafts":[],"attachments":[],"exported_ms":0}"#),
            Err(ExportError::WrongFormat { found: "other-app".into() })
        );
        assert_eq!(read(br#"{"format":7}"#), Err(ExportError::WrongFormat { found: String::new() }));
        assert!(matches!(
            read(br#"{"format":"portal-device-export","version":"1","drafts":[]}"#),
            Err(ExportError::Malformed { .. })
        ));
        assert!(matches!(read(b"\xff\xfe{}"), Err(ExportError::NotJson { .. })));
        // A newer file may have a different shape: the version is reported, not "damaged".
        assert_eq!(
            read(br#"{"format":"portal-device-export","version":2,"items":[]}"#),
            Err(ExportError::NewerVersion { found: 2 })
        );
        let mut newer = serde_json::to_value(sample()).unwrap();
        newer["version"] = 9.into();
        assert_eq!(read(newer.to_string().as_bytes()), Err(ExportError::NewerVersion { found: 9 }));
        assert!(matches!(
            read(br#"{"format":"portal-device-export","version":1,"drafts":[]}"#),
            Err(ExportError::Malformed { .. })
        ));
        assert!(matches!(
            read(br#"{"format":"portal-device-export","version":0,"exported_ms":0,"drafts":[],"attachments":[]}"#),
            Err(ExportError::Malformed { .. })
        ));
    }

    #[test]
    fn duplicate_and_orphan_records_are_refused() {
        let mut f = sample();
        f.drafts.push(draft("d1"));
        assert_eq!(f.check_structure(), Err(ExportError::DuplicateDraft { id: "d1".into() }));

        let mut f = sample();
        let again = f.attachments[1].clone();
        f.attachments.push(again);
        assert_eq!(f.check_structure(), Err(ExportError::DuplicateAttachment { id: "a2".into() }));

        let mut f = sample();
        f.attachments[0].draft_id = "khac".into();
        assert_eq!(
            f.check_structure(),
            Err(ExportError::OrphanAttachment { name: "giấy tờ.pdf".into(), draft_id: "khac".into() })
        );

        let mut f = sample();
        f.drafts[0].id.clear();
        assert_eq!(f.check_structure(), Err(ExportError::EmptyId));

        let mut f = sample();
        f.drafts[1].answers = "{khong phai json".into();
        assert!(matches!(f.check_structure(), Err(ExportError::BadAnswers { .. })));
    }

    #[test]
    fn damaged_content_is_caught() {
        let mut f = sample();
        f.attachments[0].content.replace_range(0..4, "AAAA");
        assert_eq!(f.validate(), Err(ExportError::ChecksumMismatch { name: "giấy tờ.pdf".into() }));

        // Cut short: whole base64 quads missing.
        let mut f = sample();
        let len = f.attachments[0].content.len();
        f.attachments[0].content.truncate(len - 8);
        assert!(matches!(f.validate(), Err(ExportError::SizeMismatch { declared: 513, actual: 507, .. })));

        let mut f = sample();
        f.attachments[1].content.push('*');
        assert_eq!(f.validate(), Err(ExportError::BadContent { name: "giấy tờ.pdf".into() }));

        let mut f = sample();
        f.attachments[1].size += 1;
        assert!(matches!(f.validate(), Err(ExportError::SizeMismatch { .. })));

        // Upper-case hex from another tool is the same checksum.
        let mut f = sample();
        f.attachments[1].sha256 = f.attachments[1].sha256.to_uppercase();
        assert_eq!(f.validate(), Ok(()));
    }

    #[test]
    fn every_error_has_both_messages() {
        let errors = [
            ExportError::NotJson { detail: String::new() },
            ExportError::MissingFormat,
            ExportError::WrongFormat { found: "x".into() },
            ExportError::NewerVersion { found: 2 },
            ExportError::Malformed { detail: String::new() },
            ExportError::DuplicateDraft { id: "d".into() },
            ExportError::DuplicateAttachment { id: "a".into() },
            ExportError::OrphanAttachment { name: "scan.pdf".into(), draft_id: "d".into() },
            ExportError::EmptyId,
            ExportError::BadAnswers { id: "d".into(), procedure_name: "Khai sinh".into() },
            ExportError::BadContent { name: "scan.pdf".into() },
            ExportError::SizeMismatch { name: "scan.pdf".into(), declared: 2 * 1024 * 1024, actual: 1024 },
            ExportError::ChecksumMismatch { name: "scan.pdf".into() },
        ];
        for e in &errors {
            assert!(!e.message_vi().is_empty() && !e.message_en().is_empty(), "{e:?}");
            assert_ne!(e.message_vi(), e.message_en());
        }
        let size = &errors[11];
        assert!(size.message_vi().contains("2 MB") && size.message_vi().contains("1 KB"));
        assert!(!size.message_en().contains('«') && size.message_en().contains("“scan.pdf”"));
    }

    #[test]
    fn import_never_doubles_or_overwrites() {
        let f = sample();
        let plan = f.plan(|id| id == "d1", |_| false);
        assert_eq!(plan.import.len(), 1);
        assert_eq!(plan.import[0].0.id, "d2");
        assert_eq!(plan.import[0].1.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a2", "a3"]);
        assert_eq!(plan.skipped.len(), 1);
        assert_eq!(plan.skipped[0].draft.id, "d1");
        assert_eq!(plan.skipped[0].files, 1);
        assert_eq!(plan.skipped[0].reason, SkipReason::AlreadyOnDevice);

        let plan = f.plan(|_| false, |id| id == "a3");
        assert_eq!(plan.import.len(), 1);
        assert_eq!(plan.skipped[0].reason, SkipReason::FileIdInUse);

        let everything = f.plan(|_| false, |_| false);
        assert_eq!(everything.import.len(), 2);
        assert!(everything.skipped.is_empty());
    }

    #[test]
    fn summary_and_file_name_read_naturally() {
        let s = ImportSummary { drafts_imported: 2, files_imported: 3, drafts_skipped: 1, files_skipped: 1 };
        assert_eq!(
            s.message_vi(),
            "Đã nhập 2 bản nháp và 3 tệp đính kèm. Bỏ qua 1 bản nháp (1 tệp đính kèm) đã có trên thiết bị."
        );
        assert_eq!(
            ImportSummary { drafts_imported: 1, ..Default::default() }.message_en(),
            "Imported 1 draft(s) and 0 attachment(s)."
        );
        assert_eq!(file_name(Date::new(2026, 3, 7).unwrap()), "ho-so-nhap-20260307.json");
    }
}
