//! The hand-made form schemas in `data/forms/`: each one loads, passes the schema check,
//! names a real procedure, is fully bilingual, and accepts a realistic complete filing
//! while rejecting typical mistakes with the right error codes.

mod common;

use domain::date::Date;
use domain::form::*;
use domain::Province;
use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The schemas this suite knows; a new file must be added here with its examples.
const CODES: [&str; 6] = ["1.000894", "1.001193", "1.001612", "1.004222", "2.002041", "3.000333"];

const ACCEPT: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];
const TEN_MB: u64 = 10 * 1024 * 1024;

/// The record fields the citizen (VNeID) source provides, as documented in data/forms/README.md.
const CITIZEN_PATHS: [&str; 5] = ["full_name", "personal_id", "date_of_birth", "phone", "email"];
/// The business registry record, as documented in data/forms/README.md.
const REGISTRY_PATHS: [&str; 14] = [
    "mst",
    "name",
    "kind",
    "status",
    "head_office",
    "legal_representative.full_name",
    "legal_representative.cccd",
    "legal_representative.title",
    "legal_representative.date_of_birth",
    "charter_capital_vnd",
    "registered_on",
    "vsic",
    "phone",
    "email",
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
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()).read_to_string(&mut json).unwrap();
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
    assert_eq!(a.unreadable().count(), 0, "example answers must all be readable");
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
    assert_eq!(validate_all(s, &n, &ctx()), vec![], "{}: normalised answers stay valid", s.id);
    let stored = submission(s, a, &ctx()).unwrap();
    assert!(stored.get("declaration").is_some(), "{}: the declaration is submitted", s.id);
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
            if let FieldKind::Group { fields: children, .. } = &f.kind {
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
    assert_eq!(stems, CODES, "data/forms/ holds exactly the schemas this suite covers");
    let procedures = common::procedures();
    for (stem, text) in &files {
        let s: FormSchema = serde_json::from_str(text).unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        assert_eq!(s.check(), Ok(()), "{stem}.json");
        assert_eq!(&s.id, stem, "file name equals the schema id");
        assert!(s.version >= 1, "{stem}: versions start at 1");
        let p = procedures.iter().find(|p| p.code == s.id);
        assert!(p.is_some(), "{stem}: no procedure with this code in data/procedures.json.gz");
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
            if let FieldKind::SingleChoice { options, .. } | FieldKind::MultiChoice { options, .. } = &f.kind {
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
            if let FieldKind::Attachment { accept, max_size, .. } = &f.kind {
                slots += 1;
                assert_eq!(accept, &ACCEPT.map(String::from).to_vec(), "{code}: {path}");
                assert_eq!(*max_size, TEN_MB, "{code}: {path}");
            }
        }
        assert!(slots >= 3, "{code}: attachment slots follow the procedure's document list");
    }
}

#[test]
fn the_declaration_comes_last() {
    for code in CODES {
        let s = schema(code);
        let last = s.steps.last().unwrap().fields.last().unwrap();
        assert_eq!(last.id, "declaration", "{code}");
        assert!(matches!(last.kind, FieldKind::Declaration), "{code}");
        assert!(last.visible_when.is_none() && s.steps.last().unwrap().visible_when.is_none(), "{code}");
    }
}

