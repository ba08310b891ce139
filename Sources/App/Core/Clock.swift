import Domain
import Foundation
import Vapor

/// The time the application believes it is. Every "now" and "today" in the app comes from here, so a test can
/// set the clock to the last day of a registration round, and yearly deadlines are decided in one place.
struct AppClock: Sendable {
    let now: @Sendable () -> Date

    static let system = AppClock { Date() }

    static func fixed(_ instant: Date) -> AppClock { AppClock { instant } }

    /// Noon in Vietnam on that date: a fixed clock for tests that think in dates.
    static func on(_ date: CivilDate) -> AppClock {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.vietnam
        let instant = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
        return .fixed(instant)
    }

    /// A clock that starts at noon (Vietnam) on `date` and runs on from there.
    static func starting(_ date: CivilDate) -> AppClock {
        let offset = on(date).now().timeIntervalSince(Date())
        return AppClock { Date().addingTimeInterval(offset) }
    }

    /// Today where the union operates (a server in UTC would still be on yesterday until 07:00).
    var today: CivilDate { CivilDate(now(), in: CivilDate.vietnam) }

    var timestamp: String { Clock.timestamp(now()) }
}

enum Clock {
    /// Timestamps are stored as ISO 8601 text in UTC, which sorts correctly as text on both databases.
    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// A stored timestamp as users read it: dd/mm/yyyy hh:mm, Vietnam time.
    static func display(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.vietnam
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return VNFormat.date(CivilDate(date, in: CivilDate.vietnam)) + " " + pad(c.hour!) + ":" + pad(c.minute!)
    }

    static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }
    var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    var clock: AppClock { application.clock }
}
