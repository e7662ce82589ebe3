//! Provinces and their wards after the 2025 rearrangement (34 provinces, no districts).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use domain::{ApiError, ProvinceSummary, Ward};
use rusqlite::OptionalExtension;

use crate::collation;
use crate::error::AppError;
use crate::representation::{json_content_type, no_cache, respond_dynamic};
use crate::routes::ApiPath;
use crate::state::AppState;

/// All provinces and centrally-run cities with their ward counts, ordered by proper
/// name (An Giang … Yên Bái) rather than by "Tỉnh"/"Thành phố".
#[utoipa::path(
    get,
    path = "/api/v1/admin-units/provinces",
    tag = "admin-units",
    responses((status = 200, description = "Provinces", body = [ProvinceSummary]))
)]
pub async fn provinces(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut rows: Vec<ProvinceSummary> = state
        .db
        .read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT p.code, p.name, p.division_type, COUNT(w.code)
                 FROM provinces p LEFT JOIN wards w ON w.province_code = p.code
                 GROUP BY p.code",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(ProvinceSummary {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    division_type: r.get(2)?,
                    ward_count: r.get(3)?,
                })
            })?;
            rows.collect()
        })
        .await?;
    rows.sort_by_cached_key(|p| collation::admin_key(&p.name));
    respond_dynamic(
        &headers,
        serde_json::to_vec(&rows)?,
        json_content_type(),
        no_cache(),
    )
    .await
}

/// Province codes are small positive numbers; leading zeros (`01`) are accepted as
/// official lists often print them. Any number the documented `u32` can hold is a
/// code (unknown ones are a 404), so the only 400s are for what is not such a number.
fn parse_province_code(raw: &str) -> Option<u32> {
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// The wards (phường, xã, đặc khu) of one province, ordered by proper name.
#[utoipa::path(
    get,
    path = "/api/v1/admin-units/provinces/{code}/wards",
    tag = "admin-units",
    params(("code" = u32, Path, description = "Province code", example = 1)),
    responses(
        (status = 200, description = "Wards of the province", body = [Ward]),
        (status = 400, description = "The code is not a number (`invalid_parameter`)", body = ApiError),
        (status = 404, description = "No province has this code (`not_found`)", body = ApiError),
    )
)]
pub async fn wards(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(raw): ApiPath<String>,
) -> Result<Response, AppError> {
    let code = parse_province_code(&raw).ok_or(AppError::InvalidProvinceCode(raw))?;
    let wards: Option<Vec<Ward>> = state
        .db
        .read(move |c| {
            let exists = c
                .prepare_cached("SELECT 1 FROM provinces WHERE code = ?1")?
                .query_row([code], |_| Ok(()))
                .optional()?;
            if exists.is_none() {
                return Ok(None);
            }
            let mut stmt = c.prepare_cached(
                "SELECT code, name, codename, division_type, short_codename FROM wards WHERE province_code = ?1",
            )?;
            let rows = stmt.query_map([code], |r| {
                Ok(Ward {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    codename: r.get(2)?,
                    division_type: r.get(3)?,
                    short_codename: r.get(4)?,
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>().map(Some)
        })
        .await?;
    let mut wards = wards.ok_or(AppError::ProvinceNotFound(code))?;
    wards.sort_by_cached_key(|w| collation::admin_key(&w.name));
    respond_dynamic(
        &headers,
        serde_json::to_vec(&wards)?,
        json_content_type(),
        no_cache(),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::parse_province_code;

    #[test]
    fn province_codes_are_plain_digits() {
        assert_eq!(parse_province_code("1"), Some(1));
        assert_eq!(parse_province_code("01"), Some(1));
        assert_eq!(parse_province_code("2147483646"), Some(2_147_483_646));
        assert_eq!(parse_province_code("4294967295"), Some(u32::MAX));
        for bad in ["", "+1", "-1", " 1", "1.0", "abc", "4294967296", "9999999999", "１"] {
            assert_eq!(parse_province_code(bad), None, "{bad}");
        }
    }
}
