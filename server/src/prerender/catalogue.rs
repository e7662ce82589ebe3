//! The catalogue page, as app/src/routes/catalogue.rs and components/filters.rs draw it:
//! the same search (domain::search) over the same index, so the same first results.

use domain::search::{FeeFilter, Filter, SearchIndex};
use domain::strings::{fee_summary, level, Strings};
use domain::{CatalogueIndex, Level};
use maud::{html, Markup};

/// Rows the app shows before "show more" (its `PAGE`).
const PAGE: usize = 20;
const LEVELS: [Level; 3] = [Level::Province, Level::Commune, Level::Ministry];
const FEES: [FeeFilter; 3] = [FeeFilter::Any, FeeFilter::Free, FeeFilter::HasOnlineFee];
/// Without JavaScript the filters apply by submitting the search form; only this copy of
/// the page has the button, inside `<noscript>`.
const APPLY_FILTERS: &str = "Lọc";

/// `/thu-tuc?q=…&level=…&field=…&fee=…`, read as app/src/query.rs reads it: unknown
/// values mean "any", except a field the catalogue does not know, which matches nothing.
#[derive(Debug, Default)]
pub struct Query {
    pub q: String,
    pub level: Option<Level>,
    pub field: Option<String>,
    pub fee: FeeFilter,
}

impl Query {
    pub fn parse(query: Option<&str>) -> Query {
        let mut out = Query::default();
        for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match &*k {
                "q" => out.q = v.into_owned(),
                "level" => out.level = Level::parse(&v),
                "field" => out.field = Some(v.into_owned()).filter(|f| !f.is_empty()),
                "fee" => out.fee = FeeFilter::from_param(&v),
                _ => {}
            }
        }
        out
    }

    fn has_filters(&self) -> bool {
        self.level.is_some() || self.field.is_some() || self.fee != FeeFilter::Any
    }
}

pub fn main(t: &Strings, index: &CatalogueIndex, search: &SearchIndex, query: &Query) -> Markup {
    let field = query.field.as_deref().map(|name| index.field_id(name).unwrap_or(u16::MAX));
    let filter = Filter { level: query.level, field, fee: query.fee, ..Filter::default() };
    let hits = search.search(&query.q, &filter);
    let total = hits.len();
    let fee_label = |fee: FeeFilter| match fee {
        FeeFilter::Any => t.any_fee,
        FeeFilter::Free => t.fee_free_filter,
        FeeFilter::HasOnlineFee => t.fee_online_filter,
    };
    html! {
        div.container.page {
            h1 { (t.catalogue_title) }
            @if let Some(note) = t.data_language_note { p.hint { (note) } }
            form #catalogue-search.search-form role="search" action="/thu-tuc" method="get" {
                label for="search" { (t.search_label) }
                p #search-hint.hint { (t.search_hint) }
                input #search name="q" type="search" autocomplete="off" aria-describedby="search-hint"
                    aria-controls="results" value=(query.q);
            }
            fieldset.filters {
                legend { (t.filters_title) }
                div.filter {
                    label for="filter-level" { (t.filter_level) }
                    select #filter-level name="level" form="catalogue-search" {
                        option value="" selected[query.level.is_none()] { (t.any_level) }
                        @for l in LEVELS {
                            option value=(l.as_str()) selected[query.level == Some(l)] { (level(Some(l), t)) }
                        }
                    }
                }
                div.filter {
                    label for="filter-field" { (t.filter_field) }
                    select #filter-field name="field" form="catalogue-search" {
                        option value="" selected[query.field.is_none()] { (t.any_field) }
                        @for f in &index.fields {
                            option value=(f) lang="vi" selected[query.field.as_deref() == Some(f.as_str())] { (f) }
                        }
                    }
                }
                div.filter {
                    label for="filter-fee" { (t.filter_fee) }
                    select #filter-fee name="fee" form="catalogue-search" {
                        @for fee in FEES {
                            option value=(fee.param().unwrap_or("")) selected[query.fee == fee] { (fee_label(fee)) }
                        }
                    }
                }
                @if query.has_filters() {
                    button.button.button-secondary type="button" { (t.clear_filters) }
                }
                noscript { button.button type="submit" form="catalogue-search" { (APPLY_FILTERS) } }
            }
            p #result-count.result-count role="status" { ((t.result_count)(total)) }
            @if total == 0 { p.notice { (t.no_results) } }
            ul #results.results {
                @for e in hits.iter().take(PAGE).filter_map(|h| index.items.get(h.item)) {
                    li.result {
                        a href={ "/thu-tuc/" (e.code) } {
                            span.result-name lang="vi" { (e.name) }
                            " "
                            span.result-code { (e.code) }
                        }
                        p.result-meta {
                            span lang="vi" { (index.field_name(e)) }
                            span { (level(e.level, t)) }
                            span { (t.label_fee) ": " (fee_summary(&e.fee, t)) }
                        }
                    }
                }
            }
            @if total > PAGE {
                div.more {
                    p.hint { ((t.showing)(PAGE, total)) }
                    button.button.button-secondary type="button" { (t.show_more) }
                }
            }
        }
    }
}
