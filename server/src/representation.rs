//! One response body in its identity, gzip and brotli forms, with its ETag, and the
//! request-header rules (Accept-Encoding, If-None-Match) that pick what to send.
//!
//! Each content coding gets its own strong ETag (`"<hash>"`, `"<hash>-gz"`, `"<hash>-br"`):
//! a strong validator promises identical bytes, and the three forms are not identical.

use axum::body::Body;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

use crate::compress_cache::{self, CompressCache};
use crate::error::AppError;

/// Below this, compression saves fewer bytes than the headers it costs.
const MIN_COMPRESS_BYTES: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    Identity,
    Gzip,
    Br,
}

impl Coding {
    fn header_value(self) -> Option<HeaderValue> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Br => Some(HeaderValue::from_static("br")),
        }
    }

    fn etag_suffix(self) -> &'static str {
        match self {
            Coding::Identity => "",
            Coding::Gzip => "-gz",
            Coding::Br => "-br",
        }
    }
}

/// How hard to compress: once at startup we can afford slow, small output; per
/// request we cannot.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    gzip_level: u32,
    brotli_quality: u32,
}

impl Effort {
    pub const PER_REQUEST: Effort = Effort {
        gzip_level: 6,
        brotli_quality: 5,
    };

    pub fn startup(brotli_quality: u32) -> Effort {
        Effort {
            gzip_level: 9,
            brotli_quality: brotli_quality.min(11),
        }
    }
}

pub fn hash_hex(body: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(body))
}

fn etag(hash: &str, coding: Coding) -> HeaderValue {
    // Only hex digits and a fixed suffix: always a valid header value.
    HeaderValue::from_str(&format!("\"{hash}{}\"", coding.etag_suffix()))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

pub fn gzip(data: &[u8], effort: Effort) -> std::io::Result<Vec<u8>> {
    let level = flate2::Compression::new(effort.gzip_level);
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 4), level);
    encoder.write_all(data)?;
    encoder.finish()
}

pub fn brotli(data: &[u8], effort: Effort) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: effort.brotli_quality as i32,
        lgwin: 22,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 4);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

/// Quality values of the codings we can produce, as the client stated them.
fn accepted(headers: &HeaderMap) -> (f32, f32) {
    let (mut br, mut gzip, mut star) = (None, None, None);
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let mut q = Some(1.0_f32);
            for param in parts {
                if let Some((k, v)) = param.split_once('=') {
                    if k.trim().eq_ignore_ascii_case("q") {
                        // A q we cannot read is treated as a refusal rather than a guess.
                        q = v
                            .trim()
                            .parse::<f32>()
                            .ok()
                            .filter(|q| (0.0..=1.0).contains(q));
                    }
                }
            }
            let q = q.unwrap_or(0.0);
            match name.as_str() {
                "br" => br = Some(q),
                "gzip" | "x-gzip" => gzip = Some(q),
                "*" => star = Some(q),
                _ => {}
            }
        }
    }
    let star = star.unwrap_or(0.0);
    (br.unwrap_or(star), gzip.unwrap_or(star))
}

