//! The first HTML of the home, catalogue and procedure pages, with their real content.
//!
//! A direct load of these pages used to get an empty shell that showed nothing until the
//! WASM app had downloaded, started and fetched its data: on a mid-range phone over 4G,
//! seconds of blank screen. Now the server puts the page itself into the HTML (as GOV.UK
//! does), readable and usable with JavaScript off, and the app takes it over without a
//! visible change once it has the same content (app/src/takeover.rs). The markup mirrors
//! the app's components; the words come from the same `domain::strings`, the results from
//! the same `domain::search`. e2e/prerender.spec.mjs proves the two copies match.
//!
//! Everything else (`/index.html` itself, which the service worker keeps as the offline
//! shell, the forms module's pages, unknown procedure codes) still gets the plain shell.

mod catalogue;
mod home;
mod procedure;
mod shell;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use axum::response::Response;
use domain::search::SearchIndex;
use domain::strings::{Strings, VI};
use domain::{CatalogueIndex, Procedure, ProcedureCode};
use maud::{html, Markup};
use rusqlite::OptionalExtension;

use crate::representation::{no_cache, respond_dynamic};
use crate::state::AppState;

/// Runs before the first paint, so the page is drawn once, in its final form: the device's
/// text size, and `spa-only` when the device wants what the server cannot know (English,
/// practice mode, an assisted session), which hides this copy until the app replaces it.
/// Then, once the server's copy has painted (the frame after `DOMContentLoaded`, and a
/// task so the paint itself is done), it adds the boot script and the manifest link that
/// `defer_app` took out of the page: fetched earlier, they share the connection with the
/// stylesheet that the first paint waits for, and a phone on slow mobile data sees the
/// words later for scripts that change nothing it sees. A hidden copy or a background
/// tab (no frames) starts the app at once.
/// Inline because a separate file would hold up the first paint by a round trip; the CSP
/// allows exactly this text by its hash (crate::headers; a test recomputes it).
pub const HEAD_SCRIPT: &str = "try{var s=localStorage,c=document.documentElement.classList;\
s.getItem('text-size')=='large'&&c.add('text-large');\
(s.getItem('lang')=='en'||s.getItem('practice')=='1'||s.getItem('assist-session'))&&c.add('spa-only')}catch(e){}\
addEventListener('DOMContentLoaded',function(){var d=document,b=d.querySelector('meta[name=portal-boot]');if(!b)return;\
function go(){var m=d.createElement('link'),e=d.createElement('script');m.rel='manifest';m.href=b.dataset.manifest;\
b.dataset.manifest&&d.head.appendChild(m);e.type='module';e.src=b.content;d.head.appendChild(e)}\
d.hidden||d.documentElement.classList.contains('spa-only')?go():requestAnimationFrame(function(){setTimeout(go)})})";

/// The noscript notice of these pages: unlike the shell's, the page is readable.
const NOSCRIPT_EN: &str = "This page can be read with JavaScript turned off. To search as you type, keep drafts and apply online, please turn JavaScript on.";
const NOSCRIPT_VI: &str = "Trang này đọc được khi trình duyệt tắt JavaScript. Để tìm kiếm tức thì, lưu hồ sơ nháp và nộp hồ sơ trực tuyến, vui lòng bật JavaScript.";

/// The catalogue as the app has it once loaded: the index and its search.
pub struct Prerender {
    index: CatalogueIndex,
    search: SearchIndex,
}

impl Prerender {
    pub fn new(index: CatalogueIndex) -> Prerender {
        let search = SearchIndex::new(&index);
        Prerender { index, search }
    }
}

/// The fallback for every path outside `/api` and `/sandbox`: a drawn page where there is
/// one, else the static files and the shell.
pub async fn serve(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method == Method::GET || method == Method::HEAD {
        if let Some(page) = draw(&state, &uri).await {
            if let Some(response) = respond(&state, page, &headers).await {
                return response;
            }
        }
    }
    crate::static_files::serve(State(state.dist.clone()), method, uri, headers).await
}

struct Drawn {
    title: String,
    main: Markup,
    /// The first path segment, for the header's current link.
    section: &'static str,
}

