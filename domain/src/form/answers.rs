//! What a person has entered so far: field id → answer.
//!
//! Answers travel as plain JSON (`{"full_name": "Nguyễn Văn A", "agree": true, …}`) and
//! live for weeks in drafts written by older app versions, so reading them never fails:
//! any JSON becomes [`Answers`], values that fit no answer shape are set aside as
//! "unreadable" (and reported by migration) instead of rejecting the whole draft.

use super::prefill::Provenance;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Key under which a draft that is not a JSON object at all is reported unreadable.
pub const WHOLE_DRAFT: &str = "$";

/// Key under which the answers carry the provenance of prefilled fields; no field id can
/// take it, since ids have no `$`.
pub const PROVENANCE_KEY: &str = "$provenance";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressAnswer {
    /// Province code of the 2025 map (e.g. 1 Hà Nội, 79 Hồ Chí Minh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<u32>,
    /// Ward/commune code within that province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ward: Option<u32>,
    /// House number and street, village or hamlet.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub street: String,
}

impl AddressAnswer {
    pub fn is_empty(&self) -> bool {
        self.province.is_none() && self.ward.is_none() && self.street.trim().is_empty()
    }
}

/// An uploaded file as the form knows it; the bytes live in the server's file store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    pub id: String,
    pub name: String,
    pub mime: String,
    /// Bytes.
    pub size: u64,
}

/// A stored value that fits no answer shape (e.g. a number where an address belongs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stored value fits no answer shape")]
pub struct Unreadable;

/// One answer. Serialised without a tag: a string, a boolean, a list of strings, a list
/// of group items (objects), an address object or a list of file objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Text(String),
    Bool(bool),
    List(Vec<String>),
    Files(Vec<FileMeta>),
    Group(Vec<Answers>),
    Address(AddressAnswer),
}

impl Answer {
    pub fn text(s: impl Into<String>) -> Answer {
        Answer::Text(s.into())
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Answer::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Booleans, also as the words an older client may have stored.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Answer::Bool(b) => Some(*b),
            Answer::Text(s) => match s.trim() {
                "true" | "yes" | "co" | "có" => Some(true),
                "false" | "no" | "khong" | "không" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// Selected values; a lone string counts as one selection.
    pub fn as_list(&self) -> Option<Cow<'_, [String]>> {
        match self {
            Answer::List(v) => Some(Cow::Borrowed(v)),
            Answer::Text(s) => Some(Cow::Owned(vec![s.clone()])),
            Answer::Files(f) if f.is_empty() => Some(Cow::Borrowed(&[])),
            Answer::Group(g) if g.is_empty() => Some(Cow::Borrowed(&[])),
            _ => None,
        }
    }

    pub fn as_files(&self) -> Option<&[FileMeta]> {
        match self {
            Answer::Files(f) => Some(f),
            Answer::List(v) if v.is_empty() => Some(&[]),
            Answer::Group(g) if g.is_empty() => Some(&[]),
            _ => None,
        }
    }

    /// Group items. Items whose fields happen to be named like file metadata were read
    /// back as files (JSON cannot tell them apart) and are turned back into items here.
    pub fn as_group(&self) -> Option<Cow<'_, [Answers]>> {
        match self {
            Answer::Group(g) => Some(Cow::Borrowed(g)),
            Answer::List(v) if v.is_empty() => Some(Cow::Borrowed(&[])),
            Answer::Files(files) => Some(Cow::Owned(
                files
                    .iter()
                    .map(|f| {
                        let mut a = Answers::new();
                        a.insert("id", Answer::text(&f.id));
                        a.insert("name", Answer::text(&f.name));
                        a.insert("mime", Answer::text(&f.mime));
                        a.insert("size", Answer::Text(f.size.to_string()));
                        a
                    })
                    .collect(),
            )),
            _ => None,
        }
    }

