//! The printable guide's interface text (`/thu-tuc/:code/huong-dan`, routes/guide.rs). As
//! everywhere, one `const` per language, so a missing key is a compile error. The
//! procedure's own data (name, documents, steps, fees) is published in Vietnamese only and
//! is shown as it is, marked `lang="vi"`.

use crate::i18n::Lang;
use leptos::prelude::Get;
use portal_app::i18n::Locale;

impl Lang {
    /// The guide's text in the current language.
    pub fn guide(self) -> &'static GuideStrings {
        match self.0.get() {
            Locale::Vi => &VI,
            Locale::En => &EN,
        }
    }
}

pub struct GuideStrings {
    /// Over the procedure's name, and the tab title while loading.
    pub kicker: &'static str,
    /// The tab title once the procedure is known.
    pub tab_title: fn(&str) -> String,
    pub loading: &'static str,
    pub print_button: &'static str,
    pub back_to_procedure: &'static str,
    pub offline_copy: &'static str,
    /// English only: the data below is Vietnamese.
    pub data_language_note: Option<&'static str>,

    pub code_label: &'static str,
    pub agency_label: &'static str,
    pub time_label: &'static str,
    pub not_stated: &'static str,

    pub online_title: &'static str,
    pub online_hint: &'static str,
    pub qr_label: fn(&str) -> String,

    pub documents_title: &'static str,
    pub no_documents: &'static str,
    pub more_documents: fn(usize) -> String,
    pub steps_title: &'static str,
    pub no_steps: &'static str,
    pub more_steps: fn(usize) -> String,
    pub fees_title: &'static str,
    pub no_fees: &'static str,
    pub more_fees: fn(usize) -> String,
    pub shortened: &'static str,
    pub source: &'static str,

    pub not_found_title: &'static str,
    pub not_found: fn(&str) -> String,
    pub offline_title: &'static str,
    pub offline: fn(&str) -> String,
    pub failed_title: &'static str,
    pub failed: &'static str,
    pub retry: &'static str,
    pub to_catalogue: &'static str,
}

pub const VI: GuideStrings = GuideStrings {
    kicker: "Hướng dẫn thủ tục hành chính",
    tab_title: |name| format!("Hướng dẫn: {name}"),
    loading: "Đang tải hướng dẫn…",
    print_button: "In hướng dẫn",
    back_to_procedure: "Xem trang thủ tục",
    offline_copy: "Bạn đang xem bản lưu trên máy này vì chưa kết nối được máy chủ.",
    data_language_note: None,

    code_label: "Mã thủ tục",
    agency_label: "Cơ quan thực hiện",
    time_label: "Thời hạn giải quyết",
    not_stated: "Chưa có thông tin",

    online_title: "Xem đầy đủ và nộp hồ sơ trực tuyến",
    online_hint: "Quét mã QR bằng camera điện thoại, hoặc gõ địa chỉ:",
    qr_label: |url| format!("Mã QR mở trang thủ tục {url}"),

    documents_title: "Giấy tờ cần chuẩn bị",
    no_documents: "Chưa có thông tin về giấy tờ cần chuẩn bị.",
    more_documents: |n| format!("và {n} giấy tờ khác — xem đầy đủ tại địa chỉ trên"),
    steps_title: "Các bước thực hiện",
    no_steps: "Chưa có thông tin về các bước thực hiện.",
    more_steps: |n| format!("và {n} bước khác — xem đầy đủ tại địa chỉ trên"),
    fees_title: "Phí, lệ phí",
    no_fees: "Chưa có thông tin phí, lệ phí.",
    more_fees: |n| format!("và {n} mức phí khác — xem đầy đủ tại địa chỉ trên"),
    shortened: "Nội dung dài được rút gọn (…) để vừa một trang — xem đầy đủ tại địa chỉ trên.",
    source: "Nguồn: Cơ sở dữ liệu quốc gia về thủ tục hành chính. Thông tin có thể thay đổi; bản mới nhất ở địa chỉ trên.",

    not_found_title: "Không tìm thấy thủ tục",
    not_found: |code| format!("Không có thủ tục nào mang mã “{code}”. Hãy kiểm tra lại mã, hoặc tìm thủ tục trong danh mục."),
    offline_title: "Chưa mở được hướng dẫn khi không có mạng",
    offline: |code| format!("Máy này chưa lưu thủ tục {code}. Hãy kết nối mạng rồi chọn “Thử lại”. Thủ tục đã mở một lần khi có mạng thì lần sau xem được cả khi không có mạng."),
    failed_title: "Không tải được hướng dẫn",
    failed: "Máy chủ chưa trả lời được. Vui lòng thử lại sau ít phút.",
    retry: "Thử lại",
    to_catalogue: "Tìm trong danh mục thủ tục",
};

pub const EN: GuideStrings = GuideStrings {
    kicker: "Administrative procedure guide",
    tab_title: |name| format!("Guide: {name}"),
    loading: "Loading the guide…",
    print_button: "Print the guide",
    back_to_procedure: "Go to the procedure page",
    offline_copy: "You are reading the copy kept on this device, as the server could not be reached.",
    data_language_note: Some("Procedure details are published in Vietnamese only."),

    code_label: "Procedure code",
    agency_label: "Agency",
    time_label: "Processing time",
    not_stated: "Not stated",

    online_title: "Full details and online application",
    online_hint: "Scan the QR code with a phone camera, or type the address:",
    qr_label: |url| format!("QR code opening the procedure page {url}"),

    documents_title: "Documents to prepare",
    no_documents: "No documents are listed for this procedure.",
    more_documents: |n| format!("and {n} more document(s) — see the full list at the address above"),
    steps_title: "Steps",
    no_steps: "No steps are listed for this procedure.",
    more_steps: |n| format!("and {n} more step(s) — see them all at the address above"),
    fees_title: "Fees",
    no_fees: "No fees are listed for this procedure.",
    more_fees: |n| format!("and {n} more fee(s) — see them all at the address above"),
    shortened: "Long entries are shortened (…) to fit one page — see them in full at the address above.",
    source: "Source: the national database of administrative procedures. Details may change; the latest are at the address above.",

    not_found_title: "Procedure not found",
    not_found: |code| format!("There is no procedure with the code “{code}”. Check the code, or look for the procedure in the catalogue."),
    offline_title: "The guide cannot open without a connection",
    offline: |code| format!("This device has not kept procedure {code}. Connect, then choose “Try again”. A procedure opened once online can be read offline afterwards."),
    failed_title: "The guide could not be loaded",
    failed: "The server could not answer. Please try again in a few minutes.",
    retry: "Try again",
    to_catalogue: "Search the catalogue",
};
