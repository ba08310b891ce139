/// Evaluation and classification (đánh giá, xếp loại; issue 17 item 5) as pure rules.
///
/// Levels, point bands and the cap are data (`ClassificationRules`), dated per programme and unit by the App;
/// `ClassificationRules.defaults` is what DOMAIN.md gives: the four levels in use across the political system on a
/// 100-point scale (Quy định 366-QĐ/TW ngày 30/8/2025; Nghị định 335/2025/NĐ-CP uses the same), HTXSNV at most 20%
/// of the number rated HTTNV, raisable to 25% by the level above, rounding a setting (no text found fixes it).

/// A score on the sheet, in tenths of a point: 89,9 is 899. Integers, so a boundary is never a binary-fraction
/// accident (89,9 is HTTNV, 90 is HTXSNV).
public struct Score: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let tenths: Int
    public init(tenths: Int) { self.tenths = tenths }
    public init(points: Int) { self.tenths = points * 10 }

    /// Reads "89,9", "89.9", "90" (at most one decimal, not negative); nil for anything else.
    public init?(_ raw: String) {
        let text = VietnameseText.clean(raw).replacingOccurrences(of: ",", with: ".")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 4,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let w = Int(whole) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let f = parts[1]
            guard f.count == 1, let digit = f.first, digit.isASCII, digit.isNumber, let d = Int(f) else { return nil }
            fraction = d
        }
        self.tenths = w * 10 + fraction
    }

    public static func < (l: Score, r: Score) -> Bool { l.tenths < r.tenths }
    public static func + (l: Score, r: Score) -> Score { Score(tenths: l.tenths + r.tenths) }
    public static let zero = Score(tenths: 0)

    /// "89,9", "90" — the Vietnamese way, no trailing ",0".
    public var description: String {
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return sign + VNFormat.integer(Int(m / 10)) + (m % 10 == 0 ? "" : "," + String(m % 10))
    }
}

/// The four levels in use across the political system. Their codes are what the data stores; the rules may name
/// other levels (older data: vững mạnh / khá / trung bình / yếu), so code works with codes, not with this enum.
public enum ClassificationLevel: String, CaseIterable, Sendable, Codable {
    case htxsnv = "HTXSNV", httnv = "HTTNV", htnv = "HTNV", khtnv = "KHTNV"

    public var name: String {
        switch self {
        case .htxsnv: "Hoàn thành xuất sắc nhiệm vụ"
        case .httnv: "Hoàn thành tốt nhiệm vụ"
        case .htnv: "Hoàn thành nhiệm vụ"
        case .khtnv: "Không hoàn thành nhiệm vụ"
        }
    }

    public var nameEN: String {
        switch self {
        case .htxsnv: "Excellently fulfilled duties"
        case .httnv: "Well fulfilled duties"
        case .htnv: "Fulfilled duties"
        case .khtnv: "Did not fulfil duties"
        }
    }
}

/// How a percentage of a count becomes a whole number of people.
public enum CapRounding: String, CaseIterable, Sendable, Codable {
    /// Down: 20% of 7 is 1,4 → 1.
    case floor
    /// To the nearest, halves up: 20% of 7 → 1; 25% of 10 (2,5) → 3.
    case nearest
    /// Up: 20% of 7 → 2.
    case ceiling

    public var label: String {
        switch self {
        case .floor: "Làm tròn xuống"
        case .nearest: "Làm tròn đến số gần nhất (0,5 lên)"
        case .ceiling: "Làm tròn lên"
        }
    }

    /// `percent`% of `count`, rounded this way, in integers only.
    public func apply(percent: Int, of count: Int) -> Int {
        let n = max(0, count) * max(0, percent)
        switch self {
        case .floor: return n / 100
        case .nearest: return (n + 50) / 100
        case .ceiling: return (n + 99) / 100
        }
    }
}

public struct ClassificationRules: Sendable, Equatable, Codable {
    public struct Band: Sendable, Equatable, Codable {
        public var code: String
        public var name: String
        /// The lowest score of the band (inclusive); the band ends where the one above begins.
        public var minimum: Score
        public init(code: String, name: String, minimum: Score) {
            self.code = code
            self.name = name
            self.minimum = minimum
        }
    }

