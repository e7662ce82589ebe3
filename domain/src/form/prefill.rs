//! Filling fields from a record the server fetched (the citizen's own record after
//! VNeID sign-in, or the business registry entry for a tax code).

use super::answers::{Answer, Answers, Loose};
use super::schema::{Field, FormSchema, PrefillSource};

/// Top-level fields filled from `source`, in form order.
pub fn prefill_fields(schema: &FormSchema, source: PrefillSource) -> Vec<&Field> {
    schema.top_fields().map(|(_, f)| f).filter(|f| f.prefill.as_ref().is_some_and(|p| p.source == source)).collect()
}

/// Copies values from `record` into the fields prefilled from `source`. Blank fields
/// only, unless `overwrite` (used when the key changed, e.g. a different tax code was
/// entered, so the old company's data must not linger). Returns the new answers and the
/// ids filled. Values that do not fit an answer, and paths the record lacks, are skipped.
pub fn apply_prefill(
    schema: &FormSchema,
    answers: &Answers,
    source: PrefillSource,
    record: &Loose,
    overwrite: bool,
) -> (Answers, Vec<String>) {
    let mut out = answers.clone();
    let mut filled = Vec::new();
    for f in prefill_fields(schema, source) {
        let Some(p) = &f.prefill else { continue };
        if !overwrite && answers.get(&f.id).is_some_and(|a| !a.is_blank()) {
            continue;
        }
        let value = record.at(&p.path).cloned().and_then(|v| Answer::from_loose(v).ok().flatten());
        match value {
            Some(v) if !v.is_blank() => {
                out.insert(f.id.clone(), v);
                filled.push(f.id.clone());
            }
            _ if overwrite => {
                out.remove(&f.id);
            }
            _ => {}
        }
    }
    (out, filled)
}
