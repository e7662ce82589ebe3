//! What an uploaded attachment really is, judged by its first bytes.
//!
//! Dossiers take PDF, JPEG and PNG only. The file name and the MIME type the browser
//! declares are both under the uploader's control (and browsers guess them from the
//! extension), so [`sniff`] looks at the magic bytes instead and the file is stored with
//! [`FileKind::mime`], never with what was declared:
//!
//! * **PDF** — `%PDF-` and a version digit at byte 0. ISO 32000 requires the header on
//!   the first line; readers such as Acrobat tolerate up to 1024 bytes of junk before it,
//!   but accepting that would let a file that is also an executable or an HTML page (a
//!   polyglot) through as a "PDF". A scanner that prepends junk is rare; re-saving fixes it.
//! * **JPEG** — `FF D8 FF` (start-of-image marker followed by the next marker's `FF`).
//! * **PNG** — the 8-byte signature `89 50 4E 47 0D 0A 1A 0A`.
//!
//! [`check_upload`] adds the size rules ([`MAX_FILE_BYTES`] per file) and
//! [`check_upload_for`] a form field's `accept` list; [`check_total`] caps a whole dossier
//! at [`MAX_DOSSIER_BYTES`]. Errors name the file and say what is wrong in Vietnamese and
//! English.

use crate::api_error::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

/// One megabyte as limits are shown ("10 MB"): 2²⁰ bytes.
pub const MB: u64 = 1024 * 1024;
/// Largest single attachment.
pub const MAX_FILE_BYTES: u64 = 10 * MB;
/// Largest sum of a dossier's attachments.
pub const MAX_DOSSIER_BYTES: u64 = 50 * MB;

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// A file type dossiers accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub const ALL: [FileKind; 3] = [FileKind::Pdf, FileKind::Jpeg, FileKind::Png];

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }

    /// The name people know the type by.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Jpeg => "JPEG",
            FileKind::Png => "PNG",
        }
    }

    /// Whether a form field's `accept` list (MIME types such as `application/pdf`,
    /// `image/*` or `*/*`, case-insensitive) takes this kind; an empty list takes any.
    /// `image/jpg`, a common misspelling, counts as `image/jpeg`.
    pub fn is_accepted_by<S: AsRef<str>>(self, accept: &[S]) -> bool {
        if accept.is_empty() {
            return true;
        }
        let mime = self.mime();
        let (top, _) = mime.split_once('/').unwrap_or((mime, ""));
        accept.iter().any(|a| {
            let a = a.as_ref().trim().to_ascii_lowercase();
            match a.split_once('/') {
                Some(("*", "*")) => true,
                Some((t, "*")) => t == top,
                _ => a == mime || (self == FileKind::Jpeg && a == "image/jpg"),
            }
        })
    }
}

/// The kind of file `bytes` holds, or `None` if it is not a PDF, JPEG or PNG.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(&PNG_SIGNATURE) {
        Some(FileKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if bytes.starts_with(b"%PDF-") && bytes.get(5).is_some_and(u8::is_ascii_digit) {
        Some(FileKind::Pdf)
    } else {
        None
    }
}

/// Why an upload is refused. `name` is the file's name as uploaded, shortened for
/// display.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("{name}: the file is empty")]
    Empty { name: String },
    #[error("{name}: {} exceeds the limit of {}", size_en(*size), size_en(*limit))]
    TooLarge { name: String, size: u64, limit: u64 },
    /// The content is none of PDF, JPEG, PNG, whatever the name or declared type says.
    #[error("{name}: not a PDF, JPEG or PNG file (declared {declared_mime:?})")]
    Unsupported { name: String, declared_mime: String },
    /// A supported kind the field does not take.
    #[error("{name}: a {} file is not accepted here", kind.label())]
    NotAccepted {
        name: String,
        kind: FileKind,
        accept: Vec<String>,
    },
    #[error("the attachments total {}, over the limit of {}", size_en(*total), size_en(*limit))]
    TotalTooLarge { total: u64, limit: u64 },
}

