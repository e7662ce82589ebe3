//! The form schema of a procedure, from `GET /api/v1/forms/{code}`, or its saved copy.
//!
//! Offline with neither, a procedure whose detail came with the offline download gets its
//! generic form built here, by the same `domain::form::generic_schema` the server uses.
//! Only after a complete download: it also saved every official form, so one of those is
//! never replaced by a generic form the server would refuse.

use crate::fetch::{get_cached, FetchError};
use portal_app::store::Store;
use domain::form::FormSchema;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
struct FormResponse {
    schema: FormSchema,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SchemaError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("the form schema could not be read")]
    Decode,
}

pub async fn load(code: &str) -> Result<Arc<FormSchema>, SchemaError> {
    let path = format!("/api/v1/forms/{code}");
    let fetched = match get_cached(&path).await {
        Err(FetchError::Offline) => return generic_offline(code).await.ok_or(SchemaError::Fetch(FetchError::Offline)),
        other => other?,
    };
    let parsed: FormResponse = serde_json::from_str(&fetched.body).map_err(|_| SchemaError::Decode)?;
    Ok(Arc::new(parsed.schema))
}

async fn generic_offline(code: &str) -> Option<Arc<FormSchema>> {
    if !crate::offline_catalogue::progress().await.is_some_and(|p| p.complete()) {
        return None;
    }
    let store = Store::open().await.ok()?;
    let cached = store.load_procedure(code).await.ok().flatten();
    store.close();
    // serde, as the server reads it, so both build the same form from the same detail.
    let procedure: domain::Procedure = serde_json::from_str(&cached?.body).ok()?;
    Some(Arc::new(domain::form::generic_schema(&procedure)))
}
