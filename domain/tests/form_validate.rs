//! The validator on a hand-written schema exercising every field type.

use domain::date::Date;
use domain::form::*;
use domain::Province;
use std::io::Read;
use std::sync::OnceLock;

const SCHEMA: &str = r#"{
  "id": "test-form", "version": 2,
  "title": {"vi": "Biểu mẫu thử", "en": "Test form"},
  "steps": [
    {"id": "who", "title": {"vi": "Người nộp"}, "fields": [
      {"id": "kind", "type": "single_choice", "required": true, "label": {"vi": "Loại hồ sơ", "en": "Filing type"},
       "options": [{"value": "new", "label": {"vi": "Mới"}}, {"value": "change", "label": {"vi": "Thay đổi"}},
                   {"value": "close", "label": {"vi": "Chấm dứt"}}]},
      {"id": "full_name", "type": "short_text", "required": true, "max_len": 100,
       "label": {"vi": "Họ và tên", "en": "Full name"}},
      {"id": "sex", "type": "single_choice", "label": {"vi": "Giới tính", "en": "Sex"}, "display": "select",
       "options": [{"value": "male", "label": {"vi": "Nam"}}, {"value": "female", "label": {"vi": "Nữ"}}]},
      {"id": "dob", "type": "date", "not_future": true, "min": "1900-01-01", "label": {"vi": "Ngày sinh", "en": "Date of birth"}},
      {"id": "cccd", "type": "cccd", "date_of_birth_field": "dob", "sex_field": "sex",
       "label": {"vi": "Số CCCD", "en": "ID number"}},
      {"id": "phone", "type": "phone", "required": true, "label": {"vi": "Số điện thoại", "en": "Phone"}},
      {"id": "email", "type": "email", "label": {"vi": "Email"}},
      {"id": "tax_code", "type": "mst", "required": true, "allow_branch": false,
       "label": {"vi": "Mã số thuế", "en": "Tax code"},
       "visible_when": {"field": "kind", "one_of": ["change", "close"]}},
      {"id": "reason", "type": "long_text", "required": true, "min_len": 10,
       "label": {"vi": "Lý do", "en": "Reason"},
       "visible_when": {"all": [{"field": "kind", "equals": "close"}, {"not": {"field": "has_debt", "equals": true}}]}},
      {"id": "has_debt", "type": "yes_no", "label": {"vi": "Còn nợ thuế", "en": "Tax owed"},
       "visible_when": {"field": "kind", "equals": "close"}},
      {"id": "address", "type": "address", "label": {"vi": "Địa chỉ", "en": "Address"}}
    ]},
    {"id": "business", "title": {"vi": "Kinh doanh"}, "visible_when": {"field": "kind", "equals": "new"}, "fields": [
      {"id": "capital", "type": "money", "required": true, "min": 1000000, "label": {"vi": "Vốn", "en": "Capital"}},
      {"id": "staff", "type": "integer", "min": 0, "max": 9, "label": {"vi": "Số lao động", "en": "Employees"}},
      {"id": "lines", "type": "multi_choice", "max_selected": 2, "label": {"vi": "Lĩnh vực", "en": "Areas"},
       "options": [{"value": "food", "label": {"vi": "Ăn uống"}}, {"value": "retail", "label": {"vi": "Bán lẻ"}},
                   {"value": "repair", "label": {"vi": "Sửa chữa"}}]},
      {"id": "vsic", "type": "vsic", "level": 4, "label": {"vi": "Mã ngành", "en": "Business line"}},
      {"id": "members", "type": "group", "min_items": 1, "max_items": 3,
       "label": {"vi": "Thành viên", "en": "Members"},
       "fields": [
         {"id": "name", "type": "short_text", "required": true, "label": {"vi": "Họ tên", "en": "Name"}},
         {"id": "relation", "type": "single_choice", "required": true, "label": {"vi": "Quan hệ", "en": "Relation"},
          "options": [{"value": "spouse", "label": {"vi": "Vợ/chồng"}}, {"value": "other", "label": {"vi": "Khác"}}]},
         {"id": "relation_other", "type": "short_text", "required": true, "label": {"vi": "Quan hệ khác", "en": "Other relation"},
          "visible_when": {"field": "relation", "equals": "other"}},
         {"id": "cccd", "type": "cccd", "label": {"vi": "Số CCCD", "en": "ID number"}},
         {"id": "phone", "type": "phone", "label": {"vi": "Điện thoại", "en": "Phone"},
          "visible_when": {"field": "kind", "equals": "new"}}
       ]},
      {"id": "scan", "type": "attachment", "required": true, "accept": ["application/pdf", "image/*"],
       "max_size": 1048576, "max_count": 2, "label": {"vi": "Bản chụp giấy tờ", "en": "Scans"}}
    ]},
    {"id": "confirm", "title": {"vi": "Xác nhận"}, "fields": [
      {"id": "intro", "type": "heading", "label": {"vi": "Cam đoan"}},
      {"id": "declaration", "type": "declaration", "label": {"vi": "Tôi cam đoan", "en": "I declare"}}
    ]}
  ]
}"#;

