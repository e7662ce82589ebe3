//! The shape of an application form, as stored in versioned JSON data files.
//!
//! Written to be edited by hand: every field is `{"id", "type", "label", …}` with
//! snake_case names, defaults for everything optional, and bilingual text as
//! `{"vi": …, "en": …}` where `en` may be left out until a translation exists.

use super::answers::{Answer, Loose};
use super::options::SharedOptions;
use crate::date::Date;
use crate::ids::Sex;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeSet;
use std::ops::Deref;

/// Text in Vietnamese and English. An empty `en` falls back to the Vietnamese, so a
/// schema is usable before it is translated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn vi(&self) -> &str {
        &self.vi
    }

    pub fn en(&self) -> &str {
        if self.en.is_empty() {
            &self.vi
        } else {
            &self.en
        }
    }

    fn from_loose(v: &Loose) -> Result<Text, String> {
        let text = |k: &str| match v.at(k) {
            Some(Loose::Str(s)) => Some(s.clone()),
            _ => None,
        };
        match (v, text("vi")) {
            (Loose::Map(_), Some(vi)) => Ok(Text {
                vi,
                en: text("en").unwrap_or_default(),
            }),
            _ => Err("a message is {\"vi\": …, \"en\": …}".into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSchema {
    /// Stable identifier, e.g. `generic:1.004222` or `dang-ky-ho-kinh-doanh`.
    pub id: String,
    /// Changes whenever the schema changes; drafts made under another version are
    /// migrated (see [`crate::form::migrate`]). Compared for equality only.
    pub version: u32,
    pub title: Text,
    /// Wizard pages, in order.
    pub steps: Vec<Step>,
    /// Only an enterprise the registry lists as operating may file: see
    /// [`crate::form::preconditions_met`]. Needs a top-level field
    /// [`ENTERPRISE_STATUS_FIELD`] prefilled from the registry's `status`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub requires_active_enterprise: bool,
}

/// The field that carries the registry status for `requires_active_enterprise`: a
/// `hidden` field, so the status travels with the answers (and the submission) like any
/// other prefilled value.
pub const ENTERPRISE_STATUS_FIELD: &str = "enterprise_status";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
    pub fields: Vec<Field>,
    /// Checks across the step's fields, run with the step (and on submit) when it is shown.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "rules_from_loose"
    )]
    pub rules: Vec<Rule>,
}

/// The nested shapes added in version 2 (rules, age rules, prefill items) are read by
/// hand from a [`Loose`] value, like [`Condition`]: each derived struct visitor would add
/// several kilobytes to the app for a handful of keys.
fn rules_from_loose<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Rule>, D::Error> {
    list_from_loose(&Loose::deserialize(d)?, Rule::from_loose).map_err(serde::de::Error::custom)
}

fn list_from_loose<T>(v: &Loose, item: fn(&Loose) -> Result<T, String>) -> Result<Vec<T>, String> {
    match v {
        Loose::Null => Ok(Vec::new()),
        Loose::List(items) => items.iter().map(item).collect(),
        _ => Err("expected a list".into()),
    }
}

fn entry<'a>(entries: &'a [(String, Loose)], key: &str) -> Option<&'a Loose> {
    entries
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .filter(|v| !matches!(v, Loose::Null))
}

fn id_from_loose(v: &Loose) -> Result<String, String> {
    match v {
        Loose::Str(s) => Ok(s.clone()),
        _ => Err("a field id is text".into()),
    }
}

/// A check that reads several answers, with a message naming the fields unless `message`
/// gives one. Read from `{"at_least_one": [...]}` or `{"group": …, "exactly_one": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Rule {
    /// At least one of these top-level fields is answered. Hidden fields do not count,
    /// and when all are hidden the rule does not apply.
    AtLeastOne {
        at_least_one: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<Text>,
    },
    /// Exactly one item of the top-level `group` answers its yes/no field `exactly_one`
    /// with yes (e.g. the main business line). Not checked while the group is empty: the
    /// group's own `required`/`min_items` speak to that.
    ExactlyOne {
        group: String,
        exactly_one: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<Text>,
    },
}

impl Rule {
    fn from_loose(v: &Loose) -> Result<Rule, String> {
        let shape = || {
            "a rule is {\"at_least_one\": [ids]} or {\"group\": id, \"exactly_one\": id}".to_owned()
        };
        let Loose::Map(entries) = v else {
            return Err(shape());
        };
        let get = |k: &str| entry(entries, k);
        let message = get("message").map(Text::from_loose).transpose()?;
        match (get("at_least_one"), get("group"), get("exactly_one")) {
            (Some(ids), None, None) => Ok(Rule::AtLeastOne {
                at_least_one: list_from_loose(ids, id_from_loose)?,
                message,
            }),
            (None, Some(group), Some(field)) => Ok(Rule::ExactlyOne {
                group: id_from_loose(group)?,
                exactly_one: id_from_loose(field)?,
                message,
            }),
            _ => Err(shape()),
        }
    }
}

