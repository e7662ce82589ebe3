//! Search over the real catalogue with the fixed query list the browser benchmark uses.

use std::hint::black_box;
use std::io::Read;

use criterion::{criterion_group, criterion_main, Criterion};
use domain::search::{Filter, SearchIndex, BENCH_QUERIES};
use domain::{CatalogueIndex, Procedure};

fn catalogue() -> CatalogueIndex {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/procedures.json.gz");
    let file = std::fs::File::open(path).expect("data/procedures.json.gz is vendored");
    let mut json = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut json)
        .expect("valid gzip");
    let procedures: Vec<Procedure> = serde_json::from_str(&json).expect("valid procedures");
    CatalogueIndex::build(&procedures)
}

fn bench(c: &mut Criterion) {
    let cat = catalogue();
    let index = SearchIndex::new(&cat);
    let filter = Filter::default();
    // First, because scripts/bench.sh reports the first figure criterion prints.
    c.bench_function("all_20_queries", |b| {
        b.iter(|| {
            for q in BENCH_QUERIES {
                black_box(index.search(black_box(q), &filter));
            }
        })
    });
    let mut group = c.benchmark_group("query");
    for q in BENCH_QUERIES {
        group.bench_function(q, |b| b.iter(|| index.search(black_box(q), &filter)));
    }
    group.finish();

    // Once per visit, when the catalogue arrives, before the first search.
    c.bench_function("build_index", |b| {
        b.iter(|| SearchIndex::new(black_box(&cat)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
