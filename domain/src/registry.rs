//! An entry of the national business registry (Cơ sở dữ liệu quốc gia về đăng ký doanh
//! nghiệp), as the portal reads it to prefill forms from a tax code.
//!
//! Field names and the `kind` values are what form schemas read through `"prefill":
//! {"source": "business_registry", "path": …}` (`name`, `kind`, `head_office`, `email`,
//! `legal_representative.full_name`, …; the generic schema reads `address`), so the app
//! can hand the server's JSON to [`crate::form::apply_prefill`] unchanged. Renaming a
//! field or a value breaks those schemas (domain/tests/form_schemas_real.rs lists the
//! paths).

use serde::{Deserialize, Serialize};

/// Legal form of the registered unit (loại hình doanh nghiệp). The five enterprise
/// types' values are also the option values of `enterprise_kind` in the form schemas, so
/// the kind prefills that choice as it is. A branch is listed too: it has its own tax
/// code (the parent's plus `-001`…) and its own registry entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EnterpriseKind {
    /// Công ty trách nhiệm hữu hạn một thành viên.
    #[serde(rename = "cong_ty_tnhh_1tv")]
    CongTyTnhh1tv,
    /// Công ty trách nhiệm hữu hạn hai thành viên trở lên.
    #[serde(rename = "cong_ty_tnhh_2tv")]
    CongTyTnhh2tv,
    #[serde(rename = "cong_ty_co_phan")]
    CongTyCoPhan,
    #[serde(rename = "cong_ty_hop_danh")]
    CongTyHopDanh,
    #[serde(rename = "doanh_nghiep_tu_nhan")]
    DoanhNghiepTuNhan,
    /// Not an enterprise under the Law on Enterprises, but registered and looked up the
    /// same way, so forms treat it alike.
    #[serde(rename = "ho_kinh_doanh")]
    HoKinhDoanh,
    #[serde(rename = "chi_nhanh")]
    ChiNhanh,
}

impl EnterpriseKind {
    pub const ALL: [EnterpriseKind; 7] = [
        EnterpriseKind::CongTyTnhh1tv,
        EnterpriseKind::CongTyTnhh2tv,
        EnterpriseKind::CongTyCoPhan,
        EnterpriseKind::CongTyHopDanh,
        EnterpriseKind::DoanhNghiepTuNhan,
        EnterpriseKind::HoKinhDoanh,
        EnterpriseKind::ChiNhanh,
    ];

    /// The JSON value.
    pub fn as_str(self) -> &'static str {
        match self {
            EnterpriseKind::CongTyTnhh1tv => "cong_ty_tnhh_1tv",
            EnterpriseKind::CongTyTnhh2tv => "cong_ty_tnhh_2tv",
            EnterpriseKind::CongTyCoPhan => "cong_ty_co_phan",
            EnterpriseKind::CongTyHopDanh => "cong_ty_hop_danh",
            EnterpriseKind::DoanhNghiepTuNhan => "doanh_nghiep_tu_nhan",
            EnterpriseKind::HoKinhDoanh => "ho_kinh_doanh",
            EnterpriseKind::ChiNhanh => "chi_nhanh",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            EnterpriseKind::CongTyTnhh1tv => "Công ty trách nhiệm hữu hạn một thành viên",
            EnterpriseKind::CongTyTnhh2tv => "Công ty trách nhiệm hữu hạn hai thành viên trở lên",
            EnterpriseKind::CongTyCoPhan => "Công ty cổ phần",
            EnterpriseKind::CongTyHopDanh => "Công ty hợp danh",
            EnterpriseKind::DoanhNghiepTuNhan => "Doanh nghiệp tư nhân",
            EnterpriseKind::HoKinhDoanh => "Hộ kinh doanh",
            EnterpriseKind::ChiNhanh => "Chi nhánh",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            EnterpriseKind::CongTyTnhh1tv => "Single-member limited liability company",
            EnterpriseKind::CongTyTnhh2tv => "Multi-member limited liability company",
            EnterpriseKind::CongTyCoPhan => "Joint-stock company",
            EnterpriseKind::CongTyHopDanh => "Partnership",
            EnterpriseKind::DoanhNghiepTuNhan => "Private enterprise (sole proprietorship)",
            EnterpriseKind::HoKinhDoanh => "Household business",
            EnterpriseKind::ChiNhanh => "Branch",
        }
    }
}

/// Legal status (tình trạng pháp lý) as the registry reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EnterpriseStatus {
    DangHoatDong,
    /// Temporarily suspended by its own notice; it may resume.
    TamNgung,
    /// Dissolved: the tax code still resolves, but nothing may be filed in its name.
    DaGiaiThe,
}

impl EnterpriseStatus {
    pub const ALL: [EnterpriseStatus; 3] = [
        EnterpriseStatus::DangHoatDong,
        EnterpriseStatus::TamNgung,
        EnterpriseStatus::DaGiaiThe,
    ];

