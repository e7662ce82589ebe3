//! Times catalogue search inside the browser, on the same decode and search code the
//! pages use, so `scripts/bench.sh` reports what a phone really runs (not a native build).

use domain::search::{Filter, SearchIndex, BENCH_QUERIES};
use wasm_bindgen::prelude::*;

/// Milliseconds per query: every one of the 20 fixed queries, `rounds` times.
#[wasm_bindgen]
pub fn bench_search(catalogue_json: &str, rounds: u32) -> Result<Vec<f64>, JsError> {
    let index = portal_app::decode::catalogue(catalogue_json).map_err(|e| JsError::new(&e.to_string()))?;
    let search = SearchIndex::new(&index);
    let perf = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsError::new("performance.now() is not available"))?;
    let filter = Filter::default();
    let mut timings = Vec::with_capacity(BENCH_QUERIES.len() * rounds as usize);
    for _ in 0..rounds {
        for q in BENCH_QUERIES {
            let start = perf.now();
            let hits = search.search(q, &filter);
            timings.push(perf.now() - start);
            // Keeps the optimiser from discarding the search as dead code.
            if hits.len() > index.items.len() {
                return Err(JsError::new("search returned more hits than items"));
            }
        }
    }
    Ok(timings)
}