fn schema() -> FormSchema {
    serde_json::from_str(SCHEMA).unwrap()
}

fn today() -> Date {
    Date::new(2025, 9, 2).unwrap()
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

fn ctx() -> ValidationContext<'static> {
    ValidationContext::new(today(), provinces())
}

fn answers(json: &str) -> Answers {
    serde_json::from_str(json).unwrap()
}

fn codes(errors: &[FieldError]) -> Vec<(String, FieldErrorCode)> {
    errors.iter().map(|e| (e.path.clone(), e.code)).collect()
}

fn error_at(a: &Answers, path: &str) -> Option<FieldError> {
    validate_field(&schema(), path, a, &ctx())
}

const VALID_NEW: &str = r#"{
  "kind": "new", "full_name": "Nguyễn Văn An", "sex": "male", "dob": "05/09/1990",
  "cccd": "001090000123", "phone": "+84 912 345 678", "email": "an@example.vn",
  "address": {"province": 1, "ward": 70, "street": "1 Tràng Tiền"},
  "capital": "1.500.000 đ", "staff": "3", "lines": ["food"], "vsic": "5610",
  "members": [{"name": "Trần Thị Bình", "relation": "spouse", "cccd": "001195000456"}],
  "scan": [{"id": "f1", "name": "cccd.pdf", "mime": "application/pdf", "size": 2048}],
  "declaration": true
}"#;

#[test]
fn the_schema_is_well_formed_and_round_trips() {
    let s = schema();
    assert_eq!(s.check(), Ok(()));
    let back: FormSchema = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    // Defaults are left out when serialising, keeping files small.
    let json = serde_json::to_string(&s).unwrap();
    assert!(!json.contains("\"required\":false"));
    assert!(json.contains("\"type\":\"single_choice\""));
}

#[test]
fn a_complete_form_is_valid_and_normalised() {
    let a = answers(VALID_NEW);
    assert_eq!(validate_all(&schema(), &a, &ctx()), vec![]);
    let n = normalise(&schema(), &a, &ctx());
    assert_eq!(n.get("phone"), Some(&Answer::text("0912345678")));
    assert_eq!(n.get("capital"), Some(&Answer::text("1500000")));
    assert_eq!(n.get("dob"), Some(&Answer::text("1990-09-05")));
    assert_eq!(n.get("full_name"), Some(&Answer::text("Nguyễn Văn An")));
    // Normalising again changes nothing.
    assert_eq!(normalise(&schema(), &n, &ctx()), n);
    assert_eq!(validate_all(&schema(), &n, &ctx()), vec![]);
}

