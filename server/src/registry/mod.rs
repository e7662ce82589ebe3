//! Sandbox of the national business registry (CSDL quốc gia về đăng ký doanh nghiệp).
//!
//! A real deployment reads the registry through the national data-sharing platform
//! (NDXP); this server stands in for it with generated entries kept in SQLite, so forms
//! can be prefilled from a tax code end to end. See [`generate`] for what the entries
//! look like and the fixed demo codes.

mod generate;
mod words;

pub use generate::{
    generate, GenerateError, DEMO_ACTIVE_COMPANY, DEMO_BRANCH_1, DEMO_BRANCH_2, DEMO_DISSOLVED,
    DEMO_HOUSEHOLD, DEMO_PARENT, DEMO_SUSPENDED, DEMO_UNKNOWN,
};

use domain::registry::Enterprise;
use domain::{Province, Ward};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

/// Shown with every answer, so nobody mistakes the sandbox for the real registry.
pub const SOURCE_NOTE: &str = "Sandbox — thay thế CSDL quốc gia về đăng ký doanh nghiệp qua \
Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)";

const DIGEST_KEY: &str = "registry_digest";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrySeedOutcome {
    /// The table was (re)filled.
    Seeded { enterprises: usize },
    /// The table already holds exactly what this build generates; nothing was written.
    AlreadySeeded,
}

