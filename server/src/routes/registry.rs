//! Look-up in the (sandbox) national business registry by tax code, for prefilling
//! forms. One code at a time and rate-limited per client: the registry holds personal
//! data (representatives' ID numbers and birth dates), so there is no listing or search.

use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::date::Date;
use domain::ids::Mst;
use domain::registry::{Enterprise, EnterpriseLookup};
use domain::ApiError;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::AppError;
use crate::registry::{self, SOURCE_NOTE};
use crate::routes::ApiPath;
use crate::state::AppState;

/// The peer address of the connection. Forwarding headers are not trusted: anyone can
/// send them, and honouring them would let a client pick a fresh bucket per request.
/// Behind a reverse proxy every client therefore shares the proxy's bucket; raise the
/// `--*-rate-per-minute` limits there, or teach this extractor the proxy's header.
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Absent only when the router is driven without `serve` (in-process tests): one
        // shared bucket is the safe reading.
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientIp(ip))
    }
}

/// Now, as RFC 3339 in UTC, e.g. `2025-11-22T08:30:00Z`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

fn rfc3339(unix_secs: u64) -> String {
    let days = (unix_secs / 86_400) as i64;
    let rest = unix_secs % 86_400;
    let date = Date::from_day_number(days)
        .map(Date::to_iso)
        .unwrap_or_else(|| "1970-01-01".to_owned());
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// One registry entry by tax code (mã số thuế), branches included (`0390000027-001`).
/// The answer is the entry itself, plus when and where it was read; prefill paths such
/// as `legal_representative.full_name` apply to it directly.
#[utoipa::path(
    get,
    path = "/api/v1/registry/enterprises/{mst}",
    tag = "registry",
    params(
        ("mst" = String, Path, description = "Tax code: 10 digits, or 10 + `-` + 3 for a branch; spaces and dots are tolerated", example = "0191234567"),
    ),
    responses(
        (status = 200, description = "The registry entry", body = EnterpriseLookup,
            headers(("Cache-Control" = String, description = "`no-store`: personal data"))),
        (status = 400, description = "Not a valid tax code: wrong length, characters or check digit (`invalid_parameter`); the message says which", body = ApiError),
        (status = 404, description = "No entry with this tax code (`not_found`)", body = ApiError),
        (status = 429, description = "Too many look-ups from this client (`rate_limited`)", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next look-up is allowed"))),
    )
)]
pub async fn enterprise(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(raw): ApiPath<String>,
) -> Result<Response, AppError> {
    // Before anything else, so malformed and unknown codes count too: both are probing.
    state.registry_limiter.admit(ip)?;
    let mst = Mst::parse(&raw).map_err(AppError::InvalidMst)?;
    let code = mst.canonical();
    let key = code.clone();
    let json = state.db.read(move |c| registry::find(c, &key)).await?;
    let json = json.ok_or(AppError::EnterpriseNotFound(code))?;
    let enterprise: Enterprise = serde_json::from_str(&json)?;
    let mut response = Json(EnterpriseLookup {
        enterprise,
        retrieved_at: now_rfc3339(),
        source: SOURCE_NOTE.to_owned(),
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_763_800_245), "2025-11-22T08:30:45Z");
    }
}
