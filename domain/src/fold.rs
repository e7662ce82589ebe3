//! Folding Vietnamese text for search: lower case, no tone marks, no vowel marks, đ → d.
//!
//! People type "dang ky ket hon" as often as "đăng ký kết hôn", on phones without a
//! Vietnamese keyboard or in a hurry, so search compares folded text on both sides.
//!
//! The mapping is a hand-written table rather than `deunicode` or Unicode normalisation:
//! this module is compiled into the WASM app, whose first-load budget cannot carry their
//! tables (476 KB for `deunicode` alone). The table is proven against `deunicode` by
//! `domain/tests/fold_real_data.rs` for every letter it covers.

/// Base letters for U+00C0..=U+00FF. `*` marks letters that fold to two letters (see
/// [`two_letters`]); `-` marks the two symbols in the block (× ÷), which are kept.
const LATIN_1: &[u8; 64] = b"aaaaaa*ceeeeiiiidnooooo-ouuuuy**aaaaaa*ceeeeiiiidnooooo-ouuuuy*y";

/// Base letters for U+0100..=U+017F (Latin Extended-A, which holds Đ/đ). `*` as above.
const LATIN_EXT_A: &[u8; 128] = b"\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllll\
lllnnnnnn***oooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Base letters for U+0180..=U+024F (Latin Extended-B): the horned Vietnamese vowels
/// ơ ư, the African D that some fonts and keyboards hand out in place of Đ because the
/// two look the same, and every letter that composes from a base letter and marks (ǎ, ǻ,
/// ȫ ...), so that NFC and NFD input fold alike. `-` marks the rest, which are kept.
const LATIN_EXT_B: &[u8; 208] = b"\
---------d----------------------oo-------------uu---\
-------------------------aaiioouuuuuuuuuu-aaaa**--gg\
kkoooo--j---gg--nnaa**ooaaaaeeeeiiiioooorrrruuuusstt\
--hh------aaeeooooooooyy----------------------------";

/// Base letters for U+1E00..=U+1EFF (Latin Extended Additional). Its second half holds
/// the Vietnamese letters with tone marks (ạ ấ ầ ẩ ẫ ậ ... ỹ), each vowel's forms together.
/// The first half is covered too because composing NFC can land there (n, dot below and
/// acute compose to ṇ plus acute), and NFC and NFD input must fold alike.
const LATIN_EXT_ADDITIONAL: &[u8; 256] = b"\
aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm\
mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv\
wwwwwwwwwwxxxxyyzzzzzzhtwyasss*daaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy**vvyy";

// A miscounted table would shift every letter after the mistake; fail the build instead.
const _: () = assert!(
    LATIN_1.len() == 0x40
        && LATIN_EXT_A.len() == 0x80
        && LATIN_EXT_B.len() == 0xD0
        && LATIN_EXT_ADDITIONAL.len() == 0x100
);

/// Letters whose transliteration is two letters, as `deunicode` spells them.
fn two_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'Æ' | 'æ' | 'Ǣ' | 'ǣ' | 'Ǽ' | 'ǽ' => "ae",
        'Þ' | 'þ' => "th",
        'ß' => "ss",
        'Ĳ' | 'ĳ' => "ij",
        'ŉ' => "'n",
        'Ŋ' | 'ŋ' => "ng",
        'Œ' | 'œ' => "oe",
        'ẞ' => "ss",
        'Ỻ' | 'ỻ' => "ll",
        _ => return None,
    })
}

