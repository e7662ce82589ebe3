//! Which steps and fields are shown for the answers so far.
//!
//! Validation, the wizard and migration all ask through [`Scope`], so "hidden" means the
//! same thing everywhere: a hidden field is neither shown, validated nor submitted.

use super::answers::{Answer, Answers};
use super::path::{FieldPath, Segment};
use super::schema::{Condition, Field, FieldKind, FormSchema, Scalar};
use std::collections::{BTreeMap, BTreeSet};

/// Conditions deeper than this (only possible through a cycle the schema check would
/// reject) are treated as false, so a broken schema hides fields instead of hanging.
const MAX_DEPTH: u8 = 24;

/// Where a field id is looked up: a group item's fields, then outward to the top level.
pub(crate) struct Scope<'a> {
    pub(crate) kind: ScopeKind<'a>,
    pub(crate) answers: &'a Answers,
    /// Path of this scope's fields, e.g. `members[2].`; empty at the top.
    pub(crate) prefix: String,
}

pub(crate) enum ScopeKind<'a> {
    Top(&'a FormSchema),
    Item {
        fields: &'a [Field],
        parent: &'a Scope<'a>,
    },
}

impl<'a> Scope<'a> {
    pub(crate) fn top(schema: &'a FormSchema, answers: &'a Answers) -> Scope<'a> {
        Scope {
            kind: ScopeKind::Top(schema),
            answers,
            prefix: String::new(),
        }
    }

    pub(crate) fn item(
        &'a self,
        group: &'a Field,
        fields: &'a [Field],
        index: usize,
        answers: &'a Answers,
    ) -> Scope<'a> {
        Scope {
            kind: ScopeKind::Item {
                fields,
                parent: self,
            },
            answers,
            prefix: format!("{}{}[{index}].", self.prefix, group.id),
        }
    }

    pub(crate) fn path_of(&self, field: &Field) -> String {
        format!("{}{}", self.prefix, field.id)
    }

    /// The input field named `id` in this scope or an enclosing one, and its scope.
    pub(crate) fn find(&self, id: &str) -> Option<(&'a Field, &Scope<'a>)> {
        match &self.kind {
            ScopeKind::Top(schema) => schema
                .top_fields()
                .map(|(_, f)| f)
                .find(|f| f.id == id && f.kind.is_input())
                .map(|f| (f, self)),
            ScopeKind::Item { fields, parent } => {
                match fields.iter().find(|f| f.id == id && f.kind.is_input()) {
                    Some(f) => Some((f, self)),
                    None => parent.find(id),
                }
            }
        }
    }

    /// Whether `field`, which lives in this scope, is shown. Enclosing groups are assumed
    /// shown: callers only build item scopes for visible groups.
    pub(crate) fn visible(&self, field: &Field) -> bool {
        self.visible_at(field, 0)
    }

    fn visible_at(&self, field: &Field, depth: u8) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if let ScopeKind::Top(schema) = &self.kind {
            let step = schema
                .steps
                .iter()
                .find(|s| s.fields.iter().any(|f| std::ptr::eq(f, field)));
            if let Some(c) = step.and_then(|s| s.visible_when.as_ref()) {
                if !self.eval(c, depth + 1) {
                    return false;
                }
            }
        }
        field
            .visible_when
            .as_ref()
            .is_none_or(|c| self.eval(c, depth + 1))
    }

    /// The answer of the field named `id` as conditions see it: none when hidden.
    pub(crate) fn value_of(&self, id: &str) -> Option<&'a Answer> {
        self.value_at(id, 0)
    }

    fn value_at(&self, id: &str, depth: u8) -> Option<&'a Answer> {
        let (field, scope) = self.find(id)?;
        if !scope.visible_at(field, depth) {
            return None;
        }
        scope.answers.get(id)
    }

    pub(crate) fn eval(&self, c: &Condition, depth: u8) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match c {
            Condition::Equals { field, equals } => self
                .value_at(field, depth + 1)
                .is_some_and(|a| matches(a, equals)),
            Condition::OneOf { field, one_of } => self
                .value_at(field, depth + 1)
                .is_some_and(|a| one_of.iter().any(|v| matches(a, v))),
            Condition::All { all } => all.iter().all(|c| self.eval(c, depth + 1)),
            Condition::Any { any } => any.iter().any(|c| self.eval(c, depth + 1)),
            Condition::Not { not } => !self.eval(not, depth + 1),
        }
    }
}

