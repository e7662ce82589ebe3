//! "Thống kê sử dụng" (`/thong-ke`): the anonymous funnel counts per procedure that the
//! ministries' online-filing rate is measured by, with what is and is not recorded.
//! Read from `/api/v1/stats`, never cached: a figure shown must be the server's.

use crate::i18n::{use_lang, Lang};
use domain::date::Date;
use domain::stats::{FunnelCounts, StatsReport};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Stats() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| lang.set_title(lang.assist().stats_title));
    // `None` while loading; `Some(None)` when it could not be read.
    let report = RwSignal::new(None::<Option<StatsReport>>);
    spawn_local(async move {
        let got = match crate::http::send("GET", "/api/v1/stats", &[], None).await {
            Ok(r) if r.status == 200 => serde_json::from_str::<StatsReport>(&r.body).ok(),
            _ => None,
        };
        let _ = report.try_set(Some(got));
    });
    move || {
        let a = lang.assist();
        let body = match report.get() {
            None => ().into_any(),
            Some(None) => view! { <p role="alert" class="error-message">{a.stats_failed}</p> }.into_any(),
            Some(Some(r)) => view! { <Table lang report=r/> }.into_any(),
        };
        view! {
            <div class="container page stats-page">
                <h1 class="heading-l">{a.stats_title}</h1>
                <p>{a.stats_intro}</p>
                <ul id="stats-privacy">
                    <li>{a.stats_collected}</li>
                    <li>{a.stats_not_collected}</li>
                </ul>
                {body}
            </div>
        }
    }
}

#[component]
fn Table(lang: Lang, report: StatsReport) -> impl IntoView {
    let a = lang.assist();
    let day = |iso: &str| Date::parse_iso(iso).map(|d| d.to_dmy()).unwrap_or_else(|_| iso.to_owned());
    let period = (a.stats_period)(&day(&report.period.from), &day(&report.period.to));
    if report.procedures.is_empty() {
        return view! { <p id="stats-period">{period}</p><p id="stats-empty">{a.stats_empty}</p> }.into_any();
    }
    let rows = report
        .procedures
        .into_iter()
        .map(|p| {
            view! {
                <tr data-code=p.code.clone()>
                    <th scope="row"><a href=format!("/thu-tuc/{}", p.code) lang="vi">{p.name}</a>" "<span class="hint">{p.code.clone()}</span></th>
                    {cells(lang, p.counts)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <p id="stats-period">{period}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="stats-caption">
            <table class="stats-table" id="stats-table">
                <caption id="stats-caption">{a.stats_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{a.stats_procedure}</th>
                        <th scope="col" class="num">{a.stats_viewed}</th>
                        <th scope="col" class="num">{a.stats_started}</th>
                        <th scope="col" class="num">{a.stats_submitted}</th>
                        <th scope="col" class="num">{a.stats_paid}</th>
                        <th scope="col" class="num">{a.stats_online_rate}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr id="stats-totals"><th scope="row">{a.stats_total}</th>{cells(lang, report.totals)}</tr>
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}

fn cells(lang: Lang, c: FunnelCounts) -> impl IntoView {
    let n = move |v: u64| lang.number(u32::try_from(v).unwrap_or(u32::MAX));
    // Filed over started: the share of forms begun online that were filed online.
    let rate = if c.started == 0 { "—".to_owned() } else { format!("{} %", (c.submitted * 100 + c.started / 2) / c.started) };
    view! {
        <td class="num" data-event="viewed">{n(c.viewed)}</td>
        <td class="num" data-event="started">{n(c.started)}</td>
        <td class="num" data-event="submitted">{n(c.submitted)}</td>
        <td class="num" data-event="paid">{n(c.paid)}</td>
        <td class="num">{rate}</td>
    }
}
