//! Content-Security-Policy violation reports (`report-uri /api/v1/csp-reports`): browsers
//! post one when the policy blocks something on a portal page or in its service worker.
//! A report is reduced to what says *where the policy broke* — the directive, the page's
//! path with its codes blanked, the blocked resource's origin — and counted in memory.
//!
//! Why so little is kept: a report names the page's URL, whose path may hold a dossier
//! code, a draft's id or a hand-off code and whose query may hold a result key, and the
//! blocked URL, which may be anyone's. Why in memory, not SQLite: the counts serve tests
//! and the operator's log (each report is also a warning line), nothing needs them after
//! a restart, and a table would let anyone who can post fill the disk.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use utoipa::ToSchema;

/// Distinct (directive, path, origin) rows kept; reports past this are still counted in
/// `total`, so a flood of made-up paths costs a bounded amount of memory.
pub const MAX_ROWS: usize = 1000;
/// Reports in one `application/reports+json` batch; browsers send a few at a time.
pub const MAX_BATCH: usize = 100;
/// Path segments kept; deeper ones are summed up as `…`.
const MAX_SEGMENTS: usize = 8;
const MAX_WORD: usize = 40;

/// The two shapes browsers send, told apart by `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/csp-report`: `report-uri`, one report per request.
    Legacy,
    /// `application/reports+json`: the Reporting API (`report-to`), a batch.
    Reporting,
    /// `application/json`, which people trying the endpoint by hand send: either shape.
    Json,
}

impl Format {
    pub fn from_content_type(value: &str) -> Option<Format> {
        let essence = value.split(';').next().unwrap_or("").trim();
        if essence.eq_ignore_ascii_case("application/csp-report") {
            Some(Format::Legacy)
        } else if essence.eq_ignore_ascii_case("application/reports+json") {
            Some(Format::Reporting)
        } else if essence.eq_ignore_ascii_case("application/json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// One violation, as kept: nothing in it came from the page's query, fragment or codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Violation {
    pub directive: String,
    pub path: String,
    pub blocked: String,
}

/// Why a body was refused; error.rs words it for the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("not a CSP report: {0}")]
    Shape(String),
    #[error("no report in the batch")]
    Empty,
    #[error("{0} reports in one batch")]
    TooMany(usize),
    #[error("not a directive name: {0:?}")]
    Directive(String),
    #[error("not an absolute URL: {0:?}")]
    DocumentUrl(String),
}

/// `application/csp-report`: what `report-uri` sends. Members not listed are ignored.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LegacyReport {
    #[serde(rename = "csp-report")]
    pub csp_report: LegacyBody,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct LegacyBody {
    /// The page (or worker script) whose policy was violated; only its path is kept,
    /// with every segment but plain words blanked.
    pub document_uri: String,
    /// The directive that blocked, e.g. `img-src`.
    pub effective_directive: Option<String>,
    /// Older browsers' name for it; may carry the directive's sources after the name.
    pub violated_directive: Option<String>,
    /// What was blocked; only its origin (or keyword: `inline`, `eval`, …) is kept.
    pub blocked_uri: Option<String>,
}

/// One report of an `application/reports+json` batch. Reports of other types are accepted
/// and ignored: a deployment may route more than CSP here.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportingReport {
    /// `csp-violation` for the reports counted here.
    #[serde(rename = "type")]
    pub kind: String,
    #[schema(value_type = Option<CspViolationBody>)]
    pub body: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CspViolationBody {
    #[serde(rename = "documentURL")]
    pub document_url: String,
    pub effective_directive: String,
    #[serde(rename = "blockedURL")]
    pub blocked_url: Option<String>,
}

/// Checks a body and reduces each CSP report in it to a [`Violation`]. All or nothing: a
/// batch with one malformed CSP report is refused whole.
pub fn parse(format: Format, body: &[u8]) -> Result<Vec<Violation>, ReportError> {
    let format = match format {
        Format::Json => match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Format::Reporting,
            _ => Format::Legacy,
        },
        known => known,
    };
    let shape = |e: serde_json::Error| ReportError::Shape(e.to_string());
    match format {
        Format::Legacy | Format::Json => {
            let LegacyReport { csp_report: r } = serde_json::from_slice(body).map_err(shape)?;
            // Older browsers send only `violated-directive`, sources and all.
            let directive = match (&r.effective_directive, &r.violated_directive) {
                (Some(d), _) => d.as_str(),
                (None, Some(d)) => d.split_whitespace().next().unwrap_or(""),
                (None, None) => "",
            };
            Ok(vec![violation(directive, &r.document_uri, r.blocked_uri.as_deref())?])
        }
        Format::Reporting => {
            let batch: Vec<ReportingReport> = serde_json::from_slice(body).map_err(shape)?;
            if batch.is_empty() {
                return Err(ReportError::Empty);
            }
            if batch.len() > MAX_BATCH {
                return Err(ReportError::TooMany(batch.len()));
            }
            let mut out = Vec::new();
            for report in batch.into_iter().filter(|r| r.kind == "csp-violation") {
                let body = report
                    .body
                    .ok_or_else(|| ReportError::Shape("a csp-violation report without body".into()))?;
                let b: CspViolationBody = serde_json::from_value(body).map_err(shape)?;
                out.push(violation(&b.effective_directive, &b.document_url, b.blocked_url.as_deref())?);
            }
            Ok(out)
        }
    }
}