    pub fn as_address(&self) -> Option<&AddressAnswer> {
        match self {
            Answer::Address(a) => Some(a),
            _ => None,
        }
    }

    /// Nothing entered: blank text, no selection, no file, no item, empty address.
    /// A boolean is always an answer (false is "no").
    pub fn is_blank(&self) -> bool {
        match self {
            Answer::Text(s) => s.trim().is_empty(),
            Answer::Bool(_) => false,
            Answer::List(v) => v.iter().all(|s| s.trim().is_empty()),
            Answer::Files(f) => f.is_empty(),
            Answer::Group(g) => g.is_empty(),
            Answer::Address(a) => a.is_empty(),
        }
    }

    /// Reads an answer from any JSON-like value: `Ok(None)` for null (a cleared answer).
    pub fn from_loose(value: Loose) -> Result<Option<Answer>, Unreadable> {
        Ok(Some(match value {
            Loose::Null => return Ok(None),
            Loose::Bool(b) => Answer::Bool(b),
            Loose::Num(n) => Answer::Text(n),
            Loose::Str(s) => Answer::Text(s),
            Loose::List(items) => list_answer(items)?,
            Loose::Map(entries) => Answer::Address(address_answer(entries)?),
        }))
    }
}

fn list_answer(items: Vec<Loose>) -> Result<Answer, Unreadable> {
    if items.is_empty() {
        return Ok(Answer::List(Vec::new()));
    }
    if items
        .iter()
        .all(|v| matches!(v, Loose::Str(_) | Loose::Num(_) | Loose::Bool(_)))
    {
        return Ok(Answer::List(
            items
                .into_iter()
                .map(|v| match v {
                    Loose::Str(s) | Loose::Num(s) => s,
                    Loose::Bool(b) => b.to_string(),
                    _ => String::new(),
                })
                .collect(),
        ));
    }
    if !items.iter().all(|v| matches!(v, Loose::Map(_))) {
        return Err(Unreadable);
    }
    let files: Option<Vec<FileMeta>> = items.iter().map(file_meta).collect();
    if let Some(files) = files {
        return Ok(Answer::Files(files));
    }
    Ok(Answer::Group(
        items.into_iter().map(Answers::from_loose).collect(),
    ))
}

