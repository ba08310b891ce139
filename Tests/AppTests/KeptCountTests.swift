import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The counts the database keeps by triggers (`KeptCount`): after every kind of write to members, attendance marks
/// and evaluations — through the app and by hand in SQL — each count equals a recount of its source, and the pages'
/// figures read from it equal the figures counted member by member.
@Suite struct KeptCountTests {
    static func differences(_ app: Application) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for count in KeptCount.all(Dialect(app.sql)) { out[count.table] = try await count.differences(on: app.sql) }
        return out
    }

    static func nonEmpty(_ app: Application, _ table: String) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: CountRow.self)?.n ?? 0
    }

    @Test(arguments: TestDB.enabled)
    func keptRightThroughEveryKindOfWrite(db: TestDB) async throws {
        try await withTestApp(db) { app in
            try await DemoCommand.fill(app: app, members: 240, password: "noiguong-demo", console: app.console)
            let none = ["unit_member_counts": 0, "attendance_counts": 0, "evaluation_level_counts": 0]
            #expect(try await Self.differences(app) == none)
            for table in none.keys { #expect(try await Self.nonEmpty(app, table) > 0, "\(table) is empty after the demo") }
            if db == .postgres {
                // Once a statement, not once a row (migration StatementCounts): bit 0 of tgtype marks a row trigger.
                let row = try await app.sql.raw("SELECT COUNT(*) AS n FROM pg_trigger WHERE tgname LIKE '%\\_keep%' AND (tgtype & 1) = 1")
                    .first(decoding: CountRow.self)!.n
                let statement = try await app.sql.raw("SELECT COUNT(*) AS n FROM pg_trigger WHERE tgname LIKE '%\\_keep\\_%' AND (tgtype & 1) = 0")
                    .first(decoding: CountRow.self)!.n
                #expect(row == 0 && statement == 3 * none.count)
            }

            // Every kind of change, by hand, as a restore script or a future write path would make it.
            let sql = app.sql
            let maxId = try #require(try await sql.raw("SELECT MAX(id) AS n FROM members").first(decoding: CountRow.self)?.n)
            let otherUnit = try #require(try await sql.raw("SELECT MAX(id) AS n FROM units").first(decoding: CountRow.self)?.n)
            let statements: [SQLQueryString] = [
                "UPDATE members SET unit_id = \(bind: otherUnit) WHERE id IN (1, 2, 3, 4, 5)",
                "UPDATE members SET status = 'left' WHERE id IN (6, 7, 8)",
                "UPDATE members SET status = 'suspended' WHERE id = 9",
                "UPDATE members SET political_theory = NULL WHERE id % 7 = 0",
                "UPDATE members SET political_theory = 'elementary' WHERE id % 11 = 0",
                "UPDATE members SET gender = CASE gender WHEN 'female' THEN 'male' ELSE 'female' END WHERE id % 5 = 0",
                "UPDATE members SET party_joined_on = NULL WHERE id % 3 = 0",
                "UPDATE members SET full_name = full_name WHERE id % 2 = 0",
                """
                INSERT INTO members (full_name, family_name, given_name, sort_key, search_name, birth_date, gender, nationality, unit_id,
                    union_joined_on, education, political_theory, party_joined_on, status, data_hash, created_at, updated_at)
                SELECT full_name, family_name, given_name, sort_key, search_name, birth_date, gender, nationality, unit_id,
                    union_joined_on, education, political_theory, party_joined_on, status, data_hash, created_at, updated_at
                FROM members WHERE id <= 20
                """,
                "DELETE FROM members WHERE id > \(bind: maxId) AND id % 2 = 0",
                "UPDATE session_attendance SET status = 'absent' WHERE id % 3 = 0",
                "UPDATE session_attendance SET status = 'invited' WHERE id % 13 = 0",
                "DELETE FROM session_attendance WHERE id % 11 = 0",
                "UPDATE evaluations SET final_level = NULL WHERE id % 4 = 0",
                "UPDATE evaluations SET review_level = 'htnv' WHERE id % 6 = 0",
                "UPDATE evaluations SET unit_path = '/moved/' WHERE id % 9 = 0",
            ]
            for (i, statement) in statements.enumerated() {
                try await sql.raw(statement).run()
                #expect(try await Self.differences(app) == none, "after statement \(i + 1)")
            }

            // The page's figures from the counts equal the figures counted member by member.
            let root = try #require(try await Units.find(id: 1, on: sql))
            let stats = try await UnitStats.load(for: root, t: Strings(language: .vi), on: sql)
            struct Direct: Decodable { let members: Int; let women: Int; let party: Int }
            let direct = try #require(try await sql.raw("""
                SELECT COUNT(*) AS members, SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END) AS women,
                       SUM(CASE WHEN party_joined_on IS NULL THEN 0 ELSE 1 END) AS party
                FROM members WHERE status IN ('active', 'suspended')
                """).first(decoding: Direct.self))
            #expect(stats.members == VNFormat.integer(direct.members))
            #expect(stats.women == VNFormat.integer(direct.women))
            #expect(stats.party == VNFormat.integer(direct.party))
            let home = try await HomeQueries.figures(in: nil, on: sql)
            #expect(home.members == direct.members && home.women == direct.women && home.party == direct.party)

            // A count put wrong behind the triggers' back is found, and `recount` puts it right, audited.
            try await sql.raw("UPDATE unit_member_counts SET members = members + 1 WHERE unit_id = \(bind: otherUnit)").run()
            try await sql.raw("DELETE FROM attendance_counts WHERE year = \(bind: app.clock.today.year)").run()
            let found = try await Self.differences(app)
            #expect(found["unit_member_counts"]! > 0 && found["attendance_counts"]! > 0 && found["evaluation_level_counts"] == 0)
            _ = try await RecountCommand.recount(app: app, check: false) { _ in }
            #expect(try await Self.differences(app) == none)
            let audited = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'recount'").first(decoding: CountRow.self)?.n
            #expect(audited == 2)
        }
    }

    /// Officials writing at the same moment in the same unit: every member counted once.
    @Test(arguments: TestDB.enabled)
    func concurrentWritersKeepTheCountRight(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let unit = f.units["A1"]!.id
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<6 {
                    group.addTask {
                        for i in 0..<10 {
                            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                                try await tx.sql.raw("""
                                    INSERT INTO members (full_name, family_name, given_name, sort_key, search_name, birth_date, gender, nationality, unit_id,
                                        union_joined_on, education, status, data_hash, created_at, updated_at)
                                    VALUES ('Lò Văn Mạnh', 'Lò', 'Mạnh', \(bind: "manh lo \(writer) \(i)"), 'lo van manh', '1990-01-01',
                                        \(bind: i % 2 == 0 ? "female" : "male"), 'Việt Nam', \(bind: unit), '2015-01-01', 'bachelor', 'active', 'x', '', '')
                                    """).run()
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.differences(app) == ["unit_member_counts": 0, "attendance_counts": 0, "evaluation_level_counts": 0])
            let kept = try await app.sql.raw("SELECT CAST(SUM(members) AS BIGINT) AS n FROM unit_member_counts WHERE unit_id = \(bind: unit)")
                .first(decoding: CountRow.self)?.n
            let counted = try await app.sql.raw("SELECT COUNT(*) AS n FROM members WHERE unit_id = \(bind: unit) AND status IN ('active', 'suspended')")
                .first(decoding: CountRow.self)?.n
            #expect(kept == counted && (counted ?? 0) >= 60)
        }
    }

    /// Two writers that take the same two rows in opposite orders: PostgreSQL aborts one as a deadlock, and the
    /// write gate runs it again; SQLite lets one wait for the other. Both succeed either way.
    @Test(arguments: TestDB.enabled)
    func writersInOppositeOrderBothSucceed(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let a = f.units["A1"]!.id, b = f.units["B1"]!.id
            func write(_ first: Int, _ second: Int) async throws {
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    try await tx.sql.raw("UPDATE units SET name = name WHERE id = \(bind: first)").run()
                    try await Task.sleep(nanoseconds: 300_000_000)
                    try await tx.sql.raw("UPDATE units SET name = name WHERE id = \(bind: second)").run()
                }
            }
            async let one: Void = write(a, b)
            async let two: Void = write(b, a)
            _ = try await (one, two)
        }
    }
}
