import Domain
import Foundation
import SQLKit
import Vapor

/// Members' requests to correct their own records. A request names the fields, their values then and the values
/// asked for; an official of the member's unit approves it (the change then goes through the write gate like any
/// edit) or rejects it with a reason. Both steps are in the register.
enum Corrections {
    /// What a member may ask to correct, with the label each is shown under. Unit, position and duties are the
    /// unit's decisions, not corrections.
    static let fields: [(name: String, label: String)] = [
        ("fullName", "member_full_name"), ("birthDate", "member_birth"), ("gender", "member_gender"), ("ethnicity", "member_ethnicity"),
        ("nationality", "member_nationality"), ("citizenID", "member_cccd"), ("passportNumber", "member_passport"),
        ("unionJoinDate", "member_joined"), ("education", "member_education"), ("politicalTheory", "member_theory"),
        ("partyJoinDate", "member_party"), ("phone", "member_phone"), ("email", "member_email"),
    ]

    /// A field asked to change: its value when asked and the value wanted.
    struct Change: Codable, Sendable, Equatable { let field: String; let old: String; let new: String }

    struct Row: Decodable, Sendable {
        let id: Int
        let memberId: Int
        let unitId: Int
        let memberName: String
        let unitName: String
        let unitPath: String
        let requestedAt: String
        let note: String
        let changes: String
        let status: String
        let decidedByName: String?
        let decidedAt: String?
        let decisionNote: String?

        var decodedChanges: [Change] { (try? JSONDecoder().decode([Change].self, from: Data(changes.utf8))) ?? [] }

        static let select = """
            SELECT c.id, c.member_id, c.unit_id, m.full_name AS member_name, u.name AS unit_name, u.path AS unit_path, c.requested_at,
                   c.note, c.changes, c.status, c.decided_by_name, c.decided_at, c.decision_note
            FROM correction_requests c JOIN members m ON m.id = c.member_id JOIN units u ON u.id = m.unit_id
            """
    }

    /// The fields of a form as text, by field name, for comparing and applying.
    static func values(_ form: MemberController.MemberForm) -> [String: String] {
        guard let data = try? JSONEncoder().encode(form), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? String }.mapValues(VietnameseText.clean)
    }

    /// `form` with the asked-for values laid over it.
    static func applying(_ changes: [Change], to form: MemberController.MemberForm) throws -> MemberController.MemberForm {
        var v = values(form)
        for c in changes { v[c.field] = c.new }
        return try JSONDecoder().decode(MemberController.MemberForm.self, from: JSONSerialization.data(withJSONObject: v))
    }

    /// The fields where `wanted` differs from `current`, among those a member may ask to correct.
    static func diff(current: MemberController.MemberForm, wanted: MemberController.MemberForm) -> [Change] {
        let a = values(current), b = values(wanted)
        return fields.compactMap { f in
            let old = a[f.name] ?? "", new = b[f.name] ?? ""
            return old == new ? nil : Change(field: f.name, old: old, new: new)
        }
    }

    static func labels(_ changes: [Change], _ t: Strings) -> String {
        changes.map { c in t[fields.first { $0.name == c.field }?.label ?? c.field] }.joined(separator: ", ")
    }

    // MARK: - Queries

    @discardableResult
    static func create(member: MemberRow, changes: [Change], note: String, in tx: WriteTransaction) async throws -> Int {
        let json = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        let id = try await tx.sql.raw("""
            INSERT INTO correction_requests (member_id, unit_id, requested_by, requested_at, note, changes, status)
            VALUES (\(bind: member.id), \(bind: member.unitId), \(bind: tx.actor.userId), \(bind: tx.timestamp), \(bind: note), \(bind: json), 'pending')
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("request", "correction", id: id, unit: member.unitId,
                 "\(member.fullName) đề nghị sửa hồ sơ: \(labels(changes, Strings(language: .vi)))", changes: Dictionary(uniqueKeysWithValues: changes.map { ($0.field, [$0.old, $0.new] as [String?]) }))
        return id
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE c.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    /// A member's own requests, newest first.
    static func of(member memberId: Int, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE c.member_id = \(bind: memberId) ORDER BY c.id DESC LIMIT 20")
            .all(decoding: Row.self, with: snakeCase)
    }

    /// Requests waiting for a decision from someone who may change these members' records, oldest first.
    static func pending(scope: Scope, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE c.status = 'pending' AND \(scope.writeFilter()) ORDER BY c.id LIMIT \(bind: limit)
            """).all(decoding: Row.self, with: snakeCase)
    }

    static func pendingCount(scope: Scope, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM correction_requests c JOIN members m ON m.id = c.member_id JOIN units u ON u.id = m.unit_id
            WHERE c.status = 'pending' AND \(scope.writeFilter())
            """).first(decoding: CountRow.self)?.n ?? 0
    }

    /// Approves (applying the change through the write gate) or rejects a pending request; a request already
    /// decided is a 409, one outside the actor's scope a 404.
    static func decide(_ id: Int, approve: Bool, note: String?, in tx: WriteTransaction) async throws {
        guard let request = try await find(id: id, on: tx.sql) else { throw Abort(.notFound) }
        let unit = try await tx.requireWrite(unitId: request.unitId)
        guard request.status == "pending" else { throw Abort(.conflict, reason: "Đề nghị này đã được xử lý rồi.") }
        guard let member = try await Members.find(id: request.memberId, on: tx.sql) else { throw Abort(.notFound) }
        let changes = request.decodedChanges
        let what = labels(changes, Strings(language: .vi))
        if approve {
            let wanted = try applying(changes, to: MemberController.MemberForm(member, unitCode: unit.code))
            switch MemberRules.validate(wanted.input, today: tx.today) {
            case .failure(let errors):
                throw Abort(.unprocessableEntity, reason: "Không áp dụng được đề nghị: " + errors.map(\.sentence).joined(separator: " "))
            case .success(let draft):
                try await Members.update(id: member.id, with: draft, on: tx.today, in: tx)
            }
        }
        try await tx.sql.raw("""
            UPDATE correction_requests SET status = \(bind: approve ? "approved" : "rejected"), decided_by = \(bind: tx.actor.userId),
                decided_by_name = \(bind: tx.actor.username), decided_at = \(bind: tx.timestamp), decision_note = \(bind: note)
            WHERE id = \(bind: id) AND status = 'pending'
            """).run()
        tx.audit(approve ? "approve" : "reject", "correction", id: id, unit: member.unitId,
                 (approve ? "Duyệt" : "Từ chối") + " đề nghị sửa hồ sơ của \(member.fullName): \(what)" + AuditText.because(note))
    }
}