fn file_meta(v: &Loose) -> Option<FileMeta> {
    let Loose::Map(entries) = v else { return None };
    let get = |k: &str| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let string = |k: &str| match get(k) {
        Some(Loose::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let size = match get("size") {
        Some(Loose::Num(n)) | Some(Loose::Str(n)) => n.parse::<u64>().ok()?,
        _ => return None,
    };
    Some(FileMeta {
        id: string("id")?,
        name: string("name")?,
        mime: string("mime")?,
        size,
    })
}

fn address_answer(entries: Vec<(String, Loose)>) -> Result<AddressAnswer, Unreadable> {
    let mut a = AddressAnswer::default();
    let mut any = false;
    for (k, v) in entries {
        let code = |v: Loose| -> Result<Option<u32>, Unreadable> {
            match v {
                Loose::Null => Ok(None),
                Loose::Num(n) | Loose::Str(n) if n.trim().is_empty() => Ok(None),
                Loose::Num(n) | Loose::Str(n) => {
                    n.trim().parse::<u32>().map(Some).map_err(|_| Unreadable)
                }
                _ => Err(Unreadable),
            }
        };
        match k.as_str() {
            "province" => a.province = code(v)?,
            "ward" => a.ward = code(v)?,
            "street" => match v {
                Loose::Str(s) => a.street = s,
                Loose::Null => {}
                _ => return Err(Unreadable),
            },
            _ => return Err(Unreadable),
        }
        any = true;
    }
    if any {
        Ok(a)
    } else {
        Err(Unreadable)
    }
}

/// Field id → answer. Serialises as a plain JSON object, plus [`PROVENANCE_KEY`] when
/// some answers were prefilled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    values: BTreeMap<String, Answer>,
    /// Keys whose stored value fitted no answer shape; not serialised.
    unreadable: BTreeSet<String>,
    /// Top-level field id → where its prefilled value came from, sorted by id (a sorted
    /// list: a few entries, and no second map type to link).
    provenance: Vec<(String, Provenance)>,
}

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.values.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Answer> {
        self.values.get_mut(id)
    }

    pub fn insert(&mut self, id: impl Into<String>, answer: Answer) -> Option<Answer> {
        let id = id.into();
        self.unreadable.remove(&id);
        self.values.insert(id, answer)
    }

    /// Builder form of [`Answers::insert`].
    pub fn with(mut self, id: impl Into<String>, answer: Answer) -> Answers {
        self.insert(id, answer);
        self
    }

    /// Removes the answer and its provenance: nothing is left to vouch for.
    pub fn remove(&mut self, id: &str) -> Option<Answer> {
        if let Ok(i) = self.provenance_index(id) {
            self.provenance.remove(i);
        }
        self.values.remove(id)
    }

    /// What the person typed into `id`: stored like [`Answers::insert`], and a prefilled
    /// value that now differs is marked edited. (`insert` leaves provenance alone, so
    /// normalising a prefilled value does not count as an edit.)
    pub fn edit(&mut self, id: &str, answer: Answer) {
        if self.values.get(id) != Some(&answer) {
            if let Ok(i) = self.provenance_index(id) {
                self.provenance[i].1.edited = true;
            }
        }
        self.insert(id, answer);
    }

    /// Where the answer to the top-level field `id` was prefilled from, if it was.
    pub fn provenance(&self, id: &str) -> Option<&Provenance> {
        self.provenance_index(id)
            .ok()
            .map(|i| &self.provenance[i].1)
    }

    pub fn provenances(&self) -> impl Iterator<Item = (&str, &Provenance)> {
        self.provenance.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn set_provenance(&mut self, id: &str, p: Provenance) {
        match self.provenance_index(id) {
            Ok(i) => self.provenance[i].1 = p,
            Err(i) => self.provenance.insert(i, (id.to_owned(), p)),
        }
    }

    fn provenance_index(&self, id: &str) -> Result<usize, usize> {
        self.provenance
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Keys that were present in the stored JSON but could not be read.
    pub fn unreadable(&self) -> impl Iterator<Item = &str> {
        self.unreadable.iter().map(String::as_str)
    }

    /// Reads any JSON-like value; a non-object yields no answers and marks the whole
    /// draft ([`WHOLE_DRAFT`]) unreadable.
    pub fn from_loose(value: Loose) -> Answers {
        let mut out = Answers::new();
        match value {
            Loose::Map(entries) => {
                for (k, v) in entries {
                    if k == PROVENANCE_KEY {
                        if let Loose::Map(ps) = v {
                            for (id, p) in ps {
                                if let Some(p) = Provenance::from_loose(&p) {
                                    out.set_provenance(&id, p);
                                }
                            }
                        }
                        continue;
                    }
                    match Answer::from_loose(v) {
                        Ok(Some(a)) => {
                            out.values.insert(k, a);
                        }
                        Ok(None) => {}
                        Err(Unreadable) => {
                            out.unreadable.insert(k);
                        }
                    }
                }
            }
            Loose::Null => {}
            _ => {
                out.unreadable.insert(WHOLE_DRAFT.to_owned());
            }
        }
        out
    }
}

impl FromIterator<(String, Answer)> for Answers {
    fn from_iter<I: IntoIterator<Item = (String, Answer)>>(iter: I) -> Answers {
        Answers {
            values: iter.into_iter().collect(),
            unreadable: BTreeSet::new(),
            provenance: Vec::new(),
        }
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let extra = usize::from(!self.provenance.is_empty());
        let mut map = s.serialize_map(Some(self.values.len() + extra))?;
        for (k, v) in &self.values {
            map.serialize_entry(k, v)?;
        }
        if extra > 0 {
            struct ById<'a>(&'a [(String, Provenance)]);
            impl Serialize for ById<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
                }
            }
            map.serialize_entry(PROVENANCE_KEY, &ById(&self.provenance))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Answers, D::Error> {
        Ok(Answers::from_loose(Loose::deserialize(d)?))
    }
}

impl<'de> Deserialize<'de> for Answer {
    /// Fails only for values that fit no answer shape (or null); use [`Answers`] to read
    /// whole drafts leniently.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        match Answer::from_loose(Loose::deserialize(d)?) {
            Ok(Some(a)) => Ok(a),
            _ => Err(de::Error::custom("value fits no answer shape")),
        }
    }
}

