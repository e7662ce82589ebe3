//! The portal's interface text in Vietnamese and English, and the few formatting rules
//! that text needs (digit grouping, level names, a fee line).
//!
//! It lives here, not in the app, because the server renders the first HTML of the home,
//! catalogue and procedure pages with the very same words the app then takes over with
//! (server/src/prerender): one copy of each sentence, so the two cannot drift apart.
//!
//! Each locale is one `const` of [`Strings`], so a key missing from either language is a
//! compile error rather than a blank button on a citizen's phone. Procedure data (names,
//! documents, fees) stays Vietnamese: it is the official text and has no translation.

use crate::fee::{format_vnd, group_digits};
use crate::{FeeSummary, Level};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Vi,
    En,
}

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        match tag {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::Vi => Locale::En,
            Locale::En => Locale::Vi,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::Vi => &VI,
            Locale::En => &EN,
        }
    }
}


/// `2849` → `2.849`, the Vietnamese way.
pub fn thousands(n: usize) -> String {
    group_digits(n as u64, '.')
}

/// `2849` → `2,849`, the English way.
pub fn thousands_en(n: usize) -> String {
    group_digits(n as u64, ',')
}

pub fn level(level: Option<Level>, t: &Strings) -> &'static str {
    match level {
        Some(Level::Province) => t.level_province,
        Some(Level::District) => t.level_district,
        Some(Level::Commune) => t.level_commune,
        Some(Level::Ministry) => t.level_ministry,
        None => t.level_unknown,
    }
}

/// One line about cost for a result list: free, an amount, a range, or "see details"
/// when the published fee text gives no amount we can trust.
pub fn fee_summary(fee: &FeeSummary, t: &Strings) -> String {
    let base = if fee.free {
        t.fee_free.to_owned()
    } else {
        match (fee.min_vnd, fee.max_vnd) {
            (Some(min), Some(max)) if min == max => format_vnd(min),
            (Some(min), Some(max)) => format!("{} – {}", format_vnd(min), format_vnd(max)),
            _ => t.fee_unknown.to_owned(),
        }
    };
    match fee.online_fee_vnd {
        // A single amount that already is the online fee says it all.
        Some(online) if fee.min_vnd != fee.max_vnd || fee.min_vnd != Some(online) => {
            format!("{base} ({})", (t.fee_online)(&format_vnd(online)))
        }
        _ => base,
    }
}

/// Every piece of interface text. Functions cover text with numbers in it.
pub struct Strings {
    /// BCP 47 tag of this language, for `lang` attributes.
    pub lang: &'static str,
    pub portal_name: &'static str,
    pub skip_link: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_catalogue: &'static str,
    pub nav_drafts: &'static str,
    pub nav_my_dossiers: &'static str,
    pub nav_lookup: &'static str,
    pub offline_banner: &'static str,
    pub update_ready: &'static str,
    pub update_reload: &'static str,
    /// Name of the *other* language, in that language, for the toggle button.
    pub other_language: &'static str,
    pub switch_language_hint: &'static str,

    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub popular_title: &'static str,
    pub browse_all: &'static str,

    pub catalogue_title: &'static str,
    pub filters_title: &'static str,
    pub filter_level: &'static str,
    pub filter_field: &'static str,
    pub filter_fee: &'static str,
    pub any_level: &'static str,
    pub any_field: &'static str,
    pub any_fee: &'static str,
    pub fee_free_filter: &'static str,
    pub fee_online_filter: &'static str,
    pub clear_filters: &'static str,
    pub result_count: fn(usize) -> String,
    pub showing: fn(usize, usize) -> String,
    pub show_more: &'static str,
    pub no_results: &'static str,
    pub loading_catalogue: &'static str,
    pub catalogue_error: &'static str,
    pub retry: &'static str,
    pub data_language_note: Option<&'static str>,

    pub level_province: &'static str,
    pub level_district: &'static str,
    pub level_commune: &'static str,
    pub level_ministry: &'static str,
    pub level_unknown: &'static str,

