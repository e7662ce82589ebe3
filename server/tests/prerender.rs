//! The first HTML of the home, catalogue and procedure pages (src/prerender): real content
//! for a direct load, the same search results as the app would show, every value escaped,
//! and the plain shell everywhere else.

mod common;

use common::{fresh_dir, get, get_with, raw, Server};
use domain::search::{FeeFilter, Filter, SearchIndex};
use domain::{CatalogueIndex, Level};
use std::sync::OnceLock;

/// A shell shaped like Trunk's output after scripts/trunk-post-build.mjs.
const SHELL: &str = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Cổng dịch vụ công</title>\n<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">\n</head>\n<body>\n\
<noscript><p>Cổng dịch vụ công cần JavaScript</p></noscript>\n\
<script type=\"module\" src=\"/boot-0123456789abcdef.js\"></script>\n</body>\n</html>\n";

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = fresh_dir("prerender-tests");
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).expect("mkdir dist");
        std::fs::write(dist.join("index.html"), SHELL).expect("write shell");
        common::start(&dir.join("data"), &dist)
    })
}

/// The catalogue as the app gets it, searched with the app's code.
fn catalogue() -> &'static (CatalogueIndex, SearchIndex) {
    static CATALOGUE: OnceLock<(CatalogueIndex, SearchIndex)> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let r = get(server().addr, "/api/v1/catalogue");
        assert_eq!(r.status, 200);
        let index: CatalogueIndex = serde_json::from_slice(&r.body).expect("catalogue JSON");
        let search = SearchIndex::new(&index);
        (index, search)
    })
}

fn page(path: &str) -> String {
    let r = get(server().addr, path);
    assert_eq!(r.status, 200, "{path}");
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"), "{path}");
    assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
    common::assert_security_headers(&r);
    r.text()
}

fn is_drawn(html: &str) -> bool {
    html.contains("<body><div id=\"ssr\">")
}

/// Text as maud escapes it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[test]
fn home_has_its_content_and_the_official_names() {
    let html = page("/");
    assert!(is_drawn(&html));
    assert!(html.contains("<title>Cổng dịch vụ công</title>"));
    assert!(html.contains("<h1>Tra cứu thủ tục hành chính</h1>"));
    assert!(html.contains("<a href=\"/\" aria-current=\"page\">Trang chủ</a>"));
    let (index, _) = catalogue();
    for (code, _) in domain::catalogue::POPULAR {
        let name = &index.items.iter().find(|e| e.code == code).expect("popular code in catalogue").name;
        assert!(html.contains(&format!("<span class=\"popular-name\" lang=\"vi\">{}</span>", escaped(name))), "{code}");
    }
    // The shell's "needs JavaScript" notice would be wrong here: the page reads without it.
    assert!(!html.contains("cần JavaScript"));
    assert!(html.contains("Trang này đọc được khi trình duyệt tắt JavaScript"));
    assert!(html.contains("</script></head>"), "the settings script runs before the first paint");
    // The app starts once this copy has painted: the head script adds the boot script then.
    assert!(html.contains("<meta name=\"portal-boot\" content=\"/boot-0123456789abcdef.js\"><script>"));
    assert!(!html.contains("<script type=\"module\""));
}

#[test]
fn catalogue_shows_what_the_app_search_finds() {
    let (index, search) = catalogue();
    let cases: [(&str, &str, Filter); 4] = [
        ("/thu-tuc", "", Filter::default()),
        ("/thu-tuc?q=khai+sinh", "khai sinh", Filter::default()),
        ("/thu-tuc?q=giay%20phep&level=commune", "giay phep", Filter { level: Some(Level::Commune), ..Filter::default() }),
        ("/thu-tuc?fee=free&level=province", "", Filter { level: Some(Level::Province), fee: FeeFilter::Free, ..Filter::default() }),
    ];
    for (path, q, filter) in cases {
        let hits = search.search(q, &filter);
        assert!(!hits.is_empty(), "{path}: the seeded catalogue has matches");
        let html = page(path);
        assert!(is_drawn(&html), "{path}");
        assert!(html.contains("<title>Danh mục thủ tục hành chính – Cổng dịch vụ công</title>"), "{path}");
        let count = (domain::strings::VI.result_count)(hits.len());
        assert!(html.contains(&format!(">{count}</p>")), "{path}: {count}");
        // The first 20 in the app's order, then "show more".
        let mut at = 0;
        for hit in hits.iter().take(20) {
            let code = &index.items[hit.item].code;
            let link = format!("<a href=\"/thu-tuc/{code}\">");
            let found = html[at..].find(&link).unwrap_or_else(|| panic!("{path}: {code} in order"));
            at += found + link.len();
        }
        if hits.len() > 20 {
            assert!(html.contains("Xem thêm"), "{path}");
        }
        assert!(html.contains(&format!("value=\"{}\"", escaped(q))) || q.is_empty(), "{path}");
    }
    let html = page("/thu-tuc?level=commune&fee=free");
    assert!(html.contains("<option value=\"commune\" selected>Cấp xã</option>"));
    assert!(html.contains("<option value=\"free\" selected>Miễn phí</option>"));
    assert!(html.contains("Xoá bộ lọc"));
}

