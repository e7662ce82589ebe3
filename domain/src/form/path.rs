//! Field paths: `full_name`, `members[2].cccd` (item indexes count from 0).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub id: String,
    /// Item of a repeatable group; `None` for a plain field or a whole group.
    pub index: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a field path: {0:?}")]
pub struct PathError(pub String);

impl FieldPath {
    pub fn parse(s: &str) -> Result<FieldPath, PathError> {
        let err = || PathError(s.chars().take(80).collect());
        let mut segs = Vec::new();
        for part in s.split('.') {
            let (id, index) = match part.split_once('[') {
                Some((id, rest)) => {
                    let n = rest.strip_suffix(']').ok_or_else(err)?;
                    if n.is_empty() || n.len() > 6 || !n.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(err());
                    }
                    (id, Some(n.parse::<usize>().map_err(|_| err())?))
                }
                None => (part, None),
            };
            if !super::schema::valid_id(id) {
                return Err(err());
            }
            segs.push(Segment {
                id: id.to_owned(),
                index,
            });
        }
        Ok(FieldPath(segs))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(&s.id)?;
            if let Some(n) = s.index {
                write!(f, "[{n}]")?;
            }
        }
        Ok(())
    }
}
