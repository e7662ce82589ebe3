//! The dossier and payment API's bodies, shared by the server (which writes them) and the
//! app (which reads them and keeps them in IndexedDB), so neither can drift from the other.
//! Times `*_at` are RFC 3339 with the +07:00 offset; dates `*_on` are ISO calendar days.

use super::fees::FeeItem;
use super::state::{DossierState, TimelineEntry};
use crate::form::Answers;
use serde::{Deserialize, Serialize};

/// Header carrying the client's idempotency key on `POST /api/v1/dossiers`.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Response header set when a stored answer is replayed for a repeated key.
pub const IDEMPOTENCY_REPLAYED: &str = "Idempotency-Replayed";
/// Header carrying a dossier's access key.
pub const DOSSIER_KEY: &str = "X-Dossier-Key";
/// Request header the app sends in practice mode ("Thực hành"), value `1`: the filing is
/// stored as a rehearsal (never processed for real, never in the statistics).
pub const PRACTICE_HEADER: &str = "X-Portal-Practice";
/// Multipart part holding the JSON [`SubmissionBody`] (or [`SupplementBody`]).
pub const DOSSIER_PART: &str = "dossier";
pub const SUPPLEMENT_PART: &str = "supplement";
/// Prefix of a multipart part holding the bytes of the answer file with this id.
pub const FILE_PART_PREFIX: &str = "file:";

/// The JSON part of a filing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionBody {
    pub procedure_code: String,
    pub schema_version: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: Answers,
}

/// The JSON part of a supplement: the whole corrected answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementBody {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: Answers,
}

/// What the citizen is given on filing (giấy tiếp nhận hồ sơ và hẹn trả kết quả).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierReceipt {
    #[cfg_attr(feature = "openapi", schema(example = "000.00.31.H29-251122-0001-XY"))]
    pub code: String,
    /// Keep it on the device: it reads the dossier without the phone look-up.
    pub access_key: String,
    pub procedure_code: String,
    pub procedure_name: String,
    #[serde(default)]
    pub agency: Option<String>,
    pub submitted_at: String,
    /// The day counting starts from (the next working day after 16:00).
    pub received_on: String,
    /// Ngày hẹn trả kết quả; None when the catalogue states no processing time.
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub processing_time: Option<String>,
    #[serde(default)]
    pub fees: Vec<FeeItem>,
    pub fee_total_vnd: i64,
    pub state: DossierState,
    /// Filed in the app's practice mode (`X-Portal-Practice: 1`); false for a real filing.
    #[serde(default)]
    pub practice: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DossierPaymentStatus {
    /// No fee is due online.
    NotRequired,
    Unpaid,
    /// Sent to the gateway; no verified answer yet.
    Pending,
    Paid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierPayment {
    pub status: DossierPaymentStatus,
    pub amount_vnd: i64,
    #[serde(default)]
    pub txn_ref: Option<String>,
    #[serde(default)]
    pub paid_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierFile {
    pub id: String,
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// 0 for the filing, n for the n-th supplement.
    pub round: u32,
}

/// A dossier as its owner sees it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierStatus {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    #[serde(default)]
    pub agency: Option<String>,
    pub submitted_at: String,
    pub received_on: String,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub processing_time: Option<String>,
    #[serde(default)]
    pub fees: Vec<FeeItem>,
    pub fee_total_vnd: i64,
    pub state: DossierState,
    pub timeline: Vec<TimelineEntry>,
    /// Past the appointment date and not finished.
    pub overdue: bool,
    pub payment: DossierPayment,
    pub result_available: bool,
    #[serde(default)]
    pub files: Vec<DossierFile>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: Answers,
    pub updated_at: String,
    /// Only in answers to the phone look-up, so another device can keep the dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
}

/// A dossier's status as the API answers it: `DossierStatus` and the practice flag.
// The flag sits beside the status rather than inside it because the app also builds a
// `DossierStatus` itself (from a stored receipt, offline), and the receipt's own
// `practice` already tells it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierStatusBody {
    #[serde(flatten)]
    pub status: DossierStatus,
    /// Filed in the app's practice mode (`X-Portal-Practice: 1`); false for a real filing.
    #[serde(default)]
    pub practice: bool,
}

/// `POST /api/v1/dossiers/lookup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRequest {
    pub code: String,
    pub phone: String,
}

/// `POST /api/v1/dossiers/{code}/payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentStart {
    /// Same-origin path the gateway sends the payer back to, e.g. `/thanh-toan/ket-qua`:
    /// one leading `/`, then letters, digits and `-._~/?=&%`, at most 200 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^/([A-Za-z0-9._~?=&%-][A-Za-z0-9._~/?=&%-]{0,198})?$",
            max_length = 200,
            example = "/thanh-toan/ket-qua"
        )
    )]
    pub return_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentCreated {
    pub txn_ref: String,
    pub redirect_url: String,
    pub amount_vnd: i64,
    pub expires_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentStatusKind {
    Pending,
    Paid,
    Failed,
    Cancelled,
    /// Pending past its expiry: the gateway will no longer accept it.
    Expired,
}

impl PaymentStatusKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatusKind::Pending => "pending",
            PaymentStatusKind::Paid => "paid",
            PaymentStatusKind::Failed => "failed",
            PaymentStatusKind::Cancelled => "cancelled",
            PaymentStatusKind::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentStatusKind> {
        [
            Self::Pending,
            Self::Paid,
            Self::Failed,
            Self::Cancelled,
            Self::Expired,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Settled one way or the other: nothing will change it any more.
    pub fn is_final(self) -> bool {
        !matches!(self, PaymentStatusKind::Pending)
    }

    /// A new attempt may be started after this one.
    pub fn allows_retry(self) -> bool {
        matches!(
            self,
            PaymentStatusKind::Failed | PaymentStatusKind::Cancelled | PaymentStatusKind::Expired
        )
    }
}

/// `GET /api/v1/payments/{txn_ref}`: the portal's verified view, never the gateway's
/// redirect parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    pub txn_ref: String,
    pub dossier_code: String,
    pub amount_vnd: i64,
    pub status: PaymentStatusKind,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub bank_code: Option<String>,
    #[serde(default)]
    pub gateway_txn_no: Option<String>,
    #[serde(default)]
    pub paid_at: Option<String>,
    pub created_at: String,
    pub message_vi: String,
    pub message_en: String,
}

/// One row of the sandbox officer's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerDossier {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub state: DossierState,
    pub submitted_at: String,
    #[serde(default)]
    pub due_on: Option<String>,
    pub overdue: bool,
    pub payment_status: DossierPaymentStatus,
    /// A practice filing: the console marks it "BẢN THỬ".
    #[serde(default)]
    pub practice: bool,
}
