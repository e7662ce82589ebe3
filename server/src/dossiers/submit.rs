//! The checks a filing (or a supplement) passes before anything is stored: the multipart
//! body read within limits, the answers re-validated with the same domain code and the
//! same schema the app was served, and every attachment judged by its bytes.

use axum::extract::multipart::{Field as Part, MultipartError};
use axum::extract::Multipart;
use domain::dossier::api::FILE_PART_PREFIX;
use domain::form::{
    generic_schema, submission, AdminCheck, Answer, Answers, Field, FieldError, FieldErrorCode,
    FieldKind, FileMeta, FormSchema, ValidationContext, ENTERPRISE_STATUS_FIELD,
};
use domain::ids::Mst;
use domain::sniff::{
    check_total, check_upload_for, UploadError, MAX_DOSSIER_BYTES, MAX_FILE_BYTES,
};
use domain::Procedure;
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::store::StoredFile;
use super::{sha256_hex, vn_date};
use crate::error::AppError;
use crate::state::AppState;

/// The JSON part holds answers, not documents: a megabyte is far more than any form.
const MAX_JSON_BYTES: usize = 1024 * 1024;
/// File ids are the client's (UUIDs in the app); anything longer is not one.
const MAX_FILE_ID_CHARS: usize = 128;

/// One `file:<id>` part as received.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub declared_mime: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// A multipart body read whole: the JSON part and the file parts by id.
#[derive(Debug, Default)]
pub struct Received {
    pub json: Option<Vec<u8>>,
    pub uploads: BTreeMap<String, Upload>,
}

/// Reads every part, refusing as early as possible: a file past the per-file limit or a
/// body past the per-dossier total stops the read there, naming the file.
pub async fn read_multipart(
    mut multipart: Multipart,
    json_part: &'static str,
) -> Result<Received, AppError> {
    let mut out = Received::default();
    let mut total: u64 = 0;
    while let Some(mut part) = multipart.next_field().await.map_err(multipart_error)? {
        let name = part.name().unwrap_or("").to_owned();
        if name == json_part {
            if out.json.is_some() {
                return Err(AppError::Multipart(format!(
                    "the {json_part:?} part appears twice"
                )));
            }
            let mut json = Vec::new();
            while let Some(chunk) = part.chunk().await.map_err(multipart_error)? {
                json.extend_from_slice(&chunk);
                if json.len() > MAX_JSON_BYTES {
                    return Err(AppError::Multipart(format!(
                        "the {json_part:?} part is over {} KiB",
                        MAX_JSON_BYTES / 1024
                    )));
                }
            }
            out.json = Some(json);
        } else if let Some(id) = name.strip_prefix(FILE_PART_PREFIX) {
            if id.is_empty() || id.chars().count() > MAX_FILE_ID_CHARS {
                return Err(AppError::StrayFilePart(name));
            }
            if out.uploads.contains_key(id) {
                return Err(AppError::Multipart(format!(
                    "the part {name:?} appears twice"
                )));
            }
            let id = id.to_owned();
            let upload = read_file(&mut part, &mut total).await?;
            out.uploads.insert(id, upload);
        } else {
            return Err(AppError::Multipart(format!(
                "unexpected part {:?}",
                name.chars().take(80).collect::<String>()
            )));
        }
    }
    Ok(out)
}

async fn read_file(part: &mut Part<'_>, total: &mut u64) -> Result<Upload, AppError> {
    let file_name = part.file_name().unwrap_or("").to_owned();
    let declared_mime = part.content_type().unwrap_or("").to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = part.chunk().await.map_err(multipart_error)? {
        bytes.extend_from_slice(&chunk);
        *total = total.saturating_add(chunk.len() as u64);
        if bytes.len() as u64 > MAX_FILE_BYTES {
            // check_upload words the refusal (and shortens the name) like the app does.
            check_upload_for::<&str>(&file_name, &declared_mime, &bytes, MAX_FILE_BYTES, &[])?;
        }
        check_total([*total])?;
    }
    let sha256 = sha256_hex(&bytes);
    Ok(Upload {
        file_name,
        declared_mime,
        bytes,
        sha256,
    })
}

fn multipart_error(e: MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        // Only the whole-body limit (a little over the 50 MiB total) ends up here.
        AppError::Upload(UploadError::TotalTooLarge {
            total: crate::UPLOAD_BODY_LIMIT_BYTES as u64,
            limit: MAX_DOSSIER_BYTES,
        })
    } else {
        AppError::Multipart(e.body_text())
    }
}

