//! The IndexedDB layer in a real browser: `cargo test -p portal-app --target
//! wasm32-unknown-unknown` (headless Chrome via wasm-bindgen-test-runner).

use portal_app::store::{
    CachedCatalogue, CachedProcedure, CachedResponse, Store, CATALOGUE_STORE, PROCEDURE_STORE, RESPONSE_STORE,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database of its own per test, so tests neither see each other nor the app's data.
async fn fresh_store(label: &str) -> Store {
    let name = format!("portal-test-{label}-{}", js_sys::Math::random());
    Store::open_named(&name).await.expect("IndexedDB opens in Chrome")
}

fn catalogue(etag: &str, body: &str) -> CachedCatalogue {
    CachedCatalogue { etag: etag.into(), fetched_at: 1_700_000_000_000.0, body: body.into() }
}

#[wasm_bindgen_test]
async fn empty_database_has_no_catalogue() {
    let store = fresh_store("empty").await;
    assert_eq!(store.load_catalogue().await, Ok(None));
    assert_eq!(store.load_procedure("1.001612").await, Ok(None));
}

#[wasm_bindgen_test]
async fn save_then_load_round_trips_etag_and_body() {
    let store = fresh_store("roundtrip").await;
    let saved = catalogue("\"abc123\"", r#"{"format":1,"fields":["Hộ tịch"],"agencies":[],"items":[]}"#);
    store.save_catalogue(&saved).await.expect("saved");
    assert_eq!(store.load_catalogue().await, Ok(Some(saved)));
}

#[wasm_bindgen_test]
async fn saving_again_replaces_the_copy() {
    let store = fresh_store("overwrite").await;
    store.save_catalogue(&catalogue("\"v1\"", "old")).await.expect("first save");
    let newer = catalogue("\"v2\"", "new");
    store.save_catalogue(&newer).await.expect("second save");
    assert_eq!(store.load_catalogue().await, Ok(Some(newer)));
}

#[wasm_bindgen_test]
async fn the_copy_survives_reopening() {
    let name = format!("portal-test-reopen-{}", js_sys::Math::random());
    let saved = catalogue("\"e\"", "body");
    let store = Store::open_named(&name).await.expect("open");
    store.save_catalogue(&saved).await.expect("saved");
    store.close();
    let again = Store::open_named(&name).await.expect("reopen");
    assert_eq!(again.load_catalogue().await, Ok(Some(saved)));
}

#[wasm_bindgen_test]
async fn corrupt_records_read_as_absent() {
    let store = fresh_store("corrupt").await;
    let missing_body = js_sys::Object::new();
    js_sys::Reflect::set(&missing_body, &"etag".into(), &"\"x\"".into()).expect("set");
    let wrong_types = js_sys::Object::new();
    js_sys::Reflect::set(&wrong_types, &"etag".into(), &JsValue::from_f64(3.0)).expect("set");
    js_sys::Reflect::set(&wrong_types, &"fetched_at".into(), &"yesterday".into()).expect("set");
    js_sys::Reflect::set(&wrong_types, &"body".into(), &JsValue::TRUE).expect("set");
    for junk in [JsValue::from_f64(42.0), JsValue::from_str("{\"etag\":"), missing_body.into(), wrong_types.into()] {
        store.put_raw(CATALOGUE_STORE, "index", &junk).await.expect("junk written");
        assert_eq!(store.load_catalogue().await, Ok(None));
        store.put_raw(PROCEDURE_STORE, "1.001612", &junk).await.expect("junk written");
        assert_eq!(store.load_procedure("1.001612").await, Ok(None));
    }
    // After junk, a proper save still works.
    let good = catalogue("\"ok\"", "{}");
    store.save_catalogue(&good).await.expect("saved over junk");
    assert_eq!(store.load_catalogue().await, Ok(Some(good)));
}

#[wasm_bindgen_test]
async fn forgetting_removes_the_copy() {
    let store = fresh_store("forget").await;
    store.save_catalogue(&catalogue("\"e\"", "b")).await.expect("saved");
    store.forget_catalogue().await.expect("forgotten");
    assert_eq!(store.load_catalogue().await, Ok(None));
}

#[wasm_bindgen_test]
async fn procedures_are_kept_per_code() {
    let store = fresh_store("procedures").await;
    let a = CachedProcedure { fetched_at: 1.0, body: "{\"code\":\"1.001612\"}".into() };
    let b = CachedProcedure { fetched_at: 2.0, body: "{\"code\":\"1.001193\"}".into() };
    store.save_procedure("1.001612", &a).await.expect("saved a");
    store.save_procedure("1.001193", &b).await.expect("saved b");
    assert_eq!(store.load_procedure("1.001612").await, Ok(Some(a)));
    assert_eq!(store.load_procedure("1.001193").await, Ok(Some(b.clone())));
    store.forget_procedure("1.001612").await.expect("forgotten");
    assert_eq!(store.load_procedure("1.001612").await, Ok(None));
    assert_eq!(store.load_procedure("1.001193").await, Ok(Some(b)));
}

#[wasm_bindgen_test]
async fn api_responses_are_kept_per_path() {
    let name = format!("portal-test-responses-{}", js_sys::Math::random());
    let store = Store::open_named(&name).await.expect("open");
    let path = "/api/v1/forms/dang-ky-ho-kinh-doanh";
    assert_eq!(store.response(path).await, Ok(None));
    let body = r#"{"id":"dang-ky-ho-kinh-doanh","version":3,"title":{"vi":"Đăng ký hộ kinh doanh"}}"#;
    store.put_response(path, body, 1_700_000_000_000.0).await.expect("saved");
    store.put_response("/api/v1/admin-units/01", "[]", 5.0).await.expect("saved");
    let cached = |body: &str, fetched_ms: f64| Ok(Some(CachedResponse { body: body.into(), fetched_ms }));
    assert_eq!(store.response(path).await, cached(body, 1_700_000_000_000.0));
    store.put_response(path, "{}", 6.0).await.expect("replaced");
    assert_eq!(store.response(path).await, cached("{}", 6.0));
    assert_eq!(store.response("/api/v1/admin-units/01").await, cached("[]", 5.0));
    // An unreadable copy is no copy.
    store.put_raw(RESPONSE_STORE, path, &JsValue::from_f64(1.0)).await.expect("junk written");
    assert_eq!(store.response(path).await, Ok(None));
    store.close();
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    factory.delete_database(&name).expect("deleted");
}