    /// The JSON value.
    pub fn as_str(self) -> &'static str {
        match self {
            EnterpriseStatus::DangHoatDong => "dang_hoat_dong",
            EnterpriseStatus::TamNgung => "tam_ngung",
            EnterpriseStatus::DaGiaiThe => "da_giai_the",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            EnterpriseStatus::DangHoatDong => "Đang hoạt động",
            EnterpriseStatus::TamNgung => "Tạm ngừng kinh doanh",
            EnterpriseStatus::DaGiaiThe => "Đã giải thể",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            EnterpriseStatus::DangHoatDong => "Operating",
            EnterpriseStatus::TamNgung => "Temporarily suspended",
            EnterpriseStatus::DaGiaiThe => "Dissolved",
        }
    }

    /// Whether the unit may file in its own name today; forms warn otherwise.
    pub fn is_active(self) -> bool {
        self == EnterpriseStatus::DangHoatDong
    }
}

/// Head-office address on the 2025 administrative map. `province`, `ward` and `street`
/// are what an address field is prefilled with; the names are the registry's own text,
/// for display (prefill leaves them out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeadOffice {
    /// Province code (1 Hà Nội, 79 Hồ Chí Minh, …).
    #[cfg_attr(feature = "openapi", schema(example = 1))]
    pub province: u32,
    #[cfg_attr(feature = "openapi", schema(example = "Thành phố Hà Nội"))]
    pub province_name: String,
    /// Ward, commune or special-zone code.
    #[cfg_attr(feature = "openapi", schema(example = 70))]
    pub ward: u32,
    #[cfg_attr(feature = "openapi", schema(example = "Phường Hoàn Kiếm"))]
    pub ward_name: String,
    /// House number and street, or village.
    #[cfg_attr(feature = "openapi", schema(example = "Số 25 phố Tràng Tiền"))]
    pub street: String,
}

/// The legal representative (người đại diện theo pháp luật); for a household business
/// its owner, for a branch its head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalRepresentative {
    #[cfg_attr(feature = "openapi", schema(example = "Nguyễn Văn An"))]
    pub full_name: String,
    /// 12-digit personal ID, consistent with `date_of_birth` and `sex`.
    #[cfg_attr(feature = "openapi", schema(example = "001085012345"))]
    pub cccd: String,
    #[cfg_attr(feature = "openapi", schema(example = "Giám đốc"))]
    pub title: String,
    /// ISO date, `yyyy-mm-dd`.
    #[cfg_attr(feature = "openapi", schema(example = "1985-03-14"))]
    pub date_of_birth: String,
    /// `male` or `female`, the values a form's sex field takes.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "male"))]
    pub sex: crate::ids::Sex,
}

/// A registered business line: VSIC 2018 code and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessLine {
    #[cfg_attr(feature = "openapi", schema(example = "6201"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "Lập trình máy vi tính"))]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enterprise {
    /// Canonical tax code: `0191234567`, or `0390000027-001` for a branch.
    #[cfg_attr(feature = "openapi", schema(example = "0191234567"))]
    pub mst: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Công ty TNHH Thương mại Dịch vụ An Phát")
    )]
    pub name: String,
    pub kind: EnterpriseKind,
    pub status: EnterpriseStatus,
    /// The head office on one line with the names of its ward and province, for display
    /// and for forms that take the address as text.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Số 25 phố Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội")
    )]
    pub address: String,
    pub head_office: HeadOffice,
    pub legal_representative: LegalRepresentative,
    /// Vốn điều lệ in đồng; a household business's vốn kinh doanh; 0 for a branch, which
    /// has no capital of its own.
    #[cfg_attr(feature = "openapi", schema(example = 5_000_000_000_i64))]
    pub charter_capital_vnd: i64,
    /// ISO date of first registration.
    #[cfg_attr(feature = "openapi", schema(example = "2016-08-01"))]
    pub registered_on: String,
    /// Registered business lines, the main one first.
    pub vsic: Vec<BusinessLine>,
    /// Mobile number, `0xxxxxxxxx`.
    #[cfg_attr(feature = "openapi", schema(example = "0912345678"))]
    pub phone: String,
    #[cfg_attr(feature = "openapi", schema(example = "lienhe@anphat.com.vn"))]
    pub email: String,
    /// For a branch, the tax code of the enterprise it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_mst: Option<String>,
}

impl Enterprise {
    pub fn is_active(&self) -> bool {
        self.status.is_active()
    }

    pub fn is_branch(&self) -> bool {
        self.parent_mst.is_some()
    }
}

/// What the registry look-up answers: the entry, when it was read and where from. Kept
/// flat so that prefill paths (`name`, `legal_representative.full_name`) apply to the
/// answer as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseLookup {
    #[serde(flatten)]
    pub enterprise: Enterprise,
    /// RFC 3339 timestamp (UTC) of the read; registry data can change at any time.
    #[cfg_attr(feature = "openapi", schema(example = "2025-11-22T08:30:00Z"))]
    pub retrieved_at: String,
    /// Where the data came from, to show next to prefilled answers.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_match_as_str() {
        for k in EnterpriseKind::ALL {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::json!(k.as_str())
            );
        }
        for s in EnterpriseStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::json!(s.as_str())
            );
        }
        assert!(EnterpriseStatus::DangHoatDong.is_active());
        assert!(!EnterpriseStatus::TamNgung.is_active());
        assert!(!EnterpriseStatus::DaGiaiThe.is_active());
    }
}
