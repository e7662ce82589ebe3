//! The accessibility statement (`/tiep-can`, routes/statement.rs) in Vietnamese and
//! English, one `const` per language so a missing part is a compile error. What it says
//! must stay true: the tests it names are e2e/a11y.spec.mjs, keyboard.spec.mjs and the
//! axe checks of each spec; the gaps are the ones docs/accessibility.md lists.

use crate::i18n::Lang;
use leptos::prelude::Get;
use portal_app::i18n::Locale;

/// Where accessibility problems are reported. A placeholder: a deployment sets its own
/// address here (docs/architecture.md, "Accessibility statement").
pub const REPORT_EMAIL: &str = "tiepcan@dichvucong.example";

/// The date of the last review, ISO 8601, for `<time datetime>`.
pub const REVIEWED_ON: &str = "2026-11-22";

impl Lang {
    /// The accessibility statement in the current language.
    pub fn statement(self) -> &'static StatementStrings {
        match self.0.get() {
            Locale::Vi => &VI,
            Locale::En => &EN,
        }
    }
}

pub struct StatementStrings {
    pub title: &'static str,
    pub intro: &'static str,

    pub standard_title: &'static str,
    pub standard: &'static str,
    pub status: &'static str,

    pub features_title: &'static str,
    pub features: [&'static str; 6],

    pub tested_title: &'static str,
    pub tested_intro: &'static str,
    pub tested: [&'static str; 8],
    pub tested_limits: &'static str,

    pub gaps_title: &'static str,
    pub gaps_intro: &'static str,
    pub gaps: [&'static str; 7],

    pub report_title: &'static str,
    pub report_intro: &'static str,
    pub report_email_label: &'static str,
    pub report_reply: &'static str,
    pub report_include_intro: &'static str,
    pub report_include: [&'static str; 4],
    pub report_other_ways: &'static str,

    pub reviewed_label: &'static str,
    /// 2026-11-22 as this language writes dates.
    pub reviewed_date: &'static str,
}

pub const VI: StatementStrings = StatementStrings {
    title: "Tuyên bố về khả năng tiếp cận",
    intro: "Cổng dịch vụ công được làm để mọi người đều dùng được, kể cả người khiếm thị, người cao tuổi, người chỉ dùng bàn phím và người dùng điện thoại cấu hình thấp. Tuyên bố này áp dụng cho toàn bộ cổng: tra cứu thủ tục, tờ hướng dẫn in được, khai và nộp hồ sơ trực tuyến, theo dõi hồ sơ, thanh toán, tra cứu hồ sơ và trang dữ liệu trên thiết bị.",

    standard_title: "Tiêu chuẩn áp dụng",
    standard: "Cổng hướng tới mức AA của Hướng dẫn về khả năng tiếp cận nội dung web (WCAG) 2.2 của W3C.",
    status: "Cổng đáp ứng một phần tiêu chuẩn này: những điểm chưa đáp ứng được nêu ở mục “Những hạn chế đã biết” bên dưới.",

    features_title: "Bạn có thể",
    features: [
        "dùng toàn bộ cổng chỉ bằng bàn phím, với vết tiêu điểm luôn nhìn thấy;",
        "đổi giao diện sang tiếng Anh hoặc tiếng Việt bằng nút ngôn ngữ ở đầu trang;",
        "bật “Chữ lớn” ở cuối mỗi trang; máy nhớ lựa chọn này cho những lần sau;",
        "phóng to tới 200% hoặc dùng màn hình rộng 320 px mà không phải cuộn ngang;",
        "dùng trình đọc màn hình: trang có tiêu đề, mốc và nhãn rõ ràng, thông báo lỗi gắn với từng ô;",
        "khai hồ sơ không bị giới hạn thời gian: bản nháp được lưu trên máy sau mỗi thay đổi.",
    ],

    tested_title: "Chúng tôi kiểm tra thế nào",
    tested_intro: "Mỗi thay đổi của cổng đều phải qua bộ kiểm thử tự động chạy trên trình duyệt thật (Chromium, điều khiển bằng Playwright), với máy chủ và bản dựng thật:",
    tested: [
        "axe-core kiểm tra các quy tắc WCAG 2.0, 2.1 và 2.2 mức A và AA trên mọi trang và mọi trạng thái (đang tải, có lỗi, ngoại tuyến, hộp xác nhận, không tìm thấy…), ở khổ điện thoại và máy tính;",
        "một lượt làm thủ tục chỉ bằng bàn phím, từ tìm thủ tục tới nộp hồ sơ, kiểm tra thứ tự tiêu điểm và vết tiêu điểm;",
        "nội dung tự sắp xếp lại (reflow) ở chiều rộng 320 px CSS và khi phóng to 200%, không phải cuộn ngang;",
        "vùng bấm của nút và liên kết không nhỏ hơn 24 × 24 px CSS;",
        "khi máy yêu cầu giảm chuyển động, trang không có hiệu ứng chuyển động;",
        "chế độ “Chữ lớn”, ở màn hình hẹp và khi phóng to;",
        "giao diện tiếng Việt và tiếng Anh, với ngôn ngữ của từng phần được khai báo cho trình đọc màn hình;",
        "tiêu điểm sau mỗi bước: tới tiêu đề của bước mới, tới bảng tóm tắt lỗi, và trở lại đúng chỗ khi đóng hộp thoại.",
    ],
    tested_limits: "Kiểm thử tự động chỉ phát hiện được một phần các vấn đề, nên chúng tôi rất cần bạn báo lại những gì còn khó dùng.",

    gaps_title: "Những hạn chế đã biết",
    gaps_intro: "Chúng tôi biết những điểm sau đây chưa đáp ứng đầy đủ:",
    gaps: [
        "Thông tin chính thức của thủ tục (tên, giấy tờ, các bước, phí, căn cứ pháp lý) chỉ có bằng tiếng Việt, vì cơ quan nhà nước chỉ công bố bằng tiếng Việt. Khi giao diện là tiếng Anh, các phần này vẫn là tiếng Việt và được đánh dấu như vậy để trình đọc màn hình đọc đúng giọng.",
        "Nội dung thủ tục được lấy nguyên văn từ Cơ sở dữ liệu quốc gia về thủ tục hành chính, nhiều đoạn dài và dùng ngôn ngữ pháp lý; cổng chưa có bản tóm tắt dễ hiểu.",
        "Tệp PDF do cơ quan nhà nước cung cấp (biểu mẫu, văn bản kết quả) có thể chưa đọc được bằng trình đọc màn hình; cổng không sửa được các tệp này.",
        "Mã QR trên tờ hướng dẫn cần có camera để quét; địa chỉ trang luôn được in ngay bên cạnh để gõ hoặc đọc cho người khác.",
        "Tờ hướng dẫn in được rút gọn để vừa một trang A4: danh sách dài chỉ in những mục đầu và ghi số mục còn lại, bản đầy đủ ở địa chỉ in trên tờ.",
        "Hộp xác nhận (xóa bản nháp, xóa dữ liệu trên thiết bị) giữ tiêu điểm bàn phím bên trong, nhưng trình đọc màn hình vẫn có thể đọc tiếp phần trang phía sau hộp.",
        "Trang của cổng thanh toán (ngân hàng, ví điện tử) do đơn vị khác cung cấp và không thuộc phạm vi tuyên bố này. Cổng cũng chưa được kiểm thử cùng người dùng trình đọc màn hình hay công nghệ hỗ trợ khác.",
    ],

    report_title: "Báo lỗi về khả năng tiếp cận",
    report_intro: "Nếu có phần nào của cổng bạn không dùng được, hoặc bạn cần thông tin ở dạng khác, hãy viết thư cho chúng tôi:",
    report_email_label: "Thư điện tử:",
    report_reply: "Chúng tôi trả lời trong vòng 5 ngày làm việc.",
    report_include_intro: "Để chúng tôi sửa nhanh hơn, hãy cho biết:",
    report_include: [
        "địa chỉ trang (hoặc mã thủ tục) đang gặp khó khăn;",
        "việc bạn đang muốn làm;",
        "điện thoại hoặc máy tính, trình duyệt bạn dùng;",
        "công nghệ hỗ trợ bạn dùng, nếu có (trình đọc màn hình, phóng to màn hình, điều khiển bằng giọng nói…).",
    ],
    report_other_ways: "Trong lúc chờ, bạn vẫn có thể nộp hồ sơ trực tiếp tại bộ phận một cửa của cơ quan giải quyết thủ tục, hoặc nhờ tổ công nghệ số cộng đồng nơi bạn ở hỗ trợ.",

    reviewed_label: "Lần rà soát gần nhất:",
    reviewed_date: "22/11/2026",
};

pub const EN: StatementStrings = StatementStrings {
    title: "Accessibility statement",
    intro: "The Public Service Portal is made for everyone to use, including people who are blind or have low vision, older people, people who use only a keyboard and people on low-end phones. This statement covers the whole portal: the procedure catalogue, the printable guides, filling in and filing applications online, following them, payment, looking an application up, and the page about data on this device.",

    standard_title: "The standard we aim at",
    standard: "The portal aims to meet level AA of the W3C Web Content Accessibility Guidelines (WCAG) 2.2.",
    status: "The portal partially meets this standard: what does not meet it yet is listed under “Known gaps” below.",

    features_title: "You can",
    features: [
        "use the whole portal with a keyboard alone, with the focus always visible;",
        "switch the interface between Vietnamese and English with the language button at the top;",
        "turn on “Large text” at the bottom of every page; this device remembers the choice;",
        "zoom to 200% or use a screen 320 px wide without scrolling sideways;",
        "use a screen reader: pages have clear titles, landmarks and labels, and each error is tied to its field;",
        "fill in an application without a time limit: the draft is kept on the device after every change.",
    ],

    tested_title: "How we test",
    tested_intro: "Every change to the portal must pass an automated test suite run in a real browser (Chromium, driven by Playwright) against the real server and build:",
    tested: [
        "axe-core checks the WCAG 2.0, 2.1 and 2.2 level A and AA rules on every page and every state (loading, errors, offline, confirmations, not found…), at phone and desktop widths;",
        "a keyboard-only journey, from finding a procedure to filing the application, checks focus order and the visible focus;",
        "content reflows at 320 CSS px wide and at 200% zoom without scrolling sideways;",
        "buttons and links are at least 24 × 24 CSS px to tap;",
        "when the device asks for reduced motion, nothing on the page moves;",
        "the “Large text” setting, on narrow screens and zoomed in;",
        "the Vietnamese and English interfaces, with the language of each part declared for screen readers;",
        "focus after each move: to the new step's heading, to the error summary, and back to where it was when a dialog closes.",
    ],
    tested_limits: "Automated tests find only part of the problems, so we rely on you to tell us what is still hard to use.",

    gaps_title: "Known gaps",
    gaps_intro: "We know that the following do not fully meet the standard yet:",
    gaps: [
        "The official procedure details (names, documents, steps, fees, legal basis) exist only in Vietnamese, as the government publishes them only in Vietnamese. With the English interface these parts stay Vietnamese and are marked as such, so screen readers read them with the right voice.",
        "Procedure texts are taken word for word from the national database of administrative procedures; many are long and written in legal language, and the portal has no plain-language summary yet.",
        "PDF files from government agencies (forms, result documents) may not be readable with a screen reader; the portal cannot change them.",
        "The QR code on the printed guide needs a camera to scan; the page address is always printed next to it, to type in or read out to someone.",
        "The printed guide is shortened to fit one A4 page: long lists print their first entries and say how many more there are; the full version is at the address printed on it.",
        "Confirmations (deleting a draft, deleting the data on this device) keep keyboard focus inside them, but a screen reader can still read on into the page behind them.",
        "The payment provider's pages (banks, e-wallets) are run by others and are outside this statement. The portal has not yet been tested with people who use screen readers or other assistive technology.",
    ],

    report_title: "Reporting an accessibility problem",
    report_intro: "If you cannot use part of the portal, or need information in another format, write to us:",
    report_email_label: "Email:",
    report_reply: "We reply within 5 working days.",
    report_include_intro: "To help us fix it sooner, please tell us:",
    report_include: [
        "the page address (or the procedure code) where you had the problem;",
        "what you were trying to do;",
        "the phone or computer and the browser you use;",
        "any assistive technology you use (a screen reader, magnification, voice control…).",
    ],
    report_other_ways: "Meanwhile you can still file in person at the agency's one-stop desk, or ask your local community digital technology team for help.",

    reviewed_label: "Last reviewed:",
    reviewed_date: "22 November 2026",
};
