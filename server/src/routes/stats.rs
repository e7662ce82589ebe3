//! Anonymous funnel statistics: the app reports views and started forms, the server counts
//! filings and payments itself, and anyone may read the totals. What is and is not
//! recorded: docs/privacy.md.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::stats::{client_event, EventReport, Period, StatsReport};
use domain::{ApiError, ProcedureCode};
use serde::Deserialize;
use std::convert::Infallible;

use crate::dossiers::{now_unix, vn_date};
use crate::error::AppError;
use crate::routes::is_practice;
use crate::routes::registry::ClientIp;
use crate::state::AppState;
use super::no_store;

/// Counts one view of a procedure's page or one form started, for today (Vietnam time).
/// Nothing about the request is kept but the procedure, the event and the day. In
/// practice mode the request is checked as usual and then not counted.
#[utoipa::path(
    post,
    path = "/api/v1/stats/events",
    tag = "stats",
    params(
        ("X-Portal-Practice" = Option<String>, Header, description = "`1` in the app's practice mode: answered 204, counted nowhere"),
    ),
    request_body(content = EventReport, content_type = "application/json"),
    responses(
        (status = 204, description = "Counted (or, in practice mode, accepted and not counted)"),
        (status = 400, description = "Malformed JSON (`bad_request`), a malformed procedure code (`invalid_procedure_code`), an unknown event or `submitted`/`paid`, which the server counts itself (`invalid_parameter`)", body = ApiError),
        (status = 404, description = "No procedure has this code (`not_found`)", body = ApiError),
        (status = 429, description = "Too many events from this client (`rate_limited`); nothing was counted", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next event is accepted"))),
    )
)]
pub async fn record_event(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    // Practice and malformed events count too: a script could send either in bulk.
    state.event_limiter.admit(ip)?;
    // Read whatever the content type: a beacon sent as the page closes may say text/plain.
    let report: EventReport =
        serde_json::from_slice(&body).map_err(|e| AppError::BadJson(e.to_string()))?;
    let event = client_event(&report.event).map_err(AppError::Event)?;
    let code = ProcedureCode::parse(&report.procedure)
        .map_err(|_| AppError::InvalidProcedureCode(report.procedure.clone()))?
        .as_str()
        .to_owned();
    // Checked on a reader first, so requests for made-up codes never queue for the writer.
    let c = code.clone();
    if !state
        .db
        .read(move |conn| crate::stats::procedure_exists(conn, &c))
        .await?
    {
        return Err(AppError::ProcedureNotFound(code));
    }
    if !is_practice(&headers) {
        let day = vn_date(now_unix());
        state
            .db
            .write(move |tx| crate::stats::count(tx, &code, event, day).map(Ok::<_, Infallible>))
            .await?
            .unwrap_or_else(|never| match never {});
    }
    Ok(no_store(StatusCode::NO_CONTENT.into_response()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// First day, ISO `yyyy-mm-dd` (Vietnam time); default 29 days before `to`.
    pub from: Option<String>,
    /// Last day, ISO `yyyy-mm-dd`, included; default today in Vietnam.
    pub to: Option<String>,
}

/// The online-filing funnel per procedure over a period: how many times its page was
/// viewed, its form started, a dossier filed and a fee paid. Practice filings are not in
/// it. Procedures with no count in the period are left out.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    tag = "stats",
    params(StatsQuery),
    responses(
        (status = 200, description = "Counts per procedure (most filings first, then by code) and in total; `Cache-Control: no-store`", body = StatsReport),
        (status = 400, description = "`from` or `to` is not an ISO date, or `from` is after `to` (`invalid_parameter`)", body = ApiError),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    query: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|r| AppError::BadPathParameter(r.body_text()))?;
    let period = Period::parse(
        query.from.as_deref(),
        query.to.as_deref(),
        vn_date(now_unix()),
    )
    .map_err(AppError::StatsPeriod)?;
    let report = state
        .db
        .read(move |c| crate::stats::report(c, &period))
        .await?;
    Ok(no_store(Json(report).into_response()))
}
