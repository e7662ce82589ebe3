//! The application form of a procedure: its official schema when one was written,
//! otherwise the generic one derived from the catalogue record.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use domain::form::generic_schema;
use domain::{ApiError, Procedure, ProcedureCode};
use rusqlite::OptionalExtension;

use crate::error::AppError;
use crate::forms::{FormSource, ServedForm};
use crate::representation::{json_content_type, no_cache, respond_dynamic};
use crate::routes::ApiPath;
use crate::state::AppState;

/// The form schema for one procedure, wrapped as `{"source": "official" | "generic",
/// "schema": FormSchema}`. Revalidate with `If-None-Match`: schemas change only with a
/// deploy, and a changed schema has a new `version` that drafts migrate to.
#[utoipa::path(
    get,
    path = "/api/v1/forms/{code}",
    tag = "forms",
    params(
        ("code" = String, Path, description = "National procedure code", example = "1.001612"),
        ("If-None-Match" = Option<String>, Header, description = "ETag(s) of a cached copy"),
    ),
    responses(
        (status = 200, description = "The schema and where it comes from", body = ServedForm,
            headers(("ETag" = String), ("Cache-Control" = String, description = "`no-cache`: always revalidate"))),
        (status = 304, description = "The cached copy is current; no body"),
        (status = 400, description = "The code is not of the form 1.234567 (`invalid_procedure_code`)", body = ApiError),
        (status = 404, description = "No procedure has this code (`not_found`)", body = ApiError),
    )
)]
pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let code = ProcedureCode::parse(&code).map_err(|_| AppError::InvalidProcedureCode(code))?;
    if let Some(official) = state.official_forms.get(code.as_str()) {
        return Ok(official.respond(&headers));
    }
    let lookup = code.as_str().to_owned();
    let json: Option<String> = state
        .db
        .read(move |c| {
            c.prepare_cached("SELECT json FROM procedures WHERE code = ?1")?
                .query_row([lookup], |r| r.get(0))
                .optional()
        })
        .await?;
    let json = json.ok_or_else(|| AppError::ProcedureNotFound(code.to_string()))?;
    let procedure: Procedure = serde_json::from_str(&json)?;
    let body = serde_json::to_vec(&ServedForm {
        source: FormSource::Generic,
        schema: generic_schema(&procedure),
    })?;
    respond_dynamic(&headers, body, json_content_type(), no_cache()).await
}
