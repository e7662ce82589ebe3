//! Drafts in real IndexedDB (headless Chrome): `CHROMEDRIVER=/usr/bin/chromedriver cargo
//! test -p portal-app --target wasm32-unknown-unknown`.

use domain::date::Date;
use domain::form::{migrate, Answers, DropReason, FormSchema, Unchecked, ValidationContext};
use js_sys::{Object, Promise, Reflect};
use portal_app::store::{
    request_persistence, CachedCatalogue, DraftRecord, Store, StoreError, CATALOGUE_STORE, DRAFT_STORE,
};
use serde_json::json;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

wasm_bindgen_test_configure!(run_in_browser);

fn factory() -> IdbFactory {
    web_sys::window().unwrap().indexed_db().unwrap().expect("IndexedDB in Chrome")
}

fn db_name(label: &str) -> String {
    format!("portal-test-drafts-{label}-{}", js_sys::Math::random())
}

/// A database of its own, so tests see neither each other nor the app's data.
async fn fresh(label: &str) -> (String, Store) {
    let name = db_name(label);
    let store = Store::open_named(&name).await.expect("IndexedDB opens in Chrome");
    (name, store)
}

/// Waits for a request; `blocked` counts as a failure, so a connection that does not
/// step aside for a deletion or upgrade fails the test instead of hanging it.
async fn done(req: &IdbRequest, open: Option<&IdbOpenDbRequest>) -> Result<JsValue, JsValue> {
    let p = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
        if let Some(open) = open {
            open.set_onblocked(Some(&reject));
        }
    });
    JsFuture::from(p).await?;
    req.result()
}

/// Deletes a test database. Deliberately does not close the store first: the store's
/// `onversionchange` must close it, or `blocked` fails the test.
async fn delete_db(name: &str) {
    let req = factory().delete_database(name).expect("delete request");
    done(&req, Some(&req)).await.expect("database deleted without being blocked");
}

fn set(o: &Object, k: &str, v: JsValue) {
    Reflect::set(o, &k.into(), &v).expect("set");
}

fn draft(id: &str, procedure: &str, updated_ms: f64) -> DraftRecord {
    DraftRecord {
        id: id.into(),
        procedure: procedure.into(),
        procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
        schema_version: 3,
        step: "chu-ho".into(),
        answers: r#"{"name":"Cửa hàng Hoa Mai","members":[{"name":"An"}]}"#.into(),
        progress_done: 1,
        progress_total: 4,
        created_ms: 1_700_000_000_000.0,
        updated_ms,
        supplement_for: None,
    }
}

/// The JS object a draft is stored as, to be broken on purpose.
fn as_js(d: &DraftRecord) -> Object {
    let o = Object::new();
    let texts = [
        ("id", &d.id),
        ("procedure", &d.procedure),
        ("procedure_name", &d.procedure_name),
        ("step", &d.step),
        ("answers", &d.answers),
    ];
    for (k, v) in texts {
        set(&o, k, JsValue::from_str(v));
    }
    for (k, v) in [
        ("schema_version", d.schema_version as f64),
        ("progress_done", d.progress_done as f64),
        ("progress_total", d.progress_total as f64),
        ("created_ms", d.created_ms),
        ("updated_ms", d.updated_ms),
    ] {
        set(&o, k, JsValue::from_f64(v));
    }
    o
}

