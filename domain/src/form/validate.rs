//! The one validator: the app calls it on blur and on "Tiếp tục", the server on submit.
//!
//! Everything goes through [`walk`], so a field is checked the same way whether it is
//! asked about alone ([`check_field`]), with its step ([`validate_step`]) or with the
//! whole form ([`validate_all`]). Each field yields at most one error — the first thing
//! to fix — plus, when valid, its normalised value for the app to store.

use super::answers::{Answer, Answers};
use super::number::{parse_integer, parse_vnd};
use super::path::{FieldPath, Segment};
use super::schema::{
    AgeRule, Field, FieldKind, FormSchema, PhoneAccept, Rule, Step, Text, ENTERPRISE_STATUS_FIELD,
};
use super::visibility::{with_field, Scope};
use crate::admin_unit::Province;
use crate::date::Date;
use crate::fee::format_vnd;
use crate::ids::{Cccd, CccdError, Email, Landline, Mst, Phone, PhoneError, Sex, Vsic, VsicError};
use crate::registry::EnterpriseStatus;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Result of looking up a province/ward pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminCheck {
    Valid,
    UnknownProvince,
    UnknownWard,
    /// The ward exists but belongs to another province.
    WardNotInProvince,
    /// This lookup cannot tell (e.g. the app has not loaded that province's wards yet);
    /// the check is skipped here and made again on the server.
    Unknown,
}

/// Administrative units as the validator needs them. The domain crate does not embed the
/// 3,321 wards (hundreds of kilobytes): the server passes its loaded `[Province]`, the app
/// whatever it has cached, or a closure.
pub trait AdminUnits {
    fn check(&self, province: u32, ward: u32) -> AdminCheck;
}

impl AdminUnits for [Province] {
    fn check(&self, province: u32, ward: u32) -> AdminCheck {
        let Some(p) = self.iter().find(|p| p.code == province) else {
            return AdminCheck::UnknownProvince;
        };
        if p.wards.iter().any(|w| w.code == ward) {
            AdminCheck::Valid
        } else if self.iter().any(|p| p.wards.iter().any(|w| w.code == ward)) {
            AdminCheck::WardNotInProvince
        } else {
            AdminCheck::UnknownWard
        }
    }
}

impl AdminUnits for Vec<Province> {
    fn check(&self, province: u32, ward: u32) -> AdminCheck {
        self.as_slice().check(province, ward)
    }
}

impl<F: Fn(u32, u32) -> AdminCheck> AdminUnits for F {
    fn check(&self, province: u32, ward: u32) -> AdminCheck {
        self(province, ward)
    }
}

/// Accepts every address code; for callers without the data (checks happen server-side).
pub struct Unchecked;

impl AdminUnits for Unchecked {
    fn check(&self, _: u32, _: u32) -> AdminCheck {
        AdminCheck::Unknown
    }
}

/// What validation may depend on besides the schema and answers.
pub struct ValidationContext<'a> {
    /// The applicant's today (Vietnam time), for "not in the future" rules.
    pub today: Date,
    pub admin_units: &'a dyn AdminUnits,
}

impl<'a> ValidationContext<'a> {
    pub fn new(today: Date, admin_units: &'a dyn AdminUnits) -> ValidationContext<'a> {
        ValidationContext { today, admin_units }
    }
}

/// Stable machine codes of field errors; clients switch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    Required,
    WrongType,
    TooShort,
    TooLong,
    NotInteger,
    TooSmall,
    TooLarge,
    InvalidMoney,
    InvalidDate,
    DateInFuture,
    DateInPast,
    DateTooEarly,
    DateTooLate,
    NotAnOption,
    TooFewSelected,
    TooManySelected,
    NotTicked,
    AddressIncomplete,
    UnknownProvince,
    UnknownWard,
    WardNotInProvince,
    CccdInvalid,
    CccdProvince,
    CccdBirthYear,
    CccdSex,
    MstInvalid,
    MstCheckDigit,
    MstBranchNotAllowed,
    PhoneInvalid,
    PhoneNotMobile,
    PhoneRenumbered,
    EmailInvalid,
    VsicInvalid,
    VsicUnknownDivision,
    VsicLevel,
    FileType,
    FileTooLarge,
    FileEmpty,
    TooFewFiles,
    TooManyFiles,
    TooFewItems,
    TooManyItems,
    /// Younger than an age rule allows (a date of birth).
    TooYoung,
    /// Older than an age rule allows.
    TooOld,
    /// Not after the date its `after_field` names.
    DateNotAfter,
    /// Not before the date its `before_field` names.
    DateNotBefore,
    /// A step rule: none of several fields answered.
    AtLeastOne,
    /// A step rule: not exactly one group item marked.
    ExactlyOne,
    /// The form requires an operating enterprise and the registry says otherwise.
    EnterpriseNotActive,
}

/// One problem with one field, ready to show next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{path}: {message_en}")]
pub struct FieldError {
    pub code: FieldErrorCode,
    /// `full_name`, or `members[2].cccd` inside a repeatable group (items from 0).
    pub path: String,
    pub message_vi: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(
        code: FieldErrorCode,
        path: &str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> FieldError {
        FieldError {
            code,
            path: path.to_owned(),
            message_vi: vi.into(),
            message_en: en.into(),
        }
    }
}

/// The outcome for one field: its error, or the value to store in place of what was
/// typed when that differs (`091 234 5678` → `0912345678`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldCheck {
    pub error: Option<FieldError>,
    pub normalised: Option<Answer>,
}

