//! The version-3 stores in real IndexedDB (headless Chrome): the outbox of queued
//! submissions, the dossiers filed from this device, and started payments; and the
//! upgrade from version 2, which must keep every draft and attachment.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use portal_app::store::{
    AttachmentMeta, DossierRecord, DraftRecord, OutboxRecord, PaymentRecord, Store, StoreError, DOSSIER_STORE,
    OUTBOX_STORE,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

wasm_bindgen_test_configure!(run_in_browser);

fn factory() -> web_sys::IdbFactory {
    web_sys::window().unwrap().indexed_db().unwrap().expect("IndexedDB in Chrome")
}

fn db_name(label: &str) -> String {
    format!("portal-test-submission-{label}-{}", js_sys::Math::random())
}

async fn fresh(label: &str) -> (String, Store) {
    let name = db_name(label);
    let store = Store::open_named(&name).await.expect("IndexedDB opens in Chrome");
    (name, store)
}

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

async fn delete_db(name: &str) {
    let req = factory().delete_database(name).expect("delete request");
    done(&req, Some(&req)).await.expect("database deleted without being blocked");
}

fn queued(id: &str, created_ms: f64) -> OutboxRecord {
    OutboxRecord {
        id: id.into(),
        procedure: "1.001612".into(),
        procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
        schema_version: 3,
        answers: r#"{"business_name":"Phở Hà Thành"}"#.into(),
        created_ms,
        attempts: 0,
        next_attempt_ms: 0.0,
        last_error: None,
    }
}