/// Any JSON-like value, kept without `serde_json` so the phone app does not link it.
/// Numbers are kept as their decimal text: answers treat them as typed text anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loose {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    List(Vec<Loose>),
    /// Entries in document order; later duplicates are kept and win on lookup by the
    /// consumer's choice.
    Map(Vec<(String, Loose)>),
}

impl Loose {
    /// Looks up a dotted path such as `legal_representative.full_name`; numeric segments
    /// index lists.
    pub fn at(&self, path: &str) -> Option<&Loose> {
        path.split('.')
            .filter(|s| !s.is_empty())
            .try_fold(self, |v, seg| match v {
                Loose::Map(entries) => entries.iter().rev().find(|(k, _)| k == seg).map(|(_, v)| v),
                Loose::List(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            })
    }
}

/// Decimal text of a float without linking the standard float formatter (~11 KB of
/// WASM): six decimals at most, which is more than any form answer needs. Values beyond
/// ±10¹⁵ are no answer anyone typed; they read as null.
fn float_text(f: f64) -> Option<String> {
    if !f.is_finite() || f.abs() >= 1e15 {
        return None;
    }
    let micros = (f.abs() * 1e6).round() as u64;
    let (int, frac) = (micros / 1_000_000, micros % 1_000_000);
    let sign = if f < 0.0 && micros > 0 { "-" } else { "" };
    if frac == 0 {
        return Some(format!("{sign}{int}"));
    }
    let digits = format!("{frac:06}");
    Some(format!("{sign}{int}.{}", digits.trim_end_matches('0')))
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Loose, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loose;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose::Num(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose::Num(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
                Ok(float_text(v).map_or(Loose::Null, Loose::Num))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose, E> {
                Ok(Loose::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Loose, E> {
                Ok(Loose::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_none<E>(self) -> Result<Loose, E> {
                Ok(Loose::Null)
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
                Loose::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element::<Loose>()? {
                    items.push(v);
                }
                Ok(Loose::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<Loose, Loose>()? {
                    let key = match k {
                        Loose::Str(s) | Loose::Num(s) => s,
                        Loose::Bool(b) => b.to_string(),
                        _ => continue,
                    };
                    entries.push((key, v));
                }
                Ok(Loose::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Loose {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Loose::Null => s.serialize_unit(),
            Loose::Bool(b) => s.serialize_bool(*b),
            Loose::Num(n) => match (n.parse::<i64>(), n.parse::<f64>()) {
                (Ok(i), _) => s.serialize_i64(i),
                (_, Ok(f)) => s.serialize_f64(f),
                _ => s.serialize_str(n),
            },
            Loose::Str(v) => s.serialize_str(v),
            Loose::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Loose::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_become_short_decimal_text() {
        assert_eq!(float_text(1.5).as_deref(), Some("1.5"));
        assert_eq!(float_text(-0.25).as_deref(), Some("-0.25"));
        assert_eq!(float_text(1500000.0).as_deref(), Some("1500000"));
        assert_eq!(float_text(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(float_text(-0.0000001).as_deref(), Some("0"));
        assert_eq!(float_text(1e15), None);
        assert_eq!(float_text(f64::NAN), None);
    }
}
