import Domain
import SQLKit
import Vapor

/// Inspections: planned by a unit for a year, held (findings), corrections required with owners and deadlines,
/// followed up until closed. Overdue corrections show on the inspected unit's page and on the inspector's.
enum Inspections {
    enum Subject: String, CaseIterable, Codable, Sendable {
        case unit, registrations
        func label(_ t: Strings) -> String { t["inspection_subject_" + rawValue] }
    }

    struct Row: Codable, Sendable, Equatable {
        let id: Int
        let unitId: Int
        let unitName: String
        let unitPath: String
        let targetUnitId: Int
        let targetName: String
        let targetPath: String
        let year: Int
        let subject: String
        let title: String
        let plannedOn: String
        let heldOn: String?
        let findings: String
        let status: String

        static let select = """
            SELECT i.id, i.unit_id, u.name AS unit_name, i.unit_path, i.target_unit_id, t.name AS target_name, i.target_path, i.year,
                   i.subject, i.title, i.planned_on, i.held_on, i.findings, i.status
            FROM inspections i JOIN units u ON u.id = i.unit_id JOIN units t ON t.id = i.target_unit_id
            """
    }

    struct Correction: Codable, Sendable, Equatable {
        let id: Int
        let inspectionId: Int
        let what: String
        let owner: String
        let deadline: String
        let status: String
        let closedAt: String?
        let closedByName: String?
        let closingNote: String?
    }

    struct Followup: Codable, Sendable, Equatable {
        let id: Int
        let correctionId: Int
        let at: String
        let authorName: String
        let note: String
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE i.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    /// Those who read the inspector's unit or the inspected one.
    static func canRead(_ i: Row, scope: Scope) -> Bool {
        scope.can(.read, unitPath: i.unitPath) || scope.can(.read, unitPath: i.targetPath)
    }
    /// The inspecting side: plans, holds, requires and closes.
    static func canInspect(_ i: Row, scope: Scope) -> Bool { scope.canWrite(unitPath: i.unitPath) }
    /// Either side reports on a correction.
    static func canFollowUp(_ i: Row, scope: Scope) -> Bool { canInspect(i, scope: scope) || scope.canWrite(unitPath: i.targetPath) }

