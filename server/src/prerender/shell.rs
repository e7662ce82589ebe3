//! The parts of every page around `<main>`: header, mode banner, status bar, footer. Each
//! mirrors its component in `app/src/components/` element for element (same classes,
//! attributes and words), so the app's copy replaces this one without a visible change;
//! e2e/prerender.spec.mjs compares the two.

use domain::strings::Strings;
use maud::{html, Markup};

/// Same table as app/src/components/header.rs: address, section, label.
const NAV: [(&str, &str, fn(&Strings) -> &'static str); 5] = [
    ("/", "", |t| t.nav_home),
    ("/thu-tuc", "thu-tuc", |t| t.nav_catalogue),
    ("/ho-so-nhap", "ho-so-nhap", |t| t.nav_drafts),
    ("/ho-so-cua-toi", "ho-so-cua-toi", |t| t.nav_my_dossiers),
    ("/tra-cuu", "tra-cuu", |t| t.nav_lookup),
];

const FOOTER: [(&str, fn(&Strings) -> &'static str); 4] = [
    ("/du-lieu", |t| t.footer_storage),
    ("/ho-tro", |t| t.footer_assist),
    ("/thong-ke", |t| t.footer_stats),
    ("/tiep-can", |t| t.footer_accessibility),
];

/// `section` is the first path segment of the page ("" for home), as the app's
/// `nav_section` gives it.
pub fn page(t: &Strings, section: &str, main: Markup) -> Markup {
    let other = domain::strings::Locale::from_tag(t.lang).map(|l| l.other().tag()).unwrap_or("en");
    html! {
        header.site-header {
            a.skip-link href="#main" { (t.skip_link) }
            div.container.header-bar {
                a.brand href="/" { (t.portal_name) }
                button #lang-toggle.lang-toggle type="button" lang=(other) title=(t.switch_language_hint) {
                    (t.other_language)
                }
            }
            nav.container.site-nav aria-label=(t.nav_label) {
                @for (href, s, label) in NAV {
                    a href=(href) aria-current=[(s == section).then_some("page")] { (label(t)) }
                }
            }
        }
        div.mode-banner hidden {
            p.practice-banner hidden { (t.practice_banner) }
            p.assist-banner hidden { (t.assist_banner) " " a href="/ho-tro" { (t.assist_end_link) } }
        }
        div.status-bar role="status" {
            p.notice.offline-notice hidden { (t.offline_banner) }
            p.notice.update-notice hidden {
                (t.update_ready) " "
                button.button type="button" { (t.update_reload) }
            }
        }
        main #main tabindex="-1" { (main) }
        footer.site-footer {
            div.container {
                p { button #text-size.button.button-secondary.text-size type="button" aria-pressed="false" { (t.large_text) } }
                p { (t.source_line) }
                p { (t.footer_note) }
                nav aria-label=(t.footer_links_label) {
                    ul.footer-links { @for (href, label) in FOOTER { li { a href=(href) { (label(t)) } } } }
                }
            }
        }
    }
}
