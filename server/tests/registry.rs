//! The sandbox business registry over real HTTP against a real SQLite file.

mod common;

use common::{get, Server};
use domain::date::Date;
use domain::ids::{Cccd, Mst};
use domain::registry::{EnterpriseKind, EnterpriseLookup, EnterpriseStatus};
use portal_server::registry::{
    self, DEMO_ACTIVE_COMPANY, DEMO_BRANCH_1, DEMO_BRANCH_2, DEMO_DISSOLVED, DEMO_HOUSEHOLD,
    DEMO_PARENT, DEMO_SUSPENDED, DEMO_UNKNOWN,
};
use portal_server::RegistrySeedOutcome;
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Without a rate limit, so the tests here can look up as much as they like; the limit
/// has its own server below.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let root = common::fresh_dir("registry-tests");
        let dist = common::make_dist(&root);
        common::start_with(&root.join("var"), &dist, |c| c.registry_rate_per_minute = 0)
    })
}

fn lookup_path(mst: &str) -> String {
    format!("/api/v1/registry/enterprises/{mst}")
}

fn lookup(mst: &str) -> EnterpriseLookup {
    let r = get(server().addr, &lookup_path(mst));
    assert_eq!(r.status, 200, "{mst}: {}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"), "personal data");
    assert_eq!(r.header("content-type"), Some("application/json"));
    common::assert_security_headers(&r);
    serde_json::from_slice(&r.body).expect("an EnterpriseLookup")
}

