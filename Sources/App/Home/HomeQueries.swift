import SQLKit

enum HomeQueries {
    /// Current active and suspended members of a subtree as it stands today (reports for a past date use
    /// `MembersOnDate`).
    static func memberCount(under path: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM members m JOIN units u ON u.id = m.unit_id
            WHERE \(PathRange(path: path).sql("u.path")) AND m.status IN ('active', 'suspended')
            """).first(decoding: CountRow.self)?.n ?? 0
    }

    /// Throws when the database does not answer; a table that is always there and small.
    static func probe(on sql: any SQLDatabase) async throws {
        _ = try await sql.raw("SELECT COUNT(*) AS n FROM unit_kinds").first(decoding: CountRow.self)
    }
}