fn matches(answer: &Answer, value: &Scalar) -> bool {
    match (answer, value) {
        (Answer::Bool(b), Scalar::Bool(v)) => b == v,
        (Answer::Text(s), Scalar::Text(v)) => s.trim() == v,
        (Answer::List(items), Scalar::Text(v)) => items.iter().any(|s| s.trim() == v),
        (a, Scalar::Bool(v)) => a.as_bool() == Some(*v),
        (Answer::Bool(b), Scalar::Text(v)) => Answer::Text(v.clone()).as_bool() == Some(*b),
        _ => false,
    }
}

/// Indexes of the steps shown for these answers, in order.
pub fn visible_steps(schema: &FormSchema, answers: &Answers) -> Vec<usize> {
    let scope = Scope::top(schema, answers);
    (0..schema.steps.len())
        .filter(|&i| {
            schema.steps[i]
                .visible_when
                .as_ref()
                .is_none_or(|c| scope.eval(c, 0))
        })
        .collect()
}

/// The fields of a step that are shown, in order (none if the step itself is hidden).
/// `hidden` fields are never listed: they count as shown for validation and submission,
/// but there is nothing to render.
pub fn visible_fields<'s>(
    schema: &'s FormSchema,
    step: usize,
    answers: &Answers,
) -> Vec<&'s Field> {
    let Some(s) = schema.steps.get(step) else {
        return Vec::new();
    };
    let scope = Scope::top(schema, answers);
    s.fields
        .iter()
        .filter(|f| rendered(f) && scope.visible(f))
        .collect()
}

fn rendered(f: &Field) -> bool {
    !matches!(f.kind, FieldKind::Hidden)
}

/// The fields shown inside one item of a repeatable group, e.g. `("members", 2)`.
pub fn visible_item_fields<'s>(
    schema: &'s FormSchema,
    group_path: &str,
    index: usize,
    answers: &Answers,
) -> Vec<&'s Field> {
    let Ok(mut path) = FieldPath::parse(group_path) else {
        return Vec::new();
    };
    let Some(last) = path.0.last_mut() else {
        return Vec::new();
    };
    last.index = Some(index);
    let mut out = Vec::new();
    let probe = |group: &'s Field, scope: &Scope<'_>, visible: bool| {
        if !visible {
            return;
        }
        if let FieldKind::Group { fields, .. } = &group.kind {
            out.extend(fields.iter().filter(|f| rendered(f) && scope.visible(f)));
        }
    };
    with_item_scope(schema, answers, &path.0, probe);
    out
}

/// Whether the field at `path` is shown (false for unknown paths and missing items).
pub fn is_visible(schema: &FormSchema, path: &str, answers: &Answers) -> bool {
    let Ok(path) = FieldPath::parse(path) else {
        return false;
    };
    with_field(schema, answers, &path.0, |_, _, visible| visible).unwrap_or(false)
}

/// Runs `f` on the field at `segs` with the scope it lives in and whether it (and every
/// enclosing group) is shown. `None` when the path does not lead to a field.
pub(crate) fn with_field<'s, R>(
    schema: &'s FormSchema,
    answers: &Answers,
    segs: &[Segment],
    f: impl FnOnce(&'s Field, &Scope<'_>, bool) -> R,
) -> Option<R> {
    let top = Scope::top(schema, answers);
    let (first, rest) = segs.split_first()?;
    let field = schema
        .top_fields()
        .map(|(_, f)| f)
        .find(|f| f.id == first.id)?;
    descend(field, first.index, rest, &top, true, f)
}

/// Like [`with_field`] but stops inside the item named by the last segment's index,
/// handing over the group field and the item's scope.
fn with_item_scope<'s>(
    schema: &'s FormSchema,
    answers: &Answers,
    segs: &[Segment],
    f: impl FnOnce(&'s Field, &Scope<'_>, bool),
) -> Option<()> {
    let (last, init) = segs.split_last()?;
    let index = last.index?;
    let mut plain = init.to_vec();
    plain.push(Segment {
        id: last.id.clone(),
        index: None,
    });
    // Find the group and the scope it lives in, then open the item.
    let top = Scope::top(schema, answers);
    let (first, rest) = plain.split_first()?;
    let field = schema
        .top_fields()
        .map(|(_, f)| f)
        .find(|f| f.id == first.id)?;
    descend(
        field,
        first.index,
        rest,
        &top,
        true,
        |group, scope, visible| {
            let FieldKind::Group { fields, .. } = &group.kind else {
                return None;
            };
            let items = scope.answers.get(&group.id)?.as_group()?;
            let item = items.get(index)?;
            let inner = scope.item(group, fields, index, item);
            f(group, &inner, visible);
            Some(())
        },
    )?
}

