//! A form for every procedure that has no hand-made schema, derived from its catalogue
//! record: who applies, one upload slot per listed document, notes, the declaration.

use super::schema::{
    Choice, ChoiceDisplay, Condition, Field, FieldKind, FormSchema, PhoneAccept, Prefill,
    PrefillSource, Step, Text,
};
use crate::fold::fold;
use crate::procedure::{Document, Procedure};

/// Bumped when the generator changes what it produces, so drafts get migrated.
/// 2: the head office became an address prefilled from the registry's `head_office`.
const GENERATOR_REVISION: u32 = 2;

/// Attachments: scans and photos of paper documents, or electronic originals.
const ACCEPT: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];
const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
const MAX_FILES_PER_SLOT: u32 = 10;

/// Longer document names are cut for the label; the whole text goes into the hint.
const LABEL_CHARS: usize = 160;

/// Prefix of the ids of document upload slots: `doc_1`, `doc_2`, … numbered by the
/// document's position in the catalogue record, so ids survive edits elsewhere.
pub const DOC_SLOT_PREFIX: &str = "doc_";

pub fn generic_schema(p: &Procedure) -> FormSchema {
    let mut steps = vec![applicant_step()];
    if let Some(docs) = documents_step(&p.documents) {
        steps.push(docs);
    }
    steps.push(confirm_step());
    FormSchema {
        id: format!("generic:{}", p.code),
        version: version_of(p),
        title: Text::new(clean(&p.name), ""),
        steps,
        // Some procedures exist precisely for suspended or dissolved units (resuming
        // business, closing the tax code), so a generic form cannot refuse them.
        requires_active_enterprise: false,
    }
}

/// Changes whenever what the generator produces for `p` changes: generator revision and
/// the document list (FNV-1a; only compared for equality).
fn version_of(p: &Procedure) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
        // A separator so that ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(&GENERATOR_REVISION.to_le_bytes());
    eat(p.name.as_bytes());
    for d in &p.documents {
        eat(d.name.as_bytes());
        eat(d.copies.as_deref().unwrap_or("\u{0}").as_bytes());
        eat(&[d.required.map_or(2, u8::from)]);
    }
    h
}

fn field(id: &str, vi: &str, en: &str, kind: FieldKind) -> Field {
    Field {
        id: id.to_owned(),
        label: Text::new(vi, en),
        hint: None,
        required: false,
        visible_when: None,
        prefill: None,
        default: None,
        kind,
    }
}

fn required(mut f: Field) -> Field {
    f.required = true;
    f
}

fn when(mut f: Field, c: Condition) -> Field {
    f.visible_when = Some(c);
    f
}

/// Identity data from a national database is locked until "Sửa"; contact details are
/// the person's to change, so those stay open.
fn prefill(mut f: Field, source: PrefillSource, path: &str, key_field: Option<&str>) -> Field {
    let read_only = !matches!(f.kind, FieldKind::Phone { .. } | FieldKind::Email);
    f.prefill = Some(Prefill {
        source,
        path: path.to_owned(),
        key_field: key_field.map(str::to_owned),
        items: Vec::new(),
        read_only,
    });
    f
}

fn short_text() -> FieldKind {
    FieldKind::ShortText {
        min_len: None,
        max_len: None,
    }
}

