import Domain
import SQLKit

/// "Members of this subtree on date D", as the tree and the members stood that day: the query every report
/// stands on. The subtree is the range of the root's path on D (not today's: the unit may have moved since);
/// the two `*_on_date` indexes serve both the list and the count on SQLite and PostgreSQL.
enum MembersOnDate {
    struct Row: Decodable, Sendable, Equatable {
        var id: Int
        var fullName: String
        var sortKey: String
        var unitId: Int
        var status: String
    }

    /// The root's path on the date, or nil when the unit did not exist then.
    static func subtree(of unitId: Int, at date: CivilDate, on sql: any SQLDatabase) async throws -> PathRange? {
        struct RootPath: Decodable { let path: String }
        return try await sql.raw("""
            SELECT path FROM unit_periods WHERE unit_id = \(bind: unitId) AND valid_from <= \(bind: date.iso)
              AND (valid_to IS NULL OR valid_to > \(bind: date.iso))
            """).first(decoding: RootPath.self).map { PathRange(path: $0.path) }
    }

    /// The join and its conditions, shared by the list and the count so that they cannot disagree. `extraJoin`
    /// adds a table before the WHERE (the list joins `members m` for names).
    static func body(_ range: PathRange, at date: CivilDate, statuses: [MemberStatus], extraJoin: SQLQueryString = "") -> SQLQueryString {
        let d = date.iso
        return """
            unit_periods up
            JOIN member_periods mp ON mp.unit_id = up.unit_id AND mp.valid_from <= \(bind: d)
                 AND (mp.valid_to IS NULL OR mp.valid_to > \(bind: d)) AND mp.status IN (\(binds: statuses.map(\.rawValue)))
            \(extraJoin)
            WHERE \(range.sql("up.path")) AND up.valid_from <= \(bind: d) AND (up.valid_to IS NULL OR up.valid_to > \(bind: d))
            """
    }

    static func listQuery(_ range: PathRange, at date: CivilDate, statuses: [MemberStatus], after: MemberFilter.Cursor?, limit: Int) -> SQLQueryString {
        var seek: SQLQueryString = ""
        if let after { seek = " AND (m.sort_key, m.id) > (\(bind: after.sortKey), \(bind: after.id))" }
        return """
            SELECT m.id, m.full_name, m.sort_key, mp.unit_id, mp.status
            FROM \(body(range, at: date, statuses: statuses, extraJoin: "JOIN members m ON m.id = mp.member_id"))\(seek)
            ORDER BY m.sort_key, m.id LIMIT \(literal: limit)
            """
    }

    static func countQuery(_ range: PathRange, at date: CivilDate, statuses: [MemberStatus]) -> SQLQueryString {
        "SELECT COUNT(*) AS n FROM \(body(range, at: date, statuses: statuses))"
    }

    /// Members in Vietnamese name order, a page at a time (key set: after the last row seen).
    static func list(under unitId: Int, at date: CivilDate, statuses: [MemberStatus] = [.active, .suspended],
                     after: MemberFilter.Cursor? = nil, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Row] {
        guard let range = try await subtree(of: unitId, at: date, on: sql) else { return [] }
        return try await sql.raw(listQuery(range, at: date, statuses: statuses, after: after, limit: limit))
            .all(decoding: Row.self, with: snakeCase)
    }

    static func count(under unitId: Int, at date: CivilDate, statuses: [MemberStatus] = [.active, .suspended], on sql: any SQLDatabase) async throws -> Int {
        guard let range = try await subtree(of: unitId, at: date, on: sql) else { return 0 }
        return try await sql.raw(countQuery(range, at: date, statuses: statuses)).first(decoding: CountRow.self)?.n ?? 0
    }
}