fn dossier(code: &str) -> DossierRecord {
    DossierRecord {
        code: code.into(),
        access_key: "k-0123456789abcdef".into(),
        receipt: format!(r#"{{"code":"{code}","state":{{"state":"received"}}}}"#),
        status: None,
        refreshed_ms: 1_700_000_000_000.0,
        schema_version: 3,
        draft_id: Some("5f0c6d1e-8a3b-4c2d-9e7f-0123456789ab".into()),
    }
}

#[wasm_bindgen_test]
async fn the_outbox_round_trips_oldest_first() {
    let (name, store) = fresh("outbox").await;
    assert_eq!(store.outbox_entry("nope").await, Ok(None));
    assert_eq!(store.count_outbox().await, Ok(0));
    let (a, b) = (queued("a", 200.0), queued("b", 100.0));
    store.put_outbox(&a).await.expect("a");
    store.put_outbox(&b).await.expect("b");
    assert_eq!(store.count_outbox().await, Ok(2));
    assert_eq!(store.outbox().await, Ok(vec![b.clone(), a.clone()]));

    // A failed attempt is recorded on the same entry.
    let retried = OutboxRecord { attempts: 2, next_attempt_ms: 9_000.0, last_error: Some("timed out".into()), ..a.clone() };
    store.put_outbox(&retried).await.expect("updated");
    assert_eq!(store.outbox_entry("a").await, Ok(Some(retried)));
    assert_eq!(store.count_outbox().await, Ok(2));

    store.delete_outbox("a").await.expect("deleted");
    assert_eq!(store.outbox().await, Ok(vec![b]));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn an_unreadable_outbox_entry_is_an_error_and_skipped_in_the_list() {
    let (name, store) = fresh("outbox-corrupt").await;
    store.put_outbox(&queued("good", 1.0)).await.expect("good");
    store.put_raw(OUTBOX_STORE, "bad", &JsValue::from_str("junk")).await.expect("junk");
    let other = Object::new();
    Reflect::set(&other, &"id".into(), &"someone-else".into()).unwrap();
    store.put_raw(OUTBOX_STORE, "moved", &other.into()).await.expect("junk");
    assert_eq!(store.outbox_entry("bad").await, Err(StoreError::Corrupt));
    assert_eq!(store.outbox().await.map(|l| l.len()), Ok(1));
    // Still counted: the boot script's count only decides whether to load the sender.
    assert_eq!(store.count_outbox().await, Ok(3));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn dossiers_keep_receipt_key_and_last_status() {
    let (name, store) = fresh("dossiers").await;
    assert_eq!(store.dossier("x").await, Ok(None));
    let d = dossier("000.00.31.H29-251122-0001-XY");
    store.put_dossier(&d).await.expect("saved");
    assert_eq!(store.dossier(&d.code).await, Ok(Some(d.clone())));
    let refreshed = DossierRecord {
        status: Some(r#"{"state":{"state":"processing"}}"#.into()),
        refreshed_ms: 1_700_000_100_000.0,
        ..d.clone()
    };
    store.put_dossier(&refreshed).await.expect("refreshed");
    // Looked up on another device: no draft, unknown form version.
    let other = DossierRecord { code: "000.00.31.H29-251122-0002-AB".into(), draft_id: None, schema_version: 0, ..d };
    store.put_dossier(&other).await.expect("other");
    assert_eq!(store.dossiers().await, Ok(vec![refreshed.clone(), other.clone()]));
    store.put_raw(DOSSIER_STORE, "junk", &JsValue::from_f64(1.0)).await.expect("junk");
    assert_eq!(store.dossier("junk").await, Err(StoreError::Corrupt));
    assert_eq!(store.dossiers().await.map(|l| l.len()), Ok(2));
    store.delete_dossier(&other.code).await.expect("deleted");
    assert_eq!(store.dossiers().await, Ok(vec![refreshed]));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn payments_round_trip() {
    let (name, store) = fresh("payments").await;
    let p = PaymentRecord { txn_ref: "T2".into(), dossier_code: "C1".into(), created_ms: 20.0, status: None };
    let q = PaymentRecord {
        txn_ref: "T1".into(),
        dossier_code: "C1".into(),
        created_ms: 30.0,
        status: Some(r#"{"status":"paid"}"#.into()),
    };
    store.put_payment(&p).await.expect("p");
    store.put_payment(&q).await.expect("q");
    assert_eq!(store.payment("T1").await, Ok(Some(q.clone())));
    assert_eq!(store.payment("T3").await, Ok(None));
    assert_eq!(store.payments().await, Ok(vec![p.clone(), q]));
    store.delete_payment("T1").await.expect("deleted");
    assert_eq!(store.payments().await, Ok(vec![p]));
    delete_db(&name).await;
}

#[wasm_bindgen_test]
async fn a_draft_can_be_marked_as_a_supplement() {
    let (name, store) = fresh("supplement").await;
    let d = DraftRecord {
        id: "s1".into(),
        procedure: "1.001612".into(),
        procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
        schema_version: 3,
        step: "kiem-tra".into(),
        answers: "{}".into(),
        progress_done: 0,
        progress_total: 0,
        created_ms: 1.0,
        updated_ms: 1.0,
        supplement_for: Some("000.00.31.H29-251122-0001-XY".into()),
    };
    store.put_draft(&d).await.expect("saved");
    assert_eq!(store.draft("s1").await, Ok(Some(d)));
    delete_db(&name).await;
}

/// Version 2 as the previous release created it: its six stores, a draft and a file.
async fn create_version_2(name: &str) {
    let req = factory().open_with_u32(name, 2).expect("open v2");
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
        let req: IdbOpenDbRequest = ev.target().unwrap().unchecked_into();
        let db: IdbDatabase = req.result().unwrap().unchecked_into();
        for s in ["catalogue", "procedures", "responses"] {
            db.create_object_store(s).unwrap();
        }
        db.create_object_store("drafts").unwrap().create_index_with_str("procedure", "procedure").unwrap();
        db.create_object_store("attachments").unwrap().create_index_with_str("draft_id", "draft_id").unwrap();
        let params = web_sys::IdbObjectStoreParameters::new();
        params.set_auto_increment(true);
        db.create_object_store_with_optional_parameters("quarantine", &params).unwrap();
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db: IdbDatabase = done(&req, Some(&req)).await.expect("v2 opened").unchecked_into();
    let names = Array::of2(&"drafts".into(), &"attachments".into());
    let tx = db.transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite).unwrap();
    // A draft written by version 2: no `supplement_for`.
    let draft = Object::new();
    for (k, v) in [("id", "d1"), ("procedure", "1.001612"), ("procedure_name", "Hộ kinh doanh"), ("step", "owner"), ("answers", "{}")] {
        Reflect::set(&draft, &k.into(), &v.into()).unwrap();
    }
    for (k, v) in [("schema_version", 3.0), ("progress_done", 1.0), ("progress_total", 6.0), ("created_ms", 1.0), ("updated_ms", 2.0)] {
        Reflect::set(&draft, &k.into(), &JsValue::from_f64(v)).unwrap();
    }
    tx.object_store("drafts").unwrap().put_with_key(&draft, &"d1".into()).unwrap();
    let file = Object::new();
    for (k, v) in [("id", "f1"), ("draft_id", "d1"), ("name", "a.pdf"), ("mime", "application/pdf")] {
        Reflect::set(&file, &k.into(), &v.into()).unwrap();
    }
    Reflect::set(&file, &"size".into(), &JsValue::from_f64(4.0)).unwrap();
    let options = BlobPropertyBag::new();
    options.set_type("application/pdf");
    let blob = Blob::new_with_u8_array_sequence_and_options(&Array::of1(&Uint8Array::from(&b"%PDF"[..])), &options).unwrap();
    Reflect::set(&file, &"blob".into(), &blob).unwrap();
    tx.object_store("attachments").unwrap().put_with_key(&file, &"f1".into()).unwrap();
    let committed = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(committed).await.expect("v2 records written");
    db.close();
}

#[wasm_bindgen_test]
async fn upgrading_from_version_2_keeps_drafts_and_files_and_adds_the_new_stores() {
    let name = db_name("upgrade");
    create_version_2(&name).await;
    let store = Store::open_named(&name).await.expect("upgraded");
    let d = store.draft("d1").await.expect("read").expect("kept");
    assert_eq!((d.step.as_str(), d.supplement_for.as_deref()), ("owner", None));
    let files = store.attachments_of("d1").await.expect("files");
    let meta = AttachmentMeta { id: "f1".into(), draft_id: "d1".into(), name: "a.pdf".into(), mime: "application/pdf".into(), size: 4.0 };
    assert_eq!(files, vec![meta]);
    let (_, blob) = store.attachment("f1").await.expect("read").expect("kept");
    assert_eq!(blob.size(), 4.0);
    // The new stores work.
    store.put_outbox(&queued("d1", 1.0)).await.expect("outbox");
    store.put_dossier(&dossier("C")).await.expect("dossiers");
    store
        .put_payment(&PaymentRecord { txn_ref: "T".into(), dossier_code: "C".into(), created_ms: 1.0, status: None })
        .await
        .expect("payments");
    assert_eq!(store.count_outbox().await, Ok(1));
    delete_db(&name).await;
}
