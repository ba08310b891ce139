import SQLKit

/// Reads of the register; entries are written only by `Writes`, in the transaction they describe.
enum AuditLog {
    struct Row: Decodable { let id: Int; let at: String; let username: String?; let action: String; let entity: String; let entityId: Int?; let summary: String }

    /// Newest first, 101 rows: one past the page's 100 tells whether an older page follows.
    static func page(before: Int?, on sql: any SQLDatabase) async throws -> [Row] {
        let condition: SQLQueryString = before.map { "WHERE id < \(bind: $0)" } ?? ""
        return try await sql.raw("""
            SELECT id, at, username, action, entity, entity_id, summary FROM audit_log \(condition) ORDER BY id DESC LIMIT 101
            """).all(decoding: Row.self, with: snakeCase)
    }

    struct MemberEntry: Decodable { let at: String; let username: String?; let summary: String; let changes: String? }

    /// The latest 50 entries about one member, newest first.
    static func entries(forMember memberId: Int, on sql: any SQLDatabase) async throws -> [MemberEntry] {
        try await sql.raw("""
            SELECT at, username, summary, changes FROM audit_log WHERE entity = 'member' AND entity_id = \(bind: memberId) ORDER BY id DESC LIMIT 50
            """).all(decoding: MemberEntry.self)
    }
}