impl UploadError {
    pub fn message_vi(&self) -> String {
        match self {
            UploadError::Empty { name } => format!("Tệp «{name}» không có nội dung"),
            UploadError::TooLarge { name, size, limit } => {
                format!("Tệp «{name}» có dung lượng {}, vượt quá giới hạn {}", size_vi(*size), size_vi(*limit))
            }
            UploadError::Unsupported { name, .. } => format!(
                "Tệp «{name}» không phải tệp PDF, JPEG hoặc PNG (hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp)"
            ),
            UploadError::NotAccepted { name, kind, accept } => {
                format!("Tệp «{name}» là tệp {}, mục này chỉ nhận {}", kind.label(), accepted_labels(accept, " hoặc "))
            }
            UploadError::TotalTooLarge { total, limit } => format!(
                "Tổng dung lượng các tệp đính kèm là {}, vượt quá giới hạn {} cho một hồ sơ",
                size_vi(*total),
                size_vi(*limit)
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            UploadError::Empty { name } => format!("“{name}” is empty"),
            UploadError::TooLarge { name, size, limit } => {
                format!(
                    "“{name}” is {}, over the limit of {}",
                    size_en(*size),
                    size_en(*limit)
                )
            }
            UploadError::Unsupported { name, .. } => {
                format!("“{name}” is not a PDF, JPEG or PNG file (its content was checked, not its name)")
            }
            UploadError::NotAccepted { name, kind, accept } => {
                format!(
                    "“{name}” is a {} file; this item takes {} only",
                    kind.label(),
                    accepted_labels(accept, " or ")
                )
            }
            UploadError::TotalTooLarge { total, limit } => {
                format!(
                    "The attachments total {}, over the limit of {} per dossier",
                    size_en(*total),
                    size_en(*limit)
                )
            }
        }
    }

    /// The API answer: 413 for sizes, 400 otherwise.
    pub fn to_api_error(&self) -> ApiError {
        let code = match self {
            UploadError::TooLarge { .. } | UploadError::TotalTooLarge { .. } => {
                ErrorCode::PayloadTooLarge
            }
            _ => ErrorCode::BadRequest,
        };
        ApiError::new(code, self.message_vi(), self.message_en())
    }
}

/// Checks one attachment: not empty, at most `max` bytes (use [`MAX_FILE_BYTES`] or the
/// field's smaller `max_size`), and a PDF, JPEG or PNG by content. The name's extension
/// and `declared_mime` do not decide anything: a PDF named `scan.jpg` is a PDF. Store
/// the file with the returned kind's [`FileKind::mime`].
pub fn check_upload(
    name: &str,
    declared_mime: &str,
    bytes: &[u8],
    max: u64,
) -> Result<FileKind, UploadError> {
    let shown = || display_name(name);
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(UploadError::Empty { name: shown() });
    }
    let limit = max.min(MAX_FILE_BYTES);
    if size > limit {
        return Err(UploadError::TooLarge {
            name: shown(),
            size,
            limit,
        });
    }
    sniff(bytes).ok_or_else(|| UploadError::Unsupported {
        name: shown(),
        declared_mime: declared_mime.trim().chars().take(100).collect(),
    })
}

/// [`check_upload`], then the field's `accept` list (see [`FileKind::is_accepted_by`]).
pub fn check_upload_for<S: AsRef<str>>(
    name: &str,
    declared_mime: &str,
    bytes: &[u8],
    max: u64,
    accept: &[S],
) -> Result<FileKind, UploadError> {
    let kind = check_upload(name, declared_mime, bytes, max)?;
    if kind.is_accepted_by(accept) {
        Ok(kind)
    } else {
        Err(UploadError::NotAccepted {
            name: display_name(name),
            kind,
            accept: accept.iter().map(|a| a.as_ref().to_owned()).collect(),
        })
    }
}

/// The total of a dossier's attachment sizes, refused past [`MAX_DOSSIER_BYTES`].
pub fn check_total(sizes: impl IntoIterator<Item = u64>) -> Result<u64, UploadError> {
    let total = sizes.into_iter().fold(0u64, u64::saturating_add);
    if total > MAX_DOSSIER_BYTES {
        Err(UploadError::TotalTooLarge {
            total,
            limit: MAX_DOSSIER_BYTES,
        })
    } else {
        Ok(total)
    }
}

/// The file name as messages show it: without any folder a browser sent, at most 60
/// characters.
fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    if base.is_empty() {
        return "(không tên)".into();
    }
    if base.chars().count() <= 60 {
        base.to_owned()
    } else {
        let mut s: String = base.chars().take(59).collect();
        s.push('…');
        s
    }
}

fn accepted_labels(accept: &[String], or: &str) -> String {
    let labels: Vec<&str> = FileKind::ALL
        .into_iter()
        .filter(|k| k.is_accepted_by(accept))
        .map(FileKind::label)
        .collect();
    if labels.is_empty() {
        accept.join(", ")
    } else {
        labels.join(or)
    }
}