#[wasm_bindgen_test]
async fn a_draft_round_trips() {
    let (name, store) = fresh("roundtrip").await;
    assert_eq!(store.draft("nope").await, Ok(None));
    let d = draft("5f0c6d1e-8a3b-4c2d-9e7f-0123456789ab", "1.001612", 1_700_000_000_500.0);
    store.put_draft(&d).await.expect("saved");
    assert_eq!(store.draft(&d.id).await, Ok(Some(d.clone())));
    // Saving again replaces it.
    let newer = DraftRecord { step: "kiem-tra".into(), progress_done: 4, updated_ms: d.updated_ms + 1.0, ..d.clone() };
    store.put_draft(&newer).await.expect("saved again");
    assert_eq!(store.draft(&d.id).await, Ok(Some(newer.clone())));
    assert_eq!(store.drafts().await.expect("listed").drafts, vec![newer]);
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn drafts_survive_reopening() {
    let name = db_name("reopen");
    let d = draft("a", "1.001612", 5.0);
    let store = Store::open_named(&name).await.expect("open");
    store.put_draft(&d).await.expect("saved");
    store.close();
    let again = Store::open_named(&name).await.expect("reopen");
    assert_eq!(again.draft("a").await, Ok(Some(d)));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn the_list_is_newest_first_and_filters_by_procedure() {
    let (name, store) = fresh("list").await;
    let a = draft("a", "1.001612", 300.0);
    let b = draft("b", "1.001193", 100.0);
    let c = draft("c", "1.001612", 200.0);
    let d = draft("d", "1.001612", 400.0);
    for x in [&a, &b, &c, &d] {
        store.put_draft(x).await.expect("saved");
    }
    let list = store.drafts().await.expect("listed");
    assert_eq!(list.quarantined_now, 0);
    let ids: Vec<&str> = list.drafts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d", "a", "c", "b"]);
    assert_eq!(store.drafts_for("1.001612").await, Ok(vec![d.clone(), a, c]));
    assert_eq!(store.drafts_for("1.001193").await, Ok(vec![b]));
    assert_eq!(store.drafts_for("9.999999").await, Ok(vec![]));
    store.delete_draft("d").await.expect("deleted");
    assert_eq!(store.draft("d").await, Ok(None));
    assert_eq!(store.drafts().await.expect("listed").drafts.len(), 3);
    // Deleting what is not there is not an error.
    store.delete_draft("d").await.expect("deleted again");
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn an_unreadable_draft_is_moved_to_quarantine_by_draft() {
    let (name, store) = fresh("quarantine-one").await;
    let good = draft("good", "1.001612", 1.0);
    store.put_draft(&good).await.expect("saved");
    store.put_raw(DRAFT_STORE, "num", &JsValue::from_f64(42.0)).await.expect("junk written");
    let wrong = as_js(&draft("typed", "1.001612", 2.0));
    set(&wrong, "schema_version", "x".into());
    store.put_raw(DRAFT_STORE, "typed", &wrong.into()).await.expect("junk written");

    assert_eq!(store.draft("num").await, Err(StoreError::Corrupt));
    // Moved, not copied: the next read finds nothing.
    assert_eq!(store.draft("num").await, Ok(None));
    assert_eq!(store.draft("typed").await, Err(StoreError::Corrupt));
    assert_eq!(store.draft("typed").await, Ok(None));
    assert_eq!(store.draft("good").await, Ok(Some(good.clone())));

    let q = store.quarantined().await.expect("quarantine read");
    let ids: Vec<&str> = q.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["num", "typed"]);
    assert_eq!(q[0].raw_json, "42");
    let raw: serde_json::Value = serde_json::from_str(&q[1].raw_json).expect("raw JSON");
    assert_eq!(raw["schema_version"], "x");
    assert_eq!(raw["answers"], good.answers);
    let now = js_sys::Date::now();
    assert!(q.iter().all(|q| q.at_ms > now - 60_000.0 && q.at_ms <= now), "{q:?}");

    // A good draft may be saved under the same id afterwards.
    let again = draft("typed", "1.001612", 3.0);
    store.put_draft(&again).await.expect("saved over");
    assert_eq!(store.draft("typed").await, Ok(Some(again)));
    store.clear_quarantine().await.expect("cleared");
    assert_eq!(store.quarantined().await, Ok(vec![]));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn listing_quarantines_every_unreadable_kind() {
    let (name, store) = fresh("quarantine-list").await;
    let good = draft("good", "1.001612", 10.0);
    store.put_draft(&good).await.expect("saved");
    let base = draft("x", "1.001612", 1.0);
    let typed = as_js(&DraftRecord { id: "typed".into(), ..base.clone() });
    set(&typed, "schema_version", "x".into());
    let missing = as_js(&DraftRecord { id: "missing".into(), ..base.clone() });
    Reflect::delete_property(&missing, &"answers".into()).expect("delete");
    let fractional = as_js(&DraftRecord { id: "fractional".into(), ..base.clone() });
    set(&fractional, "progress_done", JsValue::from_f64(1.5));
    let negative = as_js(&DraftRecord { id: "negative".into(), ..base.clone() });
    set(&negative, "progress_total", JsValue::from_f64(-1.0));
    // A record whose own id is not the key it is stored under.
    let elsewhere = as_js(&DraftRecord { id: "someone-else".into(), ..base.clone() });
    // Answers that are text but not JSON can never be read back.
    let garbled = as_js(&DraftRecord { id: "garbled".into(), answers: "{not json".into(), ..base.clone() });
    let junk: [(&str, JsValue); 9] = [
        ("number", JsValue::from_f64(42.0)),
        ("string", JsValue::from_str("{\"id\":")),
        ("null", JsValue::NULL),
        ("typed", typed.into()),
        ("missing", missing.into()),
        ("fractional", fractional.into()),
        ("negative", negative.into()),
        ("elsewhere", elsewhere.into()),
        ("garbled", garbled.into()),
    ];
    for (key, value) in &junk {
        store.put_raw(DRAFT_STORE, key, value).await.expect("junk written");
    }
    // The procedure page skips them without moving anything.
    assert_eq!(store.drafts_for("1.001612").await, Ok(vec![good.clone()]));

    let list = store.drafts().await.expect("listed");
    assert_eq!(list.drafts, vec![good.clone()]);
    assert_eq!(list.quarantined_now, junk.len());
    let again = store.drafts().await.expect("listed again");
    assert_eq!((again.drafts, again.quarantined_now), (vec![good], 0));

    let q = store.quarantined().await.expect("quarantine read");
    let mut ids: Vec<&str> = q.iter().map(|q| q.id.as_str()).collect();
    ids.sort();
    let mut expected: Vec<&str> = junk.iter().map(|(k, _)| *k).collect();
    expected.sort();
    assert_eq!(ids, expected);
    let raw = |id: &str| q.iter().find(|q| q.id == id).map(|q| q.raw_json.clone()).unwrap();
    assert_eq!(raw("number"), "42");
    assert_eq!(raw("string"), "\"{\\\"id\\\":\"");
    assert_eq!(raw("null"), "null");
    assert!(raw("typed").contains("\"schema_version\":\"x\""), "{}", raw("typed"));
    assert!(!raw("missing").contains("answers"));
    assert!(raw("elsewhere").contains("\"id\":\"someone-else\""));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn a_record_json_cannot_express_is_quarantined_with_empty_raw_json() {
    let (name, store) = fresh("quarantine-bigint").await;
    store.put_raw(DRAFT_STORE, "big", &js_sys::BigInt::from(7u64).into()).await.expect("junk written");
    assert_eq!(store.draft("big").await, Err(StoreError::Corrupt));
    let q = store.quarantined().await.expect("quarantine read");
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].id.as_str(), q[0].raw_json.as_str()), ("big", ""));
    delete_db(&name).await;
}

/// Opens `name` at version 1 with only the version-1 stores, as the previous release
/// did, and caches a catalogue in it.
async fn create_version_1(name: &str, catalogue: &CachedCatalogue) {
    let req = factory().open_with_u32(name, 1).expect("open v1");
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
        let req: IdbOpenDbRequest = ev.target().unwrap().unchecked_into();
        let db: IdbDatabase = req.result().unwrap().unchecked_into();
        db.create_object_store("catalogue").unwrap();
        db.create_object_store("procedures").unwrap();
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db: IdbDatabase = done(&req, Some(&req)).await.expect("v1 opened").unchecked_into();
    let tx = db.transaction_with_str_and_mode(CATALOGUE_STORE, IdbTransactionMode::Readwrite).unwrap();
    let record = Object::new();
    set(&record, "etag", JsValue::from_str(&catalogue.etag));
    set(&record, "fetched_at", JsValue::from_f64(catalogue.fetched_at));
    set(&record, "body", JsValue::from_str(&catalogue.body));
    tx.object_store(CATALOGUE_STORE).unwrap().put_with_key(&record, &"index".into()).unwrap();
    let committed = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(committed).await.expect("v1 record written");
    db.close();
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_the_catalogue() {
    let name = db_name("upgrade");
    let cached = CachedCatalogue {
        etag: "\"v1-etag\"".into(),
        fetched_at: 1_690_000_000_000.0,
        body: r#"{"format":1,"fields":["Hộ tịch"],"agencies":[],"items":[]}"#.into(),
    };
    create_version_1(&name, &cached).await;

    let store = Store::open_named(&name).await.expect("upgraded");
    assert_eq!(store.load_catalogue().await, Ok(Some(cached)));
    let d = draft("after-upgrade", "1.001612", 1.0);
    store.put_draft(&d).await.expect("the new stores work");
    assert_eq!(store.drafts_for("1.001612").await, Ok(vec![d]));
    store.put_response("/api/v1/forms/x", "{}", 1.0).await.expect("responses store");
    store.close();

    // What is on disk now: the current version with every store.
    let req = factory().open(&name).expect("open current");
    let db: IdbDatabase = done(&req, Some(&req)).await.expect("opened").unchecked_into();
    assert_eq!(db.version(), 3.0);
    let names = db.object_store_names();
    let stores = ["catalogue", "procedures", "drafts", "attachments", "responses", "quarantine", "outbox", "dossiers", "payments"];
    for s in stores {
        assert!(names.contains(s), "{s} missing");
    }
    db.close();
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn an_open_store_steps_aside_for_a_newer_version() {
    let (name, store) = fresh("versionchange").await;
    store.put_draft(&draft("a", "1.001612", 1.0)).await.expect("saved");
    // Another tab opening the next version would be blocked forever by a connection
    // that ignores `versionchange`; `done` fails on `blocked`.
    let req = factory().open_with_u32(&name, 4).expect("open v4");
    let db: IdbDatabase = done(&req, Some(&req)).await.expect("upgrade not blocked").unchecked_into();
    assert_eq!(db.version(), 4.0);
    db.close();
    // The old connection is closed: it reports failure, never a hang or a panic.
    assert_eq!(store.draft("a").await, Err(StoreError::Request));
    delete_db(&name).await;
}

/// Version 1 of a small form; `staff` was free text.
const OLD_ANSWERS: &str = r#"{"name":"Cửa hàng Hoa Mai","staff":"khoảng mười người","phone":"0912345678"}"#;

/// The current schema: `staff` became an integer.
fn schema_v2() -> FormSchema {
    serde_json::from_value(json!({
        "id": "household", "version": 2, "title": {"vi": "Hộ kinh doanh"},
        "steps": [{"id": "main", "title": {"vi": "Chính"}, "fields": [
            {"id": "name", "type": "short_text", "label": {"vi": "Tên"}},
            {"id": "staff", "type": "integer", "min": 0, "label": {"vi": "Số lao động"}},
            {"id": "phone", "type": "phone", "label": {"vi": "Điện thoại"}}
        ]}]
    }))
    .expect("schema")
}

#[wasm_bindgen_test]
async fn a_draft_saved_under_an_older_schema_migrates() {
    let (name, store) = fresh("migrate").await;
    let schema = schema_v2();
    assert_eq!(schema.check(), Ok(()));
    let saved = DraftRecord { schema_version: 1, answers: OLD_ANSWERS.into(), ..draft("old", "1.001612", 1.0) };
    store.put_draft(&saved).await.expect("saved");

    let loaded = store.draft("old").await.expect("read").expect("present");
    assert_eq!(loaded.schema_version, 1);
    assert_eq!(loaded.answers, OLD_ANSWERS);
    let old: Answers = serde_json::from_str(&loaded.answers).expect("answers JSON");
    let ctx = ValidationContext::new(Date::new(2025, 9, 2).unwrap(), &Unchecked);
    let m = migrate(&old, &schema, &ctx);
    let dropped: Vec<&str> = m.dropped.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(dropped, ["staff"]);
    assert!(matches!(m.dropped[0].reason, DropReason::Invalid { .. }), "{:?}", m.dropped[0].reason);
    let kept: Answers = serde_json::from_value(json!({"name": "Cửa hàng Hoa Mai", "phone": "0912345678"})).unwrap();
    assert_eq!(m.kept, kept);

    // The migrated draft is saved back under the new schema version.
    let migrated = DraftRecord {
        schema_version: schema.version,
        answers: serde_json::to_string(&m.kept).unwrap(),
        updated_ms: 2.0,
        ..loaded
    };
    store.put_draft(&migrated).await.expect("saved migrated");
    assert_eq!(store.draft("old").await, Ok(Some(migrated)));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
fn errors_read_clearly() {
    assert_eq!(StoreError::QuotaExceeded.to_string(), "the device has no room left for offline data");
    assert_eq!(StoreError::Corrupt.to_string(), "a saved draft was damaged and has been set aside");
}

#[wasm_bindgen_test]
async fn chrome_answers_the_persistence_request() {
    // Chrome has `navigator.storage.persist()`; whether it grants it is its decision.
    assert!(request_persistence().await.is_some());
}