pub(crate) struct Finding {
    pub(crate) path: String,
    pub(crate) error: Option<FieldError>,
    pub(crate) normalised: Option<Answer>,
}

/// Checks the field at `path` as the wizard shows it: a hidden field never has an error.
pub fn check_field(
    schema: &FormSchema,
    path: &str,
    answers: &Answers,
    ctx: &ValidationContext<'_>,
) -> FieldCheck {
    let Ok(parsed) = FieldPath::parse(path) else {
        return FieldCheck::default();
    };
    let mut out = Vec::new();
    with_field(schema, answers, &parsed.0, |field, scope, visible| {
        if visible && field.kind.is_input() {
            check_one(field, scope, ctx, &mut out);
        }
    });
    let wanted = parsed.to_string();
    out.into_iter()
        .find(|f| f.path == wanted)
        .map(|f| FieldCheck {
            error: f.error,
            normalised: f.normalised,
        })
        .unwrap_or_default()
}

/// [`check_field`]'s error alone.
pub fn validate_field(
    schema: &FormSchema,
    path: &str,
    answers: &Answers,
    ctx: &ValidationContext<'_>,
) -> Option<FieldError> {
    check_field(schema, path, answers, ctx).error
}

/// Errors of every shown field of one step (including group items), in form order.
pub fn validate_step(
    schema: &FormSchema,
    step: usize,
    answers: &Answers,
    ctx: &ValidationContext<'_>,
) -> Vec<FieldError> {
    let Some(s) = schema.steps.get(step) else {
        return Vec::new();
    };
    let scope = Scope::top(schema, answers);
    let mut out = Vec::new();
    // The precondition blocks the step where the enterprise is identified.
    if let Err(e) = preconditions_met(schema, answers) {
        if s.fields.iter().any(|f| f.id == e.path) {
            out.push(e);
        }
    }
    let mut found = Vec::new();
    walk(&s.fields, &scope, ctx, &mut found);
    check_rules(s, &scope, &mut found);
    out.extend(found.into_iter().filter_map(|f| f.error));
    out
}

/// Errors of every shown field of the form, in form order, after any unmet precondition.
pub fn validate_all(
    schema: &FormSchema,
    answers: &Answers,
    ctx: &ValidationContext<'_>,
) -> Vec<FieldError> {
    let findings = findings(schema, answers, ctx)
        .into_iter()
        .filter_map(|f| f.error);
    preconditions_met(schema, answers)
        .err()
        .into_iter()
        .chain(findings)
        .collect()
}

pub(crate) fn findings(
    schema: &FormSchema,
    answers: &Answers,
    ctx: &ValidationContext<'_>,
) -> Vec<Finding> {
    let scope = Scope::top(schema, answers);
    let mut out = Vec::new();
    for step in &schema.steps {
        walk(&step.fields, &scope, ctx, &mut out);
        check_rules(step, &scope, &mut out);
    }
    out
}

/// Whether the form may be filed at all for these answers. With
/// `requires_active_enterprise`, the registry status prefilled into
/// [`ENTERPRISE_STATUS_FIELD`] must be `dang_hoat_dong`; the error sits on the tax-code
/// field so the app can show it there and keep "Tiếp tục" disabled. No status yet (no
/// lookup made) passes here: the server prefills from a fresh lookup, with `overwrite`,
/// before it validates a submission, so a client cannot pass by deleting or editing it.
pub fn preconditions_met(schema: &FormSchema, answers: &Answers) -> Result<(), FieldError> {
    if !schema.requires_active_enterprise {
        return Ok(());
    }
    let Some(field) = schema.field(ENTERPRISE_STATUS_FIELD) else {
        return Ok(());
    };
    let scope = Scope::top(schema, answers);
    let status = scope
        .value_of(ENTERPRISE_STATUS_FIELD)
        .and_then(Answer::as_text)
        .map(str::trim)
        .unwrap_or("");
    if status.is_empty() {
        return Ok(());
    }
    let (vi, en) = match EnterpriseStatus::ALL.into_iter().find(|s| s.as_str() == status) {
        Some(s) if s.is_active() => return Ok(()),
        Some(EnterpriseStatus::TamNgung) => (
            "Doanh nghiệp đang tạm ngừng kinh doanh nên không thể thực hiện thủ tục này".to_owned(),
            "The enterprise has suspended its business, so this procedure cannot be carried out for it".to_owned(),
        ),
        Some(EnterpriseStatus::DaGiaiThe) => (
            "Doanh nghiệp đã giải thể nên không thể thực hiện thủ tục này".to_owned(),
            "The enterprise has been dissolved, so this procedure cannot be carried out for it".to_owned(),
        ),
        _ => (
            format!(
                "Doanh nghiệp không ở trạng thái đang hoạt động (“{}”) nên không thể thực hiện thủ tục này",
                crate::ids::echo(status)
            ),
            format!(
                "The enterprise is not operating (“{}”), so this procedure cannot be carried out for it",
                crate::ids::echo(status)
            ),
        ),
    };
    let path = field
        .prefill
        .as_ref()
        .and_then(|p| p.key_field.as_deref())
        .unwrap_or(ENTERPRISE_STATUS_FIELD);
    Err(FieldError::new(
        FieldErrorCode::EnterpriseNotActive,
        path,
        vi,
        en,
    ))
}

