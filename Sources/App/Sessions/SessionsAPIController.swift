import Domain
import Foundation
import SQLKit
import Vapor

/// Study sessions and attendance in the JSON API, with the pages' scope rules.
enum SessionsAPIController {
    struct SessionDTO: Content {
        let id: Int, unitId: Int, unitName: String, cellId: Int?, cellName: String?, heldOn: String, startsAt: String
        let place: String, theme: String, form: String, note: String
        let invited: Int, present: Int, excused: Int, absent: Int, unmarked: Int
    }

    static func dto(_ s: StudySessions.Row, counts c: StudySessions.Counts) -> SessionDTO {
        SessionDTO(id: s.id, unitId: s.unitId, unitName: s.unitName, cellId: s.cellId, cellName: s.cellName, heldOn: s.heldOn,
                   startsAt: s.startsAt, place: s.place, theme: s.theme, form: s.form, note: s.note,
                   invited: c.total, present: c.present, excused: c.excused, absent: c.absent, unmarked: c.invited)
    }

    /// `limit`: 1…200 (a 400 otherwise).
    static func limit(_ req: Request) throws -> Int {
        guard let text = req.query[String.self, at: "limit"], !text.isEmpty else { return 50 }
        guard let n = Int(text), (1...200).contains(n) else { throw Abort(.badRequest, reason: "limit: phải là số từ 1 đến 200.") }
        return n
    }

    @Sendable static func list(req: Request) async throws -> ListResult<SessionDTO> {
        let p = try req.requirePrincipal()
        let rows = try await StudySessions.visible(scope: p.scope, today: req.clock.today, limit: try limit(req), on: req.sql)
        var items: [SessionDTO] = []
        for s in rows { items.append(dto(s, counts: try await StudySessions.counts(session: s.id, on: req.sql))) }
        return ListResult(items: items, total: items.count, next: nil)
    }

    static func visible(_ req: Request) async throws -> (StudySessions.Row, Principal) {
        let p = try req.requirePrincipal()
        guard let s = try await StudySessions.find(id: try req.id(), on: req.sql),
              try await StudySessions.canRead(s, scope: p.scope, on: req.sql) else { throw Abort(.notFound) }
        return (s, p)
    }

    @Sendable static func get(req: Request) async throws -> SessionDTO {
        let (s, _) = try await visible(req)
        return dto(s, counts: try await StudySessions.counts(session: s.id, on: req.sql))
    }

    struct AttendeeDTO: Content { let memberId: Int; let fullName: String; let unitName: String; let status: String; let reason: String }

    /// Everyone invited, for those who read the host unit or hold the session; an invited member sees their own row.
    @Sendable static func attendees(req: Request) async throws -> ListResult<AttendeeDTO> {
        let (s, p) = try await visible(req)
        var rows = try await StudySessions.attendees(session: s.id, on: req.sql)
        if !(StudySessions.canManage(s, scope: p.scope) || p.scope.can(.read, unitPath: s.unitPath)) {
            rows = rows.filter { $0.memberId == p.scope.ownMember }
        }
        let items = rows.map { AttendeeDTO(memberId: $0.memberId, fullName: $0.fullName, unitName: $0.unitName, status: $0.status, reason: $0.reason) }
        return ListResult(items: items, total: items.count, next: nil)
    }

    struct MarkInput: Content {
        struct Mark: Content { let memberId: Int; let status: String; let reason: String? }
        let marks: [Mark]
    }

    @Sendable static func mark(req: Request) async throws -> SessionDTO {
        let (s, p) = try await visible(req)
        // As on the page: only whoever holds the session sees a way to mark it.
        guard StudySessions.canManage(s, scope: p.scope) else { throw Abort(.notFound) }
        guard let input = try? req.content.decode(MarkInput.self) else {
            throw Abort(.badRequest, reason: "Cần {\"marks\": [{\"memberId\": …, \"status\": \"present|excused|absent\", \"reason\": …}]}.")
        }
        var marks: [Int: (StudySessions.Attendance, String)] = [:]
        for m in input.marks {
            guard let status = StudySessions.Attendance(rawValue: m.status), status != .invited else {
                throw Abort(.unprocessableEntity, reason: "status: chỉ nhận present, excused hoặc absent.")
            }
            marks[m.memberId] = (status, m.reason ?? "")
        }
        let given = marks
        _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await StudySessions.mark(session: s, marks: given, in: tx) }
        return dto(s, counts: try await StudySessions.counts(session: s.id, on: req.sql))
    }

    struct RateDTO: Content { let unitId: Int; let name: String; let present: Int; let excused: Int; let absent: Int; let rate: Double? }
    struct YearDTO: Content { let unitId: Int; let year: Int; let total: RateDTO; let children: [RateDTO] }

    /// A unit's attendance in a year and one level down.
    @Sendable static func year(req: Request) async throws -> YearDTO {
        let p = try req.requirePrincipal()
        let year: Int
        if let text = req.query[String.self, at: "year"], !text.isEmpty {
            guard let y = Int(text), (2000...2100).contains(y) else { throw Abort(.badRequest, reason: "year: phải là năm từ 2000 đến 2100.") }
            year = y
        } else { year = req.clock.today.year }
        guard let text = req.query[String.self, at: "unit"], let id = Int(text), id > 0 else {
            throw Abort(.badRequest, reason: "unit: cần mã số (id) của một đơn vị.")
        }
        guard let unit = try await Units.find(id: id, on: req.sql), p.scope.canRead(unit: unit) else { throw Abort(.notFound) }
        let block = try await AttendanceFigures.block(unit: unit, year: year, on: req.sql)
        func rate(_ l: AttendanceFigures.Line) -> RateDTO {
            RateDTO(unitId: l.unitId, name: l.name, present: l.present, excused: l.excused, absent: l.absent,
                    rate: l.marked == 0 ? nil : (Double(l.present * 1000 / l.marked)) / 10)
        }
        return YearDTO(unitId: unit.id, year: year, total: rate(block.total), children: block.lines.map(rate))
    }
}
