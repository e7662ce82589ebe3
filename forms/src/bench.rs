//! Autosave latency measured in the browser (`scripts/bench.sh`): the same `put_draft`
//! the wizard runs, one committed transaction per save, on a realistic draft.

use portal_app::store::{DraftRecord, Store};
use wasm_bindgen::prelude::*;

/// Milliseconds per save, `n` saves of a draft whose answers are `answers_json`, into a
/// scratch database that is deleted afterwards.
#[wasm_bindgen]
pub async fn bench_autosave(answers_json: String, n: u32) -> Result<Vec<f64>, JsError> {
    let name = "portal-bench-autosave";
    let store = Store::open_named(name).await.map_err(|e| JsError::new(&e.to_string()))?;
    let perf = web_sys::window().and_then(|w| w.performance()).ok_or_else(|| JsError::new("no performance.now()"))?;
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let record = DraftRecord {
            id: "00000000-0000-4000-8000-000000000000".into(),
            procedure: "1.001612".into(),
            procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
            schema_version: 3,
            step: "owner".into(),
            answers: answers_json.clone(),
            progress_done: i % 6,
            progress_total: 6,
            created_ms: 0.0,
            updated_ms: js_sys::Date::now(),
            supplement_for: None,
        };
        let start = perf.now();
        store.put_draft(&record).await.map_err(|e| JsError::new(&e.to_string()))?;
        out.push(perf.now() - start);
    }
    store.close();
    if let Some(f) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) {
        let _ = f.delete_database(name);
    }
    Ok(out)
}
