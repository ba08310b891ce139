import Domain
import SQLKit
import Vapor

/// Attendance over a year for a unit's subtree: the rate (present over those marked), one level down at a time,
/// the members who keep missing, and one member's year. Rows are counted where the member stood on each
/// session's day (the path kept on the attendance row).
enum AttendanceFigures {
    struct Line: Sendable, Equatable {
        let unitId: Int
        let name: String
        var present = 0
        var excused = 0
        var absent = 0
        var marked: Int { present + excused + absent }
    }

    private struct PathSums: Decodable { let unitPath: String; let present: Int; let excused: Int; let absent: Int }

    /// The unit's rate and its children's, from the kept counts of the year's marks per path
    /// (`KeptCount.attendance`), summed one level down in the database: a row per child, not one per mark.
    static func block(unit: UnitRow, year: Int, on sql: any SQLDatabase) async throws -> (total: Line, lines: [Line]) {
        let range = unit.subtree
        let groups = try await sql.raw("""
            SELECT \(range.childSQL("c.unit_path", Dialect(sql))) AS unit_path, CAST(SUM(c.present) AS BIGINT) AS present,
                   CAST(SUM(c.excused) AS BIGINT) AS excused, CAST(SUM(c.absent) AS BIGINT) AS absent
            FROM attendance_counts c
            WHERE c.year = \(bind: year) AND \(range.sql("c.unit_path"))
            GROUP BY 1
            """).all(decoding: PathSums.self, with: snakeCase)
        var total = Line(unitId: unit.id, name: unit.name)
        for g in groups { total.present += g.present; total.excused += g.excused; total.absent += g.absent }
        struct Child: Decodable { let id: Int; let name: String; let path: String }
        let children = try await sql.raw("SELECT id, name, path FROM units WHERE parent_id = \(bind: unit.id)")
            .all(decoding: Child.self, with: snakeCase)
        // Children by today's path; a row kept under an older path of the same child still falls under it when
        // the child has not moved (paths only change on a move, which starts a new period).
        var lines = children.map { Line(unitId: $0.id, name: $0.name) }
        let index = Dictionary(children.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        for g in groups {
            let rest = g.unitPath.dropFirst(unit.path.count)
            guard g.unitPath.hasPrefix(unit.path), let slash = rest.firstIndex(of: "/"),
                  let i = index[unit.path + rest[...slash]] else { continue }
            lines[i].present += g.present; lines[i].excused += g.excused; lines[i].absent += g.absent
        }
        lines = VietnameseText.sorted(lines.filter { $0.marked > 0 }, byName: \.name)
        return (total, lines)
    }

    struct Missing: Decodable, Sendable, Equatable {
        let memberId: Int
        let fullName: String
        let unitName: String
        let absent: Int
        let marked: Int
    }

    /// Members absent without leave at least `threshold` times in the year, most absences first. Only the absences
    /// are read to find them (a tenth of the marks; so `threshold` is at least 1), and only the members listed have
    /// their marks counted.
    static func keepMissing(unit: UnitRow, year: Int, threshold: Int = 2, limit: Int = 100, on sql: any SQLDatabase) async throws -> [Missing] {
        let range = unit.subtree
        return try await sql.raw("""
            WITH x AS (
                SELECT a.member_id, COUNT(*) AS absent FROM session_attendance a
                WHERE a.year = \(bind: year) AND \(range.sql("a.unit_path")) AND a.status = 'absent'
                GROUP BY a.member_id HAVING COUNT(*) >= \(bind: threshold)),
            top AS (
                SELECT x.member_id, x.absent, m.full_name, m.unit_id, m.sort_key FROM x JOIN members m ON m.id = x.member_id
                ORDER BY x.absent DESC, m.sort_key, m.id LIMIT \(literal: limit))
            SELECT top.member_id, top.full_name, u.name AS unit_name, top.absent,
                   (SELECT COUNT(*) FROM session_attendance b
                    WHERE b.member_id = top.member_id AND b.year = \(bind: year) AND \(range.sql("b.unit_path")) AND b.status <> 'invited') AS marked
            FROM top JOIN units u ON u.id = top.unit_id
            ORDER BY top.absent DESC, top.sort_key, top.member_id
            """).all(decoding: Missing.self, with: snakeCase)
    }

    struct MemberSession: Decodable, Sendable, Equatable {
        let sessionId: Int
        let heldOn: String
        let theme: String
        let form: String
        let status: String
        let reason: String
    }

    /// One member's sessions in a year, oldest first.
    static func member(_ memberId: Int, year: Int, on sql: any SQLDatabase) async throws -> [MemberSession] {
        try await sql.raw("""
            SELECT a.session_id, s.held_on, s.theme, s.form, a.status, a.reason
            FROM session_attendance a JOIN study_sessions s ON s.id = a.session_id
            WHERE a.member_id = \(bind: memberId) AND a.year = \(bind: year)
            ORDER BY s.held_on, s.id
            """).all(decoding: MemberSession.self, with: snakeCase)
    }
}
