//! GET with an offline copy: every response the form pages need (schemas, administrative
//! units, registry look-ups) is kept in IndexedDB, so a form opened once can be filled
//! in again without a connection.

use portal_app::api::{self, ApiClientError};
use portal_app::store::Store;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("not found")]
    NotFound,
    /// Too many requests; the registry look-up is rate-limited.
    #[error("rate limited")]
    Busy,
    /// No connection and no saved copy.
    #[error("offline without a saved copy")]
    Offline,
    #[error("the server answered {0}")]
    Status(u16),
}

/// A body, and when it was saved if it came from the offline copy.
pub struct Fetched {
    pub body: String,
    pub cached_at: Option<f64>,
}

pub async fn get_cached(path: &str) -> Result<Fetched, FetchError> {
    match api::get_text(path).await {
        Ok(body) => {
            if let Ok(store) = Store::open().await {
                // A failed copy only costs the offline fallback.
                let _ = store.put_response(path, &body, js_sys::Date::now()).await;
            }
            Ok(Fetched { body, cached_at: None })
        }
        Err(ApiClientError::Status(404)) => Err(FetchError::NotFound),
        Err(ApiClientError::Status(429)) => Err(FetchError::Busy),
        // A server error is as good as no server: the saved copy is still right.
        Err(ApiClientError::Status(s)) if s < 500 => Err(FetchError::Status(s)),
        Err(_) => {
            let store = Store::open().await.map_err(|_| FetchError::Offline)?;
            match store.response(path).await {
                Ok(Some(c)) => Ok(Fetched { body: c.body, cached_at: Some(c.fetched_ms) }),
                _ => Err(FetchError::Offline),
            }
        }
    }
}
