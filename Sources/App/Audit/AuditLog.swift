import SQLKit

/// Reads of the register; entries are written only by `Writes`, in the transaction they describe.
enum AuditLog {
    struct Row: Decodable, Sendable {
        let id: Int
        let at: String
        let userId: Int?
        let username: String?
        let displayName: String?
        let action: String
        let entity: String
        let entityId: Int?
        let unitId: Int?
        let unitCode: String?
        let summary: String
        let address: String?
    }

    /// Log-ins and log-outs: the security view's entries, kept out of the register of changes.
    static let securityActions = ["login", "logout"]

    enum Direction: Sendable, Equatable {
        /// The newest page, or the page of entries older than an id.
        case olderThan(Int?)
        /// The page of entries newer than an id (read upwards, shown newest first).
        case newerThan(Int)
    }

    /// One page, newest first, and whether more entries lie beyond it in the direction read. One row past `limit`
    /// tells that without a COUNT. Entries outside `scope` are left out: an administrator reads everything, an
    /// official the entries whose unit lies in the subtrees they may change (entries with no unit are the
    /// administrators' alone).
    static func page(_ f: AuditFilter, scope: Scope, direction: Direction, limit: Int,
                     on sql: any SQLDatabase) async throws -> (rows: [Row], more: Bool) {
        var parts = conditions(f, scope: scope)
        var order: SQLQueryString = "DESC"
        switch direction {
        case .olderThan(let id?): parts.append("a.id < \(bind: id)")
        case .olderThan(nil): break
        case .newerThan(let id):
            parts.append("a.id > \(bind: id)")
            order = "ASC"
        }
        let where_: SQLQueryString = parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND ")
        var rows = try await sql.raw("""
            SELECT a.id, a.at, a.user_id, a.username, us.display_name, a.action, a.entity, a.entity_id, a.unit_id,
                   u.code AS unit_code, a.summary, a.address
            FROM audit_log a \(unitJoin(f, scope: scope)) LEFT JOIN users us ON us.id = a.user_id
            \(where_)
            ORDER BY a.id \(order) LIMIT \(literal: limit + 1)
            """).all(decoding: Row.self, with: snakeCase)
        let more = rows.count > limit
        if more { rows.removeLast() }
        if case .newerThan = direction { rows.reverse() }
        return (rows, more)
    }

    /// Entries of units outside the reader's scope, or with no unit at all, never reach a non-administrator:
    /// the units join is an inner join for them and for a unit filter.
    private static func unitJoin(_ f: AuditFilter, scope: Scope) -> SQLQueryString {
        scope.isAdmin && f.subtree == nil ? "LEFT JOIN units u ON u.id = a.unit_id" : "JOIN units u ON u.id = a.unit_id"
    }

    private static func conditions(_ f: AuditFilter, scope: Scope) -> [SQLQueryString] {
        var parts: [SQLQueryString] = []
        if !scope.isAdmin { parts.append(scope.filter(.write)) }
        if let subtree = f.subtree { parts.append(subtree.sql("u.path")) }
        if let user = f.userId { parts.append("a.user_id = \(bind: user)") }
        if let entity = f.entity { parts.append("a.entity = \(bind: entity)") }
        if let from = f.fromTimestamp { parts.append("a.at >= \(bind: from)") }
        if let to = f.toTimestamp { parts.append("a.at < \(bind: to)") }
        if f.security {
            parts.append("a.entity = 'user' AND a.action IN (\(binds: securityActions))")
        } else {
            parts.append("a.action NOT IN (\(binds: securityActions))")
        }
        return parts
    }

    /// The record kinds the register holds, for the filter's list.
    static func entities(on sql: any SQLDatabase) async throws -> [String] {
        struct E: Decodable { let entity: String }
        return try await sql.raw("SELECT DISTINCT entity FROM audit_log ORDER BY entity").all(decoding: E.self).map(\.entity)
    }

    struct Person: Decodable, Sendable { let id: Int; let username: String; let displayName: String }

    /// People the filter can name: every account for an administrator; for an official, the accounts they
    /// manage and their own.
    static func people(on sql: any SQLDatabase) async throws -> [Person] {
        try await sql.raw("SELECT id, username, display_name FROM users ORDER BY username").all(decoding: Person.self, with: snakeCase)
    }

    struct Failure: Decodable, Sendable { let id: Int; let usernameKey: String; let address: String; let at: String }

    /// The latest failed log-ins (housekeeping keeps them a limited time), newest first.
    static func failedLogins(limit: Int, on sql: any SQLDatabase) async throws -> [Failure] {
        try await sql.raw("""
            SELECT id, username_key, address, at FROM login_failures ORDER BY id DESC LIMIT \(literal: limit)
            """).all(decoding: Failure.self, with: snakeCase)
    }

    struct MemberEntry: Decodable { let at: String; let username: String?; let summary: String; let changes: String? }

    /// The latest 50 entries about one member, newest first.
    static func entries(forMember memberId: Int, on sql: any SQLDatabase) async throws -> [MemberEntry] {
        try await sql.raw("""
            SELECT at, username, summary, changes FROM audit_log WHERE entity = 'member' AND entity_id = \(bind: memberId) ORDER BY id DESC LIMIT 50
            """).all(decoding: MemberEntry.self)
    }
}
