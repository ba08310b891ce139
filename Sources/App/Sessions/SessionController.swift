import Domain
import Foundation
import SQLKit
import Vapor

/// Study sessions and meetings: the list, a new one, the session with its attendance taken in the room, and a
/// unit's attendance over a year.
enum SessionController {
    @Sendable
    static func index(req: Request) async throws -> Response {
        try await renderIndex(req: req, error: nil, status: .ok)
    }

    static func renderIndex(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let today = req.clock.today
        let rows = try await StudySessions.visible(scope: p.scope, today: today, on: req.sql)
        var cells: [SessionsPage.Option] = []
        for id in p.scope.cells {
            if let name = try await PartyCells.name(id: id, on: req.sql) { cells.append(.init(id: id, name: name)) }
        }
        let page = SessionsPage(
            items: rows.map { SessionsPage.Item($0, today: today, t: t) },
            canCreate: p.scope.canWriteSomething || !cells.isEmpty, canPickUnit: p.scope.canWriteSomething,
            cells: cells, forms: StudySessions.Form.allCases.map { .init(value: $0.rawValue, label: $0.label(t)) },
            day: VNFormat.date(today), postURL: SiteURL.sessions.path, error: error)
        return try await req.page("sessions", title: t["sessions_title"], page, status: status)
    }

    struct CreateForm: Content {
        var unit: String?
        var cell: Int?
        var day: String?
        var time: String?
        var place: String?
        var theme: String?
        var form: String?
        var note: String?
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething || !p.scope.cells.isEmpty else { throw Abort(.notFound) }
        guard let f = try? req.content.decode(CreateForm.self) else {
            return try await renderIndex(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        var problems: [String] = []
        var day: CivilDate?
        switch CivilDate.read(f.day ?? "") {
        case .success(let d): day = d
        case .failure(let problem): problems.append("Ngày: \(problem.message)")
        }
        let form = StudySessions.Form(rawValue: f.form ?? "")
        if form == nil { problems.append("Hãy chọn hình thức.") }
        var unitId: Int?
        let cellId = (f.cell ?? 0) > 0 ? f.cell : nil
        if cellId == nil {
            switch try await Picks.unit(f.unit, field: "Đơn vị tổ chức", scope: p.scope, need: .write, on: req.sql) {
            case .success(let u): unitId = u.id
            case .failure(let problem): problems.append(problem.message)
            }
        }
        guard problems.isEmpty, let day, let form else {
            return try await renderIndex(req: req, error: problems.joined(separator: " "), status: .unprocessableEntity)
        }
        let input = StudySessions.Input(unitId: unitId, cellId: cellId, heldOn: day, startsAt: VietnameseText.clean(f.time ?? ""),
                                        place: f.place ?? "", theme: f.theme ?? "", form: form, note: f.note ?? "", programmeId: nil)
        do {
            let made = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await StudySessions.create(input, in: tx) }
            return req.redirect(to: SiteURL.session(.id(made.id)).path, redirectType: .normal)
        } catch let abort as Abort where abort.status == .unprocessableEntity {
            return try await renderIndex(req: req, error: abort.reason, status: abort.status)
        }
    }

    /// The session as this person may see it; 404 otherwise.
    static func visibleSession(_ req: Request) async throws -> (StudySessions.Row, Principal) {
        let p = try req.requirePrincipal()
        guard let s = try await StudySessions.find(id: try req.id(), on: req.sql),
              try await StudySessions.canRead(s, scope: p.scope, on: req.sql) else { throw Abort(.notFound) }
        return (s, p)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        try await renderShow(req: req, error: nil, status: .ok)
    }

    static func renderShow(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let (s, p) = try await visibleSession(req)
        let t = req.strings
        let manage = StudySessions.canManage(s, scope: p.scope)
        let counts = try await StudySessions.counts(session: s.id, on: req.sql)
        var people: [StudySessions.Attendee] = []
        if manage || p.scope.can(.read, unitPath: s.unitPath) {
            people = try await StudySessions.attendees(session: s.id, on: req.sql)
        } else if let own = p.scope.ownMember {
            people = try await StudySessions.attendees(session: s.id, on: req.sql).filter { $0.memberId == own }
        }
        let page = SessionPage(s, counts: counts, people: people, manage: manage, canMark: manage && req.clock.today >= s.day,
                               t: t, error: error)
        return try await req.page("session", title: s.theme, page, status: status)
    }

