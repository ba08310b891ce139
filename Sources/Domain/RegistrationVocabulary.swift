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
    /// The union's own work (members' welfare, culture, sports, trips): tied only for a member who holds a union post.
    public var unionActivities: [String]
    /// Words of a union post, looked for in the position, duties and occupation ("tổ trưởng tổ công đoàn").
    public var unionPosts: [String]
    /// Leisure, charity and help to outsiders: tied only when the duties themselves name the activity.
    public var offDutyActivities: [String]
    /// Verbs of directing others ("chỉ đạo"): tied only for a member whose position or duties lead.
    public var authorityVerbs: [String]
    /// Words of a post that leads ("trưởng", "quản lý", "phụ trách").
    public var leadershipWords: [String]
    /// Heads of a department's or agency's name ("phòng", "ban", "sở"): after `bodyPrepositions` ("cho phòng Kế toán")
    /// they say whose work the act is, which is another's unless the duties name that department.
    public var bodies: [String]
    public var bodyPrepositions: [String]
    /// Acts and people of every workplace ("kiểm tra", "hướng dẫn", "công nhân"): an action that shares only these with
    /// the duties is not tied to them by it; what is done, and to what, has to be shared.
    public var commonWords: [String]
    /// Words of a field that name a workplace rather than work ("trường", "bệnh viện", "xã"): in the duties they set
    /// the field only when nothing else does, so a school's guard or accountant is not taken for a teacher.
    public var places: [String]
    /// Rooms and other words that start like a department's name but are not one ("phòng học", "ban đêm", "phong trào").
    public var rooms: [String]
    /// Words that open an aim ("phấn đấu", "đảm bảo", "không để"): up to an act or its means, what follows is an outcome
    /// hoped for, not an act.
    public var aimWords: [String]
    /// Words that open an aim's means ("bằng cách", "thông qua"): what follows is an act.
    public var meansWords: [String]
    /// Verbs that begin an act ("lập", "kiểm tra", "thay"): a clause after an aim that begins with one is an act.
    public var actVerbs: [String]
    /// Acts that are one role's own job ("lái xe", "hồ sơ dự thầu", "hiệu chuẩn"). The seed's only: like the stop words,
    /// a mistake here would change many readings.
    public var roleActs: [RoleAct]

    /// An act that is one role's job, whatever it is done to. Done by a member whose own words (duties, position,
    /// occupation) hold none of the role's words, it is another's job even when it concerns what the member works on:
    /// the roaster who drives the coffee to the agents, the extruder who writes the cable tender.
    public struct RoleAct: Codable, Sendable, Equatable {
        /// Whose job it is, as the message names it.
        public var role: String
        public var acts: [String]
        /// Phrases that begin like an act and are not it ("lái xe nâng" of the warehouse, "thiết kế bài giảng" of a
        /// teacher).
        public var except: [String]
        /// Words that, in the member's own words, make the act theirs.
        public var owners: [String]
        public init(role: String, acts: [String], except: [String] = [], owners: [String]) {
            self.role = role
            self.acts = acts
            self.except = except
            self.owners = owners
        }
    }

    public struct Field: Codable, Sendable, Equatable {
        public var name: String
        public var words: [String]
        /// A trade or sector (teaching, health, manufacturing) rather than a role within any workplace (accounting,
        /// purchasing, the warehouse, the laboratory): two roles in one plant share its sector and are still two jobs.
        public var sector: Bool
        /// A part of every job done on one's own work (checking the quality of what one makes): its words alone do not
        /// make an act someone else's.
        public var ownWork: Bool
        /// The upkeep of machines and plant (greasing, bearings, brakes, earthing): part of the job of whoever runs them,
        /// whose duties name no role but their trade; another's job for a role of its own (the clerk, the cleaner).
        public var upkeep: Bool
        public init(name: String, sector: Bool = false, ownWork: Bool = false, upkeep: Bool = false, words: [String]) {
            self.name = name
            self.words = words
            self.sector = sector
            self.ownWork = ownWork
            self.upkeep = upkeep
        }

        private enum CodingKeys: String, CodingKey { case name, words, sector, ownWork, upkeep }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(name: try c.decode(String.self, forKey: .name), sector: try c.decodeIfPresent(Bool.self, forKey: .sector) ?? false,
                      ownWork: try c.decodeIfPresent(Bool.self, forKey: .ownWork) ?? false,
                      upkeep: try c.decodeIfPresent(Bool.self, forKey: .upkeep) ?? false,
                      words: try c.decodeIfPresent([String].self, forKey: .words) ?? [])
        }
    }

    public init(stockPhrases: [String], genericWords: [String], stopWords: [String], measurePhrases: [String], timePhrases: [String],
                fields: [Field], commonConduct: [String], unionActivities: [String] = [], unionPosts: [String] = [],
                offDutyActivities: [String] = [], authorityVerbs: [String] = [], leadershipWords: [String] = [], bodies: [String] = [],
                bodyPrepositions: [String] = [], commonWords: [String] = [], places: [String] = [], rooms: [String] = [],
                aimWords: [String] = [], meansWords: [String] = [], actVerbs: [String] = [], roleActs: [RoleAct] = []) {
        self.stockPhrases = stockPhrases
        self.genericWords = genericWords
        self.stopWords = stopWords
        self.measurePhrases = measurePhrases
        self.timePhrases = timePhrases
        self.fields = fields
        self.commonConduct = commonConduct
        self.unionActivities = unionActivities
        self.unionPosts = unionPosts
        self.offDutyActivities = offDutyActivities
        self.authorityVerbs = authorityVerbs
        self.leadershipWords = leadershipWords
        self.bodies = bodies
        self.bodyPrepositions = bodyPrepositions
        self.commonWords = commonWords
        self.places = places
        self.rooms = rooms
        self.aimWords = aimWords
        self.meansWords = meansWords
        self.actVerbs = actVerbs
        self.roleActs = roleActs
    }

    private enum CodingKeys: String, CodingKey {
        case stockPhrases, genericWords, stopWords, measurePhrases, timePhrases, fields, commonConduct, unionActivities, unionPosts,
             offDutyActivities, authorityVerbs, leadershipWords, bodies, bodyPrepositions, commonWords, places, rooms, aimWords, meansWords,
             actVerbs, roleActs
    }

    /// Every list may be missing, so additions stored before a list existed (or naming only one list) still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func list(_ key: CodingKeys) throws -> [String] { try c.decodeIfPresent([String].self, forKey: key) ?? [] }
        self.init(stockPhrases: try list(.stockPhrases), genericWords: try list(.genericWords), stopWords: try list(.stopWords),
                  measurePhrases: try list(.measurePhrases), timePhrases: try list(.timePhrases),
                  fields: try c.decodeIfPresent([Field].self, forKey: .fields) ?? [], commonConduct: try list(.commonConduct),
                  unionActivities: try list(.unionActivities), unionPosts: try list(.unionPosts),
                  offDutyActivities: try list(.offDutyActivities), authorityVerbs: try list(.authorityVerbs),
                  leadershipWords: try list(.leadershipWords), bodies: try list(.bodies), bodyPrepositions: try list(.bodyPrepositions),
                  commonWords: try list(.commonWords), places: try list(.places), rooms: try list(.rooms),
                  aimWords: try list(.aimWords), meansWords: try list(.meansWords), actVerbs: try list(.actVerbs),
                  roleActs: try c.decodeIfPresent([RoleAct].self, forKey: .roleActs) ?? [])
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
            timePhrases: timePhrases + other.timePhrases, fields: fields, commonConduct: commonConduct + other.commonConduct,
            unionActivities: unionActivities + other.unionActivities, unionPosts: unionPosts + other.unionPosts,
            offDutyActivities: offDutyActivities + other.offDutyActivities, authorityVerbs: authorityVerbs + other.authorityVerbs,
            leadershipWords: leadershipWords + other.leadershipWords, bodies: bodies + other.bodies,
            bodyPrepositions: bodyPrepositions + other.bodyPrepositions, commonWords: commonWords + other.commonWords,
            places: places + other.places, rooms: rooms + other.rooms, aimWords: aimWords + other.aimWords,
            meansWords: meansWords + other.meansWords, actVerbs: actVerbs + other.actVerbs, roleActs: roleActs + other.roleActs)
    }

    public static let seed = RegistrationVocabulary(
        stockPhrases: [
            "nâng cao tay nghề", "chấp hành đúng quy trình", "không để xảy ra sai sót", "tăng doanh số", "phục vụ khách chu đáo",
            "an toàn là trên hết", "phong trào thi đua", "thi đua sôi nổi", "tăng năng suất lao động", "giữ uy tín", "hài lòng của khách hàng", "bản lĩnh chính trị", "theo hiến pháp và pháp luật", "nâng cao trình độ chuyên môn", "làm tốt công tác chuyên môn", "đáp ứng yêu cầu nhiệm vụ", "giảm tỷ lệ hàng lỗi",
            "học tập và làm theo tư tưởng đạo đức phong cách hồ chí minh", "học tập và làm theo tấm gương đạo đức hồ chí minh",
            "học tập và làm theo bác", "làm theo lời bác", "hoàn thành tốt nhiệm vụ được giao", "hoàn thành xuất sắc nhiệm vụ",
            "hoàn thành tốt nhiệm vụ", "nâng cao tinh thần trách nhiệm", "nâng cao ý thức trách nhiệm", "nâng cao ý thức",
            "rèn luyện phẩm chất đạo đức", "giữ gìn phẩm chất đạo đức", "chấp hành tốt nội quy", "chấp hành nghiêm",
            "thực hiện tốt nội quy", "thực hiện tốt quy chế", "thực hiện nghiêm túc", "đoàn kết giúp đỡ đồng nghiệp",
            "cần kiệm liêm chính chí công vô tư", "gương mẫu trong công tác", "phấn đấu hoàn thành", "trung thành trách nhiệm liêm chính sáng tạo",
            "tận tụy phục vụ nhân dân", "làm việc có trách nhiệm", "không ngừng học tập", "tu dưỡng rèn luyện",
            // Openers that promise quality or compliance in general; a concrete, measured act may follow them.
            "nâng cao chất lượng", "nâng cao hiệu quả", "nâng cao năng lực", "nâng cao trình độ", "nâng cao vai trò", "nâng cao cảnh giác",
            "thực hiện tốt", "thực hiện đúng quy trình", "chấp hành tốt", "làm tốt công tác", "phấn đấu đạt danh hiệu", "lao động tiên tiến",
            "chiến sĩ thi đua", "hoàn thành mọi nhiệm vụ", "sẵn sàng nhận", "chỉ tiêu được giao", "nhiệm vụ được giao", "chống lãng phí",
            "văn hóa doanh nghiệp", "chuẩn mực đạo đức", "làm giàu chính đáng", "gia đình văn hóa", "chủ trương của đảng",
            "chính sách pháp luật của nhà nước", "xanh sạch đẹp", "tấm gương sáng", "giữ gìn an ninh trật tự", "học tập nâng cao",
            "nghiên cứu học tập", "tích cực nghiên cứu", "giữ gìn vệ sinh", "tận tâm với nghề", "yêu ngành yêu nghề",
            // Aiming at an outcome or a target, with no act that reaches it.
            "hoàn thành kế hoạch", "vượt kế hoạch", "kế hoạch được giao", "vượt chỉ tiêu", "hoàn thành chỉ tiêu",
            "bảo đảm an toàn", "đảm bảo an toàn", "tuyệt đối an toàn", "không để xảy ra tai nạn", "không để xảy ra",
            "không bị xử phạt", "không bị phạt", "điều y đức", "giữ gìn hình ảnh", "giữ gìn uy tín",
            "tuân thủ quy trình", "tuân thủ nghiêm", "tuyệt đối tuân thủ", "quảng bá hình ảnh", "góp phần phát triển",
        ],
        genericWords: [
            "sôi nổi", "uy tín", "thương hiệu", "hài lòng", "thước đo", "lắng nghe", "thấu hiểu", "trên hết", "bản lĩnh", "hiến pháp", "học hỏi", "tích lũy", "kinh nghiệm", "đáp ứng", "yêu cầu", "kịp thời", "chính xác", "chăm chỉ", "lao động", "vượt",
            "học tập", "làm theo", "tấm gương", "tư tưởng", "đạo đức", "phong cách", "hồ chí minh", "bác hồ", "bác", "chủ tịch",
            "hoàn thành", "tốt", "xuất sắc", "nhiệm vụ", "được giao", "nâng cao", "ý thức", "tinh thần", "trách nhiệm", "thực hiện",
            "nghiêm túc", "nghiêm", "chấp hành", "nội quy", "quy chế", "quy định", "rèn luyện", "phẩm chất", "chính trị", "phấn đấu",
            "gương mẫu", "đoàn kết", "hiệu quả", "công tác", "bản thân", "mọi người", "đồng nghiệp", "tập thể", "chuyên môn",
            "nghiệp vụ", "lối sống", "tác phong", "kỷ luật", "kỷ cương", "lề lối", "thân thiện", "tận tụy", "tận tâm", "phục vụ",
            "nhân dân", "cần", "kiệm", "liêm", "chính", "chí công", "vô tư", "thường xuyên", "tích cực", "luôn luôn", "luôn",
            "không ngừng", "tu dưỡng", "trung thành", "sáng tạo", "liêm chính", "năng lực", "trình độ", "chất lượng", "công việc",
            "tăng cường", "đẩy mạnh", "góp phần", "xây dựng", "cơ quan", "đơn vị", "tổ chức", "vững mạnh", "trong sạch", "tiên tiến",
            "nêu cao", "giữ gìn", "phát huy", "tự giác", "chủ động", "sâu sắc", "quán triệt", "gắn với", "việc làm", "cụ thể",
            "hằng ngày", "mình", "lời", "dạy", "theo", "bảo đảm", "đảm bảo", "tuyệt đối", "tham gia", "hoạt động", "đầy đủ",
            "phát động", "phong trào", "giúp đỡ", "người", "nhau", "làm việc", "ngày càng", "hơn nữa",
            // Attitudes: how one means to be, not what one will do.
            "thương yêu", "yêu thương", "như con", "niềm nở", "ân cần", "vui vẻ", "hòa nhã", "chân thành", "trung thực", "hết mình",
            "cống hiến", "yêu ngành", "yêu nghề", "chu đáo", "sẵn sàng", "tận tình", "nhiệt tình", "lịch sự", "văn minh", "hăng say",
            "chăm chỉ", "cẩn thận", "mẫu mực", "chuẩn mực", "tâm huyết", "gắn bó", "nhiệt huyết", "sai trái", "cảnh giác",
            // What every job has, named without saying which part of it.
            "quy trình", "tác nghiệp", "xảy ra", "sự cố", "sai sót", "chỉ tiêu", "nơi làm việc", "công ty", "chủ trương", "đường lối",
            "đảng", "nhà nước", "chính sách", "pháp luật", "vai trò", "tình hình mới", "danh hiệu", "mọi", "hiệu suất", "giờ giấc",
            "lãng phí", "tiết kiệm", "nghiên cứu", "khoa học", "an ninh", "trật tự", "gia đình", "văn hóa", "chính đáng",
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
            Field(name: "giáo dục", sector: true, words: [
                "giảng dạy", "dạy học", "bài giảng", "giáo án", "tiết dạy", "tiết học", "học sinh", "sinh viên", "lớp", "chủ nhiệm",
                "đề kiểm tra", "kiểm tra 15 phút", "đề thi", "ôn thi", "ôn tập", "bồi dưỡng học sinh", "phụ đạo", "học sinh giỏi",
                "học sinh yếu", "sáng kiến kinh nghiệm", "thí nghiệm", "phòng học", "phụ huynh", "giáo viên", "trường", "thư viện",
                "sách", "bạn đọc", "mượn", "tài liệu tham khảo", "trẻ", "mầm non", "bán trú", "bữa ăn", "khẩu phần", "thực đơn",
                "nhà bếp", "học liệu", "giảng viên", "khóa luận", "đồ dùng dạy học", "thi tốt nghiệp", "chuyên đề", "câu hỏi",
                "trắc nghiệm", "ngân hàng câu hỏi", "bài tập", "môn", "phòng thí nghiệm", "hóa chất", "toán", "ngữ văn", "tiếng anh", "vật lý", "hóa học", "lịch sử",
                "học viên", "giáo trình", "đề cương", "bài thực hành", "xưởng thực hành", "giảng đường", "tuyển sinh", "tốt nghiệp", "điểm thi", "chấm thi", "coi thi", "lớp học",
                "học kỳ", "sổ điểm", "học bạ", "điểm danh học sinh", "sổ đầu bài", "thời khóa biểu", "dự giờ", "thao giảng", "giờ lên lớp", "kế hoạch bài dạy", "luận văn", "nghiên cứu sinh", "đề tài nghiên cứu", "hướng dẫn thực tập", "ký túc xá",
            ]),
            Field(name: "y tế", sector: true, words: [
                "bệnh nhân", "người bệnh", "điều dưỡng", "khám", "chữa bệnh", "thuốc", "tiêm", "bệnh viện", "ca trực",
                "bệnh án", "xét nghiệm", "phẫu thuật", "nhiễm khuẩn", "vô khuẩn", "trạm y tế", "khoa", "sản phụ", "sơ sinh",
                "tư vấn sức khỏe", "dinh dưỡng", "vắc xin", "tiêm chủng", "y tế", "dược", "cấp phát thuốc", "hộ lý", "bác sĩ",
                "sức khỏe", "buồng bệnh", "người nhà", "trẻ", "chiếu xạ", "x quang", "chụp x quang", "siêu âm", "chẩn đoán", "điều trị",
                "cấp cứu", "khám bệnh", "hồ sơ sức khỏe", "sơ cứu", "thai", "đỡ đẻ", "giường bệnh", "ra viện", "nhập viện", "y khoa",
                "truyền dịch", "huyết áp", "đơn thuốc", "kho thuốc", "dân số", "kế hoạch hóa gia đình",
                "nhà thuốc", "dược sĩ", "hạn dùng", "thực phẩm chức năng", "bán thuốc", "kê đơn", "tủ thuốc",
                "hồ sơ bệnh án", "phác đồ", "điều trị nội trú", "ngoại trú", "khám sức khỏe", "vật tư y tế", "dụng cụ y tế", "tiệt khuẩn", "kiểm soát nhiễm khuẩn", "chăm sóc người bệnh", "thay băng", "y lệnh", "phục hồi chức năng",
                "dịch bệnh", "tiền sử", "dị ứng", "kháng sinh",
            ]),
            Field(name: "tài chính", words: [
                "kế toán", "chứng từ", "thu chi", "quyết toán", "thuế", "ngân sách", "sổ sách", "hóa đơn", "tài chính", "kho bạc",
                "thanh toán", "lương", "tín dụng", "khoản vay", "giao dịch", "ngân hàng", "quỹ", "báo cáo tài chính", "công nợ",
                "tài sản", "dự toán", "khách hàng", "tiền", "bảo hiểm xã hội", "bảo hiểm y tế", "đóng bảo hiểm", "thu nợ",
                "hoàn thuế", "kê khai", "hải quan", "tờ khai", "thông quan", "chi tiêu", "quy chế chi tiêu", "thủ quỹ", "kho quỹ",
                "tài khoản", "tiền gửi", "chuyển tiền", "nợ", "doanh thu", "bảo hiểm", "bhxh", "bhyt", "người nộp thuế", "kiểm đếm",
                "bồi thường", "hồ sơ bồi thường", "giám định tổn thất", "tổn thất", "thiệt hại", "định giá", "phí bảo hiểm", "hợp đồng bảo hiểm", "tái tục", "đáo hạn", "chi trả", "chuyển khoản", "thù lao", "nhuận bút", "bảng kê", "đối chiếu công nợ", "kế toán tổng hợp", "thanh toán", "ủy nhiệm chi", "phiếu chi", "phiếu thu", "sổ quỹ", "định khoản", "khấu hao",
                "kiểm toán", "công tác phí", "chi phí", "chứng từ chi phí", "cho vay", "vay vốn", "hồ sơ vay",
            ]),
            Field(name: "hành chính công", words: [
                "hồ sơ", "một cửa", "thủ tục hành chính", "tiếp dân", "tiếp công dân", "văn bản", "công văn", "dịch vụ công",
                "giải quyết", "công dân", "chứng thực", "hộ tịch", "đất đai", "tiếp nhận", "trả kết quả", "người dân", "khiếu nại",
                "tố cáo", "lưu trữ", "văn thư", "biên bản", "quyết định", "tờ trình", "ubnd", "ủy ban", "xã", "phường", "thẩm định",
                "cấp phép", "giấy phép", "đăng ký kinh doanh", "hồ sơ vụ án", "phiên tòa", "thư ký tòa", "thi hành án", "bưu phẩm",
                "bưu gửi", "chuyển phát", "thư", "bưu điện", "bưu tá", "bưu cục", "văn bản đến", "văn bản đi", "con dấu", "tòa án",
                "vụ án", "xét xử", "đương sự", "hòa giải",
                "thửa đất", "địa chính", "mốc giới", "cắm mốc", "trích đo", "giấy chứng nhận", "quyền sử dụng đất", "thế chấp", "đăng ký đất đai", "bản đồ địa chính", "văn phòng phẩm", "tiếp nhận hồ sơ", "phiếu yêu cầu",
                "cải cách hành chính", "niêm yết", "thủ tục", "căn cước", "cư trú", "hộ khẩu", "khai sinh", "khai tử", "kết hôn", "sổ theo dõi văn bản",
                "hành chính", "hành chính tổng hợp", "lịch công tác", "lịch họp",
            ]),
            Field(name: "sản xuất", sector: true, words: [
                "sản xuất", "sản phẩm", "dây chuyền", "máy", "chất lượng sản phẩm", "lỗi", "phế phẩm", "năng suất", "định mức",
                "ca làm", "thiết bị", "bảo trì", "nguyên liệu", "vật tư", "xưởng", "an toàn lao động", "đường may", "may", "hàng",
                "đóng gói", "kho", "lắp ráp", "phân xưởng", "công nhân", "tổ sản xuất", "5s", "điện", "lỗi",
                "đường dây", "trạm biến áp", "sự cố", "mất điện", "đồng hồ", "ghi chỉ số", "linh kiện", "ngoại quan", "chi tiết",
                "gia công", "mối hàn", "tiện", "phay", "dập", "khuôn", "đồ gá", "bo mạch", "tổ máy", "nhà máy", "máy cắt", "rơ le",
                "trạm phân phối", "thông số", "ca trực", "bảo dưỡng",
                "chế biến", "cấp đông", "tủ cấp đông", "fillet", "phi lê", "lạng da", "khuôn", "đá vảy", "công đoạn", "lò nung", "phôi", "cán thép", "giá cán", "trục cán", "thép", "mẻ", "luyện", "nhuộm", "thuốc nhuộm", "pha màu", "màu", "vải", "sợi", "dệt", "in offset", "bản in", "máy in offset", "mực in", "xén", "đóng xén", "hàn", "que hàn", "tôn", "vỏ tàu", "phân đoạn", "sơn", "khai thác than", "lò chợ", "đào lò", "chống lò", "than", "mỏ", "khí mỏ", "thông gió", "băng tải", "con lăn", "cầu trục", "cẩu", "tời", "xe nâng", "động cơ", "tủ điện", "lò hơi", "nồi hơi", "máy nén", "đường ống", "van", "bơm", "máy bơm", "điều hòa", "chiller", "hệ thống điện", "kéo cáp", "cáp điện", "thiết bị điện", "thành phẩm", "bán thành phẩm", "sản lượng", "tiêu hao",
                "bình bản", "bản kẽm", "ctp", "in thử", "tờ in", "ra bản", "ahu", "lưới lọc", "chênh áp", "block", "trọng lượng tịnh", "châm nước", "đơn hàng",
                "chụp ảnh nhiệt", "camera nhiệt", "tấm pin", "pin mặt trời", "inverter", "chiết rót", "đóng nắp", "đóng chai", "dán nhãn", "máy xeo", "lô sấy", "sấy", "nước ngưng", "áp suất", "vòng bi", "quạt khói", "khuôn dập", "máy dập", "sơn tĩnh điện", "phun sơn",
                "bìa sách", "đóng sách", "gáy sách", "keo gáy", "giật gáy", "vào bìa",
                "giày", "mũ giày", "đế giày", "da giày", "gò giày", "in lụa", "chuyền", "chuyền may", "tổ trưởng chuyền",
                "in sách", "nhà in", "xưởng in", "máy in kỹ thuật số", "in kỹ thuật số", "chỉnh màu", "cân chỉnh màu", "in mẫu", "cuốn mẫu",
                "phun men", "tráng men", "mộc sứ", "gốm sứ", "sứ vệ sinh", "súng phun", "đổ rót", "khuôn thạch cao",
                "quặng", "tinh quặng", "tuyển quặng", "khoan nổ", "nổ mìn", "lỗ mìn", "moong", "bãi thải", "máy khoan",
            ]),
            Field(name: "giao thông vận tải", sector: true, words: [
                "xe", "lái xe", "hành khách", "tuyến", "chuyến", "vận chuyển", "hàng hóa", "giao hàng", "nhiên liệu", "bảo dưỡng xe",
                "an toàn giao thông", "bến", "tàu", "đường sắt", "buýt", "phụ xe", "vé", "lộ trình", "tai nạn", "biển số", "đèn",
                "cầu đường", "đường bộ", "ga", "xe nâng", "tuần đường", "tuần tra", "đoàn tàu", "toa", "chạy tàu", "hành trình", "lốp", "phanh", "ô tô", "xe tải",
                "tài xế", "bãi đỗ", "lệnh vận chuyển", "hành lý", "bốc dỡ", "chở hàng", "kiểm định xe", "đăng kiểm", "nhật trình", "giám sát hành trình", "bến xe", "bến tàu",
                "toa xe", "guốc hãm", "van hãm", "lập tàu", "đầu máy",
            ]),
            Field(name: "xây dựng", sector: true, words: [
                "công trình", "thi công", "bản vẽ", "vật liệu", "bê tông", "nghiệm thu", "dự toán", "công trường",
                "kết cấu", "cốt thép", "giàn giáo", "hạng mục", "nhà thầu", "đo đạc", "trắc địa", "cao độ", "mặt đường", "tim mốc",
                "máy thủy bình", "định vị", "hoàn công", "an toàn lao động", "bảo hộ lao động", "rào chắn", "biển báo", "thi công", "máy lu", "máy xúc", "bản vẽ thiết kế", "thiết kế công trình",
                "thiết kế", "kiến trúc", "bim", "phương án thiết kế", "hồ sơ thiết kế", "chủ đầu tư", "dự án", "quy hoạch", "giám sát thi công", "mặt bằng", "móng", "dầm", "cột", "tường", "mái",
            ]),
            Field(name: "nông nghiệp", sector: true, words: [
                "cây trồng", "giống", "vụ", "lúa", "chăn nuôi", "phân bón", "thu hoạch", "ruộng", "vườn", "thủy sản", "nông nghiệp",
                "hợp tác xã", "khuyến nông", "sâu bệnh", "thuốc bảo vệ thực vật", "gia súc", "gia cầm", "thú y", "tưới", "ao",
                "rau", "chè", "nông sản", "đồng ruộng", "canh tác", "vietgap", "hữu cơ", "xã viên", "trồng trọt",
                "giống cây", "cây giống", "vườn ươm", "gieo", "cấy", "bón phân", "phun thuốc", "dịch hại", "chuồng trại", "tiêm phòng", "đàn gia súc", "đàn gà", "đàn lợn", "thức ăn chăn nuôi", "thu mua", "sơ chế nông sản", "tưới tiêu", "máy cày", "đất trồng", "năng suất lúa", "mùa vụ",
                "lợn", "heo", "gà", "vịt", "bò", "trâu", "dê", "dịch bệnh", "dịch tả", "trang trại", "vải thiều", "nông dân", "ghép cải tạo", "cây ăn quả", "trồng rừng", "rừng", "gỗ keo", "bạch đàn", "lâm sản", "hạt giống", "ngô", "ruộng thí nghiệm", "lai tạo", "tập huấn kỹ thuật",
                "mía", "chữ đường", "khúc xạ kế", "vùng nguyên liệu", "hộ trồng", "thân thịt", "kiểm dịch",
            ]),
            Field(name: "công nghệ thông tin", words: [
                "phần mềm", "hệ thống", "dữ liệu", "website", "trang thông tin", "trang web", "ứng dụng", "máy tính", "mạng",
                "số hóa", "chuyển đổi số", "lập trình", "mã nguồn", "bảo mật", "máy chủ", "công nghệ thông tin", "sao lưu", "lỗi phần mềm",
                "kiểm thử", "tính năng", "cơ sở dữ liệu", "trực tuyến", "excel", "zalo", "email", "máy in", "màn hình", "ảnh chụp màn hình",
                "lỗi", "truy vấn", "module", "hạ tầng", "cloud", "deploy", "triển khai tự động", "tự động hóa", "dịch vụ", "mã vạch",
                "giao diện", "slide", "poster", "video", "fanpage", "thiết kế đồ họa", "đặc tả", "lập trình viên", "ci/cd",
                "seo", "crm", "wms", "erp", "ổ cứng", "mạng nội bộ", "phần mềm nghiệp vụ", "camera",
                "tài khoản người dùng", "phân quyền", "mật khẩu", "virus", "tường lửa", "sao lưu dữ liệu", "phần cứng", "cài đặt", "api", "ứng dụng di động", "app",
            ]),
            Field(name: "công tác công đoàn", words: [
                "đoàn viên", "công đoàn", "phong trào", "thi đua", "khen thưởng", "nữ công", "sinh hoạt", "văn nghệ", "thể thao",
                "phúc lợi", "chăm lo", "thăm hỏi", "báo cáo thi đua", "hội diễn", "biểu diễn", "ca nhạc", "giải đấu", "đoàn thanh niên",
                "thanh niên", "tuyên truyền", "mái ấm công đoàn", "quỹ xã hội", "kết nạp", "đại hội", "ban chấp hành", "hội thao",
                "liên hoan", "tổ chức sự kiện", "chương trình", "đêm nhạc", "tình nguyện", "từ thiện",
                "đối thoại", "kiến nghị", "thỏa ước", "thương lượng tập thể",
                "đoàn phí", "kinh phí công đoàn", "hội nghị người lao động", "quy chế dân chủ", "ban nữ công", "tổ công đoàn", "nữ đoàn viên", "trợ cấp khó khăn",
                "thỏa ước lao động tập thể", "tiền trọ", "nhà trọ công nhân", "hỗ trợ công nhân", "bữa ăn ca",
                "cđcs", "công đoàn cơ sở", "chủ tịch công đoàn",
                // The Party cell's work sits with the union's: both are done by those who hold a post in them.
                "chi bộ", "chi ủy", "cấp ủy", "đảng ủy", "đảng ủy viên", "sinh hoạt chi bộ", "nghị quyết chi bộ",
            ]),
            Field(name: "ăn uống, lưu trú", sector: true, words: [
                "khách sạn", "lễ tân", "nhận phòng", "trả phòng", "đặt phòng", "nấu ăn", "thực phẩm", "bếp", "món", "sơ chế", "thực đơn",
                "bữa ăn", "khẩu phần", "nhà bếp", "kiểm thực", "ngộ độc", "cấp dưỡng", "đầu bếp", "an toàn thực phẩm", "nhà hàng",
                "ăn uống", "đồ ăn", "đồ uống", "buffet", "pha chế", "quầy bar", "món ăn",
                // A hotel's housekeeping is the hotel's trade as well as cleaning.
                "buồng phòng", "dọn phòng", "nhân viên buồng", "phòng khách sạn", "resort", "minibar",
            ]),
            Field(name: "an ninh, vệ sinh", words: [
                "bảo vệ", "tuần tra", "canh gác", "ra vào", "phòng cháy", "chữa cháy", "camera", "trật tự", "vệ sinh", "dọn dẹp",
                "quét", "rác", "lau", "khuôn viên", "nhà vệ sinh", "cây xanh", "khử khuẩn", "tuần tra", "mục tiêu", "trực cổng",
                "dọn phòng", "buồng phòng", "đồ vải", "thu gom", "nhân viên buồng", "phòng khách sạn", "phòng nghỉ",
                "khử trùng", "chlorine", "ngâm rửa", "tẩy rửa", "kiểm soát ra vào", "barie", "seal", "trực bảo vệ",
                "tổ bảo vệ", "đi tuần", "hàng rào",
            ]),
            Field(name: "nhân sự, lao động", words: [
                "tuyển dụng", "tuyển", "phỏng vấn", "hợp đồng lao động", "chấm công", "tính lương", "bảng lương", "tiền lương", "nhân sự",
                "hồ sơ nhân sự", "nghỉ phép", "thôi việc", "nội quy lao động", "thỏa ước lao động", "sổ bhxh", "định biên", "đào tạo nhân viên",
                "bảo hiểm xã hội", "bhxh", "người lao động mới", "hội nhập", "thử việc",
                "bảng chấm công", "ngày công", "bảng công", "điện thoại viên mới", "đào tạo hội nhập", "tổ chức cán bộ", "công tác cán bộ", "quy hoạch cán bộ", "hồ sơ cán bộ", "lý lịch cán bộ",
            ]),
            Field(name: "pháp chế", words: [
                "pháp chế", "pháp lý", "tư vấn pháp lý", "khởi kiện", "đơn khởi kiện", "vụ kiện", "kiện", "tranh chấp", "thừa kế", "luật sư",
                "tố tụng", "rà soát hợp đồng", "soạn thảo hợp đồng", "mẫu hợp đồng", "hợp đồng", "điều khoản", "văn bản pháp lý", "thi hành án",
            ]),
            Field(name: "truyền thông, báo chí", words: [
                "tin bài", "bài viết", "bài báo", "phóng sự", "thông cáo báo chí", "thông cáo", "báo in", "báo điện tử", "tòa soạn", "biên tập",
                "dàn trang", "trình bày báo", "mo rát", "morat", "chính tả", "kịch bản", "phim tài liệu", "phim", "clip", "video", "tiktok",
                "fanpage", "youtube", "quảng cáo", "tờ rơi", "truyền thông", "marketing", "bản tin", "ấn phẩm", "chụp ảnh", "quay phim",
                "dựng phim", "dựng clip", "facebook", "cộng tác viên", "độc giả", "đăng tải", "nội dung", "xuất bản",
                "duyệt bài", "lên khuôn", "bài vở", "số liệu trong bài",
                "máy chiếu", "suất chiếu", "phòng chiếu", "bóng chiếu", "âm thanh ánh sáng", "sân khấu", "sự kiện",
            ]),
            Field(name: "kinh doanh, bán hàng", words: [
                "bán hàng", "doanh số", "chào hàng", "chào phí", "báo giá", "khách hàng", "khách", "đơn hàng", "đơn đặt hàng", "đại lý",
                "cửa hàng", "chăm sóc khách hàng", "tổng đài", "thị trường", "đối tác", "khuyến mại", "giới thiệu sản phẩm", "thương thảo",
                "đàm phán", "giá bán", "hợp đồng", "khách thuê", "nhà cung cấp", "mua hàng", "đặt mua", "vật tư",
                "crm", "kiểm kê", "bán tour",
                "siêu thị", "trưng bày", "đặt hàng", "dự thầu", "hồ sơ dự thầu", "đấu thầu", "khảo sát giá", "giá thép", "hợp đồng thuê", "cát xê",
            ]),
            Field(name: "kho vận", words: [
                "kho", "nhà kho", "kho bãi", "nhập kho", "xuất kho", "tồn kho", "xuất nhập tồn", "pallet", "kệ hàng", "kệ", "bốc xếp", "xe nâng", "giao nhận",
                "chứng từ giao nhận", "container", "cont", "vận đơn", "lưu kho", "nhập hàng", "kiểm kê", "mã vạch", "hàng hóa", "giao hàng", "điều xe", "phiếu xuất kho",
            ]),
            Field(name: "kiểm nghiệm, chất lượng", ownWork: true, words: [
                "kiểm nghiệm", "phân tích mẫu", "lấy mẫu", "mẫu thử", "thử kéo", "thử nghiệm", "phòng thí nghiệm", "kcs", "qc", "qa", "haccp",
                "iso", "chất lượng sản phẩm", "hàng lỗi", "tỷ lệ lỗi", "hiệu chuẩn", "kiểm định", "cơ tính", "tiêu chuẩn kỹ thuật", "lô hàng",
                "siêu âm mối hàn", "độ tro", "ccp", "mẫu lưu", "lab dip", "nhiệt kế", "máy đo",
                "cấy mẫu", "vi sinh", "nuôi cấy", "lưu mẫu", "mẫu đối chứng", "mẫu men", "men màu", "công thức men", "phép thử",
                "aql", "lực xiết", "thuốc thử",
            ]),
            // Only words no office uses: "sửa chữa" also corrects a voucher, "căn chỉnh" aligns a page, "siết" tightens
            // discipline.
            Field(name: "sửa chữa, bảo dưỡng máy móc", upkeep: true, words: [
                "bảo dưỡng", "bảo trì", "tra mỡ", "tra dầu", "thay dầu", "vòng bi", "bạc đạn", "bu lông", "má phanh", "puly",
                "dây curoa", "bánh răng", "ổ trục", "gioăng", "phớt", "hộp số", "tiếp địa", "điện trở", "cầu dao", "thay lọc",
                "lọc gió", "tháo thay", "van hãm", "guốc hãm",
            ]),
            Field(name: "an toàn lao động, phòng cháy", words: [
                "an toàn lao động", "bảo hộ lao động", "huấn luyện an toàn", "phòng cháy", "chữa cháy", "bình chữa cháy", "pccc", "sprinkler",
                "đầu phun", "khí độc", "đo khí", "không gian kín", "giấy phép làm việc", "ứng phó sự cố", "tràn hóa chất", "cháy nổ", "an toàn",
                "khí dễ cháy", "đo oxy", "máy đo", "đeo kính", "kính bảo hộ", "găng tay", "găng", "đồ bảo hộ", "mũ bảo hộ", "dây an toàn",
            ]),
            Field(name: "du lịch, lữ hành", sector: true, words: [
                "tour", "đoàn khách", "khách đoàn", "hướng dẫn viên", "thuyết minh", "điểm đến", "tham quan", "lữ hành", "vé máy bay", "đặt vé",
                "xuất vé", "khởi hành", "lịch trình", "đặt chỗ", "đặt dịch vụ",
                "bán tour", "báo giá", "trưởng đoàn", "chương trình tour",
            ]),
            Field(name: "lao động, thương binh, xã hội", sector: true, words: [
                "hộ nghèo", "cận nghèo", "giảm nghèo", "bảo trợ xã hội", "trợ cấp xã hội", "người có công", "thương binh", "liệt sĩ",
                "chính sách xã hội", "trẻ em có hoàn cảnh đặc biệt", "người khuyết tật", "trợ giúp xã hội", "nhà tình nghĩa",
            ]),
            Field(name: "thủy lợi", sector: true, words: [
                "thủy lợi", "kênh", "kênh mương", "mương", "nạo vét", "cống", "cống đầu mối", "trạm bơm", "bơm tưới", "tưới tiêu",
                "thủy chí", "đê", "bờ kênh", "hồ chứa", "đập", "xả lũ", "tiêu úng", "diện tích tưới",
            ]),
            // Wiring a building is an electrician's trade whatever the workplace: a teacher who rewires classrooms does
            // another's job.
            Field(name: "điện dân dụng", words: [
                "đi dây", "dây điện", "ổ cắm", "bóng đèn", "thay bóng đèn", "đèn chiếu sáng", "sửa điện", "aptomat", "cầu dao",
                "quạt trần", "thợ điện", "điện nước", "hệ thống điện", "sửa chữa điện", "lắp đặt điện", "nguồn điện", "đường điện",
            ]),
            Field(name: "môi trường", sector: true, words: [
                "nước thải", "xử lý nước thải", "khí thải", "chất thải", "chất thải rắn", "quan trắc", "cod", "ph", "môi trường", "keo tụ",
                "giếng khoan", "mực nước", "lưu lượng", "nguồn nước",
            ]),
        ],
        commonConduct: [
            "tắt điều hòa", "tắt đèn", "tắt máy in", "tắt máy tính", "hết giờ làm", "công tắc",
            "tiết kiệm điện", "tiết kiệm nước", "tiết kiệm giấy", "giảm giấy", "in ấn", "tắt điện", "tắt máy", "đúng giờ", "đi làm đúng giờ",
            "không hút thuốc", "rác thải nhựa", "không dùng đồ nhựa", "túi ni lông", "văn hóa công sở", "trang phục", "ứng xử",
            "đeo mặt nạ", "đeo khẩu trang", "rửa tay", "đeo găng tay",
            "hiến máu", "đọc sách", "tự học", "học ngoại ngữ", "học tin học", "chứng chỉ ngoại ngữ", "chứng chỉ tin học", "trồng cây",
        ],
        unionActivities: [
            "đoàn viên", "công đoàn", "nữ công", "văn nghệ", "hội diễn", "thể thao", "hội thao", "giải đấu", "bóng đá", "bóng chuyền",
            "cầu lông", "kéo co", "ca nhạc", "đêm nhạc", "du lịch", "về nguồn", "nghỉ mát", "phúc lợi", "mái ấm công đoàn", "quỹ xã hội",
            "câu lạc bộ", "liên hoan", "quà tết", "con em", "từ thiện", "quyên góp",
            // The Party cell's own work is its committee's, as the union's is its officers'.
            "chi bộ", "đảng ủy", "tổ chức đảng", "nghị quyết chi bộ", "sinh hoạt chi bộ", "đảng viên",
        ],
        unionPosts: [
            "công đoàn", "cđcs", "nữ công", "tuyên giáo", "văn thể", "ban chấp hành", "bch", "đoàn thanh niên", "chi đoàn",
            "bí thư đoàn", "đoàn trường", "tổng phụ trách đội",
            "bí thư", "chi ủy", "cấp ủy", "đảng ủy viên",
        ],
        offDutyActivities: [
            "xuất khẩu lao động", "trong xóm", "thanh niên trong xóm", "trong thôn", "bà con trong thôn",
            "người cao tuổi", "hội phụ nữ", "khu dân cư", "xóm trọ", "dạy bơi", "dân vũ", "cựu chiến binh",
            "du khách", "quảng bá du lịch", "tiểu cảnh", "sân vườn", "võ cổ truyền", "võ thuật", "dạy võ", "guitar", "ghi ta", "piano",
            "thiếu nhi", "dạy vẽ", "tình nguyện", "thiện nguyện", "gây quỹ", "khuyến học", "nhà tình nghĩa", "nhà tình thương",
            "dẫn chương trình", "mc",
            // A side business of one's own.
            "bán hàng online", "bán hàng qua mạng", "kinh doanh online",
            // Where one lives is not where one works.
            "nơi sinh sống", "nơi cư trú", "nơi gia đình sinh sống", "tổ dân phố", "quê nhà", "gần nhà",
            // Giving one's work away to people outside the workplace is charity, whatever the trade. Not "miễn phí" alone:
            // free advice, delivery or warranty is many a job's own service. Not "chùa" alone: typed without marks it is
            // "chua" of "sua chua".
            "người nghèo", "nhà dưỡng lão", "cơm chay", "ở chùa", "tại chùa", "lên chùa", "nhà chùa", "nhà thờ", "giáo xứ", "nhà văn hóa thôn",
        ],
        authorityVerbs: ["chỉ đạo", "phê duyệt", "ký duyệt", "phân công lại", "điều động"],
        leadershipWords: [
            "trưởng", "phó", "giám đốc", "chủ tịch", "quản lý", "phụ trách", "lãnh đạo", "chỉ đạo", "điều hành", "chủ nhiệm", "bí thư",
        ],
        bodies: [
            "phòng", "ban", "sở", "ủy ban", "ubnd", "bộ phận", "trung tâm", "chi nhánh", "ban giám đốc", "ban giám hiệu", "khoa",
            "văn phòng", "cục", "chi cục", "ban quản lý",
        ],
        bodyPrepositions: ["cho", "của", "giúp", "hộ", "thay"],
        commonWords: [
            "máy đo", "danh sách",
            // Every job's ways of telling people: they name no field.
            "zalo", "nhóm zalo", "điện thoại", "gọi điện",
            // Every office's tools and every job's records: they name no field either.
            "excel", "file excel", "bảng excel", "bảng tính", "quyết định", "chụp ảnh",
            "biên bản",
            "kiểm tra", "hướng dẫn", "tổ chức", "theo dõi", "quản lý", "hỗ trợ", "thực hiện", "báo cáo", "phát triển", "tham gia",
            "phụ trách", "tiếp nhận", "giải quyết", "vận hành", "sửa chữa", "giám sát", "lập kế hoạch", "cập nhật", "tổng hợp",
            "công nhân", "người lao động", "nhân viên", "cán bộ", "công chức", "viên chức",
        ],
        places: [
            "trường", "bệnh viện", "trạm y tế", "khoa", "xã", "phường", "ubnd", "ủy ban", "xưởng", "phân xưởng", "công trường",
            "nhà máy", "bến", "ga", "khách sạn", "nhà hàng", "bưu cục", "kho bạc", "ngân hàng", "hợp tác xã", "điện lực", "bưu điện",
            "chi nhánh", "trụ sở", "nhà kho", "xưởng thực hành", "giảng đường", "nhà in", "xưởng in", "resort",
        ],
        rooms: [
            "phòng học", "phòng đọc", "phòng nghỉ", "phòng bệnh", "phòng họp", "phòng khám", "phòng máy", "phòng thí nghiệm", "phòng ở",
            "phòng trọ", "phòng chống", "phòng ngừa", "phòng cháy", "phòng dịch", "phòng mổ", "phòng trực", "phòng tiêm", "phòng khách",
            "phòng ăn", "phòng chờ", "phòng bộ môn", "phòng truyền thống", "phòng thiết bị", "ban ngày", "ban đêm", "ban đầu",
            "khoa học", "văn phòng phẩm", "sở thích", "phong trào", "phong cách", "ban hành", "ban chấp hành", "khoa phòng",
        ],
        aimWords: [
            "phấn đấu", "đảm bảo", "bảo đảm", "không để", "không bị", "giữ vững", "hướng tới", "hướng đến", "nâng cao", "làm tốt",
            "phát huy", "tuân thủ", "chấp hành", "góp phần",
        ],
        meansWords: ["bằng cách", "bằng việc", "thông qua", "qua việc"],
        actVerbs: [
            "lập", "soạn", "viết", "ghi", "kiểm tra", "kiểm kê", "rà soát", "cập nhật", "theo dõi", "đối chiếu", "thay", "sửa", "lắp đặt",
            "dạy", "hướng dẫn", "tổ chức", "đo", "nhập", "xuất", "giao", "nhận", "tư vấn", "vận hành", "bảo dưỡng", "bảo trì", "vệ sinh",
            "thu", "chi", "tính", "báo cáo", "gửi", "nộp", "chụp", "quay", "đăng", "trực", "tuần tra", "lấy mẫu", "phân tích", "cấp",
            "trả", "xử lý", "giải quyết", "làm", "đào tạo", "kèm cặp", "chấm", "phân loại", "đóng gói", "dán", "in", "sắp xếp", "dọn",
            "thu gom", "trồng", "tưới", "bón", "phun", "tiêm", "khám", "chăm sóc", "phát", "mua", "bán", "chào", "đàm phán", "ký",
            "thiết kế", "xây dựng", "triển khai", "áp dụng", "rút ngắn", "giảm", "tăng", "hoàn thành", "tham gia", "gọi", "nhắc",
            "đi", "lên", "chuẩn bị", "sao lưu", "số hóa", "lưu", "niêm yết", "tuyên truyền", "họp", "phối hợp", "liên hệ", "thăm",
        ],
        roleActs: [
            RoleAct(role: "lái xe", acts: ["lái xe"], except: ["lái xe nâng"],
                    owners: ["lái", "tài xế", "xe", "vận tải", "giao hàng", "giao nhận"]),
            RoleAct(role: "kinh doanh, đấu thầu", acts: ["hồ sơ dự thầu", "hồ sơ thầu", "dự thầu", "đấu thầu"],
                    owners: ["thầu", "kinh doanh", "bán hàng", "thị trường"]),
            RoleAct(role: "tuyển dụng, nhân sự", acts: ["tuyển dụng", "hợp đồng thử việc", "phỏng vấn tuyển", "phỏng vấn ứng viên"],
                    owners: ["tuyển", "nhân sự", "tổ chức", "hành chính", "lao động"]),
            RoleAct(role: "phiên dịch", acts: ["phiên dịch", "biên dịch", "dịch tài liệu"], owners: ["dịch", "ngoại ngữ", "tiếng"]),
            RoleAct(role: "thiết kế", acts: ["thiết kế"],
                    except: ["thiết kế bài", "thiết kế giáo án", "thiết kế hoạt động", "thiết kế trò chơi", "thiết kế đề", "thiết kế mẫu",
                             "thiết kế biểu", "thiết kế phiếu"],
                    owners: ["thiết kế", "kỹ sư", "kiến trúc", "kỹ thuật", "đồ họa", "mỹ thuật", "nghiên cứu", "công nghệ", "lập trình",
                             "phát triển", "sáng tạo"]),
            RoleAct(role: "tiền lương, giá thành", acts: ["tính lương", "bảng lương", "tính giá thành"],
                    owners: ["lương", "kế toán", "nhân sự", "giá thành", "tài chính"]),
            RoleAct(role: "hiệu chuẩn, đo lường", acts: ["hiệu chuẩn"],
                    owners: ["hiệu chuẩn", "đo lường", "kiểm định", "thí nghiệm", "phân tích", "kiểm nghiệm", "thiết bị", "bảo trì",
                             "bảo dưỡng", "kỹ thuật", "sửa chữa"]),
            RoleAct(role: "kiểm toán", acts: ["kiểm toán"], owners: ["kiểm toán", "kế toán", "tài chính", "thanh tra", "kiểm soát"]),
            RoleAct(role: "giảng dạy, sát hạch", acts: ["đứng lớp", "soạn đề", "soạn bộ đề", "ra đề", "chấm thi", "chấm bài"],
                    owners: ["dạy", "giáo viên", "giảng", "huấn luyện", "đào tạo", "thi", "giáo vụ", "khảo thí"]),
            RoleAct(role: "thu ngân", acts: ["thu tiền", "thu phí"],
                    owners: ["thu", "ngân", "kế toán", "tiền", "phí", "bán", "doanh thu", "tài chính"]),
            RoleAct(role: "điều độ vận tải", acts: ["điều xe", "lên lộ trình", "phân tuyến"],
                    owners: ["điều độ", "điều xe", "điều phối", "lộ trình", "vận tải", "tuyến"]),
            RoleAct(role: "pháp chế, hợp đồng", acts: ["dự thảo hợp đồng", "soạn hợp đồng", "soạn thảo hợp đồng", "hợp đồng mua bán"],
                    owners: ["hợp đồng", "kinh doanh", "bán", "pháp chế", "pháp lý", "luật", "mua", "vật tư", "hành chính", "nhân sự",
                             "thị trường", "khách hàng", "dự án"]),
            RoleAct(role: "truyền thông", acts: ["viết kịch bản", "quay video clip", "dựng video", "dựng clip"],
                    owners: ["truyền thông", "video", "clip", "marketing", "quảng cáo", "phóng viên", "biên tập", "tuyên truyền", "kịch bản",
                             "sự kiện", "fanpage", "nội dung"]),
            RoleAct(role: "kinh doanh", acts: ["chào giá", "chào hàng", "ký hợp đồng"],
                    owners: ["kinh doanh", "bán", "thị trường", "khách hàng", "hợp đồng", "giá", "dự án", "marketing", "tiếp thị", "mua",
                             "vật tư"]),
        ])
}
