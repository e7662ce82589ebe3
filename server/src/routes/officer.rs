//! The sandbox officer's API: list dossiers and move them through the state machine.
//! A real agency works in its own case-management system; this stands in for it so
//! demonstrations and tests can take a dossier through its whole life.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::dossier::api::{DossierStatusBody, OfficerDossier};
use domain::dossier::{Action, DossierCode};
use domain::ApiError;

use crate::dossiers::now_unix;
use crate::dossiers::store;
use crate::error::AppError;
use crate::routes::ApiPath;
use crate::state::AppState;

/// Every dossier, newest first (at most 1000).
#[utoipa::path(
    get,
    path = "/api/v1/sandbox/officer/dossiers",
    tag = "sandbox",
    responses((status = 200, description = "Dossiers, newest first", body = [OfficerDossier]))
)]
pub async fn list(State(state): State<AppState>) -> Result<Response, AppError> {
    let now = now_unix();
    let list = state.db.read(move |c| store::list(c, now)).await?;
    let mut response = Json(list).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Applies an officer's action (`start_processing`, `request_supplement` with `note`,
/// `attach_result`, `return_result`, `reject` with `reason`). `attach_result` issues the
/// result document.
#[utoipa::path(
    post,
    path = "/api/v1/sandbox/officer/dossiers/{code}/actions",
    tag = "sandbox",
    params(("code" = String, Path, description = "Dossier code")),
    request_body = Action,
    responses(
        (status = 200, description = "The dossier after the action", body = DossierStatusBody),
        (status = 400, description = "Malformed action, or a blank/overlong note or reason (`bad_request`)", body = ApiError),
        (status = 404, description = "No such dossier (`not_found`)", body = ApiError),
        (status = 409, description = "The action is not allowed in the dossier's state (`conflict`)", body = ApiError),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    action: Result<Json<Action>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(action) = action.map_err(|r| AppError::BadJson(r.body_text()))?;
    let status = apply_action(&state, &raw, action).await?;
    Ok(Json(status).into_response())
}

/// What both the API and the HTML console do. The citizen's own action (supplement)
/// comes with answers and files and is not an officer's to take.
pub async fn apply_action(
    state: &AppState,
    raw_code: &str,
    action: Action,
) -> Result<DossierStatusBody, AppError> {
    let code = DossierCode::parse(raw_code)
        .map_err(|_| AppError::DossierNotFound)?
        .to_string();
    if matches!(action, Action::Supplement) {
        return Err(AppError::BadJson(
            "the supplement action is the citizen's: POST /api/v1/dossiers/{code}/supplement"
                .into(),
        ));
    }
    let now = now_unix();
    let c = code.clone();
    state
        .db
        .write(move |tx| store::act(tx, &c, &action, None, now))
        .await??;
    state
        .db
        .read(move |c| match store::find(c, &code)? {
            Some(row) => store::status_body(c, &row, now).map(Some),
            None => Ok(None),
        })
        .await?
        .ok_or(AppError::DossierNotFound)
}
