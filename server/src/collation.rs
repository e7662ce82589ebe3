//! Vietnamese alphabetical order for the lists people pick from (fields, agencies,
//! provinces, wards). Byte order would put every name starting with Đ after Y, and
//! tone marks would scatter otherwise-equal names.

/// Letters in the order of the Vietnamese alphabet, with the Latin letters Vietnamese
/// does not use (f, j, w, z) where English puts them.
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// Each row: the toneless vowel, then the same vowel with huyền, hỏi, ngã, sắc, nặng —
/// the dictionary order of tones.
const TONES: [&str; 12] = [
    "aàảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "eèẻẽéẹ",
    "êềểễếệ",
    "iìỉĩíị",
    "oòỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "uùủũúụ",
    "ưừửữứự",
    "yỳỷỹýỵ",
];

/// Prefixes that name the kind of unit rather than the unit; sorting by them would put
/// every "Phường" before every "Xã".
const ADMIN_PREFIXES: [&str; 5] = ["Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "];

fn split_tone(c: char) -> (char, u8) {
    for row in TONES {
        if let Some(pos) = row.chars().position(|t| t == c) {
            return (row.chars().next().unwrap_or(c), pos as u8);
        }
    }
    (c, 0)
}

/// Text stored decomposed (NFD) carries marks as separate characters; fold them into
/// the letter before them so both forms sort alike.
fn apply_mark(letter: char, mark: char) -> Option<(char, Option<u8>)> {
    let tone = match mark {
        '\u{300}' => Some(1),
        '\u{309}' => Some(2),
        '\u{303}' => Some(3),
        '\u{301}' => Some(4),
        '\u{323}' => Some(5),
        _ => None,
    };
    if tone.is_some() {
        return Some((letter, tone));
    }
    let modified = match (letter, mark) {
        ('a', '\u{306}') => 'ă',
        ('a', '\u{302}') => 'â',
        ('e', '\u{302}') => 'ê',
        ('o', '\u{302}') => 'ô',
        ('o', '\u{31b}') => 'ơ',
        ('u', '\u{31b}') => 'ư',
        _ => return None,
    };
    Some((modified, None))
}

fn rank(c: char) -> u32 {
    if let Some(i) = ALPHABET.chars().position(|a| a == c) {
        return 300 + i as u32;
    }
    match c {
        c if c.is_whitespace() => 1,
        c if c.is_ascii_digit() => 200 + (c as u32 - '0' as u32),
        c if c.is_ascii() => 10 + c as u32,
        c => 1000 + c as u32,
    }
}

/// Orders by letters first, then tones, then the exact text, so the order is total and
/// stable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    letters: Vec<u32>,
    tones: Vec<u8>,
    text: String,
}

pub fn key(text: &str) -> SortKey {
    let mut letters: Vec<char> = Vec::with_capacity(text.len());
    let mut tones: Vec<u8> = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if let (Some(last), Some(last_tone)) = (letters.last_mut(), tones.last_mut()) {
            if let Some((letter, tone)) = apply_mark(*last, c) {
                *last = letter;
                if let Some(t) = tone {
                    *last_tone = t;
                }
                continue;
            }
        }
        let (base, tone) = split_tone(c);
        letters.push(base);
        tones.push(tone);
    }
    SortKey {
        letters: letters.into_iter().map(rank).collect(),
        tones,
        text: text.to_owned(),
    }
}

/// Key for an administrative unit's name: by the proper name, then the kind of unit.
pub fn admin_key(name: &str) -> (SortKey, SortKey) {
    let proper = ADMIN_PREFIXES
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name);
    (key(proper), key(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut names: Vec<&str>) -> Vec<&str> {
        names.sort_by_cached_key(|n| key(n));
        names
    }

    #[test]
    fn d_stroke_and_modified_vowels_follow_their_base_letters() {
        assert_eq!(
            sorted(vec![
                "Điện Biên",
                "Đà Nẵng",
                "Yên Bái",
                "Dak Lak",
                "Cà Mau",
                "Ân Thi",
                "Ăn",
                "An Giang",
                "Bắc Ninh"
            ]),
            vec![
                "An Giang",
                "Ăn",
                "Ân Thi",
                "Bắc Ninh",
                "Cà Mau",
                "Dak Lak",
                "Đà Nẵng",
                "Điện Biên",
                "Yên Bái"
            ]
        );
    }

    #[test]
    fn tones_order_after_letters() {
        assert_eq!(
            sorted(vec!["mạ", "má", "mã", "mả", "mà", "ma", "mai"]),
            vec!["ma", "mà", "mả", "mã", "má", "mạ", "mai"]
        );
    }

    #[test]
    fn decomposed_text_sorts_like_composed() {
        assert_eq!(key("Việt").letters, key("Vie\u{302}\u{323}t").letters);
        assert_eq!(key("Việt").tones, key("Vie\u{302}\u{323}t").tones);
        assert_eq!(key("Đà").letters, key("đa\u{300}").letters);
    }

    #[test]
    fn admin_names_sort_by_proper_name() {
        let mut names = vec![
            "Tỉnh An Giang",
            "Thành phố Hà Nội",
            "Thành phố Đà Nẵng",
            "Tỉnh Bắc Ninh",
        ];
        names.sort_by_cached_key(|n| admin_key(n));
        assert_eq!(
            names,
            vec![
                "Tỉnh An Giang",
                "Tỉnh Bắc Ninh",
                "Thành phố Đà Nẵng",
                "Thành phố Hà Nội"
            ]
        );
    }
}
