//! A procedure (thủ tục hành chính, TTHC) as the national catalogue publishes it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Level of government that handles a procedure (cấp thực hiện).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Level {
    Province,
    /// Kept only to read older records: districts were abolished on 1 July 2025.
    District,
    Commune,
    Ministry,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::District,
        Level::Commune,
        Level::Ministry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Ministry => "ministry",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Whether the procedure's own name says it is a full (toàn trình) or partial online service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Online {
    Full,
    Partial,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fee {
    pub description: Option<String>,
    pub amount_vnd: Option<i64>,
    pub text: String,
}

/// A required document. `copies == None` marks a group heading, not a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    pub name: String,
    pub copies: Option<String>,
    pub required: Option<bool>,
}

impl Document {
    pub fn is_heading(&self) -> bool {
        self.copies.is_none()
    }

    /// Documents under their group headings. Entries without a number of copies are the
    /// headings themselves, so they title a sub-list instead of being listed as papers to
    /// bring.
    pub fn groups(documents: &[Document]) -> Vec<DocGroup> {
        let mut groups: Vec<DocGroup> = Vec::new();
        for d in documents.iter().cloned() {
            if d.is_heading() {
                groups.push(DocGroup { heading: Some(d.name), items: Vec::new() });
            } else if let Some(g) = groups.last_mut() {
                g.items.push(d);
            } else {
                groups.push(DocGroup { heading: None, items: vec![d] });
            }
        }
        groups
    }
}

/// A heading of the document list and the papers under it; see [`Document::groups`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocGroup {
    pub heading: Option<String>,
    pub items: Vec<Document>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub field: String,
    pub agency: Option<String>,
    pub level: Option<Level>,
    pub online: Option<Online>,
    pub processing_time: Option<String>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub steps: Vec<String>,
    pub result: Option<String>,
    #[serde(default)]
    pub legal_basis: Vec<String>,
    pub source: String,
}

/// A national procedure code such as `1.004222`: one digit, a dot, six digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcedureCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mã thủ tục không hợp lệ / invalid procedure code: {0:?}")]
pub struct InvalidProcedureCode(pub String);

impl ProcedureCode {
    pub fn parse(s: &str) -> Result<Self, InvalidProcedureCode> {
        let b = s.as_bytes();
        let ok = b.len() == 8
            && b[0].is_ascii_digit()
            && b[1] == b'.'
            && b[2..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(ProcedureCode(s.to_owned()))
        } else {
            Err(InvalidProcedureCode(s.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_one_digit_dot_six_digits() {
        assert!(ProcedureCode::parse("1.004222").is_ok());
        for bad in [
            "",
            "1004222",
            "1.00422",
            "1.0042222",
            "a.004222",
            "1,004222",
            "1.00422x",
        ] {
            assert!(ProcedureCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn level_round_trips() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
        assert_eq!(Level::parse("district-ish"), None);
    }
}
