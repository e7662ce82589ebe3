//! Any answers against the real form schemas: the validator, normalisation, visibility,
//! migration, prefill, defaults and the check-your-answers text must never panic, and
//! what the server would store must pass validation again.
//!
//! Answers are built from the input field by field, so that the fuzzer spends its time
//! on values rather than on guessing field ids. Input: schema index, admin-unit mode,
//! "today" (2 bytes, days since 1970), then for each field of the schema in order a mode
//! byte — `% 4`: 0 a likely value from a pool of real-looking ones (the next byte picks
//! it), 1 a value of the field's own shape made from the input, 2 any shape at all,
//! 3 no answer — and the bytes that value needs. Zeros after the header give every
//! field its first likely value: a near-valid filing.
#![no_main]

use domain::form::{
    apply_defaults, apply_prefill, check_field, display_answer, is_locked, is_visible, migrate,
    new_item, normalise, preconditions_met, prefill_fields, validate_step, visible_fields,
    visible_item_fields, visible_steps, AddressAnswer, Answer, Answers, Field, FieldKind, FileMeta,
    FormSchema, Lang, Loose, PrefillSource, Provenance, ValidationContext,
};
use libfuzzer_sys::fuzz_target;
use portal_fuzz::{file_answers, schemas, today, FuzzAdminUnits, Reader};

/// Group nesting the generator follows; the schemas nest one level.
const MAX_DEPTH: usize = 3;

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let all = schemas();
    let schema = &all[usize::from(r.byte()) % all.len()].1;
    let admin = FuzzAdminUnits(r.byte());
    let ctx = ValidationContext::new(today(r.u16()), &admin);
    let fields: Vec<&Field> = schema.top_fields().map(|(_, f)| f).collect();
    let mut answers = make_answers(&mut r, &fields, 0);
    for f in &fields {
        if f.prefill.is_some() && r.byte() % 2 == 1 {
            let source = source(r.byte());
            let retrieved_at = r.text();
            let edited = r.byte() % 2 == 1;
            answers.set_provenance(
                &f.id,
                Provenance {
                    source,
                    retrieved_at,
                    edited,
                },
            );
        }
    }

    file_answers(schema, &answers, &ctx);
    let normalised = normalise(schema, &answers, &ctx);
    assert_eq!(
        normalise(schema, &normalised, &ctx),
        normalised,
        "normalising twice changes the answers"
    );
    let _ = preconditions_met(schema, &answers);
    let _ = visible_steps(schema, &answers);
    for step in 0..schema.steps.len() {
        let _ = validate_step(schema, step, &answers, &ctx);
        let _ = visible_fields(schema, step, &answers);
    }
    // Each check walks the whole form: a sample of the paths keeps a run fast (a big
    // group has hundreds), and the input decides which.
    let paths = paths(&fields, &answers);
    let step = 1 + paths.len() / 8;
    let offset = usize::from(r.byte()) % step;
    for path in paths.iter().skip(offset).step_by(step) {
        let _ = check_field(schema, path, &answers, &ctx);
        let _ = is_visible(schema, path, &answers);
        let _ = visible_item_fields(schema, path, 0, &answers);
    }
    // A path as the app's URL or an old draft might carry it.
    let stray = r.text();
    let _ = check_field(schema, &stray, &answers, &ctx);
    let _ = is_visible(schema, &stray, &answers);
    let _ = visible_item_fields(schema, &stray, usize::from(r.byte()), &answers);

    for f in &fields {
        let _ = is_locked(schema, &answers, &f.id);
        let _ = new_item(f);
        if let Some(a) = answers.get(&f.id) {
            for lang in [Lang::Vi, Lang::En] {
                let _ = display_answer(f, a, lang, &|a: &AddressAnswer| a.street.clone());
            }
        }
    }
    let _ = apply_defaults(schema, &answers);

    // A draft carried over to this schema and to another one.
    let _ = migrate(&answers, schema, &ctx);
    let other = &all[usize::from(r.byte()) % all.len()].1;
    let _ = migrate(&answers, other, &ctx);

    // A registry or citizen record filling the prefilled fields.
    let source = source(r.byte());
    let record = record(&mut r, schema, source);
    let overwrite = r.byte() % 2 == 1;
    let (filled, _) = apply_prefill(schema, &answers, source, &record, overwrite);
    file_answers(schema, &filled, &ctx);
});

fn source(b: u8) -> PrefillSource {
    if b % 2 == 0 {
        PrefillSource::BusinessRegistry
    } else {
        PrefillSource::Citizen
    }
}