    pub label_code: &'static str,
    pub label_field: &'static str,
    pub label_level: &'static str,
    pub label_agency: &'static str,
    pub label_fee: &'static str,
    pub label_processing_time: &'static str,
    pub fee_free: &'static str,
    pub fee_unknown: &'static str,
    pub fee_online: fn(&str) -> String,

    pub loading_procedure: &'static str,
    pub procedure_error: &'static str,
    pub offline_copy: &'static str,
    pub fees_title: &'static str,
    pub fee_col_channel: &'static str,
    pub fee_col_text: &'static str,
    pub fee_col_amount: &'static str,
    pub no_fees: &'static str,
    pub documents_title: &'static str,
    pub copies: &'static str,
    pub no_documents: &'static str,
    pub steps_title: &'static str,
    pub result_title: &'static str,
    pub legal_title: &'static str,
    pub not_stated: &'static str,
    pub source_line: &'static str,
    pub apply_button: &'static str,
    pub has_draft: &'static str,
    pub back_to_catalogue: &'static str,

    pub forms_loading: &'static str,
    pub forms_error_title: &'static str,
    pub forms_error: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub procedure_not_found_title: &'static str,
    pub procedure_not_found_body: fn(&str) -> String,
    pub go_home: &'static str,

    pub footer_note: &'static str,
    pub footer_storage: &'static str,
    pub footer_assist: &'static str,
    /// Procedure page: the printable one-page guide with the page's QR code.
    pub guide_link: &'static str,
    pub footer_stats: &'static str,
    pub footer_accessibility: &'static str,
    pub footer_links_label: &'static str,
    /// The footer's toggle (`aria-pressed`) for a larger text size, kept on the device.
    pub large_text: &'static str,
    /// Banner of an assisted session; the link goes to `/ho-tro` to end it.
    pub assist_banner: &'static str,
    pub assist_end_link: &'static str,
    /// Banner of practice mode (the watermark itself is CSS, in Vietnamese, as decreed).
    pub practice_banner: &'static str,
}