/// `yyyy-mm-ddThh:mm:ssZ`.
fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && Date::parse_iso(&s[..10]).is_ok()
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && [11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

#[test]
fn a_demo_company_comes_back_whole_with_valid_identifiers() {
    let found = lookup(DEMO_ACTIVE_COMPANY);
    let e = &found.enterprise;
    assert_eq!(e.mst, DEMO_ACTIVE_COMPANY);
    assert_eq!(e.name, "Công ty TNHH Thương mại Dịch vụ An Phát");
    assert_eq!(e.kind, EnterpriseKind::CongTyTnhh2tv);
    assert!(e.is_active());
    assert_eq!(
        Mst::parse(&e.mst).expect("valid tax code").canonical(),
        e.mst
    );
    let rep = &e.legal_representative;
    let cccd = Cccd::parse(&rep.cccd).expect("valid CCCD");
    cccd.check_birth_date(Date::parse_iso(&rep.date_of_birth).expect("ISO date"))
        .expect("CCCD agrees with the date of birth");
    cccd.check_sex(rep.sex).expect("CCCD agrees with the sex");
    assert_eq!((e.head_office.province, e.head_office.ward), (1, 70));
    assert_eq!(e.head_office.ward_name, "Phường Hoàn Kiếm");
    assert_eq!(
        e.address,
        "Số 25 phố Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội"
    );
    assert!(!e.vsic.is_empty());
    assert!(
        is_rfc3339_utc(&found.retrieved_at),
        "{}",
        found.retrieved_at
    );
    assert_eq!(found.source, registry::SOURCE_NOTE);
    assert!(found.source.contains("NDXP"));

    // The answer is flat: the prefill paths the form schemas use resolve on it as is.
    let raw = get(server().addr, &lookup_path(DEMO_ACTIVE_COMPANY)).json();
    assert_eq!(raw["legal_representative"]["full_name"], "Nguyễn Văn An");
    assert_eq!(raw["name"], e.name);
    assert!(raw["address"]
        .as_str()
        .is_some_and(|a| a.contains("Hoàn Kiếm")));
}

#[test]
fn every_demo_entry_has_the_documented_kind_and_status() {
    let cases = [
        (
            DEMO_ACTIVE_COMPANY,
            EnterpriseKind::CongTyTnhh2tv,
            EnterpriseStatus::DangHoatDong,
        ),
        (
            DEMO_HOUSEHOLD,
            EnterpriseKind::HoKinhDoanh,
            EnterpriseStatus::DangHoatDong,
        ),
        (
            DEMO_PARENT,
            EnterpriseKind::CongTyCoPhan,
            EnterpriseStatus::DangHoatDong,
        ),
        (
            DEMO_BRANCH_1,
            EnterpriseKind::ChiNhanh,
            EnterpriseStatus::DangHoatDong,
        ),
        (
            DEMO_BRANCH_2,
            EnterpriseKind::ChiNhanh,
            EnterpriseStatus::DangHoatDong,
        ),
        (
            DEMO_SUSPENDED,
            EnterpriseKind::CongTyTnhh1tv,
            EnterpriseStatus::TamNgung,
        ),
        (
            DEMO_DISSOLVED,
            EnterpriseKind::CongTyTnhh2tv,
            EnterpriseStatus::DaGiaiThe,
        ),
    ];
    for (mst, kind, status) in cases {
        let e = lookup(mst).enterprise;
        assert_eq!((e.kind, e.status), (kind, status), "{mst}");
        assert_eq!(e.is_active(), status.is_active(), "{mst}");
    }
}

#[test]
fn branches_resolve_and_point_at_an_existing_parent() {
    for branch in [DEMO_BRANCH_1, DEMO_BRANCH_2] {
        let e = lookup(branch).enterprise;
        assert!(e.is_branch());
        assert_eq!(e.parent_mst.as_deref(), Some(DEMO_PARENT));
        assert_eq!(e.charter_capital_vnd, 0);
        let parent = lookup(DEMO_PARENT).enterprise;
        assert!(parent.parent_mst.is_none());
        assert!(e.name.contains(&parent.name), "{}", e.name);
    }
    // The spellings people type find the same entry, answered in canonical form.
    for typed in ["0390000027001", "0390000027%20-%20001", "03.900.000.27-001"] {
        assert_eq!(lookup(typed).enterprise.mst, DEMO_BRANCH_1, "{typed}");
    }
    // A branch number that was never issued.
    let r = get(server().addr, &lookup_path(&format!("{DEMO_PARENT}-009")));
    assert_eq!(r.status, 404);
}

#[test]
fn a_wrong_check_digit_is_a_400_that_says_so() {
    let wrong = "0191234568";
    assert_ne!(wrong, DEMO_ACTIVE_COMPANY);
    let r = get(server().addr, &lookup_path(wrong));
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.api_error(), "invalid_parameter");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let e = &r.json()["error"];
    assert!(
        e["message_vi"]
            .as_str()
            .is_some_and(|m| m.contains("chữ số kiểm tra") && m.contains(wrong)),
        "{e}"
    );
    assert!(
        e["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("check digit")),
        "{e}"
    );
}

#[test]
fn other_malformed_codes_are_400_with_their_own_reason() {
    let cases = [
        ("12345", "10 digits"),
        ("abcdefghij", "only digits"),
        (&format!("{DEMO_PARENT}-000"), "000"),
        ("0100000000", "all zeros"),
    ];
    for (bad, needle) in cases {
        let r = get(server().addr, &lookup_path(bad));
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.api_error(), "invalid_parameter", "{bad}");
        let en = r.json()["error"]["message_en"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(en.contains(needle), "{bad}: {en}");
    }
    let r = get(server().addr, &lookup_path("%FF%FE"));
    assert_eq!(r.status, 400);
    assert_eq!(r.api_error(), "invalid_parameter");
}

#[test]
fn a_well_formed_unknown_code_is_404() {
    Mst::parse(DEMO_UNKNOWN).expect("well-formed");
    let r = get(server().addr, &lookup_path(DEMO_UNKNOWN));
    assert_eq!(r.status, 404);
    assert_eq!(r.api_error(), "not_found");
    assert!(r.json()["error"]["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains(DEMO_UNKNOWN)));
}

#[test]
fn the_database_holds_hundreds_of_entries_all_with_valid_codes() {
    let db = server().data_dir.join(portal_server::DATABASE_FILE);
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    let rows: Vec<(String, Option<String>, String)> = conn
        .prepare("SELECT mst, parent_mst, json FROM enterprises")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(rows.len() >= 300, "{}", rows.len());
    let codes: HashMap<&str, &Option<String>> =
        rows.iter().map(|(m, p, _)| (m.as_str(), p)).collect();
    let mut branches = 0;
    for (mst, parent, json) in &rows {
        let parsed = Mst::parse(mst).unwrap_or_else(|e| panic!("{mst}: {e}"));
        assert_eq!(&parsed.canonical(), mst);
        let e: domain::registry::Enterprise = serde_json::from_str(json).expect("stored JSON");
        assert_eq!(&e.mst, mst);
        assert_eq!(&e.parent_mst, parent);
        if let Some(p) = parent {
            branches += 1;
            assert_eq!(parsed.base(), p);
            assert!(
                codes.get(p.as_str()).is_some_and(|pp| pp.is_none()),
                "{mst}: parent {p}"
            );
        }
    }
    assert!(branches >= 10, "{branches}");
    // Exactly what the generator makes, no more, no fewer.
    let stored: HashMap<&str, &str> = rows
        .iter()
        .map(|(m, _, j)| (m.as_str(), j.as_str()))
        .collect();
    let generated = registry::sandbox_enterprises().expect("generates");
    assert_eq!(generated.len(), rows.len());
    for e in &generated {
        let json = serde_json::to_string(e).expect("json");
        assert_eq!(
            stored.get(e.mst.as_str()),
            Some(&json.as_str()),
            "{}",
            e.mst
        );
    }
}

#[test]
fn restarts_do_not_duplicate_and_an_older_database_is_migrated() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let data = root.path().join("var");
    let dist = common::make_dist(root.path());
    let db = data.join(portal_server::DATABASE_FILE);
    let count = || -> i64 {
        Connection::open(&db)
            .expect("open")
            .query_row("SELECT COUNT(*) FROM enterprises", [], |r| r.get(0))
            .expect("count")
    };

    let first = common::start(&data, &dist);
    let RegistrySeedOutcome::Seeded { enterprises } = first.report.registry else {
        panic!("{:?}", first.report.registry);
    };
    drop(first);
    assert_eq!(count(), enterprises as i64);

    let second = common::start(&data, &dist);
    assert_eq!(second.report.registry, RegistrySeedOutcome::AlreadySeeded);
    assert_eq!(get(second.addr, &lookup_path(DEMO_HOUSEHOLD)).status, 200);
    drop(second);
    assert_eq!(count(), enterprises as i64);

    // What a database written by the first server (schema 1) looks like.
    let conn = Connection::open(&db).expect("open");
    conn.execute_batch(
        "DROP TABLE handoffs; DROP TABLE funnel_counts;
         DROP TABLE payments; DROP TABLE dossier_results; DROP TABLE dossier_events;
         DROP TABLE dossier_files; DROP TABLE dossier_serials; DROP TABLE dossiers;
         DROP TABLE enterprises; DELETE FROM meta WHERE key = 'registry_digest';
         PRAGMA user_version = 1;",
    )
    .expect("downgrade");
    drop(conn);
    let third = common::start(&data, &dist);
    assert_eq!(third.report.schema_version, 4);
    assert_eq!(
        third.report.registry,
        RegistrySeedOutcome::Seeded { enterprises }
    );
    assert_eq!(get(third.addr, &lookup_path(DEMO_PARENT)).status, 200);
    drop(third);
    assert_eq!(count(), enterprises as i64);
}

#[test]
fn look_ups_are_rate_limited_per_client() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let dist = common::make_dist(root.path());
    let limited = common::start_with(&root.path().join("var"), &dist, |c| {
        c.registry_rate_per_minute = 3
    });
    // Malformed and unknown codes use up the allowance too: both are probing.
    let statuses: Vec<u16> = [DEMO_ACTIVE_COMPANY, "123", DEMO_UNKNOWN]
        .iter()
        .map(|m| get(limited.addr, &lookup_path(m)).status)
        .collect();
    assert_eq!(statuses, [200, 400, 404]);

    let r = get(limited.addr, &lookup_path(DEMO_ACTIVE_COMPANY));
    // 3 a minute refills one every 20 s.
    common::assert_limited(&r, 21);

    // Only the registry is limited.
    assert_eq!(get(limited.addr, "/api/v1/health").status, 200);
    assert_eq!(get(limited.addr, "/api/v1/forms/1.001612").status, 200);
}

/// The contract with the form schemas: every registry prefill path any served schema
/// uses resolves on a real answer and fills its field.
#[test]
fn registry_answers_prefill_every_form_that_asks_for_them() {
    use domain::form::{apply_prefill, prefill_fields, Answers, FormSchema, Loose, PrefillSource};
    let record: Loose =
        serde_json::from_slice(&get(server().addr, &lookup_path(DEMO_ACTIVE_COMPANY)).body)
            .expect("loose JSON");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/forms");
    let mut codes: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.to_owned();
                    (!name.starts_with('.')).then_some(())?;
                    name.strip_suffix(".json").map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    // A procedure with no official form: the generic schema prefills organisations too.
    codes.push("1.000005".to_owned());
    let mut checked = 0;
    for code in codes {
        let r = get(server().addr, &format!("/api/v1/forms/{code}"));
        assert_eq!(r.status, 200, "{code}");
        let schema: FormSchema =
            serde_json::from_value(r.json()["schema"].clone()).expect("schema");
        let wanted: Vec<String> = prefill_fields(&schema, PrefillSource::BusinessRegistry)
            .into_iter()
            .filter(|f| f.prefill.as_ref().is_some_and(|p| p.path != "parent_mst"))
            .map(|f| f.id.clone())
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let (_, filled) = apply_prefill(
            &schema,
            &Answers::new(),
            PrefillSource::BusinessRegistry,
            &record,
            false,
        );
        for id in &wanted {
            assert!(
                filled.contains(id),
                "{code}: {id} not filled from the registry"
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 1,
        "the generic schema at least prefills from the registry"
    );
}