    static func visible(scope: Scope, year: Int?, on sql: any SQLDatabase) async throws -> [Row] {
        var parts: [SQLQueryString] = [scope.isAdmin ? "1 = 1" : "1 = 0"]
        for root in scope.readRoots { parts.append(root.sql("i.unit_path")); parts.append(root.sql("i.target_path")) }
        let yearFilter: SQLQueryString = year.map { " AND i.year = \(bind: $0)" } ?? ""
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE (\(parts.joined(separator: " OR ")))\(yearFilter) ORDER BY i.year DESC, i.planned_on, i.id LIMIT 200
            """).all(decoding: Row.self, with: snakeCase)
    }

    struct Input: Sendable {
        var unitId: Int
        var targetUnitId: Int
        var subject: Subject
        var title: String
        var plannedOn: CivilDate
    }

    /// An inspection in the inspector unit's plan for the year of its date; the inspected unit is the inspector's
    /// own or one below it.
    static func create(_ input: Input, in tx: WriteTransaction) async throws -> Int {
        let unit = try await tx.requireWrite(unitId: input.unitId)
        guard let target = try await Units.find(id: input.targetUnitId, on: tx.sql), unit.subtree.contains(target.path) else {
            throw Abort(.unprocessableEntity, reason: "Đơn vị được kiểm tra phải là \(unit.name) hoặc một đơn vị cấp dưới của nó.")
        }
        let title = VietnameseText.clean(input.title)
        guard !title.isEmpty, title.count <= 500 else { throw Abort(.unprocessableEntity, reason: "Hãy ghi nội dung kiểm tra (tối đa 500 ký tự).") }
        let id = try await tx.sql.raw("""
            INSERT INTO inspections (unit_id, unit_path, target_unit_id, target_path, year, subject, title, planned_on, status, created_by, created_at)
            VALUES (\(bind: unit.id), \(bind: unit.path), \(bind: target.id), \(bind: target.path), \(bind: input.plannedOn.year),
                    \(bind: input.subject.rawValue), \(bind: title), \(bind: input.plannedOn.iso), 'planned', \(bind: tx.actor.userId), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("create", "inspection", id: id, unit: target.id,
                 "\(unit.name) lên kế hoạch kiểm tra \(target.name) ngày \(VNFormat.date(input.plannedOn)): \(title)")
        return id
    }

    private static func inspecting(_ id: Int, in tx: WriteTransaction) async throws -> Row {
        guard let i = try await find(id: id, on: tx.sql), canInspect(i, scope: tx.actor.scope) else { throw Abort(.notFound) }
        return i
    }

    /// The inspection held: its day and findings (it can be held from its planned day's month on, never in the future).
    static func recordFindings(inspection id: Int, heldOn: CivilDate, findings: String, in tx: WriteTransaction) async throws {
        let i = try await inspecting(id, in: tx)
        let text = findings.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 5000 else { throw Abort(.unprocessableEntity, reason: "Hãy ghi kết quả kiểm tra (tối đa 5.000 ký tự).") }
        guard heldOn <= tx.today else { throw Abort(.unprocessableEntity, reason: "Ngày kiểm tra không được sau hôm nay.") }
        try await tx.sql.raw("""
            UPDATE inspections SET held_on = \(bind: heldOn.iso), findings = \(bind: text), status = 'done' WHERE id = \(bind: i.id)
            """).run()
        tx.audit("update", "inspection", id: i.id, unit: i.targetUnitId, "Kết quả kiểm tra \(i.targetName) ngày \(VNFormat.date(heldOn))")
    }

    static func addCorrection(inspection id: Int, what: String, owner: String, deadline: CivilDate, in tx: WriteTransaction) async throws -> Int {
        let i = try await inspecting(id, in: tx)
        guard i.status == "done" else { throw Abort(.conflict, reason: "Hãy ghi kết quả kiểm tra trước khi yêu cầu khắc phục.") }
        let what = VietnameseText.clean(what), owner = VietnameseText.clean(owner)
        guard !what.isEmpty, what.count <= 1000 else { throw Abort(.unprocessableEntity, reason: "Hãy ghi nội dung cần khắc phục (tối đa 1.000 ký tự).") }
        guard !owner.isEmpty, owner.count <= 200 else { throw Abort(.unprocessableEntity, reason: "Hãy ghi người hoặc bộ phận chịu trách nhiệm khắc phục.") }
        let cid = try await tx.sql.raw("""
            INSERT INTO inspection_corrections (inspection_id, what, owner, deadline, status)
            VALUES (\(bind: i.id), \(bind: what), \(bind: owner), \(bind: deadline.iso), 'open') RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("create", "inspection", id: i.id, unit: i.targetUnitId,
                 "Yêu cầu \(i.targetName) khắc phục: \(what) — \(owner), hạn \(VNFormat.date(deadline))")
        return cid
    }

    static func corrections(inspection: Int, on sql: any SQLDatabase) async throws -> [Correction] {
        try await sql.raw("""
            SELECT id, inspection_id, what, owner, deadline, status, closed_at, closed_by_name, closing_note
            FROM inspection_corrections WHERE inspection_id = \(bind: inspection) ORDER BY deadline, id
            """).all(decoding: Correction.self, with: snakeCase)
    }

    static func followups(inspection: Int, on sql: any SQLDatabase) async throws -> [Followup] {
        try await sql.raw("""
            SELECT f.id, f.correction_id, f.at, f.author_name, f.note FROM inspection_followups f
            JOIN inspection_corrections c ON c.id = f.correction_id WHERE c.inspection_id = \(bind: inspection) ORDER BY f.id
            """).all(decoding: Followup.self, with: snakeCase)
    }

    static func correction(_ id: Int, on sql: any SQLDatabase) async throws -> Correction? {
        try await sql.raw("""
            SELECT id, inspection_id, what, owner, deadline, status, closed_at, closed_by_name, closing_note
            FROM inspection_corrections WHERE id = \(bind: id)
            """).first(decoding: Correction.self, with: snakeCase)
    }

    /// A note on what has been done about a correction, by either side, while it is open.
    static func followUp(correction cid: Int, note: String, in tx: WriteTransaction) async throws {
        guard let c = try await correction(cid, on: tx.sql), let i = try await find(id: c.inspectionId, on: tx.sql),
              canFollowUp(i, scope: tx.actor.scope) else { throw Abort(.notFound) }
        guard c.status == "open" else { throw Abort(.conflict, reason: "Việc khắc phục này đã đóng.") }
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 2000 else { throw Abort(.unprocessableEntity, reason: "Hãy ghi nội dung theo dõi (tối đa 2.000 ký tự).") }
        try await tx.sql.raw("""
            INSERT INTO inspection_followups (correction_id, at, user_id, author_name, note)
            VALUES (\(bind: c.id), \(bind: tx.timestamp), \(bind: tx.actor.userId), \(bind: tx.actor.username), \(bind: text))
            """).run()
        tx.audit("update", "inspection", id: i.id, unit: i.targetUnitId, "Theo dõi khắc phục \"\(c.what)\": \(text.prefix(200))")
    }

    /// The inspector closes a correction once it is done.
    static func close(correction cid: Int, note: String, in tx: WriteTransaction) async throws {
        guard let c = try await correction(cid, on: tx.sql), let i = try await find(id: c.inspectionId, on: tx.sql),
              canRead(i, scope: tx.actor.scope) else { throw Abort(.notFound) }
        guard canInspect(i, scope: tx.actor.scope) else { throw Abort(.forbidden, reason: "Chỉ đơn vị kiểm tra được đóng việc khắc phục.") }
        guard c.status == "open" else { throw Abort(.conflict, reason: "Việc khắc phục này đã đóng.") }
        let text = VietnameseText.clean(note)
        guard !text.isEmpty else { throw Abort(.unprocessableEntity, reason: "Hãy ghi kết quả khắc phục khi đóng.") }
        try await tx.sql.raw("""
            UPDATE inspection_corrections SET status = 'closed', closed_at = \(bind: tx.timestamp), closed_by_name = \(bind: tx.actor.username),
                   closing_note = \(bind: String(text.prefix(2000))) WHERE id = \(bind: c.id)
            """).run()
        tx.audit("update", "inspection", id: i.id, unit: i.targetUnitId, "Đóng việc khắc phục \"\(c.what)\": \(text.prefix(200))")
    }

    struct Overdue: Decodable, Sendable, Equatable {
        let correctionId: Int
        let inspectionId: Int
        let what: String
        let owner: String
        let deadline: String
        let targetName: String
        let unitName: String
    }

    /// Open corrections past their deadline where the unit inspected or inspected them.
    static func overdue(unit: UnitRow, today: CivilDate, limit: Int = 20, on sql: any SQLDatabase) async throws -> [Overdue] {
        try await sql.raw("""
            SELECT c.id AS correction_id, i.id AS inspection_id, c.what, c.owner, c.deadline, t.name AS target_name, u.name AS unit_name
            FROM inspection_corrections c JOIN inspections i ON i.id = c.inspection_id
            JOIN units t ON t.id = i.target_unit_id JOIN units u ON u.id = i.unit_id
            WHERE c.status = 'open' AND c.deadline < \(bind: today.iso) AND (i.target_unit_id = \(bind: unit.id) OR i.unit_id = \(bind: unit.id))
            ORDER BY c.deadline, c.id LIMIT \(literal: limit)
            """).all(decoding: Overdue.self, with: snakeCase)
    }

    /// Open corrections a person answers for (either side), nearest deadline first: the home page's list.
    static func duePart(scope: Scope) -> SQLQueryString {
        var parts: [SQLQueryString] = ["1 = 0"]
        for root in scope.writeRoots { parts.append(root.sql("i.unit_path")); parts.append(root.sql("i.target_path")) }
        return """
            SELECT 'correction' AS kind, c.id, i.id AS ref, 0 AS n, 0 AS year, c.what AS label, t.name AS detail, c.deadline AS due
            FROM inspection_corrections c JOIN inspections i ON i.id = c.inspection_id JOIN units t ON t.id = i.target_unit_id
            WHERE c.status = 'open' AND (\(parts.joined(separator: " OR ")))
            ORDER BY c.deadline, c.id LIMIT 5
            """
    }
}