/// An age limit on a date of birth, counted in whole years up to the applicant's today,
/// applying when `when` holds (always without it). `max_years: 17` means "under 18".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgeRule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_years: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_years: Option<u32>,
    /// Replaces the default text, e.g. to cite the law; the computed age is appended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
}

impl AgeRule {
    fn from_loose(v: &Loose) -> Result<AgeRule, String> {
        let Loose::Map(entries) = v else {
            return Err("an age rule is an object".into());
        };
        let get = |k: &str| entry(entries, k);
        let years = |k: &str| match get(k) {
            None => Ok(None),
            Some(Loose::Num(n)) => n
                .parse()
                .map(Some)
                .map_err(|_| format!("{k} is a whole number of years")),
            Some(_) => Err(format!("{k} is a whole number of years")),
        };
        Ok(AgeRule {
            when: get("when").map(Condition::from_loose).transpose()?,
            min_years: years("min_years")?,
            max_years: years("max_years")?,
            message: get("message").map(Text::from_loose).transpose()?,
        })
    }
}

/// Which numbers a phone field takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneAccept {
    /// Mobiles only: the number receives the SMS about the filing.
    #[default]
    Mobile,
    /// Mobiles and fixed lines, for an office's contact number.
    Any,
}

impl PhoneAccept {
    fn is_mobile(&self) -> bool {
        *self == PhoneAccept::Mobile
    }
}

/// A choice field's options: listed in the file, or a [`SharedOptions`] list named with
/// `"options_ref"`. Either way the choices are here, so no reader resolves names; a named
/// list is written back by name, which keeps served schemas small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    list: Vec<Choice>,
    shared: Option<SharedOptions>,
}

impl Options {
    pub fn shared(list: SharedOptions) -> Options {
        Options {
            list: list.choices(),
            shared: Some(list),
        }
    }

    /// The shared list these options come from, if any.
    pub fn shared_list(&self) -> Option<SharedOptions> {
        self.shared
    }
}

impl From<Vec<Choice>> for Options {
    fn from(list: Vec<Choice>) -> Options {
        Options { list, shared: None }
    }
}

impl Deref for Options {
    type Target = [Choice];

