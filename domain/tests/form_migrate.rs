//! Drafts carried over to a new schema version, and drafts that are damaged.

use domain::date::Date;
use domain::form::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn v1() -> FormSchema {
    serde_json::from_value(json!({
        "id": "household", "version": 1, "title": {"vi": "Hộ kinh doanh"},
        "steps": [{"id": "main", "title": {"vi": "Chính"}, "fields": [
            {"id": "name", "type": "short_text", "label": {"vi": "Tên"}},
            {"id": "fax", "type": "short_text", "label": {"vi": "Fax"}},
            {"id": "size", "type": "single_choice", "label": {"vi": "Quy mô"},
             "options": [{"value": "small", "label": {"vi": "Nhỏ"}}, {"value": "tiny", "label": {"vi": "Siêu nhỏ"}}]},
            {"id": "staff", "type": "short_text", "label": {"vi": "Số lao động"}},
            {"id": "phone", "type": "short_text", "label": {"vi": "Điện thoại"}},
            {"id": "members", "type": "group", "label": {"vi": "Thành viên"}, "fields": [
                {"id": "name", "type": "short_text", "label": {"vi": "Họ tên"}},
                {"id": "nickname", "type": "short_text", "label": {"vi": "Tên gọi khác"}}]},
            {"id": "agree", "type": "declaration", "label": {"vi": "Cam đoan"}}
        ]}]
    }))
    .unwrap()
}

/// Version 2: `fax` removed, option `tiny` removed, `staff` became an integer, `phone` a
/// validated mobile number, members capped at 2 and lost `nickname`.
fn v2() -> FormSchema {
    serde_json::from_value(json!({
        "id": "household", "version": 2, "title": {"vi": "Hộ kinh doanh"},
        "steps": [{"id": "main", "title": {"vi": "Chính"}, "fields": [
            {"id": "name", "type": "short_text", "required": true, "label": {"vi": "Tên"}},
            {"id": "size", "type": "single_choice", "label": {"vi": "Quy mô"},
             "options": [{"value": "small", "label": {"vi": "Nhỏ"}}, {"value": "medium", "label": {"vi": "Vừa"}}]},
            {"id": "staff", "type": "integer", "min": 0, "label": {"vi": "Số lao động"}},
            {"id": "phone", "type": "phone", "label": {"vi": "Điện thoại"}},
            {"id": "email", "type": "email", "required": true, "label": {"vi": "Email"}},
            {"id": "members", "type": "group", "max_items": 2, "label": {"vi": "Thành viên"}, "fields": [
                {"id": "name", "type": "short_text", "label": {"vi": "Họ tên"}}]},
            {"id": "agree", "type": "declaration", "label": {"vi": "Cam đoan"}}
        ]}]
    }))
    .unwrap()
}

fn ctx() -> ValidationContext<'static> {
    ValidationContext::new(Date::new(2025, 9, 2).unwrap(), &Unchecked)
}

fn reasons(m: &Migration) -> Vec<(String, &'static str)> {
    m.dropped
        .iter()
        .map(|d| {
            let r = match &d.reason {
                DropReason::NoSuchField => "no_such_field",
                DropReason::Unreadable => "unreadable",
                DropReason::Invalid { .. } => "invalid",
                DropReason::TooManyItems { .. } => "too_many_items",
                DropReason::Reconfirm => "reconfirm",
            };
            (d.path.clone(), r)
        })
        .collect()
}