fn descend<'s, R>(
    field: &'s Field,
    index: Option<usize>,
    rest: &[Segment],
    scope: &Scope<'_>,
    parents_visible: bool,
    f: impl FnOnce(&'s Field, &Scope<'_>, bool) -> R,
) -> Option<R> {
    let visible = parents_visible && scope.visible(field);
    let Some(next) = rest.first() else {
        return match index {
            None => Some(f(field, scope, visible)),
            // A path ending in an item (`members[2]`) names no single field.
            Some(_) => None,
        };
    };
    let FieldKind::Group { fields, .. } = &field.kind else {
        return None;
    };
    let index = index?;
    let items = scope.answers.get(&field.id)?.as_group()?;
    let item = items.get(index)?;
    let inner = scope.item(field, fields, index, item);
    let child = fields.iter().find(|c| c.id == next.id)?;
    descend(child, next.index, &rest[1..], &inner, visible, f)
}

/// Whether visibility conditions depend on each other in a loop.
pub(crate) fn has_cycle(schema: &FormSchema) -> bool {
    // Nodes are field paths with `[]` for "any item"; an edge a → b means a's
    // visibility reads b (including through a's step condition).
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let top: Vec<(&str, &Field)> = schema.top_fields().map(|(_, f)| ("", f)).collect();
    let mut stack: Vec<Vec<(String, &Field)>> =
        vec![top.iter().map(|(p, f)| (p.to_string(), *f)).collect()];
    fn resolve(stack: &[Vec<(String, &Field)>], id: &str) -> Option<String> {
        stack.iter().rev().find_map(|level| {
            level
                .iter()
                .find(|(_, f)| f.id == id)
                .map(|(p, f)| format!("{p}{}", f.id))
        })
    }
    fn walk<'f>(
        fields: &[(String, &'f Field)],
        stack: &mut Vec<Vec<(String, &'f Field)>>,
        step_of: &dyn Fn(&Field) -> Option<&'f Condition>,
        edges: &mut BTreeMap<String, BTreeSet<String>>,
    ) {
        for (prefix, f) in fields {
            let node = format!("{prefix}{}", f.id);
            let mut reads: Vec<&str> = f
                .visible_when
                .as_ref()
                .map(Condition::fields)
                .unwrap_or_default();
            if let Some(c) = step_of(f) {
                reads.extend(c.fields());
            }
            let targets: BTreeSet<String> =
                reads.iter().filter_map(|id| resolve(stack, id)).collect();
            edges.entry(node.clone()).or_default().extend(targets);
            if let FieldKind::Group {
                fields: children, ..
            } = &f.kind
            {
                let level: Vec<(String, &'f Field)> =
                    children.iter().map(|c| (format!("{node}[]."), c)).collect();
                stack.push(level.clone());
                walk(&level, stack, &|_| None, edges);
                stack.pop();
            }
        }
    }
    let step_of = |f: &Field| -> Option<&Condition> {
        schema
            .steps
            .iter()
            .find(|s| s.fields.iter().any(|x| std::ptr::eq(x, f)))
            .and_then(|s| s.visible_when.as_ref())
    };
    let level = stack[0].clone();
    walk(&level, &mut stack, &step_of, &mut edges);

    // Depth-first search with colours: 1 = on the current path, 2 = finished.
    let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
    fn visit<'e>(
        n: &'e str,
        edges: &'e BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<&'e str, u8>,
    ) -> bool {
        match colour.get(n) {
            Some(1) => return true,
            Some(_) => return false,
            None => {}
        }
        colour.insert(n, 1);
        if let Some(next) = edges.get(n) {
            for m in next {
                if visit(m, edges, colour) {
                    return true;
                }
            }
        }
        colour.insert(n, 2);
        false
    }
    edges.keys().any(|n| visit(n, &edges, &mut colour))
}
