import Domain
import SQLKit
import Vapor

/// Study sessions and meetings, and attendance at them. A session is held by a unit (for its subtree's members)
/// or by a Party cell (for the cell's members); the members expected on the day are invited when it is created,
/// each kept where they stood that day.
enum StudySessions {
    enum Form: String, CaseIterable, Codable, Sendable {
        case conference, seminar, cellMeeting = "cell_meeting", unionMeeting = "union_meeting", online
        func label(_ t: Strings) -> String { t["session_form_" + rawValue] }
    }

    enum Attendance: String, CaseIterable, Codable, Sendable {
        case invited, present, excused, absent
        func label(_ t: Strings) -> String { t["attend_" + rawValue] }
    }

    struct Row: Codable, Sendable, Equatable {
        let id: Int
        let unitId: Int
        let unitName: String
        let unitPath: String
        let cellId: Int?
        let cellName: String?
        let heldOn: String
        let year: Int
        let startsAt: String
        let place: String
        let theme: String
        let form: String
        let note: String

        static let select = """
            SELECT s.id, s.unit_id, u.name AS unit_name, s.unit_path, s.cell_id, c.name AS cell_name, s.held_on, s.year,
                   s.starts_at, s.place, s.theme, s.form, s.note
            FROM study_sessions s JOIN units u ON u.id = s.unit_id LEFT JOIN party_cells c ON c.id = s.cell_id
            """

        var day: CivilDate { CivilDate(iso: heldOn)! }
        var host: String { cellName ?? unitName }
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE s.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    /// Who may hold the session and take its attendance: an official who may change the host unit, or the
    /// secretary of the host cell.
    static func canManage(_ s: Row, scope: Scope) -> Bool {
        scope.canWrite(unitPath: s.unitPath) || (s.cellId.map { scope.cells.contains($0) } ?? false)
    }

    /// Who may see it: those who read the host unit, the host cell's secretary, and the members invited.
    static func canRead(_ s: Row, scope: Scope, on sql: any SQLDatabase) async throws -> Bool {
        if scope.can(.read, unitPath: s.unitPath) || canManage(s, scope: scope) { return true }
        guard let own = scope.ownMember else { return false }
        return try await sql.raw("SELECT id FROM session_attendance WHERE session_id = \(bind: s.id) AND member_id = \(bind: own)")
            .first(decoding: IDRow.self) != nil
    }