#[test]
fn keeps_what_still_fits_and_reports_the_rest() {
    assert_eq!(v1().check(), Ok(()));
    assert_eq!(v2().check(), Ok(()));
    let draft: Answers = serde_json::from_value(json!({
        "name": "Cửa hàng Hoa Mai",
        "fax": "024 1234 5678",
        "size": "tiny",
        "staff": "12",
        "phone": "+84 912 345 678",
        "members": [{"name": "An", "nickname": "Bé"}, {"name": "Bình"}, {"name": "Chi"}],
        "agree": true,
        "retired_field": 5,
        "broken": {"not": "an address"}
    }))
    .unwrap();
    let m = migrate(&draft, &v2(), &ctx());
    assert_eq!(
        reasons(&m),
        vec![
            ("broken".to_owned(), "unreadable"),
            ("agree".to_owned(), "reconfirm"),
            ("fax".to_owned(), "no_such_field"),
            ("members[0].nickname".to_owned(), "no_such_field"),
            ("members[2]".to_owned(), "too_many_items"),
            ("retired_field".to_owned(), "no_such_field"),
            ("size".to_owned(), "invalid"),
        ]
    );
    let expected: Answers = serde_json::from_value(json!({
        "name": "Cửa hàng Hoa Mai",
        "staff": "12",
        "phone": "0912345678",
        "members": [{"name": "An"}, {"name": "Bình"}]
    }))
    .unwrap();
    assert_eq!(m.kept, expected);
    // The reason carries the validator's own message.
    let size = m.dropped.iter().find(|d| d.path == "size").unwrap();
    assert!(
        size.reason.message_vi().contains("tiny"),
        "{}",
        size.reason.message_vi()
    );
    // What was kept is valid under the new schema, apart from what is now missing.
    let errors = validate_all(&v2(), &m.kept, &ctx());
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, vec!["email", "agree"]);
    // Migration reports serialise as {"path", "reason", …}.
    let j = serde_json::to_value(&m.dropped[6]).unwrap();
    assert_eq!(j["path"], "size");
    assert_eq!(j["reason"], "invalid");
    assert_eq!(j["error"]["code"], "not_an_option");
}

#[test]
fn type_changes_drop_values_that_no_longer_parse() {
    let draft: Answers =
        serde_json::from_value(json!({"staff": "about ten", "phone": "024 3934 3137"})).unwrap();
    let m = migrate(&draft, &v2(), &ctx());
    assert_eq!(
        reasons(&m),
        vec![
            ("phone".to_owned(), "invalid"),
            ("staff".to_owned(), "invalid")
        ]
    );
    assert!(m.kept.is_empty());
}

#[test]
fn hidden_answers_survive_migration() {
    let mut s = v2();
    s.steps[0].fields[2].visible_when = Some(Condition::equals("size", "medium"));
    let draft: Answers = serde_json::from_value(json!({"size": "small", "staff": "3"})).unwrap();
    let m = migrate(&draft, &s, &ctx());
    assert!(m.dropped.is_empty());
    assert_eq!(m.kept.get("staff"), Some(&Answer::text("3")));
}

#[test]
fn drafts_that_are_not_objects() {
    for text in ["[]", "\"hello\"", "42", "true"] {
        let a: Answers = serde_json::from_str(text).unwrap();
        assert!(a.is_empty());
        let m = migrate(&a, &v2(), &ctx());
        assert_eq!(reasons(&m), vec![("$".to_owned(), "unreadable")], "{text}");
    }
    let a: Answers = serde_json::from_str("null").unwrap();
    assert!(migrate(&a, &v2(), &ctx()).dropped.is_empty());
    // Not JSON at all is the caller's parse error, never a panic.
    assert!(serde_json::from_str::<Answers>("{\"a\": ").is_err());
}

