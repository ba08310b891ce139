/// The words the registration check reads with. It is data: the seed below is what ships, and an administrator can
/// add to any list (stored with the programmes, merged with `merging`). Every entry is compared folded (no
/// diacritics, lower case) and on whole syllables, so "Hồ sơ" matches "ho so" but not "phoso".
public struct RegistrationVocabulary: Codable, Sendable, Equatable {
    /// Slogans that say nothing about what will be done ("hoàn thành tốt nhiệm vụ được giao").
    public var stockPhrases: [String]
    /// Words of exhortation and virtue: many in an action, and little else, make it vague.
    public var genericWords: [String]
    /// Words that carry no meaning of their own (của, và, các…), left out of every comparison.
    public var stopWords: [String]
    /// Phrases that make a result measurable without a figure ("mỗi tuần", "đúng hạn", "không còn"). A figure
    /// followed by what it counts ("2 chuyên đề", "20%") is measurable anyway.
    public var measurePhrases: [String]
    /// Phrases that set a time ("học kỳ", "quý", "năm học").
    public var timePhrases: [String]
    /// Fields of work and their words: an action in one field by someone whose duties lie in another is untied.
    public var fields: [Field]
    /// Conduct anyone can show at work (saving power and paper, being on time): never untied.
    public var commonConduct: [String]

    public struct Field: Codable, Sendable, Equatable {
        public var name: String
        public var words: [String]
        public init(name: String, words: [String]) {
            self.name = name
            self.words = words
        }
    }

    public init(stockPhrases: [String], genericWords: [String], stopWords: [String], measurePhrases: [String], timePhrases: [String],
                fields: [Field], commonConduct: [String]) {
        self.stockPhrases = stockPhrases
        self.genericWords = genericWords
        self.stopWords = stopWords
        self.measurePhrases = measurePhrases
        self.timePhrases = timePhrases
        self.fields = fields
        self.commonConduct = commonConduct
    }

    /// The seed with an administrator's additions laid over it: lists grow, fields with the same name merge.
    public func merging(_ other: RegistrationVocabulary) -> RegistrationVocabulary {
        var fields = self.fields
        for f in other.fields {
            if let i = fields.firstIndex(where: { $0.name == f.name }) { fields[i].words += f.words } else { fields.append(f) }
        }
        return RegistrationVocabulary(
            stockPhrases: stockPhrases + other.stockPhrases, genericWords: genericWords + other.genericWords,
            stopWords: stopWords + other.stopWords, measurePhrases: measurePhrases + other.measurePhrases,
            timePhrases: timePhrases + other.timePhrases, fields: fields, commonConduct: commonConduct + other.commonConduct)
    }