    fn deref(&self) -> &[Choice] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Options {
    type Item = &'a Choice;
    type IntoIter = std::slice::Iter<'a, Choice>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// Flattened into the field: one entry, `options` or `options_ref`.
impl Serialize for Options {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        match self.shared {
            Some(name) => map.serialize_entry("options_ref", &name)?,
            None => map.serialize_entry("options", &self.list)?,
        }
        map.end()
    }
}

/// Read through a flat intermediate ([`RawField`]) rather than serde's `flatten` of a
/// tagged enum: the derived flatten code buffers every field and cost ~40 KB of WASM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawField")]
pub struct Field {
    /// Unique among the schema's top-level fields, or among a group's fields; lower-case
    /// ASCII letters, digits and `_` so that paths like `members[2].cccd` stay parseable.
    pub id: String,
    pub label: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
    /// The answer a new draft (or a new group item) starts with; see
    /// [`crate::form::apply_defaults`]. Not for prefilled fields, whose blank answer is
    /// what lets the prefill in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Answer>,
    #[serde(flatten)]
    pub kind: FieldKind,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceDisplay {
    #[default]
    Radio,
    Select,
}

impl ChoiceDisplay {
    fn is_radio(&self) -> bool {
        *self == ChoiceDisplay::Radio
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// What is stored in the answers; never shown.
    pub value: String,
    pub label: Text,
}

/// What kind of answer a field takes, and its constraints. Tagged by `"type"` in JSON,
/// its attributes sitting beside the field's own keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line; at most 255 characters unless `max_len` says otherwise.
    ShortText {
        #[serde(skip_serializing_if = "Option::is_none")]
        min_len: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    /// Several lines; at most 5,000 characters unless `max_len` says otherwise.
    LongText {
        #[serde(skip_serializing_if = "Option::is_none")]
        min_len: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    Integer {
        #[serde(skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// An amount in đồng; typed as "1.500.000", stored as digits, shown as "1.500.000 ₫".
    Money {
        #[serde(skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// Typed as dd/mm/yyyy, stored as yyyy-mm-dd. `after_field`/`before_field` name
    /// another date field (same group item first, then outward) that this one must be
    /// strictly after/before; `age_rules` make it a date of birth with age limits
    /// (`"min_age_years": 18` is short for `"age_rules": [{"min_years": 18}]`).
    Date {
        #[serde(skip_serializing_if = "is_false")]
        not_future: bool,
        #[serde(skip_serializing_if = "is_false")]
        not_past: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        min: Option<Date>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max: Option<Date>,
        #[serde(skip_serializing_if = "Option::is_none")]
        after_field: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        before_field: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        age_rules: Vec<AgeRule>,
    },
    SingleChoice {
        #[serde(flatten)]
        options: Options,
        #[serde(skip_serializing_if = "ChoiceDisplay::is_radio")]
        display: ChoiceDisplay,
    },
    MultiChoice {
        #[serde(flatten)]
        options: Options,
        #[serde(skip_serializing_if = "Option::is_none")]
        min_selected: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_selected: Option<u32>,
    },
    YesNo,
    /// Province and ward codes of the 2025 administrative map, plus street and number.
    Address {
        #[serde(skip_serializing_if = "is_true")]
        street_required: bool,
    },
    /// 12-digit personal ID; checked against the date of birth and sex fields named here
    /// when they are answered (sex values `male`/`female`, or `nam`/`nu`), or against
    /// `sex` when the field's meaning fixes it (the mother's, the bride's ID).
    Cccd {
        #[serde(skip_serializing_if = "Option::is_none")]
        date_of_birth_field: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sex_field: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sex: Option<Sex>,
    },
    /// Tax code. `allow_personal_id`: individuals' tax code is their 12-digit personal ID
    /// since 1 July 2025 (Thông tư 86/2024/TT-BTC).
    Mst {
        #[serde(skip_serializing_if = "is_true")]
        allow_branch: bool,
        #[serde(skip_serializing_if = "is_false")]
        allow_personal_id: bool,
    },
    Phone {
        #[serde(skip_serializing_if = "PhoneAccept::is_mobile")]
        accept: PhoneAccept,
    },
    Email,
    /// VSIC 2018 business line; `level` 4 or 5 restricts the length, none allows both.
    Vsic {
        #[serde(skip_serializing_if = "Option::is_none")]
        level: Option<u8>,
    },
    Attachment {
        /// MIME types such as `application/pdf` or `image/*`; empty accepts any.
        accept: Vec<String>,
        /// Per file, in bytes.
        max_size: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        min_count: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_count: Option<u32>,
    },
    /// A checkbox that must be ticked; the label is the declaration's text.
    Declaration,
    /// Display only: a section heading or note inside a step. Takes no answer.
    Heading,
    /// Never rendered: carries a prefilled value the rules read (the registry status for
    /// `requires_active_enterprise`) and that is submitted with the rest. Any value passes.
    Hidden,
    /// Repeatable group, e.g. members of a household; each item answers `fields`.
    Group {
        fields: Vec<Field>,
        #[serde(skip_serializing_if = "Option::is_none")]
        min_items: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_items: Option<u32>,
    },
}

impl FieldKind {
    /// Whether the field takes an answer at all.
    pub fn is_input(&self) -> bool {
        !matches!(self, FieldKind::Heading)
    }

    /// The `"type"` tag, for messages and logs.
    pub fn type_name(&self) -> &'static str {
        match self {
            FieldKind::ShortText { .. } => "short_text",
            FieldKind::LongText { .. } => "long_text",
            FieldKind::Integer { .. } => "integer",
            FieldKind::Money { .. } => "money",
            FieldKind::Date { .. } => "date",
            FieldKind::SingleChoice { .. } => "single_choice",
            FieldKind::MultiChoice { .. } => "multi_choice",
            FieldKind::YesNo => "yes_no",
            FieldKind::Address { .. } => "address",
            FieldKind::Cccd { .. } => "cccd",
            FieldKind::Mst { .. } => "mst",
            FieldKind::Phone { .. } => "phone",
            FieldKind::Email => "email",
            FieldKind::Vsic { .. } => "vsic",
            FieldKind::Attachment { .. } => "attachment",
            FieldKind::Declaration => "declaration",
            FieldKind::Heading => "heading",
            FieldKind::Hidden => "hidden",
            FieldKind::Group { .. } => "group",
        }
    }
}

/// A scalar to compare an answer with: a choice value or text, or a yes/no.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Text(String),
}

/// When a step or field is shown. `field` names a field of the same group item first,
/// then of the enclosing scopes up to the top level. A hidden field counts as unanswered,
/// so conditions chain: whatever depends on a hidden field is hidden too unless its test
/// is met without it.
///
/// JSON: `{"field": "applicant_type", "equals": "person"}`,
/// `{"field": "x", "one_of": ["a", "b"]}`, `{"all": [...]}`, `{"any": [...]}`,
/// `{"not": {...}}`. For multiple-choice answers `equals` means "includes".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Condition {
    Equals { field: String, equals: Scalar },
    OneOf { field: String, one_of: Vec<Scalar> },
    All { all: Vec<Condition> },
    Any { any: Vec<Condition> },
    Not { not: Box<Condition> },
}

/// Read by hand from a [`Loose`] value: serde's untagged derive would buffer through its
/// `Content` type and cost the app several kilobytes, and gives useless error messages.
impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        Condition::from_loose(&Loose::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl Condition {
    fn from_loose(v: &Loose) -> Result<Condition, String> {
        let Loose::Map(entries) = v else {
            return Err("a condition must be an object".into());
        };
        let get = |k: &str| {
            entries
                .iter()
                .rev()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v)
        };
        let list = |v: &Loose| match v {
            Loose::List(items) => items
                .iter()
                .map(Condition::from_loose)
                .collect::<Result<Vec<_>, _>>(),
            _ => Err("\"all\" and \"any\" take a list of conditions".to_owned()),
        };
        if let Some(v) = get("all") {
            return Ok(Condition::All { all: list(v)? });
        }
        if let Some(v) = get("any") {
            return Ok(Condition::Any { any: list(v)? });
        }
        if let Some(v) = get("not") {
            return Ok(Condition::Not {
                not: Box::new(Condition::from_loose(v)?),
            });
        }
        let Some(Loose::Str(field)) = get("field") else {
            return Err("a condition needs \"field\" (or \"all\", \"any\", \"not\")".into());
        };
        let scalar = |v: &Loose| match v {
            Loose::Bool(b) => Ok(Scalar::Bool(*b)),
            Loose::Str(s) | Loose::Num(s) => Ok(Scalar::Text(s.clone())),
            _ => Err(format!(
                "condition on {field:?}: compare with text or true/false"
            )),
        };
        if let Some(v) = get("equals") {
            return Ok(Condition::Equals {
                field: field.clone(),
                equals: scalar(v)?,
            });
        }
        match get("one_of") {
            Some(Loose::List(vs)) => Ok(Condition::OneOf {
                field: field.clone(),
                one_of: vs.iter().map(scalar).collect::<Result<_, _>>()?,
            }),
            _ => Err(format!(
                "condition on {field:?} needs \"equals\" or \"one_of\" (a list)"
            )),
        }
    }

    pub fn equals(field: impl Into<String>, value: impl Into<String>) -> Condition {
        Condition::Equals {
            field: field.into(),
            equals: Scalar::Text(value.into()),
        }
    }

    pub fn one_of<I, S>(field: impl Into<String>, values: I) -> Condition
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Condition::OneOf {
            field: field.into(),
            one_of: values.into_iter().map(|v| Scalar::Text(v.into())).collect(),
        }
    }

