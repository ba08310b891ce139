import Domain
import Foundation
import SQLKit
import Vapor

/// Users and their roles, shared by the user pages and the `user` command.
enum Accounts {
    struct GrantRequest: Sendable {
        var role: Role
        var unitCode: String?
        var cellName: String?
        var memberId: Int?
    }

    static func usernameProblem(_ name: String) -> String? {
        let ok = name.count >= 3 && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) }
        return ok ? nil : "Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang hoặc @."
    }

    /// Creates a user with one role. Throws 422 with a Vietnamese reason for bad input, 409 for a taken name.
    static func create(username raw: String, password: String, displayName: String, grant: GrantRequest, in tx: WriteTransaction, cost: Int, app: Application) async throws -> Int {
        let username = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if let p = usernameProblem(username) { throw Abort(.unprocessableEntity, reason: p) }
        if let p = Passwords.problem(password) { throw Abort(.unprocessableEntity, reason: p) }
        let display = VietnameseText.clean(displayName).isEmpty ? username : VietnameseText.clean(displayName)
        let taken = try await tx.sql.raw("SELECT id FROM users WHERE username = \(bind: username)").first(decoding: IDRow.self)
        if taken != nil { throw Abort(.conflict, reason: "Tên đăng nhập \(username) đã có.") }
        // Check the role before anything is written.
        let resolved = try await resolve(grant, in: tx)
        let hash = try await Passwords.hash(password, cost: cost, on: app)
        let now = tx.timestamp
        let id = try await tx.sql.raw("""
            INSERT INTO users (username, password_hash, display_name, member_id, status, created_at, password_changed_at)
            VALUES (\(bind: username), \(bind: hash), \(bind: display), \(bind: resolved.memberId), 'active', \(bind: now), \(bind: now)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("create", "user", id: id, unit: resolved.unitId, "Tạo tài khoản \(username)")
        try await insertGrant(userId: id, resolved, in: tx)
        return id
    }

    struct Resolved: Sendable { var role: Role; var unitId: Int?; var cellId: Int?; var memberId: Int? }

    /// Turns codes into ids and checks that the granter may hand out this role here.
    static func resolve(_ g: GrantRequest, in tx: WriteTransaction) async throws -> Resolved {
        let scope = tx.actor.scope
        switch g.role {
        case .admin:
            guard scope.isAdmin else { throw Abort(.forbidden, reason: "Chỉ quản trị hệ thống được giao vai trò quản trị.") }
            return Resolved(role: .admin)
        case .official, .viewer:
            guard let code = g.unitCode, !code.isEmpty else { throw Abort(.unprocessableEntity, reason: "Vai trò này cần mã đơn vị.") }
            guard let unit = try await Units.find(code: code, on: tx.sql), scope.can(.manageUsers, unitPath: unit.path) else {
                throw Abort(.unprocessableEntity, reason: "Đơn vị \(code) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý.")
            }
            // An official hands out roles below their own level, never at it or above.
            guard scope.can(.manageUsers, below: unit.path) else {
                throw Abort(.forbidden, reason: "Bạn chỉ được giao vai trò cho đơn vị cấp dưới của mình, không cho chính đơn vị \(unit.name) hay cấp trên.")
            }
            return Resolved(role: g.role, unitId: unit.id)
        case .secretary:
            guard let code = g.unitCode, let name = g.cellName, !name.isEmpty,
                  let unit = try await Units.find(code: code, on: tx.sql), scope.can(.manageUsers, unitPath: unit.path) else {
                throw Abort(.unprocessableEntity, reason: "Bí thư chi bộ cần tên chi bộ và mã một đơn vị trong phạm vi của bạn có chi bộ đó.")
            }
            guard let cell = try await PartyCells.find(named: name, for: unit.path, on: tx.sql) else {
                throw Abort(.unprocessableEntity, reason: "Không thấy chi bộ \"\(name)\" ở đơn vị \(code) hoặc cấp trên của nó.")
            }
            return Resolved(role: .secretary, unitId: unit.id, cellId: cell)
        case .member:
            guard let memberId = g.memberId, let member = try await Members.find(id: memberId, on: tx.sql),
                  let unit = try await Units.find(id: member.unitId, on: tx.sql), scope.can(.manageUsers, unitPath: unit.path) else {
                throw Abort(.unprocessableEntity, reason: "Vai trò đoàn viên cần mã hồ sơ của một đoàn viên trong phạm vi của bạn.")
            }
            return Resolved(role: .member, unitId: unit.id, memberId: member.id)
        }
    }

    static func insertGrant(userId: Int, _ r: Resolved, in tx: WriteTransaction) async throws {
        if let memberId = r.memberId {
            try await tx.sql.raw("UPDATE users SET member_id = \(bind: memberId) WHERE id = \(bind: userId)").run()
        }
        // A secretary's grant names the cell; the unit is kept only to show where it was given.
        let grantId = try await tx.sql.raw("""
            INSERT INTO role_grants (user_id, role, unit_id, party_cell_id, created_at, created_by, valid_from)
            VALUES (\(bind: userId), \(bind: r.role.rawValue), \(bind: r.role == .secretary || r.role == .member || r.role == .admin ? nil : r.unitId),
                    \(bind: r.cellId), \(bind: tx.timestamp), \(bind: tx.actor.userId), \(bind: tx.today.iso))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        let name = try await username(of: userId, in: tx)
        tx.audit("grant", "role_grant", id: grantId, unit: r.unitId, "Giao vai trò \(r.role.vietnameseName) cho tài khoản \(name)")
    }

    /// Ends a grant today: it stays on record with who revoked it, so the history of who held a role remains.
    static func revokeGrant(_ grantId: Int, of userId: Int, note: String? = nil, in tx: WriteTransaction) async throws {
        struct Found: Decodable { let id: Int; let validFrom: String?; let role: String; let unitId: Int? }
        guard let found = try await tx.sql.raw("""
            SELECT id, valid_from, role, unit_id FROM role_grants WHERE id = \(bind: grantId) AND user_id = \(bind: userId)
              AND (valid_to IS NULL OR valid_to > \(bind: tx.today.iso))
            """).first(decoding: Found.self, with: snakeCase) else { throw Abort(.notFound) }
        // Nobody locks themselves out, and the system always keeps an administrator.
        if userId == tx.actor.userId, try await grantsInForce(of: userId, in: tx) <= 1 {
            throw Abort(.conflict, reason: "Đây là vai trò cuối cùng của chính bạn: thu hồi nó thì bạn không còn vào được hệ thống. Nếu thật sự cần, hãy nhờ cán bộ cấp trên làm việc này.")
        }
        if found.role == Role.admin.rawValue, try await activeAdministrators(except: userId, in: tx) == 0 {
            throw Abort(.conflict, reason: "Đây là quản trị hệ thống cuối cùng còn hoạt động; hãy giao vai trò quản trị cho người khác trước khi thu hồi.")
        }
        // A grant revoked on the day it began never held: it ends where it started.
        let end = max(tx.today.iso, found.validFrom ?? tx.today.iso)
        try await tx.sql.raw("""
            UPDATE role_grants SET valid_to = \(bind: end), revoked_at = \(bind: tx.timestamp), revoked_by = \(bind: tx.actor.userId)
            WHERE id = \(bind: found.id)
            """).run()
        let name = try await username(of: userId, in: tx)
        let role = Role(rawValue: found.role)?.vietnameseName ?? found.role
        tx.audit("revoke", "role_grant", id: found.id, unit: found.unitId, "Thu hồi vai trò \(role) của tài khoản \(name)" + AuditText.because(note))
    }

    /// The register names accounts by their user name, not by number.
    static func username(of userId: Int, in tx: WriteTransaction) async throws -> String {
        struct Name: Decodable { let username: String }
        return try await tx.sql.raw("SELECT username FROM users WHERE id = \(bind: userId)").first(decoding: Name.self)?.username ?? "#\(userId)"
    }

    static func grantsInForce(of userId: Int, in tx: WriteTransaction) async throws -> Int {
        try await tx.sql.raw("""
            SELECT COUNT(*) AS n FROM role_grants WHERE user_id = \(bind: userId) AND (valid_to IS NULL OR valid_to > \(bind: tx.today.iso))
            """).first(decoding: CountRow.self)?.n ?? 0
    }

    /// Active accounts other than `userId` holding an administrator grant in force.
    static func activeAdministrators(except userId: Int, in tx: WriteTransaction) async throws -> Int {
        try await tx.sql.raw("""
            SELECT COUNT(DISTINCT g.user_id) AS n FROM role_grants g JOIN users us ON us.id = g.user_id
            WHERE g.role = 'admin' AND (g.valid_to IS NULL OR g.valid_to > \(bind: tx.today.iso))
              AND us.status = 'active' AND g.user_id <> \(bind: userId)
            """).first(decoding: CountRow.self)?.n ?? 0
    }

    static func isActiveAdministrator(_ userId: Int, in tx: WriteTransaction) async throws -> Bool {
        try await tx.sql.raw("""
            SELECT COUNT(*) AS n FROM role_grants g WHERE g.user_id = \(bind: userId) AND g.role = 'admin'
              AND (g.valid_to IS NULL OR g.valid_to > \(bind: tx.today.iso))
            """).first(decoding: CountRow.self)!.n > 0
    }

    /// Users an actor may manage: all for an administrator, otherwise those with a role inside the actor's
    /// write subtrees.
    static func manageable(userId: Int, scope: Scope, on sql: any SQLDatabase) async throws -> Bool {
        if scope.isAdmin { return true }
        let grants = try await sql.raw("""
            SELECT g.id, g.user_id, g.role, g.unit_id, g.party_cell_id, COALESCE(u.path, hu.path, mu.path) AS unit_path,
                   NULL AS unit_name, NULL AS unit_code, NULL AS cell_name, g.valid_from, g.valid_to
            FROM role_grants g
            LEFT JOIN units u ON u.id = g.unit_id
            LEFT JOIN party_cells c ON c.id = g.party_cell_id LEFT JOIN units hu ON hu.id = c.home_unit_id
            LEFT JOIN users us ON us.id = g.user_id LEFT JOIN members m ON m.id = us.member_id AND g.role = 'member'
            LEFT JOIN units mu ON mu.id = m.unit_id
            WHERE g.user_id = \(bind: userId) AND g.valid_to IS NULL
            """).all(decoding: GrantRow.self, with: snakeCase)
        if grants.isEmpty || grants.contains(where: { $0.role == Role.admin.rawValue }) { return false }
        return grants.allSatisfy { g in g.unitPath.map { scope.can(.manageUsers, unitPath: $0) } ?? false }
    }

    /// The user page lists at most 2 000 accounts.
    static func users(on sql: any SQLDatabase) async throws -> [UserRow] {
        try await sql.raw("SELECT id, username, password_hash, display_name, member_id, status FROM users ORDER BY username LIMIT 2000")
            .all(decoding: UserRow.self, with: snakeCase)
    }

    /// Every grant still in force on the day, for all users; the page keeps those of users the reader may manage.
    static func grants(inForceOn day: CivilDate, on sql: any SQLDatabase) async throws -> [GrantRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Grants.columns)
            FROM role_grants g LEFT JOIN units u ON u.id = g.unit_id LEFT JOIN party_cells c ON c.id = g.party_cell_id
            WHERE g.valid_to IS NULL OR g.valid_to > \(bind: day.iso) ORDER BY g.id
            """).all(decoding: GrantRow.self, with: snakeCase)
    }

    static func changePassword(userId: Int, hash: String, keepingSession sessionId: Int, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("UPDATE users SET password_hash = \(bind: hash), password_changed_at = \(bind: tx.timestamp) WHERE id = \(bind: userId)").run()
        // Other sessions end with the old password; this one stays.
        try await tx.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userId) AND id <> \(bind: sessionId)").run()
        tx.audit("password", "user", id: userId, unit: nil, "Đổi mật khẩu")
    }

    struct Official: Decodable, Sendable { let name: String; let unitName: String }

    /// The union officials a member can turn to: those holding an official role in force over the unit, nearest
    /// level first.
    static func officials(over unit: UnitRow, on day: CivilDate, on sql: any SQLDatabase) async throws -> [Official] {
        let ids = PathRange.ids(in: unit.path)
        guard !ids.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT CASE WHEN us.display_name = '' THEN us.username ELSE us.display_name END AS name, u.name AS unit_name
            FROM role_grants g JOIN users us ON us.id = g.user_id JOIN units u ON u.id = g.unit_id
            WHERE g.role = 'official' AND us.status = 'active' AND g.unit_id IN (\(SQLList(ids.map { SQLBind($0) })))
              AND (g.valid_from IS NULL OR g.valid_from <= \(bind: day.iso)) AND (g.valid_to IS NULL OR g.valid_to > \(bind: day.iso))
            ORDER BY u.depth DESC, name LIMIT 6
            """).all(decoding: Official.self, with: snakeCase)
    }

    /// What locking an account ends at once: its open sessions and its API tokens in force.
    static func access(of userId: Int, on sql: any SQLDatabase) async throws -> (sessions: Int, tokens: Int) {
        struct Counts: Decodable { let sessions: Int; let tokens: Int }
        let c = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM sessions WHERE user_id = \(bind: userId)) AS sessions,
                   (SELECT COUNT(*) FROM api_tokens WHERE user_id = \(bind: userId) AND revoked_at IS NULL) AS tokens
            """).first(decoding: Counts.self)
        return (c?.sessions ?? 0, c?.tokens ?? 0)
    }

    static func setActive(userId: Int, _ active: Bool, note: String? = nil, in tx: WriteTransaction) async throws {
        if !active, userId == tx.actor.userId {
            throw Abort(.conflict, reason: "Bạn không thể tự khóa tài khoản của chính mình.")
        }
        if !active, try await isActiveAdministrator(userId, in: tx), try await activeAdministrators(except: userId, in: tx) == 0 {
            throw Abort(.conflict, reason: "Đây là tài khoản quản trị hệ thống cuối cùng còn hoạt động; hãy giao vai trò quản trị cho người khác trước khi khóa.")
        }
        try await tx.sql.raw("UPDATE users SET status = \(bind: active ? "active" : "disabled") WHERE id = \(bind: userId)").run()
        // A disabled account loses its sessions at once.
        if !active { try await Sessions.endAll(userId: userId, on: tx.sql) }
        tx.audit(active ? "enable" : "disable", "user", id: userId, unit: nil, (active ? "Mở khóa tài khoản" : "Khóa tài khoản") + AuditText.because(note))
    }
}
