import Domain
import SQLKit

enum HomeQueries {
    /// Current active and suspended members of a subtree as it stands today (reports for a past date use
    /// `MembersOnDate`).
    static func memberCount(under path: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT CAST(COALESCE(SUM(c.members), 0) AS BIGINT) AS n FROM unit_member_counts c JOIN units u ON u.id = c.unit_id
            WHERE \(PathRange(path: path).sql("u.path"))
            """).first(decoding: CountRow.self)?.n ?? 0
    }

    /// Headline figures of current members: all of them, women, Party members.
    struct Figures: Decodable, Sendable { let members: Int; let women: Int; let party: Int }

    /// Over the given subtrees, or over everything when `ranges` is nil: sums of the kept counts
    /// (`KeptCount.unitMembers`), one row per unit and education level, not one per member.
    static func figures(in ranges: [PathRange]?, on sql: any SQLDatabase) async throws -> Figures {
        try await sql.raw("""
            SELECT CAST(COALESCE(SUM(c.members), 0) AS BIGINT) AS members, CAST(COALESCE(SUM(c.women), 0) AS BIGINT) AS women, CAST(COALESCE(SUM(c.party), 0) AS BIGINT) AS party
            FROM unit_member_counts c JOIN units u ON u.id = c.unit_id
            WHERE \(within(ranges))
            """).first(decoding: Figures.self) ?? Figures(members: 0, women: 0, party: 0)
    }

    /// Active units in the subtrees (or everywhere), the subtrees' own top units excluded when `below` is set.
    static func activeUnits(in ranges: [PathRange]?, below: [Int] = [], on sql: any SQLDatabase) async throws -> Int {
        let excluded: SQLQueryString = below.isEmpty ? "1 = 1" : "u.id NOT IN (\(binds: below))"
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM units u WHERE \(within(ranges)) AND \(excluded) AND u.status = 'active'
            """).first(decoding: CountRow.self)?.n ?? 0
    }

    /// The units a Party cell is attached to: a secretary's scope is these and their sub-units.
    static func cellUnitPaths(cellId: Int, on sql: any SQLDatabase) async throws -> [String] {
        struct PathRow: Decodable { let path: String }
        return try await sql.raw("SELECT path FROM units WHERE party_cell_id = \(bind: cellId) ORDER BY path")
            .all(decoding: PathRow.self).map(\.path)
    }

    /// Files this person uploaded in the last day that are being checked or written, or checked and not written yet
    /// (nor left to expire): the home page shows the progress of the first and offers to confirm the others.
    struct WaitingImport: Decodable, Sendable { let id: Int; let kind: String; let fileName: String; let rowCount: Int; let createdAt: String; let status: String }

    static func waitingImports(userId: Int, since: String, on sql: any SQLDatabase) async throws -> [WaitingImport] {
        try await sql.raw("""
            SELECT id, kind, file_name, row_count, created_at, status FROM import_batches
            WHERE user_id = \(bind: userId) AND status IN ('validated', 'checking', 'writing') AND created_at >= \(bind: since)
            ORDER BY id DESC LIMIT 5
            """).all(decoding: WaitingImport.self, with: snakeCase)
    }

    /// Throws when the database does not answer; a table that is always there and small.
    static func probe(on sql: any SQLDatabase) async throws {
        _ = try await sql.raw("SELECT COUNT(*) AS n FROM unit_kinds").first(decoding: CountRow.self)
    }

    private static func within(_ ranges: [PathRange]?) -> SQLQueryString {
        guard let ranges else { return "1 = 1" }
        if ranges.isEmpty { return "1 = 0" }
        return "(" + ranges.map { $0.sql("u.path") }.joined(separator: " OR ") + ")"
    }
}