/// The step's rules, when the step is shown.
fn check_rules(step: &Step, scope: &Scope<'_>, out: &mut Vec<Finding>) {
    if step
        .visible_when
        .as_ref()
        .is_some_and(|c| !scope.eval(c, 0))
    {
        return;
    }
    for rule in &step.rules {
        if let Some(e) = rule_error(rule, scope) {
            out.push(Finding {
                path: e.path.clone(),
                error: Some(e),
                normalised: None,
            });
        }
    }
}

fn rule_error(rule: &Rule, scope: &Scope<'_>) -> Option<FieldError> {
    let text = |custom: &Option<Text>, vi: String, en: String| match custom {
        Some(m) => (m.vi().to_owned(), m.en().to_owned()),
        None => (vi, en),
    };
    match rule {
        Rule::AtLeastOne {
            at_least_one,
            message,
        } => {
            let shown: Vec<&Field> = at_least_one
                .iter()
                .filter_map(|id| scope.find(id))
                .filter(|(f, s)| s.visible(f))
                .map(|(f, _)| f)
                .collect();
            let first = shown.first()?;
            if shown
                .iter()
                .any(|f| scope.answers.get(&f.id).is_some_and(|a| !a.is_blank()))
            {
                return None;
            }
            let names = |en: bool| {
                let name =
                    |f: &&Field| format!("“{}”", if en { f.label.en() } else { f.label.vi() });
                shown.iter().map(name).collect::<Vec<_>>().join(", ")
            };
            let (vi, en) = text(
                message,
                format!(
                    "Vui lòng kê khai ít nhất một trong các mục: {}",
                    names(false)
                ),
                format!("Please fill in at least one of: {}", names(true)),
            );
            Some(FieldError::new(
                FieldErrorCode::AtLeastOne,
                &scope.path_of(first),
                vi,
                en,
            ))
        }
        Rule::ExactlyOne {
            group,
            exactly_one,
            message,
        } => {
            let (g, gs) = scope.find(group)?;
            let FieldKind::Group { fields, .. } = &g.kind else {
                return None;
            };
            let marker = fields.iter().find(|c| c.id == *exactly_one)?;
            if !gs.visible(g) {
                return None;
            }
            let items = gs.answers.get(group)?.as_group()?;
            let n = items
                .iter()
                .enumerate()
                .filter(|(i, item)| {
                    gs.item(g, fields, *i, item)
                        .value_of(exactly_one)
                        .and_then(Answer::as_bool)
                        == Some(true)
                })
                .count();
            if items.is_empty() || n == 1 {
                return None;
            }
            let (vi, en) = text(
                message,
                format!(
                    "{}: cần đúng một mục là “{}” (hiện có {n})",
                    g.label.vi(),
                    marker.label.vi()
                ),
                format!(
                    "{}: exactly one item must be marked “{}” (now {n})",
                    g.label.en(),
                    marker.label.en()
                ),
            );
            Some(FieldError::new(
                FieldErrorCode::ExactlyOne,
                &gs.path_of(g),
                vi,
                en,
            ))
        }
    }
}

/// The answers with every shown, valid answer replaced by its normalised form. Invalid
/// and hidden answers are left as typed so nothing the person entered is lost.
pub fn normalise(schema: &FormSchema, answers: &Answers, ctx: &ValidationContext<'_>) -> Answers {
    let mut out = answers.clone();
    for f in findings(schema, answers, ctx) {
        if let (Some(value), Ok(path)) = (f.normalised, FieldPath::parse(&f.path)) {
            set_at(&mut out, &path.0, value);
        }
    }
    out
}

/// What the server stores on submit: the shown answers only, normalised — or every error.
pub fn submission(
    schema: &FormSchema,
    answers: &Answers,
    ctx: &ValidationContext<'_>,
) -> Result<Answers, Vec<FieldError>> {
    let errors = validate_all(schema, answers, ctx);
    if !errors.is_empty() {
        return Err(errors);
    }
    let normalised = normalise(schema, answers, ctx);
    let scope = Scope::top(schema, &normalised);
    let fields: Vec<&Field> = schema.top_fields().map(|(_, f)| f).collect();
    let mut kept = keep_visible(&fields, &scope);
    // The officer sees which values came from a national database, and which were changed.
    for (id, p) in answers.provenances() {
        if kept.get(id).is_some() {
            kept.set_provenance(id, p.clone());
        }
    }
    Ok(kept)
}

fn keep_visible(fields: &[&Field], scope: &Scope<'_>) -> Answers {
    let mut out = Answers::new();
    for f in fields {
        if !f.kind.is_input() || !scope.visible(f) {
            continue;
        }
        let Some(a) = scope.answers.get(&f.id) else {
            continue;
        };
        if let FieldKind::Group {
            fields: children, ..
        } = &f.kind
        {
            let Some(items) = a.as_group() else { continue };
            let inner: Vec<&Field> = children.iter().collect();
            let kept = items
                .iter()
                .enumerate()
                .map(|(i, item)| keep_visible(&inner, &scope.item(f, children, i, item)))
                .collect();
            out.insert(f.id.clone(), Answer::Group(kept));
        } else if !a.is_blank() {
            out.insert(f.id.clone(), a.clone());
        }
    }
    out
}