#[test]
fn answers_round_trip_through_json() {
    let a: Answers = serde_json::from_value(json!({
        "t": "text", "n": 1500000, "f": 1.5, "b": false, "l": ["a", "b"], "e": [],
        "g": [{"x": "1", "y": [{"z": true}]}],
        "files": [{"id": "1", "name": "a.pdf", "mime": "application/pdf", "size": 10}],
        "addr": {"province": 1, "ward": "70", "street": "Phố Huế"},
        "nothing": null
    }))
    .unwrap();
    assert_eq!(a.get("n"), Some(&Answer::text("1500000")));
    assert_eq!(a.get("f"), Some(&Answer::text("1.5")));
    assert_eq!(
        a.get("addr")
            .and_then(Answer::as_address)
            .and_then(|x| x.ward),
        Some(70)
    );
    assert!(matches!(a.get("files"), Some(Answer::Files(f)) if f.len() == 1));
    assert!(matches!(a.get("g"), Some(Answer::Group(g)) if g.len() == 1));
    assert!(a.get("nothing").is_none());
    let back: Answers = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    assert_eq!(a.unreadable().count(), 0);
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        "[0-9 .+\\-]{0,14}".prop_map(Value::String),
        prop_oneof![
            Just("male"),
            Just("close"),
            Just("new"),
            Just("true"),
            Just("05/09/1990"),
            Just("0100109106")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            // File metadata, including absurd sizes from damaged drafts.
            prop::collection::vec(
                (
                    "[a-z]{1,5}",
                    prop_oneof![Just("application/pdf"), Just("image/png"), Just("text/x")],
                    any::<u64>()
                )
                    .prop_map(|(n, m, size)| json!({"id": n, "name": n, "mime": m, "size": size})),
                0..3
            )
            .prop_map(Value::Array),
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,8}",
                    Just("province".to_owned()),
                    Just("ward".to_owned()),
                    Just("street".to_owned()),
                    Just("id".to_owned()),
                    Just("name".to_owned()),
                    Just("mime".to_owned()),
                    Just("size".to_owned()),
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Field ids of the test schemas, so random drafts hit real fields often.
fn draft() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("name"),
        Just("size"),
        Just("staff"),
        Just("phone"),
        Just("email"),
        Just("members"),
        Just("agree"),
        Just("kind"),
        Just("cccd"),
        Just("dob"),
        Just("sex"),
        Just("address"),
        Just("capital"),
        Just("lines"),
        Just("scan"),
        Just("declaration"),
        Just("tax_code"),
        Just("has_debt"),
        Just("x"),
        Just("applicant_type"),
        Just("full_name"),
        Just("date_of_birth"),
        Just("org_tax_code"),
        Just("doc_2"),
        Just("doc_3"),
        Just("notes"),
    ];
    prop_oneof![
        1 => json_value(),
        6 => prop::collection::btree_map(key.prop_map(str::to_owned), json_value(), 0..10)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
}

fn generic() -> FormSchema {
    let p: domain::Procedure = serde_json::from_value(json!({
        "code": "1.000001", "name": "Thủ tục thử", "field": "Thử", "agency": null, "level": null,
        "online": null, "processing_time": null, "result": null, "source": "test",
        "documents": [
            {"name": "Thành phần hồ sơ", "copies": null, "required": null},
            {"name": "Tờ khai", "copies": "1 bản chính", "required": null},
            {"name": "Trường hợp ủy quyền: giấy ủy quyền", "copies": "0 bản chính,1 bản sao", "required": null}
        ]
    }))
    .unwrap();
    generic_schema(&p)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever a stored draft contains, reading, validating, normalising, migrating and
    /// submitting it never panics, and migration's kept answers are a subset of the draft.
    #[test]
    fn corrupt_drafts_never_panic(value in draft()) {
        let text = serde_json::to_string(&value).unwrap();
        let answers: Answers = serde_json::from_str(&text).unwrap();
        for schema in [v1(), v2(), generic()] {
            let c = ctx();
            let _ = validate_all(&schema, &answers, &c);
            for i in 0..schema.steps.len() {
                let _ = validate_step(&schema, i, &answers, &c);
                let _ = visible_fields(&schema, i, &answers);
            }
            let _ = visible_steps(&schema, &answers);
            for (id, _) in answers.iter() {
                let _ = check_field(&schema, id, &answers, &c);
                let _ = check_field(&schema, &format!("{id}[0].name"), &answers, &c);
                let _ = visible_item_fields(&schema, id, 0, &answers);
            }
            let n = normalise(&schema, &answers, &c);
            let _ = submission(&schema, &n, &c);
            let m = migrate(&answers, &schema, &c);
            for (id, _) in m.kept.iter() {
                prop_assert!(answers.get(id).is_some(), "kept {id} that was not in the draft");
            }
            // Migrating what was kept drops nothing more.
            let again = migrate(&m.kept, &schema, &c);
            prop_assert!(again.dropped.iter().all(|d| matches!(d.reason, DropReason::Reconfirm)), "{:?}", again.dropped);
        }
    }

    #[test]
    fn raw_text_never_panics(text in "\\PC{0,64}") {
        if let Ok(a) = serde_json::from_str::<Answers>(&text) {
            let _ = migrate(&a, &v2(), &ctx());
        }
    }
}
