//! A procedure's page, as `ProcedureView` in app/src/routes/procedure.rs draws it.

use domain::fee::format_vnd;
use domain::strings::{level, Strings};
use domain::{Document, Fee, Procedure};
use maud::{html, Markup};

pub fn main(t: &Strings, p: &Procedure) -> Markup {
    let stated = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let result: Vec<String> = stated(&p.result).into_iter().collect();
    html! {
        article.container.page.procedure {
            p.breadcrumb { a href="/thu-tuc" { (t.back_to_catalogue) } }
            h1 lang="vi" { (p.name) }
            @if let Some(note) = t.data_language_note { p.hint { (note) } }
            dl.facts {
                (fact(t, t.label_code, Some(p.code.clone()), false))
                (fact(t, t.label_field, Some(p.field.clone()), true))
                (fact(t, t.label_agency, stated(&p.agency), true))
                (fact(t, t.label_level, Some(level(p.level, t).to_owned()), false))
                (fact(t, t.label_processing_time, stated(&p.processing_time), true))
            }
            p {
                a #apply.button.button-primary href={ "/thu-tuc/" (p.code) "/nop-ho-so" } { (t.apply_button) }
                " "
                a #guide-link.button href={ "/thu-tuc/" (p.code) "/huong-dan" } { (t.guide_link) }
            }
            (section("fees", t.fees_title, fees(t, &p.fees)))
            (section("documents", t.documents_title, documents(t, &p.documents)))
            (section("steps", t.steps_title, text_list(t, &p.steps, true)))
            (section("result", t.result_title, text_list(t, &result, false)))
            (section("legal", t.legal_title, text_list(t, &p.legal_basis, false)))
            p.source { (t.source_line) }
        }
    }
}

fn fact(t: &Strings, label: &str, value: Option<String>, source_text: bool) -> Markup {
    let lang = (source_text && value.is_some()).then_some("vi");
    let value = value.unwrap_or_else(|| t.not_stated.to_owned());
    html! { div { dt { (label) } dd.pre lang=[lang] { (value) } } }
}

fn section(id: &str, title: &str, body: Markup) -> Markup {
    html! {
        section id=(id) aria-labelledby={ (id) "-title" } {
            h2 id={ (id) "-title" } { (title) }
            (body)
        }
    }
}

fn text_list(t: &Strings, items: &[String], ordered: bool) -> Markup {
    let items: Vec<&String> = items.iter().filter(|s| !s.trim().is_empty()).collect();
    html! {
        @if items.is_empty() {
            p { (t.not_stated) }
        } @else if ordered {
            ol.steps lang="vi" { @for s in &items { li.pre { (s) } } }
        } @else {
            ul.texts lang="vi" { @for s in &items { li.pre { (s) } } }
        }
    }
}

fn fees(t: &Strings, fees: &[Fee]) -> Markup {
    html! {
        @if fees.is_empty() {
            p { (t.no_fees) }
        } @else {
            table.fees role="table" {
                thead role="rowgroup" {
                    tr role="row" {
                        th role="columnheader" scope="col" { (t.fee_col_text) }
                        th role="columnheader" scope="col" { (t.fee_col_amount) }
                        th role="columnheader" scope="col" { (t.fee_col_channel) }
                    }
                }
                tbody role="rowgroup" lang="vi" {
                    @for f in fees {
                        tr role="row" {
                            td role="cell" data-label=(t.fee_col_text) { (f.text) }
                            td.amount role="cell" data-label=(t.fee_col_amount) {
                                (f.amount_vnd.map(format_vnd).unwrap_or_else(|| "—".to_owned()))
                            }
                            td role="cell" data-label=(t.fee_col_channel) { (f.description.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    }
}

fn documents(t: &Strings, documents: &[Document]) -> Markup {
    let groups = Document::groups(documents);
    html! {
        @if groups.is_empty() {
            p { (t.no_documents) }
        }
        @for g in groups {
            div.doc-group lang="vi" {
                @if let Some(h) = &g.heading { h3 { (h) } }
                @if !g.items.is_empty() {
                    ul.documents {
                        @for d in &g.items {
                            li {
                                span.doc-name { (d.name) }
                                @if let Some(c) = d.copies.as_deref().filter(|c| !c.trim().is_empty()) {
                                    span.doc-copies { span lang=(t.lang) { (t.copies) } ": " (c) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