    /// The cap: at most `percent`% of the number rated `relativeTo` (that level exactly, in the same unit and
    /// group) may be rated `capped`; the level above may grant `raisedPercent`.
    public struct Cap: Sendable, Equatable, Codable {
        public var capped: String
        public var relativeTo: String
        public var percent: Int
        public var raisedPercent: Int
        public var rounding: CapRounding
        public init(capped: String, relativeTo: String, percent: Int, raisedPercent: Int, rounding: CapRounding) {
            self.capped = capped
            self.relativeTo = relativeTo
            self.percent = percent
            self.raisedPercent = raisedPercent
            self.rounding = rounding
        }
    }

    /// Highest band first.
    public var bands: [Band]
    public var cap: Cap?
    public var maxScore: Score
    /// The document the rules come from.
    public var source: String

    public init(bands: [Band], cap: Cap?, maxScore: Score = Score(points: 100), source: String) {
        self.bands = bands.sorted { $0.minimum > $1.minimum }
        self.cap = cap
        self.maxScore = maxScore
        self.source = source
    }

    public static let defaults = ClassificationRules(
        bands: [
            Band(code: ClassificationLevel.htxsnv.rawValue, name: ClassificationLevel.htxsnv.name, minimum: Score(points: 90)),
            Band(code: ClassificationLevel.httnv.rawValue, name: ClassificationLevel.httnv.name, minimum: Score(points: 70)),
            Band(code: ClassificationLevel.htnv.rawValue, name: ClassificationLevel.htnv.name, minimum: Score(points: 50)),
            Band(code: ClassificationLevel.khtnv.rawValue, name: ClassificationLevel.khtnv.name, minimum: Score(points: 0)),
        ],
        cap: Cap(capped: ClassificationLevel.htxsnv.rawValue, relativeTo: ClassificationLevel.httnv.rawValue,
                 percent: 20, raisedPercent: 25, rounding: .floor),
        source: "Quy định 366-QĐ/TW ngày 30/8/2025 (thang điểm 100, mức và tỷ lệ); Nghị định 335/2025/NĐ-CP")

    /// Problems with rules someone typed: codes unique, a lowest band at 0, percentages sane.
    public func problems() -> [String] {
        var out: [String] = []
        if bands.isEmpty { out.append("Cần ít nhất một mức xếp loại.") }
        if Set(bands.map(\.code)).count != bands.count { out.append("Mã các mức xếp loại không được trùng nhau.") }
        if Set(bands.map(\.minimum)).count != bands.count { out.append("Mỗi mức phải có điểm sàn khác nhau.") }
        if let lowest = bands.last, lowest.minimum != .zero { out.append("Mức thấp nhất phải bắt đầu từ 0 điểm.") }
        if bands.contains(where: { $0.minimum > maxScore }) { out.append("Điểm sàn không được vượt điểm tối đa \(maxScore).") }
        if let cap {
            if name(of: cap.capped) == nil || name(of: cap.relativeTo) == nil { out.append("Tỷ lệ khống chế phải chỉ các mức đã khai báo.") }
            if !(0...100).contains(cap.percent) || !(cap.percent...100).contains(cap.raisedPercent) {
                out.append("Tỷ lệ khống chế từ 0 đến 100%, tỷ lệ nâng không thấp hơn tỷ lệ thường.")
            }
        }
        return out
    }

    public func name(of code: String) -> String? { bands.first { $0.code == code }?.name }

    /// The band a score falls in (a score above the maximum is not clamped here; the sheet refuses it).
    public func level(for score: Score) -> Band {
        bands.first { score >= $0.minimum } ?? bands[bands.count - 1]
    }

    /// The cap's verdict for one unit and group.
    public struct CapCheck: Sendable, Equatable {
        /// Rated the capped level.
        public var count: Int
        /// Rated the level the percentage is taken of.
        public var base: Int
        public var percent: Int
        public var allowed: Int
        public var over: Int { max(0, count - allowed) }
        public var isWithin: Bool { over == 0 }
        public var message: String
    }