#[test]
fn check_field_reports_the_normalised_value() {
    let a =
        answers(r#"{"kind": "change", "tax_code": " 01.00.109.106 ", "phone": "091.234.5678"}"#);
    let c = check_field(&schema(), "tax_code", &a, &ctx());
    assert_eq!(
        c,
        FieldCheck {
            error: None,
            normalised: Some(Answer::text("0100109106"))
        }
    );
    let c = check_field(&schema(), "phone", &a, &ctx());
    assert_eq!(c.normalised, Some(Answer::text("0912345678")));
    // Already normal: nothing to replace.
    let a = answers(r#"{"phone": "0912345678"}"#);
    assert_eq!(
        check_field(&schema(), "phone", &a, &ctx()),
        FieldCheck::default()
    );
}

#[test]
fn required_errors_name_the_field() {
    let errors = validate_all(&schema(), &Answers::new(), &ctx());
    let e = errors.iter().find(|e| e.path == "full_name").unwrap();
    assert_eq!(e.code, FieldErrorCode::Required);
    assert_eq!(e.message_vi, "Vui lòng nhập Họ và tên");
    assert_eq!(e.message_en, "Please enter Full name");
    let e = errors.iter().find(|e| e.path == "kind").unwrap();
    assert_eq!(e.message_vi, "Vui lòng chọn Loại hồ sơ");
    let e = errors.iter().find(|e| e.path == "declaration").unwrap();
    assert_eq!(e.code, FieldErrorCode::NotTicked);
    // Whitespace is not an answer.
    let a = answers(r#"{"full_name": "   "}"#);
    assert_eq!(
        error_at(&a, "full_name").unwrap().code,
        FieldErrorCode::Required
    );
    // Nothing chosen yet: the "new" step is hidden, so its required fields are not due.
    assert!(!errors.iter().any(|e| e.path == "capital"));
}

#[test]
fn hidden_fields_are_neither_validated_nor_submitted() {
    // Tax code is only asked for changes and closures; here it is garbage but hidden.
    let mut a = answers(VALID_NEW);
    a.insert("tax_code", Answer::text("not a tax code"));
    assert_eq!(validate_all(&schema(), &a, &ctx()), vec![]);
    assert_eq!(error_at(&a, "tax_code"), None);
    assert!(!is_visible(&schema(), "tax_code", &a));
    let stored = submission(&schema(), &a, &ctx()).unwrap();
    assert!(stored.get("tax_code").is_none());
    assert_eq!(stored.get("phone"), Some(&Answer::text("0912345678")));
    assert!(stored.get("declaration").is_some());

    // Shown for a change: now it is validated, with the check-digit message.
    a.insert("kind", Answer::text("change"));
    a.insert("tax_code", Answer::text("0100109107"));
    let e = error_at(&a, "tax_code").unwrap();
    assert_eq!(e.code, FieldErrorCode::MstCheckDigit);
    assert!(e
        .message_vi
        .contains("Mã số thuế 0100109107 có chữ số kiểm tra sai"));
    // The "new" step is hidden now: its answers are ignored, not validated.
    a.insert("capital", Answer::text("abc"));
    assert!(!validate_all(&schema(), &a, &ctx())
        .iter()
        .any(|e| e.path == "capital"));
    a.insert("tax_code", Answer::text("0100109106-001"));
    assert_eq!(
        error_at(&a, "tax_code").unwrap().code,
        FieldErrorCode::MstBranchNotAllowed
    );
}

#[test]
fn conditions_equals_one_of_all_not() {
    let s = schema();
    let v = |json: &str| -> Vec<String> {
        let a = answers(json);
        visible_fields(&s, 0, &a)
            .iter()
            .map(|f| f.id.clone())
            .collect()
    };
    assert!(!v(r#"{"kind": "new"}"#).contains(&"tax_code".to_owned()));
    assert!(v(r#"{"kind": "change"}"#).contains(&"tax_code".to_owned()));
    assert!(v(r#"{"kind": "close"}"#).contains(&"tax_code".to_owned()));
    // all + not: reason shows for a closure without tax debt (unanswered counts as not true).
    assert!(v(r#"{"kind": "close"}"#).contains(&"reason".to_owned()));
    assert!(v(r#"{"kind": "close", "has_debt": false}"#).contains(&"reason".to_owned()));
    assert!(!v(r#"{"kind": "close", "has_debt": true}"#).contains(&"reason".to_owned()));
    // has_debt is hidden for "new": its stale `true` no longer hides anything.
    assert!(!v(r#"{"kind": "new", "has_debt": true}"#).contains(&"has_debt".to_owned()));
    assert_eq!(
        visible_steps(&s, &answers(r#"{"kind": "new"}"#)),
        vec![0, 1, 2]
    );
    assert_eq!(
        visible_steps(&s, &answers(r#"{"kind": "close"}"#)),
        vec![0, 2]
    );
    assert_eq!(visible_steps(&s, &Answers::new()), vec![0, 2]);
    // Headings are listed for display but never validated.
    assert_eq!(visible_fields(&s, 2, &Answers::new()).len(), 2);
    assert!(visible_fields(&s, 9, &Answers::new()).is_empty());
}

#[test]
fn repeatable_groups_count_and_validate_items() {
    let mut a = answers(VALID_NEW);
    a.insert("members", Answer::Group(vec![]));
    let e = error_at(&a, "members").unwrap();
    assert_eq!(e.code, FieldErrorCode::TooFewItems);
    assert!(e.message_vi.contains("ít nhất 1"), "{}", e.message_vi);

    let member = |name: &str| {
        Answers::new()
            .with("name", Answer::text(name))
            .with("relation", Answer::text("spouse"))
    };
    a.insert(
        "members",
        Answer::Group(vec![member("A"), member("B"), member("C"), member("D")]),
    );
    assert_eq!(
        error_at(&a, "members").unwrap().code,
        FieldErrorCode::TooManyItems
    );

    let bad = Answers::new()
        .with("relation", Answer::text("other"))
        .with("cccd", Answer::text("001090000123"));
    a.insert("members", Answer::Group(vec![member("A"), bad]));
    let errors = validate_all(&schema(), &a, &ctx());
    assert_eq!(
        codes(&errors),
        vec![
            ("members[1].name".to_owned(), FieldErrorCode::Required),
            (
                "members[1].relation_other".to_owned(),
                FieldErrorCode::Required
            ),
        ]
    );
    assert_eq!(
        error_at(&a, "members[1].name").unwrap().message_en,
        "Please enter Name"
    );
    assert_eq!(error_at(&a, "members[0].name"), None);
    assert_eq!(error_at(&a, "members[7].name"), None);
    let s = schema();
    let shown: Vec<&str> = visible_item_fields(&s, "members", 1, &a)
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        shown,
        vec!["name", "relation", "relation_other", "cccd", "phone"]
    );
    let shown: Vec<&str> = visible_item_fields(&s, "members", 0, &a)
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(shown, vec!["name", "relation", "cccd", "phone"]);
    assert!(is_visible(&schema(), "members[1].relation_other", &a));
    assert!(!is_visible(&schema(), "members[0].relation_other", &a));

    // A field inside an item can read a top-level answer.
    let mut b = a.clone();
    b.insert("kind", Answer::text("change"));
    assert!(!is_visible(&schema(), "members[0].phone", &b));
    // Item fields of a hidden group are not validated.
    assert!(!validate_all(&schema(), &b, &ctx())
        .iter()
        .any(|e| e.path.starts_with("members")));
    // Normalisation reaches into items.
    let mut c = answers(VALID_NEW);
    c.insert(
        "members",
        Answer::Group(vec![
            member("A").with("phone", Answer::text("+84 98 765 4321"))
        ]),
    );
    let n = normalise(&schema(), &c, &ctx());
    let items = n.get("members").unwrap().as_group().unwrap();
    assert_eq!(items[0].get("phone"), Some(&Answer::text("0987654321")));
}

#[test]
fn cccd_must_agree_with_date_of_birth_and_sex() {
    let mut a = answers(VALID_NEW);
    a.insert("dob", Answer::text("05/09/1991"));
    let e = error_at(&a, "cccd").unwrap();
    assert_eq!(e.code, FieldErrorCode::CccdBirthYear);
    assert_eq!(
        e.message_vi,
        "Số CCCD 001090000123 ứng với năm sinh 1990, nhưng ngày sinh đã khai là năm 1991"
    );
    a.insert("dob", Answer::text("1990-09-05"));
    a.insert("sex", Answer::text("female"));
    assert_eq!(error_at(&a, "cccd").unwrap().code, FieldErrorCode::CccdSex);
    // An unanswered or invalid date of birth is not held against the ID number.
    a.insert("sex", Answer::text("male"));
    a.insert("dob", Answer::text("31/02/1990"));
    assert_eq!(error_at(&a, "cccd"), None);
    assert_eq!(
        error_at(&a, "dob").unwrap().code,
        FieldErrorCode::InvalidDate
    );
    a.insert("cccd", Answer::text("003090000123"));
    assert_eq!(
        error_at(&a, "cccd").unwrap().code,
        FieldErrorCode::CccdProvince
    );
    a.insert("cccd", Answer::text("001299000123"));
    assert_eq!(
        error_at(&a, "cccd").unwrap().code,
        FieldErrorCode::CccdBirthYear
    );
}

#[test]
fn date_rules() {
    let mut a = answers(VALID_NEW);
    a.insert("dob", Answer::text("03/09/2025"));
    let e = error_at(&a, "dob").unwrap();
    assert_eq!(e.code, FieldErrorCode::DateInFuture);
    assert_eq!(
        e.message_vi,
        "Ngày sinh không được sau ngày hôm nay (02/09/2025); bạn nhập 03/09/2025"
    );
    a.insert("dob", Answer::text("02/09/2025"));
    assert_eq!(error_at(&a, "dob"), None);
    a.insert("dob", Answer::text("31/12/1899"));
    assert_eq!(
        error_at(&a, "dob").unwrap().code,
        FieldErrorCode::DateTooEarly
    );
    a.insert("dob", Answer::text("5/9/90"));
    assert!(error_at(&a, "dob").unwrap().message_vi.contains("4 chữ số"));
}

#[test]
fn phone_email_money_integer_vsic_choices() {
    let mut a = answers(VALID_NEW);
    a.insert("phone", Answer::text("0951234567"));
    let e = error_at(&a, "phone").unwrap();
    assert_eq!(e.code, FieldErrorCode::PhoneNotMobile);
    assert!(e
        .message_vi
        .starts_with("Số điện thoại phải bắt đầu bằng đầu số di động Việt Nam, ví dụ 091…"));
    a.insert("phone", Answer::text("01691234567"));
    let e = error_at(&a, "phone").unwrap();
    assert_eq!(e.code, FieldErrorCode::PhoneRenumbered);
    assert!(e.message_vi.contains("0391234567"));
    a.insert("email", Answer::text("an@example"));
    assert_eq!(
        error_at(&a, "email").unwrap().code,
        FieldErrorCode::EmailInvalid
    );
    a.insert("capital", Answer::text("1,5"));
    assert_eq!(
        error_at(&a, "capital").unwrap().code,
        FieldErrorCode::InvalidMoney
    );
    a.insert("capital", Answer::text("500.000"));
    let e = error_at(&a, "capital").unwrap();
    assert_eq!(
        (e.code, e.message_vi.as_str()),
        (
            FieldErrorCode::TooSmall,
            "Vốn không được nhỏ hơn 1.000.000 ₫"
        )
    );
    a.insert("staff", Answer::text("12"));
    assert_eq!(
        error_at(&a, "staff").unwrap().code,
        FieldErrorCode::TooLarge
    );
    a.insert("staff", Answer::text("1,5"));
    assert_eq!(
        error_at(&a, "staff").unwrap().code,
        FieldErrorCode::NotInteger
    );
    a.insert("vsic", Answer::text("56101"));
    assert_eq!(
        error_at(&a, "vsic").unwrap().code,
        FieldErrorCode::VsicLevel
    );
    a.insert("vsic", Answer::text("4811"));
    assert_eq!(
        error_at(&a, "vsic").unwrap().code,
        FieldErrorCode::VsicUnknownDivision
    );
    a.insert(
        "lines",
        Answer::List(vec!["food".into(), "retail".into(), "repair".into()]),
    );
    assert_eq!(
        error_at(&a, "lines").unwrap().code,
        FieldErrorCode::TooManySelected
    );
    a.insert("lines", Answer::List(vec!["food".into(), "travel".into()]));
    let e = error_at(&a, "lines").unwrap();
    assert_eq!(e.code, FieldErrorCode::NotAnOption);
    assert!(e.message_vi.contains("travel"));
    a.insert("lines", Answer::List(vec!["food".into(), "food".into()]));
    assert_eq!(
        check_field(&schema(), "lines", &a, &ctx()).normalised,
        Some(Answer::List(vec!["food".into()]))
    );
    a.insert("sex", Answer::text("other"));
    assert_eq!(
        error_at(&a, "sex").unwrap().code,
        FieldErrorCode::NotAnOption
    );
    a.insert("full_name", Answer::Bool(true));
    assert_eq!(
        error_at(&a, "full_name").unwrap().code,
        FieldErrorCode::WrongType
    );
    a.insert("full_name", Answer::text("x".repeat(101)));
    assert_eq!(
        error_at(&a, "full_name").unwrap().code,
        FieldErrorCode::TooLong
    );
}

#[test]
fn addresses_are_checked_against_the_administrative_map() {
    let mut a = answers(VALID_NEW);
    let addr = |p: Option<u32>, w: Option<u32>, street: &str| {
        Answer::Address(AddressAnswer {
            province: p,
            ward: w,
            street: street.into(),
        })
    };
    // Ward 70 (Phường Hoàn Kiếm) is in Hà Nội (1), not in Hồ Chí Minh (79).
    a.insert("address", addr(Some(79), Some(70), "1 Lê Lợi"));
    let e = error_at(&a, "address").unwrap();
    assert_eq!(e.code, FieldErrorCode::WardNotInProvince);
    a.insert("address", addr(Some(2), Some(70), "x"));
    assert_eq!(
        error_at(&a, "address").unwrap().code,
        FieldErrorCode::UnknownProvince
    );
    a.insert("address", addr(Some(1), Some(999_999), "x"));
    assert_eq!(
        error_at(&a, "address").unwrap().code,
        FieldErrorCode::UnknownWard
    );
    a.insert("address", addr(Some(1), None, "x"));
    assert_eq!(
        error_at(&a, "address").unwrap().code,
        FieldErrorCode::AddressIncomplete
    );
    a.insert("address", addr(Some(1), Some(70), "  "));
    assert_eq!(
        error_at(&a, "address").unwrap().code,
        FieldErrorCode::AddressIncomplete
    );
    a.insert("address", addr(Some(1), Some(70), "  1   Tràng Tiền "));
    let c = check_field(&schema(), "address", &a, &ctx());
    assert_eq!(c.normalised, Some(addr(Some(1), Some(70), "1 Tràng Tiền")));

    // Every ward of the real data passes with its own province and fails with another.
    let ps = provinces();
    assert_eq!(
        (ps.len(), ps.iter().map(|p| p.wards.len()).sum::<usize>()),
        (34, 3321)
    );
    for (i, p) in ps.iter().enumerate() {
        let other = &ps[(i + 1) % ps.len()];
        for w in &p.wards {
            assert_eq!(ps.check(p.code, w.code), AdminCheck::Valid);
            assert_eq!(ps.check(other.code, w.code), AdminCheck::WardNotInProvince);
        }
    }

    // A closure works as the lookup too, and "unknown" defers the check to the server.
    let lookup = |p: u32, _w: u32| {
        if p == 1 {
            AdminCheck::Valid
        } else {
            AdminCheck::Unknown
        }
    };
    let c = ValidationContext::new(today(), &lookup);
    a.insert("address", addr(Some(79), Some(70), "x"));
    assert_eq!(validate_field(&schema(), "address", &a, &c), None);
    let c = ValidationContext::new(today(), &Unchecked);
    assert_eq!(validate_field(&schema(), "address", &a, &c), None);
}

#[test]
fn attachments() {
    let mut a = answers(VALID_NEW);
    let file = |name: &str, mime: &str, size: u64| FileMeta {
        id: name.into(),
        name: name.into(),
        mime: mime.into(),
        size,
    };
    a.insert("scan", Answer::Files(vec![file("a.jpg", "image/jpeg", 10)]));
    assert_eq!(error_at(&a, "scan"), None);
    a.insert(
        "scan",
        Answer::Files(vec![file("a.docx", "application/msword", 10)]),
    );
    let e = error_at(&a, "scan").unwrap();
    assert_eq!(e.code, FieldErrorCode::FileType);
    assert!(e.message_vi.contains("PDF, ảnh/images"), "{}", e.message_vi);
    a.insert(
        "scan",
        Answer::Files(vec![file("big.pdf", "application/pdf", 3 * 1024 * 1024)]),
    );
    let e = error_at(&a, "scan").unwrap();
    assert_eq!(e.code, FieldErrorCode::FileTooLarge);
    assert_eq!(
        e.message_vi,
        "Tệp big.pdf (3 MB) vượt quá dung lượng tối đa 1 MB (Bản chụp giấy tờ)"
    );
    a.insert(
        "scan",
        Answer::Files(vec![file("empty.pdf", "application/pdf", 0)]),
    );
    assert_eq!(
        error_at(&a, "scan").unwrap().code,
        FieldErrorCode::FileEmpty
    );
    a.insert(
        "scan",
        Answer::Files(vec![file("1.pdf", "application/pdf", 1); 3]),
    );
    assert_eq!(
        error_at(&a, "scan").unwrap().code,
        FieldErrorCode::TooManyFiles
    );
    a.insert("scan", Answer::Files(vec![]));
    let e = error_at(&a, "scan").unwrap();
    assert_eq!(
        (e.code, e.message_vi.as_str()),
        (
            FieldErrorCode::Required,
            "Vui lòng đính kèm Bản chụp giấy tờ"
        )
    );
}

#[test]
fn sizes_are_shown_in_binary_units() {
    use domain::form::validate::format_size;
    assert_eq!(format_size(0), "0 B");
    assert_eq!(format_size(1536), "1.5 KB");
    assert_eq!(format_size(10 * 1024 * 1024), "10 MB");
    assert_eq!(format_size(u64::MAX), "17592186044415.9 MB");
    let mut a = answers(VALID_NEW);
    a.insert(
        "scan",
        Answer::Files(vec![FileMeta {
            id: "x".into(),
            name: "x.pdf".into(),
            mime: "application/pdf".into(),
            size: u64::MAX,
        }]),
    );
    assert_eq!(
        error_at(&a, "scan").unwrap().code,
        FieldErrorCode::FileTooLarge
    );
}

#[test]
fn declaration_must_be_ticked() {
    let mut a = answers(VALID_NEW);
    a.insert("declaration", Answer::Bool(false));
    let e = error_at(&a, "declaration").unwrap();
    assert_eq!(e.code, FieldErrorCode::NotTicked);
    assert_eq!(e.message_vi, "Vui lòng đánh dấu xác nhận: Tôi cam đoan");
    a.insert("declaration", Answer::text("true"));
    let c = check_field(&schema(), "declaration", &a, &ctx());
    assert_eq!(
        c,
        FieldCheck {
            error: None,
            normalised: Some(Answer::Bool(true))
        }
    );
}

#[test]
fn steps_are_validated_alone() {
    let a = answers(r#"{"kind": "new", "full_name": "A B", "phone": "0912345678"}"#);
    assert_eq!(validate_step(&schema(), 0, &a, &ctx()), vec![]);
    let step1 = codes(&validate_step(&schema(), 1, &a, &ctx()));
    assert_eq!(
        step1,
        vec![
            ("capital".to_owned(), FieldErrorCode::Required),
            ("members".to_owned(), FieldErrorCode::TooFewItems),
            ("scan".to_owned(), FieldErrorCode::Required),
        ]
    );
    assert_eq!(validate_step(&schema(), 99, &a, &ctx()), vec![]);
    // Unknown and malformed paths have nothing to report.
    assert_eq!(validate_field(&schema(), "nope", &a, &ctx()), None);
    assert_eq!(validate_field(&schema(), "members[", &a, &ctx()), None);
    assert_eq!(validate_field(&schema(), "", &a, &ctx()), None);
}

#[test]
fn schema_mistakes_are_reported() {
    let mut s = schema();
    s.steps[0].fields[1].id = "kind".into();
    s.steps[0].fields[2].visible_when = Some(Condition::equals("nowhere", "x"));
    s.steps[0].fields[3].id = "Bad Id".into();
    let errors = s.check().unwrap_err();
    assert!(
        errors.contains(&SchemaError::DuplicateId("kind".into())),
        "{errors:?}"
    );
    assert!(errors.contains(&SchemaError::UnknownConditionField {
        path: "sex".into(),
        field: "nowhere".into()
    }));
    assert!(errors.contains(&SchemaError::BadId("Bad Id".into())));
    // The date-of-birth link now points at a missing field.
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, SchemaError::BadLink { path, .. } if path == "cccd")),
        "{errors:?}"
    );

    let mut s = schema();
    s.steps[0].fields[0].visible_when = Some(Condition::equals("has_debt", "x"));
    assert_eq!(
        s.check(),
        Err(vec![SchemaError::ConditionCycle {
            path: "test-form".into()
        }])
    );
    // The validator still terminates on a cyclic schema.
    let _ = validate_all(&s, &answers(VALID_NEW), &ctx());
}

#[test]
fn malformed_field_definitions_are_refused_when_read() {
    let read = |field: &str| {
        let json = format!(
            r#"{{"id": "f", "version": 1, "title": {{"vi": "x"}},
            "steps": [{{"id": "s", "title": {{"vi": "x"}}, "fields": [{field}]}}]}}"#
        );
        serde_json::from_str::<FormSchema>(&json).map_err(|e| e.to_string())
    };
    assert!(
        read(r#"{"id": "a", "type": "colour", "label": {"vi": "x"}}"#)
            .unwrap_err()
            .contains("unknown field type")
    );
    assert!(
        read(r#"{"id": "a", "type": "single_choice", "label": {"vi": "x"}}"#)
            .unwrap_err()
            .contains("options")
    );
    assert!(
        read(r#"{"id": "a", "type": "attachment", "label": {"vi": "x"}}"#)
            .unwrap_err()
            .contains("max_size")
    );
    assert!(
        read(r#"{"id": "a", "type": "date", "min": 5, "label": {"vi": "x"}}"#)
            .unwrap_err()
            .contains("min")
    );
    assert!(
        read(r#"{"id": "a", "type": "money", "max": "lots", "label": {"vi": "x"}}"#)
            .unwrap_err()
            .contains("max")
    );
    // Keys a newer schema might add are ignored, so older apps keep working.
    assert!(read(r#"{"id": "a", "type": "phone", "label": {"vi": "x"}, "otp": true}"#).is_ok());
}

#[test]
fn field_errors_serialise_with_snake_case_codes() {
    let a = answers(r#"{"kind": "change", "tax_code": "0100109107"}"#);
    let e = error_at(&a, "tax_code").unwrap();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["code"], "mst_check_digit");
    assert_eq!(json["path"], "tax_code");
}
