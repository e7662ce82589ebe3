//! The OpenAPI 3.1 document, generated from the handlers' annotations so it cannot
//! drift from the code. Served at `/api/openapi.json`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use domain::api_error::ApiErrorBody;
use domain::{ApiError, ErrorCode};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::routes::{
    admin_units, catalogue, csp_reports, dossiers, facets, forms, handoffs, health, officer, offline,
    payments, registry, stats,
};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cổng Dịch vụ công — portal API",
        description = "Read-only API of the citizen public-service portal: the national catalogue \
of administrative procedures, the administrative units, application form schemas and a sandbox \
of the national business registry. Every error answer has the shape \
`{\"error\": {\"code\", \"message_vi\", \"message_en\"}}`; clients switch on `code`.",
        license(name = "MIT"),
    ),
    paths(
        health::health,
        catalogue::catalogue,
        catalogue::procedure,
        offline::manifest,
        offline::page,
        facets::fields,
        facets::agencies,
        admin_units::provinces,
        admin_units::wards,
        forms::form,
        registry::enterprise,
        dossiers::submit,
        dossiers::status,
        dossiers::lookup,
        dossiers::supplement,
        dossiers::result,
        officer::list,
        officer::act,
        payments::start_payment,
        payments::vnpay_ipn,
        payments::payment,
        stats::record_event,
        stats::report,
        handoffs::create,
        handoffs::take,
        csp_reports::receive,
        csp_reports::list,
        openapi_json,
    ),
    components(schemas(ApiError, ApiErrorBody, ErrorCode)),
    modifiers(&CommonErrors),
    tags(
        (name = "catalogue", description = "Administrative procedures (thủ tục hành chính)"),
        (name = "offline", description = "Every procedure's detail in pages, to keep on a phone for use offline"),
        (name = "admin-units", description = "Provinces and wards (đơn vị hành chính)"),
        (name = "forms", description = "Application form schemas (biểu mẫu điện tử)"),
        (name = "registry", description = "Sandbox of the national business registry (CSDL quốc gia về đăng ký doanh nghiệp), for prefilling forms"),
        (name = "payments", description = "Fee payments through a VNPay-style gateway (sandbox): start, IPN, verified state"),
        (name = "dossiers", description = "Filing dossiers (nộp hồ sơ) exactly once, following them, supplements and results"),
        (name = "stats", description = "Anonymous online-filing funnel per procedure and day: views, forms started, dossiers filed, fees paid. No personal data (docs/privacy.md)."),
        (name = "handoffs", description = "A draft handed to another phone under a short single-use code, kept at most 24 hours"),
        (name = "sandbox", description = "Sandbox stand-ins for agency systems: the officer's console API, and the Content-Security-Policy reports received, for tests. Not part of a real deployment."),
        (name = "meta", description = "Health, this document, and where browsers report Content-Security-Policy violations"),
    )
)]
pub struct ApiDoc;

/// Answers any operation can give, added here once instead of on every handler.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, doc: &mut Document) {
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiError")))
                            .build(),
                    )
                    .build(),
            )
        };
        for item in doc.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.head].into_iter().flatten() {
                let r = &mut op.responses.responses;
                r.entry("405".into()).or_insert_with(|| {
                    error("Only GET and HEAD are supported (`method_not_allowed`)")
                });
                r.entry("500".into())
                    .or_insert_with(|| error("The server failed (`internal`)"));
            }
        }
    }
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1 document of this API", content_type = "application/json"))
)]
pub async fn openapi_json(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state.openapi.respond(&headers)
}

pub fn document_json() -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(&ApiDoc::openapi())
}
