//! The JSON a citizen's device sends: the `dossier` part of a filing, the `supplement`
//! part, a look-up by code and phone, and an officer's action. Arbitrary bytes must give
//! an error, never a panic (a panic is a 500); whatever is read goes on through the
//! checks the server makes, against the real schema for its procedure code.
//!
//! Input: the JSON document itself.
#![no_main]

use domain::dossier::api::{LookupRequest, SubmissionBody, SupplementBody};
use domain::dossier::{apply, canonical_phone, Action, DossierCode, DossierState};
use domain::form::{migrate, Answers, ValidationContext};
use domain::ProcedureCode;
use libfuzzer_sys::fuzz_target;
use portal_fuzz::{file_answers, schema_for, today, FuzzAdminUnits};

fuzz_target!(|data: &[u8]| {
    // A filing: read as a value first (the server digests its canonical text for the
    // idempotency check), then as the body.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = value.to_string();
        if let Ok(body) = serde_json::from_value::<SubmissionBody>(value.clone()) {
            let _ = ProcedureCode::parse(&body.procedure_code).map_err(|e| e.to_string());
            let schema = schema_for(&body.procedure_code, body.schema_version as usize);
            check(schema, &body.answers, data.len());
        }
        if let Ok(request) = serde_json::from_value::<LookupRequest>(value.clone()) {
            look_up(&request);
        }
        if let Ok(action) = serde_json::from_value::<Action>(value) {
            act(&action);
        }
    }
    // A supplement is read straight from the bytes.
    if let Ok(body) = serde_json::from_slice::<SupplementBody>(data) {
        check(schema_for("", data.len()), &body.answers, data.len());
    }
    // Drafts are read leniently: only invalid JSON is an error.
    if let Ok(answers) = serde_json::from_slice::<Answers>(data) {
        let _ = answers.unreadable().count();
    }
});

/// 2025-10-01, the day the example filings in `domain/tests/form_schemas_real.rs` (the
/// seeds) are valid on: ages and "not in the future" depend on it.
const EXAMPLES_DAY: u16 = 20_362;

fn check(schema: &domain::form::FormSchema, answers: &Answers, seed: usize) {
    let admin = FuzzAdminUnits(seed as u8);
    let ctx = ValidationContext::new(today(EXAMPLES_DAY), &admin);
    file_answers(schema, answers, &ctx);
    // A draft made under an older form is carried over to this one.
    let _ = migrate(answers, schema, &ctx);
}

fn look_up(request: &LookupRequest) {
    for code in [
        DossierCode::parse(&request.code),
        DossierCode::parse_checked(&request.code),
    ] {
        match code {
            Ok(code) => {
                let text = code.to_string();
                assert_eq!(DossierCode::parse_checked(&text).as_ref(), Ok(&code));
                assert_eq!(DossierCode::parse(&code.legal()).as_ref(), Ok(&code));
            }
            Err(e) => {
                let _ = (e.message_vi(), e.message_en(), e.to_api_error());
            }
        }
    }
    if let Some(phone) = canonical_phone(&request.phone) {
        // Filing stores this spelling and look-ups compare with it.
        assert_eq!(canonical_phone(&phone), Some(phone.clone()));
    }
}

fn act(action: &Action) {
    let note = || "Thiếu bản sao giấy khai sinh".to_owned();
    let states = [
        DossierState::Received,
        DossierState::Processing,
        DossierState::SupplementRequested { note: note() },
        DossierState::ResultReady,
        DossierState::Returned,
        DossierState::Rejected { reason: note() },
    ];
    for state in &states {
        match apply(state, action) {
            Ok(next) => assert_eq!(next.kind(), action.kind().target()),
            Err(e) => {
                let _ = (e.message_vi(), e.message_en(), e.to_api_error());
            }
        }
    }
}
