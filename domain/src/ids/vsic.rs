//! Business-line codes of the Vietnam Standard Industrial Classification 2018 (VSIC 2018,
//! Hệ thống ngành kinh tế Việt Nam, Quyết định 27/2018/QĐ-TTg).
//!
//! Business registration lists lines at level 4 (4 digits) or level 5 (5 digits); the
//! first two digits are the level-2 division. Only the 88 divisions are tabled here (from
//! Phụ lục I of the decision, matching the ISIC Rev.4 division set): a full level-4/5 list
//! would add tens of kilobytes of names to the phone app, and the copies of it found in
//! public code mix the 2007, 2018 and 2025 editions, so it could not be built faithfully.
//!
//! Note: Quyết định 36/2025/QĐ-TTg (29/09/2025) replaced VSIC 2018 from 15/11/2025 with a
//! reorganised classification; this module validates 2018 codes only.

use std::fmt;

/// The 88 level-2 divisions of VSIC 2018, ascending. Kept apart from the names so that
/// an app which only validates does not carry the names.
const DIVISIONS: [u8; 88] = [
    1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
    28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39, 41, 42, 43, 45, 46, 47, 49, 50, 51, 52, 53, 55, 56,
    58, 59, 60, 61, 62, 63, 64, 65, 66, 68, 69, 70, 71, 72, 73, 74, 75, 77, 78, 79, 80, 81, 82, 84,
    85, 86, 87, 88, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/// Vietnamese names of [`DIVISIONS`], in the same order.
const DIVISION_NAMES: [&str; 88] = [
    "Nông nghiệp và hoạt động dịch vụ có liên quan",
    "Lâm nghiệp và hoạt động dịch vụ có liên quan",
    "Khai thác, nuôi trồng thủy sản",
    "Khai thác than cứng và than non",
    "Khai thác dầu thô và khí đốt tự nhiên",
    "Khai thác quặng kim loại",
    "Khai khoáng khác",
    "Hoạt động dịch vụ hỗ trợ khai khoáng",
    "Sản xuất, chế biến thực phẩm",
    "Sản xuất đồ uống",
    "Sản xuất sản phẩm thuốc lá",
    "Dệt",
    "Sản xuất trang phục",
    "Sản xuất da và các sản phẩm có liên quan",
    "Chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa (trừ giường, tủ, bàn, ghế); sản xuất sản phẩm từ rơm, rạ và vật liệu tết bện",
    "Sản xuất giấy và sản phẩm từ giấy",
    "In, sao chép bản ghi các loại",
    "Sản xuất than cốc, sản phẩm dầu mỏ tinh chế",
    "Sản xuất hoá chất và sản phẩm hoá chất",
    "Sản xuất thuốc, hoá dược và dược liệu",
    "Sản xuất sản phẩm từ cao su và plastic",
    "Sản xuất sản phẩm từ khoáng phi kim loại khác",
    "Sản xuất kim loại",
    "Sản xuất sản phẩm từ kim loại đúc sẵn (trừ máy móc, thiết bị)",
    "Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học",
    "Sản xuất thiết bị điện",
    "Sản xuất máy móc, thiết bị chưa được phân vào đâu",
    "Sản xuất ô tô và xe có động cơ khác",
    "Sản xuất phương tiện vận tải khác",
    "Sản xuất giường, tủ, bàn, ghế",
    "Công nghiệp chế biến, chế tạo khác",
    "Sửa chữa, bảo dưỡng và lắp đặt máy móc và thiết bị",
    "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí",
    "Khai thác, xử lý và cung cấp nước",
    "Thoát nước và xử lý nước thải",
    "Hoạt động thu gom, xử lý và tiêu hủy rác thải; tái chế phế liệu",
    "Xử lý ô nhiễm và hoạt động quản lý chất thải khác",
    "Xây dựng nhà các loại",
    "Xây dựng công trình kỹ thuật dân dụng",
    "Hoạt động xây dựng chuyên dụng",
    "Bán, sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
    "Bán buôn (trừ ô tô, mô tô, xe máy và xe có động cơ khác)",
    "Bán lẻ (trừ ô tô, mô tô, xe máy và xe có động cơ khác)",
    "Vận tải đường sắt, đường bộ và vận tải đường ống",
    "Vận tải đường thủy",
    "Vận tải hàng không",
    "Kho bãi và các hoạt động hỗ trợ cho vận tải",
    "Bưu chính và chuyển phát",
    "Dịch vụ lưu trú",
    "Dịch vụ ăn uống",
    "Hoạt động xuất bản",
    "Hoạt động điện ảnh, sản xuất chương trình truyền hình, ghi âm và xuất bản âm nhạc",
    "Hoạt động phát thanh, truyền hình",
    "Viễn thông",
    "Lập trình máy vi tính, dịch vụ tư vấn và các hoạt động khác liên quan đến máy vi tính",
    "Hoạt động dịch vụ thông tin",
    "Hoạt động dịch vụ tài chính (trừ bảo hiểm và bảo hiểm xã hội)",
    "Bảo hiểm, tái bảo hiểm và bảo hiểm xã hội (trừ bảo đảm xã hội bắt buộc)",
    "Hoạt động tài chính khác",
    "Hoạt động kinh doanh bất động sản",
    "Hoạt động pháp luật, kế toán và kiểm toán",
    "Hoạt động của trụ sở văn phòng; hoạt động tư vấn quản lý",
    "Hoạt động kiến trúc; kiểm tra và phân tích kỹ thuật",
    "Nghiên cứu khoa học và phát triển công nghệ",
    "Quảng cáo và nghiên cứu thị trường",
    "Hoạt động chuyên môn, khoa học và công nghệ khác",
    "Hoạt động thú y",
    "Cho thuê máy móc, thiết bị (không kèm người điều khiển); cho thuê đồ dùng cá nhân và gia đình; cho thuê tài sản vô hình phi tài chính",
    "Hoạt động dịch vụ lao động và việc làm",
    "Hoạt động của các đại lý du lịch, kinh doanh tua du lịch và các dịch vụ hỗ trợ, liên quan đến quảng bá và tổ chức tua du lịch",
    "Hoạt động điều tra bảo đảm an toàn",
    "Hoạt động dịch vụ vệ sinh nhà cửa, công trình và cảnh quan",
    "Hoạt động hành chính, hỗ trợ văn phòng và các hoạt động hỗ trợ kinh doanh khác",
    "Hoạt động của Đảng cộng sản, tổ chức chính trị - xã hội, quản lý nhà nước, an ninh quốc phòng, đối ngoại và bảo đảm xã hội bắt buộc",
    "Giáo dục và đào tạo",
    "Hoạt động y tế",
    "Hoạt động chăm sóc, điều dưỡng tập trung",
    "Hoạt động trợ giúp xã hội không tập trung",
    "Hoạt động sáng tác, nghệ thuật và giải trí",
    "Hoạt động của thư viện, lưu trữ, bảo tàng và các hoạt động văn hóa khác",
    "Hoạt động xổ số, cá cược và đánh bạc",
    "Hoạt động thể thao, vui chơi và giải trí",
    "Hoạt động của các hiệp hội, tổ chức khác",
    "Sửa chữa máy vi tính, đồ dùng cá nhân và gia đình",
    "Hoạt động dịch vụ phục vụ cá nhân khác",
    "Hoạt động làm thuê công việc gia đình trong các hộ gia đình",
    "Hoạt động sản xuất sản phẩm vật chất và dịch vụ tự tiêu dùng của hộ gia đình",
    "Hoạt động của các tổ chức và cơ quan quốc tế",
];

/// Vietnamese name of a VSIC 2018 division, e.g. `62` → "Lập trình máy vi tính, …".
pub fn division_name(division: u8) -> Option<&'static str> {
    DIVISIONS
        .binary_search(&division)
        .ok()
        .and_then(|i| DIVISION_NAMES.get(i).copied())
}

