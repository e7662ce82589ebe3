//! The form schema of a procedure, from `GET /api/v1/forms/{code}`.

use crate::fetch::{get_cached, FetchError};
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
    let fetched = get_cached(&path).await?;
    let parsed: FormResponse = serde_json::from_str(&fetched.body).map_err(|_| SchemaError::Decode)?;
    Ok(Arc::new(parsed.schema))
}
