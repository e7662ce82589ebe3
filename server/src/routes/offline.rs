//! The offline bundle: every procedure's detail in pages (`crate::offline_bundle`).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use domain::ApiError;

use crate::error::AppError;
use crate::offline_bundle::{OfflineManifest, OfflinePage};
use crate::routes::ApiPath;
use crate::state::AppState;

/// What the offline bundle holds: its version, and each page's procedure count, size
/// and compressed (`br`) size, so the app can show the download's size before it starts.
#[utoipa::path(
    get,
    path = "/api/v1/offline/procedures",
    tag = "offline",
    params(
        ("If-None-Match" = Option<String>, Header, description = "ETag(s) of a cached copy; `*` and `W/` tags are accepted"),
        ("Accept-Encoding" = Option<String>, Header, description = "`br` and `gzip` are served precompressed"),
    ),
    responses(
        (status = 200, description = "The manifest; `total_bytes` and `transfer_bytes` are the sums over the pages", body = OfflineManifest,
            headers(("ETag" = String, description = "Strong validator; differs per content coding"),
                    ("Cache-Control" = String, description = "`no-cache`: always revalidate"))),
        (status = 304, description = "The cached copy named in If-None-Match is current; no body",
            headers(("ETag" = String))),
    )
)]
pub async fn manifest(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    Ok(state.offline.ready().await?.manifest.respond(&headers))
}

/// One page of the offline bundle: up to `page_size` procedures in code order, each
/// exactly as `GET /api/v1/procedures/{code}` answers it.
#[utoipa::path(
    get,
    path = "/api/v1/offline/procedures/{page}",
    tag = "offline",
    params(
        ("page" = u32, Path, description = "Page number, from 1 to the manifest's page count", example = 1),
        ("If-None-Match" = Option<String>, Header, description = "ETag(s) of a cached copy"),
        ("Accept-Encoding" = Option<String>, Header, description = "`br` and `gzip` are served precompressed"),
    ),
    responses(
        (status = 200, description = "The page", body = OfflinePage,
            headers(("ETag" = String, description = "Strong validator; differs per content coding"),
                    ("Cache-Control" = String, description = "`no-cache`: always revalidate"))),
        (status = 304, description = "The cached copy is current; no body", headers(("ETag" = String))),
        (status = 400, description = "The page is not a number (`invalid_parameter`)", body = ApiError),
        (status = 404, description = "No such page: 0 or past the last (`not_found`)", body = ApiError),
    )
)]
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(page): ApiPath<String>,
) -> Result<Response, AppError> {
    if page.is_empty() || !page.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::InvalidPage(page));
    }
    let bundle = state.offline.ready().await?;
    // Digits only, so a failed parse means a number too big to be a page.
    let found = page
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| bundle.pages.get(i));
    match found {
        Some(rep) => Ok(rep.respond(&headers)),
        None => Err(AppError::PageNotFound {
            page,
            pages: bundle.pages.len(),
        }),
    }
}
