//! The generic schema for every real procedure in the catalogue.

use domain::date::Date;
use domain::form::generic::DOC_SLOT_PREFIX;
use domain::form::*;
use domain::Procedure;
use std::collections::BTreeSet;
use std::io::Read;
use std::sync::OnceLock;

fn procedures() -> &'static [Procedure] {
    static ALL: OnceLock<Vec<Procedure>> = OnceLock::new();
    ALL.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/procedures.json.gz");
        let mut json = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_string(&mut json)
            .unwrap();
        serde_json::from_str(&json).unwrap()
    })
}

fn ctx() -> ValidationContext<'static> {
    ValidationContext::new(Date::new(2025, 9, 2).unwrap(), &Unchecked)
}

#[test]
fn every_procedure_gets_a_sound_schema() {
    let all = procedures();
    assert_eq!(all.len(), 2849);
    let mut with_docs = 0;
    let mut slots_total = 0;
    let mut optional_total = 0;
    for (k, p) in all.iter().enumerate() {
        let s = generic_schema(p);
        assert_eq!(s.id, format!("generic:{}", p.code));
        assert_eq!(s.check(), Ok(()), "{}", p.code);

        // Every non-heading document becomes exactly one slot, in order, and nothing else does.
        let slots: Vec<&Field> = s
            .top_fields()
            .map(|(_, f)| f)
            .filter(|f| f.id.starts_with(DOC_SLOT_PREFIX))
            .collect();
        let expected: Vec<String> = p
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.is_heading())
            .map(|(i, _)| format!("{DOC_SLOT_PREFIX}{}", i + 1))
            .collect();
        assert_eq!(
            slots.iter().map(|f| f.id.clone()).collect::<Vec<_>>(),
            expected,
            "{}",
            p.code
        );
        for f in &slots {
            assert!(
                matches!(f.kind, FieldKind::Attachment { .. }),
                "{} {}",
                p.code,
                f.id
            );
            assert!(
                !f.label.vi.is_empty() && f.label.vi.chars().count() <= 160,
                "{} {}",
                p.code,
                f.id
            );
        }
        slots_total += slots.len();
        optional_total += slots.iter().filter(|f| !f.required).count();
        with_docs += usize::from(!slots.is_empty());
        // Headings never become inputs.
        for (i, d) in p.documents.iter().enumerate() {
            if d.is_heading() {
                assert!(s.field(&format!("{DOC_SLOT_PREFIX}{}", i + 1)).is_none());
            }
        }

        // Ids unique across the whole form (check() verifies it too).
        let ids: Vec<&str> = s.top_fields().map(|(_, f)| f.id.as_str()).collect();
        assert_eq!(
            ids.iter().collect::<BTreeSet<_>>().len(),
            ids.len(),
            "{}",
            p.code
        );

        // An empty draft validates without panicking and asks for the essentials.
        let errors = validate_all(&s, &Answers::new(), &ctx());
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert!(
            paths.contains(&"applicant_type") && paths.contains(&"declaration"),
            "{}",
            p.code
        );

        // Deterministic, and the JSON round-trips (on a sample: unoptimised serde is slow).
        if k % 7 == 0 {
            assert_eq!(generic_schema(p), s);
            let back: FormSchema =
                serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
            assert_eq!(back, s, "{}", p.code);
        }
    }
    assert!(with_docs > 2700, "{with_docs}");
    // Conditional and zero-copy rows are optional, but most documents are required.
    assert!(
        optional_total > 1000 && optional_total < slots_total / 2,
        "{optional_total} of {slots_total}"
    );
}

#[test]
fn versions_follow_the_document_list() {
    let all = procedures();
    let p = all.iter().find(|p| p.documents.len() > 3).unwrap();
    let v = generic_schema(p).version;
    let mut q = p.clone();
    q.documents.pop();
    assert_ne!(generic_schema(&q).version, v);
    let mut r = p.clone();
    r.field = "something else".into();
    assert_eq!(
        generic_schema(&r).version,
        v,
        "only what the form shows changes the version"
    );
}