    /// Sessions a person may see, nearest first: upcoming ones in date order, then past ones newest first.
    static func visible(scope: Scope, today: CivilDate, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Row] {
        var parts: [SQLQueryString] = [scope.isAdmin ? "1 = 1" : "1 = 0"]
        for root in scope.readRoots { parts.append(root.sql("s.unit_path")) }
        if !scope.cells.isEmpty { parts.append("s.cell_id IN (\(binds: scope.cells))") }
        if let own = scope.ownMember {
            parts.append("s.id IN (SELECT session_id FROM session_attendance WHERE member_id = \(bind: own))")
        }
        let d = today.iso
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE (\(parts.joined(separator: " OR ")))
            ORDER BY CASE WHEN s.held_on >= \(bind: d) THEN 0 ELSE 1 END,
                     CASE WHEN s.held_on >= \(bind: d) THEN s.held_on END ASC, s.held_on DESC, s.id DESC
            LIMIT \(literal: limit)
            """).all(decoding: Row.self, with: snakeCase)
    }

    struct Input: Sendable {
        var unitId: Int?
        var cellId: Int?
        var heldOn: CivilDate
        var startsAt: String
        var place: String
        var theme: String
        var form: Form
        var note: String
        var programmeId: Int?
    }

    /// A new session and its invitations, in one transaction.
    static func create(_ input: Input, in tx: WriteTransaction) async throws -> (id: Int, invited: Int) {
        let theme = VietnameseText.clean(input.theme)
        guard !theme.isEmpty else { throw Abort(.unprocessableEntity, reason: "Hãy ghi chủ đề buổi học tập, sinh hoạt.") }
        guard theme.count <= 500, input.place.count <= 200, input.note.count <= 2000, input.startsAt.count <= 20 else {
            throw Abort(.unprocessableEntity, reason: "Chủ đề (tối đa 500 ký tự), địa điểm (200) hoặc ghi chú (2.000) quá dài.")
        }
        let d = input.heldOn.iso
        var unit: UnitRow
        var cellId: Int?
        var cellName: String?
        if let cell = input.cellId {
            struct Cell: Decodable { let homeUnitId: Int; let name: String }
            guard let c = try await tx.sql.raw("SELECT home_unit_id, name FROM party_cells WHERE id = \(bind: cell) AND valid_to IS NULL")
                    .first(decoding: Cell.self, with: snakeCase),
                  let host = try await Units.find(id: c.homeUnitId, on: tx.sql),
                  tx.actor.scope.canWrite(unitPath: host.path) || tx.actor.scope.cells.contains(cell)
            else { throw Abort(.notFound) }
            unit = host; cellId = cell; cellName = c.name
        } else if let unitId = input.unitId {
            unit = try await tx.requireWrite(unitId: unitId)
        } else {
            throw Abort(.unprocessableEntity, reason: "Hãy chọn đơn vị hoặc chi bộ tổ chức.")
        }
        let id = try await tx.sql.raw("""
            INSERT INTO study_sessions (unit_id, unit_path, cell_id, programme_id, held_on, year, starts_at, place, theme, form, note, created_by, created_at)
            VALUES (\(bind: unit.id), \(bind: unit.path), \(bind: cellId), \(bind: input.programmeId), \(bind: d), \(bind: input.heldOn.year),
                    \(bind: input.startsAt), \(bind: VietnameseText.clean(input.place)), \(bind: theme), \(bind: input.form.rawValue),
                    \(bind: input.note.trimmingCharacters(in: .whitespacesAndNewlines)), \(bind: tx.actor.userId), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        // The members expected that day, where each stood: a cell's are those of the units attached to it and their
        // sub-units (as a secretary's scope), a unit's those of its subtree. One statement, however many members.
        var ranges: [PathRange] = []
        if let cellId {
            struct P: Decodable { let path: String }
            ranges = try await tx.sql.raw("SELECT path FROM units WHERE party_cell_id = \(bind: cellId)").all(decoding: P.self)
                .map { PathRange(path: $0.path) }
        } else if let range = try await MembersOnDate.subtree(of: unit.id, at: input.heldOn, on: tx.sql) {
            ranges = [range]
        }
        guard !ranges.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "\(cellName ?? unit.name) chưa có đơn vị nào vào ngày \(VNFormat.date(input.heldOn)).")
        }
        let source: SQLQueryString = """
            unit_periods up
            JOIN member_periods mp ON mp.unit_id = up.unit_id AND mp.valid_from <= \(bind: d)
                 AND (mp.valid_to IS NULL OR mp.valid_to > \(bind: d)) AND mp.status = 'active'
            WHERE (\(ranges.map { $0.sql("up.path") }.joined(separator: " OR "))) AND up.valid_from <= \(bind: d)
                  AND (up.valid_to IS NULL OR up.valid_to > \(bind: d))
            """
        try await tx.sql.raw("""
            INSERT INTO session_attendance (session_id, member_id, unit_id, unit_path, year, held_on, status)
            SELECT \(bind: id), mp.member_id, mp.unit_id, up.path, \(bind: input.heldOn.year), \(bind: d), 'invited' FROM \(source)
            """).run()
        let invited = try await tx.sql.raw("SELECT COUNT(*) AS n FROM session_attendance WHERE session_id = \(bind: id)")
            .first(decoding: CountRow.self)?.n ?? 0
        tx.audit("create", "study_session", id: id, unit: unit.id,
                 "Tổ chức \((Strings.vi["session_form_" + input.form.rawValue] ?? input.form.rawValue).lowercased()) \"\(theme)\" ngày \(VNFormat.date(input.heldOn)) tại \(cellName ?? unit.name): mời \(VNFormat.integer(invited)) đoàn viên")
        return (id, invited)
    }

    struct Attendee: Decodable, Sendable, Equatable {
        let memberId: Int
        let fullName: String
        let unitName: String
        let status: String
        let reason: String
    }

    /// Everyone invited, in Vietnamese name order.
    static func attendees(session: Int, on sql: any SQLDatabase) async throws -> [Attendee] {
        try await sql.raw("""
            SELECT a.member_id, m.full_name, u.name AS unit_name, a.status, a.reason
            FROM session_attendance a JOIN members m ON m.id = a.member_id JOIN units u ON u.id = a.unit_id
            WHERE a.session_id = \(bind: session) ORDER BY m.sort_key, m.id
            """).all(decoding: Attendee.self, with: snakeCase)
    }

    struct Counts: Decodable, Sendable, Equatable {
        var invited: Int = 0
        var present: Int = 0
        var excused: Int = 0
        var absent: Int = 0
        var marked: Int { present + excused + absent }
        var total: Int { invited + marked }
    }

    static func counts(session: Int, on sql: any SQLDatabase) async throws -> Counts {
        try await sql.raw("""
            SELECT COALESCE(SUM(CASE WHEN status = 'invited' THEN 1 ELSE 0 END), 0) AS invited,
                   COALESCE(SUM(CASE WHEN status = 'present' THEN 1 ELSE 0 END), 0) AS present,
                   COALESCE(SUM(CASE WHEN status = 'excused' THEN 1 ELSE 0 END), 0) AS excused,
                   COALESCE(SUM(CASE WHEN status = 'absent' THEN 1 ELSE 0 END), 0) AS absent
            FROM session_attendance WHERE session_id = \(bind: session)
            """).first(decoding: Counts.self) ?? Counts()
    }

