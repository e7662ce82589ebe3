//! The gateway's callbacks (return URL and IPN) are query strings anyone can send.
//!
//! Checked: no query makes the verify path panic; a query signed here verifies and gives
//! back exactly the signed parameters; and after any edit a signed query either fails
//! to verify or gives back those same parameters (an edit that only changes the
//! encoding, `%41` for `A`, is no forgery — anything else would be).
//!
//! Input: the query, then optionally a 0xFF byte and the edit: position (2 bytes,
//! little-endian, modulo the length), how many bytes to delete (1 byte, modulo 16) and
//! the bytes to insert (the rest). UTF-8 never contains 0xFF, so a seed is a plain
//! query string.
#![no_main]

use domain::payment::signature::{SECURE_HASH, SECURE_HASH_TYPE};
use domain::payment::{
    encode, ipn_decision, parse_query, plain_order_info, sign, verify_query, vnpay_return,
    HashSecret, Params, Settlement, SignatureError, StoredPayment, VnDateTime, VnpAmount,
    VnpayConfig,
};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "FUZZSECRET0123456789ABCDEFGHIJKL";

fuzz_target!(|data: &[u8]| {
    let (query, edit) = match data.iter().rposition(|&b| b == 0xFF) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let query = String::from_utf8_lossy(query);
    let secret = HashSecret::new(SECRET);
    let config = VnpayConfig {
        tmn_code: "PORTAL01".into(),
        hash_secret: secret.clone(),
        pay_url: "https://sandbox.example/paymentv2/vpcpay.html".into(),
    };

    // Whatever arrives is read, verified, decided on and its refusal worded.
    let verified = verify_query(&query, &secret);
    if let Err(e) = &verified {
        let _ = (e.message_vi(), e.message_en(), e.to_string());
    }
    let _ = vnpay_return(&query, &config).map_err(|e| e.to_string());
    for stored in [None, Some(open_payment(false)), Some(open_payment(true))] {
        let answer = ipn_decision(verified.clone(), stored);
        serde_json::to_string(&answer).expect("an IPN answer serializes");
    }

    let Ok(parsed) = parse_query(&query) else {
        return;
    };
    // What a signed callback with these values would be read as: the fuzzer cannot
    // forge a signature, so the reading is also tried on the unsigned parameters.
    if let Ok(s) = Settlement::from_vnpay(&parsed) {
        let _ = (s.outcome.message_vi(), s.outcome.message_en());
        serde_json::to_string(&s).expect("a settlement serializes");
    }
    for (_, value) in parsed.iter() {
        let _ = VnpAmount::parse(value).map_err(|e| (e.message_vi(), e.message_en()));
        if let Some(t) = VnDateTime::parse_vnpay(value) {
            assert_eq!(t.to_vnpay(), value, "a VNPay time reads back as written");
        }
        let info = plain_order_info(value);
        assert!(
            info.chars().count() <= 255,
            "order info over 255 characters"
        );
        assert!(
            info.chars()
                .all(|c| c.is_ascii_alphanumeric() || " -._:,/".contains(c)),
            "order info outside VNPay's plain set: {info:?}"
        );
        let _ = encode(value);
    }

    // Sign what was read, as the sandbox gateway signs its results, and verify it back.
    let mut unsigned = parsed;
    unsigned.remove(SECURE_HASH);
    unsigned.remove(SECURE_HASH_TYPE);
    let canonical = unsigned.canonical_query();
    let signed = format!("{canonical}&{SECURE_HASH}={}", sign(&secret, &canonical));
    // Empty values are not signed (VNPay leaves them out of the hash), so they are not
    // part of what a signature vouches for.
    let vouched: Params = unsigned.iter().filter(|(_, v)| !v.is_empty()).collect();
    assert_eq!(verify_query(&signed, &secret), Ok(vouched.clone()));
    assert_eq!(
        verify_query(&signed, &HashSecret::new("another merchant")),
        Err(SignatureError::Mismatch)
    );

    let Some(edit) = edit else {
        return;
    };
    let mut r = portal_fuzz::Reader::new(edit);
    let mut bytes = signed.clone().into_bytes();
    let at = usize::from(r.u16()) % (bytes.len() + 1);
    let delete = (usize::from(r.byte()) % 16).min(bytes.len() - at);
    bytes.splice(at..at + delete, r.rest().iter().copied());
    let edited = String::from_utf8_lossy(&bytes);
    if edited == signed {
        return;
    }
    if let Ok(params) = verify_query(&edited, &secret) {
        assert_eq!(
            params, vouched,
            "an edited query verified with other parameters: {edited:?}"
        );
    }
});

fn open_payment(completed: bool) -> StoredPayment {
    StoredPayment {
        amount_vnd: 50_000,
        completed,
    }
}