    /// Every field id the condition reads.
    pub fn fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_fields(&mut out);
        out
    }

    fn collect_fields<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::Equals { field, .. } | Condition::OneOf { field, .. } => out.push(field),
            Condition::All { all: cs } | Condition::Any { any: cs } => {
                cs.iter().for_each(|c| c.collect_fields(out))
            }
            Condition::Not { not } => not.collect_fields(out),
        }
    }
}

/// Where a field's initial value can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrefillSource {
    /// The signed-in citizen's record in the national population database (VNeID).
    Citizen,
    /// The national business registry record found by a tax code.
    BusinessRegistry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefill {
    pub source: PrefillSource,
    /// Dotted path in the source record, e.g. `legal_representative.full_name`.
    pub path: String,
    /// The field whose answer selects the record (the tax code for the business
    /// registry); the app fetches the record again when that answer changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_field: Option<String>,
    /// For a group filled from a list in the record (e.g. `vsic`): item field id → path
    /// inside each list element. Item fields not named here read the element's key of
    /// the same name; `""` is the element itself (a list of plain values).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "items_as_map",
        deserialize_with = "items_from_loose"
    )]
    pub items: Vec<(String, String)>,
    /// Read-only when prefilled: the app shows the value locked, with where it came from,
    /// until the person chooses "Sửa"; see [`crate::form::is_locked`].
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
}

/// Pairs in file order rather than a map: a handful of entries, and no map code to link.
fn items_as_map<S: Serializer>(items: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(items.iter().map(|(k, v)| (k, v)))
}

fn items_from_loose<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, String)>, D::Error> {
    match Loose::deserialize(d)? {
        Loose::Null => Ok(Vec::new()),
        Loose::Map(entries) => entries
            .into_iter()
            .map(|(k, v)| match v {
                Loose::Str(path) => Ok((k, path)),
                _ => Err(serde::de::Error::custom(
                    "prefill items map item field ids to paths (text)",
                )),
            })
            .collect(),
        _ => Err(serde::de::Error::custom(
            "prefill items map item field ids to paths",
        )),
    }
}