    /// `a[<member id>]` = present | excused | absent, `r[<member id>]` = the reason of an excused absence.
    struct MarkForm: Content {
        var a: [String: String]?
        var r: [String: String]?
    }

    @Sendable
    static func mark(req: Request) async throws -> Response {
        let (s, p) = try await visibleSession(req)
        guard StudySessions.canManage(s, scope: p.scope) else { throw Abort(.notFound) }
        guard let f = try? req.content.decode(MarkForm.self) else {
            return try await renderShow(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        var marks: [Int: (StudySessions.Attendance, String)] = [:]
        for (key, value) in f.a ?? [:] {
            guard let id = Int(key), let status = StudySessions.Attendance(rawValue: value), status != .invited else {
                return try await renderShow(req: req, error: "Điểm danh chỉ nhận: có mặt, vắng có phép, vắng không phép.", status: .badRequest)
            }
            marks[id] = (status, f.r?[key] ?? "")
        }
        let given = marks
        do {
            _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await StudySessions.mark(session: s, marks: given, in: tx) }
        } catch let abort as Abort where abort.status == .unprocessableEntity || abort.status == .conflict {
            return try await renderShow(req: req, error: abort.reason, status: abort.status)
        }
        return req.redirect(SiteURL.session(.id(s.id)), message: "attendance_saved")
    }

    @Sendable
    static func markRestPresent(req: Request) async throws -> Response {
        let (s, p) = try await visibleSession(req)
        guard StudySessions.canManage(s, scope: p.scope) else { throw Abort(.notFound) }
        do {
            _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await StudySessions.markRestPresent(session: s, in: tx) }
        } catch let abort as Abort where abort.status == .conflict {
            return try await renderShow(req: req, error: abort.reason, status: abort.status)
        }
        return req.redirect(SiteURL.session(.id(s.id)), message: "attendance_saved")
    }

    /// A unit's attendance in a year: its rate and its children's, and the members who keep missing.
    @Sendable
    static func attendance(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let year = req.query[Int.self, at: "year"] ?? req.clock.today.year
        guard (2000...2100).contains(year) else { throw Abort(.badRequest, reason: "Năm phải từ 2000 đến 2100.") }
        let unit: UnitRow
        if let id = req.query[Int.self, at: "unit"] {
            guard let u = try await Units.find(id: id, on: req.sql), p.scope.canRead(unit: u) else { throw Abort(.notFound) }
            unit = u
        } else {
            guard let root = p.scope.readRoots.first.flatMap({ PathRange.ids(in: $0.low).last }) ?? (p.scope.isAdmin ? 1 : nil),
                  let u = try await Units.find(id: root, on: req.sql) else { throw Abort(.notFound) }
            unit = u
        }
        let block = try await AttendanceFigures.block(unit: unit, year: year, on: req.sql)
        let missing = try await AttendanceFigures.keepMissing(unit: unit, year: year, on: req.sql)
        let page = AttendancePage(unit: unit, year: year, block: block, missing: missing, t: t)
        return try await req.page("attendance", title: t["attendance_title"], page)
    }

    /// One member's sessions in a year.
    @Sendable
    static func memberAttendance(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let (member, _) = try await Members.readable(id: try req.id(), scope: p.scope, on: req.sql)
        let year = req.query[Int.self, at: "year"] ?? req.clock.today.year
        guard (2000...2100).contains(year) else { throw Abort(.badRequest, reason: "Năm phải từ 2000 đến 2100.") }
        let rows = try await AttendanceFigures.member(member.id, year: year, on: req.sql)
        let page = MemberAttendancePage(name: member.fullName, memberURL: SiteURL.member(.id(member.id)).path, year: year, rows: rows, t: t)
        return try await req.page("member-attendance", title: t["attendance_member_title"], page)
    }
}