#[derive(Debug, thiserror::Error)]
pub enum RegistrySeedError {
    #[error(transparent)]
    Generate(#[from] GenerateError),
    #[error("seeding the sandbox registry failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot serialise sandbox enterprise {mst}: {source}")]
    Serialise {
        mst: String,
        source: serde_json::Error,
    },
    #[error("cannot read the embedded administrative units: {0}")]
    AdminUnits(#[from] crate::seed::SeedError),
}

/// The registry as this build generates it over the embedded administrative units: what
/// a fresh database is seeded with.
pub fn sandbox_enterprises() -> Result<Vec<Enterprise>, RegistrySeedError> {
    let provinces = crate::seed::embedded_provinces()?;
    Ok(generate(&provinces)?)
}

/// The administrative units as the database holds them, in code order, so the entries
/// reference exactly the wards the API serves.
fn stored_provinces(conn: &Connection) -> Result<Vec<Province>, rusqlite::Error> {
    let mut provinces: Vec<Province> = conn
        .prepare(
            "SELECT code, name, codename, division_type, phone_code FROM provinces ORDER BY code",
        )?
        .query_map([], |r| {
            Ok(Province {
                code: r.get(0)?,
                name: r.get(1)?,
                codename: r.get(2)?,
                division_type: r.get(3)?,
                phone_code: r.get(4)?,
                wards: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT province_code, code, name, codename, division_type, short_codename
         FROM wards ORDER BY province_code, code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            Ward {
                code: r.get(1)?,
                name: r.get(2)?,
                codename: r.get(3)?,
                division_type: r.get(4)?,
                short_codename: r.get(5)?,
            },
        ))
    })?;
    for row in rows {
        let (province, ward) = row?;
        if let Some(p) = provinces.iter_mut().find(|p| p.code == province) {
            p.wards.push(ward);
        }
    }
    Ok(provinces)
}

/// Fills the `enterprises` table unless it already holds exactly what this build
/// generates. Generating takes milliseconds, so the comparison is on the data itself
/// (not a version number someone must remember to bump). Runs after the main seed,
/// in one IMMEDIATE transaction like it.
pub fn seed(conn: &mut Connection) -> Result<RegistrySeedOutcome, RegistrySeedError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let provinces = stored_provinces(&tx)?;
    let enterprises = generate(&provinces)?;
    let mut rows = Vec::with_capacity(enterprises.len());
    let mut all = Vec::new();
    for e in &enterprises {
        let json = serde_json::to_string(e).map_err(|source| RegistrySeedError::Serialise {
            mst: e.mst.clone(),
            source,
        })?;
        all.extend_from_slice(json.as_bytes());
        all.push(b'\n');
        rows.push((e, json));
    }
    let digest = crate::representation::hash_hex(&all);
    let stored = crate::db::stored_digest(&tx, DIGEST_KEY)?;
    if stored.as_deref() == Some(digest.as_str()) {
        return Ok(RegistrySeedOutcome::AlreadySeeded);
    }

    tx.execute("DELETE FROM enterprises", [])?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO enterprises (mst, parent_mst, name, kind, status, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (e, json) in &rows {
            insert.execute(params![
                e.mst,
                e.parent_mst,
                e.name,
                e.kind.as_str(),
                e.status.as_str(),
                json
            ])?;
        }
    }
    crate::db::store_digest(&tx, DIGEST_KEY, &digest)?;
    tx.commit()?;
    Ok(RegistrySeedOutcome::Seeded {
        enterprises: rows.len(),
    })
}

/// The stored JSON of one entry, by canonical tax code.
pub fn find(conn: &Connection, mst: &str) -> Result<Option<String>, rusqlite::Error> {
    conn.prepare_cached("SELECT json FROM enterprises WHERE mst = ?1")?
        .query_row([mst], |r| r.get(0))
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::date::Date;
    use domain::ids::{Cccd, Email, Mst, Phone, Vsic};
    use domain::registry::{EnterpriseKind, EnterpriseStatus};
    use std::collections::{HashMap, HashSet};

    fn all() -> Vec<Enterprise> {
        sandbox_enterprises().expect("generates")
    }

    #[test]
    fn same_units_same_output_in_any_order() {
        let mut provinces = crate::seed::embedded_provinces().expect("admin units");
        let first = generate(&provinces).expect("generates");
        assert_eq!(first, all());
        provinces.reverse();
        for p in &mut provinces {
            p.wards.reverse();
        }
        assert_eq!(generate(&provinces).expect("generates"), first);
    }

    #[test]
    fn every_entry_passes_the_checks_a_form_would_make() {
        let provinces = crate::seed::embedded_provinces().expect("admin units");
        let entries = all();
        assert!(entries.len() >= 300, "{}", entries.len());
        let by_code: HashMap<&str, &Enterprise> =
            entries.iter().map(|e| (e.mst.as_str(), e)).collect();
        assert_eq!(by_code.len(), entries.len(), "tax codes are unique");
        let names: HashSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names.len(), entries.len(), "names are unique");
        let today = Date::new(2025, 7, 1).expect("date");
        for e in &entries {
            let mst = Mst::parse(&e.mst).unwrap_or_else(|err| panic!("{}: {err}", e.mst));
            assert_eq!(mst.canonical(), e.mst);
            match &e.parent_mst {
                Some(parent) => {
                    assert_eq!(e.kind, EnterpriseKind::ChiNhanh, "{}", e.mst);
                    assert_eq!(mst.base(), parent);
                    let p = by_code.get(parent.as_str()).expect("parent exists");
                    assert!(p.parent_mst.is_none());
                    assert!(e.registered_on >= p.registered_on, "{}", e.mst);
                    if !p.is_active() {
                        assert_eq!(e.status, p.status, "{}", e.mst);
                    }
                    assert_eq!(e.charter_capital_vnd, 0);
                }
                None => {
                    assert!(mst.branch().is_none());
                    assert_ne!(e.kind, EnterpriseKind::ChiNhanh);
                    assert!(e.charter_capital_vnd > 0);
                }
            }
            let rep = &e.legal_representative;
            let dob = Date::parse_iso(&rep.date_of_birth).expect("iso dob");
            let cccd = Cccd::parse(&rep.cccd).unwrap_or_else(|err| panic!("{}: {err}", rep.cccd));
            cccd.check_birth_date(dob).expect("cccd matches dob");
            cccd.check_sex(rep.sex).expect("cccd matches sex");
            cccd.check_not_future(today).expect("not future");
            let registered = Date::parse_iso(&e.registered_on).expect("iso date");
            assert!(registered < today);
            assert!(dob.full_years_until(registered) >= 18, "{}", e.mst);
            assert!((1..=4).contains(&e.vsic.len()), "{}", e.mst);
            for line in &e.vsic {
                Vsic::parse(&line.code).expect("vsic");
                assert_eq!(line.code.len(), 4);
                assert!(!line.name.is_empty());
            }
            Phone::parse(&e.phone).unwrap_or_else(|err| panic!("{}: {err}", e.phone));
            Email::parse(&e.email).unwrap_or_else(|err| panic!("{}: {err}", e.email));
            let p = provinces
                .iter()
                .find(|p| p.code == e.head_office.province)
                .expect("province");
            let w = p
                .wards
                .iter()
                .find(|w| w.code == e.head_office.ward)
                .expect("ward of that province");
            assert_eq!(p.name, e.head_office.province_name);
            assert_eq!(w.name.trim(), e.head_office.ward_name);
            assert!(e.address.starts_with(&e.head_office.street));
            assert!(
                e.address.contains(&e.head_office.ward_name),
                "{}",
                e.address
            );
            assert!(e.address.ends_with(&p.name), "{}", e.address);
        }
        let count = |s: EnterpriseStatus| entries.iter().filter(|e| e.status == s).count();
        assert!(count(EnterpriseStatus::DangHoatDong) > entries.len() * 3 / 4);
        assert!(count(EnterpriseStatus::TamNgung) >= 10);
        assert!(count(EnterpriseStatus::DaGiaiThe) >= 10);
        for kind in EnterpriseKind::ALL {
            assert!(
                entries.iter().filter(|e| e.kind == kind).count() >= 3,
                "{kind:?}"
            );
        }
        assert!(!by_code.contains_key(DEMO_UNKNOWN));
        Mst::parse(DEMO_UNKNOWN).expect("the unknown demo code is well-formed");
    }

    #[test]
    fn demo_entries_come_first_and_are_what_the_docs_say() {
        let entries = all();
        let codes: Vec<&str> = entries.iter().take(7).map(|e| e.mst.as_str()).collect();
        assert_eq!(
            codes,
            [
                DEMO_ACTIVE_COMPANY,
                DEMO_HOUSEHOLD,
                DEMO_PARENT,
                DEMO_BRANCH_1,
                DEMO_BRANCH_2,
                DEMO_SUSPENDED,
                DEMO_DISSOLVED
            ]
        );
        assert_eq!(entries[0].status, EnterpriseStatus::DangHoatDong);
        assert_eq!(entries[1].kind, EnterpriseKind::HoKinhDoanh);
        assert_eq!(entries[5].status, EnterpriseStatus::TamNgung);
        assert_eq!(entries[6].status, EnterpriseStatus::DaGiaiThe);
        assert_eq!(
            entries[0].address,
            "Số 25 phố Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội"
        );
        // No synthetic branch takes a demo parent's next suffix.
        assert!(!entries
            .iter()
            .any(|e| e.mst == format!("{DEMO_PARENT}-003")));
    }
}
