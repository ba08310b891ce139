import Domain
import SQLKit
import Vapor

/// Yearly plans and their targets. A unit's plan is built from the nearest plan above it for the same programme
/// and year (targets copied down, then adjusted); progress is recorded against each target; "which units one level
/// down have no plan yet" is a query.
enum Plans {
    struct Row: Codable, Sendable, Equatable {
        let id: Int
        let unitId: Int
        let unitName: String
        let unitPath: String
        let programmeId: Int
        let programmeName: String
        let year: Int
        let title: String
        let parentPlanId: Int?
        let status: String
        let publishedAt: String?
        let publishedByName: String?

        static let select = """
            SELECT pl.id, pl.unit_id, u.name AS unit_name, pl.unit_path, pl.programme_id, p.name AS programme_name, pl.year, pl.title,
                   pl.parent_plan_id, pl.status, pl.published_at, pl.published_by_name
            FROM plans pl JOIN units u ON u.id = pl.unit_id JOIN programmes p ON p.id = pl.programme_id
            """
        var published: Bool { status == "published" }
    }

    struct Target: Codable, Sendable, Equatable {
        let id: Int
        let position: Int
        let what: String
        let measure: String
        let targetValue: Double
        let owner: String
        let deadline: String?
        let parentTargetId: Int?
        let progressValue: Double?
        let progressNote: String
        let progressAt: String?
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE pl.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    static func targets(plan: Int, on sql: any SQLDatabase) async throws -> [Target] {
        try await sql.raw("""
            SELECT id, position, what, measure, target_value, owner, deadline, parent_target_id, progress_value, progress_note, progress_at
            FROM plan_targets WHERE plan_id = \(bind: plan) ORDER BY position, id
            """).all(decoding: Target.self, with: snakeCase)
    }

    /// Who reads a plan: those who read its unit, and the units below it that build theirs from it (a published
    /// plan is sent down).
    static func canRead(_ plan: Row, scope: Scope) -> Bool {
        if scope.can(.read, unitPath: plan.unitPath) { return true }
        return plan.published && scope.readRoots.contains { PathRange(path: plan.unitPath).contains($0.low) }
    }

    /// Plans a person may see: in their subtrees, and the published ones above them; newest year first.
    static func visible(scope: Scope, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Row] {
        var parts: [SQLQueryString] = [scope.isAdmin ? "1 = 1" : "1 = 0"]
        var above: [Int] = []
        for root in scope.readRoots {
            parts.append(root.sql("pl.unit_path"))
            above += PathRange.ids(in: root.low)
        }
        if !above.isEmpty { parts.append("(pl.status = 'published' AND pl.unit_id IN (\(binds: Set(above).sorted())))") }
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE (\(parts.joined(separator: " OR "))) ORDER BY pl.year DESC, pl.unit_path, pl.id LIMIT \(literal: limit)
            """).all(decoding: Row.self, with: snakeCase)
    }

    /// The nearest published plan above a unit for a programme and year.
    static func parent(of unit: UnitRow, programmeId: Int, year: Int, on sql: any SQLDatabase) async throws -> Row? {
        let ancestors = PathRange.ids(in: unit.path).dropLast()
        guard !ancestors.isEmpty else { return nil }
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE pl.unit_id IN (\(binds: Array(ancestors))) AND pl.programme_id = \(bind: programmeId)
              AND pl.year = \(bind: year) AND pl.status = 'published'
            ORDER BY LENGTH(pl.unit_path) DESC LIMIT 1
            """).first(decoding: Row.self, with: snakeCase)
    }