    /// Takes attendance: each member's mark (and the reason of an excused absence). Only members invited to the
    /// session may be marked; the session must have begun (the day has come). Returns how many marks changed.
    static func mark(session s: Row, marks: [Int: (Attendance, String)], in tx: WriteTransaction) async throws -> Int {
        guard canManage(s, scope: tx.actor.scope) else { throw Abort(.notFound) }
        guard tx.today >= s.day else {
            throw Abort(.conflict, reason: "Buổi này diễn ra ngày \(VNFormat.date(s.day)): chỉ điểm danh được từ ngày đó.")
        }
        let current = try await attendees(session: s.id, on: tx.sql)
        let byId = Dictionary(uniqueKeysWithValues: current.map { ($0.memberId, $0) })
        let strangers = marks.keys.filter { byId[$0] == nil }
        guard strangers.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "\(strangers.count) người không có trong danh sách mời của buổi này.")
        }
        var changed = 0
        var tally: [Attendance: Int] = [:]
        for (memberId, (status, reason)) in marks.sorted(by: { $0.key < $1.key }) {
            guard status != .invited else { continue }
            let why = status == .excused ? String(VietnameseText.clean(reason).prefix(200)) : ""
            guard let old = byId[memberId], old.status != status.rawValue || old.reason != why else { continue }
            try await tx.sql.raw("""
                UPDATE session_attendance SET status = \(bind: status.rawValue), reason = \(bind: why), marked_by = \(bind: tx.actor.userId),
                       marked_at = \(bind: tx.timestamp)
                WHERE session_id = \(bind: s.id) AND member_id = \(bind: memberId)
                """).run()
            changed += 1
            tally[status, default: 0] += 1
        }
        if changed > 0 {
            let parts = [Attendance.present, .excused, .absent].compactMap { a in
                tally[a].map { "\(VNFormat.integer($0)) \((Strings.vi["attend_" + a.rawValue] ?? a.rawValue).lowercased())" }
            }
            tx.audit("update", "study_session", id: s.id, unit: s.unitId,
                     "Điểm danh \"\(s.theme)\" ngày \(VNFormat.date(s.day)): \(parts.joined(separator: ", "))")
        }
        return changed
    }

    /// Everyone not yet marked is marked present: the usual first tap in the room, before the few absences.
    static func markRestPresent(session s: Row, in tx: WriteTransaction) async throws -> Int {
        guard canManage(s, scope: tx.actor.scope) else { throw Abort(.notFound) }
        guard tx.today >= s.day else {
            throw Abort(.conflict, reason: "Buổi này diễn ra ngày \(VNFormat.date(s.day)): chỉ điểm danh được từ ngày đó.")
        }
        let n = try await tx.sql.raw("SELECT COUNT(*) AS n FROM session_attendance WHERE session_id = \(bind: s.id) AND status = 'invited'")
            .first(decoding: CountRow.self)?.n ?? 0
        guard n > 0 else { return 0 }
        try await tx.sql.raw("""
            UPDATE session_attendance SET status = 'present', marked_by = \(bind: tx.actor.userId), marked_at = \(bind: tx.timestamp)
            WHERE session_id = \(bind: s.id) AND status = 'invited'
            """).run()
        tx.audit("update", "study_session", id: s.id, unit: s.unitId,
                 "Điểm danh \"\(s.theme)\" ngày \(VNFormat.date(s.day)): \(VNFormat.integer(n)) có mặt (những người chưa điểm danh)")
        return n
    }
}

extension StudySessions {
    struct Due: Decodable, Sendable { let id: Int; let theme: String; let heldOn: String }

    /// Sessions in the next 30 days the member is invited to, soonest first.
    static func upcoming(member: Int, today: CivilDate, on sql: any SQLDatabase) async throws -> [Due] {
        try await sql.raw("""
            SELECT s.id, s.theme, s.held_on FROM session_attendance a JOIN study_sessions s ON s.id = a.session_id
            WHERE a.member_id = \(bind: member) AND a.held_on >= \(bind: today.iso) AND a.held_on <= \(bind: today.adding(days: 30).iso)
            ORDER BY s.held_on, s.id LIMIT 5
            """).all(decoding: Due.self, with: snakeCase)
    }

    /// "What awaits me": sessions held in the last 30 days that the person manages and where someone is still
    /// unmarked (the kept `invited_count`, migration 027).
    static func unmarkedPart(scope: Scope, today: CivilDate) -> SQLQueryString {
        var parts: [SQLQueryString] = [scope.isAdmin ? "1 = 1" : "1 = 0"]
        for root in scope.writeRoots { parts.append(root.sql("s.unit_path")) }
        if !scope.cells.isEmpty { parts.append("s.cell_id IN (\(binds: scope.cells))") }
        return """
            SELECT 'session_unmarked' AS kind, s.id, 0 AS ref, 0 AS n, 0 AS year, s.theme AS label, '' AS detail, s.held_on AS due
            FROM study_sessions s
            WHERE s.invited_count > 0 AND (\(parts.joined(separator: " OR "))) AND s.held_on <= \(bind: today.iso) AND s.held_on >= \(bind: today.adding(days: -30).iso)
            ORDER BY s.held_on, s.id LIMIT 5
            """
    }
}
