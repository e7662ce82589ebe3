//! A pragmatic e-mail check: what agencies' mail servers will actually deliver to.
//!
//! Not RFC 5322 in full: quoted local parts, comments and IP-literal domains are valid
//! there but are in practice typing mistakes on a public-service form. Non-ASCII is
//! refused with its own message because the usual cause is a Vietnamese keyboard adding
//! tone marks, not an internationalised address.

use super::echo;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("empty e-mail")]
    Empty,
    #[error("e-mail contains spaces: {0:?}")]
    Spaces(String),
    #[error("e-mail contains accented or non-ASCII characters: {0:?}")]
    NonAscii(String),
    #[error("e-mail has no @: {0:?}")]
    MissingAt(String),
    #[error("e-mail has more than one @: {0:?}")]
    MultipleAt(String),
    #[error("the part before @ is not valid: {0:?}")]
    LocalPart(String),
    #[error("the domain after @ is not valid: {0:?}")]
    Domain(String),
    #[error("e-mail is longer than 254 characters")]
    TooLong,
}

impl EmailError {
    pub fn message_vi(&self) -> String {
        let example = "ví dụ ten@example.com";
        match self {
            EmailError::Empty => "Chưa nhập email".into(),
            EmailError::Spaces(s) => format!("Email không được có dấu cách: {s}"),
            EmailError::NonAscii(s) => {
                format!("Email chỉ dùng chữ không dấu (hãy tắt bộ gõ tiếng Việt): {s}")
            }
            EmailError::MissingAt(s) => format!("Email thiếu ký tự @, {example}: {s}"),
            EmailError::MultipleAt(s) => format!("Email chỉ có một ký tự @: {s}"),
            EmailError::LocalPart(s) => {
                format!("Phần trước @ của email không hợp lệ, {example}: {s}")
            }
            EmailError::Domain(s) => {
                format!("Tên miền sau @ của email không hợp lệ, {example}: {s}")
            }
            EmailError::TooLong => "Email dài quá 254 ký tự".into(),
        }
    }

    pub fn message_en(&self) -> String {
        let example = "e.g. name@example.com";
        match self {
            EmailError::Empty => "No e-mail entered".into(),
            EmailError::Spaces(s) => format!("An e-mail address cannot contain spaces: {s}"),
            EmailError::NonAscii(s) => {
                format!("An e-mail address uses unaccented letters only (turn off the Vietnamese keyboard): {s}")
            }
            EmailError::MissingAt(s) => format!("The e-mail address has no @, {example}: {s}"),
            EmailError::MultipleAt(s) => format!("An e-mail address has only one @: {s}"),
            EmailError::LocalPart(s) => format!("The part before @ is not valid, {example}: {s}"),
            EmailError::Domain(s) => format!("The domain after @ is not valid, {example}: {s}"),
            EmailError::TooLong => "The e-mail address is longer than 254 characters".into(),
        }
    }
}

const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";

fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels.last().is_some_and(|t| {
        (t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic())) || t.starts_with("xn--")
    });
    domain.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.chars().any(char::is_whitespace) {
            return Err(EmailError::Spaces(echo(s)));
        }
        if !s.is_ascii() {
            return Err(EmailError::NonAscii(echo(s)));
        }
        if s.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s
            .split_once('@')
            .ok_or_else(|| EmailError::MissingAt(echo(s)))?;
        if domain.contains('@') {
            return Err(EmailError::MultipleAt(echo(s)));
        }
        if !valid_local(local) {
            return Err(EmailError::LocalPart(echo(s)));
        }
        // Domains are case-insensitive; the local part officially is not, so it is kept.
        let domain = domain.to_ascii_lowercase();
        if !valid_domain(&domain) {
            return Err(EmailError::Domain(echo(s)));
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
