//! Look-up of an enterprise in the business registry by tax code (MST), for prefill.
//! The sandbox server answers in place of the national database; the answer is kept
//! offline so a form can still be prefilled from the last look-up without a connection.

use crate::fetch::{get_cached, FetchError};
use domain::form::Loose;
use domain::registry::EnterpriseLookup;

#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Found {
        /// The record as prefill reads it.
        record: Loose,
        enterprise: Box<EnterpriseLookup>,
        /// Set when the registry was unreachable and this is the saved look-up.
        cached_at: Option<f64>,
    },
    NotFound,
    Busy,
    Unreachable,
}

/// `mst` must already have passed the tax-code check: nothing else is sent.
pub async fn lookup(mst: &str) -> Lookup {
    match get_cached(&format!("/api/v1/registry/enterprises/{mst}")).await {
        Ok(f) => {
            let record = serde_json::from_str::<Loose>(&f.body);
            let enterprise = serde_json::from_str::<EnterpriseLookup>(&f.body);
            match (record, enterprise) {
                (Ok(record), Ok(e)) => Lookup::Found { record, enterprise: Box::new(e), cached_at: f.cached_at },
                _ => Lookup::Unreachable,
            }
        }
        Err(FetchError::NotFound) => Lookup::NotFound,
        Err(FetchError::Busy) => Lookup::Busy,
        Err(_) => Lookup::Unreachable,
    }
}