pub(crate) fn set_at(answers: &mut Answers, segs: &[Segment], value: Answer) {
    let Some((first, rest)) = segs.split_first() else {
        return;
    };
    if rest.is_empty() {
        answers.insert(first.id.clone(), value);
        return;
    }
    let Some(index) = first.index else { return };
    let Some(slot) = answers.get_mut(&first.id) else {
        return;
    };
    if !matches!(slot, Answer::Group(_)) {
        // Items read back as files: make them a real group before editing one.
        let Some(items) = slot.as_group().map(Cow::into_owned) else {
            return;
        };
        *slot = Answer::Group(items);
    }
    if let Answer::Group(items) = slot {
        if let Some(item) = items.get_mut(index) {
            set_at(item, rest, value);
        }
    }
}

pub(crate) fn walk(
    fields: &[Field],
    scope: &Scope<'_>,
    ctx: &ValidationContext<'_>,
    out: &mut Vec<Finding>,
) {
    for f in fields {
        if f.kind.is_input() && scope.visible(f) {
            check_one(f, scope, ctx, out);
        }
    }
}

fn push(out: &mut Vec<Finding>, path: &str, result: Result<Option<Answer>, FieldError>) {
    let (error, normalised) = match result {
        Ok(n) => (None, n),
        Err(e) => (Some(e), None),
    };
    out.push(Finding {
        path: path.to_owned(),
        error,
        normalised,
    });
}

/// Checks one shown field (and, for a group, its items) in `scope`.
fn check_one(f: &Field, scope: &Scope<'_>, ctx: &ValidationContext<'_>, out: &mut Vec<Finding>) {
    let path = scope.path_of(f);
    let value = scope.answers.get(&f.id).filter(|a| !a.is_blank());
    match &f.kind {
        FieldKind::Group {
            fields,
            min_items,
            max_items,
        } => {
            let items: Cow<'_, [Answers]> = match value.map(Answer::as_group) {
                None => Cow::Borrowed(&[]),
                Some(Some(items)) => items,
                Some(None) => return push(out, &path, Err(wrong_type(f, &path))),
            };
            push(
                out,
                &path,
                group_count(f, &path, items.len(), *min_items, *max_items).map(|()| None),
            );
            for (i, item) in items.iter().enumerate() {
                let inner = scope.item(f, fields, i, item);
                walk(fields, &inner, ctx, out);
            }
        }
        FieldKind::Declaration => {
            let ticked = value.and_then(Answer::as_bool) == Some(true);
            let result = if ticked {
                Ok(value
                    .filter(|a| !matches!(a, Answer::Bool(_)))
                    .map(|_| Answer::Bool(true)))
            } else {
                Err(FieldError::new(
                    FieldErrorCode::NotTicked,
                    &path,
                    format!("Vui lòng đánh dấu xác nhận: {}", f.label.vi()),
                    format!("Please tick to confirm: {}", f.label.en()),
                ))
            };
            push(out, &path, result);
        }
        _ => match value {
            None if f.required => push(out, &path, Err(required(f, &path))),
            None => push(out, &path, Ok(None)),
            Some(a) => {
                let result = check_answer(f, a, scope, ctx, &path).and_then(|n| {
                    check_relations(f, n.as_ref().unwrap_or(a), scope, ctx, &path).map(|()| n)
                });
                push(out, &path, result);
            }
        },
    }
}

fn required(f: &Field, path: &str) -> FieldError {
    let (vi, en) = match &f.kind {
        FieldKind::SingleChoice { .. }
        | FieldKind::MultiChoice { .. }
        | FieldKind::YesNo
        | FieldKind::Address { .. } => ("Vui lòng chọn", "Please choose"),
        FieldKind::Attachment { .. } => ("Vui lòng đính kèm", "Please attach"),
        _ => ("Vui lòng nhập", "Please enter"),
    };
    FieldError::new(
        FieldErrorCode::Required,
        path,
        format!("{vi} {}", f.label.vi()),
        format!("{en} {}", f.label.en()),
    )
}

fn wrong_type(f: &Field, path: &str) -> FieldError {
    FieldError::new(
        FieldErrorCode::WrongType,
        path,
        format!(
            "Giá trị của {} không đúng loại, vui lòng nhập lại",
            f.label.vi()
        ),
        format!(
            "The value of {} has the wrong type; please enter it again",
            f.label.en()
        ),
    )
}

fn group_count(
    f: &Field,
    path: &str,
    n: usize,
    min: Option<u32>,
    max: Option<u32>,
) -> Result<(), FieldError> {
    let min = min.unwrap_or(0).max(u32::from(f.required)) as usize;
    if n < min {
        return Err(FieldError::new(
            if n == 0 && f.required {
                FieldErrorCode::Required
            } else {
                FieldErrorCode::TooFewItems
            },
            path,
            format!(
                "Vui lòng thêm ít nhất {min} mục vào {} (hiện có {n})",
                f.label.vi()
            ),
            format!(
                "Please add at least {min} item(s) to {} (now {n})",
                f.label.en()
            ),
        ));
    }
    if let Some(max) = max.map(|m| m as usize).filter(|&m| n > m) {
        return Err(FieldError::new(
            FieldErrorCode::TooManyItems,
            path,
            format!("{} có tối đa {max} mục (hiện có {n})", f.label.vi()),
            format!("{} takes at most {max} item(s) (now {n})", f.label.en()),
        ));
    }
    Ok(())
}

