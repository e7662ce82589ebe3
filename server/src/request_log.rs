//! One log line per request at info level.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Paths are client-chosen; a megabyte of path must not become a megabyte of log.
const MAX_LOGGED_PATH: usize = 200;

pub async fn log_request(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let mut path: String = request.uri().path().chars().take(MAX_LOGGED_PATH).collect();
    if request.uri().path().len() > path.len() {
        path.push('…');
    }
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        micros = start.elapsed().as_micros() as u64,
        "request"
    );
    response
}