fn applicant_step() -> Step {
    let person = || Condition::equals("applicant_type", "person");
    let org = || Condition::equals("applicant_type", "organisation");
    let citizen = PrefillSource::Citizen;
    let registry = PrefillSource::BusinessRegistry;
    let fields = vec![
        required(field(
            "applicant_type",
            "Người nộp hồ sơ là",
            "The applicant is",
            FieldKind::SingleChoice {
                options: vec![
                    Choice {
                        value: "person".into(),
                        label: Text::new("Cá nhân", "An individual"),
                    },
                    Choice {
                        value: "organisation".into(),
                        label: Text::new("Tổ chức, doanh nghiệp", "An organisation or business"),
                    },
                ]
                .into(),
                display: ChoiceDisplay::Radio,
            },
        )),
        when(
            prefill(
                required(field(
                    "full_name",
                    "Họ, chữ đệm và tên",
                    "Full name",
                    FieldKind::ShortText {
                        min_len: Some(2),
                        max_len: Some(100),
                    },
                )),
                citizen,
                "full_name",
                None,
            ),
            person(),
        ),
        when(
            prefill(
                required(field(
                    "cccd",
                    "Số định danh cá nhân (số CCCD)",
                    "Personal ID number (CCCD)",
                    FieldKind::Cccd {
                        date_of_birth_field: Some("date_of_birth".into()),
                        sex_field: None,
                        sex: None,
                    },
                )),
                citizen,
                "personal_id",
                None,
            ),
            person(),
        ),
        when(
            prefill(
                required(field(
                    "date_of_birth",
                    "Ngày sinh",
                    "Date of birth",
                    FieldKind::Date {
                        not_future: true,
                        not_past: false,
                        min: None,
                        max: None,
                        after_field: None,
                        before_field: None,
                        age_rules: Vec::new(),
                    },
                )),
                citizen,
                "date_of_birth",
                None,
            ),
            person(),
        ),
        when(
            required(field(
                "address",
                "Nơi cư trú",
                "Place of residence",
                FieldKind::Address {
                    street_required: true,
                },
            )),
            person(),
        ),
        when(
            required(field(
                "org_tax_code",
                "Mã số thuế (mã số doanh nghiệp)",
                "Tax code (enterprise code)",
                FieldKind::Mst {
                    allow_branch: true,
                    allow_personal_id: false,
                },
            )),
            org(),
        ),
        when(
            prefill(
                required(field(
                    "org_name",
                    "Tên tổ chức, doanh nghiệp",
                    "Name of the organisation",
                    short_text(),
                )),
                registry,
                "name",
                Some("org_tax_code"),
            ),
            org(),
        ),
        when(
            prefill(
                required(field(
                    "org_address",
                    "Địa chỉ trụ sở chính",
                    "Head office address",
                    FieldKind::Address {
                        street_required: true,
                    },
                )),
                registry,
                "head_office",
                Some("org_tax_code"),
            ),
            org(),
        ),
        when(
            prefill(
                required(field(
                    "legal_representative",
                    "Người đại diện theo pháp luật",
                    "Legal representative",
                    FieldKind::ShortText {
                        min_len: Some(2),
                        max_len: Some(100),
                    },
                )),
                registry,
                "legal_representative.full_name",
                Some("org_tax_code"),
            ),
            org(),
        ),
        prefill(
            required(field(
                "phone",
                "Số điện thoại di động",
                "Mobile phone number",
                FieldKind::Phone {
                    accept: PhoneAccept::Mobile,
                },
            )),
            citizen,
            "phone",
            None,
        ),
        prefill(
            field("email", "Thư điện tử (email)", "E-mail", FieldKind::Email),
            citizen,
            "email",
            None,
        ),
    ];
    Step {
        id: "applicant".into(),
        title: Text::new("Thông tin người nộp", "Applicant"),
        visible_when: None,
        fields,
        rules: Vec::new(),
    }
}

fn documents_step(docs: &[Document]) -> Option<Step> {
    let mut fields = Vec::new();
    let mut slots = 0;
    for (i, d) in docs.iter().enumerate() {
        let n = i + 1;
        let name = clean(&d.name);
        if d.is_heading() {
            if !name.is_empty() {
                let mut h = field(&format!("heading_{n}"), "", "", FieldKind::Heading);
                h.label = Text::new(cut(&name), "");
                if name.chars().count() > LABEL_CHARS {
                    h.hint = Some(Text::new(name, ""));
                }
                fields.push(h);
            }
            continue;
        }
        slots += 1;
        fields.push(document_slot(n, &name, d));
    }
    if slots == 0 {
        return None;
    }
    Some(Step {
        id: "documents".into(),
        title: Text::new("Giấy tờ kèm theo", "Documents"),
        visible_when: None,
        fields,
        rules: Vec::new(),
    })
}

fn document_slot(n: usize, name: &str, d: &Document) -> Field {
    let label = if name.is_empty() {
        format!("Giấy tờ số {n}")
    } else {
        cut(name)
    };
    let copies = d.copies.as_deref().and_then(Copies::parse);
    let mut hint_vi = Vec::new();
    let mut hint_en = Vec::new();
    if name.chars().count() > LABEL_CHARS {
        hint_vi.push(name.to_owned());
        hint_en.push(name.to_owned());
    }
    if let Some(c) = copies.filter(|c| c.originals + c.copies > 0) {
        hint_vi.push(format!(
            "Hồ sơ giấy: {} bản chính, {} bản sao; nộp trực tuyến: tải lên bản chụp hoặc bản điện tử",
            c.originals, c.copies
        ));
        hint_en.push(format!(
            "On paper: {} original(s), {} copy(ies); online: upload a scan or the electronic document",
            c.originals, c.copies
        ));
    }
    let mut f = field(
        &format!("{DOC_SLOT_PREFIX}{n}"),
        "",
        "",
        FieldKind::Attachment {
            accept: ACCEPT.iter().map(|s| (*s).to_owned()).collect(),
            max_size: MAX_FILE_BYTES,
            min_count: None,
            max_count: Some(MAX_FILES_PER_SLOT),
        },
    );
    f.label = Text::new(label, "");
    f.required = slot_required(name, d, copies);
    if !hint_vi.is_empty() {
        f.hint = Some(Text::new(hint_vi.join("\n"), hint_en.join("\n")));
    }
    f
}

