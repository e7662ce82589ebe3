//! Files attached to drafts, as Blobs in real IndexedDB (headless Chrome).

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use portal_app::store::{AttachmentMeta, DraftRecord, Store, StoreError, ATTACHMENT_STORE};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag};

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(label: &str) -> (String, Store) {
    let name = format!("portal-test-attachments-{label}-{}", js_sys::Math::random());
    let store = Store::open_named(&name).await.expect("IndexedDB opens in Chrome");
    (name, store)
}

/// Deletes a test database; the store's `onversionchange` closes it, so `blocked`
/// (which would mean it did not) fails the test.
async fn delete_db(name: &str) {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req = factory.delete_database(name).expect("delete request");
    let p = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
        req.set_onblocked(Some(&reject));
    });
    JsFuture::from(p).await.expect("database deleted without being blocked");
}

fn blob(bytes: &[u8], mime: &str) -> Blob {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).expect("blob")
}

async fn bytes_of(b: &Blob) -> Vec<u8> {
    let buffer = JsFuture::from(b.array_buffer()).await.expect("arrayBuffer()");
    Uint8Array::new(&buffer).to_vec()
}

fn meta(id: &str, draft_id: &str, name: &str, mime: &str, size: usize) -> AttachmentMeta {
    AttachmentMeta { id: id.into(), draft_id: draft_id.into(), name: name.into(), mime: mime.into(), size: size as f64 }
}

fn draft(id: &str) -> DraftRecord {
    DraftRecord {
        id: id.into(),
        procedure: "1.001612".into(),
        procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
        schema_version: 1,
        step: "giay-to".into(),
        answers: "{}".into(),
        progress_done: 2,
        progress_total: 3,
        created_ms: 1.0,
        updated_ms: 2.0,
        supplement_for: None,
    }
}

#[wasm_bindgen_test]
async fn a_file_round_trips_bytes_type_and_size() {
    let (name, store) = fresh("roundtrip").await;
    assert_eq!(store.attachment("nope").await.map(|a| a.is_none()), Ok(true));
    // Every byte value, and bytes that are not UTF-8, so nothing is taken for text.
    let bytes: Vec<u8> = (0..=255u8).chain([0xff, 0xfe, 0x00, 0xc3]).cycle().take(70_000).collect();
    let file = blob(&bytes, "application/pdf");
    let m = meta("f1", "d1", "Giấy chứng nhận.pdf", "application/pdf", bytes.len());
    store.put_attachment(&m, &file).await.expect("saved");

    let (got, back) = store.attachment("f1").await.expect("read").expect("present");
    assert_eq!(got, m);
    assert_eq!(back.type_(), "application/pdf");
    assert_eq!(back.size(), bytes.len() as f64);
    assert_eq!(bytes_of(&back).await, bytes);

    store.delete_attachment("f1").await.expect("deleted");
    assert_eq!(store.attachment("f1").await.map(|a| a.is_none()), Ok(true));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn attachments_are_listed_per_draft() {
    let (name, store) = fresh("list").await;
    let a = meta("a", "d1", "cccd-truoc.jpg", "image/jpeg", 3);
    let b = meta("b", "d2", "cccd-sau.jpg", "image/jpeg", 2);
    let c = meta("c", "d1", "hop-dong.pdf", "application/pdf", 1);
    store.put_attachment(&a, &blob(b"abc", "image/jpeg")).await.expect("a");
    store.put_attachment(&b, &blob(b"de", "image/jpeg")).await.expect("b");
    store.put_attachment(&c, &blob(b"f", "application/pdf")).await.expect("c");
    assert_eq!(store.attachments_of("d1").await, Ok(vec![a, c]));
    assert_eq!(store.attachments_of("d2").await, Ok(vec![b]));
    assert_eq!(store.attachments_of("d3").await, Ok(vec![]));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn deleting_a_draft_deletes_its_attachments_only() {
    let (name, store) = fresh("delete-draft").await;
    store.put_draft(&draft("d1")).await.expect("d1");
    store.put_draft(&draft("d2")).await.expect("d2");
    let mine = [meta("m1", "d1", "a.pdf", "application/pdf", 1), meta("m2", "d1", "b.png", "image/png", 2)];
    let theirs = meta("t1", "d2", "c.pdf", "application/pdf", 3);
    store.put_attachment(&mine[0], &blob(b"1", "application/pdf")).await.expect("m1");
    store.put_attachment(&mine[1], &blob(b"22", "image/png")).await.expect("m2");
    store.put_attachment(&theirs, &blob(b"333", "application/pdf")).await.expect("t1");

    store.delete_draft("d1").await.expect("deleted");
    assert_eq!(store.draft("d1").await, Ok(None));
    assert_eq!(store.attachments_of("d1").await, Ok(vec![]));
    assert_eq!(store.attachment("m1").await.map(|a| a.is_none()), Ok(true));
    assert_eq!(store.attachment("m2").await.map(|a| a.is_none()), Ok(true));
    // The other draft and its file are untouched.
    assert_eq!(store.draft("d2").await, Ok(Some(draft("d2"))));
    assert_eq!(store.attachments_of("d2").await, Ok(vec![theirs.clone()]));
    let (_, kept) = store.attachment("t1").await.expect("read").expect("present");
    assert_eq!(bytes_of(&kept).await, b"333");
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn an_unreadable_attachment_is_an_error_not_a_panic() {
    let (name, store) = fresh("corrupt").await;
    // Metadata without its Blob, and a Blob-less number.
    let no_blob = Object::new();
    for (k, v) in [("id", "x"), ("draft_id", "d1"), ("name", "x.pdf"), ("mime", "application/pdf")] {
        Reflect::set(&no_blob, &k.into(), &v.into()).unwrap();
    }
    Reflect::set(&no_blob, &"size".into(), &JsValue::from_f64(1.0)).unwrap();
    Reflect::set(&no_blob, &"blob".into(), &"not a blob".into()).unwrap();
    store.put_raw(ATTACHMENT_STORE, "x", &no_blob.into()).await.expect("junk written");
    store.put_raw(ATTACHMENT_STORE, "y", &JsValue::from_f64(7.0)).await.expect("junk written");
    assert_eq!(store.attachment("x").await.map(|_| ()), Err(StoreError::Corrupt));
    assert_eq!(store.attachment("y").await.map(|_| ()), Err(StoreError::Corrupt));
    // Its metadata is still readable, so it is listed (and removed with its draft).
    assert_eq!(store.attachments_of("d1").await.map(|l| l.len()), Ok(1));
    store.delete_draft("d1").await.expect("deleted");
    assert_eq!(store.attachment("x").await.map(|a| a.is_none()), Ok(true));
    delete_db(&name).await;
}
