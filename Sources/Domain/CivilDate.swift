import Foundation

/// A calendar date with no time of day and no time zone.
///
/// Birth dates and join dates are legal dates written on documents; converting them through `Date`
/// would shift them by a day whenever the server's time zone differs from the one they were written in.
public struct CivilDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Only parsing is restricted to this range: it rejects typos such as "1/1/0199" while still
    /// covering every living person and the century digits that CCCD numbers can express.
    static let parseableYears = 1800...2200

    public init?(year: Int, month: Int, day: Int) {
        guard Self.parseableYears.contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Day numbers

    /// Days since 1970-01-01 (proleptic Gregorian). Howard Hinnant's `days_from_civil`: pure integer
    /// arithmetic, so it needs neither `Calendar` nor locale data, and is exact for any year.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12 // March = 0 so that the leap day is the last day of the year
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Inverse of `dayNumber` (Hinnant's `civil_from_days`).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(uncheckedYear: year, month: month, day: day)
    }

    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// Number of days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Full years elapsed, i.e. the age on `other` of someone born on `self`.
    /// Someone born on 29 February gains a year on 1 March in common years, as Vietnamese
    /// administrative practice counts it.
    public func years(until other: CivilDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    /// The date on which someone born on `self` turns `years` old (29 February becomes 1 March
    /// in common years, consistent with `years(until:)`).
    public func anniversary(years: Int) -> CivilDate {
        let targetYear = year + years
        if month == 2, day == 29, !Self.isLeap(targetYear) {
            return CivilDate(uncheckedYear: targetYear, month: 3, day: 1)
        }
        return CivilDate(uncheckedYear: targetYear, month: month, day: day)
    }

    // MARK: Today

    /// The current date where the union operates. A server in UTC would otherwise still be on
    /// "yesterday" until 07:00 Vietnam time.
    public static func today(in timeZone: TimeZone = vietnam) -> CivilDate {
        CivilDate(Date(), in: timeZone)
    }

    /// The calendar date of an instant where the union operates; the app's clock passes its own instant.
    public init(_ instant: Date, in timeZone: TimeZone = vietnam) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(uncheckedYear: parts.year!, month: parts.month!, day: parts.day!)
    }

    public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    // MARK: Comparable, description

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String { iso }

    // MARK: ISO 8601 "yyyy-MM-dd"

    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Self.number(bytes[0..<4]),
              let month = Self.number(bytes[5..<7]),
              let day = Self.number(bytes[8..<10]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var iso: String {
        Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    // MARK: Vietnamese "dd/mm/yyyy"

    /// Accepts what people actually type: 1- or 2-digit day and month, "/", "-" or "." as the
    /// (consistent) separator, and stray spaces or invisible characters pasted around the value.
    /// Two-digit years are refused because "1/1/30" could be 1930 or 2030.
    public init?(vietnamese text: String) {
        guard let (day, month, year) = Self.vietnameseParts(text) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Day, month and year as written, whether or not such a day exists.
    static func vietnameseParts(_ text: String) -> (Int, Int, Int)? {
        let bytes = Array(VietnameseText.clean(text).utf8)
        var index = 0
        func digitRun() -> ArraySlice<UInt8> {
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return bytes[start..<index]
        }
        let dayDigits = digitRun()
        guard (1...2).contains(dayDigits.count), index < bytes.count else { return nil }
        let separator = bytes[index]
        guard separator == UInt8(ascii: "/") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".")
        else { return nil }
        index += 1
        let monthDigits = digitRun()
        guard (1...2).contains(monthDigits.count), index < bytes.count, bytes[index] == separator else { return nil }
        index += 1
        let yearDigits = digitRun()
        guard yearDigits.count == 4, index == bytes.count,
              let day = Self.number(dayDigits), let month = Self.number(monthDigits),
              let year = Self.number(yearDigits) else { return nil }
        return (day, month, year)
    }

    /// What is wrong with a typed date, so that the message can say it: nothing typed, not a date at all, or a
    /// well-formed date that does not exist (31/02/1985).
    public enum Problem: Error, Sendable, Equatable {
        case empty
        case format(String)
        case nonexistent(day: Int, month: Int, year: Int)

        /// The sentence after the field's label ("Ngày sinh: …").
        public var message: String {
            switch self {
            case .empty:
                "không được để trống; hãy nhập ngày theo dạng dd/mm/yyyy."
            case .format(let text):
                "\"\(VietnameseText.excerpt(text))\" không phải một ngày viết theo dạng dd/mm/yyyy (ví dụ 02/09/1990)."
            case .nonexistent(let day, let month, let year) where (1...12).contains(month):
                "ngày \(day)/\(month)/\(year) không có thật: tháng \(month) năm \(year) chỉ có \(CivilDate.daysIn(month: month, year: year)) ngày."
            case .nonexistent(let day, let month, let year):
                "ngày \(day)/\(month)/\(year) không có thật: tháng chỉ từ 1 đến 12."
            }
        }
    }

    /// Reads dd/mm/yyyy (and yyyy-mm-dd, which spreadsheets and date inputs produce) and says what is wrong.
    public static func read(_ raw: String) -> Result<CivilDate, Problem> {
        let text = VietnameseText.clean(raw)
        if text.isEmpty { return .failure(.empty) }
        if let (day, month, year) = vietnameseParts(text) {
            return CivilDate(year: year, month: month, day: day).map { .success($0) } ?? .failure(.nonexistent(day: day, month: month, year: year))
        }
        let iso = text.split(separator: "-", omittingEmptySubsequences: false)
        if iso.count == 3, iso[0].count == 4, (1...2).contains(iso[1].count), (1...2).contains(iso[2].count),
           let year = Int(iso[0]), let month = Int(iso[1]), let day = Int(iso[2]) {
            return CivilDate(year: year, month: month, day: day).map { .success($0) } ?? .failure(.nonexistent(day: day, month: month, year: year))
        }
        return .failure(.format(text))
    }

    /// "Label: what is wrong." for a date that could not be read.
    public static func problemSentence(_ raw: String, field: String) -> String {
        switch read(raw) {
        case .success: "\(field): không có lỗi."
        case .failure(let problem): "\(field): \(problem.message)"
        }
    }

    public var vietnamese: String {
        Self.pad(day, 2) + "/" + Self.pad(month, 2) + "/" + Self.pad(year, 4)
    }

    // MARK: Excel serial numbers

    /// Day number of 1899-12-30, the effective epoch of the 1900 system from 1 March 1900 on.
    static let excelEpoch1900 = CivilDate(uncheckedYear: 1899, month: 12, day: 30).dayNumber
    static let excelEpoch1904 = CivilDate(uncheckedYear: 1904, month: 1, day: 1).dayNumber

    /// Converts a spreadsheet date cell. Excel's 1900 system copies Lotus 1-2-3's belief that 1900 was
    /// a leap year: serial 60 is the non-existent 29/02/1900, so serials 1...59 count from 1899-12-31 and
    /// serials from 61 count from 1899-12-30. Serial 60 is mapped to 28/02/1900, the closest real day.
    /// The fractional part is the time of day and is dropped. Out-of-range serials are clamped to the
    /// parseable years so that a garbage cell cannot produce a date the rest of the system rejects.
    public init(excelSerial: Double, date1904: Bool = false) {
        let minimum = CivilDate(uncheckedYear: Self.parseableYears.lowerBound, month: 1, day: 1).dayNumber
        let maximum = CivilDate(uncheckedYear: Self.parseableYears.upperBound, month: 12, day: 31).dayNumber
        let serial = excelSerial.isNaN ? 0 : Int(max(-200_000, min(200_000, excelSerial)).rounded(.down))
        let dayNumber: Int
        if date1904 {
            dayNumber = Self.excelEpoch1904 + serial
        } else if serial >= 61 {
            dayNumber = Self.excelEpoch1900 + serial
        } else if serial == 60 {
            dayNumber = Self.excelEpoch1900 + 60
        } else {
            dayNumber = Self.excelEpoch1900 + 1 + serial
        }
        self.init(dayNumber: min(maximum, max(minimum, dayNumber)))
    }

    /// Serial number in Excel's 1900 system (the inverse of `init(excelSerial:)`).
    public var excelSerial: Int {
        let offset = dayNumber - Self.excelEpoch1900
        // Before 1 March 1900 Excel's count is one lower because it has not yet passed its fake leap day.
        return offset >= 61 ? offset : offset - 1
    }

    // MARK: Codable

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Ngày \"\(VietnameseText.excerpt(text))\" không hợp lệ; cần theo dạng yyyy-MM-dd.")
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    // MARK: Helpers

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let padded = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        return value < 0 ? "-" + padded : padded
    }
}
