//! Administrative units after the 2025 rearrangement: 34 provinces, 3,321 communes/wards.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ward {
    pub code: u32,
    pub name: String,
    pub codename: String,
    pub division_type: String,
    pub short_codename: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Province {
    pub code: u32,
    pub name: String,
    pub codename: String,
    pub division_type: String,
    pub phone_code: u32,
    pub wards: Vec<Ward>,
}

/// A province without its wards, for pickers that load wards on demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvinceSummary {
    pub code: u32,
    pub name: String,
    pub division_type: String,
    pub ward_count: u32,
}

impl From<&Province> for ProvinceSummary {
    fn from(p: &Province) -> Self {
        ProvinceSummary {
            code: p.code,
            name: p.name.clone(),
            division_type: p.division_type.clone(),
            ward_count: p.wards.len() as u32,
        }
    }
}
