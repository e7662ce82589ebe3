//! Initial values: filling fields from a record the server fetched (the citizen's own
//! record after VNeID sign-in, or the business registry entry for a tax code), and the
//! schema's defaults.
//!
//! Every prefilled top-level answer gets a [`Provenance`] in the answers, so the app can
//! badge it ("Từ Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp, 22/11/2025"), lock
//! `read_only` ones until the person chooses "Sửa" ([`is_locked`]), and flag the ones
//! changed since ([`Answers::edit`]). Validation never reads provenance.

use super::answers::{AddressAnswer, Answer, Answers, Loose};
use super::schema::{Field, FieldKind, FormSchema, PrefillSource};
use serde::Serialize;

/// Where a prefilled answer came from. Stored in the answers under
/// [`super::answers::PROVENANCE_KEY`], keyed by top-level field id (a group filled from a
/// list has one entry for the whole list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub source: PrefillSource,
    /// When the record was read (RFC 3339, from the record's own `retrieved_at`), empty
    /// when the record did not say.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub retrieved_at: String,
    /// The person changed the value after it was filled in.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
}

impl Provenance {
    /// Lenient like the rest of a draft: an entry that cannot be read is dropped, which
    /// only loses a badge.
    pub(crate) fn from_loose(v: &Loose) -> Option<Provenance> {
        let source = match v.at("source") {
            Some(Loose::Str(s)) if s == "citizen" => PrefillSource::Citizen,
            Some(Loose::Str(s)) if s == "business_registry" => PrefillSource::BusinessRegistry,
            _ => return None,
        };
        let retrieved_at = match v.at("retrieved_at") {
            Some(Loose::Str(s)) => s.clone(),
            _ => String::new(),
        };
        Some(Provenance {
            source,
            retrieved_at,
            edited: matches!(v.at("edited"), Some(Loose::Bool(true))),
        })
    }
}

/// Top-level fields filled from `source`, in form order.
pub fn prefill_fields(schema: &FormSchema, source: PrefillSource) -> Vec<&Field> {
    schema
        .top_fields()
        .map(|(_, f)| f)
        .filter(|f| f.prefill.as_ref().is_some_and(|p| p.source == source))
        .collect()
}

/// Copies values from `record` into the fields prefilled from `source`, recording their
/// provenance. Blank fields only, unless `overwrite` (used when the key changed, e.g. a
/// different tax code was entered, so the old company's data must not linger). Returns
/// the new answers and the ids filled. Values that do not fit an answer, and paths the
/// record lacks, are skipped. `record` is the lookup's JSON as the server sends it; its
/// top-level `retrieved_at`, if any, dates the provenance.
pub fn apply_prefill(
    schema: &FormSchema,
    answers: &Answers,
    source: PrefillSource,
    record: &Loose,
    overwrite: bool,
) -> (Answers, Vec<String>) {
    let retrieved_at = match record.at("retrieved_at") {
        Some(Loose::Str(s)) => s.clone(),
        _ => String::new(),
    };
    let mut out = answers.clone();
    let mut filled = Vec::new();
    for f in prefill_fields(schema, source) {
        let Some(p) = &f.prefill else { continue };
        if !overwrite && answers.get(&f.id).is_some_and(|a| !a.is_blank()) {
            continue;
        }
        match record
            .at(&p.path)
            .and_then(|v| record_value(f, &p.items, v))
        {
            Some(v) => {
                out.insert(f.id.clone(), v);
                out.set_provenance(
                    &f.id,
                    Provenance {
                        source,
                        retrieved_at: retrieved_at.clone(),
                        edited: false,
                    },
                );
                filled.push(f.id.clone());
            }
            None if overwrite => {
                out.remove(&f.id);
            }
            None => {}
        }
    }
    (out, filled)
}

/// A record value as an answer for `f`, or none when nothing usable is there. Addresses
/// take only the keys an address answer has (the registry adds `province_name` and
/// `ward_name` for display); groups take one item per list element.
fn record_value(f: &Field, items: &[(String, String)], v: &Loose) -> Option<Answer> {
    let answer = match &f.kind {
        FieldKind::Address { .. } => {
            let code = |k: &str| match v.at(k) {
                Some(Loose::Num(n) | Loose::Str(n)) => n.trim().parse::<u32>().ok(),
                _ => None,
            };
            let street = match v.at("street") {
                Some(Loose::Str(s)) => s.trim().to_owned(),
                _ => String::new(),
            };
            Answer::Address(AddressAnswer {
                province: code("province"),
                ward: code("ward"),
                street,
            })
        }
        FieldKind::Group { fields, .. } => {
            let Loose::List(elements) = v else {
                return None;
            };
            // An element that fills no field is not a line the person should see.
            let filled = elements.iter().filter_map(|element| {
                let mut item = new_item(f);
                let mut any = false;
                for c in fields.iter().filter(|c| c.kind.is_input()) {
                    let path = items
                        .iter()
                        .find(|(id, _)| *id == c.id)
                        .map_or(c.id.as_str(), |(_, p)| p.as_str());
                    if let Some(a) = element.at(path).and_then(|v| record_value(c, &[], v)) {
                        item.insert(c.id.clone(), a);
                        any = true;
                    }
                }
                any.then_some(item)
            });
            Answer::Group(filled.collect())
        }
        _ => Answer::from_loose(v.clone()).ok().flatten()?,
    };
    (!answer.is_blank()).then_some(answer)
}

/// Whether the app shows the top-level field `id` locked: prefilled into a `read_only`
/// field and not changed since. "Sửa" unlocks it in the app; the first change then marks
/// the provenance edited, which keeps it open.
pub fn is_locked(schema: &FormSchema, answers: &Answers, id: &str) -> bool {
    schema
        .field(id)
        .and_then(|f| f.prefill.as_ref())
        .is_some_and(|p| p.read_only)
        && answers.provenance(id).is_some_and(|p| !p.edited)
}

/// Fills the top-level fields that have a `default` and no answer yet. Call it once, when
/// a draft is created, and before prefilling: a field the person has emptied since must
/// stay empty, and a default is an answer prefill will not overwrite.
pub fn apply_defaults(schema: &FormSchema, answers: &Answers) -> Answers {
    let mut out = answers.clone();
    for (_, f) in schema.top_fields() {
        if let Some(d) = f.default.as_ref().filter(|_| out.get(&f.id).is_none()) {
            out.insert(f.id.clone(), d.clone());
        }
    }
    out
}

/// A new item for the repeatable group `group`, holding its fields' defaults.
pub fn new_item(group: &Field) -> Answers {
    let mut item = Answers::new();
    if let FieldKind::Group { fields, .. } = &group.kind {
        for f in fields {
            if let Some(d) = &f.default {
                item.insert(f.id.clone(), d.clone());
            }
        }
    }
    item
}
