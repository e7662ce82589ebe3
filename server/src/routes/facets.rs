//! Distinct fields (lĩnh vực) and agencies (cơ quan thực hiện) with how many procedures
//! each has, for the app's filter drop-downs.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use crate::collation;
use crate::error::AppError;
use crate::representation::{json_content_type, no_cache, respond_dynamic};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct NameCount {
    #[schema(example = "Hộ tịch")]
    pub name: String,
    #[schema(example = 42)]
    pub count: u32,
}

async fn counts(
    state: &AppState,
    headers: &HeaderMap,
    sql: &'static str,
) -> Result<Response, AppError> {
    let mut rows: Vec<NameCount> = state
        .db
        .read(move |c| {
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok(NameCount {
                    name: r.get(0)?,
                    count: r.get(1)?,
                })
            })?;
            rows.collect()
        })
        .await?;
    rows.sort_by_cached_key(|r| collation::key(&r.name));
    respond_dynamic(
        headers,
        serde_json::to_vec(&rows)?,
        json_content_type(),
        no_cache(),
    )
    .await
}

/// Every field with its number of procedures, in Vietnamese alphabetical order.
#[utoipa::path(
    get,
    path = "/api/v1/fields",
    tag = "catalogue",
    responses((status = 200, description = "Fields and counts; the counts add up to the number of procedures", body = [NameCount]))
)]
pub async fn fields(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    counts(
        &state,
        &headers,
        "SELECT field, COUNT(*) FROM procedures GROUP BY field",
    )
    .await
}

/// Every agency with its number of procedures, in Vietnamese alphabetical order.
/// Procedures whose agency the source leaves blank are not counted under any name.
#[utoipa::path(
    get,
    path = "/api/v1/agencies",
    tag = "catalogue",
    responses((status = 200, description = "Agencies and counts", body = [NameCount]))
)]
pub async fn agencies(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    counts(
        &state,
        &headers,
        "SELECT agency, COUNT(*) FROM procedures WHERE agency IS NOT NULL GROUP BY agency",
    )
    .await
}
