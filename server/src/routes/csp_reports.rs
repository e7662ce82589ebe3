//! Where browsers send Content-Security-Policy violation reports, and the sandbox's read
//! of what arrived. What is kept of a report and why: [`crate::csp_reports`].

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::ApiError;

use crate::csp_reports::{self, CspReportSummary, Format, LegacyReport, ReportingReport};
use crate::error::AppError;
use crate::routes::registry::ClientIp;
use crate::state::AppState;
use super::no_store;

/// Counts the violations in one report (`report-uri`) or batch (Reporting API) and logs
/// each as a warning. Reports a browser marks `Sec-Fetch-Site: cross-site` are checked and
/// answered alike but not counted: they describe another site's pages, whose policy named
/// this endpoint.
#[utoipa::path(
    post,
    path = "/api/v1/csp-reports",
    tag = "meta",
    request_body(
        description = "A report as `report-uri` sends it, or a Reporting API batch (reports of types other than `csp-violation` are ignored). At most 16 KiB.",
        content(
            (LegacyReport = "application/csp-report"),
            (Vec<ReportingReport> = "application/reports+json"),
        )
    ),
    responses(
        (status = 204, description = "Counted (or, from another site, accepted and not counted)"),
        (status = 400, description = "Not a CSP report of the declared format, no directive name, no absolute page URL, or an empty batch (`bad_request`)", body = ApiError),
        (status = 413, description = "Body over 16 KiB (`payload_too_large`)", body = ApiError),
        (status = 415, description = "Content-Type is neither `application/csp-report`, `application/reports+json` nor `application/json` (`unsupported_media_type`)", body = ApiError),
        (status = 429, description = "Too many reports from this client (`rate_limited`); nothing was counted", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next report is accepted"))),
    )
)]
pub async fn receive(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    // Refused reports count too: a script could send junk in bulk.
    state.csp_report_limiter.admit(ip)?;
    let format = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(Format::from_content_type)
        .ok_or(AppError::CspReportMediaType)?;
    let violations = csp_reports::parse(format, &body).map_err(AppError::CspReport)?;
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    if !cross_site {
        for v in violations {
            tracing::warn!(
                directive = %v.directive,
                path = %v.path,
                blocked = %v.blocked,
                "Content-Security-Policy violation reported"
            );
            state.csp_reports.record(v);
        }
    }
    Ok(no_store(StatusCode::NO_CONTENT.into_response()))
}

/// The violations reported since the server started, most frequent first. Under the
/// sandbox, like the officer's API, and for the same reason: it is for tests and
/// demonstrations, not the public. Anyone can post a report, so a public list would
/// publish whatever strangers post and tell them which pages break.
#[utoipa::path(
    get,
    path = "/api/v1/sandbox/csp-reports",
    tag = "sandbox",
    responses(
        (status = 200, description = "Counts per directive, page path and blocked origin; `Cache-Control: no-store`", body = CspReportSummary),
    )
)]
pub async fn list(State(state): State<AppState>) -> Response {
    no_store(Json(state.csp_reports.summary()).into_response())
}
