//! Reference server of the citizen portal: the SPA's static files, the portal API
//! (`/api/v1/…`) and its OpenAPI document, over one SQLite file.
//!
//! [`build`] prepares everything (database, seed, catalogue index, static files);
//! [`serve`] runs it on a listener the caller bound, so tests can use port 0.

mod collation;
mod compress_cache;
mod csp_reports;
pub mod config;
mod db;
mod dossiers;
mod error;
pub mod forms;
mod handoffs;
mod headers;
mod migrations;
mod offline_bundle;
mod openapi;
mod payments;
mod prerender;
mod rate_limit;
pub mod registry;
mod representation;
mod request_log;
mod routes;
mod sandbox;
mod seed;
mod state;
mod static_files;
mod stats;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

pub use config::{Config, DATABASE_FILE};
pub use error::StartError;
pub use headers::CONTENT_SECURITY_POLICY;
pub use registry::RegistrySeedOutcome;
pub use seed::SeedOutcome;
pub use static_files::DistStatus;

use compress_cache::CompressCache;
use rate_limit::{Limited, RateLimiter};
use representation::{json_content_type, no_cache, Effort, Representation};
use state::AppState;

/// Bounds what a client can make us buffer on every route but the dossier uploads.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;
/// The dossier uploads (filing, supplement): 50 MiB of attachments plus room for the
/// answers and the multipart framing.
pub const UPLOAD_BODY_LIMIT_BYTES: usize = 52 * 1024 * 1024;

/// What startup did, for the log line and for tests.
#[derive(Debug, Clone, Copy)]
pub struct StartupReport {
    pub schema_version: u32,
    pub seed: SeedOutcome,
    pub registry: RegistrySeedOutcome,
    pub procedures: usize,
    /// Procedures served with a hand-made schema from `data/forms/`.
    pub official_forms: usize,
    pub dist: DistStatus,
}

pub struct Portal {
    pub router: Router,
    pub report: StartupReport,
}

/// Highest brotli quality for the offline bundle (see where it is built).
const OFFLINE_BROTLI_QUALITY: u32 = 9;

/// Opens (creating, migrating and seeding as needed) the database under
/// `config.data_dir`, builds the in-memory catalogue index and loads `config.dist`.
pub async fn build(config: &Config) -> Result<Portal, StartError> {
    // First, so a wrong --data-dir fails before any slow work starts.
    let data_dir = &config.data_dir;
    std::fs::create_dir_all(data_dir).map_err(|source| StartError::DataDir {
        path: data_dir.clone(),
        source,
    })?;
    let effort = Effort::startup(config.brotli_quality);
    let cache = Arc::new(CompressCache::open(
        config.cache_dir().join("compressed"),
    ));
    let db_setup = {
        let (data_dir, cache) = (config.data_dir.clone(), cache.clone());
        tokio::task::spawn_blocking(move || prepare_database(&data_dir, effort, &cache))
    };
    // The two biggest startup costs (seeding, brotli) run side by side.
    let dist_load = {
        let (dist_dir, cache) = (config.dist.clone(), cache.clone());
        tokio::task::spawn_blocking(move || static_files::Dist::load(&dist_dir, effort, &cache))
    };

    let openapi_body = openapi::document_json().map_err(StartError::OpenApi)?;
    let openapi = Representation::new(
        openapi_body,
        json_content_type(),
        no_cache(),
        true,
        effort,
        &cache,
    )
    .map_err(StartError::Compress)?;

    let Database {
        schema_version,
        seed,
        registry,
        procedures,
        catalogue,
        index,
        official_forms,
        offline_sources,
    } = db_setup.await??;
    let dist = Arc::new(dist_load.await??);
    cache.prune();
    let report = StartupReport {
        schema_version,
        seed,
        registry,
        procedures,
        official_forms: official_forms.len(),
        dist: dist.status(),
    };

    // Compressing ≈17 MB of detail takes a while: do it in the background
    // (requests for the bundle wait for it), with a cache of its own (see the module).
    // A plain thread, not `spawn_blocking`: the runtime waits for its blocking tasks when
    // it shuts down, and a stop must not wait half a minute for compression it can redo
    // (cache entries are written atomically, so being cut off midway leaves none broken).
    // Brotli 9, not 11: measured on the real bundle, 11 takes 22 s for 1,455 KB, 9 takes
    // 1.5 s for 1,538 KB (+6 %). A first start after a deploy must not keep the first
    // person who asks for the download waiting past their app's timeout.
    let offline = Arc::new(offline_bundle::OfflineBundle::new(
        offline_sources,
        Effort::startup(config.brotli_quality.min(OFFLINE_BROTLI_QUALITY)),
        Some(config.cache_dir().join("offline")),
    ));
    {
        let offline = offline.clone();
        let spawned = std::thread::Builder::new()
            .name("offline-bundle".into())
            .spawn(move || {
                offline.build();
            });
        if let Err(e) = spawned {
            // Requests for the bundle then build it themselves.
            tracing::warn!("cannot start the offline bundle thread: {e}");
        }
    }

    let db = db::Db::new(config.database_path());
    // After migration (the secret may live in `meta`), before serving any request.
    let payments = payments::setup(&db, config.payment_secret.as_ref()).await?;
    let state = AppState {
        db,
        catalogue: Arc::new(catalogue),
        offline,
        openapi: Arc::new(openapi),
        prerender: Arc::new(prerender::Prerender::new(index)),
        dist,
        official_forms: Arc::new(official_forms),
        registry_limiter: Arc::new(RateLimiter::new(
            config.registry_rate_per_minute,
            Limited::LookUps,
        )),
        lookup_limiter: Arc::new(RateLimiter::new(
            config.lookup_rate_per_minute,
            Limited::LookUps,
        )),
        filing_limiter: Arc::new(RateLimiter::new(
            config.filing_rate_per_minute,
            Limited::Filings,
        )),
        handoff_limiter: Arc::new(RateLimiter::new(
            config.handoff_rate_per_minute,
            Limited::Handoffs,
        )),
        event_limiter: Arc::new(RateLimiter::new(
            config.event_rate_per_minute,
            Limited::Events,
        )),
        csp_report_limiter: Arc::new(RateLimiter::new(
            config.csp_report_rate_per_minute,
            Limited::CspReports,
        )),
        csp_reports: Arc::new(csp_reports::CspReports::default()),
        files_dir: Arc::new(config.data_dir.join("files")),
        payments: Arc::new(payments),
    };
    // Dossier uploads carry attachments (up to 50 MiB in all); every other route keeps
    // the small limit, so only these two paths can make the server buffer that much.
    let uploads = routes::upload_router()
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT_BYTES))
        .layer(RequestBodyLimitLayer::new(UPLOAD_BODY_LIMIT_BYTES))
        .layer(axum::middleware::map_response(
            routes::dossiers::upload_too_large,
        ));
    // A hand-off carries a draft's attachments too, so it may be as large as a filing.
    let handoffs = routes::handoff_router()
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT_BYTES))
        .layer(RequestBodyLimitLayer::new(UPLOAD_BODY_LIMIT_BYTES))
        .layer(axum::middleware::map_response(
            routes::handoffs::handoff_too_large,
        ));
    let router = Router::new()
        .nest("/api", routes::api_router())
        .nest("/sandbox", sandbox::router())
        .fallback(prerender::serve)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .merge(uploads)
        .merge(handoffs)
        .with_state(state);
    Ok(Portal {
        router: with_shared_middleware(router),
        report,
    })
}

