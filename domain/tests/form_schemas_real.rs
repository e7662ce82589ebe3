//! The hand-made form schemas in `data/forms/`: each one loads, passes the schema check,
//! names a real procedure, is fully bilingual, and accepts a realistic complete filing
//! while rejecting typical mistakes with the right error codes.

mod common;

use domain::date::Date;
use domain::form::*;
use domain::ids::Sex;
use domain::registry::{
    BusinessLine, Enterprise, EnterpriseKind, EnterpriseLookup, EnterpriseStatus, HeadOffice,
    LegalRepresentative,
};
use domain::Province;
use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The schemas this suite knows; a new file must be added here with its examples.
const CODES: [&str; 6] = [
    "1.000894", "1.001193", "1.001612", "1.004222", "2.002041", "3.000333",
];

const ACCEPT: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];
const TEN_MB: u64 = 10 * 1024 * 1024;

/// The record fields the citizen (VNeID) source provides, as documented in data/forms/README.md.
const CITIZEN_PATHS: [&str; 5] = [
    "full_name",
    "personal_id",
    "date_of_birth",
    "phone",
    "email",
];
/// The business registry record (`domain::registry::Enterprise`), as documented in
/// data/forms/README.md.
const REGISTRY_PATHS: [&str; 17] = [
    "mst",
    "name",
    "kind",
    "status",
    "address",
    "head_office",
    "legal_representative.full_name",
    "legal_representative.cccd",
    "legal_representative.title",
    "legal_representative.date_of_birth",
    "legal_representative.sex",
    "charter_capital_vnd",
    "registered_on",
    "vsic",
    "phone",
    "email",
    "parent_mst",
];

fn forms_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/forms"))
}

/// Every `*.json` in data/forms/ as (file stem, text).
fn files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(forms_dir())
        .expect("data/forms/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn schema(code: &str) -> FormSchema {
    let text = std::fs::read_to_string(forms_dir().join(format!("{code}.json"))).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{code}.json: {e}"))
}

fn provinces() -> &'static Vec<Province> {
    static P: OnceLock<Vec<Province>> = OnceLock::new();
    P.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/admin-units.json.gz");
        let mut json = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_string(&mut json)
            .unwrap();
        serde_json::from_str(&json).unwrap()
    })
}

fn today() -> Date {
    Date::new(2025, 10, 1).unwrap()
}

fn ctx() -> ValidationContext<'static> {
    ValidationContext::new(today(), provinces())
}

fn answers(json: &str) -> Answers {
    let a: Answers = serde_json::from_str(json).unwrap();
    assert_eq!(
        a.unreadable().count(),
        0,
        "example answers must all be readable"
    );
    a
}

fn codes(errors: &[FieldError]) -> Vec<(String, FieldErrorCode)> {
    errors.iter().map(|e| (e.path.clone(), e.code)).collect()
}

/// Asserts a complete filing is valid, also after normalising, and can be submitted.
fn assert_valid(s: &FormSchema, a: &Answers) {
    let errors = validate_all(s, a, &ctx());
    assert_eq!(codes(&errors), vec![], "{}: {errors:#?}", s.id);
    let n = normalise(s, a, &ctx());
    assert_eq!(
        validate_all(s, &n, &ctx()),
        vec![],
        "{}: normalised answers stay valid",
        s.id
    );
    let stored = submission(s, a, &ctx()).unwrap();
    assert!(
        stored.get("declaration").is_some(),
        "{}: the declaration is submitted",
        s.id
    );
}

/// Errors after changing some answers of a valid filing.
fn errors_with(s: &FormSchema, valid: &str, changes: &str) -> Vec<(String, FieldErrorCode)> {
    let mut a = answers(valid);
    for (k, v) in answers(changes).iter() {
        a.insert(k, v.clone());
    }
    codes(&validate_all(s, &a, &ctx()))
}

/// Errors after removing some answers of a valid filing.
fn errors_without(s: &FormSchema, valid: &str, ids: &[&str]) -> Vec<(String, FieldErrorCode)> {
    let mut a = answers(valid);
    for id in ids {
        a.remove(id);
    }
    codes(&validate_all(s, &a, &ctx()))
}

fn e(path: &str, code: FieldErrorCode) -> (String, FieldErrorCode) {
    (path.to_owned(), code)
}

/// Every field of the schema, group children included, with its path.
fn all_fields(s: &FormSchema) -> Vec<(String, &Field)> {
    fn walk<'a>(fields: &'a [Field], prefix: &str, out: &mut Vec<(String, &'a Field)>) {
        for f in fields {
            let path = format!("{prefix}{}", f.id);
            if let FieldKind::Group {
                fields: children, ..
            } = &f.kind
            {
                walk(children, &format!("{path}[]."), out);
            }
            out.push((path, f));
        }
    }
    let mut out = Vec::new();
    for step in &s.steps {
        walk(&step.fields, "", &mut out);
    }
    out
}

fn bilingual(t: &Text) -> bool {
    !t.vi.trim().is_empty() && !t.en.trim().is_empty()
}

// ---------------------------------------------------------------------------------------
// Every file
// ---------------------------------------------------------------------------------------

#[test]
fn every_file_is_a_checked_schema_named_after_a_real_procedure() {
    let files = files();
    let stems: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        stems, CODES,
        "data/forms/ holds exactly the schemas this suite covers"
    );
    let procedures = common::procedures();
    for (stem, text) in &files {
        let s: FormSchema =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        assert_eq!(s.check(), Ok(()), "{stem}.json");
        assert_eq!(&s.id, stem, "file name equals the schema id");
        assert!(s.version >= 1, "{stem}: versions start at 1");
        let p = procedures.iter().find(|p| p.code == s.id);
        assert!(
            p.is_some(),
            "{stem}: no procedure with this code in data/procedures.json.gz"
        );
        // Serialising and reading back loses nothing.
        let back: FormSchema = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s, "{stem}: round trip");
    }
}

#[test]
fn every_step_field_option_and_hint_is_bilingual() {
    for code in CODES {
        let s = schema(code);
        assert!(bilingual(&s.title), "{code}: title");
        for step in &s.steps {
            assert!(bilingual(&step.title), "{code}: step {}", step.id);
        }
        for (path, f) in all_fields(&s) {
            assert!(bilingual(&f.label), "{code}: {path} label");
            if let Some(h) = &f.hint {
                assert!(bilingual(h), "{code}: {path} hint");
            }
            if let FieldKind::SingleChoice { options, .. }
            | FieldKind::MultiChoice { options, .. } = &f.kind
            {
                for o in options {
                    assert!(bilingual(&o.label), "{code}: {path} option {}", o.value);
                }
            }
        }
    }
}

#[test]
fn attachments_take_pdf_jpeg_png_up_to_10_mb() {
    for code in CODES {
        let s = schema(code);
        let mut slots = 0;
        for (path, f) in all_fields(&s) {
            if let FieldKind::Attachment {
                accept, max_size, ..
            } = &f.kind
            {
                slots += 1;
                assert_eq!(accept, &ACCEPT.map(String::from).to_vec(), "{code}: {path}");
                assert_eq!(*max_size, TEN_MB, "{code}: {path}");
            }
        }
        assert!(
            slots >= 3,
            "{code}: attachment slots follow the procedure's document list"
        );
    }
}

#[test]
fn the_declaration_comes_last() {
    for code in CODES {
        let s = schema(code);
        let last = s.steps.last().unwrap().fields.last().unwrap();
        assert_eq!(last.id, "declaration", "{code}");
        assert!(matches!(last.kind, FieldKind::Declaration), "{code}");
        assert!(
            last.visible_when.is_none() && s.steps.last().unwrap().visible_when.is_none(),
            "{code}"
        );
    }
}

