//! Command-line and environment settings.

use clap::Parser;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

/// The SQLite file inside the data directory.
pub const DATABASE_FILE: &str = "portal.db";

/// Settings for one server process. Every flag has an environment variable so that
/// scripts and containers need no command line.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "portal-server",
    version,
    about = "Reference server of the citizen public-service portal"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_BIND", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,

    /// TCP port; 0 lets the system pick a free one (the chosen one is printed).
    #[arg(long, env = "PORTAL_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Directory for the SQLite database; created when missing.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,

    /// Directory with the built app (Trunk output). The API works without it.
    #[arg(long, env = "PORTAL_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Where compressed bodies are kept across restarts (default `<data-dir>/cache`).
    /// Entries are named by content hash and settings, so servers with different data
    /// dirs can share one (the e2e suite does, to compress the offline bundle once).
    #[arg(long, env = "PORTAL_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Brotli quality (0–11) for what is compressed once at startup: the catalogue
    /// index and the app's files. 11 gives the smallest downloads; lower starts faster.
    #[arg(long, env = "PORTAL_BROTLI_QUALITY", default_value_t = 11,
          value_parser = clap::value_parser!(u32).range(0..=11))]
    pub brotli_quality: u32,

    /// Business-registry look-ups allowed per client IP and minute (also the burst
    /// size); 0 turns the limit off. The registry holds personal data, so it must not be
    /// walkable by trying codes in bulk.
    #[arg(long, env = "PORTAL_REGISTRY_RATE", default_value_t = DEFAULT_REGISTRY_RATE)]
    pub registry_rate_per_minute: u32,

    /// Dossier look-ups by code and phone allowed per client IP and minute (also the
    /// burst size); 0 turns the limit off. A code and a phone number together open a
    /// dossier, so guessing pairs in bulk must be slow.
    #[arg(long, env = "PORTAL_LOOKUP_RATE", default_value_t = DEFAULT_LOOKUP_RATE)]
    pub lookup_rate_per_minute: u32,

    /// Dossier uploads (new filings and supplements) allowed per client IP and minute
    /// (also the burst size); 0 turns the limit off. A retry of a filing already stored
    /// (same `Idempotency-Key`) is not counted. Filings are personal and checked at some
    /// cost, so a script must not be able to file in bulk; a commune office whose
    /// citizens share one address still files one every two seconds.
    #[arg(long, env = "PORTAL_FILING_RATE", default_value_t = DEFAULT_FILING_RATE)]
    pub filing_rate_per_minute: u32,

    /// Hand-offs stored or fetched by code, together, per client IP and minute (also the
    /// burst size); 0 turns the limit off. Each stored one may hold 52 MiB for a day, and
    /// a fetched code hands over a draft, so neither may be done in bulk.
    #[arg(long, env = "PORTAL_HANDOFF_RATE", default_value_t = DEFAULT_HANDOFF_RATE)]
    pub handoff_rate_per_minute: u32,

    /// Usage events (`POST /api/v1/stats/events`) per client IP and minute (also the
    /// burst size); 0 turns the limit off. Slows a script inflating a procedure's counts;
    /// the app sends one per procedure page, far below this.
    #[arg(long, env = "PORTAL_EVENT_RATE", default_value_t = DEFAULT_EVENT_RATE)]
    pub event_rate_per_minute: u32,

    /// Content-Security-Policy violation reports (`POST /api/v1/csp-reports`) per client
    /// IP and minute (also the burst size); 0 turns the limit off. Each report is a log
    /// line, so a script must not be able to flood the log; a page that breaks its policy
    /// in a loop loses only repeats of what it already reported.
    #[arg(long, env = "PORTAL_CSP_REPORT_RATE", default_value_t = DEFAULT_CSP_REPORT_RATE)]
    pub csp_report_rate_per_minute: u32,

    /// The payment gateway's hash secret (VNPay `vnp_HashSecret`), at least 16
    /// characters. When absent, a random one is generated once per data directory and
    /// kept in its database, so a restart still verifies payments already under way.
    /// Never sent to a client.
    #[arg(long, env = "PORTAL_PAYMENT_SECRET", hide_env_values = true)]
    pub payment_secret: Option<Secret>,
}

/// A setting that must never reach a log: `Debug` prints a placeholder, and the value
/// is only read through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Lets clap read the flag; checks on the value (length) happen at startup, where the
/// error can say what the secret is for.
impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Secret, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

pub const DEFAULT_REGISTRY_RATE: u32 = 30;
pub const DEFAULT_LOOKUP_RATE: u32 = 20;
pub const DEFAULT_FILING_RATE: u32 = 30;
pub const DEFAULT_HANDOFF_RATE: u32 = 20;
pub const DEFAULT_EVENT_RATE: u32 = 60;
pub const DEFAULT_CSP_REPORT_RATE: u32 = 60;

impl Config {
    /// Loopback on an ephemeral port: what tests and embedding code usually want.
    pub fn new(data_dir: impl Into<PathBuf>, dist: impl Into<PathBuf>) -> Config {
        Config {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir: data_dir.into(),
            dist: dist.into(),
            cache_dir: None,
            brotli_quality: 11,
            registry_rate_per_minute: DEFAULT_REGISTRY_RATE,
            lookup_rate_per_minute: DEFAULT_LOOKUP_RATE,
            filing_rate_per_minute: DEFAULT_FILING_RATE,
            handoff_rate_per_minute: DEFAULT_HANDOFF_RATE,
            event_rate_per_minute: DEFAULT_EVENT_RATE,
            csp_report_rate_per_minute: DEFAULT_CSP_REPORT_RATE,
            payment_secret: None,
        }
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.cache_dir.clone().unwrap_or_else(|| self.data_dir.join("cache"))
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join(DATABASE_FILE)
    }
}
