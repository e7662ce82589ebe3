//! The vendored national catalogue, loaded once per test binary.

use std::io::Read;
use std::sync::OnceLock;

use domain::Procedure;

pub fn procedures() -> &'static [Procedure] {
    static P: OnceLock<Vec<Procedure>> = OnceLock::new();
    P.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/procedures.json.gz");
        let file = std::fs::File::open(path).expect("data/procedures.json.gz is vendored");
        let mut json = String::new();
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut json)
            .expect("valid gzip");
        serde_json::from_str(&json).expect("procedures.json matches domain::Procedure")
    })
}