/// Reads a sex answer (`male`/`female`, or the Vietnamese `nam`/`nu`).
pub fn sex_from_value(value: &str) -> Option<Sex> {
    match value.trim() {
        "male" | "nam" | "m" => Some(Sex::Male),
        "female" | "nu" | "nữ" | "f" => Some(Sex::Female),
        _ => None,
    }
}

/// Checks a non-blank answer against its field's kind; `Ok(Some(v))` when the value to
/// store differs from what was typed.
pub(crate) fn check_answer(
    f: &Field,
    a: &Answer,
    scope: &Scope<'_>,
    ctx: &ValidationContext<'_>,
    path: &str,
) -> Result<Option<Answer>, FieldError> {
    let (lv, le) = (f.label.vi(), f.label.en());
    let e = |code, vi: String, en: String| FieldError::new(code, path, vi, en);
    let text = || a.as_text().ok_or_else(|| wrong_type(f, path));
    let changed = |typed: &str, stored: String| (typed != stored).then_some(Answer::Text(stored));
    match &f.kind {
        FieldKind::ShortText { min_len, max_len } | FieldKind::LongText { min_len, max_len } => {
            let t = text()?;
            let short = matches!(f.kind, FieldKind::ShortText { .. });
            // A one-line field gets pasted text with line breaks; they become spaces.
            let stored: String = if short {
                t.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                t.trim().to_owned()
            };
            let n = stored.chars().count() as u32;
            let max = max_len.unwrap_or(if short { 255 } else { 5000 });
            if let Some(min) = min_len.filter(|&m| n < m) {
                return Err(e(
                    FieldErrorCode::TooShort,
                    format!("{lv} phải có ít nhất {min} ký tự (hiện có {n})"),
                    format!("{le} needs at least {min} characters (now {n})"),
                ));
            }
            if n > max {
                return Err(e(
                    FieldErrorCode::TooLong,
                    format!("{lv} dài tối đa {max} ký tự (hiện có {n})"),
                    format!("{le} takes at most {max} characters (now {n})"),
                ));
            }
            Ok(changed(t, stored))
        }
        FieldKind::Integer { min, max } => {
            let t = text()?;
            let v = parse_integer(t).map_err(|err| {
                e(
                    FieldErrorCode::NotInteger,
                    format!("{lv} phải là số nguyên: {}", err.message_vi()),
                    format!("{le} must be a whole number: {}", err.message_en()),
                )
            })?;
            bounds(v, *min, *max, |n| n.to_string(), lv, le, path)?;
            Ok(changed(t, v.to_string()))
        }
        FieldKind::Money { min, max } => {
            let t = text()?;
            let v = parse_vnd(t).map_err(|err| {
                e(
                    FieldErrorCode::InvalidMoney,
                    format!("{lv}: {}", err.message_vi()),
                    format!("{le}: {}", err.message_en()),
                )
            })?;
            bounds(v, *min, *max, format_vnd, lv, le, path)?;
            Ok(changed(t, v.to_string()))
        }
        FieldKind::Date {
            not_future,
            not_past,
            min,
            max,
            ..
        } => {
            let t = text()?;
            let d = Date::parse(t).map_err(|err| {
                e(
                    FieldErrorCode::InvalidDate,
                    format!("{lv}: {}", err.message_vi()),
                    format!("{le}: {}", err.message_en()),
                )
            })?;
            let today = ctx.today;
            if *not_future && d > today {
                return Err(e(
                    FieldErrorCode::DateInFuture,
                    format!("{lv} không được sau ngày hôm nay ({today}); bạn nhập {d}"),
                    format!("{le} cannot be after today ({today}); you entered {d}"),
                ));
            }
            if *not_past && d < today {
                return Err(e(
                    FieldErrorCode::DateInPast,
                    format!("{lv} không được trước ngày hôm nay ({today}); bạn nhập {d}"),
                    format!("{le} cannot be before today ({today}); you entered {d}"),
                ));
            }
            if let Some(min) = min.filter(|m| d < *m) {
                return Err(e(
                    FieldErrorCode::DateTooEarly,
                    format!("{lv} phải từ ngày {min} trở đi; bạn nhập {d}"),
                    format!("{le} must be on or after {min}; you entered {d}"),
                ));
            }
            if let Some(max) = max.filter(|m| d > *m) {
                return Err(e(
                    FieldErrorCode::DateTooLate,
                    format!("{lv} phải trước hoặc bằng ngày {max}; bạn nhập {d}"),
                    format!("{le} must be on or before {max}; you entered {d}"),
                ));
            }
            Ok(changed(t, d.to_iso()))
        }
        FieldKind::SingleChoice { options, .. } => {
            let t = text()?;
            let v = t.trim();
            if !options.iter().any(|o| o.value == v) {
                return Err(not_an_option(v, lv, le, path));
            }
            Ok(changed(t, v.to_owned()))
        }
        FieldKind::MultiChoice {
            options,
            min_selected,
            max_selected,
        } => {
            let list = a.as_list().ok_or_else(|| wrong_type(f, path))?;
            let mut chosen: Vec<String> = Vec::new();
            for v in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                if !options.iter().any(|o| o.value == v) {
                    return Err(not_an_option(v, lv, le, path));
                }
                if !chosen.iter().any(|c| c == v) {
                    chosen.push(v.to_owned());
                }
            }
            let n = chosen.len() as u32;
            if let Some(min) = min_selected.filter(|&m| n < m) {
                return Err(e(
                    FieldErrorCode::TooFewSelected,
                    format!("{lv}: chọn ít nhất {min} mục (đã chọn {n})"),
                    format!("{le}: choose at least {min} (chosen {n})"),
                ));
            }
            if let Some(max) = max_selected.filter(|&m| n > m) {
                return Err(e(
                    FieldErrorCode::TooManySelected,
                    format!("{lv}: chọn tối đa {max} mục (đã chọn {n})"),
                    format!("{le}: choose at most {max} (chosen {n})"),
                ));
            }
            Ok((a != &Answer::List(chosen.clone())).then_some(Answer::List(chosen)))
        }
        FieldKind::YesNo => {
            let b = a.as_bool().ok_or_else(|| wrong_type(f, path))?;
            Ok((!matches!(a, Answer::Bool(_))).then_some(Answer::Bool(b)))
        }
        FieldKind::Address { street_required } => {
            let addr = a.as_address().ok_or_else(|| wrong_type(f, path))?;
            let incomplete = |vi: &str, en: &str| {
                e(
                    FieldErrorCode::AddressIncomplete,
                    format!("{vi} ({lv})"),
                    format!("{en} ({le})"),
                )
            };
            let Some(province) = addr.province else {
                return Err(incomplete(
                    "Vui lòng chọn tỉnh/thành phố",
                    "Please choose the province or city",
                ));
            };
            let Some(ward) = addr.ward else {
                return Err(incomplete(
                    "Vui lòng chọn phường/xã/đặc khu",
                    "Please choose the ward or commune",
                ));
            };
            match ctx.admin_units.check(province, ward) {
                AdminCheck::Valid | AdminCheck::Unknown => {}
                AdminCheck::UnknownProvince => {
                    return Err(e(
                        FieldErrorCode::UnknownProvince,
                        format!("{lv}: mã tỉnh/thành phố {province} không tồn tại, vui lòng chọn lại"),
                        format!("{le}: province code {province} does not exist; please choose again"),
                    ))
                }
                AdminCheck::UnknownWard => {
                    return Err(e(
                        FieldErrorCode::UnknownWard,
                        format!("{lv}: mã phường/xã {ward} không tồn tại, vui lòng chọn lại"),
                        format!("{le}: ward code {ward} does not exist; please choose again"),
                    ))
                }
                AdminCheck::WardNotInProvince => {
                    return Err(e(
                        FieldErrorCode::WardNotInProvince,
                        format!(
                            "{lv}: phường/xã đã chọn (mã {ward}) không thuộc tỉnh/thành phố đã chọn (mã {province})"
                        ),
                        format!("{le}: the ward chosen (code {ward}) is not in the province chosen (code {province})"),
                    ))
                }
            }
            let street = addr.street.split_whitespace().collect::<Vec<_>>().join(" ");
            if *street_required && street.is_empty() {
                return Err(incomplete(
                    "Vui lòng nhập số nhà, đường phố hoặc thôn, xóm",
                    "Please enter the house number and street, or village",
                ));
            }
            let mut stored = addr.clone();
            stored.street = street;
            Ok((&stored != addr).then_some(Answer::Address(stored)))
        }
        FieldKind::Cccd {
            date_of_birth_field,
            sex_field,
            sex,
        } => {
            let t = text()?;
            let c = Cccd::parse(t).map_err(|err| cccd_error(&err, path))?;
            c.check_not_future(ctx.today)
                .map_err(|err| cccd_error(&err, path))?;
            let linked = |id: &Option<String>| {
                id.as_deref()
                    .and_then(|id| scope.value_of(id))
                    .and_then(Answer::as_text)
            };
            if let Some(dob) = linked(date_of_birth_field).and_then(|s| Date::parse(s).ok()) {
                c.check_birth_date(dob)
                    .map_err(|err| cccd_error(&err, path))?;
            }
            if let Some(sex) = sex.or_else(|| linked(sex_field).and_then(sex_from_value)) {
                c.check_sex(sex).map_err(|err| cccd_error(&err, path))?;
            }
            Ok(changed(t, c.as_str().to_owned()))
        }
        FieldKind::Mst {
            allow_branch,
            allow_personal_id,
        } => {
            let t = text()?;
            let digits: String = t.chars().filter(char::is_ascii_digit).collect();
            if *allow_personal_id && digits.len() == 12 && !t.contains('-') {
                let c = Cccd::parse(t).map_err(|err| cccd_error(&err, path))?;
                return Ok(changed(t, c.as_str().to_owned()));
            }
            let m = Mst::parse(t).map_err(|err| {
                let code = match err {
                    crate::ids::MstError::CheckDigit(_) => FieldErrorCode::MstCheckDigit,
                    _ => FieldErrorCode::MstInvalid,
                };
                e(code, err.message_vi(), err.message_en())
            })?;
            if m.branch().is_some() && !allow_branch {
                return Err(e(
                    FieldErrorCode::MstBranchNotAllowed,
                    format!("{lv}: nhập mã số thuế 10 số của doanh nghiệp, không nhập mã chi nhánh ({m})"),
                    format!("{le}: enter the enterprise's 10-digit tax code, not a branch code ({m})"),
                ));
            }
            Ok(changed(t, m.canonical()))
        }
        FieldKind::Phone { accept } => {
            let t = text()?;
            let p = Phone::parse(t);
            if let (PhoneAccept::Any, Err(PhoneError::Landline(national))) = (accept, &p) {
                let l = Landline::parse(national).map_err(|err| {
                    e(
                        FieldErrorCode::PhoneInvalid,
                        err.message_vi(),
                        err.message_en(),
                    )
                })?;
                return Ok(changed(t, l.national().to_owned()));
            }
            let p = p.map_err(|err| {
                let code = match err {
                    PhoneError::Renumbered { .. } => FieldErrorCode::PhoneRenumbered,
                    PhoneError::NotMobilePrefix { .. }
                    | PhoneError::Landline(_)
                    | PhoneError::Foreign(_) => FieldErrorCode::PhoneNotMobile,
                    _ => FieldErrorCode::PhoneInvalid,
                };
                e(code, err.message_vi(), err.message_en())
            })?;
            Ok(changed(t, p.national().to_owned()))
        }
        FieldKind::Email => {
            let t = text()?;
            let m = Email::parse(t).map_err(|err| {
                e(
                    FieldErrorCode::EmailInvalid,
                    err.message_vi(),
                    err.message_en(),
                )
            })?;
            Ok(changed(t, m.as_str().to_owned()))
        }
        FieldKind::Vsic { level } => {
            let t = text()?;
            let v = Vsic::parse(t).map_err(|err| {
                let code = match err {
                    VsicError::UnknownDivision { .. } => FieldErrorCode::VsicUnknownDivision,
                    _ => FieldErrorCode::VsicInvalid,
                };
                e(code, err.message_vi(), err.message_en())
            })?;
            if let Some(want) = level.filter(|&l| l != v.level()) {
                return Err(e(
                    FieldErrorCode::VsicLevel,
                    format!("{lv}: cần mã ngành cấp {want} ({want} chữ số), bạn nhập {v}"),
                    format!("{le}: a level-{want} code ({want} digits) is needed; you entered {v}"),
                ));
            }
            Ok(changed(t, v.as_str().to_owned()))
        }
        FieldKind::Attachment {
            accept,
            max_size,
            min_count,
            max_count,
        } => {
            let files = a.as_files().ok_or_else(|| wrong_type(f, path))?;
            let n = files.len() as u32;
            let min = min_count.unwrap_or(0).max(u32::from(f.required));
            if n < min {
                return Err(e(
                    FieldErrorCode::TooFewFiles,
                    format!("{lv}: cần ít nhất {min} tệp (hiện có {n})"),
                    format!("{le}: at least {min} file(s) needed (now {n})"),
                ));
            }
            if let Some(max) = max_count.filter(|&m| n > m) {
                return Err(e(
                    FieldErrorCode::TooManyFiles,
                    format!("{lv}: tối đa {max} tệp (hiện có {n})"),
                    format!("{le}: at most {max} file(s) (now {n})"),
                ));
            }
            for file in files {
                let name = crate::ids::echo(&file.name);
                if file.size == 0 {
                    return Err(e(
                        FieldErrorCode::FileEmpty,
                        format!("Tệp {name} trống (0 byte), vui lòng tải lại ({lv})"),
                        format!("File {name} is empty (0 bytes); please upload it again ({le})"),
                    ));
                }
                if file.size > *max_size {
                    let (size, limit) = (format_size(file.size), format_size(*max_size));
                    return Err(e(
                        FieldErrorCode::FileTooLarge,
                        format!("Tệp {name} ({size}) vượt quá dung lượng tối đa {limit} ({lv})"),
                        format!("File {name} ({size}) is larger than the {limit} limit ({le})"),
                    ));
                }
                if !accepts(accept, &file.mime) {
                    let kinds = accept
                        .iter()
                        .map(|m| mime_label(m))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(e(
                        FieldErrorCode::FileType,
                        format!("Tệp {name} không đúng định dạng; {lv} chỉ nhận {kinds}"),
                        format!("File {name} is not an accepted type; {le} accepts {kinds} only"),
                    ));
                }
            }
            Ok(None)
        }
        FieldKind::Hidden
        | FieldKind::Declaration
        | FieldKind::Heading
        | FieldKind::Group { .. } => Ok(None),
    }
}

