//! Answers as the check-your-answers page shows them, on the real schemas in data/forms/.

use domain::form::*;
use std::path::PathBuf;

const CODES: [&str; 6] = [
    "1.000894", "1.001193", "1.001612", "1.004222", "2.002041", "3.000333",
];

fn schema(code: &str) -> FormSchema {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/forms"))
        .join(format!("{code}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A top-level field, or `group[].child`.
fn field<'a>(s: &'a FormSchema, path: &str) -> &'a Field {
    match path.split_once("[].") {
        None => s.field(path).unwrap_or_else(|| panic!("no field {path}")),
        Some((group, child)) => match &s.field(group).unwrap().kind {
            FieldKind::Group { fields, .. } => fields.iter().find(|f| f.id == child).unwrap(),
            _ => panic!("{group} is no group"),
        },
    }
}

/// What the app would do with the province and ward names it has loaded.
fn address(a: &AddressAnswer) -> String {
    let mut parts = vec![a.street.clone()];
    if let Some(w) = a.ward {
        parts.push(format!("xã/phường {w}"));
    }
    if let Some(p) = a.province {
        parts.push(format!("tỉnh {p}"));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(", ")
}

fn show(f: &Field, a: &Answer, lang: Lang) -> String {
    display_answer(f, a, lang, &address)
}

/// The same text in both languages.
fn both(f: &Field, a: &Answer) -> String {
    let vi = show(f, a, Lang::Vi);
    assert_eq!(show(f, a, Lang::En), vi, "{}: {a:?}", f.id);
    vi
}

fn text(s: &str) -> Answer {
    Answer::text(s)
}

fn file(name: &str, size: u64) -> FileMeta {
    FileMeta {
        id: name.into(),
        name: name.into(),
        mime: "application/pdf".into(),
        size,
    }
}

#[test]
fn money_reads_as_dong() {
    let s = schema("1.001612");
    let capital = field(&s, "capital");
    assert_eq!(both(capital, &text("50000000")), "50.000.000 ₫");
    assert_eq!(both(capital, &text("1.500.000")), "1.500.000 ₫");
    assert_eq!(both(capital, &text("1,500,000 đ")), "1.500.000 ₫");
    assert_eq!(both(capital, &text("0")), "0 ₫");
    // Not an amount: as typed, so nothing the person entered disappears.
    assert_eq!(both(capital, &text("năm mươi triệu")), "năm mươi triệu");
}

#[test]
fn whole_numbers_are_grouped_with_dots() {
    let s = schema("1.001612");
    let employees = field(&s, "employees");
    assert_eq!(both(employees, &text("3")), "3");
    assert_eq!(both(employees, &text("1200")), "1.200");
    assert_eq!(both(employees, &text("1.234.567")), "1.234.567");
    assert_eq!(both(employees, &text("-25000")), "-25.000");
    assert_eq!(both(employees, &text("12 người")), "12 người");
}

#[test]
fn dates_read_day_month_year() {
    let s = schema("1.001612");
    let dob = field(&s, "owner_date_of_birth");
    assert_eq!(both(dob, &text("1985-03-12")), "12/03/1985");
    // Older drafts kept what was typed.
    assert_eq!(both(dob, &text("2/3/1985")), "02/03/1985");
    assert_eq!(both(dob, &text("1985-02-30")), "1985-02-30");
    assert_eq!(both(dob, &text("năm 1985")), "năm 1985");
    let member_dob = field(&s, "household_members[].date_of_birth");
    assert_eq!(both(member_dob, &text("1983-07-20")), "20/07/1983");
}

#[test]
fn choices_read_their_labels_in_the_language() {
    let s = schema("1.001612");
    let vat = field(&s, "vat_method");
    assert_eq!(show(vat, &text("khoan"), Lang::Vi), "Phương pháp khoán");
    assert_eq!(
        show(vat, &text("khoan"), Lang::En),
        "Presumptive (lump-sum) method"
    );
    // A value no option has (an option removed since): the value itself.
    assert_eq!(both(vat, &text("thue_khoan_cu")), "thue_khoan_cu");
    let sex = field(&s, "owner_sex");
    assert_eq!(
        (
            show(sex, &text("female"), Lang::Vi),
            show(sex, &text("female"), Lang::En)
        ),
        ("Nữ".into(), "Female".into())
    );

    // A shared list named with "options_ref" resolves too.
    let ethnicity = field(&s, "owner_ethnicity");
    assert!(
        matches!(&ethnicity.kind, FieldKind::SingleChoice { options, .. }
        if options.shared_list() == Some(SharedOptions::Ethnicities))
    );
    assert_eq!(show(ethnicity, &text("01"), Lang::Vi), "Kinh");
    assert_eq!(show(ethnicity, &text("01"), Lang::En), "Kinh (Viet)");
    assert_eq!(show(ethnicity, &text("54"), Lang::Vi), "Rơ-măm");
    let member = field(&s, "household_members[].ethnicity");
    assert_eq!(show(member, &text("08"), Lang::En), "Hmong");
    // The same after the schema went through JSON, as the app receives it.
    let served: FormSchema = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(
        show(field(&served, "owner_ethnicity"), &text("05"), Lang::Vi),
        "Khơ-me"
    );

    let s = schema("2.002041");
    let changes = field(&s, "changes");
    let picked = Answer::List(vec!["head_office".into(), "tax".into()]);
    assert_eq!(
        show(changes, &picked, Lang::Vi),
        "Thay đổi địa chỉ trụ sở chính, Thay đổi nội dung đăng ký thuế"
    );
    assert_eq!(
        show(changes, &picked, Lang::En),
        "A new head office address, Changes to the tax registration details"
    );
    // One value stored as text by an older client; blank entries are skipped.
    assert_eq!(
        show(changes, &text("name"), Lang::Vi),
        "Đổi tên doanh nghiệp"
    );
    let gappy = Answer::List(vec!["name".into(), " ".into(), "x".into()]);
    assert_eq!(show(changes, &gappy, Lang::En), "A new enterprise name, x");
}

#[test]
fn yes_no_and_declarations() {
    let s = schema("1.001612");
    let premises = field(&s, "no_fixed_premises");
    assert_eq!(show(premises, &Answer::Bool(true), Lang::Vi), "Có");
    assert_eq!(show(premises, &Answer::Bool(false), Lang::Vi), "Không");
    assert_eq!(show(premises, &Answer::Bool(true), Lang::En), "Yes");
    assert_eq!(show(premises, &Answer::Bool(false), Lang::En), "No");
    assert_eq!(show(premises, &text("không"), Lang::En), "No");
    let main_line = field(&s, "business_lines[].is_main");
    assert_eq!(show(main_line, &Answer::Bool(true), Lang::Vi), "Có");

    let declaration = field(&s, "declaration");
    assert_eq!(
        show(declaration, &Answer::Bool(true), Lang::Vi),
        "Đã xác nhận"
    );
    assert_eq!(
        show(declaration, &Answer::Bool(true), Lang::En),
        "Confirmed"
    );
    assert_eq!(show(declaration, &text("true"), Lang::Vi), "Đã xác nhận");
    // Not ticked is not answered.
    assert_eq!(both(declaration, &Answer::Bool(false)), "");
    assert_eq!(both(declaration, &text("maybe")), "");
}

#[test]
fn addresses_go_through_the_apps_names() {
    let s = schema("1.001612");
    let head_office = field(&s, "head_office_address");
    let a = Answer::Address(AddressAnswer {
        province: Some(1),
        ward: Some(256),
        street: "24 Lê Văn Hưu".into(),
    });
    assert_eq!(
        both(head_office, &a),
        "24 Lê Văn Hưu, xã/phường 256, tỉnh 1"
    );
    let names = |a: &AddressAnswer| {
        if a.ward == Some(256) {
            "Phường Hai Bà Trưng".to_owned()
        } else {
            "?".into()
        }
    };
    assert_eq!(
        display_answer(head_office, &a, Lang::En, &names),
        "Phường Hai Bà Trưng"
    );
    // Only part chosen: the app decides how to show it.
    let partial = Answer::Address(AddressAnswer {
        province: Some(79),
        ..Default::default()
    });
    assert_eq!(both(head_office, &partial), "tỉnh 79");
    assert_eq!(
        both(head_office, &Answer::Address(AddressAnswer::default())),
        ""
    );
}

#[test]
fn identifiers_and_text_are_shown_as_stored() {
    let s = schema("1.001612");
    for (path, value) in [
        ("owner_full_name", "Trần Thị Bích Ngọc"),
        ("owner_phone", "0983456712"),
        ("owner_email", "phohathanh@gmail.com"),
        ("owner_cccd", "001179004821"),
        ("owner_tax_code", "0190000044"),
        ("owner_tax_code", "001179004821"),
        ("business_lines[].code", "5610"),
        (
            "business_lines[].detail",
            "Bún chả, nem rán\nPhục vụ tại chỗ và mang đi",
        ),
        ("business_phone", "02439425678"),
    ] {
        assert_eq!(both(field(&s, path), &text(value)), value, "{path}");
    }
    let s = schema("2.002041");
    assert_eq!(
        both(field(&s, "enterprise_status"), &text("dang_hoat_dong")),
        "dang_hoat_dong"
    );
    assert_eq!(
        both(field(&s, "enterprise_mst"), &text("0100109106")),
        "0100109106"
    );
}

#[test]
fn files_show_names_and_sizes() {
    let s = schema("1.001612");
    let slot = field(&s, "members_authorisation");
    let files = Answer::Files(vec![
        file("uy-quyen-chu-ho.pdf", 245_760),
        file("trang-2.jpg", 1_572_864),
        file("x.png", 500),
    ]);
    assert_eq!(
        both(slot, &files),
        "uy-quyen-chu-ho.pdf (240 KB), trang-2.jpg (1.5 MB), x.png (500 B)"
    );
    assert_eq!(both(slot, &Answer::Files(vec![])), "");
}

#[test]
fn groups_show_how_many_items() {
    let s = schema("1.001612");
    let lines = field(&s, "business_lines");
    let item = |code: &str| Answers::new().with("code", text(code));
    let two = Answer::Group(vec![item("5610"), item("5630")]);
    assert_eq!(show(lines, &two, Lang::Vi), "2 mục");
    assert_eq!(show(lines, &two, Lang::En), "2 items");
    let one = Answer::Group(vec![item("5610")]);
    assert_eq!(show(lines, &one, Lang::Vi), "1 mục");
    assert_eq!(show(lines, &one, Lang::En), "1 item");
    assert_eq!(both(lines, &Answer::Group(vec![])), "");
}

#[test]
fn headings_take_no_answer() {
    let s = schema("1.001612");
    assert_eq!(both(field(&s, "owner_db_note"), &text("anything")), "");
}

#[test]
fn answers_of_the_wrong_shape_show_by_their_own_shape() {
    let s = schema("1.001612");
    let files = Answer::Files(vec![file("a.pdf", 2048)]);
    let place = Answer::Address(AddressAnswer {
        province: Some(1),
        ward: None,
        street: "Số 1".into(),
    });
    assert_eq!(
        show(field(&s, "capital"), &Answer::Bool(true), Lang::Vi),
        "Có"
    );
    assert_eq!(
        both(
            field(&s, "employees"),
            &Answer::List(vec!["1".into(), "2".into()])
        ),
        "1, 2"
    );
    assert_eq!(
        both(field(&s, "owner_date_of_birth"), &place),
        "Số 1, tỉnh 1"
    );
    assert_eq!(both(field(&s, "vat_method"), &files), "a.pdf (2 KB)");
    assert_eq!(
        show(field(&s, "vat_method"), &Answer::Bool(false), Lang::En),
        "No"
    );
    assert_eq!(
        both(
            field(&s, "no_fixed_premises"),
            &Answer::List(vec!["a".into(), "b".into()])
        ),
        "a, b"
    );
    assert_eq!(
        both(
            field(&s, "head_office_address"),
            &text("24 Lê Văn Hưu, Hà Nội")
        ),
        "24 Lê Văn Hưu, Hà Nội"
    );
    assert_eq!(
        both(
            field(&s, "members_authorisation"),
            &text("giay-uy-quyen.pdf")
        ),
        "giay-uy-quyen.pdf"
    );
    assert_eq!(both(field(&s, "business_lines"), &text("5610")), "5610");
    assert_eq!(
        show(
            field(&s, "owner_full_name"),
            &Answer::Group(vec![Answers::new()]),
            Lang::En
        ),
        "1 item"
    );
    assert_eq!(both(field(&s, "declaration"), &place), "");
}

#[test]
fn every_field_of_every_form_shows_any_answer_without_panicking() {
    let shapes = [
        text(""),
        text("   "),
        text("x"),
        text("2025-10-01"),
        text("1.500.000"),
        Answer::Bool(true),
        Answer::Bool(false),
        Answer::List(vec![]),
        Answer::List(vec!["".into()]),
        Answer::List(vec!["01".into(), "male".into()]),
        Answer::Files(vec![]),
        Answer::Files(vec![file("a.pdf", 0), file("b.pdf", u64::MAX)]),
        Answer::Group(vec![]),
        Answer::Group(vec![Answers::new(), Answers::new().with("x", text("y"))]),
        Answer::Address(AddressAnswer::default()),
        Answer::Address(AddressAnswer {
            province: Some(u32::MAX),
            ward: Some(0),
            street: "   ".into(),
        }),
    ];
    let mut fields = 0;
    for code in CODES {
        let s = schema(code);
        let mut all: Vec<&Field> = Vec::new();
        for (_, f) in s.top_fields() {
            all.push(f);
            if let FieldKind::Group { fields, .. } = &f.kind {
                all.extend(fields);
            }
        }
        for f in all {
            fields += 1;
            for a in &shapes {
                for lang in [Lang::Vi, Lang::En] {
                    let shown = show(f, a, lang);
                    if a.is_blank() {
                        assert_eq!(shown, "", "{code}: {}: {a:?}", f.id);
                    }
                }
            }
        }
    }
    assert!(fields > 200, "{fields}");
}

#[test]
fn a_whole_filing_reads_back_in_both_languages() {
    let s = schema("1.001612");
    let a: Answers = serde_json::from_str(
        r#"{"owner_full_name": "Trần Thị Bích Ngọc", "owner_date_of_birth": "1979-11-02", "owner_sex": "female",
            "owner_ethnicity": "01", "capital": "200000000", "employees": "4", "vat_method": "ke_khai",
            "founder_type": "individual", "submitted_by": "owner", "declaration": true}"#,
    )
    .unwrap();
    let rows = |lang| -> Vec<(String, String)> {
        s.top_fields()
            .filter_map(|(_, f)| {
                a.get(&f.id)
                    .map(|v| (f.id.clone(), display_answer(f, v, lang, &address)))
            })
            .collect()
    };
    let vi = rows(Lang::Vi);
    let get =
        |rows: &[(String, String)], id: &str| rows.iter().find(|(k, _)| k == id).unwrap().1.clone();
    assert_eq!(get(&vi, "owner_date_of_birth"), "02/11/1979");
    assert_eq!(get(&vi, "owner_sex"), "Nữ");
    assert_eq!(get(&vi, "capital"), "200.000.000 ₫");
    assert_eq!(get(&vi, "vat_method"), "Phương pháp kê khai");
    assert_eq!(get(&vi, "founder_type"), "Cá nhân");
    assert_eq!(get(&vi, "submitted_by"), "Chủ hộ kinh doanh");
    assert_eq!(get(&vi, "declaration"), "Đã xác nhận");
    let en = rows(Lang::En);
    assert_eq!(get(&en, "owner_ethnicity"), "Kinh (Viet)");
    assert_eq!(get(&en, "founder_type"), "One individual");
    assert_eq!(get(&en, "declaration"), "Confirmed");
    assert_eq!(get(&en, "capital"), "200.000.000 ₫");
}
