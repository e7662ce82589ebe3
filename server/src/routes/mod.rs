//! The `/api` router.

pub mod admin_units;
pub mod catalogue;
pub mod csp_reports;
pub mod dossiers;
pub mod facets;
pub mod forms;
pub mod handoffs;
pub mod health;
pub mod officer;
pub mod offline;
pub mod payments;
pub mod registry;
pub mod stats;

use axum::extract::{FromRequestParts, OriginalUri, Path};
use axum::http::request::Parts;
use axum::http::Method;
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::state::AppState;

/// Mounted under `/api`.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/v1/health", get(health::health))
        .route("/v1/catalogue", get(catalogue::catalogue))
        .route("/v1/procedures/{code}", get(catalogue::procedure))
        .route("/v1/offline/procedures", get(offline::manifest))
        .route("/v1/offline/procedures/{page}", get(offline::page))
        .route("/v1/fields", get(facets::fields))
        .route("/v1/agencies", get(facets::agencies))
        .route("/v1/admin-units/provinces", get(admin_units::provinces))
        .route(
            "/v1/admin-units/provinces/{code}/wards",
            get(admin_units::wards),
        )
        .route("/v1/forms/{code}", get(forms::form))
        .route("/v1/registry/enterprises/{mst}", get(registry::enterprise))
        .route("/v1/dossiers/lookup", post(dossiers::lookup))
        .route("/v1/dossiers/{code}", get(dossiers::status))
        .route("/v1/dossiers/{code}/result", get(dossiers::result))
        .route("/v1/sandbox/officer/dossiers", get(officer::list))
        .route(
            "/v1/sandbox/officer/dossiers/{code}/actions",
            post(officer::act),
        )
        .route(
            "/v1/dossiers/{code}/payments",
            axum::routing::post(payments::start_payment),
        )
        // The static segment wins over `{txn_ref}` (a reference is alphanumeric anyway).
        .route("/v1/payments/vnpay-ipn", get(payments::vnpay_ipn))
        .route("/v1/payments/{txn_ref}", get(payments::payment))
        .route("/v1/stats", get(stats::report))
        .route("/v1/stats/events", post(stats::record_event))
        .route("/v1/handoffs/{code}", get(handoffs::take))
        .route("/v1/csp-reports", post(csp_reports::receive))
        .route("/v1/sandbox/csp-reports", get(csp_reports::list))
        .route("/openapi.json", get(crate::openapi::openapi_json))
        .fallback(unknown_path)
        .method_not_allowed_fallback(method_not_allowed)
}

/// The routes that take attachments, mounted at the root with their own body limit
/// (see `crate::build`): full paths here, since they sit beside the `/api` nest.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/dossiers", post(dossiers::submit))
        .route(
            "/api/v1/dossiers/{code}/supplement",
            post(dossiers::supplement),
        )
        .method_not_allowed_fallback(method_not_allowed)
}

/// `POST /api/v1/handoffs` takes a whole drafts export, attachments included, so it gets
/// the upload limit (see `crate::build`) and its own words when a body is over it.
pub fn handoff_router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/handoffs", post(handoffs::create))
        .method_not_allowed_fallback(method_not_allowed)
}

/// Answers about dossiers, payments, hand-offs and statistics change by the second or
/// name a person: never kept by a browser or proxy cache.
pub fn no_store(mut response: axum::response::Response) -> axum::response::Response {
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// Whether the request comes from the app's practice mode (`X-Portal-Practice: 1`).
pub fn is_practice(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(domain::dossier::api::PRACTICE_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == "1")
}

async fn unknown_path(OriginalUri(uri): OriginalUri) -> AppError {
    AppError::UnknownPath(uri.path().to_owned())
}

async fn method_not_allowed(method: Method) -> AppError {
    AppError::MethodNotAllowed(method)
}

/// `Path`, but a value that cannot be extracted (say, `%FF` that is not UTF-8)
/// becomes our 400 JSON instead of axum's plain-text rejection.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection| AppError::BadPathParameter(rejection.body_text()))
    }
}
