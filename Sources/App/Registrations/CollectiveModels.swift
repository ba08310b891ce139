import Domain
import Foundation
import SQLKit
import Vapor

/// Collective models (mô hình): registered by a union group or a grassroots union for a round (an official of it
/// proposes), discussed by its members (comments), agreed by the union (an official), then confirmed and followed by
/// the Party committee (the secretary holding the cell's grant that day); members join it.
enum CollectiveModels {
    enum Status: String, Sendable { case proposed, agreed, confirmed
        var label: String {
            switch self {
            case .proposed: "Đang lấy ý kiến"
            case .agreed: "Đã thống nhất, chờ cấp ủy xác nhận"
            case .confirmed: "Cấp ủy đã xác nhận, đang theo dõi"
            }
        }
    }

    struct Row: Codable, Sendable {
        let id: Int
        let roundId: Int
        let unitId: Int
        let unitName: String
        let unitPath: String
        let cellId: Int?
        let name: String
        let description: String
        let status: String
        let proposedByName: String
        let proposedAt: String
        let agreedAt: String?
        let agreedByName: String?
        let confirmedAt: String?
        let confirmedByName: String?
        let confirmationNote: String?
        let memberCount: Int

        var state: Status { Status(rawValue: status) ?? .proposed }

        static let select = """
            SELECT c.id, c.round_id, c.unit_id, u.name AS unit_name, u.path AS unit_path, c.cell_id, c.name, c.description, c.status,
                   c.proposed_by_name, c.proposed_at, c.agreed_at, c.agreed_by_name, c.confirmed_at, c.confirmed_by_name, c.confirmation_note,
                   (SELECT COUNT(*) FROM model_members mm WHERE mm.model_id = c.id) AS member_count
            FROM collective_models c JOIN units u ON u.id = c.unit_id
            """
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE c.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    static func list(round: Int, range: PathRange, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE c.round_id = \(bind: round) AND \(range.sql("u.path")) ORDER BY c.id LIMIT 200")
            .all(decoding: Row.self, with: snakeCase)
    }

    /// How a person stands towards a model: reads it, is one of its unit's members, writes for its unit, is the
    /// committee (secretary of its cell today).
    struct Standing: Sendable { var reads = false; var member: Int?; var official = false; var committeeGrant: Int? }

    static func standing(_ p: Principal, _ m: Row, on sql: any SQLDatabase) async throws -> Standing {
        var s = Standing()
        s.official = p.scope.canWrite(unitPath: m.unitPath)
        if let cell = m.cellId, let g = p.grants.first(where: { $0.role == Role.secretary.rawValue && $0.partyCellId == cell }) { s.committeeGrant = g.id }
        if let own = CorrectionController.ownMember(p), let member = try await Members.find(id: own, on: sql),
           let unit = try await Units.find(id: member.unitId, on: sql), PathRange(path: m.unitPath).contains(unit.path) {
            s.member = own
        }
        s.reads = s.official || s.member != nil || s.committeeGrant != nil || p.scope.can(.read, unitPath: m.unitPath)
        return s
    }

    static func readable(_ id: Int, _ p: Principal, on sql: any SQLDatabase) async throws -> (Row, Standing) {
        guard let m = try await find(id: id, on: sql) else { throw Abort(.notFound) }
        let s = try await standing(p, m, on: sql)
        guard s.reads else { throw Abort(.notFound) }
        return (m, s)
    }