async fn draw(state: &AppState, uri: &Uri) -> Option<Drawn> {
    let t: &Strings = &VI;
    let segments: Vec<&str> = uri.path().split('/').filter(|s| !s.is_empty()).collect();
    let p = &state.prerender;
    match segments.as_slice() {
        [] => Some(Drawn { title: t.portal_name.to_owned(), main: home::main(t, &p.index), section: "" }),
        ["thu-tuc"] => {
            let query = catalogue::Query::parse(uri.query());
            Some(Drawn {
                title: title(t.catalogue_title, t),
                main: catalogue::main(t, &p.index, &p.search, &query),
                section: "thu-tuc",
            })
        }
        ["thu-tuc", code] => {
            let code = ProcedureCode::parse(code).ok()?;
            let procedure = load_procedure(state, code).await?;
            Some(Drawn {
                title: title(&procedure.name, t),
                main: procedure::main(t, &procedure),
                section: "thu-tuc",
            })
        }
        _ => None,
    }
}

/// As app/src/document.rs `set_title` writes it.
fn title(page: &str, t: &Strings) -> String {
    format!("{page} – {}", t.portal_name)
}

async fn load_procedure(state: &AppState, code: ProcedureCode) -> Option<Procedure> {
    let code = code.as_str().to_owned();
    let json: Option<String> = state
        .db
        .read(move |c| {
            c.prepare_cached("SELECT json FROM procedures WHERE code = ?1")?
                .query_row([code], |r| r.get(0))
                .optional()
        })
        .await
        .ok()
        .flatten();
    serde_json::from_str(&json?).ok()
}

/// The built shell with the page put into it; `None` (the plain shell then) when the
/// shell lacks a marker this needs, e.g. a hand-made `--dist`.
fn fill_shell(shell: &str, page: &Drawn) -> Option<String> {
    let t: &Strings = &VI;
    let (head, rest) = shell.split_once("</head>")?;
    let (head, rest) = defer_app(head, rest);
    let head = head.as_str();
    let title_start = head.find("<title>")? + "<title>".len();
    let title_end = head[title_start..].find("</title>")? + title_start;
    let (before_body, body) = rest.as_str().split_once("<body>")?;
    let noscript_start = body.find("<noscript>")?;
    let noscript_end = body[noscript_start..].find("</noscript>")? + noscript_start + "</noscript>".len();
    let drawn = html! { div #ssr { (shell::page(t, page.section, page.main.clone())) } };
    let noscript = html! {
        noscript {
            div.noscript lang="vi" {
                p { (NOSCRIPT_VI) }
                p lang="en" { (NOSCRIPT_EN) }
            }
        }
    };
    let title = html! { (page.title) };
    Some(format!(
        "{}{}{}<script>{}</script></head>{}<body>{}{}{}{}",
        &head[..title_start],
        title.into_string(),
        &head[title_end..],
        HEAD_SCRIPT,
        before_body,
        drawn.into_string(),
        &body[..noscript_start],
        noscript.into_string(),
        &body[noscript_end..],
    ))
}

/// The shell's head and the rest, with the app's loading put off until the server's copy
/// has painted (see `HEAD_SCRIPT`): the preloads of the app's script and WASM and the
/// manifest link go, and the boot script becomes `<meta name=portal-boot>`, which names
/// it and the manifest for `HEAD_SCRIPT` to add. A shell without a module boot script
/// (a hand-made `--dist`) keeps its scripts and manifest as they are.
fn defer_app(head: &str, rest: &str) -> (String, String) {
    let Some((boot, head, rest)) = take_boot_script(head, rest) else {
        return (strip_links(head, &["preload", "modulepreload"]).0, rest.to_owned());
    };
    let (mut head, manifest) = strip_links(&head, &["preload", "modulepreload", "manifest"]);
    head.push_str(
        &html! { meta name="portal-boot" content=(boot) data-manifest=[manifest]; }.into_string(),
    );
    (head, rest)
}

/// The `src` of the first `<script type=module src=…></script>` in head or rest, and both
/// without that tag.
fn take_boot_script(head: &str, rest: &str) -> Option<(String, String, String)> {
    let find = |text: &str| -> Option<(usize, usize, String)> {
        let mut from = 0;
        while let Some(at) = text[from..].find("<script") {
            let start = from + at;
            let open_end = start + text[start..].find('>')?;
            let tag = &text[start..=open_end];
            from = open_end;
            if !(tag.contains("type=\"module\"") || tag.contains("type=module")) {
                continue;
            }
            let Some(src) = attribute(tag, "src") else { continue };
            let end = open_end + text[open_end..].find("</script>")? + "</script>".len();
            return Some((start, end, src.to_owned()));
        }
        None
    };
    if let Some((start, end, src)) = find(head) {
        return Some((src, format!("{}{}", &head[..start], &head[end..]), rest.to_owned()));
    }
    let (start, end, src) = find(rest)?;
    Some((src, head.to_owned(), format!("{}{}", &rest[..start], &rest[end..])))
}

/// An attribute's value in a start tag as Trunk and its minifier write them (quoted or not).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let value = &tag[at..];
    match value.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next(),
        None => value.split([' ', '>']).next(),
    }
}