    /// `counts` by level code (one unit and group). Counts only the level named by the cap as the base — "20% of
    /// the number rated HTTNV" is of those rated HTTNV exactly, not of everyone and not HTTNV together with HTXSNV.
    /// nil when these rules have no cap.
    public func capCheck(counts: [String: Int], raised: Bool = false) -> CapCheck? {
        guard let cap else { return nil }
        let count = counts[cap.capped] ?? 0
        let base = counts[cap.relativeTo] ?? 0
        let percent = raised ? cap.raisedPercent : cap.percent
        let allowed = cap.rounding.apply(percent: percent, of: base)
        let cappedName = name(of: cap.capped) ?? cap.capped
        let baseName = name(of: cap.relativeTo) ?? cap.relativeTo
        let head = "Số xếp loại \(cappedName) (\(VNFormat.integer(count)))"
        let limit = "\(percent)% số \(baseName) (\(VNFormat.integer(base)) → tối đa \(VNFormat.integer(allowed)))"
        let message = count > allowed
            ? "\(head) vượt \(limit): thừa \(VNFormat.integer(count - allowed))."
            : "\(head) trong giới hạn \(limit)."
        return CapCheck(count: count, base: base, percent: percent, allowed: allowed, message: message)
    }
}

// MARK: Months

extension CivilDate {
    /// The same day `months` later; a day the target month lacks becomes its last day (31/8 + 6 months = 28/2,
    /// or 29/2 in a leap year), as calendars count "6 months after 31 August".
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return CivilDate(uncheckedYear: y, month: m, day: Swift.min(day, CivilDate.daysIn(month: m, year: y)))
    }
}

/// Hướng dẫn 1294/HD-TLĐ (14/8/2019): only a grassroots union (CĐCS) that has operated at least 12 months, or at
/// least 6 months after a merger or split, is classified. The periods are data like the rest.
public struct GrassrootsEligibility: Sendable, Equatable, Codable {
    public var monthsOperating: Int
    public var monthsAfterRestructuring: Int
    public var source: String

    public init(monthsOperating: Int, monthsAfterRestructuring: Int, source: String) {
        self.monthsOperating = monthsOperating
        self.monthsAfterRestructuring = monthsAfterRestructuring
        self.source = source
    }

    public static let defaults = GrassrootsEligibility(
        monthsOperating: 12, monthsAfterRestructuring: 6, source: "Hướng dẫn 1294/HD-TLĐ ngày 14/8/2019")

    public enum Verdict: Sendable, Equatable {
        case eligible
        case notYet(String)
        public var isEligible: Bool { self == .eligible }
        public var reason: String? { if case .notYet(let r) = self { r } else { nil } }
    }

    /// On `day`, may the union be classified? A merger or split (`restructuredOn`) restarts the count from that day
    /// with the shorter period; one before `operatingSince` is ignored.
    public func check(operatingSince: CivilDate, restructuredOn: CivilDate?, on day: CivilDate) -> Verdict {
        let date = VNFormat.date
        if day < operatingSince {
            return .notYet("Công đoàn cơ sở bắt đầu hoạt động từ \(date(operatingSince)), sau ngày xếp loại \(date(day)): chưa xếp loại được.")
        }
        if let restructured = restructuredOn, restructured > operatingSince {
            let enough = restructured.adding(months: monthsAfterRestructuring)
            guard day >= enough else {
                return .notYet("Công đoàn cơ sở hợp nhất hoặc chia tách ngày \(date(restructured)), đến ngày \(date(day)) chưa đủ \(monthsAfterRestructuring) tháng hoạt động (đủ từ ngày \(date(enough))): chưa xếp loại được (\(source)).")
            }
            return .eligible
        }
        let enough = operatingSince.adding(months: monthsOperating)
        guard day >= enough else {
            return .notYet("Công đoàn cơ sở hoạt động từ ngày \(date(operatingSince)), đến ngày \(date(day)) chưa đủ \(monthsOperating) tháng (đủ từ ngày \(date(enough))): chưa xếp loại được (\(source)).")
        }
        return .eligible
    }

    public static func check(operatingSince: CivilDate, restructuredOn: CivilDate?, on day: CivilDate) -> Verdict {
        defaults.check(operatingSince: operatingSince, restructuredOn: restructuredOn, on: day)
    }
}
