//! Short codes that carry a draft from one phone to another: a volunteer helping a citizen
//! on a shared tablet sends the draft (a [`crate::device_export`] file) to the server, reads
//! the code out or shows it, and the citizen types it on their own phone to take the draft.
//!
//! Codes are 8 characters of Crockford's base 32: digits and upper-case letters without
//! I, L, O and U, so nothing read aloud or copied by hand is ambiguous. Typing is
//! forgiving the way Crockford specifies: any case, spaces and dashes ignored, O read as
//! 0 and I or L as 1. 32⁸ ≈ 1.1 × 10¹² codes, drawn at random, live for a day and work
//! once, so guessing a live one is hopeless long before a rate limit would matter.

use crate::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Crockford's base-32 digits, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const CODE_LEN: usize = 8;
/// How long the server keeps a hand-off that nobody has taken.
pub const TTL_SECONDS: i64 = 24 * 60 * 60;

/// `POST /api/v1/handoffs` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffCreated {
    /// Canonical form, 8 characters; shown to people in two groups of four (`K7QX-3M2P`).
    #[cfg_attr(feature = "openapi", schema(example = "K7QX3M2P"))]
    pub code: String,
    /// RFC 3339, +07:00: a day after the upload.
    #[cfg_attr(feature = "openapi", schema(example = "2025-11-23T09:15:00+07:00"))]
    pub expires_at: String,
}

/// A well-formed code, in canonical form (`K7QX3M2P`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HandoffCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoffCodeError {
    #[error("no hand-off code given")]
    Empty,
    #[error("{0:?} cannot appear in a hand-off code")]
    BadCharacter(char),
    #[error("a hand-off code has {CODE_LEN} characters, not {0}")]
    Length(usize),
}

impl HandoffCodeError {
    pub fn message_vi(&self) -> String {
        match self {
            HandoffCodeError::Empty => "Chưa nhập mã nhận bản nháp.".into(),
            HandoffCodeError::BadCharacter(c) => format!(
                "Mã nhận bản nháp chỉ gồm chữ số và chữ cái (không có chữ U); ký tự “{c}” không hợp lệ. Vui lòng kiểm tra lại mã."
            ),
            HandoffCodeError::Length(n) => format!(
                "Mã nhận bản nháp gồm {CODE_LEN} ký tự, mã vừa nhập có {n} ký tự. Vui lòng kiểm tra lại mã."
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            HandoffCodeError::Empty => "No hand-off code entered.".into(),
            HandoffCodeError::BadCharacter(c) => format!(
                "A hand-off code has only digits and letters (no U); “{c}” is not one of them. Please check the code."
            ),
            HandoffCodeError::Length(n) => format!(
                "A hand-off code has {CODE_LEN} characters; this one has {n}. Please check the code."
            ),
        }
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidParameter,
            self.message_vi(),
            self.message_en(),
        )
    }
}

/// Dashes people or keyboards put between groups: ASCII and the Unicode hyphens and dashes
/// (U+2010–U+2015) that autocorrect substitutes.
fn is_dash(c: char) -> bool {
    c == '-' || ('\u{2010}'..='\u{2015}').contains(&c)
}

impl HandoffCode {
    /// The code for `CODE_LEN` random bytes, one character per byte. 256 is a multiple
    /// of 32, so keeping the low five bits leaves every character equally likely.
    pub fn from_random(bytes: [u8; CODE_LEN]) -> HandoffCode {
        HandoffCode(
            bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect(),
        )
    }

    /// Reads a code as a person typed it: case, spaces and dashes do not matter, and the
    /// look-alikes O, I and L are read as 0, 1 and 1.
    pub fn parse(input: &str) -> Result<HandoffCode, HandoffCodeError> {
        let mut out = String::with_capacity(CODE_LEN);
        let mut len = 0usize;
        for c in input.chars() {
            if c.is_whitespace() || is_dash(c) {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return Err(HandoffCodeError::BadCharacter(c)),
            };
            len += 1;
            if len <= CODE_LEN {
                out.push(c);
            }
        }
        match len {
            0 => Err(HandoffCodeError::Empty),
            CODE_LEN => Ok(HandoffCode(out)),
            n => Err(HandoffCodeError::Length(n)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Two groups of four (`K7QX-3M2P`), easier to read out and to copy.
    pub fn grouped(&self) -> String {
        let (a, b) = self.0.split_at(CODE_LEN / 2);
        format!("{a}-{b}")
    }
}

impl fmt::Display for HandoffCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_is_crockfords() {
        let letters: String = ALPHABET.iter().map(|&b| char::from(b)).collect();
        assert_eq!(letters, "0123456789ABCDEFGHJKMNPQRSTVWXYZ");
        for c in ['I', 'L', 'O', 'U'] {
            assert!(!letters.contains(c));
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), 32);
    }

    #[test]
    fn random_bytes_map_evenly_onto_the_alphabet() {
        let mut seen = [0u32; 32];
        for b in 0..=255u8 {
            let code = HandoffCode::from_random([b; CODE_LEN]);
            let c = code.as_str().as_bytes()[0];
            seen[ALPHABET.iter().position(|&x| x == c).unwrap()] += 1;
            assert_eq!(HandoffCode::parse(code.as_str()), Ok(code));
        }
        assert!(seen.iter().all(|&n| n == 8), "{seen:?}");
        assert_eq!(
            HandoffCode::from_random([0, 1, 2, 3, 28, 29, 30, 31]).as_str(),
            "0123WXYZ"
        );
    }

    #[test]
    fn typing_is_forgiving_like_crockford() {
        let code = HandoffCode::parse("K7QX3M2P").unwrap();
        for typed in [
            "k7qx3m2p",
            "K7QX-3M2P",
            " k7qx 3m2p ",
            "K7-QX-3M-2P",
            "K7QX\u{2013}3M2P",
            "K7QX\t3M2P\n",
        ] {
            assert_eq!(HandoffCode::parse(typed).as_ref(), Ok(&code), "{typed:?}");
        }
        assert_eq!(
            HandoffCode::parse("O1IL-oil0").unwrap().as_str(),
            "01110110"
        );
        assert_eq!(code.grouped(), "K7QX-3M2P");
        assert_eq!(code.to_string(), "K7QX3M2P");
    }

    #[test]
    fn wrong_codes_say_what_is_wrong() {
        assert_eq!(HandoffCode::parse(""), Err(HandoffCodeError::Empty));
        assert_eq!(HandoffCode::parse(" - "), Err(HandoffCodeError::Empty));
        assert_eq!(
            HandoffCode::parse("K7QX3M2"),
            Err(HandoffCodeError::Length(7))
        );
        assert_eq!(
            HandoffCode::parse("K7QX3M2PP"),
            Err(HandoffCodeError::Length(9))
        );
        assert_eq!(
            HandoffCode::parse(&"A".repeat(1000)),
            Err(HandoffCodeError::Length(1000))
        );
        assert_eq!(
            HandoffCode::parse("K7QU3M2P"),
            Err(HandoffCodeError::BadCharacter('U'))
        );
        assert_eq!(
            HandoffCode::parse("K7QX3M2*"),
            Err(HandoffCodeError::BadCharacter('*'))
        );
        assert_eq!(
            HandoffCode::parse("K7QX3M2Đ"),
            Err(HandoffCodeError::BadCharacter('Đ'))
        );
        let e = HandoffCodeError::Length(7);
        assert!(e.message_vi().contains("8 ký tự"), "{}", e.message_vi());
        assert!(e.message_en().contains("8 characters"));
        assert!(HandoffCodeError::BadCharacter('U')
            .message_vi()
            .contains("“U”"));
    }
}
