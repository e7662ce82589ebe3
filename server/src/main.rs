use clap::Parser;
use portal_server::{Config, StartError};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::str::FromStr;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Debug, thiserror::Error)]
enum MainError {
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped with an error: {0}")]
    Serve(#[source] std::io::Error),
}

fn main() -> ExitCode {
    let config = Config::parse();
    init_logging();
    match run(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `RUST_LOG` takes tracing's target syntax (`warn`, `portal_server=debug,info`);
/// info by default so each request leaves one line on stderr. Stdout stays for the
/// `listening on` line that scripts read.
fn init_logging() {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| Targets::from_str(&v).ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO));
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .with(filter)
        .try_init();
}

fn run(config: Config) -> Result<(), MainError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(MainError::Runtime)?;
    runtime.block_on(async {
        let portal = portal_server::build(&config).await?;
        let r = portal.report;
        tracing::info!(
            schema = r.schema_version,
            seed = ?r.seed,
            registry = ?r.registry,
            procedures = r.procedures,
            official_forms = r.official_forms,
            dist = ?r.dist,
            "ready"
        );
        let addr = SocketAddr::new(config.bind, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| MainError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| MainError::Bind { addr, source })?;
        println!("listening on http://{local}");
        portal_server::serve(listener, portal.router, shutdown_signal())
            .await
            .map_err(MainError::Serve)?;
        tracing::info!("stopped");
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
