//! The storage page's text ("Dữ liệu trên thiết bị"), kept apart from the wizard's
//! [`crate::i18n::Strings`] because it is a page of its own with many words. Same rule:
//! one `const` per language, so a missing key is a compile error.

use crate::i18n::{en_count, Lang};
use leptos::prelude::Get;
use portal_app::i18n::Locale;

impl Lang {
    /// The storage page's text in the current language.
    pub fn storage(self) -> &'static StorageStrings {
        match self.0.get() {
            Locale::Vi => &VI,
            Locale::En => &EN,
        }
    }

    /// `1,5 MB` / `1.5 MB`.
    pub fn size(self, bytes: u64) -> String {
        if self.en() {
            domain::sniff::size_en(bytes)
        } else {
            domain::sniff::size_vi(bytes)
        }
    }

    /// `2.849` / `2,849`.
    pub fn number(self, n: u32) -> String {
        if self.en() {
            portal_app::format::thousands_en(n as usize)
        } else {
            portal_app::format::thousands(n as usize)
        }
    }
}

pub struct StorageStrings {
    pub title: &'static str,
    pub intro: &'static str,
    pub at_risk: fn(u32) -> String,

    pub usage_title: &'static str,
    pub usage_line: fn(&str, &str) -> String,
    pub usage_unknown: &'static str,
    pub persisted_yes: &'static str,
    pub persisted_no: &'static str,
    pub persisted_unknown: &'static str,
    pub persist_button: &'static str,
    pub persist_granted: &'static str,
    pub persist_denied: &'static str,
    pub persist_unsupported: &'static str,
    pub counts_caption: &'static str,
    pub count_drafts: &'static str,
    pub count_attachments: &'static str,
    pub count_outbox: &'static str,
    pub count_procedures: &'static str,
    pub count_dossiers: &'static str,
    pub counts_unavailable: &'static str,
    pub loading: &'static str,

    pub offline_title: &'static str,
    pub offline_intro: &'static str,
    pub offline_estimate: fn(&str, &str, &str) -> String,
    pub offline_estimate_rest: fn(u32, &str) -> String,
    pub offline_no_room: fn(&str, &str) -> String,
    pub offline_button: &'static str,
    pub offline_resume: &'static str,
    pub offline_progress: fn(u32, u32) -> String,
    pub offline_resources: fn(u32, u32) -> String,
    pub offline_progress_label: &'static str,
    pub offline_done: fn(&str, &str) -> String,
    pub offline_up_to_date: &'static str,
    pub offline_interrupted: fn(u32, u32) -> String,
    pub offline_offline: &'static str,
    pub offline_unavailable: &'static str,
    pub offline_damaged: &'static str,
    pub offline_quota: &'static str,
    pub offline_storage: &'static str,
    pub offline_restarted: &'static str,

    pub transfer_title: &'static str,
    pub transfer_intro: &'static str,
    pub transfer_privacy: &'static str,
    pub export_button: &'static str,
    pub exporting: &'static str,
    pub export_done: fn(usize, usize, &str) -> String,
    pub export_unreadable: fn(usize) -> String,
    pub export_nothing: &'static str,
    pub export_failed: &'static str,
    pub import_label: &'static str,
    pub import_hint: &'static str,
    pub importing: &'static str,
    pub import_read_failed: &'static str,
    pub import_quota: &'static str,
    pub import_storage: &'static str,
    pub import_skipped_title: &'static str,
    pub view_drafts: &'static str,

    pub home_title: &'static str,
    pub safari_note: &'static str,
    pub install_note: &'static str,
    pub install_button: &'static str,
    pub installed: &'static str,
    pub install_dismissed: &'static str,
    pub install_how: &'static str,
    pub install_android: &'static str,
    pub install_ios: &'static str,