pub const VI: Strings = Strings {
    lang: "vi",
    portal_name: "Cổng dịch vụ công",
    skip_link: "Bỏ qua đến nội dung chính",
    offline_banner: "Bạn đang ngoại tuyến. Vẫn tra cứu được thủ tục đã tải và điền hồ sơ; hồ sơ sẽ được gửi khi có mạng.",
    update_ready: "Có phiên bản mới.",
    update_reload: "Tải lại",
    nav_label: "Điều hướng chính",
    nav_home: "Trang chủ",
    nav_catalogue: "Thủ tục hành chính",
    nav_drafts: "Hồ sơ nháp",
    nav_my_dossiers: "Hồ sơ của tôi",
    nav_lookup: "Tra cứu hồ sơ",
    other_language: "English",
    switch_language_hint: "Switch to English",

    home_title: "Tra cứu thủ tục hành chính",
    home_intro: "Tìm thủ tục, xem hồ sơ cần chuẩn bị, lệ phí và thời hạn giải quyết, rồi nộp hồ sơ trực tuyến.",
    search_label: "Tìm thủ tục",
    search_hint: "Gõ tên thủ tục, có dấu hoặc không dấu, hoặc mã thủ tục. Ví dụ: khai sinh, 1.001193",
    search_button: "Tìm kiếm",
    popular_title: "Thủ tục phổ biến",
    browse_all: "Xem tất cả thủ tục",

    catalogue_title: "Danh mục thủ tục hành chính",
    filters_title: "Bộ lọc",
    filter_level: "Cấp thực hiện",
    filter_field: "Lĩnh vực",
    filter_fee: "Lệ phí",
    any_level: "Tất cả các cấp",
    any_field: "Tất cả lĩnh vực",
    any_fee: "Tất cả",
    fee_free_filter: "Miễn phí",
    fee_online_filter: "Có phí khi nộp trực tuyến",
    clear_filters: "Xoá bộ lọc",
    result_count: |n| format!("Tìm thấy {} thủ tục", thousands(n)),
    showing: |shown, total| {
        format!("Đang hiển thị {} trên {}", thousands(shown), thousands(total))
    },
    show_more: "Xem thêm",
    no_results: "Không tìm thấy thủ tục phù hợp. Hãy thử từ khoá khác hoặc bỏ bớt bộ lọc.",
    loading_catalogue: "Đang tải danh mục thủ tục…",
    catalogue_error: "Không tải được danh mục thủ tục. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    retry: "Thử lại",
    data_language_note: None,

    level_province: "Cấp tỉnh",
    level_district: "Cấp huyện (cũ)",
    level_commune: "Cấp xã",
    level_ministry: "Cấp bộ",
    level_unknown: "Chưa rõ cấp",

    label_code: "Mã thủ tục",
    label_field: "Lĩnh vực",
    label_level: "Cấp thực hiện",
    label_agency: "Cơ quan thực hiện",
    label_fee: "Lệ phí",
    label_processing_time: "Thời hạn giải quyết",
    fee_free: "Miễn phí",
    fee_unknown: "Xem chi tiết",
    fee_online: |amount| format!("nộp trực tuyến: {amount}"),

    loading_procedure: "Đang tải thông tin thủ tục…",
    procedure_error: "Không tải được thông tin thủ tục. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    offline_copy: "Bạn đang xem bản đã lưu trên máy; thông tin có thể chưa cập nhật.",
    fees_title: "Phí, lệ phí",
    fee_col_channel: "Hình thức nộp",
    fee_col_text: "Mức phí theo văn bản",
    fee_col_amount: "Số tiền",
    no_fees: "Chưa có thông tin phí, lệ phí.",
    documents_title: "Thành phần hồ sơ",
    copies: "Số lượng",
    no_documents: "Chưa có thông tin thành phần hồ sơ.",
    steps_title: "Trình tự thực hiện",
    result_title: "Kết quả thực hiện",
    legal_title: "Căn cứ pháp lý",
    not_stated: "Chưa có thông tin",
    source_line: "Nguồn: Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)",
    apply_button: "Nộp hồ sơ trực tuyến",
    has_draft: "Bạn có hồ sơ nháp của thủ tục này trên máy. Chọn “Nộp hồ sơ trực tuyến” để khai tiếp.",
    back_to_catalogue: "Quay lại danh mục thủ tục",

    forms_loading: "Đang tải biểu mẫu…",
    forms_error_title: "Không mở được biểu mẫu",
    forms_error: "Không tải được biểu mẫu. Nếu thiết bị đang mất kết nối mạng, hãy kết nối lại; sau đó bấm Thử lại.",

    not_found_title: "Không tìm thấy trang",
    not_found_body: "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
    procedure_not_found_title: "Không tìm thấy thủ tục",
    procedure_not_found_body: |code| format!("Không có thủ tục nào mang mã “{code}”. Hãy tìm lại trong danh mục."),
    go_home: "Về trang chủ",

    footer_note: "Dữ liệu minh hoạ, không thay thế văn bản pháp lý chính thức.",
    footer_storage: "Dữ liệu trên thiết bị",
    footer_assist: "Chế độ hỗ trợ (Tổ công nghệ số cộng đồng)",
    guide_link: "Hướng dẫn để in và mã QR",
    footer_stats: "Thống kê sử dụng",
    footer_accessibility: "Tuyên bố về khả năng tiếp cận",
    footer_links_label: "Liên kết khác",
    large_text: "Chữ lớn",
    assist_banner: "Chế độ hỗ trợ: dữ liệu của người dân trong phiên này được giữ riêng.",
    assist_end_link: "Kết thúc phiên & xóa dữ liệu",
    practice_banner: "Thực hành — BẢN THỬ, không có giá trị pháp lý. Hồ sơ chỉ gửi tới hệ thống thử.",
};

