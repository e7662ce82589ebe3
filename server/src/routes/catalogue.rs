use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use domain::{ApiError, CatalogueIndex, Procedure, ProcedureCode};
use rusqlite::OptionalExtension;

use crate::error::AppError;
use crate::representation::{json_content_type, no_cache, respond_dynamic};
use crate::routes::ApiPath;
use crate::state::AppState;

/// The compact index of every procedure, for searching in the app. Large (hundreds of
/// KB), so fetch it with `Accept-Encoding: br` and revalidate with `If-None-Match`.
#[utoipa::path(
    get,
    path = "/api/v1/catalogue",
    tag = "catalogue",
    params(
        ("If-None-Match" = Option<String>, Header, description = "ETag(s) of a cached copy; `*` and `W/` tags are accepted"),
        ("Accept-Encoding" = Option<String>, Header, description = "`br` and `gzip` are served precompressed"),
    ),
    responses(
        (status = 200, description = "The index, entries in procedure-code order", body = CatalogueIndex,
            headers(("ETag" = String, description = "Strong validator; differs per content coding"),
                    ("Cache-Control" = String, description = "`no-cache`: always revalidate"))),
        (status = 304, description = "The cached copy named in If-None-Match is current; no body",
            headers(("ETag" = String))),
    )
)]
pub async fn catalogue(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state.catalogue.respond(&headers)
}

/// One procedure in full: fees, documents, steps, legal basis.
#[utoipa::path(
    get,
    path = "/api/v1/procedures/{code}",
    tag = "catalogue",
    params(
        ("code" = String, Path, description = "National procedure code: one digit, a dot, six digits", example = "1.001612"),
        ("If-None-Match" = Option<String>, Header, description = "ETag(s) of a cached copy"),
    ),
    responses(
        (status = 200, description = "The procedure", body = Procedure, headers(("ETag" = String))),
        (status = 304, description = "The cached copy is current; no body"),
        (status = 400, description = "The code is not of the form 1.234567 (`invalid_procedure_code`)", body = ApiError),
        (status = 404, description = "No procedure has this code (`not_found`)", body = ApiError),
    )
)]
pub async fn procedure(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let code = ProcedureCode::parse(&code).map_err(|_| AppError::InvalidProcedureCode(code))?;
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
    respond_dynamic(&headers, json.into_bytes(), json_content_type(), no_cache()).await
}

/// Builds the index from the database, in code order.
pub fn load_index(conn: &rusqlite::Connection) -> Result<CatalogueIndex, crate::error::StartError> {
    let mut stmt = conn
        .prepare("SELECT json FROM procedures ORDER BY code")
        .map_err(crate::db::DbError::from)?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(crate::db::DbError::from)?;
    let mut procedures = Vec::new();
    for row in rows {
        let json = row.map_err(crate::db::DbError::from)?;
        procedures.push(
            serde_json::from_str::<Procedure>(&json)
                .map_err(crate::error::StartError::Catalogue)?,
        );
    }
    Ok(CatalogueIndex::build(&procedures))
}