    pub wipe_title: &'static str,
    pub wipe_intro: &'static str,
    pub wipe_list: [&'static str; 5],
    pub wipe_unaffected: &'static str,
    pub wipe_button: &'static str,
    pub wipe_confirm_title: &'static str,
    pub wipe_loss: fn(u32, u32) -> String,
    pub wipe_export_first: &'static str,
    pub wipe_confirm_body: &'static str,
    pub wipe_confirm_yes: &'static str,
    pub wiping: &'static str,
    pub wipe_blocked: &'static str,
    pub wipe_failed: &'static str,
}

pub const VI: StorageStrings = StorageStrings {
    title: "Dữ liệu trên thiết bị",
    intro: "Cổng lưu hồ sơ nháp, hồ sơ chờ gửi và thông tin thủ tục ngay trên máy này để dùng được cả khi không có mạng. Trang này cho biết máy đang lưu những gì và giúp bạn giữ chúng an toàn.",
    at_risk: |n| format!("Trình duyệt chưa cam kết giữ dữ liệu của cổng, nên {n} bản nháp trên máy này có thể bị xóa khi máy thiếu bộ nhớ hoặc lâu không dùng. Để giữ an toàn, hãy thêm cổng vào màn hình chính hoặc xuất bản nháp ra tệp (các mục bên dưới)."),

    usage_title: "Dung lượng",
    usage_line: |used, quota| format!("Đang dùng khoảng {used} trong {quota} trình duyệt dành cho cổng."),
    usage_unknown: "Trình duyệt này không cho biết dung lượng đã dùng.",
    persisted_yes: "Lưu trữ bền vững: đã bật. Trình duyệt sẽ không tự xóa dữ liệu của cổng khi máy thiếu bộ nhớ.",
    persisted_no: "Lưu trữ bền vững: chưa bật. Khi máy thiếu bộ nhớ, trình duyệt có thể tự xóa dữ liệu của cổng.",
    persisted_unknown: "Trình duyệt này không cho biết dữ liệu có được lưu bền vững hay không.",
    persist_button: "Yêu cầu lưu trữ bền vững",
    persist_granted: "Trình duyệt đã đồng ý lưu bền vững dữ liệu của cổng.",
    persist_denied: "Trình duyệt chưa đồng ý. Trình duyệt thường chỉ đồng ý khi cổng đã được thêm vào màn hình chính hoặc được dùng thường xuyên.",
    persist_unsupported: "Trình duyệt này không hỗ trợ yêu cầu lưu trữ bền vững.",
    counts_caption: "Đang lưu trên máy này",
    count_drafts: "Bản nháp",
    count_attachments: "Tệp đính kèm",
    count_outbox: "Hồ sơ chờ gửi",
    count_procedures: "Thủ tục xem được khi ngoại tuyến",
    count_dossiers: "Hồ sơ đã nộp lưu trên máy",
    counts_unavailable: "Trình duyệt này không cho lưu dữ liệu trên máy (có thể đang ở chế độ ẩn danh).",
    loading: "Đang đọc…",

    offline_title: "Danh mục thủ tục ngoại tuyến",
    offline_intro: "Tải thông tin của mọi thủ tục, danh sách xã, phường và các biểu mẫu về máy để dùng được khi không có mạng, ví dụ trước khi đến nơi không có sóng.",
    offline_estimate: |count, transfer, stored| format!("{count} thủ tục. Tải về khoảng {transfer}, chiếm khoảng {stored} trên thiết bị."),
    offline_estimate_rest: |pages, transfer| format!("Còn {pages} trang, tải về khoảng {transfer}."),
    offline_no_room: |need, free| format!("Máy có thể không đủ chỗ: cần khoảng {need}, trình duyệt còn dành cho cổng khoảng {free}."),
    offline_button: "Tải danh mục để dùng ngoại tuyến",
    offline_resume: "Tiếp tục",
    offline_progress: |done, total| format!("Đã tải {done}/{total} trang"),
    offline_resources: |done, total| format!("Đang tải danh sách xã, phường và biểu mẫu ({done}/{total})"),
    offline_progress_label: "Tiến độ tải danh mục",
    offline_done: |count, at| format!("Đã tải {count} thủ tục lúc {at}."),
    offline_up_to_date: "Danh mục trên máy đã là bản mới nhất.",
    offline_interrupted: |done, total| format!("Mất kết nối khi đang tải (đã tải {done}/{total} trang). Các trang đã tải vẫn được giữ; khi có mạng, chọn “Tiếp tục” để tải tiếp."),
    offline_offline: "Bạn đang ngoại tuyến. Hãy kết nối mạng rồi tải danh mục.",
    offline_unavailable: "Máy chủ chưa cung cấp được danh mục để tải. Vui lòng thử lại sau.",
    offline_damaged: "Dữ liệu nhận được bị hỏng. Các trang đã tải vẫn được giữ; hãy chọn “Tiếp tục” để thử lại.",
    offline_quota: "Máy không còn đủ chỗ để lưu danh mục. Các trang đã tải vẫn được giữ; hãy giải phóng bộ nhớ rồi chọn “Tiếp tục”.",
    offline_storage: "Trình duyệt này không cho lưu danh mục trên máy (có thể đang ở chế độ ẩn danh).",
    offline_restarted: "Danh mục trên máy chủ vừa được cập nhật nên được tải lại từ đầu.",

    transfer_title: "Chuyển bản nháp sang máy khác",
    transfer_intro: "“Xuất bản nháp” ghi mọi bản nháp cùng tệp đính kèm vào một tệp. Chép tệp đó sang máy khác (qua cáp, thẻ nhớ, Bluetooth hoặc ứng dụng nhắn tin) rồi chọn “Nhập từ tệp” trên máy đó.",
    transfer_privacy: "Tệp chứa thông tin cá nhân và giấy tờ của bạn: chỉ gửi cho người bạn tin tưởng, và xóa tệp khi đã nhập xong.",
    export_button: "Xuất bản nháp",
    exporting: "Đang chuẩn bị tệp…",
    export_done: |drafts, files, name| format!("Đã xuất {drafts} bản nháp và {files} tệp đính kèm vào tệp {name}."),
    export_unreadable: |n| format!("{n} tệp đính kèm bị hỏng, không đọc được nên không được xuất."),
    export_nothing: "Chưa có bản nháp nào trên máy này để xuất.",
    export_failed: "Không đọc được bản nháp trên máy này để xuất.",
    import_label: "Nhập từ tệp",
    import_hint: "Chọn tệp “ho-so-nhap-….json” đã xuất từ máy khác. Bản nháp đã có trên máy này được bỏ qua, không bị ghi đè hay nhân đôi.",
    importing: "Đang nhập…",
    import_read_failed: "Không đọc được tệp đã chọn. Hãy chọn lại.",
    import_quota: "Máy không còn đủ chỗ để nhập hết. Các bản nháp đã nhập vẫn được giữ; hãy giải phóng bộ nhớ rồi nhập lại tệp (bản nháp đã nhập sẽ được bỏ qua).",
    import_storage: "Không ghi được vào bộ nhớ của máy. Các bản nháp đã nhập vẫn được giữ; hãy thử lại.",
    import_skipped_title: "Bản nháp được bỏ qua:",
    view_drafts: "Xem hồ sơ nháp",

    home_title: "Thêm cổng vào màn hình chính",
    safari_note: "Trên iPhone và iPad, Safari có thể xóa dữ liệu của trang web (kể cả bản nháp) sau 7 ngày không mở trang. Cổng đã được thêm vào màn hình chính thì không bị xóa như vậy.",
    install_note: "Thêm vào màn hình chính cũng giúp mở cổng nhanh hơn, kể cả khi không có mạng.",
    install_button: "Thêm vào màn hình chính",
    installed: "Cổng đã được thêm vào màn hình chính của máy này.",
    install_dismissed: "Chưa thêm. Bạn có thể thêm lúc khác bằng nút này hoặc từ trình đơn của trình duyệt.",
    install_how: "Cách thêm cổng vào màn hình chính:",
    install_android: "Android (Chrome): mở trình đơn ⋮ rồi chọn “Thêm vào màn hình chính”.",
    install_ios: "iPhone, iPad (Safari): chạm nút Chia sẻ rồi chọn “Thêm vào MH chính”.",

    wipe_title: "Xóa dữ liệu trên thiết bị này",
    wipe_intro: "Dùng khi trả lại máy dùng chung, hoặc trước khi đưa máy cho người khác. Sẽ xóa khỏi máy này:",
    wipe_list: [
        "mọi bản nháp và tệp đính kèm",
        "hồ sơ chờ gửi (chưa tới cơ quan tiếp nhận)",
        "hồ sơ đã nộp và biên lai lưu trên máy",
        "danh mục thủ tục đã tải và bản sao ngoại tuyến của cổng",
        "cài đặt ngôn ngữ",
    ],
    wipe_unaffected: "Hồ sơ đã gửi tới cơ quan tiếp nhận không bị ảnh hưởng; bạn vẫn tra cứu được bằng mã hồ sơ và số điện thoại.",
    wipe_button: "Xóa toàn bộ dữ liệu trên thiết bị này",
    wipe_confirm_title: "Xóa toàn bộ dữ liệu của cổng trên thiết bị này?",
    wipe_loss: |drafts, queued| format!("{drafts} bản nháp và {queued} hồ sơ chờ gửi sẽ bị xóa."),
    wipe_export_first: "Nếu còn cần, hãy chọn “Huỷ” rồi “Xuất bản nháp” trước.",
    wipe_confirm_body: "Không thể hoàn tác. Trang sẽ tải lại sau khi xóa.",
    wipe_confirm_yes: "Xóa vĩnh viễn",
    wiping: "Đang xóa…",
    wipe_blocked: "Đang chờ các thẻ khác đóng lại. Hãy đóng các thẻ hoặc cửa sổ khác đang mở Cổng dịch vụ công.",
    wipe_failed: "Chưa xóa được hết dữ liệu. Hãy thử lại, hoặc xóa dữ liệu của trang web trong phần cài đặt của trình duyệt.",
};

pub const EN: StorageStrings = StorageStrings {
    title: "Data on this device",
    intro: "The portal keeps drafts, applications waiting to be sent and procedure details on this device, so they work without a connection. This page shows what is kept and helps you keep it safe.",
    at_risk: |n| format!("The browser has not promised to keep the portal's data, so the {} on this device may be deleted when it runs low on space or is not used for a while. To keep them safe, add the portal to your home screen or export your drafts to a file (see below).", en_count(n, "draft", "drafts")),

    usage_title: "Storage",
    usage_line: |used, quota| format!("Using about {used} of the {quota} the browser allows the portal."),
    usage_unknown: "This browser does not say how much storage is used.",
    persisted_yes: "Persistent storage: on. The browser will not clear the portal's data when the device runs low on space.",
    persisted_no: "Persistent storage: off. When the device runs low on space, the browser may clear the portal's data.",
    persisted_unknown: "This browser does not say whether the data is kept persistently.",
    persist_button: "Ask to keep data persistently",
    persist_granted: "The browser agreed to keep the portal's data.",
    persist_denied: "The browser declined. Browsers usually agree once the portal is added to the home screen or used often.",
    persist_unsupported: "This browser does not support asking for persistent storage.",
    counts_caption: "Kept on this device",
    count_drafts: "Drafts",
    count_attachments: "Attachments",
    count_outbox: "Applications waiting to be sent",
    count_procedures: "Procedures readable offline",
    count_dossiers: "Filed applications kept on this device",
    counts_unavailable: "This browser does not allow keeping data on the device (perhaps a private window).",
    loading: "Reading…",

    offline_title: "Procedures for offline use",
    offline_intro: "Download every procedure's details, the lists of communes and wards, and the forms, so they can be used without a connection, for example before going where there is no signal.",
    offline_estimate: |count, transfer, stored| format!("{count} procedures. About {transfer} to download, taking about {stored} on this device."),
    offline_estimate_rest: |pages, transfer| format!("{} left, about {transfer} to download.", en_count(pages, "page", "pages")),
    offline_no_room: |need, free| format!("There may not be enough room: about {need} is needed and the browser has about {free} left for the portal."),
    offline_button: "Download the catalogue for offline use",
    offline_resume: "Continue",
    offline_progress: |done, total| format!("Downloaded {done} of {total} pages"),
    offline_resources: |done, total| format!("Downloading communes, wards and forms ({done} of {total})"),
    offline_progress_label: "Catalogue download progress",
    offline_done: |count, at| format!("{count} procedures downloaded at {at}."),
    offline_up_to_date: "The catalogue on this device is already up to date.",
    offline_interrupted: |done, total| format!("The connection was lost during the download ({done} of {total} pages done). The pages downloaded are kept; when you are online, choose “Continue” to carry on."),
    offline_offline: "You are offline. Connect, then download the catalogue.",
    offline_unavailable: "The server cannot provide the catalogue for download right now. Please try again later.",
    offline_damaged: "The data received was damaged. The pages downloaded are kept; choose “Continue” to try again.",
    offline_quota: "The device has no room left for the catalogue. The pages downloaded are kept; free some space, then choose “Continue”.",
    offline_storage: "This browser does not allow keeping the catalogue on the device (perhaps a private window).",
    offline_restarted: "The catalogue was just updated on the server, so the download started again from the beginning.",

    transfer_title: "Move drafts to another device",
    transfer_intro: "“Export drafts” writes every draft with its attachments into one file. Copy that file to the other device (cable, memory card, Bluetooth or a messaging app), then choose “Import from a file” there.",
    transfer_privacy: "The file holds your personal details and documents: only send it to people you trust, and delete it once imported.",
    export_button: "Export drafts",
    exporting: "Preparing the file…",
    export_done: |drafts, files, name| {
        format!("Exported {} and {} to the file {name}.", en_count(drafts as u64, "draft", "drafts"), en_count(files as u64, "attachment", "attachments"))
    },
    export_unreadable: |n| format!("{} could not be read and {} not exported.", en_count(n as u64, "damaged attachment", "damaged attachments"), if n == 1 { "was" } else { "were" }),
    export_nothing: "There are no drafts on this device to export.",
    export_failed: "The drafts on this device could not be read for export.",
    import_label: "Import from a file",
    import_hint: "Choose a “ho-so-nhap-….json” file exported on another device. Drafts already on this device are skipped, never overwritten or doubled.",
    importing: "Importing…",
    import_read_failed: "The chosen file could not be read. Please choose it again.",
    import_quota: "The device has no room to import everything. Drafts already imported are kept; free some space and import the file again (imported drafts will be skipped).",
    import_storage: "The device's storage could not be written. Drafts already imported are kept; please try again.",
    import_skipped_title: "Drafts skipped:",
    view_drafts: "See drafts",

    home_title: "Add the portal to your home screen",
    safari_note: "On iPhone and iPad, Safari may delete a website's data (drafts included) after 7 days without visiting it. A portal added to the home screen is not deleted that way.",
    install_note: "Adding it to the home screen also opens the portal faster, even offline.",
    install_button: "Add to home screen",
    installed: "The portal is on this device's home screen.",
    install_dismissed: "Not added. You can add it later with this button or from the browser's menu.",
    install_how: "How to add the portal to the home screen:",
    install_android: "Android (Chrome): open the ⋮ menu and choose “Add to Home screen”.",
    install_ios: "iPhone, iPad (Safari): tap Share and choose “Add to Home Screen”.",

    wipe_title: "Delete data on this device",
    wipe_intro: "Use this before handing back a shared device or giving this one to someone else. It deletes from this device:",
    wipe_list: [
        "every draft and attachment",
        "applications waiting to be sent (not yet with the agency)",
        "filed applications and receipts kept on the device",
        "the downloaded catalogue and the portal's offline copy",
        "the language setting",
    ],
    wipe_unaffected: "Applications already sent to the agency are not affected; you can still look them up with the application code and phone number.",
    wipe_button: "Delete all data on this device",
    wipe_confirm_title: "Delete all of the portal's data on this device?",
    wipe_loss: |drafts, queued| {
        format!("{} and {} waiting to be sent will be deleted.", en_count(drafts, "draft", "drafts"), en_count(queued, "application", "applications"))
    },
    wipe_export_first: "If you still need them, choose “Cancel”, then “Export drafts” first.",
    wipe_confirm_body: "This cannot be undone. The page reloads once the data is deleted.",
    wipe_confirm_yes: "Delete permanently",
    wiping: "Deleting…",
    wipe_blocked: "Waiting for other tabs to close. Close any other tab or window that has the Public Service Portal open.",
    wipe_failed: "Not all data could be deleted. Try again, or clear this site's data in the browser's settings.",
};
