//! Mã số thuế (MST), the tax code of an enterprise, organisation or branch.
//!
//! Ten digits: two for the province where it was first issued, seven sequential, one check
//! digit; a dependent unit (branch, representative office) appends `-` and three digits.
//! Check digit: weights 31, 29, 23, 19, 17, 13, 7, 5, 3 over the first nine digits,
//! `check = 10 − (sum mod 11)`; a result of 10 means no valid code exists for those nine
//! digits. Structure as in Thông tư 105/2020/TT-BTC (Điều 5); the weights and the
//! rejection of an all-zero sequence or a "-000" branch follow python-stdnum's
//! `stdnum.vn.mst`, whose published test list of real codes our tests reuse.

use super::{digits_only, echo};
use std::fmt;

const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// A tax code whose structure and check digit are valid (not that it is registered).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mst {
    base: String,
    branch: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MstError {
    #[error("empty tax code")]
    Empty,
    #[error("tax code contains characters other than digits: {0:?}")]
    InvalidCharacters(String),
    #[error("a tax code has 10 digits, or 10 + 3 for a branch; got {0}")]
    WrongLength(usize),
    #[error("tax code {0} has an all-zero sequence number")]
    ZeroSequence(String),
    #[error("tax code {0} has a wrong check digit")]
    CheckDigit(String),
    #[error("branch suffix of {0} cannot be 000")]
    ZeroBranch(String),
}

impl MstError {
    pub fn message_vi(&self) -> String {
        match self {
            MstError::Empty => "Chưa nhập mã số thuế".into(),
            MstError::InvalidCharacters(s) => {
                format!("Mã số thuế chỉ gồm chữ số (và dấu - trước 3 số của đơn vị phụ thuộc), không hợp lệ: {s}")
            }
            MstError::WrongLength(n) => format!(
                "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số + \"-\" + 3 chữ số với chi nhánh; bạn nhập {n} chữ số"
            ),
            MstError::ZeroSequence(m) => format!("Mã số thuế {m} không hợp lệ (7 chữ số thứ tự đều là 0)"),
            MstError::CheckDigit(m) => format!("Mã số thuế {m} có chữ số kiểm tra sai, vui lòng kiểm tra lại"),
            MstError::ZeroBranch(m) => format!("Mã số thuế {m}: 3 số của đơn vị phụ thuộc không thể là 000"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            MstError::Empty => "No tax code entered".into(),
            MstError::InvalidCharacters(s) => {
                format!("A tax code contains only digits (and a - before a branch's 3 digits); not valid: {s}")
            }
            MstError::WrongLength(n) => {
                format!(
                    "A tax code has 10 digits, or 10 digits + \"-\" + 3 digits for a branch; you entered {n} digits"
                )
            }
            MstError::ZeroSequence(m) => {
                format!("Tax code {m} is not valid (its 7-digit sequence is all zeros)")
            }
            MstError::CheckDigit(m) => {
                format!("Tax code {m} has a wrong check digit; please check it")
            }
            MstError::ZeroBranch(m) => format!("Tax code {m}: a branch number cannot be 000"),
        }
    }
}

/// The check digit for nine leading digits, or `None` when the weighted sum leaves
/// remainder 0 (the formula would give 10, which no code can carry).
pub fn check_digit(first_nine: &[u8; 9]) -> Option<u8> {
    let sum: u32 = first_nine
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    let check = 10 - sum % 11;
    (check < 10).then_some(check as u8)
}

impl Mst {
    /// Accepts `0100109106`, `0100109106-001`, `0100109106 - 001`, `0100109106001` and
    /// spaced or dotted forms such as `01.00.109.106`.
    pub fn parse(input: &str) -> Result<Mst, MstError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(MstError::Empty);
        }
        let (head, tail) = match trimmed.split_once(['-', '–']) {
            Some((h, t)) => (h, Some(t)),
            None => (trimmed, None),
        };
        let bad = || MstError::InvalidCharacters(echo(trimmed));
        let head = digits_only(head, &['.']).ok_or_else(bad)?;
        let tail = match tail {
            Some(t) => Some(digits_only(t, &['.']).ok_or_else(bad)?),
            None => None,
        };
        let (base, branch) = match tail {
            Some(t) if head.len() == 10 && t.len() == 3 => (head, Some(t)),
            Some(t) => return Err(MstError::WrongLength(head.len() + t.len())),
            None if head.len() == 10 => (head, None),
            None if head.len() == 13 => (head[..10].to_owned(), Some(head[10..].to_owned())),
            None => return Err(MstError::WrongLength(head.len())),
        };
        let shown = match &branch {
            Some(b) => format!("{base}-{b}"),
            None => base.clone(),
        };
        if &base[2..9] == "0000000" {
            return Err(MstError::ZeroSequence(shown));
        }
        let mut nine = [0u8; 9];
        for (slot, b) in nine.iter_mut().zip(base.bytes()) {
            *slot = b - b'0';
        }
        let last = base.as_bytes()[9] - b'0';
        if check_digit(&nine) != Some(last) {
            return Err(MstError::CheckDigit(shown));
        }
        if branch.as_deref() == Some("000") {
            return Err(MstError::ZeroBranch(shown));
        }
        Ok(Mst { base, branch })
    }

    /// The ten-digit code of the enterprise itself (without any branch suffix).
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn branch(&self) -> Option<&str> {
        self.branch.as_deref()
    }

    /// The form to store and show: `0100109106` or `0100109106-001`.
    pub fn canonical(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Mst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.branch {
            Some(b) => write!(f, "{}-{}", self.base, b),
            None => f.write_str(&self.base),
        }
    }
}
