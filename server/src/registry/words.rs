//! Word lists the sandbox registry builds names, addresses and business lines from.

/// VSIC 2018 level-4 codes (Quyết định 27/2018/QĐ-TTg, Phụ lục I) common on business
/// registrations, with their official names.
pub const VSIC: &[(&str, &str)] = &[
    ("0118", "Trồng rau, đậu các loại và trồng hoa"),
    ("1010", "Chế biến, bảo quản thịt và các sản phẩm từ thịt"),
    ("1079", "Sản xuất thực phẩm khác chưa được phân vào đâu"),
    ("1410", "May trang phục (trừ trang phục từ da lông thú)"),
    ("1622", "Sản xuất đồ gỗ xây dựng"),
    ("1811", "In ấn"),
    ("2220", "Sản xuất sản phẩm từ plastic"),
    ("2511", "Sản xuất các cấu kiện kim loại"),
    ("2592", "Gia công cơ khí; xử lý và tráng phủ kim loại"),
    ("3100", "Sản xuất giường, tủ, bàn, ghế"),
    ("3312", "Sửa chữa máy móc, thiết bị"),
    ("4101", "Xây dựng nhà để ở"),
    ("4102", "Xây dựng nhà không để ở"),
    ("4299", "Xây dựng công trình kỹ thuật dân dụng khác"),
    ("4321", "Lắp đặt hệ thống điện"),
    ("4322", "Lắp đặt hệ thống cấp, thoát nước, hệ thống sưởi và điều hoà không khí"),
    ("4330", "Hoàn thiện công trình xây dựng"),
    ("4511", "Bán buôn ô tô và xe có động cơ khác"),
    ("4520", "Bảo dưỡng, sửa chữa ô tô và xe có động cơ khác"),
    ("4542", "Bảo dưỡng và sửa chữa mô tô, xe máy"),
    ("4620", "Bán buôn nông, lâm sản nguyên liệu (trừ gỗ, tre, nứa) và động vật sống"),
    ("4632", "Bán buôn thực phẩm"),
    ("4641", "Bán buôn vải, hàng may mặc, giày dép"),
    ("4649", "Bán buôn đồ dùng khác cho gia đình"),
    ("4651", "Bán buôn máy vi tính, thiết bị ngoại vi và phần mềm"),
    ("4659", "Bán buôn máy móc, thiết bị và phụ tùng máy khác"),
    ("4663", "Bán buôn vật liệu, thiết bị lắp đặt khác trong xây dựng"),
    ("4690", "Bán buôn tổng hợp"),
    ("4711", "Bán lẻ lương thực, thực phẩm, đồ uống, thuốc lá, thuốc lào chiếm tỷ trọng lớn trong các cửa hàng kinh doanh tổng hợp"),
    ("4722", "Bán lẻ thực phẩm trong các cửa hàng chuyên doanh"),
    ("4741", "Bán lẻ máy vi tính, thiết bị ngoại vi, phần mềm và thiết bị viễn thông trong các cửa hàng chuyên doanh"),
    ("4771", "Bán lẻ hàng may mặc, giày dép, hàng da và giả da trong các cửa hàng chuyên doanh"),
    ("4772", "Bán lẻ thuốc, dụng cụ y tế, mỹ phẩm và vật phẩm vệ sinh trong các cửa hàng chuyên doanh"),
    ("4932", "Vận tải hành khách đường bộ khác"),
    ("4933", "Vận tải hàng hóa bằng đường bộ"),
    ("5210", "Kho bãi và lưu giữ hàng hóa"),
    ("5229", "Hoạt động dịch vụ hỗ trợ khác liên quan đến vận tải"),
    ("5510", "Dịch vụ lưu trú ngắn ngày"),
    ("5610", "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động"),
    ("5630", "Dịch vụ phục vụ đồ uống"),
    ("6201", "Lập trình máy vi tính"),
    ("6202", "Tư vấn máy vi tính và quản trị hệ thống máy vi tính"),
    ("6209", "Hoạt động dịch vụ công nghệ thông tin và dịch vụ khác liên quan đến máy vi tính"),
    ("6311", "Xử lý dữ liệu, cho thuê và các hoạt động liên quan"),
    ("6810", "Kinh doanh bất động sản, quyền sử dụng đất thuộc chủ sở hữu, chủ sử dụng hoặc đi thuê"),
    ("6820", "Tư vấn, môi giới, đấu giá bất động sản, đấu giá quyền sử dụng đất"),
    ("6920", "Hoạt động liên quan đến kế toán, kiểm toán và tư vấn về thuế"),
    ("7020", "Hoạt động tư vấn quản lý"),
    ("7110", "Hoạt động kiến trúc và tư vấn kỹ thuật có liên quan"),
    ("7310", "Quảng cáo"),
    ("7911", "Đại lý du lịch"),
    ("7912", "Điều hành tua du lịch"),
    ("8299", "Hoạt động dịch vụ hỗ trợ kinh doanh khác còn lại chưa được phân vào đâu"),
    ("8559", "Giáo dục khác chưa được phân vào đâu"),
    ("8560", "Dịch vụ hỗ trợ giáo dục"),
    ("9631", "Cắt tóc, làm đầu, gội đầu"),
];