    public static let seed = RegistrationVocabulary(
        stockPhrases: [
            "học tập và làm theo tư tưởng đạo đức phong cách hồ chí minh", "học tập và làm theo tấm gương đạo đức hồ chí minh",
            "học tập và làm theo bác", "làm theo lời bác", "hoàn thành tốt nhiệm vụ được giao", "hoàn thành xuất sắc nhiệm vụ",
            "hoàn thành tốt nhiệm vụ", "nâng cao tinh thần trách nhiệm", "nâng cao ý thức trách nhiệm", "nâng cao ý thức",
            "rèn luyện phẩm chất đạo đức", "giữ gìn phẩm chất đạo đức", "chấp hành tốt nội quy", "chấp hành nghiêm",
            "thực hiện tốt nội quy", "thực hiện tốt quy chế", "thực hiện nghiêm túc", "đoàn kết giúp đỡ đồng nghiệp",
            "cần kiệm liêm chính chí công vô tư", "gương mẫu trong công tác", "phấn đấu hoàn thành", "trung thành trách nhiệm liêm chính sáng tạo",
            "tận tụy phục vụ nhân dân", "làm việc có trách nhiệm", "không ngừng học tập", "tu dưỡng rèn luyện",
        ],
        genericWords: [
            "học tập", "làm theo", "tấm gương", "tư tưởng", "đạo đức", "phong cách", "hồ chí minh", "bác hồ", "bác", "chủ tịch",
            "hoàn thành", "tốt", "xuất sắc", "nhiệm vụ", "được giao", "nâng cao", "ý thức", "tinh thần", "trách nhiệm", "thực hiện",
            "nghiêm túc", "nghiêm", "chấp hành", "nội quy", "quy chế", "quy định", "rèn luyện", "phẩm chất", "chính trị", "phấn đấu",
            "gương mẫu", "đoàn kết", "hiệu quả", "công tác", "bản thân", "mọi người", "đồng nghiệp", "tập thể", "chuyên môn",
            "nghiệp vụ", "lối sống", "tác phong", "kỷ luật", "kỷ cương", "lề lối", "thân thiện", "tận tụy", "tận tâm", "phục vụ",
            "nhân dân", "cần", "kiệm", "liêm", "chính", "chí công", "vô tư", "thường xuyên", "tích cực", "luôn luôn", "luôn",
            "không ngừng", "tu dưỡng", "trung thành", "sáng tạo", "liêm chính", "năng lực", "trình độ", "chất lượng", "công việc",
            "tăng cường", "đẩy mạnh", "góp phần", "xây dựng", "cơ quan", "đơn vị", "tổ chức", "vững mạnh", "trong sạch", "tiên tiến",
            "nêu cao", "giữ gìn", "phát huy", "tự giác", "chủ động", "sâu sắc", "quán triệt", "gắn với", "việc làm", "cụ thể",
            "hằng ngày", "mình", "lời", "dạy", "theo", "giúp đỡ", "người", "nhau", "làm việc", "ngày càng", "hơn nữa",
        ],
        stopWords: [
            "và", "của", "các", "những", "trong", "với", "để", "cho", "là", "có", "được", "một", "nhiều", "này", "đó", "khi",
            "thì", "mà", "về", "từ", "đến", "tại", "ở", "theo", "như", "cùng", "đã", "sẽ", "đang", "bằng", "do", "nên", "vào",
            "ra", "lên", "trên", "dưới", "sau", "trước", "hơn", "rất", "cũng", "mỗi", "mọi", "tôi", "em", "anh", "chị", "đồng chí",
        ],
        measurePhrases: [
            "mỗi tuần", "mỗi tháng", "mỗi ngày", "mỗi quý", "mỗi học kỳ", "mỗi năm", "hằng tuần", "hằng tháng", "hằng ngày", "hằng quý",
            "hàng tuần", "hàng tháng", "hàng ngày", "hàng quý", "ít nhất", "tối thiểu", "tối đa", "không quá", "đúng hạn", "trước hạn",
            "không còn", "không để", "không phát sinh", "không để xảy ra", "không có sai sót", "không để tồn đọng", "100%",
        ],
        timePhrases: [
            "học kỳ", "năm học", "quý", "tháng", "tuần", "cuối năm", "đầu năm", "giữa năm", "trước ngày", "đến ngày", "hết năm",
        ],
        fields: [
            Field(name: "giáo dục", words: [
                "giảng dạy", "dạy học", "bài giảng", "giáo án", "tiết dạy", "tiết học", "học sinh", "sinh viên", "lớp", "chủ nhiệm",
                "đề kiểm tra", "kiểm tra 15 phút", "đề thi", "ôn thi", "ôn tập", "bồi dưỡng học sinh", "phụ đạo", "học sinh giỏi",
                "học sinh yếu", "sáng kiến kinh nghiệm", "thí nghiệm", "phòng học", "phụ huynh", "giáo viên", "trường", "thư viện",
                "sách", "bạn đọc", "mượn", "tài liệu tham khảo", "trẻ", "mầm non", "bán trú", "bữa ăn", "khẩu phần", "thực đơn",
                "nhà bếp", "học liệu", "giảng viên", "khóa luận", "đồ dùng dạy học", "thi tốt nghiệp", "chuyên đề", "câu hỏi",
                "trắc nghiệm", "ngân hàng câu hỏi", "bài tập", "môn", "toán", "ngữ văn", "tiếng anh", "vật lý", "hóa học", "lịch sử",
            ]),
            Field(name: "y tế", words: [
                "bệnh nhân", "người bệnh", "điều dưỡng", "khám", "chữa bệnh", "thuốc", "tiêm", "chăm sóc", "bệnh viện", "ca trực",
                "bệnh án", "xét nghiệm", "phẫu thuật", "nhiễm khuẩn", "vô khuẩn", "trạm y tế", "khoa", "sản phụ", "sơ sinh",
                "tư vấn sức khỏe", "dinh dưỡng", "vắc xin", "tiêm chủng", "y tế", "dược", "cấp phát thuốc", "hộ lý", "bác sĩ",
                "sức khỏe", "buồng bệnh", "người nhà",
            ]),
            Field(name: "tài chính", words: [
                "kế toán", "chứng từ", "thu chi", "quyết toán", "thuế", "ngân sách", "sổ sách", "hóa đơn", "tài chính", "kho bạc",
                "thanh toán", "lương", "tín dụng", "khoản vay", "giao dịch", "ngân hàng", "quỹ", "báo cáo tài chính", "công nợ",
                "tài sản", "kiểm kê", "dự toán", "khách hàng", "tiền", "bảo hiểm xã hội", "bảo hiểm y tế", "đóng bảo hiểm", "thu nợ",
                "hoàn thuế", "kê khai", "hải quan", "tờ khai", "thông quan",
            ]),
            Field(name: "hành chính công", words: [
                "hồ sơ", "một cửa", "thủ tục hành chính", "tiếp dân", "tiếp công dân", "văn bản", "công văn", "dịch vụ công",
                "giải quyết", "công dân", "chứng thực", "hộ tịch", "đất đai", "tiếp nhận", "trả kết quả", "người dân", "khiếu nại",
                "tố cáo", "lưu trữ", "văn thư", "biên bản", "quyết định", "tờ trình", "ubnd", "ủy ban", "xã", "phường", "thẩm định",
                "cấp phép", "giấy phép", "đăng ký kinh doanh", "hồ sơ vụ án", "phiên tòa", "thư ký tòa", "thi hành án", "bưu phẩm",
                "bưu gửi", "chuyển phát", "thư",
            ]),
            Field(name: "sản xuất", words: [
                "sản xuất", "sản phẩm", "dây chuyền", "máy", "chất lượng sản phẩm", "lỗi", "phế phẩm", "năng suất", "định mức",
                "ca làm", "thiết bị", "bảo trì", "nguyên liệu", "vật tư", "xưởng", "an toàn lao động", "đường may", "may", "hàng",
                "đóng gói", "kho", "lắp ráp", "vận hành", "sửa chữa", "phân xưởng", "công nhân", "tổ sản xuất", "5s", "điện",
                "đường dây", "trạm biến áp", "sự cố", "mất điện", "đồng hồ", "ghi chỉ số",
            ]),
            Field(name: "giao thông vận tải", words: [
                "xe", "lái xe", "hành khách", "tuyến", "chuyến", "vận chuyển", "hàng hóa", "giao hàng", "nhiên liệu", "bảo dưỡng xe",
                "an toàn giao thông", "bến", "tàu", "đường sắt", "buýt", "phụ xe", "vé", "lộ trình", "tai nạn", "biển số", "đèn",
                "cầu đường", "đường bộ",
            ]),
            Field(name: "xây dựng", words: [
                "công trình", "thi công", "bản vẽ", "giám sát", "vật liệu", "bê tông", "nghiệm thu", "dự toán", "công trường",
                "thiết kế", "kết cấu", "cốt thép", "giàn giáo", "hạng mục", "nhà thầu", "khảo sát",
            ]),
            Field(name: "nông nghiệp", words: [
                "cây trồng", "giống", "vụ", "lúa", "chăn nuôi", "phân bón", "thu hoạch", "ruộng", "vườn", "thủy sản", "nông nghiệp",
                "hợp tác xã", "khuyến nông", "sâu bệnh", "thuốc bảo vệ thực vật", "gia súc", "gia cầm", "thú y", "tưới", "ao",
                "rau", "chè", "nông sản", "đồng ruộng",
            ]),
            Field(name: "công nghệ thông tin", words: [
                "phần mềm", "hệ thống", "dữ liệu", "website", "trang thông tin", "trang web", "ứng dụng", "máy tính", "mạng",
                "số hóa", "chuyển đổi số", "lập trình", "mã nguồn", "bảo mật", "máy chủ", "công nghệ thông tin", "sao lưu", "lỗi phần mềm",
                "kiểm thử", "tính năng", "cơ sở dữ liệu", "trực tuyến", "excel", "zalo", "email",
            ]),
            Field(name: "công tác công đoàn", words: [
                "đoàn viên", "công đoàn", "phong trào", "thi đua", "khen thưởng", "nữ công", "sinh hoạt", "văn nghệ", "thể thao",
                "phúc lợi", "chăm lo", "thăm hỏi", "báo cáo thi đua", "hội diễn", "biểu diễn", "ca nhạc", "giải đấu", "đoàn thanh niên",
                "thanh niên", "tuyên truyền", "mái ấm công đoàn", "quỹ xã hội", "kết nạp", "đại hội", "ban chấp hành", "hội thao",
                "liên hoan", "tổ chức sự kiện", "chương trình", "đêm nhạc", "tình nguyện", "từ thiện",
            ]),
            Field(name: "an ninh, vệ sinh", words: [
                "bảo vệ", "tuần tra", "canh gác", "ra vào", "phòng cháy", "chữa cháy", "camera", "trật tự", "vệ sinh", "dọn dẹp",
                "quét", "rác", "lau", "khuôn viên", "nhà vệ sinh", "cây xanh",
            ]),
        ],
        commonConduct: [
            "tiết kiệm điện", "tiết kiệm nước", "tiết kiệm giấy", "giảm giấy", "in ấn", "tắt điện", "tắt máy", "đúng giờ", "đi làm đúng giờ",
            "không hút thuốc", "rác thải nhựa", "không dùng đồ nhựa", "túi ni lông", "văn hóa công sở", "trang phục", "ứng xử",
            "hiến máu", "đọc sách", "tự học", "ngoại ngữ", "tin học", "trồng cây",
        ])
}
