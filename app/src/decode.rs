//! Reads the API's JSON into domain types through the browser's own `JSON.parse`.
//!
//! `serde_json` and the derived visitors cost about 45 KB of WASM, over a third of what
//! the whole first load may weigh, while the browser already ships a fast JSON parser.
//! The shapes mirror the `serde` attributes in `domain` (short keys in the index,
//! missing lists as empty, missing options as `None`); anything that does not fit is
//! rejected whole, so callers treat it like a failed download.

use domain::catalogue::INDEX_FORMAT;
use domain::procedure::{Fee, Online};
use domain::{CatalogueIndex, Document, FeeSummary, IndexEntry, Level, Procedure};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;

/// Why a body could not be read; the detail is for the console, not for users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not JSON")]
    Syntax,
    #[error("unexpected shape at `{0}`")]
    Shape(&'static str),
    #[error("catalogue format {0} is not the one this app reads")]
    Format(u32),
}

type Result<T> = std::result::Result<T, DecodeError>;

pub fn catalogue(text: &str) -> Result<CatalogueIndex> {
    let v = JSON::parse(text).map_err(|_| DecodeError::Syntax)?;
    let format = u32::try_from(int(&field(&v, "format"), "format")?).map_err(|_| DecodeError::Shape("format"))?;
    if format != INDEX_FORMAT {
        return Err(DecodeError::Format(format));
    }
    let fields = list(&field(&v, "fields"), "fields", |s| string(s, "fields"))?;
    let agencies = list(&field(&v, "agencies"), "agencies", |s| string(s, "agencies"))?;
    let items = list(&field(&v, "items"), "items", entry)?;
    Ok(CatalogueIndex { format, fields, agencies, items })
}

fn entry(e: &JsValue) -> Result<IndexEntry> {
    let fee = field(e, "p");
    let fee = if fee.is_undefined() || fee.is_null() {
        FeeSummary::default()
    } else {
        FeeSummary {
            min_vnd: opt(&field(&fee, "min"), |v| int(v, "p.min"))?,
            max_vnd: opt(&field(&fee, "max"), |v| int(v, "p.max"))?,
            free: flag(&field(&fee, "free"), "p.free")?,
            online_fee_vnd: opt(&field(&fee, "on"), |v| int(v, "p.on"))?,
        }
    };
    Ok(IndexEntry {
        code: string(&field(e, "c"), "c")?,
        name: string(&field(e, "n"), "n")?,
        field: small(&field(e, "f"), "f")?,
        agency: opt(&field(e, "a"), |v| small(v, "a"))?,
        level: opt(&field(e, "l"), level)?,
        online: opt(&field(e, "o"), online)?,
        online_channel: flag(&field(e, "w"), "w")?,
        fee,
    })
}

pub fn procedure(text: &str) -> Result<Procedure> {
    let v = JSON::parse(text).map_err(|_| DecodeError::Syntax)?;
    Ok(Procedure {
        code: string(&field(&v, "code"), "code")?,
        name: string(&field(&v, "name"), "name")?,
        field: string(&field(&v, "field"), "field")?,
        agency: opt_string(&v, "agency")?,
        level: opt(&field(&v, "level"), level)?,
        online: opt(&field(&v, "online"), online)?,
        processing_time: opt_string(&v, "processing_time")?,
        fees: list_or_empty(&field(&v, "fees"), "fees", |f| {
            Ok(Fee {
                description: opt_string(f, "description")?,
                amount_vnd: opt(&field(f, "amount_vnd"), |a| int(a, "fees.amount_vnd"))?,
                text: string(&field(f, "text"), "fees.text")?,
            })
        })?,
        documents: list_or_empty(&field(&v, "documents"), "documents", |d| {
            Ok(Document {
                name: string(&field(d, "name"), "documents.name")?,
                copies: opt_string(d, "copies")?,
                required: opt(&field(d, "required"), |b| flag(b, "documents.required"))?,
            })
        })?,
        steps: list_or_empty(&field(&v, "steps"), "steps", |s| string(s, "steps"))?,
        result: opt_string(&v, "result")?,
        legal_basis: list_or_empty(&field(&v, "legal_basis"), "legal_basis", |s| string(s, "legal_basis"))?,
        source: opt_string(&v, "source")?.unwrap_or_default(),
    })
}

fn field(o: &JsValue, key: &str) -> JsValue {
    if o.is_object() {
        Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn string(v: &JsValue, at: &'static str) -> Result<String> {
    v.as_string().ok_or(DecodeError::Shape(at))
}

fn opt_string(o: &JsValue, key: &'static str) -> Result<Option<String>> {
    opt(&field(o, key), |v| string(v, key))
}

/// A JSON number that is a whole number JavaScript represents exactly.
fn int(v: &JsValue, at: &'static str) -> Result<i64> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE => Ok(n as i64),
        _ => Err(DecodeError::Shape(at)),
    }
}

fn small(v: &JsValue, at: &'static str) -> Result<u16> {
    u16::try_from(int(v, at)?).map_err(|_| DecodeError::Shape(at))
}

/// A boolean where absence means false, as `#[serde(default)]` reads it.
fn flag(v: &JsValue, at: &'static str) -> Result<bool> {
    if v.is_undefined() || v.is_null() {
        Ok(false)
    } else {
        v.as_bool().ok_or(DecodeError::Shape(at))
    }
}

fn level(v: &JsValue) -> Result<Level> {
    v.as_string().as_deref().and_then(Level::parse).ok_or(DecodeError::Shape("level"))
}

fn online(v: &JsValue) -> Result<Online> {
    match v.as_string().as_deref() {
        Some("full") => Ok(Online::Full),
        Some("partial") => Ok(Online::Partial),
        _ => Err(DecodeError::Shape("online")),
    }
}

fn opt<T>(v: &JsValue, read: impl Fn(&JsValue) -> Result<T>) -> Result<Option<T>> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        read(v).map(Some)
    }
}

fn list<T>(v: &JsValue, at: &'static str, read: impl Fn(&JsValue) -> Result<T>) -> Result<Vec<T>> {
    if !Array::is_array(v) {
        return Err(DecodeError::Shape(at));
    }
    Array::from(v).iter().map(|x| read(&x)).collect()
}

fn list_or_empty<T>(v: &JsValue, at: &'static str, read: impl Fn(&JsValue) -> Result<T>) -> Result<Vec<T>> {
    if v.is_undefined() || v.is_null() {
        Ok(Vec::new())
    } else {
        list(v, at, read)
    }
}