    /// A unit's draft plan, with its parent's targets copied down.
    static func create(unitId: Int, programmeId: Int, year: Int, in tx: WriteTransaction) async throws -> Int {
        let unit = try await tx.requireWrite(unitId: unitId)
        guard let programme = try await Programmes.find(id: programmeId, on: tx.sql) else {
            throw Abort(.unprocessableEntity, reason: "Hãy chọn một chương trình trong danh sách.")
        }
        guard (2000...2100).contains(year) else { throw Abort(.unprocessableEntity, reason: "Năm phải từ 2000 đến 2100.") }
        if try await tx.sql.raw("""
            SELECT id FROM plans WHERE unit_id = \(bind: unit.id) AND programme_id = \(bind: programme.id) AND year = \(bind: year)
            """).first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: "\(unit.name) đã có kế hoạch \(programme.name) năm \(year).")
        }
        let parent = try await parent(of: unit, programmeId: programme.id, year: year, on: tx.sql)
        let title = "Kế hoạch thực hiện \(programme.name) năm \(year)"
        let id = try await tx.sql.raw("""
            INSERT INTO plans (unit_id, unit_path, programme_id, year, title, parent_plan_id, status, created_by, created_at)
            VALUES (\(bind: unit.id), \(bind: unit.path), \(bind: programme.id), \(bind: year), \(bind: title), \(bind: parent?.id),
                    'draft', \(bind: tx.actor.userId), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        if let parent {
            try await tx.sql.raw("""
                INSERT INTO plan_targets (plan_id, position, what, measure, target_value, owner, deadline, parent_target_id)
                SELECT \(bind: id), position, what, measure, target_value, '', deadline, id FROM plan_targets WHERE plan_id = \(bind: parent.id)
                """).run()
        }
        let copied = parent == nil ? "" : ", chép chỉ tiêu từ kế hoạch của \(parent!.unitName)"
        tx.audit("create", "plan", id: id, unit: unit.id, "Lập kế hoạch \(programme.name) năm \(year) cho \(unit.name)\(copied)")
        return id
    }

    struct TargetInput: Sendable {
        var what: String
        var measure: String
        var targetValue: Double
        var owner: String
        var deadline: CivilDate?
    }

    static func validate(what: String, measure: String, value: String, owner: String, deadline: String) -> Result<TargetInput, FieldProblem> {
        let what = VietnameseText.clean(what), measure = VietnameseText.clean(measure), owner = VietnameseText.clean(owner)
        guard !what.isEmpty, what.count <= 500 else { return .failure(.init(field: "Chỉ tiêu", message: "Hãy ghi chỉ tiêu (tối đa 500 ký tự).")) }
        guard !measure.isEmpty, measure.count <= 100 else {
            return .failure(.init(field: "Đơn vị tính", message: "Hãy ghi đơn vị tính, ví dụ: %, buổi, đoàn viên (tối đa 100 ký tự)."))
        }
        guard let number = VNFormat.parseNumber(value), number >= 0, number <= 1_000_000_000 else {
            return .failure(.init(field: "Giá trị", message: "Giá trị chỉ tiêu phải là một số không âm, ví dụ 100 hoặc 97,5."))
        }
        var due: CivilDate?
        if !deadline.trimmingCharacters(in: .whitespaces).isEmpty {
            switch CivilDate.read(deadline) {
            case .success(let d): due = d
            case .failure(let problem): return .failure(.init(field: "Hạn", message: "Hạn: \(problem.message)"))
            }
        }
        guard owner.count <= 200 else { return .failure(.init(field: "Người phụ trách", message: "Người phụ trách: tối đa 200 ký tự.")) }
        return .success(TargetInput(what: what, measure: measure, targetValue: number, owner: owner, deadline: due))
    }

    private static func writable(_ planId: Int, in tx: WriteTransaction) async throws -> Row {
        guard let plan = try await find(id: planId, on: tx.sql), tx.actor.scope.canWrite(unitPath: plan.unitPath) else { throw Abort(.notFound) }
        return plan
    }

    static func addTarget(plan planId: Int, _ t: TargetInput, in tx: WriteTransaction) async throws -> Int {
        let plan = try await writable(planId, in: tx)
        struct Next: Decodable { let n: Int? }
        let position = (try await tx.sql.raw("SELECT MAX(position) AS n FROM plan_targets WHERE plan_id = \(bind: plan.id)")
            .first(decoding: Next.self)?.n ?? 0) + 1
        let id = try await tx.sql.raw("""
            INSERT INTO plan_targets (plan_id, position, what, measure, target_value, owner, deadline)
            VALUES (\(bind: plan.id), \(bind: position), \(bind: t.what), \(bind: t.measure), \(bind: t.targetValue), \(bind: t.owner), \(bind: t.deadline?.iso))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("update", "plan", id: plan.id, unit: plan.unitId, "Thêm chỉ tiêu \"\(t.what)\": \(VNFormat.number(t.targetValue)) \(t.measure)")
        return id
    }

    /// Adjusts a target (a copied one too: the unit sets its own value, owner and deadline).
    static func updateTarget(plan planId: Int, target targetId: Int, _ t: TargetInput, in tx: WriteTransaction) async throws {
        let plan = try await writable(planId, in: tx)
        guard let old = try await targets(plan: plan.id, on: tx.sql).first(where: { $0.id == targetId }) else { throw Abort(.notFound) }
        try await tx.sql.raw("""
            UPDATE plan_targets SET what = \(bind: t.what), measure = \(bind: t.measure), target_value = \(bind: t.targetValue),
                   owner = \(bind: t.owner), deadline = \(bind: t.deadline?.iso)
            WHERE id = \(bind: targetId) AND plan_id = \(bind: plan.id)
            """).run()
        tx.audit("update", "plan", id: plan.id, unit: plan.unitId, "Sửa chỉ tiêu \"\(t.what)\"",
                 changes: ["Giá trị": [VNFormat.number(old.targetValue), VNFormat.number(t.targetValue)], "Người phụ trách": [old.owner, t.owner]])
    }

    /// Sends the plan down: units below now build theirs from it.
    static func publish(plan planId: Int, in tx: WriteTransaction) async throws {
        let plan = try await writable(planId, in: tx)
        guard !plan.published else { throw Abort(.conflict, reason: "Kế hoạch này đã ban hành.") }
        guard try await !targets(plan: plan.id, on: tx.sql).isEmpty else {
            throw Abort(.unprocessableEntity, reason: "Kế hoạch chưa có chỉ tiêu nào: hãy thêm chỉ tiêu trước khi ban hành.")
        }
        try await tx.sql.raw("""
            UPDATE plans SET status = 'published', published_at = \(bind: tx.timestamp), published_by_name = \(bind: tx.actor.username)
            WHERE id = \(bind: plan.id)
            """).run()
        tx.audit("update", "plan", id: plan.id, unit: plan.unitId, "Ban hành \(plan.title) của \(plan.unitName)")
    }

    /// Progress against a target of a published plan.
    static func recordProgress(plan planId: Int, target targetId: Int, value: Double, note: String, in tx: WriteTransaction) async throws {
        let plan = try await writable(planId, in: tx)
        guard plan.published else { throw Abort(.conflict, reason: "Chỉ ghi kết quả cho kế hoạch đã ban hành.") }
        guard let t = try await targets(plan: plan.id, on: tx.sql).first(where: { $0.id == targetId }) else { throw Abort(.notFound) }
        guard value >= 0, value <= 1_000_000_000 else { throw Abort(.unprocessableEntity, reason: "Kết quả phải là một số không âm.") }
        try await tx.sql.raw("""
            UPDATE plan_targets SET progress_value = \(bind: value), progress_note = \(bind: String(VietnameseText.clean(note).prefix(1000))),
                   progress_at = \(bind: tx.timestamp)
            WHERE id = \(bind: targetId)
            """).run()
        tx.audit("update", "plan", id: plan.id, unit: plan.unitId,
                 "Kết quả chỉ tiêu \"\(t.what)\": \(VNFormat.number(value))/\(VNFormat.number(t.targetValue)) \(t.measure)")
    }

    struct ChildPlan: Decodable, Sendable, Equatable {
        let unitId: Int
        let name: String
        let planId: Int?
        let status: String?
    }

    /// The units directly below, each with its plan for the programme and year if any: one query.
    static func children(of unitId: Int, programmeId: Int, year: Int, on sql: any SQLDatabase) async throws -> [ChildPlan] {
        try await sql.raw("""
            SELECT c.id AS unit_id, c.name, pl.id AS plan_id, pl.status
            FROM units c LEFT JOIN plans pl ON pl.unit_id = c.id AND pl.programme_id = \(bind: programmeId) AND pl.year = \(bind: year)
            WHERE c.parent_id = \(bind: unitId) AND c.status = 'active' ORDER BY c.sort_key
            """).all(decoding: ChildPlan.self, with: snakeCase)
    }

    struct Grassroots: Decodable, Sendable, Equatable { let total: Int; let planned: Int? }

    /// Grassroots unions in the subtree, and how many of them have published their plan ("100% CĐCS đã xây dựng
    /// kế hoạch"): one aggregate.
    static func grassroots(under unit: UnitRow, programmeId: Int, year: Int, on sql: any SQLDatabase) async throws -> Grassroots {
        try await sql.raw("""
            SELECT COUNT(*) AS total, SUM(CASE WHEN pl.id IS NOT NULL THEN 1 ELSE 0 END) AS planned
            FROM units u JOIN unit_kinds k ON k.id = u.kind_id
            LEFT JOIN plans pl ON pl.unit_id = u.id AND pl.programme_id = \(bind: programmeId) AND pl.year = \(bind: year) AND pl.status = 'published'
            WHERE \(unit.subtree.sql("u.path")) AND k.grassroots = 1 AND u.status = 'active'
            """).first(decoding: Grassroots.self) ?? Grassroots(total: 0, planned: 0)
    }

    /// The plan a unit page speaks of: the unit's own for the year, else the nearest above it.
    static func covering(unit: UnitRow, year: Int, on sql: any SQLDatabase) async throws -> Row? {
        let ids = PathRange.ids(in: unit.path)
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE pl.unit_id IN (\(binds: ids)) AND pl.year = \(bind: year)
              AND (pl.unit_id = \(bind: unit.id) OR pl.status = 'published')
            ORDER BY LENGTH(pl.unit_path) DESC, pl.id DESC LIMIT 1
            """).first(decoding: Row.self, with: snakeCase)
    }

    /// The plan a target belongs to.
    static func planOf(target: Int, on sql: any SQLDatabase) async throws -> Int? {
        struct P: Decodable { let planId: Int }
        return try await sql.raw("SELECT plan_id FROM plan_targets WHERE id = \(bind: target)").first(decoding: P.self, with: snakeCase)?.planId
    }
}
