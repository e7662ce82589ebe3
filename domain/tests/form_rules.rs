//! The version-2 additions to the schema language on small hand-written schemas: what
//! they accept, what the schema check rejects, and that files without them read as before.

use domain::date::Date;
use domain::form::*;

fn today() -> Date {
    Date::new(2025, 10, 1).unwrap()
}

fn ctx() -> ValidationContext<'static> {
    ValidationContext::new(today(), &Unchecked)
}

fn schema(json: &str) -> FormSchema {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"))
}

/// A one-step schema around `fields` (JSON list items) with `extra` form-level keys.
fn form(fields: &str, extra: &str) -> String {
    format!(
        r#"{{"id": "t", "version": 1, "title": {{"vi": "Thử"}}{extra},
            "steps": [{{"id": "s", "title": {{"vi": "Bước"}}, "fields": [{fields}]}}]}}"#
    )
}

fn answers(json: &str) -> Answers {
    serde_json::from_str(json).unwrap()
}

fn codes(s: &FormSchema, a: &str) -> Vec<(String, FieldErrorCode)> {
    validate_all(s, &answers(a), &ctx())
        .into_iter()
        .map(|e| (e.path, e.code))
        .collect()
}

fn check_errors(json: &str) -> Vec<SchemaError> {
    schema(json).check().err().unwrap_or_default()
}

fn parse_error(json: &str) -> String {
    serde_json::from_str::<FormSchema>(json)
        .unwrap_err()
        .to_string()
}