#[test]
fn prefill_paths_are_the_documented_record_fields() {
    for code in CODES {
        let s = schema(code);
        for (path, f) in all_fields(&s) {
            let Some(p) = &f.prefill else { continue };
            assert!(
                !path.contains('['),
                "{code}: {path}: only top-level fields are prefilled"
            );
            match p.source {
                PrefillSource::Citizen => {
                    assert!(
                        CITIZEN_PATHS.contains(&p.path.as_str()),
                        "{code}: {path} reads {}",
                        p.path
                    );
                    assert_eq!(p.key_field, None, "{code}: {path}");
                }
                PrefillSource::BusinessRegistry => {
                    assert!(
                        REGISTRY_PATHS.contains(&p.path.as_str()),
                        "{code}: {path} reads {}",
                        p.path
                    );
                    let key = p
                        .key_field
                        .as_deref()
                        .expect("a registry prefill names its tax-code field");
                    assert!(
                        matches!(s.field(key).map(|k| &k.kind), Some(FieldKind::Mst { .. })),
                        "{code}: {path}"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// 1.001612 Đăng ký thành lập hộ kinh doanh
// ---------------------------------------------------------------------------------------

const HKD_VALID: &str = r#"{
  "owner_full_name": "Nguyễn Thị Hương", "owner_date_of_birth": "12/03/1985", "owner_sex": "female",
  "owner_cccd": "001185012345", "owner_phone": "0912 345 678", "owner_email": "huong.nguyen@example.vn",
  "owner_current_address": {"province": 1, "ward": 256, "street": "24 Lê Văn Hưu"},
  "business_name": "HỘ KINH DOANH BÚN CHẢ HƯƠNG LIÊN",
  "head_office_address": {"province": 1, "ward": 256, "street": "24 Lê Văn Hưu"},
  "no_fixed_premises": false, "business_phone": "0987654321",
  "business_lines": [
    {"code": "5610", "name": "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động", "is_main": true},
    {"code": "5630", "name": "Dịch vụ phục vụ đồ uống", "is_main": false}
  ],
  "capital": "50.000.000", "tax_notice_elsewhere": false, "employees": "3", "vat_method": "khoan",
  "founder_type": "household",
  "household_members": [
    {"full_name": "Lê Văn Liên", "date_of_birth": "20/07/1983", "sex": "male", "cccd": "001083067890",
     "nationality": "Việt Nam", "ethnicity": "01"}
  ],
  "members_authorisation": [{"id": "f1", "name": "uy-quyen-chu-ho.pdf", "mime": "application/pdf", "size": 245760}],
  "submitted_by": "owner",
  "commit_data_sharing": true, "commit_eligibility": true, "commit_premises": true, "declaration": true
}"#;

#[test]
fn household_business_complete_filing_is_valid() {
    let s = schema("1.001612");
    let a = answers(HKD_VALID);
    assert_valid(&s, &a);
    let n = normalise(&s, &a, &ctx());
    assert_eq!(n.get("capital"), Some(&Answer::text("50000000")));
    assert_eq!(n.get("owner_phone"), Some(&Answer::text("0912345678")));
    // One individual, no other places, no premises: fewer questions, still valid.
    let mut b = a.clone();
    b.insert("founder_type", Answer::text("individual"));
    b.remove("members_authorisation");
    b.insert("no_fixed_premises", Answer::Bool(true));
    b.remove("commit_premises");
    assert_valid(&s, &b);
    assert!(!is_visible(&s, "household_members", &b));
    assert!(!is_visible(&s, "commit_premises", &b));
}

#[test]
fn household_business_mistakes_get_their_codes() {
    let s = schema("1.001612");
    assert_eq!(
        errors_with(
            &s,
            HKD_VALID,
            r#"{"capital": "0", "owner_cccd": "001085012345"}"#
        ),
        vec![
            e("owner_cccd", FieldErrorCode::CccdSex),
            e("capital", FieldErrorCode::TooSmall)
        ]
    );
    assert_eq!(
        errors_with(
            &s,
            HKD_VALID,
            r#"{"business_lines": [{"code": "56101", "name": "Nhà hàng", "is_main": true}]}"#
        ),
        vec![e("business_lines[0].code", FieldErrorCode::VsicLevel)]
    );
    // Set up by household members: the members and their authorisation are due.
    assert_eq!(
        errors_without(
            &s,
            HKD_VALID,
            &["household_members", "members_authorisation"]
        ),
        vec![
            e("household_members", FieldErrorCode::Required),
            e("members_authorisation", FieldErrorCode::Required)
        ]
    );
    // An authorised filer must attach the authorisation.
    assert_eq!(
        errors_with(&s, HKD_VALID, r#"{"submitted_by": "individual"}"#),
        vec![e("authorisation_letter", FieldErrorCode::Required)]
    );
    assert_eq!(
        errors_with(&s, HKD_VALID, r#"{"tax_notice_elsewhere": true}"#),
        vec![e("tax_notice_address", FieldErrorCode::Required)]
    );
}

/// The sandbox registry's demo household business (`DEMO_HOUSEHOLD` in
/// server/src/registry/generate.rs) as the look-up answers it: the `EnterpriseLookup`
/// value serialised, so the test reads exactly what the server sends.
fn household_lookup(status: EnterpriseStatus) -> Loose {
    let lookup = EnterpriseLookup {
        enterprise: Enterprise {
            mst: "0190000044".into(),
            name: "Hộ kinh doanh Phở Hà Thành".into(),
            kind: EnterpriseKind::HoKinhDoanh,
            status,
            address: "Số 12 phố Tôn Đức Thắng, Phường Đống Đa, Thành phố Hà Nội".into(),
            head_office: HeadOffice {
                province: 1,
                province_name: "Thành phố Hà Nội".into(),
                ward: 235,
                ward_name: "Phường Đống Đa".into(),
                street: "Số 12 phố Tôn Đức Thắng".into(),
            },
            legal_representative: LegalRepresentative {
                full_name: "Trần Thị Bích Ngọc".into(),
                cccd: "001179004821".into(),
                title: "Chủ hộ kinh doanh".into(),
                date_of_birth: "1979-11-02".into(),
                sex: Sex::Female,
            },
            charter_capital_vnd: 200_000_000,
            registered_on: "2019-04-15".into(),
            vsic: vec![
                BusinessLine {
                    code: "5610".into(),
                    name: "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động".into(),
                },
                BusinessLine {
                    code: "5630".into(),
                    name: "Dịch vụ phục vụ đồ uống".into(),
                },
            ],
            phone: "0983456712".into(),
            email: "phohathanh@gmail.com".into(),
            parent_mst: None,
        },
        retrieved_at: "2025-10-01T01:15:00Z".into(),
        source: "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp".into(),
    };
    serde_json::from_value(serde_json::to_value(&lookup).unwrap()).unwrap()
}

const HKD_OWNER_IDS: [&str; 6] = [
    "owner_full_name",
    "owner_date_of_birth",
    "owner_sex",
    "owner_cccd",
    "owner_phone",
    "owner_email",
];

#[test]
fn household_business_owner_is_prefilled_from_the_business_registry() {
    let s = schema("1.001612");
    assert!(
        s.version >= 3,
        "version 3 moved the owner's prefill to the business registry"
    );
    // The tax code comes first, so the look-up happens before anything is typed.
    let first = &s.steps[0].fields[0];
    assert_eq!(first.id, "owner_tax_code");
    assert!(!first.required, "a first registration has no tax code yet");
    assert!(matches!(
        first.kind,
        FieldKind::Mst {
            allow_branch: false,
            allow_personal_id: true
        }
    ));
    assert!(
        prefill_fields(&s, PrefillSource::Citizen).is_empty(),
        "no VNeID sign-in yet"
    );

    let typed = Answers::new().with("owner_tax_code", Answer::text("0190000044"));
    let record = household_lookup(EnterpriseStatus::DangHoatDong);
    let (filled, ids) = apply_prefill(&s, &typed, PrefillSource::BusinessRegistry, &record, false);
    assert_eq!(ids, HKD_OWNER_IDS);
    let text = |id: &str| {
        filled
            .get(id)
            .and_then(Answer::as_text)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        HKD_OWNER_IDS.map(text),
        [
            "Trần Thị Bích Ngọc",
            "1979-11-02",
            "female",
            "001179004821",
            "0983456712",
            "phohathanh@gmail.com"
        ]
    );
    for id in &ids {
        assert_eq!(validate_field(&s, id, &filled, &ctx()), None, "{id}");
        let p = filled.provenance(id).unwrap();
        assert_eq!(
            (p.source, p.retrieved_at.as_str(), p.edited),
            (
                PrefillSource::BusinessRegistry,
                "2025-10-01T01:15:00Z",
                false
            ),
            "{id}"
        );
    }
    // The head office is the business's address, not where the owner lives: the owner's
    // addresses, and the new head office, are asked.
    for id in [
        "owner_permanent_address",
        "owner_current_address",
        "head_office_address",
    ] {
        assert!(filled.get(id).is_none(), "{id}");
    }
    // The prefilled owner completes a filing.
    let mut a = filled.clone();
    for (id, v) in answers(HKD_VALID)
        .iter()
        .filter(|(id, _)| !HKD_OWNER_IDS.contains(id))
    {
        a.insert(id, v.clone());
    }
    assert_valid(&s, &a);
    let stored = submission(&s, &a, &ctx()).unwrap();
    assert_eq!(
        stored.get("owner_tax_code"),
        Some(&Answer::text("0190000044"))
    );
    assert_eq!(
        stored.provenance("owner_cccd").unwrap().source,
        PrefillSource::BusinessRegistry
    );
}

#[test]
fn household_business_may_re_register_after_it_stopped() {
    // No `requires_active_enterprise`: a household business that stopped (or was
    // dissolved) before re-registering at its new commune is exactly who has a tax code.
    let s = schema("1.001612");
    assert!(!s.requires_active_enterprise);
    for status in [EnterpriseStatus::TamNgung, EnterpriseStatus::DaGiaiThe] {
        let typed = Answers::new().with("owner_tax_code", Answer::text("0190000044"));
        let (filled, ids) = apply_prefill(
            &s,
            &typed,
            PrefillSource::BusinessRegistry,
            &household_lookup(status),
            false,
        );
        assert_eq!(ids, HKD_OWNER_IDS, "{status:?}");
        assert_eq!(preconditions_met(&s, &filled), Ok(()), "{status:?}");
    }
    // Another tax code, another record: with `overwrite` nothing of the first one stays.
    let (first, _) = apply_prefill(
        &s,
        &Answers::new(),
        PrefillSource::BusinessRegistry,
        &household_lookup(EnterpriseStatus::DangHoatDong),
        false,
    );
    let (cleared, _) = apply_prefill(
        &s,
        &first,
        PrefillSource::BusinessRegistry,
        &Loose::Map(vec![]),
        true,
    );
    for id in HKD_OWNER_IDS {
        assert!(
            cleared.get(id).is_none() && cleared.provenance(id).is_none(),
            "{id}"
        );
    }
}

#[test]
fn household_business_tax_code_may_be_a_personal_id() {
    let s = schema("1.001612");
    let check = |v: &str| {
        check_field(
            &s,
            "owner_tax_code",
            &changed(HKD_VALID, &format!(r#"{{"owner_tax_code": "{v}"}}"#)),
            &ctx(),
        )
    };
    // Since 1 July 2025 an individual's tax code is the 12-digit personal ID, checked as one.
    assert_eq!(
        check("001 179 004 821"),
        FieldCheck {
            error: None,
            normalised: Some(Answer::text("001179004821"))
        }
    );
    assert_eq!(check("0190000044").error, None);
    assert_eq!(check("0190000044").normalised, None);
    assert_eq!(
        check("0190000045").error.map(|e| e.code),
        Some(FieldErrorCode::MstCheckDigit)
    );
    assert_eq!(
        check("0190000044-001").error.map(|e| e.code),
        Some(FieldErrorCode::MstBranchNotAllowed)
    );
    assert_eq!(
        check("999179004821").error.map(|e| e.code),
        Some(FieldErrorCode::CccdProvince)
    );
    // Blank is fine: most owners register for the first time.
    assert_eq!(check("").error, None);
    assert_valid(
        &s,
        &changed(HKD_VALID, r#"{"owner_tax_code": "001185012345"}"#),
    );
}

// ---------------------------------------------------------------------------------------
// 1.001193 Đăng ký khai sinh
// ---------------------------------------------------------------------------------------

const BIRTH_VALID: &str = r#"{
  "requester_full_name": "Trần Thị Mai", "requester_cccd": "079190001234",
  "requester_address": {"province": 79, "ward": 26506, "street": "18 Trần Hưng Đạo"},
  "requester_relationship": "mother", "requester_phone": "0903123456",
  "child_full_name": "Lê Minh Khang", "child_date_of_birth": "20/09/2025", "child_sex": "male",
  "child_ethnicity": "01", "child_nationality": "Việt Nam",
  "birthplace_kind": "facility", "birth_facility": "Bệnh viện Từ Dũ",
  "birthplace_address": {"province": 79, "ward": 26506, "street": "284 Cống Quỳnh"},
  "child_hometown": "Nam Định", "birth_case": "normal",
  "mother_known": true, "mother_full_name": "Trần Thị Mai", "mother_date_of_birth": "14/05/1990",
  "mother_cccd": "079190001234", "mother_ethnicity": "01", "mother_nationality": "Việt Nam",
  "mother_address": {"province": 79, "ward": 26506, "street": "18 Trần Hưng Đạo"},
  "father_known": false,
  "birth_certificate": [{"id": "f2", "name": "giay-chung-sinh.jpg", "mime": "image/jpeg", "size": 812000}],
  "declaration": true
}"#;

#[test]
fn birth_registration_complete_filing_is_valid() {
    let s = schema("1.001193");
    let a = answers(BIRTH_VALID);
    assert_valid(&s, &a);
    // Father unknown: his block is hidden, so stale answers there are ignored.
    let mut b = a.clone();
    b.insert("father_cccd", Answer::text("not a number"));
    assert_valid(&s, &b);
    assert!(!is_visible(&s, "father_full_name", &b));
    assert!(submission(&s, &b, &ctx())
        .unwrap()
        .get("father_cccd")
        .is_none());
    // Father known and married to the mother.
    let c = answers(&BIRTH_VALID.replace(
        r#""father_known": false"#,
        r#""father_known": true, "father_full_name": "Lê Văn Hùng", "father_date_of_birth": "1988-01-30",
           "father_cccd": "036088001122", "father_ethnicity": "01", "father_nationality": "Việt Nam",
           "father_address": {"province": 79, "ward": 26506, "street": "18 Trần Hưng Đạo"},
           "parents_married": true, "marriage_date": "10/10/2020""#,
    ));
    assert_valid(&s, &c);
}

#[test]
fn birth_registration_mistakes_get_their_codes() {
    let s = schema("1.001193");
    assert_eq!(
        errors_with(&s, BIRTH_VALID, r#"{"child_date_of_birth": "05/10/2025"}"#),
        vec![e("child_date_of_birth", FieldErrorCode::DateInFuture)]
    );
    assert_eq!(
        errors_with(&s, BIRTH_VALID, r#"{"father_known": true}"#),
        vec![
            e("father_full_name", FieldErrorCode::Required),
            e("father_date_of_birth", FieldErrorCode::Required),
            e("father_nationality", FieldErrorCode::Required),
            e("father_address", FieldErrorCode::Required),
        ]
    );
    // A draft starts with the defaults: nationality Việt Nam, so the ethnicity is asked.
    let mut d = apply_defaults(&s, &answers(BIRTH_VALID));
    d.insert("father_known", Answer::Bool(true));
    assert_eq!(
        codes(&validate_all(&s, &d, &ctx())),
        vec![
            e("father_full_name", FieldErrorCode::Required),
            e("father_date_of_birth", FieldErrorCode::Required),
            e("father_ethnicity", FieldErrorCode::Required),
            e("father_address", FieldErrorCode::Required),
        ]
    );
    // A foreign father has no Vietnamese ethnicity to give.
    d.insert("father_nationality", Answer::text("Hàn Quốc"));
    assert!(!is_visible(&s, "father_ethnicity", &d));
    // Mother's personal ID says born 1991, her date of birth says 1990.
    assert_eq!(
        errors_with(&s, BIRTH_VALID, r#"{"mother_cccd": "079191001234"}"#),
        vec![e("mother_cccd", FieldErrorCode::CccdBirthYear)]
    );
    // An abandoned child: the official record replaces the birth notice.
    assert_eq!(
        errors_with(&s, BIRTH_VALID, r#"{"birth_case": "abandoned"}"#),
        vec![e("abandonment_record", FieldErrorCode::Required)]
    );
    assert_eq!(
        errors_with(
            &s,
            BIRTH_VALID,
            r#"{"birth_certificate": [{"id": "f", "name": "a.docx",
            "mime": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "size": 100}]}"#
        ),
        vec![e("birth_certificate", FieldErrorCode::FileType)]
    );
    assert_eq!(
        errors_with(
            &s,
            BIRTH_VALID,
            r#"{"birth_certificate": [{"id": "f", "name": "big.pdf",
            "mime": "application/pdf", "size": 10485761}]}"#
        ),
        vec![e("birth_certificate", FieldErrorCode::FileTooLarge)]
    );
}

// ---------------------------------------------------------------------------------------
// 3.000333 Cấp Phiếu lý lịch tư pháp
// ---------------------------------------------------------------------------------------

const LLTP_VALID: &str = r#"{
  "applicant_role": "self", "certificate_type": "2", "purpose": "Bổ sung hồ sơ xin việc", "copies": "2",
  "subject_full_name": "Phạm Quốc Bảo", "subject_sex": "male", "subject_date_of_birth": "02/11/1998",
  "subject_birthplace": "Phường Lê Chân, thành phố Hải Phòng", "subject_nationality": "Việt Nam",
  "subject_ethnicity": "01", "subject_id_type": "cccd", "subject_cccd": "031098004567",
  "subject_permanent_address": {"province": 31, "ward": 11473, "street": "12 Lạch Tray"},
  "subject_phone": "0388123456", "subject_email": "bao.pham@example.com",
  "father_full_name": "Phạm Văn Hải", "father_date_of_birth": "1970-06-01",
  "mother_full_name": "Vũ Thị Lan", "mother_date_of_birth": "1972-09-15",
  "has_spouse": false,
  "residence_history": [
    {"from_date": "02/11/2012", "to_date": "31/08/2016", "place": "Số 5 ngõ 12 Lạch Tray, phường Lạch Tray, quận Ngô Quyền, thành phố Hải Phòng", "occupation": "Học sinh"},
    {"from_date": "01/09/2016", "to_date": "30/09/2025", "place": "12 Lạch Tray, phường Lê Chân, thành phố Hải Phòng", "occupation": "Kỹ sư", "workplace": "Công ty Cổ phần Cảng Hải Phòng"}
  ],
  "fee_reduction": false, "delivery_method": "post",
  "delivery_address": {"province": 31, "ward": 11473, "street": "12 Lạch Tray"},
  "declaration": true
}"#;

#[test]
fn criminal_record_complete_filing_is_valid() {
    let s = schema("3.000333");
    assert_valid(&s, &answers(LLTP_VALID));
    // Certificate no. 1 asks whether to state bans on managing enterprises.
    assert_valid(
        &s,
        &answers(&LLTP_VALID.replace(
            r#""certificate_type": "2""#,
            r#""certificate_type": "1", "confirm_bans": false"#,
        )),
    );
    // Acting for a parent under authorisation: no letter needed, type chosen for them.
    let a = answers(&LLTP_VALID.replace(
        r#""applicant_role": "self", "certificate_type": "2""#,
        r#""applicant_role": "authorised", "certificate_type": "2", "confirm_bans": true, "authorised_is_family": true"#,
    ));
    assert_valid(&s, &a);
    assert!(
        !is_visible(&s, "certificate_type", &a),
        "an authorised person gets certificate no. 1 only"
    );
    assert!(is_visible(&s, "confirm_bans", &a));
}

#[test]
fn criminal_record_mistakes_get_their_codes() {
    let s = schema("3.000333");
    assert_eq!(
        errors_with(
            &s,
            LLTP_VALID,
            r#"{"copies": "0", "residence_history": []}"#
        ),
        vec![
            e("copies", FieldErrorCode::TooSmall),
            e("residence_history", FieldErrorCode::Required)
        ]
    );
    assert_eq!(
        errors_with(
            &s,
            LLTP_VALID,
            r#"{"residence_history": [{"from_date": "01/09/2016", "to_date": "31/12/2025",
            "place": "12 Lạch Tray, Hải Phòng"}]}"#
        ),
        vec![e(
            "residence_history[0].to_date",
            FieldErrorCode::DateInFuture
        )]
    );
    assert_eq!(
        errors_with(
            &s,
            LLTP_VALID,
            r#"{"applicant_role": "authorised", "authorised_is_family": false}"#
        ),
        vec![
            e("confirm_bans", FieldErrorCode::Required),
            e("authorisation_letter", FieldErrorCode::Required)
        ]
    );
    assert_eq!(
        errors_with(&s, LLTP_VALID, r#"{"subject_id_type": "passport"}"#),
        vec![
            e("subject_passport_number", FieldErrorCode::Required),
            e("passport_copy", FieldErrorCode::Required)
        ]
    );
    assert_eq!(
        errors_with(&s, LLTP_VALID, r#"{"subject_phone": "02253823456"}"#),
        vec![e("subject_phone", FieldErrorCode::PhoneNotMobile)]
    );
}

// ---------------------------------------------------------------------------------------
// 1.004222 Đăng ký thường trú
// ---------------------------------------------------------------------------------------

const RESIDENCE_VALID: &str = r#"{
  "full_name": "Đỗ Thanh Tùng", "date_of_birth": "28/02/1995", "sex": "male", "cccd": "036095000321",
  "phone": "0388 123 456",
  "new_address": {"province": 48, "ward": 20242, "street": "15 Bạch Đằng"},
  "residence_basis": "rented", "relation_to_head": "self",
  "tenancy_agreement": [{"id": "f3", "name": "hop-dong-thue-nha.pdf", "mime": "application/pdf", "size": 1300000}],
  "declaration": true
}"#;

#[test]
fn permanent_residence_complete_filing_is_valid() {
    let s = schema("1.004222");
    assert_valid(&s, &answers(RESIDENCE_VALID));
    // Moving in with a spouse, with a child moving too.
    let a = answers(&RESIDENCE_VALID.replace(
        r#""residence_basis": "rented", "relation_to_head": "self""#,
        r#""residence_basis": "family", "relation_to_head": "spouse",
           "head_full_name": "Ngô Thị Thu Trang", "head_cccd": "048197000888",
           "members": [{"full_name": "Đỗ Ngô Bảo An", "date_of_birth": "03/04/2021", "sex": "female",
                        "cccd": "048321000777", "relation_to_head": "Con"}]"#,
    ));
    assert_valid(&s, &a);
    assert!(!is_visible(&s, "tenancy_agreement", &a));
}

#[test]
fn permanent_residence_mistakes_get_their_codes() {
    let s = schema("1.004222");
    assert_eq!(
        errors_with(
            &s,
            RESIDENCE_VALID,
            r#"{"relation_to_head": "spouse", "head_full_name": "Ngô Thị Thu Trang",
            "head_cccd": "999197000888"}"#
        ),
        vec![e("head_cccd", FieldErrorCode::CccdProvince)]
    );
    assert_eq!(
        errors_with(
            &s,
            RESIDENCE_VALID,
            r#"{"new_address": {"province": 48, "ward": 70, "street": "15 Bạch Đằng"}}"#
        ),
        vec![e("new_address", FieldErrorCode::WardNotInProvince)]
    );
    assert_eq!(
        errors_without(&s, RESIDENCE_VALID, &["tenancy_agreement", "declaration"]),
        vec![
            e("tenancy_agreement", FieldErrorCode::Required),
            e("declaration", FieldErrorCode::NotTicked)
        ]
    );
    assert_eq!(
        errors_with(&s, RESIDENCE_VALID, r#"{"residence_basis": "unit"}"#),
        vec![e("unit_introduction", FieldErrorCode::Required)]
    );
}

// ---------------------------------------------------------------------------------------
// 1.000894 Đăng ký kết hôn
// ---------------------------------------------------------------------------------------

const MARRIAGE_VALID: &str = r#"{
  "applicant_side": "groom", "phone": "0976543210", "email": "long.vu@example.vn",
  "bride_full_name": "Nguyễn Ngọc Anh", "bride_date_of_birth": "08/08/1999", "bride_ethnicity": "01",
  "bride_nationality": "Việt Nam", "bride_cccd": "001199001111",
  "bride_address": {"province": 1, "ward": 70, "street": "5 Hàng Bài"},
  "bride_marriage_count": "1", "bride_marital_status": "never",
  "groom_full_name": "Vũ Đức Long", "groom_date_of_birth": "15/01/1996", "groom_ethnicity": "02",
  "groom_nationality": "Việt Nam", "groom_cccd": "001096002222",
  "groom_address": {"province": 1, "ward": 4, "street": "10 Phan Đình Phùng"},
  "groom_marriage_count": "2", "groom_marital_status": "divorced",
  "groom_divorce_decision": "15/2022/QĐST-HNGĐ", "groom_divorce_date": "20/05/2022",
  "groom_divorce_court": "Tòa án nhân dân quận Ba Đình",
  "want_copies": true, "copies": "2",
  "declaration": true
}"#;

#[test]
fn marriage_complete_filing_is_valid() {
    let s = schema("1.000894");
    let a = answers(MARRIAGE_VALID);
    assert_valid(&s, &a);
    assert!(is_visible(&s, "groom_divorce_court", &a));
    assert!(!is_visible(&s, "bride_divorce_court", &a));
}

#[test]
fn marriage_mistakes_get_their_codes() {
    let s = schema("1.000894");
    // The groom's ID encodes 1997 while his date of birth says 1996.
    assert_eq!(
        errors_with(
            &s,
            MARRIAGE_VALID,
            r#"{"groom_cccd": "001097002222", "bride_marriage_count": "0"}"#
        ),
        vec![
            e("bride_marriage_count", FieldErrorCode::TooSmall),
            e("groom_cccd", FieldErrorCode::CccdBirthYear)
        ]
    );
    assert_eq!(
        errors_without(&s, MARRIAGE_VALID, &["copies"]),
        vec![e("copies", FieldErrorCode::Required)]
    );
    assert_eq!(
        errors_with(&s, MARRIAGE_VALID, r#"{"bride_marital_status": "married"}"#),
        vec![e("bride_marital_status", FieldErrorCode::NotAnOption)]
    );
}

// ---------------------------------------------------------------------------------------
// 2.002041 Thay đổi nội dung đăng ký doanh nghiệp
// ---------------------------------------------------------------------------------------

/// What `GET` of the registry look-up answers (`domain::registry::EnterpriseLookup`).
const REGISTRY_RECORD: &str = r#"{
  "mst": "0100109106", "name": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG MINH", "kind": "cong_ty_tnhh_1tv",
  "status": "dang_hoat_dong",
  "address": "88 Láng Hạ, Phường Giảng Võ, Thành phố Hà Nội",
  "head_office": {"province": 1, "province_name": "Thành phố Hà Nội", "ward": 25, "ward_name": "Phường Giảng Võ",
                  "street": "88 Láng Hạ"},
  "legal_representative": {"full_name": "Hoàng Văn Minh", "cccd": "001080005555", "title": "Giám đốc",
                           "date_of_birth": "1980-04-10", "sex": "male"},
  "charter_capital_vnd": 5000000000, "registered_on": "2015-06-01",
  "vsic": [{"code": "4659", "name": "Bán buôn máy móc, thiết bị và phụ tùng máy khác"},
           {"code": "4690", "name": "Bán buôn tổng hợp"}],
  "phone": "024 3825 1234", "email": "lienhe@hoangminh.example.vn",
  "retrieved_at": "2025-09-30T08:30:00Z", "source": "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp"
}"#;

const ENTERPRISE_VALID: &str = r#"{
  "enterprise_mst": "0100109106", "enterprise_name": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG MINH",
  "enterprise_status": "dang_hoat_dong",
  "enterprise_kind": "cong_ty_tnhh_1tv", "enterprise_head_office": {"province": 1, "ward": 25, "street": "88 Láng Hạ"},
  "enterprise_phone": "02438251234",
  "rep_full_name": "Hoàng Văn Minh", "rep_sex": "male", "rep_title": "Giám đốc", "rep_date_of_birth": "1980-04-10",
  "rep_cccd": "001080005555",
  "changes": ["head_office", "business_lines"],
  "new_head_office": {"province": 1, "ward": 8, "street": "2 Hoàng Hoa Thám"}, "tax_office_changes": false,
  "lines_added": [{"code": "6201", "name": "Lập trình máy vi tính", "is_main": false}],
  "lines_removed": [{"code": "4690", "name": "Bán buôn tổng hợp"}],
  "resolution_head_office": [{"id": "f4", "name": "quyet-dinh-chu-so-huu.pdf", "mime": "application/pdf", "size": 400000}],
  "resolution_lines": [{"id": "f5", "name": "quyet-dinh-nganh-nghe.png", "mime": "image/png", "size": 700000}],
  "submitted_by": "representative",
  "declaration": true
}"#;

#[test]
fn enterprise_change_is_prefilled_from_the_registry() {
    let s = schema("2.002041");
    let record: Loose = serde_json::from_str(REGISTRY_RECORD).unwrap();
    let typed = Answers::new().with("enterprise_mst", Answer::text("0100109106"));
    let (filled, ids) = apply_prefill(&s, &typed, PrefillSource::BusinessRegistry, &record, false);
    assert_eq!(
        ids,
        [
            "enterprise_status",
            "enterprise_name",
            "enterprise_kind",
            "enterprise_head_office",
            "enterprise_phone",
            "enterprise_email",
            "rep_full_name",
            "rep_sex",
            "rep_title",
            "rep_date_of_birth",
            "rep_cccd",
            "registered_lines",
        ]
    );
    // The prefilled answers are what a complete filing holds for them (once normalised),
    // and valid.
    let valid = answers(ENTERPRISE_VALID);
    let normalised = normalise(&s, &filled, &ctx());
    for id in ids
        .iter()
        .filter(|id| !["enterprise_email", "registered_lines"].contains(&id.as_str()))
    {
        assert_eq!(normalised.get(id), valid.get(id), "{id}");
        assert_eq!(validate_field(&s, id, &filled, &ctx()), None, "{id}");
    }
    // Registry prefills are keyed on the tax code field.
    assert!(prefill_fields(&s, PrefillSource::BusinessRegistry)
        .iter()
        .all(|f| f.prefill.as_ref().unwrap().key_field.as_deref() == Some("enterprise_mst")));
}

#[test]
fn enterprise_change_complete_filing_is_valid() {
    let s = schema("2.002041");
    let a = answers(ENTERPRISE_VALID);
    assert_valid(&s, &a);
    assert_eq!(visible_steps(&s, &a), vec![0, 1, 2, 4, 6, 7]);
    // A private enterprise has no owner's resolution to attach.
    let mut b = a.clone();
    b.insert("enterprise_kind", Answer::text("doanh_nghiep_tu_nhan"));
    b.remove("resolution_head_office");
    b.remove("resolution_lines");
    assert_valid(&s, &b);
    // Name and tax changes only.
    let c = answers(&ENTERPRISE_VALID.replace(
        r#""changes": ["head_office", "business_lines"]"#,
        r#""changes": ["name", "tax"], "new_name_vi": "CÔNG TY TNHH CÔNG NGHỆ HOÀNG MINH",
           "tax_changes": "Địa chỉ nhận thông báo thuế: từ 88 Láng Hạ sang 2 Hoàng Hoa Thám",
           "resolution_name": [{"id": "f6", "name": "doi-ten.pdf", "mime": "application/pdf", "size": 1000}]"#,
    ));
    assert_valid(&s, &c);
    assert_eq!(visible_steps(&s, &c), vec![0, 1, 3, 5, 6, 7]);
}

#[test]
fn enterprise_change_mistakes_get_their_codes() {
    let s = schema("2.002041");
    assert_eq!(
        errors_with(
            &s,
            ENTERPRISE_VALID,
            r#"{"enterprise_mst": "0100109106-001"}"#
        ),
        vec![e("enterprise_mst", FieldErrorCode::MstBranchNotAllowed)]
    );
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"enterprise_mst": "0100109107"}"#),
        vec![e("enterprise_mst", FieldErrorCode::MstCheckDigit)]
    );
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"changes": []}"#),
        vec![e("changes", FieldErrorCode::Required)]
    );
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"changes": ["name"]}"#),
        vec![
            e("new_name_vi", FieldErrorCode::Required),
            e("resolution_name", FieldErrorCode::Required)
        ]
    );
    // Moving to another tax office: the tax formalities must be confirmed first.
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"tax_office_changes": true}"#),
        vec![e("tax_move_done", FieldErrorCode::NotTicked)]
    );
    assert_eq!(
        errors_with(
            &s,
            ENTERPRISE_VALID,
            r#"{"lines_added": [{"code": "0001", "name": "?"}]}"#
        ),
        vec![e(
            "lines_added[0].code",
            FieldErrorCode::VsicUnknownDivision
        )]
    );
}