    static func propose(round: Rounds.Row, unitId: Int, name: String, description: String, by p: Principal, in tx: WriteTransaction) async throws -> Int {
        let unit = try await tx.requireWrite(unitId: unitId)
        guard PathRange(path: round.unitPath).contains(unit.path) else {
            throw Abort(.unprocessableEntity, reason: "\(unit.name) không thuộc \(round.unitName), nơi tổ chức đợt đăng ký này.")
        }
        guard round.calendar.isOpen(on: tx.today) else {
            throw Abort(.conflict, reason: "Đợt đăng ký mở từ \(VNFormat.date(round.calendar.opensOn)) đến \(VNFormat.date(round.calendar.closesOn)); hôm nay không nhận mô hình mới.")
        }
        let n = VietnameseText.clean(name), d = VietnameseText.clean(description)
        guard !n.isEmpty, n.count <= 300, !d.isEmpty, d.count <= RegistrationFlow.maxTextLength else {
            throw Abort(.unprocessableEntity, reason: "Tên mô hình (không quá 300 ký tự) và nội dung (không quá 2.000 ký tự): không được để trống.")
        }
        let cell = try await Registrations.cell(forUnitPath: unit.path, on: tx.sql)
        let id = try await tx.sql.raw("""
            INSERT INTO collective_models (round_id, unit_id, unit_path, cell_id, name, description, status, proposed_by, proposed_by_name, proposed_at)
            VALUES (\(bind: round.id), \(bind: unit.id), \(bind: unit.path), \(bind: cell), \(bind: n), \(bind: d), 'proposed',
                    \(bind: tx.actor.userId), \(bind: p.user.displayName), \(bind: tx.timestamp)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("create", "collective_model", id: id, unit: unit.id, "Đăng ký mô hình «\(n)» của \(unit.name), \(round.title)")
        return id
    }

    static func comment(_ id: Int, body: String, by p: Principal, in tx: WriteTransaction) async throws {
        let (m, s) = try await readable(id, p, on: tx.sql)
        guard s.member != nil || s.official || s.committeeGrant != nil else {
            throw Abort(.forbidden, reason: "Chỉ đoàn viên của \(m.unitName), cán bộ công đoàn và cấp ủy mới góp ý được mô hình này.")
        }
        let text = VietnameseText.clean(body)
        guard !text.isEmpty, text.count <= RegistrationFlow.maxTextLength else { throw Abort(.unprocessableEntity, reason: "Góp ý: không được để trống và không quá 2.000 ký tự.") }
        try await tx.sql.raw("""
            INSERT INTO model_comments (model_id, at, user_id, author_name, body) VALUES (\(bind: id), \(bind: tx.timestamp), \(bind: tx.actor.userId), \(bind: p.user.displayName), \(bind: text))
            """).run()
        tx.audit("comment", "collective_model", id: id, unit: m.unitId, "Góp ý mô hình «\(m.name)»")
    }

    /// The union agrees (an official of the unit), then the committee confirms (the cell's secretary today).
    static func advance(_ id: Int, to next: Status, note: String?, by p: Principal, in tx: WriteTransaction) async throws {
        let (m, s) = try await readable(id, p, on: tx.sql)
        switch next {
        case .agreed:
            guard s.official else { throw Abort(.forbidden, reason: "Chỉ cán bộ công đoàn của \(m.unitName) mới chốt thống nhất mô hình.") }
            guard m.state == .proposed else { throw Abort(.conflict, reason: "Mô hình đang «\(m.state.label)»: không chốt thống nhất lại được.") }
            try await tx.sql.raw("""
                UPDATE collective_models SET status = 'agreed', agreed_at = \(bind: tx.timestamp), agreed_by_name = \(bind: p.user.displayName)
                WHERE id = \(bind: id) AND status = 'proposed'
                """).run()
            tx.audit("approve", "collective_model", id: id, unit: m.unitId, "Thống nhất mô hình «\(m.name)»")
        case .confirmed:
            guard let grant = s.committeeGrant else { throw Abort(.forbidden, reason: "Chỉ cấp ủy (bí thư chi bộ đang giữ chức vụ hôm nay) mới xác nhận mô hình.") }
            guard m.state == .agreed else { throw Abort(.conflict, reason: "Chỉ xác nhận được mô hình đã thống nhất; mô hình này đang «\(m.state.label)».") }
            try await tx.sql.raw("""
                UPDATE collective_models SET status = 'confirmed', confirmed_at = \(bind: tx.timestamp), confirmed_by_name = \(bind: p.user.displayName),
                    confirmation_grant_id = \(bind: grant), confirmation_note = \(bind: note.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : $0 })
                WHERE id = \(bind: id) AND status = 'agreed'
                """).run()
            tx.audit("approve", "collective_model", id: id, unit: m.unitId, "Cấp ủy xác nhận mô hình «\(m.name)»" + AuditText.because(note))
        case .proposed:
            throw Abort(.unprocessableEntity)
        }
    }

    /// A member joins (themselves, or an official for them) a model that has been agreed.
    static func join(_ id: Int, memberId: Int?, by p: Principal, in tx: WriteTransaction) async throws {
        let (m, s) = try await readable(id, p, on: tx.sql)
        guard let who = memberId ?? s.member else { throw Abort(.forbidden, reason: "Chỉ đoàn viên của \(m.unitName) mới tham gia được mô hình này.") }
        guard who == s.member || s.official else { throw Abort(.forbidden, reason: "Chỉ chính đoàn viên, hoặc cán bộ công đoàn nhập thay, mới ghi tham gia.") }
        guard m.state != .proposed else { throw Abort(.conflict, reason: "Mô hình còn đang lấy ý kiến: tham gia sau khi đã thống nhất.") }
        guard let member = try await Members.find(id: who, on: tx.sql), let unit = try await Units.find(id: member.unitId, on: tx.sql),
              PathRange(path: m.unitPath).contains(unit.path) else { throw Abort(.notFound) }
        if try await tx.sql.raw("SELECT id FROM model_members WHERE model_id = \(bind: id) AND member_id = \(bind: who)").first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: "\(member.fullName) đã tham gia mô hình này.")
        }
        try await tx.sql.raw("INSERT INTO model_members (model_id, member_id, joined_at) VALUES (\(bind: id), \(bind: who), \(bind: tx.timestamp))").run()
        tx.audit("create", "collective_model", id: id, unit: m.unitId, "\(member.fullName) tham gia mô hình «\(m.name)»")
    }

    struct CommentRow: Decodable, Sendable { let at: String; let authorName: String; let body: String }
    struct MemberRowLite: Decodable, Sendable { let fullName: String }

    static func comments(of id: Int, on sql: any SQLDatabase) async throws -> [CommentRow] {
        try await sql.raw("SELECT at, author_name, body FROM model_comments WHERE model_id = \(bind: id) ORDER BY id").all(decoding: CommentRow.self, with: snakeCase)
    }

    static func members(of id: Int, on sql: any SQLDatabase) async throws -> [MemberRowLite] {
        try await sql.raw("""
            SELECT m.full_name FROM model_members mm JOIN members m ON m.id = mm.member_id WHERE mm.model_id = \(bind: id) ORDER BY m.sort_key LIMIT 500
            """).all(decoding: MemberRowLite.self, with: snakeCase)
    }
}
