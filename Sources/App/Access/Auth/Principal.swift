import Domain
import Crypto
import Foundation
import SQLKit
import Vapor

struct UserRow: Codable, Sendable {
    var id: Int
    var username: String
    var passwordHash: String
    var displayName: String
    var memberId: Int?
    var status: String
}

/// The person behind a request, with the scope their roles give them today.
struct Principal: Sendable {
    /// `background`: a job acting for the person (the daily digest reads what awaits them), with no session or token.
    enum Via: Sendable { case session(id: Int, csrf: String), token(id: Int), background }
    var user: UserRow
    var grants: [GrantRow]
    var scope: Scope
    var via: Via

    var csrfToken: String? {
        if case .session(_, let csrf) = via { return csrf }
        return nil
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The signed-in person, or 401 (pages turn that into a redirect to the log-in form).
    func requirePrincipal() throws -> Principal {
        guard let p = principal else { throw Abort(.unauthorized) }
        return p
    }

    /// The client's address for throttling. X-Forwarded-For is taken only from a trusted proxy, because any
    /// client can send one.
    var clientAddress: String {
        if application.config.trustProxy, let forwarded = headers.first(name: "X-Forwarded-For") {
            return forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        }
        return remoteAddress?.ipAddress ?? "local"
    }

    var isSecure: Bool { application.config.secureCookies }
}

enum Secrets {
    /// 32 random bytes, URL-safe base64 without padding.
    static func token() -> String {
        let bytes = [UInt8].random(count: 32)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Session ids and API tokens are stored only as hashes: a copy of the database does not log anyone in.
    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Lower-case hex without Foundation's `String(format:)`, which costs microseconds a call on Linux.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

enum Passwords {
    /// Bcrypt reads at most 72 bytes, and a Vietnamese pass phrase of 25 accented letters can be longer, so the
    /// NFC text is hashed with SHA-256 first and bcrypt sees its 44-character base64 form.
    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.precomposedStringWithCanonicalMapping.utf8))).base64EncodedString()
    }

    static func hash(_ password: String, cost: Int, on app: Application) async throws -> String {
        let input = prehash(password)
        return try await app.threadPool.runIfActive { try Bcrypt.hash(input, cost: cost) }
    }

    static func verify(_ password: String, hash: String, on app: Application) async throws -> Bool {
        let input = prehash(password)
        return try await app.threadPool.runIfActive { try Bcrypt.verify(input, created: hash) }
    }

    /// Returns a Vietnamese message when the password is not acceptable.
    static func problem(_ password: String) -> String? {
        let count = password.count
        if count < 8 { return "Mật khẩu phải có ít nhất 8 ký tự." }
        if count > 128 { return "Mật khẩu dài quá 128 ký tự." }
        let common = ["12345678", "123456789", "password", "matkhau123", "11111111", "abc12345", "qwertyui", "congdoan"]
        if common.contains(password.lowercased()) { return "Mật khẩu này quá phổ biến, hãy chọn mật khẩu khác." }
        return nil
    }
}

enum Principals {
    /// The grants in force on `today`: a grant that was revoked, or starts later, gives nothing.
    static func load(userId: Int, via: Principal.Via, today: CivilDate, on sql: any SQLDatabase) async throws -> Principal? {
        guard let user = try await sql.raw("""
            SELECT id, username, password_hash, display_name, member_id, status FROM users WHERE id = \(bind: userId)
            """).first(decoding: UserRow.self, with: snakeCase), user.status == "active" else { return nil }
        let grants = try await Grants.inForce(userId: userId, on: today, sql: sql)
        // A secretary's scope is the units attached to the cell and their sub-units.
        let cells = grants.compactMap(\.partyCellId)
        var cellPaths: [Int: [String]] = [:]
        if !cells.isEmpty {
            struct CellUnit: Decodable { let partyCellId: Int; let path: String }
            for row in try await sql.raw("""
                SELECT party_cell_id, path FROM units WHERE party_cell_id IN (\(binds: cells))
                """).all(decoding: CellUnit.self, with: snakeCase) {
                cellPaths[row.partyCellId, default: []].append(row.path)
            }
        }
        return Principal(user: user, grants: grants, scope: Scope(grants: grants, ownMember: user.memberId, cellPaths: cellPaths), via: via)
    }
}

/// Role grants are dated: granted from a day, revoked (ended) on a day, never deleted, so "who was secretary of
/// this cell on date D" has an answer.
enum Grants {
    static let columns = """
        g.id, g.user_id, g.role, g.unit_id, g.party_cell_id, u.path AS unit_path, u.name AS unit_name,
        u.code AS unit_code, c.name AS cell_name, g.valid_from, g.valid_to
        """

    static func inForce(userId: Int, on date: CivilDate, sql: any SQLDatabase) async throws -> [GrantRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: columns)
            FROM role_grants g LEFT JOIN units u ON u.id = g.unit_id LEFT JOIN party_cells c ON c.id = g.party_cell_id
            WHERE g.user_id = \(bind: userId) AND g.valid_from <= \(bind: date.iso)
              AND (g.valid_to IS NULL OR g.valid_to > \(bind: date.iso))
            ORDER BY g.id
            """).all(decoding: GrantRow.self, with: snakeCase)
    }

    struct Holder: Decodable, Sendable, Equatable { let userId: Int; let displayName: String }

    /// Who held the secretary's grant for a cell on a date.
    static func secretaries(of cellId: Int, on date: CivilDate, sql: any SQLDatabase) async throws -> [Holder] {
        try await sql.raw("""
            SELECT g.user_id, us.display_name FROM role_grants g JOIN users us ON us.id = g.user_id
            WHERE g.party_cell_id = \(bind: cellId) AND g.role = 'secretary' AND g.valid_from <= \(bind: date.iso)
              AND (g.valid_to IS NULL OR g.valid_to > \(bind: date.iso))
            ORDER BY g.id
            """).all(decoding: Holder.self, with: snakeCase)
    }
}
