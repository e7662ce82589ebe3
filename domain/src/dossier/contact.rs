//! The contact phone a dossier is looked up by: the first phone field of the form, in
//! one canonical spelling, so "+84 912 345 678" at filing and "0912345678" at look-up match.

use crate::form::schema::{FieldKind, FormSchema};
use crate::form::Answers;
use crate::ids::phone::{Landline, Phone};

/// `0912345678` for any spelling of a Vietnamese mobile or landline number; None for
/// anything that is not one.
pub fn canonical_phone(input: &str) -> Option<String> {
    Phone::parse(input)
        .map(|p| p.national().to_owned())
        .or_else(|_| Landline::parse(input).map(|l| l.national().to_owned()))
        .ok()
}

/// The answer to the first top-level phone field that holds a valid number.
pub fn contact_phone(schema: &FormSchema, answers: &Answers) -> Option<String> {
    schema
        .top_fields()
        .filter(|(_, f)| matches!(f.kind, FieldKind::Phone { .. }))
        .filter_map(|(_, f)| answers.get(&f.id)?.as_text().and_then(canonical_phone))
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_number_match() {
        let a = canonical_phone("+84 912 345 678");
        assert!(a.is_some());
        assert_eq!(a, canonical_phone("0912.345.678"));
        assert_eq!(canonical_phone("không có"), None);
    }
}
