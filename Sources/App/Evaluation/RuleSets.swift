import Domain
import Foundation
import SQLKit
import Vapor

/// The classification rules as dated rows (`classification_rules`) per unit and programme: the list an official
/// reads, and a unit's new rules from a day on, for one programme or for any, which end the rules the unit held for
/// the same programme that day. A round keeps the id of the rules it opened
/// under, so new rules never change a round already held.
enum RuleSets {
    struct Row: Decodable, Sendable {
        let id: Int
        let unitId: Int?
        let unitName: String?
        let unitPath: String?
        let programmeId: Int?
        let programmeName: String?
        let validFrom: String
        let validTo: String?
        let rules: String
        let source: String
        var decoded: ClassificationRules { Evaluations.RulesRow(id: id, rules: rules, source: source).decoded }
    }

    /// Rules everywhere (no unit) and those of units the person reads, newest first.
    static func visible(scope: Scope, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            SELECT c.id, c.unit_id, u.name AS unit_name, u.path AS unit_path, c.programme_id, pg.name AS programme_name,
                   c.valid_from, c.valid_to, c.rules, c.source
            FROM classification_rules c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN programmes pg ON pg.id = c.programme_id
            WHERE c.unit_id IS NULL OR \(scope.filter(.read))
            ORDER BY CASE WHEN c.unit_id IS NULL THEN 0 ELSE 1 END, u.path, COALESCE(c.programme_id, 0), c.valid_from DESC, c.id DESC
            LIMIT \(literal: limit)
            """).all(decoding: Row.self, with: snakeCase)
    }

    /// A unit's rules from `from` on: the unit's own rules in force then end that day. Refused before today (rules
    /// are not rewritten for days already past) and on the day an earlier set of its own starts.
    static func add(unitId: Int, programmeId: Int? = nil, from: CivilDate, rules: ClassificationRules, in tx: WriteTransaction) async throws -> Int {
        let unit = try await tx.requireWrite(unitId: unitId)
        var programmeName: String?
        if let programmeId {
            guard let programme = try await Programmes.find(id: programmeId, on: tx.sql) else {
                throw Abort(.unprocessableEntity, reason: "Chương trình đã chọn không có: hãy chọn lại từ danh sách.")
            }
            programmeName = programme.name
        }
        let whose = unit.name + (programmeName.map { " cho chương trình \($0)" } ?? "")
        guard tx.actor.scope.can(.approveEvaluations, unitPath: unit.path) else {
            throw Abort(.forbidden, reason: "Chỉ cán bộ có quyền phê duyệt đánh giá của đơn vị mới đặt quy định xếp loại cho đơn vị.")
        }
        let problems = rules.problems()
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: " ")) }
        guard from >= tx.today else {
            throw Abort(.unprocessableEntity, reason: "Quy định mới áp dụng từ hôm nay (\(VNFormat.date(tx.today))) trở đi, không ghi lùi ngày.")
        }
        struct Open: Decodable { let id: Int; let validFrom: String }
        if let open = try await tx.sql.raw("""
            SELECT id, valid_from FROM classification_rules
            WHERE unit_id = \(bind: unit.id) AND COALESCE(programme_id, 0) = \(bind: programmeId ?? 0)
              AND (valid_to IS NULL OR valid_to > \(bind: from.iso))
            ORDER BY valid_from DESC LIMIT 1
            """).first(decoding: Open.self, with: snakeCase) {
            guard open.validFrom < from.iso else {
                throw Abort(.conflict, reason: "\(whose) đã có quy định xếp loại từ ngày \(VNFormat.date(CivilDate(iso: open.validFrom) ?? from)): chọn ngày sau đó.")
            }
            try await tx.sql.raw("UPDATE classification_rules SET valid_to = \(bind: from.iso) WHERE id = \(bind: open.id)").run()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(rules), as: UTF8.self)
        let id = try await tx.sql.raw("""
            INSERT INTO classification_rules (programme_id, unit_id, valid_from, valid_to, rules, source)
            VALUES (\(bind: programmeId), \(bind: unit.id), \(bind: from.iso), NULL, \(bind: json), \(bind: rules.source))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        let bands = rules.bands.map { "\($0.code) ≥ \($0.minimum)" }.joined(separator: ", ")
        let cap = rules.cap.map { "; \($0.capped) tối đa \($0.percent)% (nâng \($0.raisedPercent)%) số \($0.relativeTo), \($0.rounding.label.lowercased())" } ?? ""
        tx.audit("create", "classification_rules", id: id, unit: unit.id,
                 "Quy định xếp loại của \(whose) từ \(VNFormat.date(from)): \(bands)\(cap) (\(rules.source))")
        return id
    }
}
