use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server can answer at all.
    #[schema(example = "ok")]
    pub status: String,
    /// Procedures in the database, counted now: a health check that reads the data.
    #[schema(example = 2849)]
    pub procedures: u64,
    /// Server version.
    #[schema(example = "0.1.0")]
    pub version: String,
}

/// Liveness and readiness: answers only when the database can be read.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "meta",
    responses(
        (status = 200, description = "The server and its database are working", body = Health),
    )
)]
pub async fn health(State(state): State<AppState>) -> Result<Response, AppError> {
    let procedures: i64 = state
        .db
        .read(|c| c.query_row("SELECT COUNT(*) FROM procedures", [], |r| r.get(0)))
        .await?;
    // COUNT(*) is never negative.
    let procedures = u64::try_from(procedures).unwrap_or(0);
    let mut response = Json(Health {
        status: "ok".to_owned(),
        procedures,
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
