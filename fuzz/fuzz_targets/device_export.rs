//! A drafts export: the body of `POST /api/v1/handoffs` (from anyone, up to 52 MiB) and
//! the file the app imports from disk. Any bytes must give an [`ExportError`] with its
//! message, never a panic; a file that reads must write back (as the app streams it:
//! head, attachment parts, tail) into one that reads the same; and the hand-off code as
//! typed by a person must parse or be refused.
//!
//! Input: the file's bytes; the same bytes as text are also tried as a hand-off code.
#![no_main]

use domain::device_export::{attachment_part, head, read, DeviceExport, ExportError, TAIL};
use domain::handoff::HandoffCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    code(&String::from_utf8_lossy(&data[..data.len().min(64)]));

    let export = match read(data) {
        Ok(export) => export,
        Err(e) => return words(&e),
    };
    let checked = export.validate();
    if let Err(e) = &checked {
        words(e);
    }
    for a in &export.attachments {
        let _ = a.bytes();
    }
    let plan = export.plan(|id| id.len() % 2 == 1, |id| id.starts_with('x'));
    for s in &plan.skipped {
        let _ = (s.reason.label_vi(), s.reason.label_en(), s.files);
    }

    let mut written = head(export.exported_ms, &export.drafts);
    for (i, a) in export.attachments.iter().enumerate() {
        written.push_str(&attachment_part(i, a));
    }
    written.push_str(TAIL);
    let again = read(written.as_bytes())
        .unwrap_or_else(|e| panic!("an export that read does not read once written: {e}"));
    // Times are floats, which serde_json reads back to the nearest value only within an
    // ulp; everything else must come back exactly.
    let drafts = |e: &DeviceExport| {
        e.drafts
            .iter()
            .map(|d| {
                (
                    d.id.clone(),
                    d.procedure.clone(),
                    d.answers.clone(),
                    d.supplement_for.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let files = |e: &DeviceExport| {
        e.attachments
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    a.draft_id.clone(),
                    a.name.clone(),
                    a.size,
                    a.content.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(drafts(&again), drafts(&export));
    assert_eq!(files(&again), files(&export));
    assert_eq!(again.validate(), checked);
});

fn words(e: &ExportError) {
    assert!(!e.message_vi().is_empty() && !e.message_en().is_empty());
    let _ = e.to_string();
}

fn code(typed: &str) {
    match HandoffCode::parse(typed) {
        Ok(c) => {
            assert_eq!(HandoffCode::parse(&c.grouped()).as_ref(), Ok(&c));
            assert_eq!(HandoffCode::parse(c.as_str()).as_ref(), Ok(&c));
        }
        Err(e) => {
            let _ = (e.message_vi(), e.message_en(), e.to_api_error());
        }
    }
}