/// The official name of a code in [`VSIC`].
pub fn vsic_name(code: &str) -> Option<&'static str> {
    VSIC.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// What a company says it does, in its name, and the business lines that go with it
/// (main line first).
pub struct Sector {
    pub words: &'static str,
    pub lines: &'static [&'static str],
}

pub const SECTORS: &[Sector] = &[
    Sector {
        words: "Thương mại Dịch vụ",
        lines: &["4649", "4659", "4690", "8299"],
    },
    Sector {
        words: "Xây dựng",
        lines: &["4101", "4102", "4299", "4330", "7110"],
    },
    Sector {
        words: "Công nghệ",
        lines: &["6201", "6202", "6209", "6311", "4651"],
    },
    Sector {
        words: "Giải pháp Phần mềm",
        lines: &["6201", "6209", "6202"],
    },
    Sector {
        words: "Thực phẩm",
        lines: &["1079", "4632", "4722", "1010"],
    },
    Sector {
        words: "Vận tải",
        lines: &["4933", "4932", "5229", "5210"],
    },
    Sector {
        words: "Logistics",
        lines: &["5229", "5210", "4933"],
    },
    Sector {
        words: "Du lịch",
        lines: &["7912", "7911", "5510"],
    },
    Sector {
        words: "Giáo dục",
        lines: &["8559", "8560"],
    },
    Sector {
        words: "Nội thất",
        lines: &["3100", "1622", "4649"],
    },
    Sector {
        words: "Dược phẩm",
        lines: &["4772", "4649"],
    },
    Sector {
        words: "May mặc",
        lines: &["1410", "4641", "4771"],
    },
    Sector {
        words: "Đầu tư Bất động sản",
        lines: &["6810", "6820"],
    },
    Sector {
        words: "Tư vấn",
        lines: &["7020", "6920", "7110"],
    },
    Sector {
        words: "Truyền thông Quảng cáo",
        lines: &["7310", "1811"],
    },
    Sector {
        words: "Cơ khí",
        lines: &["2592", "2511", "3312"],
    },
    Sector {
        words: "Nông sản",
        lines: &["4620", "0118", "4632"],
    },
    Sector {
        words: "Kỹ thuật Điện",
        lines: &["4321", "4322", "3312"],
    },
    Sector {
        words: "Ô tô",
        lines: &["4511", "4520"],
    },
    Sector {
        words: "Nhựa",
        lines: &["2220", "4649"],
    },
    Sector {
        words: "Vật liệu Xây dựng",
        lines: &["4663", "4330"],
    },
];