/// Checks that read another answer or today: date order and age limits. Kept apart from
/// [`check_answer`] so that migration does not drop a value for what another answer (or
/// a birthday since) says; `a` is the answer as normalised.
fn check_relations(
    f: &Field,
    a: &Answer,
    scope: &Scope<'_>,
    ctx: &ValidationContext<'_>,
    path: &str,
) -> Result<(), FieldError> {
    let FieldKind::Date {
        after_field,
        before_field,
        age_rules,
        ..
    } = &f.kind
    else {
        return Ok(());
    };
    let Some(d) = a.as_text().and_then(|t| Date::parse(t).ok()) else {
        return Ok(());
    };
    let (lv, le) = (f.label.vi(), f.label.en());
    let other = |id: &Option<String>| {
        let id = id.as_deref()?;
        let (field, _) = scope.find(id)?;
        let date = scope
            .value_of(id)?
            .as_text()
            .and_then(|t| Date::parse(t).ok())?;
        Some((field, date))
    };
    if let Some((o, od)) = other(after_field).filter(|(_, od)| d <= *od) {
        return Err(FieldError::new(
            FieldErrorCode::DateNotAfter,
            path,
            format!("{lv} phải sau {} ({od}); bạn nhập {d}", o.label.vi()),
            format!(
                "{le} must be after {} ({od}); you entered {d}",
                o.label.en()
            ),
        ));
    }
    if let Some((o, od)) = other(before_field).filter(|(_, od)| d >= *od) {
        return Err(FieldError::new(
            FieldErrorCode::DateNotBefore,
            path,
            format!("{lv} phải trước {} ({od}); bạn nhập {d}", o.label.vi()),
            format!(
                "{le} must be before {} ({od}); you entered {d}",
                o.label.en()
            ),
        ));
    }
    let (age, today) = (d.full_years_until(ctx.today), ctx.today);
    let age_error = |rule: &AgeRule, code, limit: u32| {
        let (vi, en) = match (&rule.message, code) {
            (Some(m), _) => (
                format!("{} (theo ngày sinh đã nhập: {age} tuổi)", m.vi()),
                format!("{} (by the date of birth entered: {age})", m.en()),
            ),
            (None, FieldErrorCode::TooYoung) => (
                format!("{lv}: phải đủ {limit} tuổi trở lên; sinh ngày {d} thì đến ngày {today} mới {age} tuổi"),
                format!("{le}: must be at least {limit} years old; born on {d}, the age on {today} is {age}"),
            ),
            (None, _) => (
                format!("{lv}: không được quá {limit} tuổi; sinh ngày {d} thì đến ngày {today} đã {age} tuổi"),
                format!("{le}: must be at most {limit} years old; born on {d}, the age on {today} is {age}"),
            ),
        };
        FieldError::new(code, path, vi, en)
    };
    for rule in age_rules
        .iter()
        .filter(|r| r.when.as_ref().is_none_or(|c| scope.eval(c, 0)))
    {
        if let Some(min) = rule.min_years.filter(|&m| age < m) {
            return Err(age_error(rule, FieldErrorCode::TooYoung, min));
        }
        if let Some(max) = rule.max_years.filter(|&m| age > m) {
            return Err(age_error(rule, FieldErrorCode::TooOld, max));
        }
    }
    Ok(())
}