/// `head` without its `<link>`s of the given `rel`s, and the `href` of a manifest link
/// among them.
fn strip_links(head: &str, rels: &[&str]) -> (String, Option<String>) {
    let mut out = String::with_capacity(head.len());
    let mut manifest = None;
    let mut rest = head;
    while let Some(start) = rest.find("<link") {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + len + 1];
        let rel = attribute(tag, "rel").unwrap_or_default();
        out.push_str(&rest[..start]);
        if rels.contains(&rel) {
            if rel == "manifest" {
                manifest = attribute(tag, "href").map(str::to_owned);
            }
        } else {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    (out, manifest)
}

async fn respond(state: &AppState, page: Drawn, headers: &HeaderMap) -> Option<Response> {
    let shell = std::str::from_utf8(state.dist.index_html()?).ok()?;
    let html = fill_shell(shell, &page)?;
    respond_dynamic(
        headers,
        html.into_bytes(),
        HeaderValue::from_static("text/html; charset=utf-8"),
        no_cache(),
    )
    .await
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn csp_names_the_head_script() {
        use base64::Engine;
        let digest = Sha256::digest(HEAD_SCRIPT.as_bytes());
        let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
        let source = format!("'sha256-{b64}'");
        assert!(
            crate::CONTENT_SECURITY_POLICY.contains(&source),
            "script-src must list {source}"
        );
    }

    #[test]
    fn the_app_waits_for_the_first_paint() {
        let head = "<meta charset=utf-8><link href=/a.css rel=stylesheet><link href=/manifest.webmanifest rel=manifest>\
<script type=\"module\" src=\"/boot-1.js\"></script><link crossorigin href=/app.js rel=modulepreload>\
<link as=fetch href=/app_bg.wasm rel=\"preload\" type=application/wasm><link rel=icon href=/i.svg>";
        let (head, rest) = defer_app(head, "<body></body>");
        assert_eq!(
            head,
            "<meta charset=utf-8><link href=/a.css rel=stylesheet><link rel=icon href=/i.svg>\
<meta name=\"portal-boot\" content=\"/boot-1.js\" data-manifest=\"/manifest.webmanifest\">"
        );
        assert_eq!(rest, "<body></body>");
        // In the body, and without a manifest, as a hand-made shell may have it.
        let (head, rest) = defer_app("<title>t</title>", "<body><script type=module src=/b.js></script></body>");
        assert_eq!(head, "<title>t</title><meta name=\"portal-boot\" content=\"/b.js\">");
        assert_eq!(rest, "<body></body>");
        // No module script: nothing to start later, so nothing is taken away but preloads.
        let (head, rest) = defer_app("<link href=/m rel=manifest><link href=/x rel=preload>", "<script src=/c.js></script>");
        assert_eq!(head, "<link href=/m rel=manifest>");
        assert_eq!(rest, "<script src=/c.js></script>");
    }

    #[test]
    fn shell_markers_are_required() {
        let page = Drawn { title: "x".into(), main: html! { p { "x" } }, section: "" };
        assert!(fill_shell("<html><head><title>a</title></head><body></body>", &page).is_none());
        let filled = fill_shell(
            "<html><head><title>a</title></head><body><noscript>old</noscript><script src=\"/a.js\"></script></body>",
            &page,
        )
        .expect("all markers present");
        assert!(filled.contains("<title>x</title>"));
        assert!(filled.contains("<body><div id=\"ssr\">"));
        assert!(!filled.contains("old"));
        assert!(filled.ends_with("<script src=\"/a.js\"></script></body>"));
    }
}