fn make_answers(r: &mut Reader<'_>, fields: &[&Field], depth: usize) -> Answers {
    let mut out = Answers::new();
    for f in fields {
        if !f.kind.is_input() {
            continue;
        }
        let answer = match r.byte() % 4 {
            0 => likely(r, f, depth),
            1 => shaped(r, f, depth),
            2 => any_shape(r, depth),
            _ => continue,
        };
        out.insert(f.id.clone(), answer);
    }
    out
}

fn pick<'p>(r: &mut Reader<'_>, pool: &[&'p str]) -> &'p str {
    pool[usize::from(r.byte()) % pool.len()]
}

fn text(s: &str) -> Answer {
    Answer::text(s)
}

/// A value a person might really type into `f`.
fn likely(r: &mut Reader<'_>, f: &Field, depth: usize) -> Answer {
    match &f.kind {
        FieldKind::ShortText { .. } | FieldKind::LongText { .. } => text(pick(
            r,
            &[
                "Nguyễn Thị Hương",
                "HỘ KINH DOANH BÚN CHẢ <HƯƠNG LIÊN>",
                "Việt Nam",
                "01",
                "x",
            ],
        )),
        FieldKind::Integer { .. } => text(pick(r, &["3", "0", "1.500", "-2", "12"])),
        FieldKind::Money { .. } => text(pick(r, &["50.000.000", "1500000", "0", "1.000 đ"])),
        FieldKind::Date { .. } => text(pick(
            r,
            &[
                "12/03/1985",
                "1990-05-09",
                "01/10/2025",
                "29/02/2024",
                "31/12/2099",
            ],
        )),
        FieldKind::SingleChoice { options, .. } => match options.len() {
            0 => text(""),
            n => text(&options[usize::from(r.byte()) % n].value),
        },
        FieldKind::MultiChoice { options, .. } => {
            let mask = r.byte();
            Answer::List(
                options
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i == 0 || mask & (1 << (i % 8)) != 0)
                    .map(|(_, c)| c.value.clone())
                    .collect(),
            )
        }
        FieldKind::YesNo | FieldKind::Declaration => Answer::Bool(r.byte() % 2 == 0),
        FieldKind::Address { .. } => Answer::Address(AddressAnswer {
            province: Some(pick(r, &["1", "79", "48"]).parse().unwrap_or(1)),
            ward: Some(u32::from(r.byte()) + 4),
            street: "24 Lê Văn Hưu".into(),
        }),
        FieldKind::Cccd { .. } => text(pick(
            r,
            &[
                "001185012345",
                "001083067890",
                "079 301 000 456",
                "001090000123",
            ],
        )),
        FieldKind::Mst { .. } => text(pick(
            r,
            &[
                "0190000044",
                "0100109106",
                "0100109106-001",
                "001185012345",
                " 01.00.109.106 ",
            ],
        )),
        FieldKind::Phone { .. } => text(pick(
            r,
            &[
                "0912 345 678",
                "+84 987 654 321",
                "0987654321",
                "024 3825 1234",
                "0168 123 4567",
            ],
        )),
        FieldKind::Email => text(pick(r, &["huong.nguyen@example.vn", "A@B.VN"])),
        FieldKind::Vsic { .. } => text(pick(r, &["5610", "56101", "6201", "0111"])),
        FieldKind::Attachment {
            accept, max_size, ..
        } => {
            let count = 1 + usize::from(r.byte() % 3);
            Answer::Files(
                (0..count)
                    .map(|i| FileMeta {
                        id: format!("f{depth}-{i}"),
                        name: "giay-to.pdf".into(),
                        mime: accept
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "application/pdf".into()),
                        size: (*max_size).min(1 + u64::from(r.u16())),
                    })
                    .collect(),
            )
        }
        FieldKind::Hidden => text(pick(r, &["dang_hoat_dong", "tam_ngung", ""])),
        FieldKind::Heading => text(""),
        FieldKind::Group { fields, .. } => {
            let items = 1 + usize::from(r.byte() % 2);
            group(r, fields, depth, items)
        }
    }
}

/// A value of the field's own shape, made from the input.
fn shaped(r: &mut Reader<'_>, f: &Field, depth: usize) -> Answer {
    match &f.kind {
        FieldKind::YesNo | FieldKind::Declaration => Answer::Bool(r.byte() % 2 == 1),
        FieldKind::MultiChoice { .. } => {
            Answer::List((0..r.byte() % 4).map(|_| r.text()).collect())
        }
        FieldKind::Address { .. } => address(r),
        FieldKind::Attachment { .. } => files(r, depth),
        FieldKind::Group { fields, .. } => {
            let n = usize::from(r.byte() % 8);
            group(r, fields, depth, n)
        }
        FieldKind::Date { .. } if r.byte() % 2 == 0 => {
            let (d, m, y) = (r.byte(), r.byte(), r.u16());
            text(&format!("{d:02}/{m:02}/{y:04}"))
        }
        FieldKind::Integer { .. } | FieldKind::Money { .. } if r.byte() % 2 == 0 => {
            text(&(r.u64() as i64).to_string())
        }
        _ => Answer::Text(r.text()),
    }
}