/// A mistake in a schema file, found by [`FormSchema::check`] before the schema is served.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error("the schema has no steps")]
    NoSteps,
    #[error("{0}: ids use lower-case ASCII letters, digits and _ only")]
    BadId(String),
    #[error("{0}: id used twice")]
    DuplicateId(String),
    #[error("{path}: condition reads unknown field {field:?}")]
    UnknownConditionField { path: String, field: String },
    #[error("{path}: visibility conditions form a cycle")]
    ConditionCycle { path: String },
    #[error("{path}: a choice field needs at least one option")]
    NoOptions { path: String },
    #[error("{path}: option value {value:?} used twice")]
    DuplicateOption { path: String, value: String },
    #[error("{path}: minimum is greater than maximum")]
    BadRange { path: String },
    #[error("{path}: linked field {field:?} does not exist or has the wrong type")]
    BadLink { path: String, field: String },
    #[error("{path}: VSIC level must be 4 or 5")]
    BadVsicLevel { path: String },
    #[error("{path}: an attachment needs a max_size above 0")]
    BadAttachment { path: String },
    #[error("{id}: unknown field type {kind:?}")]
    UnknownType { id: String, kind: String },
    #[error("{id}: a {kind} field needs {attribute:?}")]
    MissingAttribute {
        id: String,
        kind: &'static str,
        attribute: &'static str,
    },
    #[error("{id}: {attribute:?} is not a valid bound for a {kind} field")]
    BadBound {
        id: String,
        kind: &'static str,
        attribute: &'static str,
    },
    #[error("{id}: {attribute:?} has a value this field cannot take")]
    BadAttribute { id: String, attribute: &'static str },
    #[error("{id}: no shared option list is called {name:?}")]
    UnknownOptionList { id: String, name: String },
    #[error("{path}: {keys} cannot be used together")]
    Conflict { path: String, keys: &'static str },
    #[error("requires_active_enterprise needs a top-level field \"enterprise_status\" prefilled from the business registry's \"status\"")]
    MissingStatusField,
}

/// Every key any field type may carry; unknown keys are ignored so that an app version
/// keeps reading schemas written for a newer one.
#[derive(Deserialize)]
struct RawField {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    label: Text,
    #[serde(default)]
    hint: Option<Text>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    visible_when: Option<Condition>,
    #[serde(default)]
    prefill: Option<Prefill>,
    #[serde(default)]
    default: Option<Loose>,
    #[serde(default)]
    min_len: Option<u32>,
    #[serde(default)]
    max_len: Option<u32>,
    /// A number for integer and money fields, an ISO date for date fields.
    #[serde(default)]
    min: Option<Loose>,
    #[serde(default)]
    max: Option<Loose>,
    #[serde(default)]
    not_future: bool,
    #[serde(default)]
    not_past: bool,
    #[serde(default)]
    after_field: Option<String>,
    #[serde(default)]
    before_field: Option<String>,
    #[serde(default)]
    age_rules: Option<Loose>,
    #[serde(default)]
    min_age_years: Option<u32>,
    #[serde(default)]
    max_age_years: Option<u32>,
    #[serde(default)]
    options: Option<Vec<Choice>>,
    #[serde(default)]
    options_ref: Option<String>,
    #[serde(default)]
    display: ChoiceDisplay,
    #[serde(default)]
    min_selected: Option<u32>,
    #[serde(default)]
    max_selected: Option<u32>,
    #[serde(default)]
    street_required: Option<bool>,
    #[serde(default)]
    date_of_birth_field: Option<String>,
    #[serde(default)]
    sex_field: Option<String>,
    #[serde(default)]
    sex: Option<Loose>,
    #[serde(default)]
    allow_branch: Option<bool>,
    #[serde(default)]
    allow_personal_id: bool,
    #[serde(default)]
    level: Option<u8>,
    /// A list of MIME types for attachments, `"mobile"` or `"any"` for phones.
    #[serde(default)]
    accept: Option<Loose>,
    #[serde(default)]
    max_size: Option<u64>,
    #[serde(default)]
    min_count: Option<u32>,
    #[serde(default)]
    max_count: Option<u32>,
    #[serde(default)]
    fields: Option<Vec<Field>>,
    #[serde(default)]
    min_items: Option<u32>,
    #[serde(default)]
    max_items: Option<u32>,
}

impl TryFrom<RawField> for Field {
    type Error = SchemaError;

    fn try_from(r: RawField) -> Result<Field, SchemaError> {
        let id = r.id;
        let missing = |kind, attribute| SchemaError::MissingAttribute {
            id: id.clone(),
            kind,
            attribute,
        };
        let int = |v: Option<Loose>, kind, attribute| -> Result<Option<i64>, SchemaError> {
            match v {
                None | Some(Loose::Null) => Ok(None),
                Some(Loose::Num(n)) => n.parse().map(Some).map_err(|_| SchemaError::BadBound {
                    id: id.clone(),
                    kind,
                    attribute,
                }),
                Some(_) => Err(SchemaError::BadBound {
                    id: id.clone(),
                    kind,
                    attribute,
                }),
            }
        };
        let date = |v: Option<Loose>, attribute| -> Result<Option<Date>, SchemaError> {
            match v {
                None | Some(Loose::Null) => Ok(None),
                Some(Loose::Str(s)) => {
                    Date::parse_iso(&s)
                        .map(Some)
                        .map_err(|_| SchemaError::BadBound {
                            id: id.clone(),
                            kind: "date",
                            attribute,
                        })
                }
                Some(_) => Err(SchemaError::BadBound {
                    id: id.clone(),
                    kind: "date",
                    attribute,
                }),
            }
        };
        let bad = |attribute| SchemaError::BadAttribute {
            id: id.clone(),
            attribute,
        };
        let options = |kind, list: Option<Vec<Choice>>, name: Option<String>| match (list, name) {
            (Some(list), None) => Ok(Options::from(list)),
            (None, Some(name)) => match SharedOptions::parse(&name) {
                Some(shared) => Ok(Options::shared(shared)),
                None => Err(SchemaError::UnknownOptionList {
                    id: id.clone(),
                    name,
                }),
            },
            (Some(_), Some(_)) => Err(SchemaError::Conflict {
                path: id.clone(),
                keys: "options and options_ref",
            }),
            (None, None) => Err(missing(kind, "options")),
        };
        let kind = match r.kind.as_str() {
            "short_text" => FieldKind::ShortText {
                min_len: r.min_len,
                max_len: r.max_len,
            },
            "long_text" => FieldKind::LongText {
                min_len: r.min_len,
                max_len: r.max_len,
            },
            "integer" => FieldKind::Integer {
                min: int(r.min, "integer", "min")?,
                max: int(r.max, "integer", "max")?,
            },
            "money" => FieldKind::Money {
                min: int(r.min, "money", "min")?,
                max: int(r.max, "money", "max")?,
            },
            "date" => {
                let mut age_rules = match &r.age_rules {
                    None => Vec::new(),
                    Some(v) => {
                        list_from_loose(v, AgeRule::from_loose).map_err(|_| bad("age_rules"))?
                    }
                };
                if r.min_age_years.is_some() || r.max_age_years.is_some() {
                    let plain = AgeRule {
                        when: None,
                        min_years: r.min_age_years,
                        max_years: r.max_age_years,
                        message: None,
                    };
                    age_rules.insert(0, plain);
                }
                FieldKind::Date {
                    not_future: r.not_future,
                    not_past: r.not_past,
                    min: date(r.min, "min")?,
                    max: date(r.max, "max")?,
                    after_field: r.after_field,
                    before_field: r.before_field,
                    age_rules,
                }
            }
            "single_choice" => FieldKind::SingleChoice {
                options: options("single_choice", r.options, r.options_ref)?,
                display: r.display,
            },
            "multi_choice" => FieldKind::MultiChoice {
                options: options("multi_choice", r.options, r.options_ref)?,
                min_selected: r.min_selected,
                max_selected: r.max_selected,
            },
            "yes_no" => FieldKind::YesNo,
            "address" => FieldKind::Address {
                street_required: r.street_required.unwrap_or(true),
            },
            "cccd" => FieldKind::Cccd {
                date_of_birth_field: r.date_of_birth_field,
                sex_field: r.sex_field,
                sex: match &r.sex {
                    None | Some(Loose::Null) => None,
                    Some(Loose::Str(s)) if s == "male" => Some(Sex::Male),
                    Some(Loose::Str(s)) if s == "female" => Some(Sex::Female),
                    Some(_) => return Err(bad("sex")),
                },
            },
            "mst" => FieldKind::Mst {
                allow_branch: r.allow_branch.unwrap_or(true),
                allow_personal_id: r.allow_personal_id,
            },
            "phone" => FieldKind::Phone {
                accept: match &r.accept {
                    None => PhoneAccept::Mobile,
                    Some(Loose::Str(s)) if s == "mobile" => PhoneAccept::Mobile,
                    Some(Loose::Str(s)) if s == "any" => PhoneAccept::Any,
                    Some(_) => return Err(bad("accept")),
                },
            },
            "email" => FieldKind::Email,
            "vsic" => FieldKind::Vsic { level: r.level },
            "attachment" => FieldKind::Attachment {
                accept: match r.accept {
                    None => Vec::new(),
                    Some(Loose::List(items)) => items
                        .into_iter()
                        .map(|v| match v {
                            Loose::Str(s) => Ok(s),
                            _ => Err(bad("accept")),
                        })
                        .collect::<Result<_, _>>()?,
                    Some(_) => return Err(bad("accept")),
                },
                max_size: r
                    .max_size
                    .ok_or_else(|| missing("attachment", "max_size"))?,
                min_count: r.min_count,
                max_count: r.max_count,
            },
            "declaration" => FieldKind::Declaration,
            "heading" => FieldKind::Heading,
            "hidden" => FieldKind::Hidden,
            "group" => FieldKind::Group {
                fields: r.fields.ok_or_else(|| missing("group", "fields"))?,
                min_items: r.min_items,
                max_items: r.max_items,
            },
            _ => return Err(SchemaError::UnknownType { id, kind: r.kind }),
        };
        let default = match r.default.map(Answer::from_loose) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(a))) => Some(a),
            Some(Err(_)) => return Err(bad("default")),
        };
        Ok(Field {
            id,
            label: r.label,
            hint: r.hint,
            required: r.required,
            visible_when: r.visible_when,
            prefill: r.prefill,
            default,
            kind,
        })
    }
}

pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl FormSchema {
    /// All top-level fields with the index of their step, in order.
    pub fn top_fields(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.fields.iter().map(move |f| (i, f)))
    }

    /// The top-level field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.top_fields().map(|(_, f)| f).find(|f| f.id == id)
    }

    /// Every problem in the schema; empty when it can be served.
    pub fn check(&self) -> Result<(), Vec<SchemaError>> {
        let mut errors = Vec::new();
        if self.steps.is_empty() {
            errors.push(SchemaError::NoSteps);
        }
        let mut step_ids = BTreeSet::new();
        for step in &self.steps {
            if !valid_id(&step.id) {
                errors.push(SchemaError::BadId(format!("step {}", step.id)));
            }
            if !step_ids.insert(step.id.as_str()) {
                errors.push(SchemaError::DuplicateId(format!("step {}", step.id)));
            }
        }
        let top: Vec<&Field> = self.top_fields().map(|(_, f)| f).collect();
        let scopes: Vec<&[&Field]> = vec![&top];
        check_fields(&top, "", &scopes, &mut errors);
        for step in &self.steps {
            if let Some(c) = &step.visible_when {
                check_condition(c, &format!("step {}", step.id), &scopes, &mut errors);
            }
            for rule in &step.rules {
                check_rule(rule, &format!("step {}", step.id), &top, &mut errors);
            }
        }
        if self.requires_active_enterprise {
            let status_prefilled = self
                .field(ENTERPRISE_STATUS_FIELD)
                .and_then(|f| f.prefill.as_ref())
                .is_some_and(|p| {
                    p.source == PrefillSource::BusinessRegistry
                        && p.path == "status"
                        && p.key_field.is_some()
                });
            if !status_prefilled {
                errors.push(SchemaError::MissingStatusField);
            }
        }
        if errors.is_empty() && crate::form::visibility::has_cycle(self) {
            errors.push(SchemaError::ConditionCycle {
                path: self.id.clone(),
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn find_in_scopes<'a>(scopes: &[&[&'a Field]], id: &str) -> Option<&'a Field> {
    scopes
        .iter()
        .rev()
        .find_map(|s| s.iter().find(|f| f.id == id).copied())
}

