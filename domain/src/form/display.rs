//! Answers as text, for the check-your-answers page ("Kiểm tra lại thông tin") and any
//! other read-only view of a filing.
//!
//! [`display_answer`] never fails. A blank answer, or an unticked declaration, becomes
//! `""`, and the app shows "Chưa trả lời" / "Not answered" for it. An answer of the wrong
//! shape (from an old draft) is shown by its own shape. A value that does not parse (a
//! date or an amount as someone typed it) is shown as stored.

use super::answers::{AddressAnswer, Answer, FileMeta};
use super::number::{parse_integer, parse_vnd};
use super::schema::{Choice, Field, FieldKind, Text};
use super::validate::format_size;
use crate::date::Date;
use crate::fee::{format_vnd, group_digits};

/// The language to show answers in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn text(self, t: &Text) -> &str {
        match self {
            Lang::Vi => t.vi(),
            Lang::En => t.en(),
        }
    }
}

/// One answer as text for the check-your-answers page, in `lang`. `address` turns an
/// address answer into text (the app knows province/ward names; the domain does not
/// embed them).
///
/// Amounts read `1.500.000 ₫`, whole numbers `1.500`, dates `05/09/1990`, choices their
/// option labels (several joined with `, `), yes/no `Có`/`Không`, files their names and
/// sizes, a ticked declaration `Đã xác nhận`, and a group `3 mục` (the app lists the
/// items' own answers). Text, phone, e-mail, ID number, tax code and VSIC answers are
/// shown as stored.
pub fn display_answer(
    field: &Field,
    answer: &Answer,
    lang: Lang,
    address: &dyn Fn(&AddressAnswer) -> String,
) -> String {
    if answer.is_blank() {
        return String::new();
    }
    let shown = |parse: fn(&str) -> Option<String>| match answer.as_text() {
        Some(t) => parse(t).unwrap_or_else(|| t.to_owned()),
        None => by_shape(answer, lang, address),
    };
    match &field.kind {
        FieldKind::Money { .. } => shown(|t| parse_vnd(t).ok().map(format_vnd)),
        FieldKind::Integer { .. } => shown(|t| parse_integer(t).ok().map(integer)),
        FieldKind::Date { .. } => shown(|t| Date::parse(t).ok().map(Date::to_dmy)),
        FieldKind::SingleChoice { options, .. } | FieldKind::MultiChoice { options, .. } => {
            match answer.as_list() {
                Some(values) => join(values.iter().map(|v| choice_label(options, v, lang))),
                None => by_shape(answer, lang, address),
            }
        }
        FieldKind::YesNo => match answer.as_bool() {
            Some(b) => yes_no(b, lang).to_owned(),
            None => by_shape(answer, lang, address),
        },
        FieldKind::Declaration => match answer.as_bool() {
            Some(true) => lang.pick("Đã xác nhận", "Confirmed").to_owned(),
            _ => String::new(),
        },
        FieldKind::Heading => String::new(),
        FieldKind::Address { .. } => match answer.as_address() {
            Some(a) => address(a),
            None => by_shape(answer, lang, address),
        },
        FieldKind::Attachment { .. } => match answer.as_files() {
            Some(files) => file_list(files),
            None => by_shape(answer, lang, address),
        },
        FieldKind::Group { .. } => match answer.as_group() {
            Some(items) => count(items.len(), lang),
            None => by_shape(answer, lang, address),
        },
        FieldKind::ShortText { .. }
        | FieldKind::LongText { .. }
        | FieldKind::Cccd { .. }
        | FieldKind::Mst { .. }
        | FieldKind::Phone { .. }
        | FieldKind::Email
        | FieldKind::Vsic { .. }
        | FieldKind::Hidden => by_shape(answer, lang, address),
    }
}

/// An answer shown by its own shape, whatever the field: text as stored, lists joined.
fn by_shape(answer: &Answer, lang: Lang, address: &dyn Fn(&AddressAnswer) -> String) -> String {
    match answer {
        Answer::Text(s) => s.clone(),
        Answer::Bool(b) => yes_no(*b, lang).to_owned(),
        Answer::List(values) => join(values.iter().map(String::as_str)),
        Answer::Files(files) => file_list(files),
        Answer::Group(items) => count(items.len(), lang),
        Answer::Address(a) => address(a),
    }
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Vi) => "Có",
        (false, Lang::Vi) => "Không",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
    }
}

/// The option's label, or the value itself when no option has it (e.g. an option
/// removed since the draft was made).
fn choice_label<'a>(options: &'a [Choice], value: &'a str, lang: Lang) -> &'a str {
    let value = value.trim();
    options
        .iter()
        .find(|o| o.value == value)
        .map_or(value, |o| lang.text(&o.label))
}

/// Non-blank parts joined with `, `.
fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts.filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(p);
    }
    out
}

/// `ho-so.pdf (240 KB), anh.jpg (1.2 MB)`.
fn file_list(files: &[FileMeta]) -> String {
    let mut out = String::new();
    for f in files {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&f.name);
        out.push_str(" (");
        out.push_str(&format_size(f.size));
        out.push(')');
    }
    out
}

/// `1.500`, `-25.000`: thousands grouped with dots, as amounts are.
fn integer(n: i64) -> String {
    let digits = group_digits(n.unsigned_abs(), '.');
    if n < 0 {
        let mut out = String::with_capacity(digits.len() + 1);
        out.push('-');
        out.push_str(&digits);
        out
    } else {
        digits
    }
}

/// `3 mục` / `3 items`, `1 item`.
fn count(n: usize, lang: Lang) -> String {
    let mut out = n.to_string();
    out.push_str(match lang {
        Lang::Vi => " mục",
        Lang::En if n == 1 => " item",
        Lang::En => " items",
    });
    out
}