/// Whether a slot must be filled. The catalogue never says (`required` is always unknown
/// in the data), so this reads the row: rows asking for no copy at all ("0 bản chính")
/// are mostly notes and conditions; rows that open with a condition ("Trường hợp…",
/// "Đối với…", "Nếu…") or carry one in brackets ("(nếu có)", "(đối với …)") apply only to
/// some applicants; rows ending in a colon introduce a list. Those are optional; the rest are required. Wrongly optional
/// is recoverable (the agency asks for the paper), wrongly required blocks a filing.
fn slot_required(name: &str, d: &Document, copies: Option<Copies>) -> bool {
    if let Some(r) = d.required {
        return r;
    }
    if copies.is_some_and(|c| c.originals + c.copies == 0) {
        return false;
    }
    // Folded ("Trường hợp" → "truong hop") so that upper-case rows match too.
    let lower = fold(name);
    let start = lower.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let conditional = [
        "truong hop",
        "doi voi",
        "neu ",
        "rieng ",
        "ngoai ra",
        "luu y",
        "ghi chu",
    ]
    .iter()
    .any(|w| start.starts_with(w));
    let conditional_letter = {
        // "a) Trường hợp …", "(i) Đối với …": a list marker before the condition.
        let after_marker = lower
            .split_once(')')
            .map(|(_, r)| r.trim_start())
            .unwrap_or("");
        ["truong hop", "doi voi", "neu "]
            .iter()
            .any(|w| after_marker.starts_with(w))
    };
    let conditional_aside = [
        "neu co",
        "(neu ",
        "(doi voi",
        "(truong hop",
        "(ap dung",
        "(chi ap dung",
    ]
    .iter()
    .any(|w| lower.contains(w));
    !(conditional || conditional_letter || conditional_aside || lower.trim_end().ends_with(':'))
}

/// Counts from the catalogue's `copies` text, which comes in two spellings:
/// "1 bản chính,1 bản sao" and "Bản chính: 1, Bản sao: 0".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Copies {
    originals: u32,
    copies: u32,
}

impl Copies {
    fn parse(s: &str) -> Option<Copies> {
        let lower = fold(s);
        let count_before = |word: &str| -> Option<u32> {
            let i = lower.find(word)?;
            let digits: String = lower[..i]
                .trim_end()
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.chars().rev().collect::<String>().parse().ok()
        };
        let count_after = |word: &str| -> Option<u32> {
            let i = lower.find(word)? + word.len();
            let digits: String = lower[i..]
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        };
        let (originals, copies) = if lower.contains("ban chinh:") {
            (count_after("ban chinh:"), count_after("ban sao:"))
        } else {
            (count_before("ban chinh"), count_before("ban sao"))
        };
        let c = Copies {
            originals: originals.unwrap_or(0),
            copies: copies.unwrap_or(0),
        };
        // The scraped data glues a trailing year onto the count ("20261 bản chính");
        // such counts are noise, not a demand for twenty thousand originals.
        (originals.is_some() || copies.is_some())
            .then_some(c)
            .filter(|c| c.originals <= 50 && c.copies <= 50)
    }
}

fn confirm_step() -> Step {
    let fields = vec![
        field(
            "notes",
            "Ghi chú, đề nghị khác (nếu có)",
            "Notes or other requests (optional)",
            FieldKind::LongText { min_len: None, max_len: Some(2000) },
        ),
        field(
            "declaration",
            "Tôi xin cam đoan những thông tin kê khai và giấy tờ nộp kèm là đúng sự thật và xin chịu trách nhiệm trước pháp luật.",
            "I declare that the information given and the documents attached are true, and I take legal responsibility for them.",
            FieldKind::Declaration,
        ),
    ];
    Step {
        id: "confirm".into(),
        title: Text::new("Xác nhận và nộp", "Confirm and submit"),
        visible_when: None,
        fields,
        rules: Vec::new(),
    }
}

/// Collapses whitespace runs (the scraped names contain double spaces and line breaks).
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts at a word boundary to at most [`LABEL_CHARS`] characters, marking the cut.
fn cut(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        return s.to_owned();
    }
    let head: String = s.chars().take(LABEL_CHARS - 1).collect();
    let at = head
        .rfind(' ')
        .filter(|&i| i > LABEL_CHARS / 2)
        .unwrap_or(head.len());
    format!("{}…", head[..at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_in_both_spellings() {
        assert_eq!(
            Copies::parse("1 bản chính,1 bản sao"),
            Some(Copies {
                originals: 1,
                copies: 1
            })
        );
        assert_eq!(
            Copies::parse("0 bản chính,3 bản sao"),
            Some(Copies {
                originals: 0,
                copies: 3
            })
        );
        assert_eq!(
            Copies::parse("Bản chính: 1, Bản sao: 0"),
            Some(Copies {
                originals: 1,
                copies: 0
            })
        );
        assert_eq!(
            Copies::parse("01 bản sao"),
            Some(Copies {
                originals: 0,
                copies: 1
            })
        );
        assert_eq!(
            Copies::parse("0 bản chính"),
            Some(Copies {
                originals: 0,
                copies: 0
            })
        );
        assert_eq!(Copies::parse("20261 bản chính,1 bản sao"), None);
        assert_eq!(Copies::parse("khác"), None);
    }

    #[test]
    fn long_names_are_cut_at_a_word() {
        let long = "từ ".repeat(100);
        let c = cut(long.trim());
        assert!(c.chars().count() <= LABEL_CHARS);
        assert!(c.ends_with("từ…"));
    }
}