fn not_an_option(v: &str, lv: &str, le: &str, path: &str) -> FieldError {
    let v = crate::ids::echo(v);
    FieldError::new(
        FieldErrorCode::NotAnOption,
        path,
        format!("“{v}” không có trong các lựa chọn của {lv}"),
        format!("“{v}” is not one of the choices for {le}"),
    )
}

fn bounds(
    v: i64,
    min: Option<i64>,
    max: Option<i64>,
    show: impl Fn(i64) -> String,
    lv: &str,
    le: &str,
    path: &str,
) -> Result<(), FieldError> {
    if let Some(min) = min.filter(|&m| v < m) {
        let m = show(min);
        return Err(FieldError::new(
            FieldErrorCode::TooSmall,
            path,
            format!("{lv} không được nhỏ hơn {m}"),
            format!("{le} cannot be less than {m}"),
        ));
    }
    if let Some(max) = max.filter(|&m| v > m) {
        let m = show(max);
        return Err(FieldError::new(
            FieldErrorCode::TooLarge,
            path,
            format!("{lv} không được lớn hơn {m}"),
            format!("{le} cannot be more than {m}"),
        ));
    }
    Ok(())
}

fn cccd_error(err: &CccdError, path: &str) -> FieldError {
    let code = match err {
        CccdError::UnknownProvince { .. } => FieldErrorCode::CccdProvince,
        CccdError::BirthYearInFuture { .. } | CccdError::BirthYearMismatch { .. } => {
            FieldErrorCode::CccdBirthYear
        }
        CccdError::SexMismatch { .. } => FieldErrorCode::CccdSex,
        _ => FieldErrorCode::CccdInvalid,
    };
    FieldError::new(code, path, err.message_vi(), err.message_en())
}