/// Household businesses: what the shop is, and its lines.
pub const SHOPS: &[Sector] = &[
    Sector {
        words: "Tạp hóa",
        lines: &["4711"],
    },
    Sector {
        words: "Quán cơm",
        lines: &["5610"],
    },
    Sector {
        words: "Cà phê",
        lines: &["5630", "5610"],
    },
    Sector {
        words: "Salon tóc",
        lines: &["9631"],
    },
    Sector {
        words: "Sửa xe máy",
        lines: &["4542"],
    },
    Sector {
        words: "Nhà thuốc",
        lines: &["4772"],
    },
    Sector {
        words: "Thời trang",
        lines: &["4771"],
    },
    Sector {
        words: "Điện thoại Máy tính",
        lines: &["4741"],
    },
    Sector {
        words: "Thực phẩm sạch",
        lines: &["4722", "4711"],
    },
    Sector {
        words: "Nhà nghỉ",
        lines: &["5510"],
    },
];

/// Distinctive parts of names (tên riêng), chosen for good omens as most are.
pub const BRANDS: &[&str] = &[
    "An Phát",
    "Hưng Thịnh",
    "Minh Long",
    "Thành Công",
    "Phú Gia",
    "Đại Việt",
    "Hoàng Long",
    "Tân Tiến",
    "Việt Hưng",
    "Sao Mai",
    "Bình Minh",
    "Trường Thịnh",
    "Phúc An",
    "Hòa Bình",
    "Kim Ngân",
    "Thiên Phú",
    "Nam Á",
    "Đông Dương",
    "Hải Âu",
    "Sông Hồng",
    "Hồng Hà",
    "Ánh Dương",
    "Bảo Long",
    "Quang Minh",
    "Thịnh Vượng",
    "Hợp Nhất",
    "Toàn Cầu",
    "Gia Khánh",
    "Lạc Hồng",
    "Tràng An",
    "Phương Nam",
    "Vạn Xuân",
    "Kiến Tạo",
    "Trí Việt",
    "Thuận Phát",
    "Nhật Minh",
    "Cát Tường",
    "An Khang",
    "Hoa Sen",
    "Đất Việt",
    "Phú Hưng",
    "Tín Nghĩa",
    "Hà Thành",
    "Sài Gòn Mới",
    "Mekong",
    "Trường Sơn",
    "Bạch Đằng",
    "Thăng Long",
    "Tiên Phong",
    "Ngọc Lan",
];

pub const FAMILY_NAMES: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
    "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh",
];

pub const MIDDLE_MALE: &[&str] = &[
    "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Quốc", "Xuân", "Tiến",
];
pub const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Thúy", "Bích", "Phương",
];

pub const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
    "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Trung", "Tuấn", "Việt", "Vinh",
];
pub const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
    "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến",
];

/// Street names found in nearly every Vietnamese city.
pub const STREETS: &[&str] = &[
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
    "Hùng Vương",
    "Trần Phú",
    "Nguyễn Huệ",
    "Lê Duẩn",
    "Phan Đình Phùng",
    "Nguyễn Văn Linh",
    "Võ Nguyên Giáp",
    "Điện Biên Phủ",
    "Nguyễn Du",
    "Bà Triệu",
    "Lê Hồng Phong",
    "Nguyễn Thị Minh Khai",
    "Trường Chinh",
    "Phạm Văn Đồng",
    "Lê Thánh Tông",
    "Ngô Quyền",
];

/// Villages for addresses in communes, where streets are rare: thôn and xóm in the
/// north and centre, ấp in the south.
pub const HAMLETS: &[&str] = &[
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Trung",
    "Thôn 1",
    "Thôn 3",
    "Thôn 5",
    "Xóm Mới",
    "Xóm Chợ",
    "Thôn Thượng",
    "Thôn Hạ",
];
pub const HAMLETS_SOUTH: &[&str] = &[
    "Ấp 1",
    "Ấp 2",
    "Ấp 4",
    "Ấp Bình An",
    "Ấp Tân Hòa",
    "Ấp Phú Lợi",
    "Ấp Long Thạnh",
];
