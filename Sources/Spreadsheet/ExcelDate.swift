/// Excel serial date arithmetic, done by hand so results never depend on the
/// server's time zone or calendar settings.
enum ExcelDate {
    /// Days from 1970-01-01 to 1899-12-30, the epoch of 1900-system serials ≥ 61.
    private static let epoch1900 = -25569
    /// Days from 1970-01-01 to 1904-01-01, serial 0 of the 1904 system.
    private static let epoch1904 = -24107
    /// 9999-12-31, the largest date Excel accepts.
    private static let maxSerial1900 = 2_958_465

    /// `nil` when the value carries no date (pure times below 1, negatives, out of range).
    static func date(fromSerial value: Double, date1904: Bool) -> (year: Int, month: Int, day: Int)? {
        guard value.isFinite else { return nil }
        let serial = value.rounded(.down)
        if date1904 {
            guard serial >= 0, serial <= Double(maxSerial1900 - 1462) else { return nil }
            return civil(fromDays: epoch1904 + Int(serial))
        }
        guard serial >= 1, serial <= Double(maxSerial1900) else { return nil }
        let s = Int(serial)
        // Excel keeps Lotus 1-2-3's fictitious 29 Feb 1900, so serials before it are off by one.
        if s == 60 { return (1900, 2, 29) }
        return civil(fromDays: epoch1900 + (s < 60 ? s + 1 : s))
    }

    /// `nil` for dates Excel cannot represent as a serial (before 1900, after 9999, invalid).
    static func serial(year: Int, month: Int, day: Int) -> Int? {
        guard (1900...9999).contains(year) else { return nil }
        if year == 1900, month == 2, day == 29 { return 60 }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = self.days(fromCivil: year, month, day)
        let back = civil(fromDays: days)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        let s = days - epoch1900
        return s < 61 ? s - 1 : s
    }

    // Howard Hinnant's proleptic Gregorian algorithms.
    static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
