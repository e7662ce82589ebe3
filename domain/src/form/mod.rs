//! Level-4 application forms (dịch vụ công trực tuyến toàn trình): schemas, answers and
//! the single validator shared by the app and the server.
//!
//! A [`FormSchema`] is data (JSON files the server serves, each with a version); the
//! person's [`Answers`] are a map from field id to [`Answer`]. [`validate_field`],
//! [`validate_step`] and [`validate_all`] report [`FieldError`]s with a stable code, the
//! field's path and messages in Vietnamese and English; [`check_field`] and
//! [`normalise`] also give back the normalised value to store. Procedures without a
//! hand-made schema get [`generic_schema`]; drafts made under an older schema version go
//! through [`migrate`].
//!
//! A new draft starts from [`apply_defaults`], then [`apply_prefill`] fills what the
//! national databases know and records each value's [`Provenance`] ([`is_locked`] says
//! which to show locked until "Sửa"). [`preconditions_met`] tells whether the form may be
//! filed at all (e.g. only for an operating enterprise); step `rules`, age limits and date
//! order are part of the validator. [`display_answer`] gives an answer as the
//! check-your-answers page shows it. `data/forms/README.md` shows every key in use.
//!
//! ```json
//! {
//!   "id": "dang-ky-ho-kinh-doanh", "version": 3,
//!   "title": {"vi": "Đăng ký hộ kinh doanh", "en": "Household business registration"},
//!   "steps": [{
//!     "id": "owner", "title": {"vi": "Chủ hộ", "en": "Owner"},
//!     "fields": [
//!       {"id": "kind", "type": "single_choice", "required": true,
//!        "label": {"vi": "Loại hồ sơ", "en": "Filing"},
//!        "options": [{"value": "new", "label": {"vi": "Đăng ký mới", "en": "New"}},
//!                    {"value": "change", "label": {"vi": "Thay đổi", "en": "Change"}}]},
//!       {"id": "tax_code", "type": "mst", "required": true,
//!        "label": {"vi": "Mã số thuế", "en": "Tax code"},
//!        "visible_when": {"field": "kind", "equals": "change"}},
//!       {"id": "capital", "type": "money", "min": 0, "label": {"vi": "Vốn kinh doanh"}},
//!       {"id": "members", "type": "group", "max_items": 10,
//!        "label": {"vi": "Thành viên hộ gia đình", "en": "Household members"},
//!        "fields": [
//!          {"id": "name", "type": "short_text", "required": true, "label": {"vi": "Họ tên"}},
//!          {"id": "cccd", "type": "cccd", "label": {"vi": "Số CCCD"}}]}
//!     ]}]
//! }
//! ```

pub mod answers;
pub mod display;
pub mod generic;
pub mod migrate;
pub mod number;
pub mod options;
pub mod path;
pub mod prefill;
pub mod schema;
pub mod validate;
pub mod visibility;

pub use answers::{AddressAnswer, Answer, Answers, FileMeta, Loose, Unreadable};
pub use display::{display_answer, Lang};
pub use generic::generic_schema;
pub use migrate::{migrate, DropReason, Dropped, Migration};
pub use options::SharedOptions;
pub use prefill::{apply_defaults, apply_prefill, is_locked, new_item, prefill_fields, Provenance};
pub use schema::{
    AgeRule, Choice, ChoiceDisplay, Condition, Field, FieldKind, FormSchema, Options, PhoneAccept,
    Prefill, PrefillSource, Rule, Scalar, SchemaError, Step, Text, ENTERPRISE_STATUS_FIELD,
};
pub use validate::{
    check_field, normalise, preconditions_met, submission, validate_all, validate_field,
    validate_step, AdminCheck, AdminUnits, FieldCheck, FieldError, FieldErrorCode, Unchecked,
    ValidationContext,
};
pub use visibility::{is_visible, visible_fields, visible_item_fields, visible_steps};