fn violation(directive: &str, document: &str, blocked: Option<&str>) -> Result<Violation, ReportError> {
    Ok(Violation {
        directive: directive_name(directive)
            .ok_or_else(|| ReportError::Directive(directive.to_owned()))?,
        path: document_path(document).ok_or_else(|| ReportError::DocumentUrl(document.to_owned()))?,
        blocked: blocked_origin(blocked.unwrap_or("")),
    })
}

fn directive_name(raw: &str) -> Option<String> {
    let name = raw.trim().to_ascii_lowercase();
    ((1..=MAX_WORD).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
    .then_some(name)
}

fn scheme_of(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let ok = (1..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    ok.then(|| (scheme.to_ascii_lowercase(), rest))
}

/// The page's path with the query and fragment dropped and every segment that is not a
/// lowercase word (`thu-tuc`, `nop-ho-so`, `sw.js`) replaced by `*`: procedure and dossier
/// codes and draft ids have digits or capitals, the app's own route and file names none. A page that is not
/// http(s) (`about:srcdoc`, `blob:`) is kept as its scheme.
fn document_path(url: &str) -> Option<String> {
    let (scheme, rest) = scheme_of(url.trim())?;
    if scheme != "http" && scheme != "https" {
        return Some(format!("{scheme}:"));
    }
    let rest = rest.strip_prefix("//")?;
    let path = rest
        .find(['/', '?', '#'])
        .map(|at| &rest[at..])
        .unwrap_or("")
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let mut out = String::new();
    for (i, segment) in path.split('/').filter(|s| !s.is_empty()).enumerate() {
        if i == MAX_SEGMENTS {
            out.push_str("/…");
            break;
        }
        out.push('/');
        // A hand-off code is 8 characters, read in any case, and may be all letters.
        let word = segment.len() <= MAX_WORD
            && (segment.len() != 8 || segment.contains('-'))
            && segment.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'.');
        out.push_str(if word { segment } else { "*" });
    }
    if out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// What CSP names instead of a URL when no URL was involved.
const KEYWORDS: [&str; 6] = [
    "inline",
    "eval",
    "wasm-eval",
    "self",
    "trusted-types-policy",
    "trusted-types-sink",
];

/// `https://host:port` of a blocked URL, a keyword, `data:`/`blob:`-style schemes as
/// `scheme:`, empty when none was given and `other` for anything else.
fn blocked_origin(raw: &str) -> String {
    let lower = raw.trim().to_ascii_lowercase();
    if lower.is_empty() || KEYWORDS.contains(&lower.as_str()) {
        return lower;
    }
    // Browsers shorten `data:…` and `blob:…` URLs to the bare scheme.
    if matches!(lower.as_str(), "data" | "blob" | "filesystem") {
        return format!("{lower}:");
    }
    let Some((scheme, rest)) = scheme_of(&lower) else {
        return "other".into();
    };
    if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
        return format!("{scheme}:");
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return "other".into();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Credentials in a URL are someone's: never kept.
    let host = authority.rsplit('@').next().unwrap_or("");
    let plausible = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if plausible {
        format!("{scheme}://{host}")
    } else {
        "other".into()
    }
}

/// What `GET /api/v1/sandbox/csp-reports` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CspReportSummary {
    /// Every report counted since the server started.
    pub total: u64,
    /// Reports counted in `total` but in no row: they came after the table was full.
    pub unlisted: u64,
    /// Most frequent first.
    pub reports: Vec<CspReportCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CspReportCount {
    /// The directive that blocked, e.g. `img-src`.
    pub directive: String,
    /// The page's path, codes and ids replaced by `*`, no query.
    pub path: String,
    /// The blocked resource's origin, a CSP keyword (`inline`, `eval`, …), `scheme:`, or empty.
    pub blocked: String,
    pub count: u64,
}

#[derive(Debug, Default)]
struct Counts {
    rows: HashMap<Violation, u64>,
    total: u64,
    unlisted: u64,
}

/// The counts since startup.
#[derive(Debug, Default)]
pub struct CspReports {
    counts: Mutex<Counts>,
}

impl CspReports {
    pub fn record(&self, v: Violation) {
        let mut c = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        c.total += 1;
        if let Some(n) = c.rows.get_mut(&v) {
            *n += 1;
        } else if c.rows.len() < MAX_ROWS {
            c.rows.insert(v, 1);
        } else {
            c.unlisted += 1;
        }
    }

    pub fn summary(&self) -> CspReportSummary {
        let c = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let mut reports: Vec<CspReportCount> = c
            .rows
            .iter()
            .map(|(v, &count)| CspReportCount {
                directive: v.directive.clone(),
                path: v.path.clone(),
                blocked: v.blocked.clone(),
                count,
            })
            .collect();
        reports.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| (&a.directive, &a.path, &a.blocked).cmp(&(&b.directive, &b.path, &b.blocked)))
        });
        CspReportSummary {
            total: c.total,
            unlisted: c.unlisted,
            reports,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_route_words_only() {
        for (url, want) in [
            ("https://dvc.example/thu-tuc/1.001612/nop-ho-so/0b6f2c1e-3d4a/owner?x=1#y", "/thu-tuc/*/nop-ho-so/*/owner"),
            ("http://127.0.0.1:8080/nhan/K7QX3M2P", "/nhan/*"),
            ("http://127.0.0.1:8080/nhan/kqxmnpab", "/nhan/*"),
            ("http://127.0.0.1:8080/ho-so-nhap", "/ho-so-nhap"),
            ("http://127.0.0.1:8080/sw.js", "/sw.js"),
            ("http://127.0.0.1:8080/ho-so/000.00.31.H29-251122-0001-AB", "/ho-so/*"),
            ("http://127.0.0.1:8080", "/"),
            ("http://127.0.0.1:8080?key=secret", "/"),
            ("http://h/a/b/c/d/e/f/g/h/i/j", "/a/b/c/d/e/f/g/h/…"),
            ("about:srcdoc", "about:"),
        ] {
            assert_eq!(document_path(url).as_deref(), Some(want), "{url}");
        }
        for bad in ["/thu-tuc", "", "http:no-slashes", "1http://x/"] {
            assert_eq!(document_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn blocked_urls_become_origins() {
        for (raw, want) in [
            ("https://user:pw@Evil.example:8443/x.js?token=1", "https://evil.example:8443"),
            ("inline", "inline"),
            ("wasm-eval", "wasm-eval"),
            ("data", "data:"),
            ("something", "other"),
            ("data:image/png;base64,AAAA", "data:"),
            ("blob:https://x/uuid", "blob:"),
            ("", ""),
            ("https://<script>", "other"),
            ("javascript:alert(1)", "javascript:"),
        ] {
            assert_eq!(blocked_origin(raw), want, "{raw}");
        }
    }

    #[test]
    fn both_formats_parse_and_junk_does_not() {
        let legacy = br#"{"csp-report":{"document-uri":"http://h/thu-tuc?q=1","violated-directive":"img-src 'self'","blocked-uri":"http://x.example/a.png"}}"#;
        assert_eq!(
            parse(Format::Legacy, legacy),
            Ok(vec![Violation {
                directive: "img-src".into(),
                path: "/thu-tuc".into(),
                blocked: "http://x.example".into()
            }])
        );
        let batch = br#"[{"type":"deprecation","body":{}},{"type":"csp-violation","body":{"documentURL":"https://h/","effectiveDirective":"script-src-elem","blockedURL":"inline"}}]"#;
        let got = parse(Format::Reporting, batch).expect("batch");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].directive, "script-src-elem");
        assert_eq!(parse(Format::Json, batch).expect("by shape").len(), 1);
        for (format, junk) in [
            (Format::Legacy, &b"not json"[..]),
            (Format::Legacy, b"{}"),
            (Format::Legacy, batch),
            (Format::Legacy, br#"{"csp-report":{}}"#),
            (Format::Legacy, br#"{"csp-report":{"document-uri":"http://h/"}}"#),
            (Format::Legacy, br#"{"csp-report":{"document-uri":"http://h/","effective-directive":"img_src!"}}"#),
            (Format::Legacy, br#"{"csp-report":{"document-uri":"/relative","effective-directive":"img-src"}}"#),
            (Format::Reporting, legacy),
            (Format::Reporting, b"[]"),
            (Format::Reporting, br#"[{"type":"csp-violation"}]"#),
            (Format::Reporting, br#"[{"body":{}}]"#),
        ] {
            assert!(parse(format, junk).is_err(), "{format:?} {}", String::from_utf8_lossy(junk));
        }
        assert_eq!(parse(Format::Reporting, b"[]"), Err(ReportError::Empty));
    }

    #[test]
    fn the_table_is_bounded_and_sorted() {
        let store = CspReports::default();
        let v = |n: usize| Violation {
            directive: "img-src".into(),
            path: format!("/p{n}"),
            blocked: String::new(),
        };
        for n in 0..MAX_ROWS + 5 {
            store.record(v(n));
        }
        store.record(v(7));
        let s = store.summary();
        assert_eq!((s.total, s.unlisted, s.reports.len()), (MAX_ROWS as u64 + 6, 5, MAX_ROWS));
        assert_eq!((s.reports[0].path.as_str(), s.reports[0].count), ("/p7", 2));
    }
}