fn division_exists(division: u8) -> bool {
    DIVISIONS.binary_search(&division).is_ok()
}

/// All division codes, ascending.
pub fn divisions() -> impl Iterator<Item = u8> {
    DIVISIONS.iter().copied()
}

/// A level-4 or level-5 VSIC 2018 code whose division exists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Vsic(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VsicError {
    #[error("empty business-line code")]
    Empty,
    #[error("a business-line code has only digits: {0:?}")]
    NotDigits(String),
    #[error("a business-line code has 4 or 5 digits; got {0}")]
    WrongLength(usize),
    #[error("{code}: division {division:02} does not exist in VSIC 2018")]
    UnknownDivision { code: String, division: u8 },
}

impl VsicError {
    pub fn message_vi(&self) -> String {
        match self {
            VsicError::Empty => "Chưa nhập mã ngành".into(),
            VsicError::NotDigits(s) => format!("Mã ngành chỉ gồm chữ số: {s}"),
            VsicError::WrongLength(n) => {
                format!("Mã ngành kinh tế gồm 4 chữ số (cấp 4) hoặc 5 chữ số (cấp 5), bạn nhập {n} chữ số")
            }
            VsicError::UnknownDivision { code, division } => format!(
                "Mã ngành {code} không hợp lệ: ngành cấp 2 \"{division:02}\" không có trong Hệ thống ngành kinh tế Việt Nam 2018"
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            VsicError::Empty => "No business-line code entered".into(),
            VsicError::NotDigits(s) => format!("A business-line code contains only digits: {s}"),
            VsicError::WrongLength(n) => {
                format!("A business-line (VSIC) code has 4 digits (level 4) or 5 digits (level 5); you entered {n}")
            }
            VsicError::UnknownDivision { code, division } => {
                format!(
                    "Business-line code {code} is not valid: division \"{division:02}\" does not exist in VSIC 2018"
                )
            }
        }
    }
}

impl Vsic {
    pub fn parse(input: &str) -> Result<Vsic, VsicError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(VsicError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(VsicError::NotDigits(super::echo(s)));
        }
        if !(4..=5).contains(&s.len()) {
            return Err(VsicError::WrongLength(s.len()));
        }
        let b = s.as_bytes();
        let division = (b[0] - b'0') * 10 + (b[1] - b'0');
        if !division_exists(division) {
            return Err(VsicError::UnknownDivision {
                code: s.to_owned(),
                division,
            });
        }
        Ok(Vsic(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 4 or 5.
    pub fn level(&self) -> u8 {
        self.0.len() as u8
    }

    pub fn division(&self) -> u8 {
        let b = self.0.as_bytes();
        (b[0] - b'0') * 10 + (b[1] - b'0')
    }

    pub fn division_name(&self) -> &'static str {
        division_name(self.division()).unwrap_or("")
    }
}

impl fmt::Display for Vsic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
