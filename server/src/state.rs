//! What handlers share: the database and everything built once at startup.

use axum::extract::FromRef;
use std::collections::HashMap;
use std::sync::Arc;

use crate::db::Db;
use crate::rate_limit::RateLimiter;
use crate::representation::Representation;
use crate::static_files::Dist;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The catalogue index, serialised and compressed once: it is the app's biggest
    /// download and identical for every client until the next deploy.
    pub catalogue: Arc<Representation>,
    /// Every procedure's detail in pages, compressed in the background after startup.
    pub offline: Arc<crate::offline_bundle::OfflineBundle>,
    pub openapi: Arc<Representation>,
    /// The catalogue and its search, for the first HTML of the home, catalogue and
    /// procedure pages.
    pub prerender: Arc<crate::prerender::Prerender>,
    pub dist: Arc<Dist>,
    /// Official form schemas by procedure code, wrapped and compressed at startup.
    pub official_forms: Arc<HashMap<String, Representation>>,
    pub registry_limiter: Arc<RateLimiter>,
    /// Dossier look-ups by code + phone, per client IP (`--lookup-rate-per-minute`).
    pub lookup_limiter: Arc<RateLimiter>,
    /// New dossiers and supplements (`--filing-rate-per-minute`).
    pub filing_limiter: Arc<RateLimiter>,
    /// Hand-offs stored and fetched (`--handoff-rate-per-minute`).
    pub handoff_limiter: Arc<RateLimiter>,
    /// Funnel events from the app (`--event-rate-per-minute`).
    pub event_limiter: Arc<RateLimiter>,
    /// Content-Security-Policy reports (`--csp-report-rate-per-minute`).
    pub csp_report_limiter: Arc<RateLimiter>,
    /// The violations browsers reported since startup (`crate::csp_reports`).
    pub csp_reports: Arc<crate::csp_reports::CspReports>,
    /// Where attachment bytes are kept, content-addressed: `<data_dir>/files/<sha256>`.
    pub files_dir: Arc<std::path::PathBuf>,
    /// The payment gateway (today the in-process VNPay sandbox) and its secret.
    pub payments: Arc<crate::payments::Payments>,
}

impl FromRef<AppState> for Arc<Dist> {
    fn from_ref(state: &AppState) -> Arc<Dist> {
        state.dist.clone()
    }
}