struct Database {
    schema_version: u32,
    seed: SeedOutcome,
    registry: RegistrySeedOutcome,
    procedures: usize,
    catalogue: Representation,
    index: domain::CatalogueIndex,
    official_forms: HashMap<String, Representation>,
    offline_sources: offline_bundle::Sources,
}

/// Migrates and seeds the database as needed, then builds the catalogue index
/// from it (not from the embedded data: the database is what the API serves).
fn prepare_database(
    data_dir: &Path,
    effort: Effort,
    cache: &CompressCache,
) -> Result<Database, StartError> {
    let (mut conn, schema_version) = db::open_and_migrate(&data_dir.join(DATABASE_FILE))?;
    let t = Instant::now();
    let seed = seed::seed(&mut conn)?;
    tracing::debug!(ms = t.elapsed().as_millis() as u64, ?seed, "seed checked");
    let t = Instant::now();
    let registry = registry::seed(&mut conn)?;
    tracing::debug!(
        ms = t.elapsed().as_millis() as u64,
        ?registry,
        "sandbox registry checked"
    );

    let t = Instant::now();
    let index = routes::catalogue::load_index(&conn)?;
    let procedures = index.items.len();
    let body = serde_json::to_vec(&index).map_err(StartError::Catalogue)?;
    tracing::debug!(
        ms = t.elapsed().as_millis() as u64,
        bytes = body.len(),
        "catalogue index built"
    );

    let t = Instant::now();
    let catalogue = Representation::new(body, json_content_type(), no_cache(), true, effort, cache)
        .map_err(StartError::Compress)?;
    tracing::debug!(
        ms = t.elapsed().as_millis() as u64,
        "catalogue index compressed"
    );

    let codes: HashSet<String> = index.items.iter().map(|i| i.code.clone()).collect();
    let official_forms = official_forms(&codes, effort, cache)?;
    let offline_sources = offline_bundle::load(&conn).map_err(db::DbError::from)?;
    Ok(Database {
        schema_version,
        seed,
        registry,
        procedures,
        catalogue,
        index,
        official_forms,
        offline_sources,
    })
}

/// Checks every embedded official schema (refusing to start on any mistake) and
/// prepares each answer body once.
fn official_forms(
    codes: &HashSet<String>,
    effort: Effort,
    cache: &CompressCache,
) -> Result<HashMap<String, Representation>, StartError> {
    let mut out = HashMap::new();
    for (code, schema) in forms::load_embedded(codes)? {
        let body = serde_json::to_vec(&forms::ServedForm {
            source: forms::FormSource::Official,
            schema,
        })
        .map_err(|source| StartError::FormBody {
            code: code.clone(),
            source,
        })?;
        let rep = Representation::new(body, json_content_type(), no_cache(), true, effort, cache)
            .map_err(StartError::Compress)?;
        out.insert(code, rep);
    }
    Ok(out)
}

/// The layers every response passes through. Public so a test can wrap a router of
/// its own (say, one with a route that panics) exactly as the real one is wrapped.
pub fn with_middleware(router: Router) -> Router {
    // The body limit sees the request last, inside everything else.
    with_shared_middleware(router.layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES)))
}

/// [`with_middleware`] without the body limit: the real router sets the limit per route
/// (small for everything, larger for the dossier uploads).
fn with_shared_middleware(router: Router) -> Router {
    // Listed innermost first: the log sees the final response, after panics became 500s
    // and every error got its JSON shape and the security headers.
    router
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(axum::middleware::map_response(error::normalize_errors))
        .layer(axum::middleware::map_response(headers::security_headers))
        .layer(axum::middleware::from_fn(request_log::log_request))
}

/// Serves until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Connection info carries the peer address the rate limits are keyed on.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
