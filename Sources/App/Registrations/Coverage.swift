import Domain
import SQLKit
import Vapor

/// Coverage: members with an approved registration over members expected to register (active on the round's
/// date), counted where each member stood that day (the periods), for a unit and one level down from it.
enum Coverage {
    struct Line: Decodable, Sendable, Equatable {
        let unitId: Int
        let name: String
        let expected: Int
        let approved: Int
        let submitted: Int
    }

    /// Expected members and their registrations' states under one subtree on the round's date: one aggregate.
    static func total(round: Rounds.Row, unitId: Int, on sql: any SQLDatabase) async throws -> Line? {
        let date = round.asOfDate
        guard let range = try await MembersOnDate.subtree(of: unitId, at: date, on: sql) else { return nil }
        struct Sums: Decodable { let expected: Int; let approved: Int?; let submitted: Int? }
        let s = try await sql.raw("""
            SELECT COUNT(*) AS expected,
                   SUM(CASE WHEN r.status IN ('approved', 'completed') THEN 1 ELSE 0 END) AS approved,
                   SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END) AS submitted
            FROM \(MembersOnDate.body(range, at: date, statuses: [.active],
                                      extraJoin: "LEFT JOIN registrations r ON r.round_id = \(bind: round.id) AND r.member_id = mp.member_id"))
            """).first(decoding: Sums.self, with: snakeCase)
        struct Name: Decodable { let name: String }
        let name = try await sql.raw("SELECT name FROM units WHERE id = \(bind: unitId)").first(decoding: Name.self)?.name ?? ""
        return Line(unitId: unitId, name: name, expected: s?.expected ?? 0, approved: s?.approved ?? 0, submitted: s?.submitted ?? 0)
    }

    /// The same figures for each unit directly below `unitId` as the tree stood on the round's date.
    static func children(round: Rounds.Row, unitId: Int, on sql: any SQLDatabase) async throws -> [Line] {
        guard let range = try await MembersOnDate.subtree(of: unitId, at: round.asOfDate, on: sql) else { return [] }
        return try await children(round: round, unitId: unitId, range: range, groups: byUnitPath(round: round, range: range, on: sql), on: sql)
    }

    /// The unit's figure and one level down from a single pass over its members (the unit page's block).
    static func block(round: Rounds.Row, unitId: Int, on sql: any SQLDatabase) async throws -> (total: Line, lines: [Line])? {
        guard let range = try await MembersOnDate.subtree(of: unitId, at: round.asOfDate, on: sql) else { return nil }
        let groups = try await byUnitPath(round: round, range: range, on: sql)
        struct Name: Decodable { let name: String }
        let name = try await sql.raw("SELECT name FROM units WHERE id = \(bind: unitId)").first(decoding: Name.self)?.name ?? ""
        let total = Line(unitId: unitId, name: name, expected: groups.reduce(0) { $0 + $1.expected },
                         approved: groups.reduce(0) { $0 + ($1.approved ?? 0) }, submitted: groups.reduce(0) { $0 + ($1.submitted ?? 0) })
        return (total, try await children(round: round, unitId: unitId, range: range, groups: groups, on: sql))
    }

    /// Expected members and their registrations' states under a subtree on the round's date, one row per unit
    /// path that has any: one pass in index order (a million members would otherwise be sorted to be grouped, or
    /// read once per child).
    private struct PathSums: Decodable { let path: String; let expected: Int; let approved: Int?; let submitted: Int? }

    private static func byUnitPath(round: Rounds.Row, range: PathRange, on sql: any SQLDatabase) async throws -> [PathSums] {
        try await sql.raw("""
            SELECT up.path, COUNT(*) AS expected,
                   SUM(CASE WHEN r.status IN ('approved', 'completed') THEN 1 ELSE 0 END) AS approved,
                   SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END) AS submitted
            FROM \(MembersOnDate.body(range, at: round.asOfDate, statuses: [.active],
                                      extraJoin: "LEFT JOIN registrations r ON r.round_id = \(bind: round.id) AND r.member_id = mp.member_id"))
            GROUP BY up.path
            """).all(decoding: PathSums.self, with: snakeCase)
    }

