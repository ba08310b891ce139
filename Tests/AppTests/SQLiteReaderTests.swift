import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The pages' reads on SQLite (`SQLiteReader`): connections of our own that keep statements prepared. They must see
/// every commit at once, refuse any write, give back each kind of value as SQLiteKit does, and stay right when the same
/// statement runs again with other binds, after an error, and from many requests at once while writers commit.
@Suite struct SQLiteReaderTests {
    struct Values: Decodable, Equatable {
        let i: Int
        let f: Double
        let t: String
        let n: String?
        let b: Data
        let bound: String
        let boundInt: Int?
    }

    @Test func valuesOfEveryKindAndTheSameStatementWithOtherBinds() async throws {
        try await withTestApp(.sqlite) { app in
            #expect(app.sqliteReader != nil)
            let reads = app.reads
            func read(_ text: String, _ number: Int?) async throws -> Values? {
                try await reads.raw("""
                    SELECT 7 AS i, 1.5 AS f, 'Đào' AS t, NULL AS n, x'00ff' AS b, \(bind: text) AS bound, \(bind: number) AS bound_int
                    """).first(decoding: Values.self, with: snakeCase)
            }
            let first = try #require(try await read("Nguyễn Thị Đào", 3))
            #expect(first == Values(i: 7, f: 1.5, t: "Đào", n: nil, b: Data([0, 255]), bound: "Nguyễn Thị Đào", boundInt: 3))
            // The statement is now prepared; the second call must carry its own binds, a NULL included.
            let second = try #require(try await read("Trần Văn Bình", nil))
            #expect(second.bound == "Trần Văn Bình" && second.boundInt == nil)

            // An error leaves the connection usable, and a column that is not there is an error, not a crash.
            await #expect(throws: (any Error).self) { try await reads.raw("SELECT * FROM no_such_table").all() }
            struct Missing: Decodable { let nothing: Int }
            await #expect(throws: (any Error).self) { try await reads.raw("SELECT 1 AS n").first(decoding: Missing.self) }
            #expect(try await reads.raw("SELECT 1 AS n").first(decoding: CountRow.self)?.n == 1)
        }
    }

    @Test func seesEachCommitAtOnceAndRefusesWrites() async throws {
        try await withTestApp(.sqlite) { app in
            let reads = app.reads
            func units() async throws -> Int {
                try await reads.raw("SELECT COUNT(*) AS n FROM units").first(decoding: CountRow.self)?.n ?? -1
            }
            let before = try await units()
            let kinds = try await Units.kinds(on: reads)
            let kind = try #require(Units.kind(named: "CĐCS", in: kinds)?.id)
            let start = CivilDate(year: 2020, month: 1, day: 1)!
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Units.create(.init(code: "R1", name: "Công đoàn Trường Tiểu học Hòa Bình", kindId: kind, parentId: nil, partyCellId: nil, on: start), in: tx)
            }
            #expect(try await units() == before + 1)

            // A write through the reads fails instead of slipping past the audited gate, and changes nothing.
            await #expect(throws: (any Error).self) { try await reads.raw("DELETE FROM units").run() }
            await #expect(throws: (any Error).self) {
                try await reads.raw("UPDATE units SET name = 'x' WHERE code = 'R1'").run()
            }
            #expect(try await units() == before + 1)
            #expect(try await reads.raw("SELECT name FROM units WHERE code = 'R1'").first()?.decode(column: "name", as: String.self)
                    == "Công đoàn Trường Tiểu học Hòa Bình")
        }
    }

    @Test func manyReadersWhileWritersCommit() async throws {
        try await withTestApp(.sqlite) { app in
            let reads = app.reads
            let kinds = try await Units.kinds(on: reads)
            let kind = try #require(Units.kind(named: "CĐCS", in: kinds)?.id)
            let start = CivilDate(year: 2020, month: 1, day: 1)!
            let before = try await reads.raw("SELECT COUNT(*) AS n FROM units").first(decoding: CountRow.self)?.n ?? 0
            let seen = try await withThrowingTaskGroup(of: [Int].self) { group in
                for w in 0..<4 {
                    group.addTask {
                        for k in 0..<10 {
                            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                                try await Units.create(.init(code: "W\(w)-\(k)", name: "Công đoàn \(w)-\(k)", kindId: kind, parentId: nil,
                                                             partyCellId: nil, on: start), in: tx)
                            }
                        }
                        return []
                    }
                }
                for _ in 0..<8 {
                    group.addTask {
                        var counts: [Int] = []
                        for _ in 0..<40 {
                            counts.append(try await reads.raw("SELECT COUNT(*) AS n FROM units").first(decoding: CountRow.self)?.n ?? -1)
                        }
                        return counts
                    }
                }
                var all: [[Int]] = []
                for try await counts in group where !counts.isEmpty { all.append(counts) }
                return all
            }
            // Each reader saw only committed states, never fewer units than before nor going back.
            for counts in seen {
                #expect(counts.allSatisfy { $0 >= before && $0 <= before + 40 })
                #expect(counts == counts.sorted())
            }
            #expect(try await reads.raw("SELECT COUNT(*) AS n FROM units").first(decoding: CountRow.self)?.n == before + 40)
        }
    }

    @Test func aStatementKeptAcrossASchemaChangeReadsTheNewColumns() async throws {
        try await withTestApp(.sqlite) { app in
            try await app.sql.raw("CREATE TABLE reader_probe (a INTEGER)").run()
            try await app.sql.raw("INSERT INTO reader_probe (a) VALUES (1)").run()
            let reads = app.reads
            #expect(try await reads.raw("SELECT * FROM reader_probe").first()?.allColumns == ["a"])
            try await app.sql.raw("ALTER TABLE reader_probe ADD COLUMN b TEXT DEFAULT 'mới'").run()
            let row = try await reads.raw("SELECT * FROM reader_probe").first()
            #expect(row?.allColumns == ["a", "b"])
            #expect(try row?.decode(column: "b", as: String.self) == "mới")
        }
    }
}

