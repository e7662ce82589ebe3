//! Vietnamese identifiers people type into forms: tax codes, citizen ID numbers, mobile
//! numbers, e-mail addresses and business-line codes.
//!
//! Each parser trims and normalises what it can (spaces, dots, "+84") and returns a typed
//! value or an error whose `message_vi`/`message_en` say exactly what is wrong, so the
//! form layer can show it without a second opinion. No regex: the rules are short and the
//! crate ships to phones.

pub mod cccd;
pub mod email;
pub mod mst;
pub mod phone;
pub mod vsic;

pub use cccd::{Cccd, CccdError, Sex};
pub use email::{Email, EmailError};
pub use mst::{Mst, MstError};
pub use phone::{Carrier, Landline, Phone, PhoneError};
pub use vsic::{Vsic, VsicError};

/// Keeps only ASCII digits, failing on anything that is not a digit or one of `allowed`
/// separators.
pub(crate) fn digits_only(input: &str, allowed: &[char]) -> Option<String> {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !(c.is_whitespace() || allowed.contains(&c)) {
            return None;
        }
    }
    Some(out)
}

/// Shortens user input before echoing it in a message, so a pasted page does not become
/// the error text.
pub(crate) fn echo(input: &str) -> String {
    let t = input.trim();
    if t.chars().count() <= 24 {
        t.to_owned()
    } else {
        let mut s: String = t.chars().take(22).collect();
        s.push('…');
        s
    }
}
