//! First-start seeding from the data compiled into the binary, so a fresh data
//! directory needs nothing but the executable.

use domain::{Procedure, ProcedureCode, Province};
use rusqlite::{params, Connection, TransactionBehavior};
use std::io::Read;

static PROCEDURES_GZ: &[u8] = include_bytes!("../../data/procedures.json.gz");
static ADMIN_UNITS_GZ: &[u8] = include_bytes!("../../data/admin-units.json.gz");

const DIGEST_KEY: &str = "seed_digest";

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("embedded {what} data cannot be decompressed: {source}")]
    Decompress {
        what: &'static str,
        source: std::io::Error,
    },
    #[error("embedded {what} data is not valid JSON for its type: {source}")]
    Parse {
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("embedded procedure has an invalid code {0:?}")]
    BadCode(String),
    #[error("seeding the database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot serialise procedure {code}: {source}")]
    Serialise {
        code: String,
        source: serde_json::Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The tables were (re)filled from the embedded data.
    Seeded {
        procedures: usize,
        provinces: usize,
        wards: usize,
    },
    /// The database already holds exactly this embedded data; nothing was written.
    AlreadySeeded,
}

/// Identifies the embedded data, so a binary built with newer data reseeds an old
/// database while a plain restart does not touch it.
fn digest() -> String {
    let mut both = Vec::with_capacity(PROCEDURES_GZ.len() + ADMIN_UNITS_GZ.len() + 8);
    both.extend_from_slice(&(PROCEDURES_GZ.len() as u64).to_le_bytes());
    both.extend_from_slice(PROCEDURES_GZ);
    both.extend_from_slice(ADMIN_UNITS_GZ);
    crate::representation::hash_hex(&both)
}

fn gunzip(what: &'static str, gz: &[u8]) -> Result<Vec<u8>, SeedError> {
    let mut out = Vec::with_capacity(gz.len() * 10);
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut out)
        .map_err(|source| SeedError::Decompress { what, source })?;
    Ok(out)
}

pub fn embedded_procedures() -> Result<Vec<Procedure>, SeedError> {
    let json = gunzip("procedure", PROCEDURES_GZ)?;
    serde_json::from_slice(&json).map_err(|source| SeedError::Parse {
        what: "procedure",
        source,
    })
}

pub fn embedded_provinces() -> Result<Vec<Province>, SeedError> {
    let json = gunzip("administrative unit", ADMIN_UNITS_GZ)?;
    serde_json::from_slice(&json).map_err(|source| SeedError::Parse {
        what: "administrative unit",
        source,
    })
}

/// Fills the tables when the database does not yet hold this exact embedded data.
/// All in one IMMEDIATE transaction: two processes starting on one data directory
/// cannot both seed, and a crash midway leaves the previous state.
pub fn seed(conn: &mut Connection) -> Result<SeedOutcome, SeedError> {
    let digest = digest();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored = crate::db::stored_digest(&tx, DIGEST_KEY)?;
    if stored.as_deref() == Some(digest.as_str()) {
        return Ok(SeedOutcome::AlreadySeeded);
    }

    let procedures = embedded_procedures()?;
    let provinces = embedded_provinces()?;

    tx.execute_batch("DELETE FROM wards; DELETE FROM provinces; DELETE FROM procedures;")?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO procedures (code, name, field, agency, level, online, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for p in &procedures {
            ProcedureCode::parse(&p.code).map_err(|_| SeedError::BadCode(p.code.clone()))?;
            // Stored as the domain type serialises, so the API answers with exactly the
            // shape the app deserialises.
            let json = serde_json::to_string(p).map_err(|source| SeedError::Serialise {
                code: p.code.clone(),
                source,
            })?;
            insert.execute(params![
                p.code,
                p.name,
                p.field,
                p.agency,
                p.level.map(|l| l.as_str()),
                p.online.map(|o| match o {
                    domain::Online::Full => "full",
                    domain::Online::Partial => "partial",
                }),
                json,
            ])?;
        }
        let mut province = tx.prepare(
            "INSERT INTO provinces (code, name, codename, division_type, phone_code)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut ward = tx.prepare(
            "INSERT INTO wards (code, province_code, name, codename, division_type, short_codename)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for p in &provinces {
            province.execute(params![
                p.code,
                p.name,
                p.codename,
                p.division_type,
                p.phone_code
            ])?;
            for w in &p.wards {
                ward.execute(params![
                    w.code,
                    p.code,
                    w.name,
                    w.codename,
                    w.division_type,
                    w.short_codename
                ])?;
            }
        }
    }
    crate::db::store_digest(&tx, DIGEST_KEY, &digest)?;
    tx.commit()?;
    Ok(SeedOutcome::Seeded {
        procedures: procedures.len(),
        provinces: provinces.len(),
        wards: provinces.iter().map(|p| p.wards.len()).sum(),
    })
}
