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
}

pub const DEFAULT_REGISTRY_RATE: u32 = 30;

impl Config {
    /// Loopback on an ephemeral port: what tests and embedding code usually want.
    pub fn new(data_dir: impl Into<PathBuf>, dist: impl Into<PathBuf>) -> Config {
        Config {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir: data_dir.into(),
            dist: dist.into(),
            brotli_quality: 11,
            registry_rate_per_minute: DEFAULT_REGISTRY_RATE,
        }
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join(DATABASE_FILE)
    }
}
