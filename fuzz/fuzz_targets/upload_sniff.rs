//! An attachment as the server receives it in a `file:<id>` part: a name and a declared
//! type the uploader chose, and bytes. The type is judged by the bytes alone; the checks
//! and their messages must hold for anything.
//!
//! The multipart framing itself is parsed by axum (its `multer` dependency) inside the
//! handler and is not reachable without a request; what the server adds on top — part
//! names, sizes, the byte sniffing and the field's `accept` list — is pure and lives
//! here and in `domain::sniff`.
//!
//! Input: max size (4 bytes, little-endian; 0 means the 10 MiB default, as a field
//! without `max_size`), the file name, the declared type, up to three `accept` entries
//! (a count byte, then each a length byte and text), then the file's bytes.
#![no_main]

use domain::sniff::{
    check_total, check_upload, check_upload_for, size_en, size_vi, sniff, FileKind, UploadError,
    MAX_FILE_BYTES,
};
use libfuzzer_sys::fuzz_target;
use portal_fuzz::Reader;

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let max = match u64::from(r.u32()) {
        0 => MAX_FILE_BYTES,
        n => n,
    };
    let name = r.text();
    let declared = r.text();
    let accept: Vec<String> = (0..r.byte() % 4).map(|_| r.text()).collect();
    let bytes = r.rest();

    let kind = sniff(bytes);
    if let Some(k) = kind {
        let magic: &[u8] = match k {
            FileKind::Png => b"\x89PNG\r\n\x1a\n",
            FileKind::Jpeg => b"\xff\xd8\xff",
            FileKind::Pdf => b"%PDF-",
        };
        assert!(bytes.starts_with(magic), "{k:?} without its signature");
        let _ = (k.mime(), k.extension(), k.label());
    }

    match check_upload(&name, &declared, bytes, max) {
        Ok(k) => {
            assert_eq!(Some(k), kind);
            assert!(!bytes.is_empty() && bytes.len() as u64 <= max.min(MAX_FILE_BYTES));
        }
        Err(e) => {
            match &e {
                UploadError::Empty { .. } => assert!(bytes.is_empty()),
                UploadError::TooLarge { size, limit, .. } => assert!(size > limit),
                UploadError::Unsupported { .. } => assert_eq!(kind, None),
                other => panic!("check_upload gave {other:?}"),
            }
            words(&e);
        }
    }
    match check_upload_for(&name, &declared, bytes, max, &accept) {
        Ok(k) => assert!(k.is_accepted_by(&accept)),
        Err(e) => words(&e),
    }

    // The dossier total, over sizes the bytes make up (saturating, never wrapping).
    let sizes: Vec<u64> = bytes
        .chunks(8)
        .map(|c| c.iter().fold(0u64, |n, &b| n << 8 | u64::from(b)))
        .collect();
    if let Err(e) = check_total(sizes.iter().copied()) {
        words(&e);
    }
    for s in sizes {
        let _ = (size_vi(s), size_en(s));
    }
});

/// Every refusal is worded in both languages and becomes an API error.
fn words(e: &UploadError) {
    let vi = e.message_vi();
    let en = e.message_en();
    assert!(!vi.is_empty() && !en.is_empty());
    let _ = (e.to_string(), e.to_api_error());
}