fn choose(headers: &HeaderMap, has_br: bool, has_gzip: bool) -> Coding {
    let (q_br, q_gzip) = accepted(headers);
    let q_br = if has_br { q_br } else { 0.0 };
    let q_gzip = if has_gzip { q_gzip } else { 0.0 };
    if q_br > 0.0 && q_br >= q_gzip {
        Coding::Br
    } else if q_gzip > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// RFC 9110 §13.1.2: `*` matches any current representation; otherwise the weak
/// comparison, where `W/"x"` and `"x"` are the same validator.
pub fn if_none_match_hits(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.as_bytes();
    let ours = ours.strip_prefix(b"W/").unwrap_or(ours);
    headers.get_all(header::IF_NONE_MATCH).iter().any(|value| {
        let mut rest = value.as_bytes();
        loop {
            rest = trim_list_separators(rest);
            if rest.is_empty() {
                return false;
            }
            if rest[0] == b'*' {
                return true;
            }
            let tag_start = rest.strip_prefix(b"W/").unwrap_or(rest);
            if tag_start.first() != Some(&b'"') {
                // Not an entity-tag: the rest of this header cannot be trusted.
                return false;
            }
            let Some(close) = tag_start[1..].iter().position(|&b| b == b'"') else {
                return false;
            };
            let tag = &tag_start[..close + 2];
            if tag == ours {
                return true;
            }
            rest = &tag_start[close + 2..];
        }
    })
}

fn trim_list_separators(mut s: &[u8]) -> &[u8] {
    while let Some((&first, tail)) = s.split_first() {
        if first == b',' || first == b' ' || first == b'\t' {
            s = tail;
        } else {
            break;
        }
    }
    s
}

fn not_modified(etag: HeaderValue, cache_control: &HeaderValue, vary: bool) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    let h = response.headers_mut();
    h.insert(header::ETAG, etag);
    h.insert(header::CACHE_CONTROL, cache_control.clone());
    if vary {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn full(
    body: Bytes,
    coding: Coding,
    etag: HeaderValue,
    content_type: &HeaderValue,
    cache_control: &HeaderValue,
    vary: bool,
) -> Response {
    let mut response = Response::new(Body::from(body));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type.clone());
    h.insert(header::CACHE_CONTROL, cache_control.clone());
    h.insert(header::ETAG, etag);
    if let Some(enc) = coding.header_value() {
        h.insert(header::CONTENT_ENCODING, enc);
    }
    if vary {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// A body whose encoded forms were all made ahead of time (startup), so answering
/// costs no CPU beyond header parsing.
#[derive(Debug, Clone)]
pub struct Representation {
    content_type: HeaderValue,
    cache_control: HeaderValue,
    hash: String,
    identity: Bytes,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
}

impl Representation {
    /// `compressible` is false for formats that are already compressed (images, fonts).
    pub fn new(
        body: Vec<u8>,
        content_type: HeaderValue,
        cache_control: HeaderValue,
        compressible: bool,
        effort: Effort,
        cache: &CompressCache,
    ) -> std::io::Result<Representation> {
        let hash = hash_hex(&body);
        let (mut gz, mut br) = (None, None);
        if compressible && body.len() >= MIN_COMPRESS_BYTES {
            // Keep an encoding only when it actually wins.
            let g = cache.get_or_make(
                format!("{hash}.gz{}", effort.gzip_level),
                &body,
                compress_cache::gunzip,
                || gzip(&body, effort),
            )?;
            if g.len() < body.len() {
                gz = Some(Bytes::from(g));
            }
            let b = cache.get_or_make(
                format!("{hash}.br{}", effort.brotli_quality),
                &body,
                compress_cache::unbrotli,
                || brotli(&body, effort),
            )?;
            if b.len() < body.len() {
                br = Some(Bytes::from(b));
            }
        }
        Ok(Representation {
            content_type,
            cache_control,
            hash,
            identity: Bytes::from(body),
            gzip: gz,
            br,
        })
    }

    pub fn identity(&self) -> &Bytes {
        &self.identity
    }

    /// The brotli form, when it is smaller than the identity body.
    pub fn brotli(&self) -> Option<&Bytes> {
        self.br.as_ref()
    }

    fn varies(&self) -> bool {
        self.gzip.is_some() || self.br.is_some()
    }

    pub fn respond(&self, request: &HeaderMap) -> Response {
        let coding = choose(request, self.br.is_some(), self.gzip.is_some());
        let tag = etag(&self.hash, coding);
        if if_none_match_hits(request, &tag) {
            return not_modified(tag, &self.cache_control, self.varies());
        }
        let body = match coding {
            Coding::Br => self.br.clone(),
            Coding::Gzip => self.gzip.clone(),
            Coding::Identity => None,
        }
        .unwrap_or_else(|| self.identity.clone());
        full(
            body,
            coding,
            tag,
            &self.content_type,
            &self.cache_control,
            self.varies(),
        )
    }
}

/// Answers with a body made for this request: the ETag check runs before any
/// compression, and compression runs off the async workers.
pub async fn respond_dynamic(
    request: &HeaderMap,
    body: Vec<u8>,
    content_type: HeaderValue,
    cache_control: HeaderValue,
) -> Result<Response, AppError> {
    let compressible = body.len() >= MIN_COMPRESS_BYTES;
    let coding = choose(request, compressible, compressible);
    let hash = hash_hex(&body);
    let tag = etag(&hash, coding);
    if if_none_match_hits(request, &tag) {
        return Ok(not_modified(tag, &cache_control, compressible));
    }
    let encoded = match coding {
        Coding::Identity => Bytes::from(body),
        coding => {
            let key = (hash, coding);
            match recently_compressed(&key) {
                Some(hit) => hit,
                None => {
                    let encoded = Bytes::from(
                        tokio::task::spawn_blocking(move || match coding {
                            Coding::Br => brotli(&body, Effort::PER_REQUEST),
                            _ => gzip(&body, Effort::PER_REQUEST),
                        })
                        .await?
                        .map_err(AppError::Compress)?,
                    );
                    remember_compressed(key, encoded.clone());
                    encoded
                }
            }
        }
    };
    Ok(full(
        encoded,
        coding,
        tag,
        &content_type,
        &cache_control,
        compressible,
    ))
}

/// Compressed bodies by (content hash, coding). API bodies such as a procedure's detail
/// repeat across requests, and compressing one costs far more CPU than serving it from
/// memory (measured: brotli per request held detail look-ups to ~1,400 req/s on 2 cores).
type CompressedKey = (String, Coding);
struct Compressed {
    bodies: HashMap<CompressedKey, Bytes>,
    bytes: usize,
}

/// Bound on memory: when full the memo starts over, which only costs recompression.
const COMPRESSED_MAX_BYTES: usize = 32 << 20;

fn compressed() -> &'static Mutex<Compressed> {
    static MEMO: OnceLock<Mutex<Compressed>> = OnceLock::new();
    MEMO.get_or_init(|| Mutex::new(Compressed { bodies: HashMap::new(), bytes: 0 }))
}

fn recently_compressed(key: &CompressedKey) -> Option<Bytes> {
    compressed().lock().ok()?.bodies.get(key).cloned()
}

fn remember_compressed(key: CompressedKey, body: Bytes) {
    // A poisoned lock only means another request panicked mid-insert; skip the memo.
    let Ok(mut memo) = compressed().lock() else { return };
    if memo.bytes + body.len() > COMPRESSED_MAX_BYTES {
        memo.bodies.clear();
        memo.bytes = 0;
    }
    memo.bytes += body.len();
    memo.bodies.insert(key, body);
}

pub fn json_content_type() -> HeaderValue {
    HeaderValue::from_static("application/json")
}

/// API data changes only with a redeploy, but clients must notice one: always revalidate.
pub fn no_cache() -> HeaderValue {
    HeaderValue::from_static("no-cache")
}

#[cfg(test)]
mod tests {

    #[test]
    fn compressed_memo_returns_what_was_stored_and_stays_bounded() {
        let key = (hash_hex(b"memo test body"), Coding::Br);
        remember_compressed(key.clone(), Bytes::from_static(b"compressed"));
        assert_eq!(recently_compressed(&key), Some(Bytes::from_static(b"compressed")));
        assert_eq!(recently_compressed(&(key.0.clone(), Coding::Gzip)), None);
        // Overflowing the bound starts over rather than growing without limit.
        let big = Bytes::from(vec![0u8; COMPRESSED_MAX_BYTES]);
        remember_compressed(("big".into(), Coding::Br), big);
        assert_eq!(recently_compressed(&key), None);
        let memo = compressed().lock().map(|m| m.bytes).unwrap_or(usize::MAX);
        assert!(memo <= COMPRESSED_MAX_BYTES);
    }
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn encoding_negotiation_honours_q_values() {
        assert_eq!(choose(&headers(&[]), true, true), Coding::Identity);
        assert_eq!(
            choose(
                &headers(&[("accept-encoding", "gzip, deflate, br")]),
                true,
                true
            ),
            Coding::Br
        );
        assert_eq!(
            choose(
                &headers(&[("accept-encoding", "br;q=0.5, gzip")]),
                true,
                true
            ),
            Coding::Gzip
        );
        assert_eq!(
            choose(&headers(&[("accept-encoding", "br;q=0")]), true, true),
            Coding::Identity
        );
        assert_eq!(
            choose(&headers(&[("accept-encoding", "*")]), true, true),
            Coding::Br
        );
        assert_eq!(
            choose(
                &headers(&[("accept-encoding", "*;q=0.1, br;q=0")]),
                true,
                true
            ),
            Coding::Gzip
        );
        assert_eq!(
            choose(&headers(&[("accept-encoding", "br;q=banana")]), true, true),
            Coding::Identity
        );
        assert_eq!(
            choose(&headers(&[("accept-encoding", "br")]), false, true),
            Coding::Identity
        );
    }

    #[test]
    fn if_none_match_uses_weak_comparison_and_lists() {
        let tag = HeaderValue::from_static("\"abc\"");
        let hit = |v: &'static str| if_none_match_hits(&headers(&[("if-none-match", v)]), &tag);
        assert!(hit("\"abc\""));
        assert!(hit("W/\"abc\""));
        assert!(hit("\"x\", W/\"abc\""));
        assert!(hit("*"));
        assert!(!hit("\"abcd\""));
        assert!(!hit("abc"));
        assert!(!hit("\"x\", abc, \"abc\""));
        assert!(!hit("\"unterminated"));
        assert!(!hit(""));
    }

    #[test]
    fn compressed_forms_round_trip() {
        let data = "thủ tục hành chính ".repeat(200).into_bytes();
        let rep = Representation::new(
            data.clone(),
            json_content_type(),
            no_cache(),
            true,
            Effort::startup(11),
            &CompressCache::disabled(),
        )
        .unwrap();
        let br = rep.br.clone().unwrap();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, data);
        let gz = rep.gzip.clone().unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).unwrap();
        assert_eq!(out, data);
    }
}
