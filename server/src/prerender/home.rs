//! The home page, as app/src/routes/home.rs draws it once the catalogue has loaded.

use domain::catalogue::POPULAR;
use domain::strings::Strings;
use domain::CatalogueIndex;
use maud::{html, Markup};

pub fn main(t: &Strings, index: &CatalogueIndex) -> Markup {
    let name = |code: &str, fallback: &'static str| {
        index.items.iter().find(|e| e.code == code).map(|e| e.name.as_str()).unwrap_or(fallback)
    };
    html! {
        div.container.page {
            h1 { (t.home_title) }
            p.lead { (t.home_intro) }
            form.search-form role="search" action="/thu-tuc" method="get" {
                label for="search" { (t.search_label) }
                p #search-hint.hint { (t.search_hint) }
                div.search-row {
                    input #search name="q" type="search" autocomplete="off" aria-describedby="search-hint";
                    button.button type="submit" { (t.search_button) }
                }
            }
            section.popular aria-labelledby="popular-title" {
                h2 #popular-title { (t.popular_title) }
                ul.popular-list {
                    @for (code, fallback) in POPULAR {
                        li {
                            a href={ "/thu-tuc/" (code) } {
                                span.popular-name lang="vi" { (name(code, fallback)) }
                                span.result-code { (code) }
                            }
                        }
                    }
                }
                p { a.button.button-secondary href="/thu-tuc" { (t.browse_all) } }
            }
        }
    }
}
