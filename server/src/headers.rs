//! Security headers on every response: API, static files, errors and panics alike.

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;

/// No inline style and one inline script, allowed by its hash: the server's first HTML of a
/// page applies the device's settings before the first paint (crate::prerender). The build
/// moves Trunk's loader into a hashed file.
/// `wasm-unsafe-eval` is the narrow permission WebAssembly compilation needs.
///
/// Violations are reported to `report-uri` (crate::csp_reports). There is no `report-to`
/// with a `Reporting-Endpoints` header, on purpose: a browser that knows `report-to`
/// ignores `report-uri`, and Chromium reads `Reporting-Endpoints` only on HTTPS responses.
/// This server speaks plain HTTP (behind the deployment's TLS terminator, and to the e2e
/// suite), so `report-to` would silence every report; over HTTPS the Reporting API also
/// batches reports for up to a minute and drops those of a closed tab. A deployment that
/// adds both at its TLS terminator still gets them counted: the endpoint takes
/// `application/reports+json` too.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-Fk0gFbyCKKB4GIvieElZuM5KEVA7NtZWwRXKkrbcCsA='; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; \
report-uri /api/v1/csp-reports";

/// The portal needs none of these powerful features; denying them limits what an
/// injected script or a hostile frame could do.
const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
encrypted-media=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), \
payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), \
xr-spatial-tracking=()";

const HEADERS: [(HeaderName, &str); 7] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
];

pub async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    for (name, value) in HEADERS {
        h.insert(name, HeaderValue::from_static(value));
    }
    response
}
