import SQLKit

/// The SQL of the exports that no list already has: the unit tree, a batch at a time in path order (tree order,
/// key set on the unique path).
enum ExportQueries {
    struct UnitRow: Decodable, Sendable {
        let id: Int
        let code: String
        let name: String
        let path: String
        let depth: Int
        let status: String
        let establishedOn: String
        let endedOn: String?
        let kindName: String
        let parentCode: String?
        let parentName: String?
        let members: Int
    }

    /// Units the scope reads, under `subtree` when given, after `afterPath`. Each row has the unit's own current
    /// members (active or suspended) from the kept counts (`KeptCount.unitMembers`).
    static func units(scope: Scope, subtree: PathRange?, afterPath: String?, limit: Int, on sql: any SQLDatabase) async throws -> [UnitRow] {
        var parts: [SQLQueryString] = [scope.readFilter(members: false)]
        if let subtree { parts.append(subtree.sql("u.path")) }
        if let afterPath { parts.append("u.path > \(bind: afterPath)") }
        return try await sql.raw("""
            SELECT u.id, u.code, u.name, u.path, u.depth, u.status, u.established_on, u.ended_on, k.name AS kind_name,
                   p.code AS parent_code, p.name AS parent_name,
                   (SELECT CAST(COALESCE(SUM(c.members), 0) AS BIGINT) FROM unit_member_counts c WHERE c.unit_id = u.id) AS members
            FROM units u JOIN unit_kinds k ON k.id = u.kind_id LEFT JOIN units p ON p.id = u.parent_id
            WHERE \(parts.joined(separator: " AND "))
            ORDER BY u.path LIMIT \(literal: limit)
            """).all(decoding: UnitRow.self, with: snakeCase)
    }
}