fn address(r: &mut Reader<'_>) -> Answer {
    let province = (r.byte() % 2 == 0).then(|| r.u32());
    let ward = (r.byte() % 2 == 0).then(|| r.u32());
    Answer::Address(AddressAnswer {
        province,
        ward,
        street: r.text(),
    })
}

fn files(r: &mut Reader<'_>, depth: usize) -> Answer {
    let n = r.byte() % 4;
    Answer::Files(
        (0..n)
            .map(|i| FileMeta {
                id: match r.byte() % 3 {
                    // Ids repeat across fields and items in real drafts (a file reused).
                    0 => format!("f{depth}-{i}"),
                    _ => r.text(),
                },
                name: r.text(),
                mime: r.text(),
                size: r.u64(),
            })
            .collect(),
    )
}

fn group(r: &mut Reader<'_>, fields: &[Field], depth: usize, items: usize) -> Answer {
    if depth >= MAX_DEPTH {
        return Answer::Group(Vec::new());
    }
    let inner: Vec<&Field> = fields.iter().collect();
    Answer::Group(
        (0..items)
            .map(|_| make_answers(r, &inner, depth + 1))
            .collect(),
    )
}

/// Any answer, whatever the field: what an old or damaged draft may hold.
fn any_shape(r: &mut Reader<'_>, depth: usize) -> Answer {
    match r.byte() % 6 {
        0 => Answer::Text(r.text()),
        1 => Answer::Bool(r.byte() % 2 == 1),
        2 => Answer::List((0..r.byte() % 4).map(|_| r.text()).collect()),
        3 => files(r, depth),
        4 if depth < MAX_DEPTH => {
            let n = r.byte() % 3;
            Answer::Group(
                (0..n)
                    .map(|_| {
                        let mut item = Answers::new();
                        for _ in 0..r.byte() % 3 {
                            let id = r.text();
                            item.insert(id, any_shape(r, depth + 1));
                        }
                        item
                    })
                    .collect(),
            )
        }
        _ => address(r),
    }
}

/// Every path the app asks about: top-level ids and each group item's fields.
fn paths(fields: &[&Field], answers: &Answers) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        out.push(f.id.clone());
        if let (FieldKind::Group { fields: inner, .. }, Some(a)) = (&f.kind, answers.get(&f.id)) {
            let items = a.as_group().map_or(0, |g| g.len());
            for i in 0..items {
                out.push(format!("{}[{i}]", f.id));
                for c in inner {
                    out.push(format!("{}[{i}].{}", f.id, c.id));
                }
            }
        }
    }
    out
}

/// A lookup record with a value at every path the schema prefills from `source`.
fn record(r: &mut Reader<'_>, schema: &FormSchema, source: PrefillSource) -> Loose {
    let mut root = Loose::Map(vec![("retrieved_at".into(), Loose::Str(r.text()))]);
    for f in prefill_fields(schema, source) {
        let Some(p) = &f.prefill else { continue };
        let value = match r.byte() % 5 {
            0 => Loose::Str(r.text()),
            1 => Loose::Num(r.u32().to_string()),
            2 => Loose::Bool(r.byte() % 2 == 1),
            3 => Loose::List(
                (0..r.byte() % 3)
                    .map(|_| {
                        Loose::Map(
                            p.items
                                .iter()
                                .map(|(_, path)| (path.clone(), Loose::Str(r.text())))
                                .collect(),
                        )
                    })
                    .collect(),
            ),
            _ => Loose::Map(vec![
                ("province".into(), Loose::Num(r.byte().to_string())),
                ("ward".into(), Loose::Str(r.text())),
                ("street".into(), Loose::Str(r.text())),
            ]),
        };
        put(&mut root, &p.path, value);
    }
    root
}

/// Sets the dotted `path` in a map, making the maps on the way.
fn put(root: &mut Loose, path: &str, value: Loose) {
    let Loose::Map(entries) = root else { return };
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    if rest.is_empty() {
        entries.push((head.to_owned(), value));
        return;
    }
    let i = match entries
        .iter()
        .position(|(k, v)| k == head && matches!(v, Loose::Map(_)))
    {
        Some(i) => i,
        None => {
            entries.push((head.to_owned(), Loose::Map(Vec::new())));
            entries.len() - 1
        }
    };
    put(&mut entries[i].1, rest, value);
}