#[test]
fn unknown_filters_fall_back_as_the_app_does() {
    // A field the catalogue lacks matches nothing; an unknown level or fee means "any".
    let html = page("/thu-tuc?field=Kh%C3%B4ng+c%C3%B3");
    assert!(html.contains(">Tìm thấy 0 thủ tục</p>"));
    assert!(html.contains("Không tìm thấy thủ tục phù hợp"));
    let all = catalogue().0.items.len();
    let html = page("/thu-tuc?level=huyen-cu&fee=gi-do");
    let count = (domain::strings::VI.result_count)(all);
    assert!(html.contains(&format!(">{count}</p>")), "{count}");
}

#[test]
fn typed_text_is_escaped_everywhere() {
    let html = page("/thu-tuc?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E&field=%3Cb%3E");
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<b>"));
    assert!(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;\""));
}

#[test]
fn procedure_page_has_the_procedure() {
    let r = get(server().addr, "/api/v1/procedures/1.001612");
    assert_eq!(r.status, 200);
    let p: domain::Procedure = serde_json::from_slice(&r.body).expect("procedure JSON");
    let html = page("/thu-tuc/1.001612");
    assert!(is_drawn(&html));
    assert!(html.contains(&format!("<title>{} – Cổng dịch vụ công</title>", escaped(&p.name))));
    assert!(html.contains(&format!("<h1 lang=\"vi\">{}</h1>", escaped(&p.name))));
    assert!(html.contains("<a href=\"/thu-tuc\" aria-current=\"page\">Thủ tục hành chính</a>"));
    assert!(html.contains("href=\"/thu-tuc/1.001612/nop-ho-so\""));
    for id in ["fees", "documents", "steps", "result", "legal"] {
        assert!(html.contains(&format!("<section id=\"{id}\" aria-labelledby=\"{id}-title\">")), "{id}");
    }
    for doc in p.documents.iter().filter(|d| !d.is_heading()) {
        assert!(html.contains(&escaped(&doc.name)), "{}", doc.name);
    }
    // A trailing slash is the same page, as in the app's router.
    assert!(is_drawn(&page("/thu-tuc/1.001612/")));
}

#[test]
fn other_paths_get_the_plain_shell() {
    for path in [
        "/index.html",
        "/thu-tuc/9.999999",
        "/thu-tuc/khong-phai-ma",
        "/thu-tuc/1.001612/nop-ho-so",
        "/ho-so-nhap",
        "/tra-cuu",
        "/khong-co",
    ] {
        let html = page(path);
        assert!(!is_drawn(&html), "{path}");
        assert!(html.contains("cần JavaScript"), "{path}");
    }
}

#[test]
fn drawn_pages_revalidate_and_compress() {
    let r = get(server().addr, "/thu-tuc?q=khai+sinh");
    let etag = r.header("etag").expect("etag").to_owned();
    assert_eq!(get_with(server().addr, "/thu-tuc?q=khai+sinh", &[("If-None-Match", &etag)]).status, 304);
    let br = get_with(server().addr, "/thu-tuc?q=khai+sinh", &[("Accept-Encoding", "br")]);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(common::unbrotli(&br.body), r.body);
    let head = raw(server().addr, "HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn odd_queries_never_fail() {
    for path in [
        "/thu-tuc?q=%ZZ%",
        "/thu-tuc?q=%C3",
        "/thu-tuc?&&&=&q",
        "/thu-tuc?level=&field=&fee=",
        "/?q=x",
    ] {
        let html = page(path);
        assert!(is_drawn(&html), "{path}");
    }
    let long = format!("/thu-tuc?q={}", "khai%20sinh%20".repeat(500));
    assert_eq!(get(server().addr, &long).status, 200);
}
