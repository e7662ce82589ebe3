//! Handing a draft to the citizen's own phone: the volunteer's device uploads the draft as
//! an export file and gets a short code; the phone opens `/nhan/<code>` (typed, or from the
//! QR code) and imports it with the same checks as a file import. The server keeps it for
//! at most a day and deletes it when it is fetched (docs/api.md).

use crate::draft_transfer::{self, Imported, TransferError};
use crate::http::{self, HttpError};
use domain::ApiError;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HandoffError {
    #[error(transparent)]
    Transfer(#[from] TransferError),
    #[error(transparent)]
    Http(#[from] HttpError),
    /// The server refused, with its own message (unknown or used code, too large).
    #[error("{}", .0.error.message_en)]
    Refused(ApiError),
    /// A 2xx answer that is not what the API promises.
    #[error("unexpected answer from the server")]
    Unexpected,
}

/// A draft waiting on the server for the citizen's phone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Handoff {
    /// 8 characters; shown as `K7QX-3M2P`.
    pub code: String,
    pub expires_at: String,
}

impl Handoff {
    /// The code in two groups of four, easier to read out and type.
    pub fn display_code(&self) -> String {
        let (a, b) = self.code.split_at(self.code.len().min(4));
        if b.is_empty() { a.to_owned() } else { format!("{a}-{b}") }
    }

    /// What the QR code opens on the phone.
    pub fn url(&self) -> String {
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        format!("{origin}/nhan/{}", self.code)
    }
}

pub async fn send(draft_id: &str) -> Result<Handoff, HandoffError> {
    let (blob, _) = draft_transfer::export_blob(Some(draft_id)).await?;
    let reply = http::send_json_blob("POST", "/api/v1/handoffs", &blob).await?;
    if !(200..300).contains(&reply.status) {
        return Err(HandoffError::Refused(reply.api_error()));
    }
    serde_json::from_str(&reply.body).map_err(|_| HandoffError::Unexpected)
}

/// Fetches the draft for `code` (which the server normalises) and imports it here.
pub async fn receive(code: &str) -> Result<Imported, HandoffError> {
    let code: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    let reply = http::send("GET", &format!("/api/v1/handoffs/{code}"), &[], None).await?;
    if !(200..300).contains(&reply.status) {
        return Err(HandoffError::Refused(reply.api_error()));
    }
    Ok(draft_transfer::import_bytes(reply.body.into_bytes()).await?)
}