pub const EN: Strings = Strings {
    lang: "en",
    portal_name: "Public Service Portal",
    skip_link: "Skip to main content",
    offline_banner: "You are offline. Procedures already downloaded still open and forms can be filled in; applications will be sent when you are back online.",
    update_ready: "A new version is available.",
    update_reload: "Reload",
    nav_label: "Main navigation",
    nav_home: "Home",
    nav_catalogue: "Procedures",
    nav_drafts: "Drafts",
    nav_my_dossiers: "My applications",
    nav_lookup: "Track an application",
    other_language: "Tiếng Việt",
    switch_language_hint: "Chuyển sang tiếng Việt",

    home_title: "Find an administrative procedure",
    home_intro: "Find a procedure, see which documents to prepare, the fees and the processing time, then apply online.",
    search_label: "Search procedures",
    search_hint: "Type a procedure name (Vietnamese, with or without accents) or its code. For example: khai sinh, 1.001193",
    search_button: "Search",
    popular_title: "Popular procedures",
    browse_all: "Browse all procedures",

    catalogue_title: "Administrative procedures",
    filters_title: "Filters",
    filter_level: "Level of government",
    filter_field: "Field",
    filter_fee: "Fees",
    any_level: "All levels",
    any_field: "All fields",
    any_fee: "Any",
    fee_free_filter: "Free of charge",
    fee_online_filter: "Online submission has a fee",
    clear_filters: "Clear filters",
    result_count: |n| match n {
        1 => "1 procedure found".to_owned(),
        n => format!("{} procedures found", thousands_en(n)),
    },
    showing: |shown, total| {
        format!("Showing {} of {}", thousands_en(shown), thousands_en(total))
    },
    show_more: "Show more",
    no_results: "No matching procedure. Try other words or remove some filters.",
    loading_catalogue: "Loading the procedure catalogue…",
    catalogue_error: "Could not load the procedure catalogue. Please check your connection and try again.",
    retry: "Try again",
    data_language_note: Some("Procedure names and details are official texts and are shown in Vietnamese."),

    level_province: "Province",
    level_district: "District (former)",
    level_commune: "Commune",
    level_ministry: "Ministry",
    level_unknown: "Level not stated",

    label_code: "Code",
    label_field: "Field",
    label_level: "Level",
    label_agency: "Handled by",
    label_fee: "Fees",
    label_processing_time: "Processing time",
    fee_free: "Free",
    fee_unknown: "See details",
    fee_online: |amount| format!("online: {amount}"),

    loading_procedure: "Loading the procedure…",
    procedure_error: "Could not load this procedure. Please check your connection and try again.",
    offline_copy: "You are viewing a copy saved on this device; it may be out of date.",
    fees_title: "Fees and charges",
    fee_col_channel: "How submitted",
    fee_col_text: "Fee as published",
    fee_col_amount: "Amount",
    no_fees: "No fee information.",
    documents_title: "Required documents",
    copies: "Copies",
    no_documents: "No document information.",
    steps_title: "Steps",
    result_title: "Outcome",
    legal_title: "Legal basis",
    not_stated: "Not stated",
    source_line: "Source: National Public Service Portal (dichvucong.gov.vn)",
    apply_button: "Apply online",
    has_draft: "You have a draft of this procedure on this device. Choose “Apply online” to continue it.",
    back_to_catalogue: "Back to all procedures",

    forms_loading: "Loading the form…",
    forms_error_title: "The form could not be opened",
    forms_error: "The form could not be loaded. If this device is offline, reconnect first; then press Try again.",

    not_found_title: "Page not found",
    not_found_body: "The page you are looking for does not exist or has moved.",
    procedure_not_found_title: "Procedure not found",
    procedure_not_found_body: |code| format!("No procedure has the code “{code}”. Try searching the catalogue."),
    go_home: "Go to the home page",

    footer_note: "Demonstration data; not a substitute for the official legal texts.",
    footer_storage: "Data on this device",
    footer_assist: "Assisted mode (community digital tech teams)",
    guide_link: "Printable guide and QR code",
    footer_stats: "Usage statistics",
    footer_accessibility: "Accessibility statement",
    footer_links_label: "More links",
    large_text: "Large text",
    assist_banner: "Assisted mode: the data of the citizen in this session is kept apart.",
    assist_end_link: "End session & erase data",
    practice_banner: "Practice — a TRIAL copy with no legal value. Applications go to the sandbox only.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2849), "2.849");
        assert_eq!(thousands_en(1_234_567), "1,234,567");
    }
}
