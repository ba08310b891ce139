import Domain
import Foundation
import SQLKit

/// Page models of study sessions and attendance, built from rows (a test can build them from made-up rows).
struct SessionsPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let title: String
        let when: String
        let host: String
        let form: String
        let upcoming: Bool
        let url: String

        init(_ s: StudySessions.Row, today: CivilDate, t: Strings) {
            title = s.theme
            when = VNFormat.date(s.day) + (s.startsAt.isEmpty ? "" : " · " + s.startsAt)
            host = s.host
            form = StudySessions.Form(rawValue: s.form)?.label(t) ?? s.form
            upcoming = s.day >= today
            url = SiteURL.session(.id(s.id)).path
        }
    }
    struct Option: Encodable, Sendable { let id: Int; let name: String }
    struct Choice: Encodable, Sendable { let value: String; let label: String }
    let items: [Item]
    let canCreate: Bool
    let canPickUnit: Bool
    let cells: [Option]
    let forms: [Choice]
    let day: String
    let postURL: String
    let error: String?
}

struct SessionPage: Encodable, Sendable {
    struct Person: Encodable, Sendable {
        let id: Int
        let name: String
        let unit: String
        let status: String
        let statusLabel: String
        let reason: String
        let present: Bool
        let excused: Bool
        let absent: Bool
    }
    let title: String
    let when: String
    let host: String
    let form: String
    let place: String
    let note: String
    let invited: String
    let present: String
    let excused: String
    let absent: String
    let unmarked: String
    let hasUnmarked: Bool
    let rate: String
    let people: [Person]
    let manage: Bool
    let canMark: Bool
    let markURL: String
    let restURL: String
    let listURL: String
    let error: String?

    init(_ s: StudySessions.Row, counts c: StudySessions.Counts, people rows: [StudySessions.Attendee], manage: Bool, canMark: Bool, t: Strings, error: String?) {
        title = s.theme
        when = VNFormat.date(s.day) + (s.startsAt.isEmpty ? "" : " · " + s.startsAt)
        host = s.host
        form = StudySessions.Form(rawValue: s.form)?.label(t) ?? s.form
        place = s.place
        note = s.note
        invited = VNFormat.integer(c.total)
        present = VNFormat.integer(c.present)
        excused = VNFormat.integer(c.excused)
        absent = VNFormat.integer(c.absent)
        unmarked = VNFormat.integer(c.invited)
        hasUnmarked = c.invited > 0
        rate = VNFormat.percent(part: c.present, whole: c.marked)
        people = rows.map { a in
            Person(id: a.memberId, name: a.fullName, unit: a.unitName, status: a.status,
                   statusLabel: StudySessions.Attendance(rawValue: a.status)?.label(t) ?? a.status, reason: a.reason,
                   present: a.status == "present", excused: a.status == "excused", absent: a.status == "absent")
        }
        self.manage = manage
        self.canMark = canMark
        markURL = SiteURL.sessionAttendance(.id(s.id)).path
        restURL = SiteURL.sessionAllPresent(.id(s.id)).path
        listURL = SiteURL.sessions.path
        self.error = error
    }
}

/// A unit's attendance in a year, one level down, with the members who keep missing.
struct AttendancePage: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let name: String
        let url: String
        let present: String
        let marked: String
        let rate: String
        let width: Int
    }
    struct Missing: Encodable, Sendable {
        let name: String
        let unit: String
        let absent: String
        let marked: String
        let url: String
    }
    let unit: String
    let year: Int
    let total: Line
    let lines: [Line]
    let missing: [Missing]
    let previousURL: String
    let nextURL: String
    let previousYear: Int
    let nextYear: Int

    static func line(_ l: AttendanceFigures.Line, year: Int) -> Line {
        Line(name: l.name, url: SiteURL.attendance.with([("unit", String(l.unitId)), ("year", String(year))]),
             present: VNFormat.integer(l.present), marked: VNFormat.integer(l.marked),
             rate: VNFormat.percent(part: l.present, whole: l.marked), width: l.marked == 0 ? 0 : l.present * 100 / l.marked)
    }

    init(unit: UnitRow, year: Int, block: (total: AttendanceFigures.Line, lines: [AttendanceFigures.Line]),
         missing rows: [AttendanceFigures.Missing], t: Strings) {
        self.unit = unit.name
        self.year = year
        total = Self.line(block.total, year: year)
        lines = block.lines.map { Self.line($0, year: year) }
        missing = rows.map {
            Missing(name: $0.fullName, unit: $0.unitName, absent: VNFormat.integer($0.absent), marked: VNFormat.integer($0.marked),
                    url: SiteURL.memberAttendance(.id($0.memberId)).with([("year", String(year))]))
        }
        previousYear = year - 1
        nextYear = year + 1
        previousURL = SiteURL.attendance.with([("unit", String(unit.id)), ("year", String(year - 1))])
        nextURL = SiteURL.attendance.with([("unit", String(unit.id)), ("year", String(year + 1))])
    }
}

struct MemberAttendancePage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let when: String
        let theme: String
        let form: String
        let status: String
        let reason: String
        let url: String
    }
    let name: String
    let memberURL: String
    let year: Int
    let summary: String
    let rows: [Row]

    init(name: String, memberURL: String, year: Int, rows: [AttendanceFigures.MemberSession], t: Strings) {
        self.name = name
        self.memberURL = memberURL
        self.year = year
        let present = rows.filter { $0.status == "present" }.count
        let excused = rows.filter { $0.status == "excused" }.count
        let absent = rows.filter { $0.status == "absent" }.count
        summary = t.format("attendance_member_summary", VNFormat.integer(present), VNFormat.integer(rows.count),
                           VNFormat.integer(excused), VNFormat.integer(absent))
        self.rows = rows.map {
            Row(when: CivilDate(iso: $0.heldOn).map(VNFormat.date) ?? $0.heldOn, theme: $0.theme,
                form: StudySessions.Form(rawValue: $0.form)?.label(t) ?? $0.form,
                status: StudySessions.Attendance(rawValue: $0.status)?.label(t) ?? $0.status, reason: $0.reason,
                url: SiteURL.session(.id($0.sessionId)).path)
        }
    }
}

/// The attendance block of a unit page: this year's rate for the unit and one level down.
struct UnitAttendance: Encodable, Sendable {
    let year: Int
    let total: AttendancePage.Line
    let lines: [AttendancePage.Line]
    let url: String

    /// Nothing when no attendance was taken under the unit this year.
    static func load(for unit: UnitRow, today: CivilDate, on sql: any SQLDatabase) async throws -> UnitAttendance? {
        let year = today.year
        let block = try await AttendanceFigures.block(unit: unit, year: year, on: sql)
        guard block.total.marked > 0 else { return nil }
        return UnitAttendance(year: year, total: AttendancePage.line(block.total, year: year),
                              lines: block.lines.map { AttendancePage.line($0, year: year) },
                              url: SiteURL.attendance.with([("unit", String(unit.id)), ("year", String(year))]))
    }
}