enum Folded {
    /// A combining mark: the letter it sits on already carries the meaning we keep.
    Drop,
    Ascii(u8),
    Two(&'static str),
    /// Not a letter this module knows; the caller lower-cases it.
    Unknown,
}

fn fold_char(c: char) -> Folded {
    let table = |t: &[u8], start: u32| match t[(c as u32 - start) as usize] {
        b'*' => two_letters(c).map_or(Folded::Unknown, Folded::Two),
        b'-' => Folded::Unknown,
        b => Folded::Ascii(b),
    };
    match c {
        _ if c.is_ascii() => Folded::Ascii(c.to_ascii_lowercase() as u8),
        '\u{0300}'..='\u{036F}' => Folded::Drop,
        '\u{00C0}'..='\u{00FF}' => table(LATIN_1, 0xC0),
        '\u{0100}'..='\u{017F}' => table(LATIN_EXT_A, 0x100),
        '\u{0180}'..='\u{024F}' => table(LATIN_EXT_B, 0x180),
        '\u{1E00}'..='\u{1EFF}' => table(LATIN_EXT_ADDITIONAL, 0x1E00),
        _ => Folded::Unknown,
    }
}

/// Appends the folded form of `s` to `out`; see [`fold`].
pub fn fold_into(s: &str, out: &mut String) {
    // Runs of ASCII are copied whole and lower-cased at the end: the search index folds
    // the whole catalogue when the app starts, and most of its bytes are ASCII.
    let start = out.len();
    let mut rest = s;
    loop {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        let mut chars = rest[ascii..].chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        match fold_char(c) {
            Folded::Drop => {}
            Folded::Ascii(b) => out.push(b as char),
            Folded::Two(t) => out.push_str(t),
            Folded::Unknown => {
                // Some lower-case forms land back in the table (the Ångström sign becomes
                // å, İ becomes i plus a combining dot), so they are folded once more to
                // keep `fold` idempotent.
                for l in c.to_lowercase() {
                    match fold_char(l) {
                        Folded::Drop => {}
                        Folded::Ascii(b) => out.push(b as char),
                        Folded::Two(t) => out.push_str(t),
                        Folded::Unknown => out.push(l),
                    }
                }
            }
        }
    }
    // Only the copied ASCII runs can hold upper case: everything else pushed is lower.
    out[start..].make_ascii_lowercase();
}

/// Lower-cases `s` and strips Vietnamese diacritics (and those of other Latin letters),
/// so "Đăng ký thành lập HỘ KINH DOANH" becomes "dang ky thanh lap ho kinh doanh".
///
/// Precomposed (NFC) and decomposed (NFD) Latin text fold alike, because combining marks
/// U+0300..=U+036F are dropped. Characters outside the Latin blocks are lower-cased and
/// kept; punctuation and spaces are kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// True for characters that [`fold`] never outputs: the letters and marks it maps.
pub fn is_folded_away(c: char) -> bool {
    match fold_char(c) {
        Folded::Drop | Folded::Two(_) => true,
        Folded::Ascii(b) => b as char != c,
        Folded::Unknown => false,
    }
}

/// Splits text into search tokens: maximal runs of alphanumeric characters.
///
/// A dot between two ASCII digits stays inside the token, so a procedure code such as
/// `1.001612` (and amounts such as `1.500.000`) stay one token and can be matched by
/// prefix. Intended for folded text; on other text it splits the same way.
pub fn tokens(s: &str) -> Tokens<'_> {
    Tokens { rest: s }
}

/// Iterator returned by [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        // Byte-wise with an ASCII fast path: folded text is nearly all ASCII, and the
        // search index tokenises the whole catalogue when the app starts.
        let s = self.rest;
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (word, len) = word_char_at(s, i);
            if word {
                break;
            }
            i += len;
        }
        let start = i;
        while i < b.len() {
            let (word, len) = word_char_at(s, i);
            let joins = b[i] == b'.'
                && i > start
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(word || joins) {
                break;
            }
            i += len;
        }
        self.rest = &s[i..];
        (i > start).then(|| &s[start..i])
    }
}

/// Whether the character at byte `i` of `s` (a character boundary) is a letter or digit,
/// and its length in bytes.
#[inline]
fn word_char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    match s.get(i..).and_then(|t| t.chars().next()) {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        // Only if `i` were no character boundary; skipping to the end stays safe.
        None => (false, s.len() - i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(
            fold("Đăng ký thành lập HỘ KINH DOANH"),
            "dang ky thanh lap ho kinh doanh"
        );
        assert_eq!(fold("Ưu đãi ỞỜỚỢỠ ỹ"), "uu dai ooooo y");
        // NFD: o + horn + acute, u + horn + hook, D-stroke has no decomposition.
        assert_eq!(fold("Đo\u{31B}\u{301}u\u{31B}\u{309}"), "dou");
        assert_eq!(fold("Æsir Straße İ Å"), "aesir strasse i a");
    }

    #[test]
    fn keeps_what_it_does_not_know() {
        assert_eq!(fold("Ω 東京 – “x” 😀"), "ω 東京 – “x” 😀");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn tokens_split_on_punctuation_but_keep_codes() {
        let t: Vec<_> =
            tokens("thu tuc 1.001612, le phi 1.500.000 vnd; 08/2015/nd-cp 1. .5 a.b").collect();
        assert_eq!(
            t,
            [
                "thu",
                "tuc",
                "1.001612",
                "le",
                "phi",
                "1.500.000",
                "vnd",
                "08",
                "2015",
                "nd",
                "cp",
                "1",
                "5",
                "a",
                "b"
            ]
        );
        assert_eq!(tokens(" ,;. ").count(), 0);
        assert_eq!(tokens("東京 x").collect::<Vec<_>>(), ["東京", "x"]);
    }
}