// ---------------------------------------------------------------------------------------
// Schema language, version 2: age limits, date order, step rules, fixed-sex ID numbers,
// shared option lists, defaults, landlines, list prefill, provenance, preconditions
// ---------------------------------------------------------------------------------------

/// A valid filing with some answers changed.
fn changed(valid: &str, changes: &str) -> Answers {
    let mut a = answers(valid);
    for (k, v) in answers(changes).iter() {
        a.insert(k, v.clone());
    }
    a
}

fn only_error(s: &FormSchema, a: &Answers) -> FieldError {
    let errors = validate_all(s, a, &ctx());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn every_file_is_at_version_2_or_later() {
    for code in CODES {
        assert!(
            schema(code).version >= 2,
            "{code}: changed for the v2 schema language"
        );
    }
}

#[test]
fn marriage_ages_are_counted_to_today() {
    let s = schema("1.000894");
    // Today is 01/10/2025. A groom born 15/01/2006 is 19: two years short of nothing, one of 20.
    let err = only_error(
        &s,
        &changed(
            MARRIAGE_VALID,
            r#"{"groom_date_of_birth": "15/01/2006", "groom_cccd": "001206002222"}"#,
        ),
    );
    assert_eq!(
        (err.path.as_str(), err.code),
        ("groom_date_of_birth", FieldErrorCode::TooYoung)
    );
    assert_eq!(
        err.message_vi,
        "Bên nam phải từ đủ 20 tuổi trở lên mới được kết hôn (Luật Hôn nhân và gia đình 2014, Điều 8) \
         (theo ngày sinh đã nhập: 19 tuổi)"
    );
    assert!(
        err.message_en
            .starts_with("The groom must be at least 20 years old to marry"),
        "{}",
        err.message_en
    );
    // A bride turning 18 tomorrow is 17 today; one whose 18th birthday is today may marry.
    let err = only_error(
        &s,
        &changed(
            MARRIAGE_VALID,
            r#"{"bride_date_of_birth": "02/10/2007", "bride_cccd": "001307001111"}"#,
        ),
    );
    assert_eq!(
        (err.path.as_str(), err.code),
        ("bride_date_of_birth", FieldErrorCode::TooYoung)
    );
    assert!(
        err.message_vi.contains("Bên nữ phải từ đủ 18 tuổi") && err.message_vi.contains("17 tuổi")
    );
    assert_valid(
        &s,
        &changed(
            MARRIAGE_VALID,
            r#"{"bride_date_of_birth": "01/10/2007", "bride_cccd": "001307001111"}"#,
        ),
    );
    // 20 for him and 18 for her: an 18-year-old groom is refused, an 18-year-old bride is not.
    assert_eq!(
        errors_with(
            &s,
            MARRIAGE_VALID,
            r#"{"groom_date_of_birth": "01/10/2007", "groom_cccd": "001207002222"}"#
        ),
        vec![e("groom_date_of_birth", FieldErrorCode::TooYoung)]
    );
    // Age is a relation to today, not a property of the value: migration keeps it.
    let young = changed(
        MARRIAGE_VALID,
        r#"{"groom_date_of_birth": "15/01/2006", "groom_cccd": "001206002222"}"#,
    );
    let dropped: Vec<String> = migrate(&young, &s, &ctx())
        .dropped
        .into_iter()
        .map(|d| d.path)
        .collect();
    assert_eq!(
        dropped,
        ["declaration"],
        "only the declaration, which is always confirmed again"
    );
}

#[test]
fn marriage_id_numbers_match_the_side_and_the_divorce_follows_the_birth() {
    let s = schema("1.000894");
    // 001099001111 encodes a man born in 1999; the bride's number cannot.
    let err = only_error(
        &s,
        &changed(MARRIAGE_VALID, r#"{"bride_cccd": "001099001111"}"#),
    );
    assert_eq!(
        (err.path.as_str(), err.code),
        ("bride_cccd", FieldErrorCode::CccdSex)
    );
    assert_eq!(
        errors_with(&s, MARRIAGE_VALID, r#"{"groom_cccd": "001196002222"}"#),
        vec![e("groom_cccd", FieldErrorCode::CccdSex)]
    );
    let err = only_error(
        &s,
        &changed(MARRIAGE_VALID, r#"{"groom_divorce_date": "20/05/1990"}"#),
    );
    assert_eq!(
        (err.path.as_str(), err.code),
        ("groom_divorce_date", FieldErrorCode::DateNotAfter)
    );
    assert_eq!(
        err.message_vi,
        "Ngày của bản án hoặc quyết định ly hôn phải sau Ngày, tháng, năm sinh (15/01/1996); bạn nhập 20/05/1990"
    );
}

#[test]
fn a_new_draft_starts_with_nationality_and_picks_ethnicity_from_the_54_groups() {
    let s = schema("1.000894");
    let start = apply_defaults(&s, &Answers::new());
    assert_eq!(
        start.get("bride_nationality"),
        Some(&Answer::text("Việt Nam"))
    );
    assert_eq!(
        start.get("groom_nationality"),
        Some(&Answer::text("Việt Nam"))
    );
    assert_eq!(start.len(), 2, "only nationality has a default");
    // Defaults never overwrite: a person who typed something keeps it.
    let typed = Answers::new().with("groom_nationality", Answer::text("Lào"));
    assert_eq!(
        apply_defaults(&s, &typed).get("groom_nationality"),
        Some(&Answer::text("Lào"))
    );

    let Some(FieldKind::SingleChoice { options, display }) =
        s.field("bride_ethnicity").map(|f| &f.kind)
    else {
        panic!("bride_ethnicity is a choice")
    };
    assert_eq!(*display, ChoiceDisplay::Select);
    assert_eq!(options.shared_list(), Some(SharedOptions::Ethnicities));
    assert_eq!(options.len(), 54);
    assert_eq!(
        (options[0].value.as_str(), options[0].label.vi()),
        ("01", "Kinh")
    );
    assert_eq!(
        (options[53].value.as_str(), options[53].label.vi()),
        ("54", "Rơ-măm")
    );
    // A version-1 draft typed the name; the code is what is stored now.
    let err = only_error(
        &s,
        &changed(MARRIAGE_VALID, r#"{"bride_ethnicity": "Kinh"}"#),
    );
    assert_eq!(
        (err.path.as_str(), err.code),
        ("bride_ethnicity", FieldErrorCode::NotAnOption)
    );
    // Served schemas name the list instead of repeating it.
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(json.matches(r#""options_ref":"ethnicities""#).count(), 2);
    assert!(!json.contains("Rơ-măm"));
}

#[test]
fn the_54_ethnic_groups_have_the_1979_codes() {
    let list = SharedOptions::Ethnicities.choices();
    assert_eq!(list.len(), 54);
    for (i, c) in list.iter().enumerate() {
        assert_eq!(c.value, format!("{:02}", i + 1), "codes run 01–54 in order");
        assert!(bilingual(&c.label), "{}", c.value);
    }
    let names: std::collections::BTreeSet<&str> = list.iter().map(|c| c.label.vi()).collect();
    assert_eq!(names.len(), 54, "names are unique");
    // Spot checks against Quyết định 121-TCTK/PPCĐ (the 2008 GSO list numbers these otherwise).
    let name = |code: &str| list.iter().find(|c| c.value == code).map(|c| c.label.vi());
    assert_eq!(name("04"), Some("Hoa"));
    assert_eq!(name("05"), Some("Khơ-me"));
    assert_eq!(name("06"), Some("Mường"));
    assert_eq!(name("11"), Some("Ngái"));
    assert_eq!(name("23"), Some("Bru-Vân Kiều"));
    assert_eq!(name("53"), Some("Ơ Đu"));
}

#[test]
fn birth_registration_parents_id_numbers_match_their_sex() {
    let s = schema("1.001193");
    // 079190001234 is a woman born in 1990; 079090001234 a man.
    assert_eq!(
        errors_with(&s, BIRTH_VALID, r#"{"mother_cccd": "079090001234"}"#),
        vec![e("mother_cccd", FieldErrorCode::CccdSex)]
    );
    let father = r#"{"father_known": true, "father_full_name": "Lê Văn Hùng", "father_date_of_birth": "1988-01-30",
        "father_cccd": "036188001122", "father_nationality": "Việt Nam", "father_ethnicity": "01",
        "father_address": {"province": 79, "ward": 26506, "street": "18 Trần Hưng Đạo"}}"#;
    assert_eq!(
        errors_with(&s, BIRTH_VALID, father),
        vec![e("father_cccd", FieldErrorCode::CccdSex)]
    );
}

#[test]
fn criminal_record_residence_periods_run_forwards() {
    let s = schema("3.000333");
    let history = |second: &str| {
        format!(
            r#"{{"residence_history": [
            {{"from_date": "02/11/2012", "to_date": "31/08/2016", "place": "Số 5 ngõ 12 Lạch Tray, Hải Phòng"}},
            {second}]}}"#
        )
    };
    let a = changed(
        LLTP_VALID,
        &history(
            r#"{"from_date": "01/09/2016", "to_date": "31/08/2016", "place": "12 Lạch Tray, Hải Phòng"}"#,
        ),
    );
    let err = only_error(&s, &a);
    assert_eq!(
        (err.path.as_str(), err.code),
        ("residence_history[1].to_date", FieldErrorCode::DateNotAfter)
    );
    assert_eq!(
        err.message_vi,
        "Đến ngày phải sau Từ ngày (01/09/2016); bạn nhập 31/08/2016"
    );
    assert_eq!(
        err.message_en,
        "To must be after From (01/09/2016); you entered 31/08/2016"
    );
    // The order is strict: a period ending the day it starts is a mistake too.
    let a = changed(
        LLTP_VALID,
        &history(
            r#"{"from_date": "01/09/2016", "to_date": "01/09/2016", "place": "12 Lạch Tray, Hải Phòng"}"#,
        ),
    );
    assert_eq!(only_error(&s, &a).code, FieldErrorCode::DateNotAfter);
    // An invalid "from" is reported on its own; "to" is not compared with it.
    let a = changed(
        LLTP_VALID,
        &history(
            r#"{"from_date": "31/02/2016", "to_date": "30/09/2025", "place": "12 Lạch Tray, Hải Phòng"}"#,
        ),
    );
    assert_eq!(
        codes(&validate_all(&s, &a, &ctx())),
        vec![e(
            "residence_history[1].from_date",
            FieldErrorCode::InvalidDate
        )]
    );
}

#[test]
fn criminal_record_needs_a_permanent_or_temporary_residence() {
    let s = schema("3.000333");
    let a = {
        let mut a = answers(LLTP_VALID);
        a.remove("subject_permanent_address");
        a
    };
    let err = only_error(&s, &a);
    assert_eq!(
        (err.path.as_str(), err.code),
        ("subject_permanent_address", FieldErrorCode::AtLeastOne)
    );
    assert_eq!(
        err.message_vi,
        "Vui lòng kê khai nơi thường trú hoặc nơi tạm trú của người được cấp Phiếu"
    );
    // "Tiếp tục" on the subject step is where it is caught.
    assert_eq!(validate_step(&s, 1, &a, &ctx()), vec![err]);
    assert_eq!(validate_step(&s, 0, &a, &ctx()), vec![]);
    let mut b = a.clone();
    b.insert(
        "subject_temporary_address",
        Answer::Address(AddressAnswer {
            province: Some(31),
            ward: Some(11473),
            street: "45 Điện Biên Phủ".into(),
        }),
    );
    assert_valid(&s, &b);
}

#[test]
fn criminal_record_a_parent_asks_only_for_a_minor() {
    let s = schema("3.000333");
    // Signed in as the parent, the subject's date of birth is still the parent's own.
    let err = only_error(&s, &changed(LLTP_VALID, r#"{"applicant_role": "parent"}"#));
    assert_eq!(
        (err.path.as_str(), err.code),
        ("subject_date_of_birth", FieldErrorCode::TooOld)
    );
    assert!(err
        .message_vi
        .starts_with("Cha, mẹ chỉ yêu cầu cấp Phiếu thay cho con chưa thành niên"));
    assert!(
        err.message_vi
            .ends_with("(theo ngày sinh đã nhập: 26 tuổi)"),
        "{}",
        err.message_vi
    );
    // A 14-year-old child: fine for a parent, and the rule does not apply to anyone else.
    let child = r#"{"subject_full_name": "Phạm Minh Khôi", "subject_date_of_birth": "02/11/2010",
        "subject_cccd": "031210004567"}"#;
    let mut a = changed(LLTP_VALID, child);
    a.insert("applicant_role", Answer::text("parent"));
    assert_valid(&s, &a);
    assert_valid(&s, &changed(LLTP_VALID, child));
}

#[test]
fn household_business_owner_and_members_are_adults() {
    let s = schema("1.001612");
    let err = only_error(
        &s,
        &changed(
            HKD_VALID,
            r#"{"owner_date_of_birth": "12/03/2008", "owner_cccd": "001308012345"}"#,
        ),
    );
    assert_eq!(
        (err.path.as_str(), err.code),
        ("owner_date_of_birth", FieldErrorCode::TooYoung)
    );
    assert_eq!(
        err.message_vi,
        "Ngày, tháng, năm sinh: phải đủ 18 tuổi trở lên; sinh ngày 12/03/2008 thì đến ngày 01/10/2025 mới 17 tuổi"
    );
    let member = r#"{"household_members": [
        {"full_name": "Lê Văn Liên", "date_of_birth": "20/07/2008", "sex": "male", "cccd": "001208067890",
         "nationality": "Việt Nam", "ethnicity": "01"}]}"#;
    assert_eq!(
        errors_with(&s, HKD_VALID, member),
        vec![e(
            "household_members[0].date_of_birth",
            FieldErrorCode::TooYoung
        )]
    );
    // A member added in the app starts with the nationality filled in.
    let group = s.field("household_members").unwrap();
    assert_eq!(
        new_item(group),
        Answers::new().with("nationality", Answer::text("Việt Nam"))
    );
}

#[test]
fn household_business_has_exactly_one_main_line() {
    let s = schema("1.001612");
    let lines = |a: bool, b: bool| {
        format!(
            r#"{{"business_lines": [{{"code": "5610", "name": "Nhà hàng", "is_main": {a}}},
            {{"code": "5630", "name": "Dịch vụ phục vụ đồ uống", "is_main": {b}}}]}}"#
        )
    };
    let err = only_error(&s, &changed(HKD_VALID, &lines(false, false)));
    assert_eq!(
        (err.path.as_str(), err.code),
        ("business_lines", FieldErrorCode::ExactlyOne)
    );
    assert_eq!(
        err.message_vi,
        "Vui lòng đánh dấu đúng một ngành, nghề kinh doanh chính"
    );
    assert_eq!(
        only_error(&s, &changed(HKD_VALID, &lines(true, true))).code,
        FieldErrorCode::ExactlyOne
    );
    assert_eq!(
        validate_step(&s, 1, &changed(HKD_VALID, &lines(true, true)), &ctx()).len(),
        1
    );
    assert_valid(&s, &changed(HKD_VALID, &lines(false, true)));
    // No lines at all is the group's own "required", not a second error.
    assert_eq!(
        errors_with(&s, HKD_VALID, r#"{"business_lines": []}"#),
        vec![e("business_lines", FieldErrorCode::Required)]
    );
}

#[test]
fn household_business_phone_may_be_a_landline() {
    let s = schema("1.001612");
    let a = changed(HKD_VALID, r#"{"business_phone": "024 3942 5678"}"#);
    assert_valid(&s, &a);
    assert_eq!(
        normalise(&s, &a, &ctx()).get("business_phone"),
        Some(&Answer::text("02439425678"))
    );
    assert_valid(
        &s,
        &changed(HKD_VALID, r#"{"business_phone": "+84 236 3822 123"}"#),
    );
    // 0295 is no area code; Hà Nội numbers have 8 digits after 024.
    let err = only_error(
        &s,
        &changed(HKD_VALID, r#"{"business_phone": "0295 382 2123"}"#),
    );
    assert_eq!(
        (err.path.as_str(), err.code),
        ("business_phone", FieldErrorCode::PhoneInvalid)
    );
    assert!(
        err.message_vi.contains("0295… không phải mã vùng"),
        "{}",
        err.message_vi
    );
    assert_eq!(
        errors_with(&s, HKD_VALID, r#"{"business_phone": "024 3942 567"}"#),
        vec![e("business_phone", FieldErrorCode::PhoneInvalid)]
    );
    // The owner's own number stays a mobile: it receives the SMS.
    assert_eq!(
        errors_with(&s, HKD_VALID, r#"{"owner_phone": "024 3942 5678"}"#),
        vec![e("owner_phone", FieldErrorCode::PhoneNotMobile)]
    );
}

#[test]
fn household_business_identity_is_locked_until_edited() {
    let s = schema("1.001612");
    let record = household_lookup(EnterpriseStatus::DangHoatDong);
    let typed = Answers::new().with("owner_tax_code", Answer::text("0190000044"));
    let (mut a, _) = apply_prefill(&s, &typed, PrefillSource::BusinessRegistry, &record, false);
    for id in [
        "owner_full_name",
        "owner_date_of_birth",
        "owner_sex",
        "owner_cccd",
    ] {
        assert!(is_locked(&s, &a, id), "{id}");
    }
    assert!(
        !is_locked(&s, &a, "owner_phone") && !is_locked(&s, &a, "owner_email"),
        "contact details stay open"
    );
    assert!(
        !is_locked(&s, &a, "owner_tax_code"),
        "the key is typed, not prefilled"
    );
    // "Sửa", then a change: the value is flagged, and no longer locked.
    a.edit("owner_full_name", Answer::text("Trần Thị Bích Ngân"));
    assert!(a.provenance("owner_full_name").unwrap().edited);
    assert!(!is_locked(&s, &a, "owner_full_name"));
    // Retyping the same value is no edit.
    a.edit("owner_cccd", Answer::text("001179004821"));
    assert!(is_locked(&s, &a, "owner_cccd"));
    // A prefill that comes later does not overwrite what is there.
    let (again, ids) = apply_prefill(&s, &a, PrefillSource::BusinessRegistry, &record, false);
    assert!(ids.is_empty());
    assert_eq!(
        again.get("owner_full_name"),
        Some(&Answer::text("Trần Thị Bích Ngân"))
    );
}

#[test]
fn enterprise_change_refuses_a_suspended_or_dissolved_enterprise() {
    let s = schema("2.002041");
    assert!(s.requires_active_enterprise);
    assert_eq!(preconditions_met(&s, &answers(ENTERPRISE_VALID)), Ok(()));
    let suspended = changed(ENTERPRISE_VALID, r#"{"enterprise_status": "tam_ngung"}"#);
    let err = preconditions_met(&s, &suspended).unwrap_err();
    assert_eq!(
        (err.path.as_str(), err.code),
        ("enterprise_mst", FieldErrorCode::EnterpriseNotActive)
    );
    assert_eq!(
        err.message_vi,
        "Doanh nghiệp đang tạm ngừng kinh doanh nên không thể thực hiện thủ tục này"
    );
    // It blocks the first step's "Tiếp tục" and the submission, and nothing else.
    assert_eq!(validate_step(&s, 0, &suspended, &ctx()), vec![err.clone()]);
    assert_eq!(validate_step(&s, 1, &suspended, &ctx()), vec![]);
    assert_eq!(submission(&s, &suspended, &ctx()), Err(vec![err]));
    let dissolved = changed(ENTERPRISE_VALID, r#"{"enterprise_status": "da_giai_the"}"#);
    assert_eq!(
        preconditions_met(&s, &dissolved).unwrap_err().message_vi,
        "Doanh nghiệp đã giải thể nên không thể thực hiện thủ tục này"
    );
    // Before the registry answered there is no status, and nothing to refuse yet.
    let mut unknown = answers(ENTERPRISE_VALID);
    unknown.remove("enterprise_status");
    assert_eq!(preconditions_met(&s, &unknown), Ok(()));
    // The status arrives with the prefill.
    let record: Loose =
        serde_json::from_str(&REGISTRY_RECORD.replace("dang_hoat_dong", "tam_ngung")).unwrap();
    let (filled, _) = apply_prefill(&s, &unknown, PrefillSource::BusinessRegistry, &record, true);
    assert_eq!(
        preconditions_met(&s, &filled).unwrap_err().code,
        FieldErrorCode::EnterpriseNotActive
    );
    // Hidden from the wizard, but submitted with the filing.
    assert!(!visible_fields(&s, 0, &filled)
        .iter()
        .any(|f| f.id == "enterprise_status"));
    let stored = submission(&s, &answers(ENTERPRISE_VALID), &ctx()).unwrap();
    assert_eq!(
        stored.get("enterprise_status"),
        Some(&Answer::text("dang_hoat_dong"))
    );
}

#[test]
fn enterprise_change_lists_the_registered_lines_with_their_provenance() {
    let s = schema("2.002041");
    let record: Loose = serde_json::from_str(REGISTRY_RECORD).unwrap();
    let typed = Answers::new().with("enterprise_mst", Answer::text("0100109106"));
    let (filled, _) = apply_prefill(&s, &typed, PrefillSource::BusinessRegistry, &record, false);
    let lines = filled
        .get("registered_lines")
        .and_then(Answer::as_group)
        .unwrap();
    assert_eq!(
        lines.to_vec(),
        vec![
            Answers::new().with("code", Answer::text("4659")).with(
                "name",
                Answer::text("Bán buôn máy móc, thiết bị và phụ tùng máy khác")
            ),
            Answers::new()
                .with("code", Answer::text("4690"))
                .with("name", Answer::text("Bán buôn tổng hợp")),
        ]
    );
    // The head office drops the display names the registry adds.
    assert_eq!(
        filled.get("enterprise_head_office"),
        Some(&Answer::Address(AddressAnswer {
            province: Some(1),
            ward: Some(25),
            street: "88 Láng Hạ".into()
        }))
    );
    let p = filled.provenance("registered_lines").unwrap();
    assert_eq!(
        (p.source, p.retrieved_at.as_str()),
        (PrefillSource::BusinessRegistry, "2025-09-30T08:30:00Z")
    );
    assert!(
        is_locked(&s, &filled, "registered_lines") && is_locked(&s, &filled, "enterprise_name")
    );
    assert!(!is_locked(&s, &filled, "enterprise_email"));

    // Provenance travels with the draft as "$provenance", and validation ignores it.
    let mut draft = answers(ENTERPRISE_VALID);
    draft.insert(
        "registered_lines",
        filled.get("registered_lines").unwrap().clone(),
    );
    for (id, p) in filled.provenances() {
        draft.set_provenance(id, p.clone());
    }
    draft.edit("rep_title", Answer::text("Tổng giám đốc"));
    let json = serde_json::to_value(&draft).unwrap();
    assert_eq!(
        json["$provenance"]["rep_title"],
        serde_json::json!({"source": "business_registry", "retrieved_at": "2025-09-30T08:30:00Z", "edited": true})
    );
    assert_eq!(
        json["$provenance"]["enterprise_name"],
        serde_json::json!({"source": "business_registry", "retrieved_at": "2025-09-30T08:30:00Z"})
    );
    let back: Answers = serde_json::from_value(json).unwrap();
    assert_eq!(back, draft);
    assert_eq!(back.unreadable().count(), 0);
    assert_valid(&s, &back);
    // Submission and migration keep it for the answers they keep.
    let stored = submission(&s, &back, &ctx()).unwrap();
    assert!(stored.provenance("rep_title").unwrap().edited);
    assert!(stored.provenance("registered_lines").is_some());
    let mut head_office_only = back.clone();
    head_office_only.insert("changes", Answer::List(vec!["head_office".into()]));
    head_office_only.remove("resolution_lines");
    let stored = submission(&s, &head_office_only, &ctx()).unwrap();
    assert!(
        stored.get("registered_lines").is_none(),
        "a hidden step is not submitted"
    );
    assert!(
        stored.provenance("registered_lines").is_none(),
        "nor is the provenance of what it held"
    );
    let m = migrate(&back, &s, &ctx());
    assert_eq!(
        m.kept.provenance("enterprise_name"),
        back.provenance("enterprise_name")
    );
    // Another tax code replaces the old record's values and provenance.
    let (cleared, _) = apply_prefill(
        &s,
        &filled,
        PrefillSource::BusinessRegistry,
        &Loose::Map(vec![]),
        true,
    );
    assert!(
        cleared.get("registered_lines").is_none()
            && cleared.provenance("registered_lines").is_none()
    );
}

#[test]
fn enterprise_change_names_at_least_one_line_change() {
    let s = schema("2.002041");
    let mut a = answers(ENTERPRISE_VALID);
    a.remove("lines_added");
    a.remove("lines_removed");
    let err = only_error(&s, &a);
    assert_eq!(
        (err.path.as_str(), err.code),
        ("lines_added", FieldErrorCode::AtLeastOne)
    );
    assert_eq!(validate_step(&s, 4, &a, &ctx()), vec![err]);
    a.insert("new_main_line", Answer::text("4659"));
    assert_valid(&s, &a);
    // Not changing business lines: the step and its rule are out of the way.
    a.remove("new_main_line");
    a.insert("changes", Answer::List(vec!["head_office".into()]));
    a.remove("resolution_lines");
    assert_valid(&s, &a);
}

#[test]
fn enterprise_change_representative_id_matches_the_registered_sex() {
    let s = schema("2.002041");
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"rep_sex": "female"}"#),
        vec![e("rep_cccd", FieldErrorCode::CccdSex)]
    );
    assert_eq!(
        errors_with(
            &s,
            ENTERPRISE_VALID,
            r#"{"enterprise_phone": "0223 123 4567"}"#
        ),
        vec![e("enterprise_phone", FieldErrorCode::PhoneInvalid)]
    );
}

#[test]
fn version_1_drafts_carry_over_except_free_text_now_chosen_from_lists() {
    // Saved under version 1, where ethnicity was typed and the enterprise kind had other values.
    let s = schema("1.000894");
    let old = answers(
        &MARRIAGE_VALID
            .replace(r#""bride_ethnicity": "01""#, r#""bride_ethnicity": "Kinh""#)
            .replace(r#""groom_ethnicity": "02""#, r#""groom_ethnicity": "Tày""#),
    );
    let m = migrate(&old, &s, &ctx());
    let dropped: Vec<(&str, Option<FieldErrorCode>)> = m
        .dropped
        .iter()
        .map(|d| {
            let code = match &d.reason {
                DropReason::Invalid { error } => Some(error.code),
                _ => None,
            };
            (d.path.as_str(), code)
        })
        .collect();
    assert_eq!(
        dropped,
        [
            ("bride_ethnicity", Some(FieldErrorCode::NotAnOption)),
            ("declaration", None),
            ("groom_ethnicity", Some(FieldErrorCode::NotAnOption)),
        ]
    );
    assert_eq!(
        m.kept.get("bride_nationality"),
        Some(&Answer::text("Việt Nam"))
    );

    let s = schema("2.002041");
    let old = answers(&ENTERPRISE_VALID.replace("cong_ty_tnhh_1tv", "llc_single"));
    let m = migrate(&old, &s, &ctx());
    assert!(m.dropped.iter().any(|d| d.path == "enterprise_kind"));
    // Prefilling again after migration restores what was dropped from the registry.
    let record: Loose = serde_json::from_str(REGISTRY_RECORD).unwrap();
    let (refilled, ids) =
        apply_prefill(&s, &m.kept, PrefillSource::BusinessRegistry, &record, false);
    assert!(ids.contains(&"enterprise_kind".to_owned()));
    assert_eq!(
        refilled.get("enterprise_kind"),
        Some(&Answer::text("cong_ty_tnhh_1tv"))
    );
}
