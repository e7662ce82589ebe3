use crate::format;
use crate::i18n::Strings;
use domain::{FeeSummary, Level};
use leptos::prelude::*;

/// What one search result shows, copied out of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub code: String,
    pub name: String,
    pub field: String,
    pub level: Option<Level>,
    pub fee: FeeSummary,
}

#[component]
pub fn ResultItem(t: &'static Strings, row: ResultRow) -> impl IntoView {
    let ResultRow { code, name, field, level, fee } = row;
    let href = format!("/thu-tuc/{code}");
    view! {
        <li class="result">
            <a href=href>
                <span class="result-name" lang="vi">{name}</span>
                " "
                <span class="result-code">{code}</span>
            </a>
            <p class="result-meta">
                <span lang="vi">{field}</span>
                <span>{format::level(level, t)}</span>
                <span>{format!("{}: {}", t.label_fee, format::fee_summary(&fee, t))}</span>
            </p>
        </li>
    }
}
