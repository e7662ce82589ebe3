//! Fee payment through a gateway: canonical strings and signatures in the style of
//! VNPay API 2.1.0, and the pure decisions around them.
//!
//! Nothing here does IO or reads the clock; the server supplies "now", the stored
//! payment and the merchant secret.
//!
//! - [`canonical`]: sorted, form-urlencoded `vnp_*` parameters (the encoding choice and
//!   its sources are documented there);
//! - [`signature`]: `vnp_SecureHash` (HMAC-SHA512, lower-case hex) and constant-time
//!   verification of callbacks;
//! - [`time`]: `yyyyMMddHHmmss` in GMT+7;
//! - [`request`]: the 2.1.0 `pay` request and its signed redirect URL;
//! - [`outcome`]: VNPay response codes read as a [`PaymentOutcome`];
//! - [`ipn`]: what to answer VNPay's IPN (`{"RspCode":"00","Message":"Confirm Success"}`);
//! - [`gateway`]: gateway-neutral data for an adapter.
//!
//! # Writing a gateway adapter in the server
//!
//! The trait lives in the server because gateways are IO; the types it trades in live
//! here so that a sandbox, VNPay and later PayGov adapter all speak the same language:
//!
//! ```ignore
//! trait PaymentGateway {
//!     /// Build the redirect for one attempt (VNPay: no network call, just signing).
//!     fn create(&self, intent: &PaymentIntent) -> Result<Redirect, GatewayError>;
//!     /// Verify and read a callback query string (return URL or IPN).
//!     fn verify_callback(&self, query: &str) -> Result<Settlement, GatewayError>;
//! }
//! ```
//!
//! The VNPay adapter is three calls: [`gateway::vnpay_redirect`] for `create`,
//! [`gateway::vnpay_return`] for the return URL, and for the IPN
//! `ipn_decision(verify_query(q, &secret), store.find(txn_ref))`, recording
//! [`IpnAnswer::settlement`] when present and replying with the [`IpnAnswer`] as JSON.
//! Only the IPN records results; the return URL only shows them.

pub mod canonical;
pub mod gateway;
pub mod ipn;
pub mod outcome;
pub mod request;
pub mod signature;
pub mod time;

pub use canonical::{encode, parse_query, plain_order_info, Params, QueryError};
pub use gateway::{
    vnpay_redirect, vnpay_return, CallbackError, PaymentIntent, Redirect, ReturnError, Settlement,
};
pub use ipn::{ipn_decision, IpnAnswer, IpnCode, StoredPayment};
pub use outcome::{FailureReason, PaymentOutcome};
pub use request::{AmountError, Locale, PaymentRequest, RequestError, VnpAmount, VnpayConfig};
pub use signature::{sign, verify_params, verify_query, HashSecret, SignatureError};
pub use time::VnDateTime;