fn accepts(accept: &[String], mime: &str) -> bool {
    let mime = mime.trim().to_ascii_lowercase();
    accept.is_empty()
        || accept.iter().any(|a| {
            let a = a.trim().to_ascii_lowercase();
            match a.strip_suffix("/*") {
                Some(family) => mime.split('/').next() == Some(family),
                None => a == mime,
            }
        })
}

/// Short names people know for the usual upload types.
fn mime_label(mime: &str) -> String {
    match mime {
        "application/pdf" => "PDF".into(),
        "image/jpeg" => "JPG".into(),
        "image/png" => "PNG".into(),
        "image/*" => "ảnh/images".into(),
        "application/msword" => "DOC".into(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX".into(),
        other => other.to_owned(),
    }
}

/// `10 MB`, `512 KB`, `1.5 MB` (binary units, as file managers show them).
pub fn format_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let (unit, name) = if bytes >= MB {
        (MB, "MB")
    } else if bytes >= KB {
        (KB, "KB")
    } else {
        (1, "B")
    };
    // Whole units and tenths separately: `bytes * 10` would overflow for the absurd sizes
    // a damaged draft can hold.
    let (whole, tenths) = (bytes / unit, (bytes % unit) * 10 / unit);
    if tenths == 0 {
        format!("{whole} {name}")
    } else {
        format!("{whole}.{tenths} {name}")
    }
}
