//! Reading API JSON with the browser's parser, in a real browser.

use domain::fee::FeeSummary;
use domain::{Level, Procedure};
use portal_app::decode::{self, DecodeError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const INDEX: &str = r#"{"format":1,"fields":["Hộ tịch","Hải quan"],"agencies":["UBND xã"],
 "items":[
  {"c":"1.001193","n":"Thủ tục đăng ký khai sinh","f":0,"a":0,"l":"commune","w":true,"p":{"min":0,"max":0,"free":true}},
  {"c":"1.000005","n":"Thủ tục hải quan","f":1,"p":{"min":50000,"max":120000,"on":50000}}
 ]}"#;

#[wasm_bindgen_test]
fn reads_the_compact_index() {
    let idx = decode::catalogue(INDEX).expect("valid index");
    assert_eq!(idx.fields, ["Hộ tịch", "Hải quan"]);
    assert_eq!(idx.items.len(), 2);
    let a = &idx.items[0];
    assert_eq!((a.code.as_str(), a.field, a.agency, a.level), ("1.001193", 0, Some(0), Some(Level::Commune)));
    assert!(a.online_channel && a.fee.free);
    let b = &idx.items[1];
    assert_eq!((b.agency, b.level, b.online_channel), (None, None, false));
    assert_eq!(b.fee, FeeSummary { min_vnd: Some(50_000), max_vnd: Some(120_000), free: false, online_fee_vnd: Some(50_000) });
}

#[wasm_bindgen_test]
fn rejects_other_formats_and_bad_shapes() {
    assert_eq!(decode::catalogue("not json"), Err(DecodeError::Syntax));
    assert_eq!(decode::catalogue(r#"{"format":2,"fields":[],"agencies":[],"items":[]}"#), Err(DecodeError::Format(2)));
    assert!(decode::catalogue(r#"{"format":1,"fields":[],"agencies":[],"items":[{"c":"x"}]}"#).is_err());
    assert!(decode::catalogue(r#"{"format":1,"fields":[],"agencies":[],"items":[{"c":"x","n":"y","f":1.5}]}"#).is_err());
    assert!(decode::catalogue("[]").is_err());
}

#[wasm_bindgen_test]
fn reads_a_procedure_with_optional_parts_missing() {
    let p: Procedure = decode::procedure(
        r#"{"code":"1.001612","name":"Đăng ký thành lập hộ kinh doanh","field":"Thành lập và hoạt động của hộ kinh doanh",
            "agency":null,"level":"commune","online":"full","processing_time":"03 ngày làm việc",
            "fees":[{"description":"Trực tuyến","amount_vnd":50000,"text":"50,000 VNĐ"},{"description":null,"amount_vnd":null,"text":"Miễn phí"}],
            "documents":[{"name":"Hồ sơ gồm","copies":null,"required":null},{"name":"Giấy đề nghị","copies":"1 bản chính","required":true}],
            "source":"chatbot_tthc"}"#,
    )
    .expect("valid procedure");
    assert_eq!(p.agency, None);
    assert_eq!(p.fees[0].amount_vnd, Some(50_000));
    assert_eq!(p.fees[1].description, None);
    assert!(p.documents[0].is_heading() && !p.documents[1].is_heading());
    assert_eq!(p.documents[1].required, Some(true));
    assert!(p.steps.is_empty() && p.legal_basis.is_empty() && p.result.is_none());
}

#[wasm_bindgen_test]
fn a_procedure_without_a_name_is_rejected() {
    assert!(decode::procedure(r#"{"code":"1.001612","field":"x"}"#).is_err());
}
