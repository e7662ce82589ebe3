//! What handlers share: the database and everything built once at startup.

use axum::extract::FromRef;
use std::sync::Arc;

use crate::db::Db;
use crate::representation::Representation;
use crate::static_files::Dist;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The catalogue index, serialised and compressed once: it is the app's biggest
    /// download and identical for every client until the next deploy.
    pub catalogue: Arc<Representation>,
    pub openapi: Arc<Representation>,
    pub dist: Arc<Dist>,
}

impl FromRef<AppState> for Arc<Dist> {
    fn from_ref(state: &AppState) -> Arc<Dist> {
        state.dist.clone()
    }
}