fn check_condition(c: &Condition, path: &str, scopes: &[&[&Field]], errors: &mut Vec<SchemaError>) {
    for field in c.fields() {
        if find_in_scopes(scopes, field).is_none_or(|f| !f.kind.is_input()) {
            errors.push(SchemaError::UnknownConditionField {
                path: path.to_owned(),
                field: field.to_owned(),
            });
        }
    }
}

fn check_rule(rule: &Rule, path: &str, top: &[&Field], errors: &mut Vec<SchemaError>) {
    let find = |id: &str| {
        top.iter()
            .find(|f| f.id == id && f.kind.is_input())
            .copied()
    };
    let mut bad = |field: &str| {
        errors.push(SchemaError::BadLink {
            path: path.to_owned(),
            field: field.to_owned(),
        })
    };
    match rule {
        Rule::AtLeastOne { at_least_one, .. } => {
            for id in at_least_one.iter().filter(|id| find(id).is_none()) {
                bad(id);
            }
        }
        Rule::ExactlyOne {
            group, exactly_one, ..
        } => match find(group).map(|f| &f.kind) {
            Some(FieldKind::Group { fields, .. }) => {
                if !fields
                    .iter()
                    .any(|c| c.id == *exactly_one && matches!(c.kind, FieldKind::YesNo))
                {
                    bad(exactly_one);
                }
            }
            _ => bad(group),
        },
    }
}

/// Whether a default fits the field. Declarations, files, items and hidden values have
/// none: a pre-ticked declaration is no declaration.
fn default_fits(kind: &FieldKind, a: &Answer) -> bool {
    match kind {
        FieldKind::SingleChoice { options, .. } => a
            .as_text()
            .is_some_and(|v| options.iter().any(|o| o.value == v)),
        FieldKind::MultiChoice { options, .. } => {
            matches!(a, Answer::List(vs) if vs.iter().all(|v| options.iter().any(|o| o.value == *v)))
        }
        FieldKind::YesNo => a.as_bool().is_some(),
        FieldKind::Address { .. } => a.as_address().is_some(),
        FieldKind::Attachment { .. }
        | FieldKind::Declaration
        | FieldKind::Heading
        | FieldKind::Hidden
        | FieldKind::Group { .. } => false,
        _ => a.as_text().is_some(),
    }
}

