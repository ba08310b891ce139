/// Shared behaviour of the fixed-choice fields: the raw value is the stable English database value,
/// `label` is what Vietnamese users type and read.
protocol LabeledChoice: RawRepresentable, CaseIterable where RawValue == String {
    var label: String { get }
    var labelEN: String { get }
    /// Other spellings in common use, matched like the label.
    static var aliases: [String: Self] { get }
}

extension LabeledChoice {
    /// Keys under which each case is found: its Vietnamese label, raw value and English label, folded
    /// so that "ĐẠI HỌC", "dai hoc" and "Đại  học" all match.
    static func makeLookup() -> [String: Self] {
        var table: [String: Self] = [:]
        for choice in allCases {
            for text in [choice.label, choice.rawValue, choice.labelEN] {
                table[lookupKey(text)] = choice
            }
        }
        for (text, choice) in aliases { table[lookupKey(text)] = choice }
        return table
    }

    static var aliases: [String: Self] { [:] }

    static func lookupKey(_ text: String) -> String {
        VietnameseText.fold(text)
    }
}

public enum Gender: String, CaseIterable, Codable, Sendable, LabeledChoice {
    case male
    case female

    public var label: String {
        switch self {
        case .male: "Nam"
        case .female: "Nữ"
        }
    }

    public var labelEN: String {
        switch self {
        case .male: "Male"
        case .female: "Female"
        }
    }

    private static let lookup = makeLookup()

    public static func parse(_ text: String) -> Gender? {
        lookup[lookupKey(text)]
    }
}

/// Highest professional qualification ("trình độ chuyên môn").
public enum EducationLevel: String, CaseIterable, Codable, Sendable, LabeledChoice {
    case doctorate
    case master
    case bachelor
    case college
    case intermediate
    case elementary
    case none

    public var label: String {
        switch self {
        case .doctorate: "Tiến sĩ"
        case .master: "Thạc sĩ"
        case .bachelor: "Đại học"
        case .college: "Cao đẳng"
        case .intermediate: "Trung cấp"
        case .elementary: "Sơ cấp"
        case .none: "Chưa qua đào tạo"
        }
    }

    public var labelEN: String {
        switch self {
        case .doctorate: "Doctorate"
        case .master: "Master's degree"
        case .bachelor: "Bachelor's degree"
        case .college: "College"
        case .intermediate: "Vocational secondary"
        case .elementary: "Vocational elementary"
        case .none: "No formal training"
        }
    }

    /// Both "sĩ" and "sỹ" are accepted spellings (the i/y variation), and both appear on diplomas.
    static var aliases: [String: EducationLevel] { ["Tiến sỹ": .doctorate, "Thạc sỹ": .master] }

    private static let lookup = makeLookup()

    public static func parse(_ text: String) -> EducationLevel? {
        lookup[lookupKey(text)]
    }
}

/// Level of political theory training ("lý luận chính trị").
public enum PoliticalTheory: String, CaseIterable, Codable, Sendable, LabeledChoice {
    case advanced
    case bachelor
    case intermediate
    case elementary

    public var label: String {
        switch self {
        case .advanced: "Cao cấp"
        case .bachelor: "Cử nhân"
        case .intermediate: "Trung cấp"
        case .elementary: "Sơ cấp"
        }
    }

    public var labelEN: String {
        switch self {
        case .advanced: "Advanced"
        case .bachelor: "Bachelor"
        case .intermediate: "Intermediate"
        case .elementary: "Elementary"
        }
    }

    private static let lookup = makeLookup()

    public static func parse(_ text: String) -> PoliticalTheory? {
        lookup[lookupKey(text)]
    }
}

public enum MemberStatus: String, CaseIterable, Codable, Sendable, LabeledChoice {
    case active
    case suspended
    case transferred
    case left

    public var label: String {
        switch self {
        case .active: "Đang sinh hoạt"
        case .suspended: "Tạm dừng sinh hoạt"
        case .transferred: "Đã chuyển sinh hoạt"
        case .left: "Đã ra khỏi tổ chức"
        }
    }

    public var labelEN: String {
        switch self {
        case .active: "Active"
        case .suspended: "Suspended"
        case .transferred: "Transferred"
        case .left: "Left the union"
        }
    }

    /// A suspended member still belongs to the union (and is counted in its membership); transferred
    /// and departed members are kept only as history.
    public var isCurrentMember: Bool {
        self == .active || self == .suspended
    }

    private static let lookup = makeLookup()

    public static func parse(_ text: String) -> MemberStatus? {
        lookup[lookupKey(text)]
    }
}
