//! Carrying a draft over to a newer version of its schema.
//!
//! A draft may be weeks old, written by an older app, or damaged. Migration keeps every
//! answer whose field still exists and whose value still passes that field's own checks,
//! and lists everything else with the reason, so the app can say what must be re-entered.
//! Visibility and "required" are not applied: a hidden answer may become visible again,
//! and a missing one is the wizard's business, not a reason to drop anything.

use super::answers::{Answer, Answers};
use super::schema::{Field, FieldKind, FormSchema};
use super::validate::{check_answer, FieldError, ValidationContext};
use super::visibility::Scope;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DropReason {
    /// The new schema has no input field with this id here.
    NoSuchField,
    /// The stored value could not be read as any answer.
    Unreadable,
    /// The value no longer passes the field's checks (e.g. its type or options changed).
    Invalid { error: FieldError },
    /// The group now allows fewer items.
    TooManyItems { max: u32 },
    /// A declaration is confirmed again against the new form, never carried over.
    Reconfirm,
}

impl DropReason {
    pub fn message_vi(&self) -> String {
        match self {
            DropReason::NoSuchField => "Mục này không còn trong biểu mẫu mới".into(),
            DropReason::Unreadable => "Không đọc được giá trị đã lưu".into(),
            DropReason::Invalid { error } => error.message_vi.clone(),
            DropReason::TooManyItems { max } => format!("Biểu mẫu mới chỉ nhận tối đa {max} mục"),
            DropReason::Reconfirm => {
                "Biểu mẫu đã thay đổi, vui lòng xác nhận lại lời cam đoan".into()
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            DropReason::NoSuchField => "This item is no longer in the new form".into(),
            DropReason::Unreadable => "The saved value could not be read".into(),
            DropReason::Invalid { error } => error.message_en.clone(),
            DropReason::TooManyItems { max } => format!("The new form takes at most {max} items"),
            DropReason::Reconfirm => {
                "The form has changed; please confirm the declaration again".into()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// Path in the old draft, e.g. `members[3]` or `members[0].cccd`.
    pub path: String,
    #[serde(flatten)]
    pub reason: DropReason,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Migration {
    pub kept: Answers,
    pub dropped: Vec<Dropped>,
}

/// Moves `old` answers onto `schema`. Never fails: read drafts with
/// `serde_json::from_str::<Answers>` (which accepts any JSON) and pass them here.
pub fn migrate(old: &Answers, schema: &FormSchema, ctx: &ValidationContext<'_>) -> Migration {
    let mut m = Migration::default();
    let scope = Scope::top(schema, old);
    let fields: Vec<&Field> = schema.top_fields().map(|(_, f)| f).collect();
    m.kept = migrate_level(&fields, &scope, ctx, &mut m.dropped);
    for (id, p) in old.provenances() {
        if m.kept.get(id).is_some() {
            m.kept.set_provenance(id, p.clone());
        }
    }
    m
}

fn migrate_level(
    fields: &[&Field],
    scope: &Scope<'_>,
    ctx: &ValidationContext<'_>,
    dropped: &mut Vec<Dropped>,
) -> Answers {
    let mut kept = Answers::new();
    let drop =
        |dropped: &mut Vec<Dropped>, path: String, reason| dropped.push(Dropped { path, reason });
    for key in scope.answers.unreadable() {
        drop(
            dropped,
            format!("{}{key}", scope.prefix),
            DropReason::Unreadable,
        );
    }
    for (id, answer) in scope.answers.iter() {
        let path = format!("{}{id}", scope.prefix);
        let Some(field) = fields.iter().find(|f| f.id == id && f.kind.is_input()) else {
            drop(dropped, path, DropReason::NoSuchField);
            continue;
        };
        if answer.is_blank() && !matches!(field.kind, FieldKind::Group { .. }) {
            continue;
        }
        match &field.kind {
            FieldKind::Group {
                fields: children,
                max_items,
                ..
            } => {
                let Some(items) = answer.as_group() else {
                    let error = wrong_type(field, &path);
                    drop(dropped, path, DropReason::Invalid { error });
                    continue;
                };
                let max = max_items.map_or(usize::MAX, |m| m as usize);
                let inner: Vec<&Field> = children.iter().collect();
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if i >= max {
                        let max = max_items.unwrap_or(0);
                        drop(
                            dropped,
                            format!("{path}[{i}]"),
                            DropReason::TooManyItems { max },
                        );
                        continue;
                    }
                    let item_scope = scope.item(field, children, i, item);
                    out.push(migrate_level(&inner, &item_scope, ctx, dropped));
                }
                kept.insert(id, Answer::Group(out));
            }
            FieldKind::Declaration => drop(dropped, path, DropReason::Reconfirm),
            _ => match check_answer(field, answer, scope, ctx, &path) {
                Ok(normalised) => {
                    kept.insert(id, normalised.unwrap_or_else(|| answer.clone()));
                }
                Err(error) => drop(dropped, path, DropReason::Invalid { error }),
            },
        }
    }
    kept
}

fn wrong_type(f: &Field, path: &str) -> FieldError {
    FieldError::new(
        super::validate::FieldErrorCode::WrongType,
        path,
        format!("Giá trị của {} không đúng loại", f.label.vi()),
        format!("The value of {} has the wrong type", f.label.en()),
    )
}
