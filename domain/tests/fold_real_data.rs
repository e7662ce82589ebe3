//! The hand-written folding table, proven against `deunicode` and Unicode NFD.

mod common;

use std::collections::BTreeSet;

use deunicode::deunicode_char;
use domain::fold::{fold, fold_into, is_folded_away, tokens};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// What `deunicode` says a letter folds to, lower-cased.
fn oracle(c: char) -> Option<String> {
    deunicode_char(c).map(str::to_lowercase)
}

fn data_chars() -> BTreeSet<char> {
    common::procedures()
        .iter()
        .flat_map(|p| {
            [
                p.name.as_str(),
                p.field.as_str(),
                p.agency.as_deref().unwrap_or(""),
            ]
        })
        .flat_map(str::chars)
        .collect()
}

#[test]
fn every_letter_of_the_real_data_folds_like_deunicode() {
    let chars = data_chars();
    let letters: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| c.is_alphabetic())
        .collect();
    // The catalogue is Vietnamese: a few dozen letters with diacritics at least.
    assert!(
        letters.iter().filter(|c| !c.is_ascii()).count() > 60,
        "{letters:?}"
    );
    for c in letters {
        assert_eq!(
            Some(fold(&c.to_string())),
            oracle(c),
            "{c:?} U+{:04X}",
            c as u32
        );
    }
    // Punctuation is kept as it is (deunicode would turn “ into "): search splits on it.
    for c in chars.iter().copied().filter(|c| !c.is_alphanumeric()) {
        assert_eq!(fold(&c.to_string()), c.to_string(), "{c:?}");
    }
}

#[test]
fn the_whole_table_agrees_with_deunicode() {
    // Latin Extended-B is covered only where it matters (see fold.rs); the letters it
    // keeps, such as ƀ or ǀ, are lower-cased like any other character.
    let ext_b = (0x180..=0x24F).filter(|&c| char::from_u32(c).is_some_and(is_folded_away));
    let ranges = (0xC0..=0x17F).chain(ext_b).chain(0x1E00..=0x1EFF);
    let mut checked = 0;
    for c in ranges
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphabetic())
    {
        let got = fold(&c.to_string());
        assert_eq!(Some(got), oracle(c), "{c:?} U+{:04X}", c as u32);
        checked += 1;
    }
    assert!(checked > 400, "{checked}");
}

#[test]
fn decomposed_real_names_fold_like_composed_ones() {
    for p in common::procedures() {
        let nfd: String = p.name.nfd().collect();
        assert_eq!(fold(&nfd), fold(&p.name), "{}", p.code);
    }
}

#[test]
fn real_names_fold_to_plain_ascii_words() {
    for p in common::procedures() {
        let f = fold(&p.name);
        assert!(
            tokens(&f).all(|t| t
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.')),
            "{}: {f}",
            p.code
        );
    }
}

/// Text drawn from Vietnamese letters (both cases), ASCII and a few other scripts.
fn vietnamesey() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ \t.,-/0123456789"
        .chars()
        .chain((0x1E00..=0x1EFF).filter_map(char::from_u32))
        .chain((0xC0..=0x17F).filter_map(char::from_u32))
        .chain("\u{300}\u{301}\u{303}\u{309}\u{323}\u{31B}ΣΆ東京😀İK\u{212B}".chars())
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..40)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn fold_is_idempotent(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }

    #[test]
    fn fold_is_idempotent_on_vietnamese(s in vietnamesey()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }

    #[test]
    fn folded_text_has_no_marked_letters(s in vietnamesey()) {
        let f = fold(&s);
        prop_assert!(!f.chars().any(is_folded_away), "{:?} -> {:?}", s, f);
        let marked = |c: &char| ('\u{300}'..='\u{36F}').contains(c) || ('\u{1E00}'..='\u{1EFF}').contains(c);
        prop_assert!(!f.chars().any(|c| marked(&c)), "{:?} -> {:?}", s, f);
    }

    #[test]
    fn nfd_folds_like_nfc(s in vietnamesey()) {
        // Only Latin text: NFD also splits marks off Greek and other letters, which the
        // table does not claim to fold.
        let latin: String = s.chars().filter(|c| (*c as u32) < 0x370 || ('\u{1E00}'..='\u{1EFF}').contains(c)).collect();
        let nfc: String = latin.nfc().collect();
        let nfd: String = latin.nfd().collect();
        prop_assert_eq!(fold(&nfd), fold(&nfc));
    }

    #[test]
    fn fold_into_appends(prefix in "[A-Za-zĐ ]{0,8}", s in vietnamesey()) {
        let mut out = prefix.clone();
        fold_into(&s, &mut out);
        prop_assert_eq!(out, format!("{prefix}{}", fold(&s)));
    }

    #[test]
    fn tokens_match_a_plain_char_by_char_split(s in vietnamesey()) {
        let f = fold(&s);
        let chars: Vec<char> = f.chars().collect();
        let mut expected: Vec<String> = vec![String::new()];
        for (i, &c) in chars.iter().enumerate() {
            let joins = c == '.'
                && !expected.last().is_some_and(String::is_empty)
                && i > 0 && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_alphanumeric() || joins {
                if let Some(t) = expected.last_mut() {
                    t.push(c);
                }
            } else if !expected.last().is_some_and(String::is_empty) {
                expected.push(String::new());
            }
        }
        expected.retain(|t| !t.is_empty());
        prop_assert_eq!(tokens(&f).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn tokens_are_nonempty_slices_without_separators(s in any::<String>()) {
        let f = fold(&s);
        for t in tokens(&f) {
            prop_assert!(!t.is_empty());
            prop_assert!(t.chars().all(|c| c.is_alphanumeric() || c == '.'));
            prop_assert!(!t.starts_with('.') && !t.ends_with('.'));
        }
    }
}