fn check_fields(
    fields: &[&Field],
    prefix: &str,
    scopes: &[&[&Field]],
    errors: &mut Vec<SchemaError>,
) {
    let mut ids = BTreeSet::new();
    for f in fields {
        let path = format!("{prefix}{}", f.id);
        if !valid_id(&f.id) {
            errors.push(SchemaError::BadId(path.clone()));
        }
        if !ids.insert(f.id.as_str()) {
            errors.push(SchemaError::DuplicateId(path.clone()));
        }
        if let Some(c) = &f.visible_when {
            check_condition(c, &path, scopes, errors);
        }
        let bad_range =
            |lo: Option<i64>, hi: Option<i64>| matches!((lo, hi), (Some(a), Some(b)) if a > b);
        let link_ok = |id: &Option<String>, want: fn(&FieldKind) -> bool| {
            id.as_deref()
                .is_none_or(|id| find_in_scopes(scopes, id).is_some_and(|f| want(&f.kind)))
        };
        match &f.kind {
            FieldKind::ShortText { min_len, max_len }
            | FieldKind::LongText { min_len, max_len } => {
                if bad_range(min_len.map(i64::from), max_len.map(i64::from)) {
                    errors.push(SchemaError::BadRange { path });
                }
            }
            FieldKind::Integer { min, max } | FieldKind::Money { min, max } => {
                if bad_range(*min, *max) {
                    errors.push(SchemaError::BadRange { path });
                }
            }
            FieldKind::Date {
                min,
                max,
                after_field,
                before_field,
                age_rules,
                ..
            } => {
                if matches!((min, max), (Some(a), Some(b)) if a > b) {
                    errors.push(SchemaError::BadRange { path: path.clone() });
                }
                for link in [after_field, before_field] {
                    if !link_ok(link, |k| matches!(k, FieldKind::Date { .. })) {
                        errors.push(SchemaError::BadLink {
                            path: path.clone(),
                            field: link.clone().unwrap_or_default(),
                        });
                    }
                }
                for rule in age_rules {
                    let (lo, hi) = (rule.min_years.map(i64::from), rule.max_years.map(i64::from));
                    if bad_range(lo, hi) || (lo.is_none() && hi.is_none()) {
                        errors.push(SchemaError::BadRange { path: path.clone() });
                    }
                    if let Some(c) = &rule.when {
                        check_condition(c, &path, scopes, errors);
                    }
                }
            }
            FieldKind::SingleChoice { options, .. } | FieldKind::MultiChoice { options, .. } => {
                if options.is_empty() {
                    errors.push(SchemaError::NoOptions { path: path.clone() });
                }
                let mut seen = BTreeSet::new();
                for o in options {
                    if !seen.insert(o.value.as_str()) {
                        errors.push(SchemaError::DuplicateOption {
                            path: path.clone(),
                            value: o.value.clone(),
                        });
                    }
                }
                if let FieldKind::MultiChoice {
                    min_selected,
                    max_selected,
                    ..
                } = &f.kind
                {
                    if bad_range(min_selected.map(i64::from), max_selected.map(i64::from)) {
                        errors.push(SchemaError::BadRange { path });
                    }
                }
            }
            FieldKind::Cccd {
                date_of_birth_field,
                sex_field,
                sex,
            } => {
                if !link_ok(date_of_birth_field, |k| matches!(k, FieldKind::Date { .. })) {
                    let field = date_of_birth_field.clone().unwrap_or_default();
                    errors.push(SchemaError::BadLink {
                        path: path.clone(),
                        field,
                    });
                }
                if sex.is_some() && sex_field.is_some() {
                    errors.push(SchemaError::Conflict {
                        path: path.clone(),
                        keys: "sex and sex_field",
                    });
                }
                if !link_ok(sex_field, |k| matches!(k, FieldKind::SingleChoice { .. })) {
                    errors.push(SchemaError::BadLink {
                        path,
                        field: sex_field.clone().unwrap_or_default(),
                    });
                }
            }
            FieldKind::Vsic { level } => {
                if level.is_some_and(|l| l != 4 && l != 5) {
                    errors.push(SchemaError::BadVsicLevel { path });
                }
            }
            FieldKind::Attachment {
                max_size,
                min_count,
                max_count,
                ..
            } => {
                if *max_size == 0 {
                    errors.push(SchemaError::BadAttachment { path: path.clone() });
                }
                if bad_range(min_count.map(i64::from), max_count.map(i64::from)) {
                    errors.push(SchemaError::BadRange { path });
                }
            }
            FieldKind::Group {
                fields: children,
                min_items,
                max_items,
            } => {
                if bad_range(min_items.map(i64::from), max_items.map(i64::from)) {
                    errors.push(SchemaError::BadRange { path: path.clone() });
                }
                let inner: Vec<&Field> = children.iter().collect();
                let mut deeper = scopes.to_vec();
                deeper.push(&inner);
                check_fields(&inner, &format!("{path}[]."), &deeper, errors);
            }
            FieldKind::Hidden => {
                if f.required {
                    errors.push(SchemaError::Conflict {
                        path: path.clone(),
                        keys: "hidden and required",
                    });
                }
            }
            FieldKind::Phone { .. }
            | FieldKind::Email
            | FieldKind::YesNo
            | FieldKind::Address { .. }
            | FieldKind::Mst { .. }
            | FieldKind::Declaration
            | FieldKind::Heading => {}
        }
        let path = format!("{prefix}{}", f.id);
        if let Some(p) = &f.prefill {
            if !link_ok(&p.key_field, FieldKind::is_input) {
                errors.push(SchemaError::BadLink {
                    path: path.clone(),
                    field: p.key_field.clone().unwrap_or_default(),
                });
            }
            let children: &[Field] = match &f.kind {
                FieldKind::Group { fields, .. } => fields,
                _ => &[],
            };
            for (item_field, _) in p
                .items
                .iter()
                .filter(|(id, _)| !children.iter().any(|c| c.id == *id && c.kind.is_input()))
            {
                errors.push(SchemaError::BadLink {
                    path: path.clone(),
                    field: item_field.clone(),
                });
            }
            if f.default.is_some() {
                errors.push(SchemaError::Conflict {
                    path: path.clone(),
                    keys: "default and prefill",
                });
            }
        }
        if f.default
            .as_ref()
            .is_some_and(|a| !default_fits(&f.kind, a))
        {
            errors.push(SchemaError::BadAttribute {
                id: path,
                attribute: "default",
            });
        }
    }
}