    /// Folds the per-path sums into the units directly below the root as the tree stood on the date: a unit's
    /// path on that day starts with its child's path. Children without members count zero.
    private static func children(round: Rounds.Row, unitId: Int, range: PathRange, groups: [PathSums], on sql: any SQLDatabase) async throws -> [Line] {
        let d = round.asOfDate.iso
        struct Child: Decodable { let unitId: Int; let name: String; let path: String }
        let children = try await sql.raw("""
            SELECT c.unit_id, c.name, c.path FROM unit_periods c
            WHERE c.parent_id = \(bind: unitId) AND c.valid_from <= \(bind: d) AND (c.valid_to IS NULL OR c.valid_to > \(bind: d))
            """).all(decoding: Child.self, with: snakeCase)
        var sums: [String: (expected: Int, approved: Int, submitted: Int)] = [:]
        for g in groups where g.path.count > range.low.count && g.path.hasPrefix(range.low) {
            let rest = g.path.dropFirst(range.low.count)
            guard let slash = rest.firstIndex(of: "/") else { continue }
            let key = range.low + rest[...slash]
            let s = sums[key] ?? (0, 0, 0)
            sums[key] = (s.expected + g.expected, s.approved + (g.approved ?? 0), s.submitted + (g.submitted ?? 0))
        }
        return VietnameseText.sorted(children.map { c in
            let s = sums[c.path] ?? (0, 0, 0)
            return Line(unitId: c.unitId, name: c.name, expected: s.expected, approved: s.approved, submitted: s.submitted)
        }, byName: \.name)
    }

    struct Missing: Decodable, Sendable {
        let id: Int
        let fullName: String
        let sortKey: String
        let unitId: Int
        let unitName: String
        let registrationId: Int?
        let status: String?
    }

    /// Members expected to register who have no approved registration, in name order, a page at a time.
    static func missing(round: Rounds.Row, unitId: Int, after: MemberFilter.Cursor?, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Missing] {
        let date = round.asOfDate
        guard let range = try await MembersOnDate.subtree(of: unitId, at: date, on: sql) else { return [] }
        var seek: SQLQueryString = ""
        if let after { seek = " AND (m.sort_key, m.id) > (\(bind: after.sortKey), \(bind: after.id))" }
        return try await sql.raw("""
            SELECT m.id, m.full_name, m.sort_key, mp.unit_id, un.name AS unit_name, r.id AS registration_id, r.status
            FROM \(MembersOnDate.body(range, at: date, statuses: [.active], extraJoin: """
                JOIN members m ON m.id = mp.member_id JOIN units un ON un.id = mp.unit_id
                LEFT JOIN registrations r ON r.round_id = \(bind: round.id) AND r.member_id = mp.member_id
                """))
              AND (r.id IS NULL OR r.status NOT IN ('approved', 'completed'))\(seek)
            ORDER BY m.sort_key, m.id LIMIT \(literal: limit)
            """).all(decoding: Missing.self, with: snakeCase)
    }
}

/// The coverage block of a unit page: the latest round that covers the unit, its figure for the unit and one
/// level down, and the way to the list of members not yet registered.
struct UnitCoverage: Encodable, Sendable {
    let round: String
    let roundURL: String
    let total: RoundPage.Coverage
    let lines: [RoundPage.Line]

    static func load(for unit: UnitRow, today: CivilDate, t: Strings, on sql: any SQLDatabase) async throws -> UnitCoverage? {
        guard let round = try await Rounds.covering(unitPath: unit.path, on: sql).first(where: { $0.calendar.opensOn <= today }),
              let block = try await Coverage.block(round: round, unitId: unit.id, on: sql) else { return nil }
        let (total, lines) = block
        return UnitCoverage(
            round: round.title, roundURL: SiteURL.round(.id(round.id)).with([("unit", String(unit.id))]),
            total: RoundPage.Coverage(total, t: t, missingURL: SiteURL.roundMissing(.id(round.id)).with([("unit", String(unit.id))])),
            lines: lines.map { RoundPage.Line($0, url: SiteURL.unit(.id($0.unitId)).path) })
    }
}