#[test]
fn a_person_can_fill_a_generic_form() {
    let all = procedures();
    let p = all.iter().find(|p| p.code == "1.000005").unwrap();
    let s = generic_schema(p);
    let file = FileMeta {
        id: "f".into(),
        name: "scan.pdf".into(),
        mime: "application/pdf".into(),
        size: 1000,
    };
    let mut a = Answers::new()
        .with("applicant_type", Answer::text("person"))
        .with("full_name", Answer::text("Nguyễn Văn An"))
        .with("cccd", Answer::text("001090000123"))
        .with("date_of_birth", Answer::text("05/09/1990"))
        .with(
            "address",
            Answer::Address(AddressAnswer {
                province: Some(1),
                ward: Some(70),
                street: "1 Tràng Tiền".into(),
            }),
        )
        .with("phone", Answer::text("0912345678"))
        .with("declaration", Answer::Bool(true));
    for f in s
        .top_fields()
        .map(|(_, f)| f)
        .filter(|f| f.required && f.id.starts_with(DOC_SLOT_PREFIX))
    {
        a.insert(f.id.clone(), Answer::Files(vec![file.clone()]));
    }
    assert_eq!(validate_all(&s, &a, &ctx()), vec![]);
    // Organisation fields are hidden for a person and not required.
    assert!(!is_visible(&s, "org_tax_code", &a));
    a.insert("applicant_type", Answer::text("organisation"));
    let missing: Vec<String> = validate_all(&s, &a, &ctx())
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(
        missing,
        vec![
            "org_tax_code",
            "org_name",
            "org_address",
            "legal_representative"
        ]
    );

    // The business registry fills the organisation's fields from the tax code; the head
    // office comes as the registry's address object, display names and all.
    a.insert("org_tax_code", Answer::text("0100109106"));
    let record: Loose = serde_json::from_str(
        r#"{"mst": "0100109106", "name": "Tập đoàn Công nghiệp - Viễn thông Quân đội", "status": "dang_hoat_dong",
            "address": "Lô D26 Khu đô thị mới Cầu Giấy, Phường Cầu Giấy, Thành phố Hà Nội",
            "head_office": {"province": 1, "province_name": "Thành phố Hà Nội", "ward": 167,
                            "ward_name": "Phường Cầu Giấy", "street": "Lô D26 Khu đô thị mới Cầu Giấy"},
            "legal_representative": {"full_name": "Tào Đức Thắng", "cccd": "001073001234", "title": "Chủ tịch",
                                     "date_of_birth": "1973-05-01", "sex": "male"},
            "retrieved_at": "2025-09-02T02:00:00Z"}"#,
    )
    .unwrap();
    let (filled, ids) = apply_prefill(&s, &a, PrefillSource::BusinessRegistry, &record, false);
    assert_eq!(ids, vec!["org_name", "org_address", "legal_representative"]);
    assert_eq!(
        filled.get("legal_representative"),
        Some(&Answer::text("Tào Đức Thắng"))
    );
    assert_eq!(
        filled.get("org_address"),
        Some(&Answer::Address(AddressAnswer {
            province: Some(1),
            ward: Some(167),
            street: "Lô D26 Khu đô thị mới Cầu Giấy".into()
        }))
    );
    assert!(matches!(
        s.field("org_address").unwrap().kind,
        FieldKind::Address { .. }
    ));
    assert!(
        is_locked(&s, &filled, "org_address"),
        "registry data is locked until Sửa"
    );
    assert_eq!(
        filled.provenance("org_name").unwrap().retrieved_at,
        "2025-09-02T02:00:00Z"
    );
    assert_eq!(validate_all(&s, &filled, &ctx()), vec![]);
    // Without overwrite, typed answers win; with it, a new record replaces them.
    let (again, ids) = apply_prefill(
        &s,
        &filled,
        PrefillSource::BusinessRegistry,
        &Loose::Map(vec![]),
        false,
    );
    assert!(ids.is_empty());
    assert_eq!(again, filled);
    let (cleared, _) = apply_prefill(
        &s,
        &filled,
        PrefillSource::BusinessRegistry,
        &Loose::Map(vec![]),
        true,
    );
    assert!(cleared.get("org_name").is_none());
}

#[test]
fn required_heuristic_on_real_rows() {
    let all = procedures();
    let p = all.iter().find(|p| p.code == "1.000005").unwrap();
    let s = generic_schema(p);
    // "a) Tờ khai hàng hóa nhập khẩu …" (02 bản chính) is required.
    assert!(s.field("doc_2").unwrap().required);
    let hint = s.field("doc_2").unwrap().hint.clone().unwrap();
    assert!(hint.vi.contains("2 bản chính"), "{}", hint.vi);
    // "e) Trường hợp một lô hàng …" is conditional, so optional.
    let conditional = s
        .top_fields()
        .map(|(_, f)| f)
        .find(|f| f.label.vi.starts_with("e) Trường hợp"))
        .unwrap();
    assert!(!conditional.required);
    // Group headings become display-only headings.
    assert!(matches!(
        s.field("heading_1").unwrap().kind,
        FieldKind::Heading
    ));
}