/// A size in GB, MB, KB or bytes with at most one decimal; `sep` is the decimal mark.
fn size_with(bytes: u64, sep: char, byte_word: &str) -> String {
    // Storage quotas (the device page) run to gigabytes; uploads never do.
    const GB: u64 = 1024 * MB;
    let (unit, name) = if bytes >= GB {
        (GB, "GB")
    } else if bytes >= MB {
        (MB, "MB")
    } else if bytes >= 1024 {
        (1024, "KB")
    } else {
        return format!("{bytes} {byte_word}");
    };
    // Tenths, rounded up so that "over the limit" never shows the limit itself.
    let tenths = bytes.saturating_mul(10).div_ceil(unit);
    if tenths % 10 == 0 {
        format!("{} {name}", tenths / 10)
    } else {
        format!("{}{sep}{} {name}", tenths / 10, tenths % 10)
    }
}

/// `1,5 MB`: a size as Vietnamese messages show it (rounded up to a tenth).
pub fn size_vi(bytes: u64) -> String {
    size_with(bytes, ',', "byte")
}

/// `1.5 MB`, for the English messages.
pub fn size_en(bytes: u64) -> String {
    size_with(bytes, '.', "bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A complete, valid 1×1 grey PNG (67 bytes).
    const PNG_1X1: [u8; 67] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a,
        0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    /// SOI, then the APP0 (JFIF) marker segment.
    const JPEG_HEAD: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00,
    ];
    const PDF_HEAD: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    const EXE_HEAD: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF\x00\x00";

    #[test]
    fn sniffs_real_headers() {
        assert_eq!(sniff(&PNG_1X1), Some(FileKind::Png));
        assert_eq!(sniff(JPEG_HEAD), Some(FileKind::Jpeg));
        assert_eq!(sniff(PDF_HEAD), Some(FileKind::Pdf));
        assert_eq!(sniff(b"%PDF-2.0\n"), Some(FileKind::Pdf));
        assert_eq!(sniff(EXE_HEAD), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"%PDF-"), None);
        assert_eq!(sniff(b"%PDF-x"), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(&PNG_1X1[..7]), None);
        // The header must be at byte 0: junk (or an executable) before it is refused.
        let mut polyglot = EXE_HEAD.to_vec();
        polyglot.extend_from_slice(PDF_HEAD);
        assert_eq!(sniff(&polyglot), None);
        assert_eq!(sniff(b"\n%PDF-1.4\n"), None);
        // A BOM in front of a PDF header is not a PDF either.
        assert_eq!(sniff(b"\xEF\xBB\xBF%PDF-1.4"), None);
    }

    #[test]
    fn kinds_have_mimes() {
        assert_eq!(FileKind::Pdf.mime(), "application/pdf");
        assert_eq!(FileKind::Jpeg.mime(), "image/jpeg");
        assert_eq!(FileKind::Png.mime(), "image/png");
        assert_eq!(serde_json::to_string(&FileKind::Jpeg).unwrap(), r#""jpeg""#);
        for k in FileKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(serde_json::from_str::<FileKind>(&json).unwrap(), k);
        }
    }

    #[test]
    fn uploads_are_judged_by_content() {
        assert_eq!(
            check_upload("anh.png", "image/png", &PNG_1X1, MAX_FILE_BYTES),
            Ok(FileKind::Png)
        );
        assert_eq!(
            check_upload("anh.jpg", "image/jpeg", JPEG_HEAD, MAX_FILE_BYTES),
            Ok(FileKind::Jpeg)
        );
        assert_eq!(
            check_upload("don.pdf", "application/pdf", PDF_HEAD, MAX_FILE_BYTES),
            Ok(FileKind::Pdf)
        );
        // A PDF renamed .jpg is a PDF…
        assert_eq!(
            check_upload("scan.jpg", "image/jpeg", PDF_HEAD, MAX_FILE_BYTES),
            Ok(FileKind::Pdf)
        );
        // …accepted where PDFs are, refused where only images are.
        assert_eq!(
            check_upload_for(
                "scan.jpg",
                "image/jpeg",
                PDF_HEAD,
                MAX_FILE_BYTES,
                &["application/pdf", "image/*"]
            ),
            Ok(FileKind::Pdf)
        );
        let err = check_upload_for(
            "scan.jpg",
            "image/jpeg",
            PDF_HEAD,
            MAX_FILE_BYTES,
            &["image/*"],
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                UploadError::NotAccepted {
                    kind: FileKind::Pdf,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            err.message_vi().contains("«scan.jpg»") && err.message_vi().contains("JPEG hoặc PNG")
        );
        assert!(
            err.message_en().contains("“scan.jpg”") && err.message_en().contains("JPEG or PNG")
        );
        assert_eq!(
            check_upload_for::<&str>("x.png", "", &PNG_1X1, MAX_FILE_BYTES, &[]),
            Ok(FileKind::Png)
        );

        // An executable renamed .pdf, and a text file named .pdf, are refused.
        for (name, bytes) in [
            ("hoa-don.pdf", EXE_HEAD),
            ("ghi-chu.pdf", b"Xin chao, day la van ban\n".as_slice()),
        ] {
            let err = check_upload(name, "application/pdf", bytes, MAX_FILE_BYTES).unwrap_err();
            assert_eq!(
                err,
                UploadError::Unsupported {
                    name: name.into(),
                    declared_mime: "application/pdf".into()
                }
            );
            assert!(
                err.message_vi().contains(&format!("«{name}»")),
                "{}",
                err.message_vi()
            );
            assert!(err
                .message_vi()
                .contains("không phải tệp PDF, JPEG hoặc PNG"));
            assert!(err.message_en().contains("not a PDF, JPEG or PNG"));
            assert_eq!(err.to_api_error().error.code, ErrorCode::BadRequest);
        }
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        let err = check_upload(
            "C:\\Users\\an\\trong.pdf",
            "application/pdf",
            &[],
            MAX_FILE_BYTES,
        )
        .unwrap_err();
        assert_eq!(
            err,
            UploadError::Empty {
                name: "trong.pdf".into()
            }
        );
        assert_eq!(err.message_vi(), "Tệp «trong.pdf» không có nội dung");
        assert_eq!(err.message_en(), "“trong.pdf” is empty");

        let mut big = PDF_HEAD.to_vec();
        big.resize((MAX_FILE_BYTES + 1) as usize, b' ');
        let err = check_upload("to.pdf", "application/pdf", &big, MAX_FILE_BYTES).unwrap_err();
        assert_eq!(
            err,
            UploadError::TooLarge {
                name: "to.pdf".into(),
                size: MAX_FILE_BYTES + 1,
                limit: MAX_FILE_BYTES
            }
        );
        assert_eq!(
            err.message_vi(),
            "Tệp «to.pdf» có dung lượng 10,1 MB, vượt quá giới hạn 10 MB"
        );
        assert_eq!(
            err.message_en(),
            "“to.pdf” is 10.1 MB, over the limit of 10 MB"
        );
        assert_eq!(err.to_api_error().error.code, ErrorCode::PayloadTooLarge);
        big.truncate(MAX_FILE_BYTES as usize);
        assert_eq!(
            check_upload("vua.pdf", "application/pdf", &big, MAX_FILE_BYTES),
            Ok(FileKind::Pdf)
        );
        // A field's smaller limit applies; a larger one is capped at 10 MB.
        assert!(matches!(
            check_upload("a.pdf", "", PDF_HEAD, 10),
            Err(UploadError::TooLarge { limit: 10, .. })
        ));
        assert!(matches!(
            check_upload("b.pdf", "", &[&big[..], b"x"].concat(), 100 * MB),
            Err(UploadError::TooLarge {
                limit: MAX_FILE_BYTES,
                ..
            })
        ));
    }

    #[test]
    fn dossier_total_is_capped() {
        assert_eq!(
            check_total([10 * MB, 10 * MB, 10 * MB, 10 * MB, 10 * MB]),
            Ok(50 * MB)
        );
        assert_eq!(check_total(std::iter::empty()), Ok(0));
        let err = check_total([10 * MB; 6]).unwrap_err();
        assert_eq!(
            err,
            UploadError::TotalTooLarge {
                total: 60 * MB,
                limit: MAX_DOSSIER_BYTES
            }
        );
        assert!(err.message_vi().contains("60 MB") && err.message_vi().contains("50 MB"));
        assert!(err.message_en().contains("60 MB") && err.message_en().contains("50 MB"));
        assert!(check_total([u64::MAX, 1]).is_err());
    }

    #[test]
    fn accept_lists_match_like_browsers() {
        assert!(FileKind::Png.is_accepted_by(&["image/*"]));
        assert!(FileKind::Jpeg.is_accepted_by(&["IMAGE/JPG"]));
        assert!(FileKind::Pdf.is_accepted_by(&["*/*"]));
        assert!(!FileKind::Pdf.is_accepted_by(&["image/*", "image/png"]));
        assert!(FileKind::Pdf.is_accepted_by::<String>(&[]));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_en(10 * MB), "10 MB");
        assert_eq!(size_vi(MB + MB / 2), "1,5 MB");
        assert_eq!(size_vi(3 * 1024 * MB), "3 GB");
        assert_eq!(size_en(59 * 1024 * MB + 700 * MB), "59.7 GB");
        assert_eq!(size_en(1536), "1.5 KB");
        assert_eq!(size_en(12), "12 bytes");
        assert_eq!(size_vi(12), "12 byte");
        assert_eq!(display_name(&"a".repeat(100)).chars().count(), 60);
        assert_eq!(display_name("  "), "(không tên)");
    }
}