#[test]
fn version_1_files_read_and_write_as_before() {
    let v1 = form(
        r#"{"id": "phone", "type": "phone", "label": {"vi": "Điện thoại"}},
           {"id": "sex", "type": "single_choice", "label": {"vi": "Giới tính"},
            "options": [{"value": "male", "label": {"vi": "Nam"}}, {"value": "female", "label": {"vi": "Nữ"}}]},
           {"id": "dob", "type": "date", "not_future": true, "label": {"vi": "Ngày sinh"}},
           {"id": "cccd", "type": "cccd", "sex_field": "sex", "date_of_birth_field": "dob", "label": {"vi": "CCCD"}},
           {"id": "scan", "type": "attachment", "accept": ["application/pdf"], "max_size": 1000, "label": {"vi": "Tệp"}}"#,
        "",
    );
    let s = schema(&v1);
    assert_eq!(s.check(), Ok(()));
    assert!(!s.requires_active_enterprise && s.steps[0].rules.is_empty());
    assert_eq!(
        s.field("phone").unwrap().kind,
        FieldKind::Phone {
            accept: PhoneAccept::Mobile
        }
    );
    assert!(s.top_fields().all(|(_, f)| f.default.is_none()));
    let json = serde_json::to_string(&s).unwrap();
    for key in [
        "requires_active_enterprise",
        "rules",
        "age_rules",
        "after_field",
        "options_ref",
        "default",
        "\"sex\":",
    ] {
        assert!(
            !json.contains(key),
            "{key} written for a file that did not have it: {json}"
        );
    }
    assert!(
        json.contains(r#""accept":["application/pdf"]"#),
        "attachments keep their list"
    );
    assert_eq!(schema(&json), s);
}

#[test]
fn a_new_key_in_the_wrong_shape_is_refused_when_read() {
    let phone = |accept: &str| {
        form(
            &format!(
                r#"{{"id": "p", "type": "phone", "accept": {accept}, "label": {{"vi": "ĐT"}}}}"#
            ),
            "",
        )
    };
    assert_eq!(
        schema(&phone(r#""any""#)).field("p").unwrap().kind,
        FieldKind::Phone {
            accept: PhoneAccept::Any
        }
    );
    assert!(parse_error(&phone(r#""landline""#))
        .contains(r#""accept" has a value this field cannot take"#));
    assert!(parse_error(&phone(r#"["any"]"#)).contains("accept"));
    let attachment = form(
        r#"{"id": "f", "type": "attachment", "accept": "application/pdf", "max_size": 1, "label": {"vi": "Tệp"}}"#,
        "",
    );
    assert!(parse_error(&attachment).contains("accept"));
    let choice = |keys: &str| {
        form(
            &format!(
                r#"{{"id": "e", "type": "single_choice", {keys}, "label": {{"vi": "Dân tộc"}}}}"#
            ),
            "",
        )
    };
    assert!(parse_error(&choice(r#""options_ref": "religions""#))
        .contains(r#"no shared option list is called "religions""#));
    assert!(
        parse_error(&choice(r#""options_ref": "ethnicities", "options": []"#))
            .contains("options and options_ref cannot be used together")
    );
    let cccd = form(
        r#"{"id": "c", "type": "cccd", "sex": "nu", "label": {"vi": "CCCD"}}"#,
        "",
    );
    assert!(parse_error(&cccd).contains(r#""sex" has a value this field cannot take"#));
    let age = form(
        r#"{"id": "d", "type": "date", "age_rules": [{"min_years": "18"}], "label": {"vi": "Ngày sinh"}}"#,
        "",
    );
    assert!(parse_error(&age).contains(r#""age_rules" has a value this field cannot take"#));
    let rule = r#"{"id": "t", "version": 1, "title": {"vi": "T"}, "steps": [{"id": "s", "title": {"vi": "B"},
        "fields": [], "rules": [{"group": "lines"}]}]}"#;
    assert!(parse_error(rule).contains("a rule is"));
}

#[test]
fn the_schema_check_rejects_unsound_uses() {
    let sex = r#"{"id": "sex", "type": "single_choice", "label": {"vi": "Giới tính"},
        "options": [{"value": "male", "label": {"vi": "Nam"}}, {"value": "female", "label": {"vi": "Nữ"}}]}"#;
    let errors = check_errors(&form(
        &format!(
            r#"{sex},
            {{"id": "name", "type": "short_text", "label": {{"vi": "Tên"}}}},
            {{"id": "cccd", "type": "cccd", "sex": "female", "sex_field": "sex", "label": {{"vi": "CCCD"}}}},
            {{"id": "dob", "type": "date", "after_field": "name", "label": {{"vi": "Ngày sinh"}},
             "age_rules": [{{"min_years": 20, "max_years": 18}}, {{}}, {{"when": {{"field": "nowhere", "equals": "x"}}, "min_years": 1}}]}},
            {{"id": "status", "type": "hidden", "required": true, "label": {{"vi": "Trạng thái"}}}},
            {{"id": "nationality", "type": "short_text", "default": "Việt Nam", "label": {{"vi": "Quốc tịch"}},
             "prefill": {{"source": "citizen", "path": "nationality"}}}},
            {{"id": "agree", "type": "declaration", "default": true, "label": {{"vi": "Cam đoan"}}}},
            {{"id": "pick", "type": "single_choice", "default": "other", "label": {{"vi": "Chọn"}},
             "options": [{{"value": "one", "label": {{"vi": "Một"}}}}]}},
            {{"id": "lines", "type": "group", "label": {{"vi": "Ngành"}},
             "prefill": {{"source": "business_registry", "path": "vsic", "items": {{"code": "code", "title": "name"}}}},
             "fields": [{{"id": "code", "type": "vsic", "label": {{"vi": "Mã"}}}},
                        {{"id": "main", "type": "short_text", "label": {{"vi": "Chính"}}}}]}}"#
        ),
        r#", "requires_active_enterprise": true"#,
    ));
    let expected = [
        SchemaError::Conflict {
            path: "cccd".into(),
            keys: "sex and sex_field",
        },
        SchemaError::BadLink {
            path: "dob".into(),
            field: "name".into(),
        },
        SchemaError::BadRange { path: "dob".into() },
        SchemaError::BadRange { path: "dob".into() },
        SchemaError::UnknownConditionField {
            path: "dob".into(),
            field: "nowhere".into(),
        },
        SchemaError::Conflict {
            path: "status".into(),
            keys: "hidden and required",
        },
        SchemaError::Conflict {
            path: "nationality".into(),
            keys: "default and prefill",
        },
        SchemaError::BadAttribute {
            id: "agree".into(),
            attribute: "default",
        },
        SchemaError::BadAttribute {
            id: "pick".into(),
            attribute: "default",
        },
        SchemaError::BadLink {
            path: "lines".into(),
            field: "title".into(),
        },
        SchemaError::MissingStatusField,
    ];
    for e in &expected {
        assert!(errors.contains(e), "missing {e:?} in {errors:#?}");
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");

    // Step rules name top-level fields, and exactly_one a yes/no field of a group.
    let errors = check_errors(
        r#"{"id": "t", "version": 1, "title": {"vi": "T"}, "steps": [{"id": "s", "title": {"vi": "B"},
        "fields": [{"id": "a", "type": "short_text", "label": {"vi": "A"}},
                   {"id": "lines", "type": "group", "label": {"vi": "Ngành"},
                    "fields": [{"id": "main", "type": "short_text", "label": {"vi": "Chính"}}]}],
        "rules": [{"at_least_one": ["a", "b"]}, {"group": "lines", "exactly_one": "main"},
                  {"group": "a", "exactly_one": "main"}]}]}"#,
    );
    assert_eq!(
        errors,
        vec![
            SchemaError::BadLink {
                path: "step s".into(),
                field: "b".into()
            },
            SchemaError::BadLink {
                path: "step s".into(),
                field: "main".into()
            },
            SchemaError::BadLink {
                path: "step s".into(),
                field: "a".into()
            },
        ]
    );
}

#[test]
fn min_age_years_is_short_for_an_unconditional_age_rule() {
    let short = schema(&form(
        r#"{"id": "dob", "type": "date", "min_age_years": 18, "max_age_years": 65, "label": {"vi": "Ngày sinh"}}"#,
        "",
    ));
    let long = schema(&form(
        r#"{"id": "dob", "type": "date", "age_rules": [{"min_years": 18, "max_years": 65}], "label": {"vi": "Ngày sinh"}}"#,
        "",
    ));
    assert_eq!(short, long);
    assert_eq!(codes(&short, r#"{"dob": "01/10/2007"}"#), vec![]);
    assert_eq!(
        codes(&short, r#"{"dob": "02/10/2007"}"#),
        vec![("dob".into(), FieldErrorCode::TooYoung)]
    );
    assert_eq!(
        codes(&short, r#"{"dob": "02/10/1959"}"#),
        vec![],
        "65 until the 66th birthday"
    );
    assert_eq!(
        codes(&short, r#"{"dob": "01/10/1959"}"#),
        vec![("dob".into(), FieldErrorCode::TooOld)]
    );
    let e = validate_field(&short, "dob", &answers(r#"{"dob": "01/10/1959"}"#), &ctx()).unwrap();
    assert_eq!(
        e.message_vi,
        "Ngày sinh: không được quá 65 tuổi; sinh ngày 01/10/1959 thì đến ngày 01/10/2025 đã 66 tuổi"
    );
    assert_eq!(
        e.message_en,
        "Ngày sinh: must be at most 65 years old; born on 01/10/1959, the age on 01/10/2025 is 66"
    );
    // A person born on 29 February comes of age on 1 March in a common year.
    let leap = ValidationContext::new(Date::new(2026, 2, 28).unwrap(), &Unchecked);
    let a = answers(r#"{"dob": "29/02/2008"}"#);
    assert_eq!(validate_all(&short, &a, &leap).len(), 1);
    let next_day = ValidationContext::new(Date::new(2026, 3, 1).unwrap(), &Unchecked);
    assert_eq!(validate_all(&short, &a, &next_day), vec![]);
}

#[test]
fn age_rules_can_depend_on_another_answer_in_the_same_item() {
    // One spouse per item: 20 for a man, 18 for a woman (Luật Hôn nhân và gia đình 2014, Điều 8).
    let s = schema(&form(
        r#"{"id": "spouses", "type": "group", "label": {"vi": "Hai bên"}, "fields": [
            {"id": "sex", "type": "single_choice", "label": {"vi": "Giới tính"},
             "options": [{"value": "male", "label": {"vi": "Nam"}}, {"value": "female", "label": {"vi": "Nữ"}}]},
            {"id": "dob", "type": "date", "label": {"vi": "Ngày sinh"}, "age_rules": [
              {"when": {"field": "sex", "equals": "male"}, "min_years": 20},
              {"when": {"field": "sex", "equals": "female"}, "min_years": 18}]}]}"#,
        "",
    ));
    assert_eq!(s.check(), Ok(()));
    let a = r#"{"spouses": [{"sex": "male", "dob": "15/01/2006"}, {"sex": "female", "dob": "15/01/2006"}]}"#;
    assert_eq!(
        codes(&s, a),
        vec![("spouses[0].dob".into(), FieldErrorCode::TooYoung)]
    );
    let e = check_field(&s, "spouses[0].dob", &answers(a), &ctx())
        .error
        .unwrap();
    assert!(
        e.message_vi.contains("phải đủ 20 tuổi") && e.message_vi.contains("mới 19 tuổi"),
        "{}",
        e.message_vi
    );
    // Sex not answered yet: neither rule applies.
    assert_eq!(codes(&s, r#"{"spouses": [{"dob": "15/01/2010"}]}"#), vec![]);
}

#[test]
fn before_field_and_after_field_compare_shown_valid_dates_only() {
    let s = schema(&form(
        r#"{"id": "issued", "type": "date", "before_field": "expires", "label": {"vi": "Ngày cấp", "en": "Issued on"}},
           {"id": "has_expiry", "type": "yes_no", "label": {"vi": "Có thời hạn"}},
           {"id": "expires", "type": "date", "label": {"vi": "Có giá trị đến", "en": "Valid until"},
            "visible_when": {"field": "has_expiry", "equals": true}}"#,
        "",
    ));
    assert_eq!(s.check(), Ok(()));
    let a = r#"{"issued": "2025-06-01", "has_expiry": true, "expires": "2025-05-31"}"#;
    let e = validate_field(&s, "issued", &answers(a), &ctx()).unwrap();
    assert_eq!(e.code, FieldErrorCode::DateNotBefore);
    assert_eq!(
        e.message_en,
        "Issued on must be before Valid until (31/05/2025); you entered 01/06/2025"
    );
    // Hidden or unreadable, the other date says nothing.
    assert_eq!(
        codes(
            &s,
            r#"{"issued": "2025-06-01", "has_expiry": false, "expires": "2025-05-31"}"#
        ),
        vec![]
    );
    assert_eq!(
        codes(
            &s,
            r#"{"issued": "2025-06-01", "has_expiry": true, "expires": "31/13/2025"}"#
        ),
        vec![("expires".into(), FieldErrorCode::InvalidDate)]
    );
}

#[test]
fn step_rules_apply_to_shown_fields_of_shown_steps() {
    let s = schema(
        r#"{"id": "t", "version": 1, "title": {"vi": "T"}, "steps": [
        {"id": "who", "title": {"vi": "Ai"}, "fields": [{"id": "kind", "type": "yes_no", "label": {"vi": "Có nhà"}}]},
        {"id": "where", "title": {"vi": "Ở đâu"}, "visible_when": {"field": "kind", "equals": true},
         "fields": [
           {"id": "permanent", "type": "address", "label": {"vi": "Nơi thường trú", "en": "Permanent residence"}},
           {"id": "has_temporary", "type": "yes_no", "label": {"vi": "Có nơi tạm trú"}},
           {"id": "temporary", "type": "address", "label": {"vi": "Nơi tạm trú", "en": "Temporary residence"},
            "visible_when": {"field": "has_temporary", "equals": true}},
           {"id": "lines", "type": "group", "label": {"vi": "Ngành", "en": "Lines"},
            "fields": [{"id": "main", "type": "yes_no", "label": {"vi": "Ngành chính", "en": "Main line"}}]}],
         "rules": [{"at_least_one": ["permanent", "temporary"]}, {"group": "lines", "exactly_one": "main"}]}]}"#,
    );
    assert_eq!(s.check(), Ok(()));
    // Default messages name the fields that are shown.
    let a = answers(
        r#"{"kind": true, "has_temporary": true, "lines": [{"main": true}, {"main": true}]}"#,
    );
    let errors = validate_step(&s, 1, &a, &ctx());
    assert_eq!(errors.len(), 2);
    assert_eq!(
        (errors[0].path.as_str(), errors[0].code),
        ("permanent", FieldErrorCode::AtLeastOne)
    );
    assert_eq!(
        errors[0].message_vi,
        "Vui lòng kê khai ít nhất một trong các mục: “Nơi thường trú”, “Nơi tạm trú”"
    );
    assert_eq!(
        errors[0].message_en,
        "Please fill in at least one of: “Permanent residence”, “Temporary residence”"
    );
    assert_eq!(
        (errors[1].path.as_str(), errors[1].code),
        ("lines", FieldErrorCode::ExactlyOne)
    );
    assert_eq!(
        errors[1].message_vi,
        "Ngành: cần đúng một mục là “Ngành chính” (hiện có 2)"
    );
    let a = answers(r#"{"kind": true, "has_temporary": false, "lines": []}"#);
    assert_eq!(
        validate_step(&s, 1, &a, &ctx())[0].message_vi,
        "Vui lòng kê khai ít nhất một trong các mục: “Nơi thường trú”"
    );
    assert_eq!(
        validate_step(&s, 1, &a, &ctx()).len(),
        1,
        "an empty group is not judged"
    );
    // A hidden step's rules do not run.
    let a = answers(r#"{"kind": false, "lines": [{"main": false}]}"#);
    assert_eq!(validate_all(&s, &a, &ctx()), vec![]);
    assert_eq!(validate_step(&s, 1, &a, &ctx()), vec![]);
}

#[test]
fn preconditions_need_the_status_field_and_read_only_the_status() {
    let fields = r#"{"id": "mst", "type": "mst", "required": true, "label": {"vi": "MST"}},
        {"id": "enterprise_status", "type": "hidden", "label": {"vi": "Trạng thái"},
         "prefill": {"source": "business_registry", "path": "status", "key_field": "mst"}}"#;
    let s = schema(&form(fields, r#", "requires_active_enterprise": true"#));
    assert_eq!(s.check(), Ok(()));
    let status = |v: &str| {
        answers(&format!(
            r#"{{"mst": "0100109106", "enterprise_status": "{v}"}}"#
        ))
    };
    assert_eq!(preconditions_met(&s, &status("dang_hoat_dong")), Ok(()));
    assert_eq!(
        preconditions_met(&s, &status("tam_ngung"))
            .unwrap_err()
            .path,
        "mst"
    );
    let e = preconditions_met(&s, &status("bi_thu_hoi")).unwrap_err();
    assert_eq!(e.code, FieldErrorCode::EnterpriseNotActive);
    assert_eq!(
        e.message_vi,
        "Doanh nghiệp không ở trạng thái đang hoạt động (“bi_thu_hoi”) nên không thể thực hiện thủ tục này"
    );
    assert_eq!(
        validate_all(&s, &status("da_giai_the"), &ctx())[0].code,
        FieldErrorCode::EnterpriseNotActive
    );
    // The same record on a form without the flag is no obstacle.
    let relaxed = schema(&form(fields, ""));
    assert_eq!(preconditions_met(&relaxed, &status("da_giai_the")), Ok(()));
    assert_eq!(
        validate_all(&relaxed, &status("da_giai_the"), &ctx()),
        vec![]
    );
    // The status field must come from the registry's status.
    let wrong = form(
        r#"{"id": "mst", "type": "mst", "label": {"vi": "MST"}},
           {"id": "enterprise_status", "type": "hidden", "label": {"vi": "Trạng thái"},
            "prefill": {"source": "business_registry", "path": "kind", "key_field": "mst"}}"#,
        r#", "requires_active_enterprise": true"#,
    );
    assert_eq!(check_errors(&wrong), vec![SchemaError::MissingStatusField]);
}

#[test]
fn provenance_in_a_draft_is_read_leniently_and_follows_its_answer() {
    let a = answers(
        r#"{"name": "CÔNG TY TNHH AN PHÁT", "$provenance": {
            "name": {"source": "business_registry", "retrieved_at": "2025-09-30T08:30:00Z"},
            "phone": {"source": "somewhere"}, "email": 3}}"#,
    );
    assert_eq!(
        a.unreadable().count(),
        0,
        "provenance is never mistaken for an answer"
    );
    assert_eq!(a.len(), 1);
    assert_eq!(
        a.provenances().map(|(id, _)| id).collect::<Vec<_>>(),
        ["name"]
    );
    let p = a.provenance("name").unwrap();
    assert_eq!(
        (p.source, p.retrieved_at.as_str(), p.edited),
        (
            PrefillSource::BusinessRegistry,
            "2025-09-30T08:30:00Z",
            false
        )
    );
    // Clearing an answer drops what vouched for it.
    let mut b = a.clone();
    b.remove("name");
    assert!(b.provenance("name").is_none());
    // A draft that is not an object at all is still reported as before.
    let bad: Answers = serde_json::from_str("[1, 2]").unwrap();
    assert_eq!(bad.unreadable().collect::<Vec<_>>(), ["$"]);
    // Answers without provenance serialise exactly as in version 1.
    let plain = Answers::new().with("name", Answer::text("An"));
    assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"name":"An"}"#);
}

#[test]
fn a_list_prefill_maps_item_fields_and_skips_empty_elements() {
    let s = schema(&form(
        r#"{"id": "mst", "type": "mst", "label": {"vi": "MST"}},
           {"id": "lines", "type": "group", "label": {"vi": "Ngành"},
            "prefill": {"source": "business_registry", "path": "vsic", "key_field": "mst", "items": {"title": "name"}},
            "fields": [{"id": "code", "type": "vsic", "label": {"vi": "Mã"}},
                       {"id": "title", "type": "short_text", "label": {"vi": "Tên"}},
                       {"id": "country", "type": "short_text", "default": "Việt Nam", "label": {"vi": "Nơi"}}]},
           {"id": "codes", "type": "group", "label": {"vi": "Mã ngành"},
            "prefill": {"source": "business_registry", "path": "old_codes", "key_field": "mst", "items": {"code": ""}},
            "fields": [{"id": "code", "type": "vsic", "label": {"vi": "Mã"}}]}"#,
        "",
    ));
    assert_eq!(s.check(), Ok(()));
    let record: Loose = serde_json::from_str(
        r#"{"vsic": [{"code": "6201", "name": "Lập trình máy vi tính"}, {"other": 1}, {"code": "6202"}],
            "old_codes": ["4659", "4690"]}"#,
    )
    .unwrap();
    let (a, ids) = apply_prefill(
        &s,
        &Answers::new(),
        PrefillSource::BusinessRegistry,
        &record,
        false,
    );
    assert_eq!(ids, ["lines", "codes"]);
    let lines = a
        .get("lines")
        .and_then(Answer::as_group)
        .unwrap()
        .into_owned();
    assert_eq!(
        lines,
        vec![
            answers(r#"{"code": "6201", "title": "Lập trình máy vi tính", "country": "Việt Nam"}"#),
            answers(r#"{"code": "6202", "country": "Việt Nam"}"#),
        ]
    );
    let codes = a
        .get("codes")
        .and_then(Answer::as_group)
        .unwrap()
        .into_owned();
    assert_eq!(
        codes,
        vec![
            answers(r#"{"code": "4659"}"#),
            answers(r#"{"code": "4690"}"#)
        ]
    );
    // Not a list, or a list of nothing usable: nothing is filled.
    let record: Loose =
        serde_json::from_str(r#"{"vsic": "6201", "old_codes": [null, {}]}"#).unwrap();
    let (a, ids) = apply_prefill(
        &s,
        &Answers::new(),
        PrefillSource::BusinessRegistry,
        &record,
        false,
    );
    assert!(ids.is_empty() && a.is_empty());
}