/// What identifies a request for the idempotency check: the JSON part in a canonical
/// form (object keys sorted, no insignificant space, so a client that re-serialises its
/// stored body still matches) and every file's id and content hash.
pub fn request_digest(json: &serde_json::Value, uploads: &BTreeMap<String, Upload>) -> String {
    let mut material = json.to_string().into_bytes();
    for (id, upload) in uploads {
        material.push(b'\n');
        material.extend_from_slice(id.as_bytes());
        material.push(b':');
        material.extend_from_slice(upload.sha256.as_bytes());
    }
    sha256_hex(&material)
}

/// The procedure as the catalogue stores it.
pub fn procedure(conn: &Connection, code: &str) -> rusqlite::Result<Option<Procedure>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT json FROM procedures WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    json.map(|j| {
        serde_json::from_str(&j).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// The schema `GET /api/v1/forms/{code}` serves for this procedure: the official one
/// when `data/forms/` has it, else the generic one. Read back from the served body so
/// the two can never differ.
pub fn schema_for(state: &AppState, procedure: &Procedure) -> Result<FormSchema, AppError> {
    #[derive(serde::Deserialize)]
    struct Served {
        schema: FormSchema,
    }
    match state.official_forms.get(&procedure.code) {
        Some(rep) => Ok(serde_json::from_slice::<Served>(rep.identity())?.schema),
        None => Ok(generic_schema(procedure)),
    }
}

/// The answers as they will be stored (`domain::form::submission`: normalised, hidden
/// fields dropped) and the canonical contact phone; or every field problem.
pub fn check_answers(
    conn: &Connection,
    schema: &FormSchema,
    mut answers: Answers,
    now: i64,
) -> Result<(Answers, String), AppError> {
    let mut problems = Vec::new();
    if schema.requires_active_enterprise {
        if let Some(problem) = refresh_enterprise_status(conn, schema, &mut answers)? {
            problems.push(problem);
        }
    }
    let admin_units = |province: u32, ward: u32| admin_check(conn, province, ward);
    let ctx = ValidationContext::new(vn_date(now), &admin_units);
    let kept = match submission(schema, &answers, &ctx) {
        Ok(kept) => kept,
        Err(errors) => {
            problems.extend(errors);
            return Err(AppError::Validation(problems));
        }
    };
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let Some(phone) = domain::dossier::contact_phone(schema, &kept) else {
        let first_phone = schema
            .top_fields()
            .find(|(_, f)| matches!(f.kind, FieldKind::Phone { .. }))
            .map(|(_, f)| f.id.clone());
        return Err(AppError::NoContactPhone(first_phone));
    };
    Ok((kept, phone))
}

/// Puts the registry's current status into the status field, whatever the client sent,
/// so the domain's precondition judges the truth; a tax code the registry does not know
/// is refused on the tax-code field.
fn refresh_enterprise_status(
    conn: &Connection,
    schema: &FormSchema,
    answers: &mut Answers,
) -> Result<Option<FieldError>, AppError> {
    let Some(key_field) = schema
        .field(ENTERPRISE_STATUS_FIELD)
        .and_then(|f| f.prefill.as_ref())
        .and_then(|p| p.key_field.clone())
    else {
        return Ok(None);
    };
    let Some(mst) = answers
        .get(&key_field)
        .and_then(Answer::as_text)
        .and_then(|t| Mst::parse(t).ok())
    else {
        // No or no valid tax code: the field's own validation reports it.
        answers.remove(ENTERPRISE_STATUS_FIELD);
        return Ok(None);
    };
    let canonical = mst.canonical();
    let status: Option<String> = conn
        .prepare_cached("SELECT status FROM enterprises WHERE mst = ?1")
        .and_then(|mut s| s.query_row([&canonical], |r| r.get(0)).optional())
        .map_err(|e| AppError::Db(e.into()))?;
    match status {
        Some(status) => {
            answers.insert(ENTERPRISE_STATUS_FIELD, Answer::text(status));
            Ok(None)
        }
        None => {
            answers.remove(ENTERPRISE_STATUS_FIELD);
            Ok(Some(FieldError::new(
                FieldErrorCode::EnterpriseNotActive,
                &key_field,
                format!("Không tìm thấy mã số thuế {canonical} trong Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp nên không thể thực hiện thủ tục này"),
                format!("Tax code {canonical} is not in the national business registry, so this procedure cannot be carried out for it"),
            )))
        }
    }
}

fn admin_check(conn: &Connection, province: u32, ward: u32) -> AdminCheck {
    let province_known: rusqlite::Result<bool> = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM provinces WHERE code = ?1)")
        .and_then(|mut s| s.query_row([province], |r| r.get(0)));
    let ward_province: rusqlite::Result<Option<u32>> = conn
        .prepare_cached("SELECT province_code FROM wards WHERE code = ?1")
        .and_then(|mut s| s.query_row([ward], |r| r.get(0)).optional());
    match (province_known, ward_province) {
        (Ok(false), _) => AdminCheck::UnknownProvince,
        (Ok(true), Ok(Some(p))) if p == province => AdminCheck::Valid,
        (Ok(true), Ok(Some(_))) => AdminCheck::WardNotInProvince,
        (Ok(true), Ok(None)) => AdminCheck::UnknownWard,
        // A database hiccup must not fail the filing; the check is simply not made.
        _ => AdminCheck::Unknown,
    }
}

/// An attachment the answers reference, with its field's rules.
#[derive(Debug, Clone)]
pub struct Referenced {
    pub meta: FileMeta,
    pub accept: Vec<String>,
    pub max_size: u64,
}

/// Every file the answers reference, top-level and inside groups, in form order; each id
/// once.
pub fn referenced_files(schema: &FormSchema, answers: &Answers) -> Vec<Referenced> {
    let fields: Vec<&Field> = schema.top_fields().map(|(_, f)| f).collect();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    collect_files(&fields, answers, &mut seen, &mut out);
    out
}

fn collect_files(
    fields: &[&Field],
    answers: &Answers,
    seen: &mut HashSet<String>,
    out: &mut Vec<Referenced>,
) {
    for f in fields {
        let Some(answer) = answers.get(&f.id) else {
            continue;
        };
        match &f.kind {
            FieldKind::Attachment {
                accept, max_size, ..
            } => {
                for meta in answer.as_files().unwrap_or(&[]) {
                    if seen.insert(meta.id.clone()) {
                        out.push(Referenced {
                            meta: meta.clone(),
                            accept: accept.clone(),
                            max_size: *max_size,
                        });
                    }
                }
            }
            FieldKind::Group { fields: inner, .. } => {
                let inner: Vec<&Field> = inner.iter().collect();
                for item in answer.as_group().unwrap_or_default().iter() {
                    collect_files(&inner, item, seen, out);
                }
            }
            _ => {}
        }
    }
}

/// Matches referenced files with the parts received: a file already on the dossier
/// (`existing`, for supplements) needs no part; every other one must have its part and
/// pass the byte checks. Parts nobody references (say, for a field the person hid again)
/// are not stored. Returns the new files with their bytes; the total of all files,
/// existing ones included, is capped.
pub fn check_files(
    referenced: &[Referenced],
    uploads: &mut BTreeMap<String, Upload>,
    existing: &BTreeMap<String, u64>,
) -> Result<Vec<(StoredFile, Upload)>, AppError> {
    let mut new = Vec::new();
    for r in referenced {
        if existing.contains_key(&r.meta.id) {
            continue;
        }
        let Some(upload) = uploads.remove(&r.meta.id) else {
            return Err(AppError::MissingFilePart {
                id: r.meta.id.clone(),
                name: r.meta.name.clone(),
            });
        };
        // The name the person sees in the form; the part's file name is a fallback.
        let name = if r.meta.name.trim().is_empty() {
            upload.file_name.clone()
        } else {
            r.meta.name.clone()
        };
        let max = if r.max_size == 0 {
            MAX_FILE_BYTES
        } else {
            r.max_size
        };
        let kind = check_upload_for(&name, &upload.declared_mime, &upload.bytes, max, &r.accept)?;
        new.push((
            StoredFile {
                id: r.meta.id.clone(),
                name,
                mime: kind.mime().to_owned(),
                size: upload.bytes.len() as u64,
                sha256: upload.sha256.clone(),
            },
            upload,
        ));
    }
    let kept_existing = referenced
        .iter()
        .filter_map(|r| existing.get(&r.meta.id).copied());
    check_total(new.iter().map(|(f, _)| f.size).chain(kept_existing))?;
    Ok(new)
}

/// Writes each file's bytes to `dir/<sha256>` unless a file with that content is already
/// there. Written to a temporary name and renamed, so a crash never leaves a partial file
/// under a content address.
pub fn store_bytes(dir: &Path, files: &[(StoredFile, Upload)]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::fs::create_dir_all(dir)?;
    for (file, upload) in files {
        let target = dir.join(&file.sha256);
        if target.exists() {
            continue;
        }
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".tmp-{}-{}-{n}", file.sha256, std::process::id()));
        std::fs::write(&tmp, &upload.bytes)?;
        if let Err(e) = std::fs::rename(&tmp, &target) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    }
    Ok(())
}