#[test]
fn prefill_paths_are_the_documented_record_fields() {
    for code in CODES {
        let s = schema(code);
        for (path, f) in all_fields(&s) {
            let Some(p) = &f.prefill else { continue };
            assert!(!path.contains('['), "{code}: {path}: only top-level fields are prefilled");
            match p.source {
                PrefillSource::Citizen => {
                    assert!(CITIZEN_PATHS.contains(&p.path.as_str()), "{code}: {path} reads {}", p.path);
                    assert_eq!(p.key_field, None, "{code}: {path}");
                }
                PrefillSource::BusinessRegistry => {
                    assert!(REGISTRY_PATHS.contains(&p.path.as_str()), "{code}: {path} reads {}", p.path);
                    let key = p.key_field.as_deref().expect("a registry prefill names its tax-code field");
                    assert!(matches!(s.field(key).map(|k| &k.kind), Some(FieldKind::Mst { .. })), "{code}: {path}");
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
     "nationality": "Việt Nam", "ethnicity": "Kinh"}
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
        errors_with(&s, HKD_VALID, r#"{"capital": "0", "owner_cccd": "001085012345"}"#),
        vec![e("owner_cccd", FieldErrorCode::CccdSex), e("capital", FieldErrorCode::TooSmall)]
    );
    assert_eq!(
        errors_with(&s, HKD_VALID, r#"{"business_lines": [{"code": "56101", "name": "Nhà hàng"}]}"#),
        vec![e("business_lines[0].code", FieldErrorCode::VsicLevel)]
    );
    // Set up by household members: the members and their authorisation are due.
    assert_eq!(
        errors_without(&s, HKD_VALID, &["household_members", "members_authorisation"]),
        vec![e("household_members", FieldErrorCode::Required), e("members_authorisation", FieldErrorCode::Required)]
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

#[test]
fn household_business_owner_is_prefilled_from_the_citizen_record() {
    let s = schema("1.001612");
    let record: Loose = serde_json::from_str(
        r#"{"full_name": "Nguyễn Thị Hương", "personal_id": "001185012345", "date_of_birth": "1985-03-12",
            "phone": "0912345678", "email": "huong.nguyen@example.vn"}"#,
    )
    .unwrap();
    let (filled, ids) = apply_prefill(&s, &Answers::new(), PrefillSource::Citizen, &record, false);
    assert_eq!(ids, ["owner_full_name", "owner_date_of_birth", "owner_cccd", "owner_phone", "owner_email"]);
    for id in ids {
        assert_eq!(validate_field(&s, &id, &filled, &ctx()), None, "{id}");
    }
}

// ---------------------------------------------------------------------------------------
// 1.001193 Đăng ký khai sinh
// ---------------------------------------------------------------------------------------

const BIRTH_VALID: &str = r#"{
  "requester_full_name": "Trần Thị Mai", "requester_cccd": "079190001234",
  "requester_address": {"province": 79, "ward": 26506, "street": "18 Trần Hưng Đạo"},
  "requester_relationship": "mother", "requester_phone": "0903123456",
  "child_full_name": "Lê Minh Khang", "child_date_of_birth": "20/09/2025", "child_sex": "male",
  "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
  "birthplace_kind": "facility", "birth_facility": "Bệnh viện Từ Dũ",
  "birthplace_address": {"province": 79, "ward": 26506, "street": "284 Cống Quỳnh"},
  "child_hometown": "Nam Định", "birth_case": "normal",
  "mother_known": true, "mother_full_name": "Trần Thị Mai", "mother_date_of_birth": "14/05/1990",
  "mother_cccd": "079190001234", "mother_ethnicity": "Kinh", "mother_nationality": "Việt Nam",
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
    assert!(submission(&s, &b, &ctx()).unwrap().get("father_cccd").is_none());
    // Father known and married to the mother.
    let c = answers(&BIRTH_VALID.replace(
        r#""father_known": false"#,
        r#""father_known": true, "father_full_name": "Lê Văn Hùng", "father_date_of_birth": "1988-01-30",
           "father_cccd": "036088001122", "father_ethnicity": "Kinh", "father_nationality": "Việt Nam",
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
            e("father_ethnicity", FieldErrorCode::Required),
            e("father_nationality", FieldErrorCode::Required),
            e("father_address", FieldErrorCode::Required),
        ]
    );
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
  "subject_ethnicity": "Kinh", "subject_id_type": "cccd", "subject_cccd": "031098004567",
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
        &answers(
            &LLTP_VALID.replace(r#""certificate_type": "2""#, r#""certificate_type": "1", "confirm_bans": false"#),
        ),
    );
    // Acting for a parent under authorisation: no letter needed, type chosen for them.
    let a = answers(&LLTP_VALID.replace(
        r#""applicant_role": "self", "certificate_type": "2""#,
        r#""applicant_role": "authorised", "certificate_type": "2", "confirm_bans": true, "authorised_is_family": true"#,
    ));
    assert_valid(&s, &a);
    assert!(!is_visible(&s, "certificate_type", &a), "an authorised person gets certificate no. 1 only");
    assert!(is_visible(&s, "confirm_bans", &a));
}

#[test]
fn criminal_record_mistakes_get_their_codes() {
    let s = schema("3.000333");
    assert_eq!(
        errors_with(&s, LLTP_VALID, r#"{"copies": "0", "residence_history": []}"#),
        vec![e("copies", FieldErrorCode::TooSmall), e("residence_history", FieldErrorCode::Required)]
    );
    assert_eq!(
        errors_with(
            &s,
            LLTP_VALID,
            r#"{"residence_history": [{"from_date": "01/09/2016", "to_date": "31/12/2025",
            "place": "12 Lạch Tray, Hải Phòng"}]}"#
        ),
        vec![e("residence_history[0].to_date", FieldErrorCode::DateInFuture)]
    );
    assert_eq!(
        errors_with(&s, LLTP_VALID, r#"{"applicant_role": "authorised", "authorised_is_family": false}"#),
        vec![e("confirm_bans", FieldErrorCode::Required), e("authorisation_letter", FieldErrorCode::Required)]
    );
    assert_eq!(
        errors_with(&s, LLTP_VALID, r#"{"subject_id_type": "passport"}"#),
        vec![e("subject_passport_number", FieldErrorCode::Required), e("passport_copy", FieldErrorCode::Required)]
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
        errors_with(&s, RESIDENCE_VALID, r#"{"new_address": {"province": 48, "ward": 70, "street": "15 Bạch Đằng"}}"#),
        vec![e("new_address", FieldErrorCode::WardNotInProvince)]
    );
    assert_eq!(
        errors_without(&s, RESIDENCE_VALID, &["tenancy_agreement", "declaration"]),
        vec![e("tenancy_agreement", FieldErrorCode::Required), e("declaration", FieldErrorCode::NotTicked)]
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
  "bride_full_name": "Nguyễn Ngọc Anh", "bride_date_of_birth": "08/08/1999", "bride_ethnicity": "Kinh",
  "bride_nationality": "Việt Nam", "bride_cccd": "001199001111",
  "bride_address": {"province": 1, "ward": 70, "street": "5 Hàng Bài"},
  "bride_marriage_count": "1", "bride_marital_status": "never",
  "groom_full_name": "Vũ Đức Long", "groom_date_of_birth": "15/01/1996", "groom_ethnicity": "Tày",
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
        errors_with(&s, MARRIAGE_VALID, r#"{"groom_cccd": "001097002222", "bride_marriage_count": "0"}"#),
        vec![e("bride_marriage_count", FieldErrorCode::TooSmall), e("groom_cccd", FieldErrorCode::CccdBirthYear)]
    );
    assert_eq!(errors_without(&s, MARRIAGE_VALID, &["copies"]), vec![e("copies", FieldErrorCode::Required)]);
    assert_eq!(
        errors_with(&s, MARRIAGE_VALID, r#"{"bride_marital_status": "married"}"#),
        vec![e("bride_marital_status", FieldErrorCode::NotAnOption)]
    );
}

// ---------------------------------------------------------------------------------------
// 2.002041 Thay đổi nội dung đăng ký doanh nghiệp
// ---------------------------------------------------------------------------------------

const REGISTRY_RECORD: &str = r#"{
  "mst": "0100109106", "name": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG MINH", "kind": "llc_single", "status": "active",
  "head_office": {"province": 1, "ward": 25, "street": "88 Láng Hạ"},
  "legal_representative": {"full_name": "Hoàng Văn Minh", "cccd": "001080005555", "title": "Giám đốc",
                           "date_of_birth": "1980-04-10"},
  "charter_capital_vnd": 5000000000, "registered_on": "2015-06-01", "vsic": ["4659", "4690"],
  "phone": "02438251234", "email": "lienhe@hoangminh.example.vn"
}"#;

const ENTERPRISE_VALID: &str = r#"{
  "enterprise_mst": "0100109106", "enterprise_name": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG MINH",
  "enterprise_kind": "llc_single", "enterprise_head_office": {"province": 1, "ward": 25, "street": "88 Láng Hạ"},
  "rep_full_name": "Hoàng Văn Minh", "rep_title": "Giám đốc", "rep_date_of_birth": "1980-04-10",
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
            "enterprise_name",
            "enterprise_kind",
            "enterprise_head_office",
            "enterprise_email",
            "rep_full_name",
            "rep_title",
            "rep_date_of_birth",
            "rep_cccd"
        ]
    );
    // The prefilled answers are exactly what a complete filing holds for them, and valid.
    let valid = answers(ENTERPRISE_VALID);
    for id in ids.iter().filter(|id| *id != "enterprise_email") {
        assert_eq!(filled.get(id), valid.get(id), "{id}");
        assert_eq!(validate_field(&s, id, &filled, &ctx()), None, "{id}");
    }
    // Registry prefills are keyed on the tax code field.
    assert!(prefill_fields(&s, PrefillSource::BusinessRegistry).iter().all(|f| f
        .prefill
        .as_ref()
        .unwrap()
        .key_field
        .as_deref()
        == Some("enterprise_mst")));
}

#[test]
fn enterprise_change_complete_filing_is_valid() {
    let s = schema("2.002041");
    let a = answers(ENTERPRISE_VALID);
    assert_valid(&s, &a);
    assert_eq!(visible_steps(&s, &a), vec![0, 1, 2, 4, 6, 7]);
    // A private enterprise has no owner's resolution to attach.
    let mut b = a.clone();
    b.insert("enterprise_kind", Answer::text("private"));
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
        errors_with(&s, ENTERPRISE_VALID, r#"{"enterprise_mst": "0100109106-001"}"#),
        vec![e("enterprise_mst", FieldErrorCode::MstBranchNotAllowed)]
    );
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"enterprise_mst": "0100109107"}"#),
        vec![e("enterprise_mst", FieldErrorCode::MstCheckDigit)]
    );
    assert_eq!(errors_with(&s, ENTERPRISE_VALID, r#"{"changes": []}"#), vec![e("changes", FieldErrorCode::Required)]);
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"changes": ["name"]}"#),
        vec![e("new_name_vi", FieldErrorCode::Required), e("resolution_name", FieldErrorCode::Required)]
    );
    // Moving to another tax office: the tax formalities must be confirmed first.
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"tax_office_changes": true}"#),
        vec![e("tax_move_done", FieldErrorCode::NotTicked)]
    );
    assert_eq!(
        errors_with(&s, ENTERPRISE_VALID, r#"{"lines_added": [{"code": "0001", "name": "?"}]}"#),
        vec![e("lines_added[0].code", FieldErrorCode::VsicUnknownDivision)]
    );
}
