//! The storage page's view of the store (counts, ids, imported drafts, a page of the
//! offline catalogue) in real IndexedDB (headless Chrome).

use js_sys::{Array, Promise, Uint8Array};
use portal_app::store::{AttachmentMeta, CachedProcedure, DraftRecord, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag};

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(label: &str) -> (String, Store) {
    let name = format!("portal-test-device-{label}-{}", js_sys::Math::random());
    let store = Store::open_named(&name).await.expect("IndexedDB opens in Chrome");
    (name, store)
}

/// Deletes a test database once its connection has closed. `blocked` may fire while
/// the last read transaction of a closed connection winds down; deletion then follows.
async fn delete_db(name: &str) {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req = factory.delete_database(name).expect("delete request");
    let p = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(p).await.expect("database deleted");
}

fn blob(bytes: &[u8]) -> Blob {
    let options = BlobPropertyBag::new();
    options.set_type("image/png");
    Blob::new_with_u8_array_sequence_and_options(&Array::of1(&Uint8Array::from(bytes)), &options).expect("blob")
}

fn draft(id: &str) -> DraftRecord {
    DraftRecord {
        id: id.into(),
        procedure: "1.001612".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        schema_version: 2,
        step: "nguoi-khai".into(),
        answers: r#"{"a":1}"#.into(),
        progress_done: 1,
        progress_total: 3,
        created_ms: 1_763_781_748_123.0,
        updated_ms: 1_763_781_799_456.0,
        supplement_for: Some("000.00.31.H29-251122-0001-XY".into()),
    }
}

fn meta(id: &str, draft_id: &str) -> AttachmentMeta {
    AttachmentMeta { id: id.into(), draft_id: draft_id.into(), name: "ảnh.png".into(), mime: "image/png".into(), size: 3.0 }
}

#[wasm_bindgen_test]
async fn an_imported_draft_is_added_whole_and_never_over_another() {
    let (name, store) = fresh("import").await;
    let files = [(meta("f1", "d1"), blob(b"abc")), (meta("f2", "d1"), blob(b"xyz"))];
    assert_eq!(store.add_imported_draft(&draft("d1"), &files).await, Ok(true));
    assert_eq!(store.draft("d1").await.expect("read"), Some(draft("d1")));
    assert_eq!(store.attachments_of("d1").await.expect("read").len(), 2);
    assert_eq!(store.count_drafts().await, Ok(1));
    assert_eq!(store.count_attachments().await, Ok(2));

    // The same id again: nothing written, the first one untouched.
    let mut other = draft("d1");
    other.answers = "{}".into();
    assert_eq!(store.add_imported_draft(&other, &[(meta("f3", "d1"), blob(b"!"))]).await, Ok(false));
    assert_eq!(store.draft("d1").await.expect("read"), Some(draft("d1")));
    assert_eq!(store.count_attachments().await, Ok(2));

    // A new draft whose file id is taken: nothing of it is written.
    assert_eq!(store.add_imported_draft(&draft("d2"), &[(meta("f1", "d2"), blob(b"!"))]).await, Ok(false));
    assert_eq!(store.draft("d2").await.expect("read"), None);
    let (kept, _) = store.attachment("f1").await.expect("read").expect("present");
    assert_eq!(kept.draft_id, "d1");

    let mut ids = store.draft_ids().await.expect("ids");
    ids.sort();
    assert_eq!(ids, ["d1"]);
    let mut files = store.attachment_ids().await.expect("ids");
    files.sort();
    assert_eq!(files, ["f1", "f2"]);
    store.close();
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn a_catalogue_page_is_stored_as_single_procedures_are() {
    let (name, store) = fresh("procedures").await;
    let bodies = [
        ("1.000001".to_owned(), JsValue::from_str(r#"{"code":"1.000001","name":"Một"}"#)),
        ("1.000002".to_owned(), JsValue::from_str(r#"{"code":"1.000002","name":"Hai"}"#)),
    ];
    store.save_procedures(&bodies, 42.0).await.expect("saved");
    assert_eq!(store.count_procedures().await, Ok(2));
    assert_eq!(
        store.load_procedure("1.000002").await.expect("read"),
        Some(CachedProcedure { fetched_at: 42.0, body: r#"{"code":"1.000002","name":"Hai"}"#.into() })
    );
    assert_eq!(store.count_dossiers().await, Ok(0));
    store.close();
    delete_db(&name).await;
}
