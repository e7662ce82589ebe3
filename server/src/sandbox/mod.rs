//! Server-rendered sandbox pages under `/sandbox`: stand-ins for systems a real
//! deployment talks to (the agency's officer console, the payment gateway). Every page
//! says SANDBOX in its title and heading so nobody mistakes it for the real thing.

pub mod officer_html;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

/// Mounted under `/sandbox`. Other sandbox services add their routes here.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/officer", get(officer_html::list_page))
        .route("/officer/dossiers/{code}", get(officer_html::dossier_page))
        .route(
            "/officer/dossiers/{code}/actions",
            post(officer_html::post_action),
        )
        // The payment gateway's pages: /sandbox/gateway/….
        .merge(crate::payments::sandbox::router())
}
