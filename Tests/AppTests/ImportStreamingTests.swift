import Domain
import Foundation
import Spreadsheet
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The member import reads and writes in chunks of `MemberImport.chunkSize` rows: a file of several chunks is
/// all written, a bad row in a later chunk leaves nothing written, and a former member re-joins even when their
/// old unit is outside the importer's scope.
@Suite struct ImportStreamingTests {
    static func rows(_ n: Int, badAt: Set<Int> = [], from first: Int = 0) -> Data {
        var lines: [String] = []
        let given = ["An", "Bình", "Chi", "Dung", "Đào", "Giang", "Hà", "Lan", "Mai", "Nga"]
        for i in first..<(first + n) {
            let cccd = "001195" + String(format: "%06d", 100_000 + i)
            let birth = badAt.contains(i) ? "31/02/1995" : "15/03/1995"
            lines.append(ImportTests.row("Nguyễn Thị " + given[i % given.count], birth, cccd: cccd))
        }
        return ImportTests.csv(lines)
    }

    @Test(arguments: TestDB.enabled)
    func severalChunksAreWrittenAndCounted(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let n = MemberImport.chunkSize * 2 + 123
            let report = try await Importer.run(.members, data: Self.rows(n), fileName: "m.csv", actor: .commandLine,
                                                effective: CivilDate(year: 2024, month: 1, day: 1)!, apply: true, on: app.db)
            #expect(report.ok, "\(report.problems.prefix(3))")
            #expect(report.rows == n && report.created == n)
            let members = try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n
            let periods = try await app.sql.raw("SELECT COUNT(*) AS n FROM member_periods").first(decoding: CountRow.self)!.n
            let entries = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'member' AND action = 'create'").first(decoding: CountRow.self)!.n
            #expect(members == n + 4 && periods == n + 4)
            #expect(entries == n + 4, "one creation entry per new member")
            // The same file again changes nothing.
            let again = try await Importer.run(.members, data: Self.rows(n), fileName: "m.csv", actor: .commandLine,
                                               effective: CivilDate(year: 2024, month: 1, day: 1)!, apply: true, on: app.db)
            #expect(again.unchanged == n && again.created == 0)
        }
    }

    @Test(arguments: TestDB.enabled)
    func aBadRowInALaterChunkWritesNothing(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let n = MemberImport.chunkSize + 1500
            let bad = Set((MemberImport.chunkSize + 100)..<(MemberImport.chunkSize + 1300))
            let report = try await Importer.run(.members, data: Self.rows(n, badAt: bad), fileName: "m.csv", actor: .commandLine,
                                                effective: CivilDate(year: 2024, month: 1, day: 1)!, apply: true, on: app.db)
            #expect(!report.ok)
            #expect(report.problems.count == Importer.Report.maxListed && report.omitted == bad.count - Importer.Report.maxListed)
            #expect(report.problems.first?.line == MemberImport.chunkSize + 100 + 2)
            #expect(report.lines().last?.contains("lỗi khác") == true)
            let members = try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n
            #expect(members == 4, "nothing written")
        }
    }

    /// What SQLite says of its indexes: their names, and whether each holds exactly the rows of its table.
    static func indexes(_ app: Application) async throws -> (names: [String], intact: Bool) {
        struct Name: Decodable { let name: String }
        struct Check: Decodable { let integrity_check: String }
        let names = try await app.sql.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .all(decoding: Name.self).map(\.name)
        let check = try await app.sql.raw("PRAGMA integrity_check").all(decoding: Check.self).map(\.integrity_check)
        return (names, check == ["ok"])
    }

    /// A first load into SQLite builds the indexes it does not read at the end (`DeferredIndexes`): every index is
    /// back and whole afterwards, whether the file was written, refused deep inside, or loaded again over itself.
    @Test(arguments: TestDB.enabled)
    func aFirstLoadBuildsItsIndexesAtTheEnd(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app, withMembers: false)
            let n = 1200
            let on = CivilDate(year: 2024, month: 1, day: 1)!
            let load = { @Sendable (file: Data) async throws -> Importer.Report in
                try await DeferredIndexes.$minimumRows.withValue(1) {
                    try await Importer.run(.members, data: file, fileName: "m.csv", actor: .commandLine, effective: on, apply: true, on: app.db)
                }
            }
            let before: (names: [String], intact: Bool) = db == .sqlite ? try await Self.indexes(app) : ([], true)
            #expect(before.names.contains("members_cccd_current") || db != .sqlite)

            let refused = try await load(Self.rows(n, badAt: [n - 1]))
            #expect(!refused.ok)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n == 0)

            let report = try await load(Self.rows(n))
            #expect(report.ok && report.created == n, "\(report.problems.prefix(3))")
            #expect(db != .sqlite || report.timings["write: indexes built at the end"] != nil, "the indexes were deferred")
            // Loaded over itself: the table is no longer empty, so every row is looked up and found as it was, and a
            // load that inserts nothing drops and builds nothing.
            let again = try await load(Self.rows(n))
            #expect(again.ok && again.unchanged == n && again.created == 0)
            #expect(again.timings["write: indexes built at the end"] == nil)
            // Half old, half new: the rows already there are found, and the load still doubles the table.
            let more = try await load(Self.rows(n, from: n / 2))
            #expect(more.ok && more.unchanged == n / 2 && more.created == n / 2, "\(more.problems.prefix(3))")
            #expect(db != .sqlite || more.timings["write: indexes built at the end"] != nil, "a load that doubles the table defers too")
            if db == .sqlite {
                let after = try await Self.indexes(app)
                #expect(after.names == before.names)
                #expect(after.intact)
            }
            let found = try await app.sql.raw("SELECT COUNT(*) AS n FROM members m WHERE m.cccd = '001195100007' AND m.status = 'active'")
                .first(decoding: CountRow.self)!.n
            #expect(found == 1)
        }
    }

    /// An .xlsx file says its size only once read; a first load from one defers its indexes as a CSV file does.
    @Test(arguments: TestDB.enabled)
    func anExcelFirstLoadDefersToo(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app, withMembers: false)
            let header = Importer.Kind.members.headers.map { XLSXWriter.Value.text($0) }
            let rows: [[XLSXWriter.Value]] = (0..<300).map { i in
                [.text("Trần Thị Mai"), .date(year: 1993, month: 7, day: 21), .text("Nữ"), .text("Kinh"),
                 .text("001193" + String(format: "%06d", 500_000 + i)), .text("A1"), .date(year: 2018, month: 10, day: 1), .empty,
                 .text("Kế toán"), .text("Kế toán thanh toán"), .text("Đại học"), .empty, .empty, .empty, .empty]
            }
            let data = try XLSXWriter.workbook(sheetName: "Đoàn viên", rows: [header] + rows)
            let report = try await DeferredIndexes.$minimumRows.withValue(1) {
                try await Importer.run(.members, data: data, fileName: "doan-vien.xlsx", actor: .commandLine,
                                       effective: CivilDate(year: 2024, month: 1, day: 1)!, apply: true, on: app.db)
            }
            #expect(report.ok && report.created == 300, "\(report.problems.prefix(3))")
            #expect(db != .sqlite || report.timings["write: indexes built at the end"] != nil)
            if db == .sqlite { #expect(try await Self.indexes(app).intact) }
        }
    }

    /// Two rows may not share a passport number, whether or not they also carry a citizen id.
    @Test(arguments: TestDB.enabled)
    func aPassportTwiceInTheFileIsRefused(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let header = ImportTests.memberHeader + ";Số hộ chiếu"
            let rows = [ImportTests.row("Lê Thị Mai", cccd: "001195000901") + ";B1234567",
                        ImportTests.row("Lê Thị Lan", cccd: "001195000902") + ";B1234567"]
            let file = Data(([header] + rows).joined(separator: "\r\n").utf8)
            let report = try await Importer.run(.members, data: file, fileName: "m.csv", actor: .commandLine,
                                                effective: CivilDate(year: 2024, month: 1, day: 1)!, apply: true, on: app.db)
            #expect(!report.ok)
            #expect(report.problems.map(\.line) == [3])
            #expect(report.problems.first?.message.contains("trùng với dòng 2") == true)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n == 4)
        }
    }

    @Test(arguments: TestDB.enabled)
    func aFormerMemberFromOutsideTheScopeRejoins(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            // Phạm Thị Hà left B1 (say, when it was dissolved); an official of province A takes her in at A1.
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.changeStatus(memberId: f.members["mB1"]!, to: .left, on: CivilDate(year: 2025, month: 6, day: 15)!, reason: "dissolution", in: tx)
            }
            let official = Actor(userId: nil, username: "official", address: nil, scope: Scope(grants: [
                GrantRow(id: 1, userId: 1, role: "official", unitId: nil, partyCellId: nil, unitPath: f.units["A"]!.path, validFrom: nil, validTo: nil)
            ], ownMember: nil), clock: .system)
            let file = ImportTests.csv([ImportTests.row("Phạm Thị Hà", "15/03/1990", cccd: "001190000004", unit: "A1")])
            let report = try await Importer.run(.members, data: file, fileName: "m.csv", actor: official,
                                                effective: CivilDate(year: 2025, month: 9, day: 1)!, apply: true, on: app.db)
            #expect(report.ok, "\(report.problems)")
            let m = try await Members.find(id: f.members["mB1"]!, on: app.sql)!
            #expect(m.unitId == f.units["A1"]!.id && m.status == "active")
            let history = try await Members.history(of: m.id, on: app.sql)
            #expect(history.map(\.reason) == ["join", "dissolution", "rejoin"])
            #expect(history.last?.validFrom == "2025-09-01")
        }
    }
}

/// Uploaded files and sessions do not outlive their use; two confirmations of one file write it once.
@Suite struct HousekeepingTests {
    /// A file uploaded by user 1 and checked valid, waiting for its confirmation.
    static func checkedBatch(_ app: Application, _ file: Data) async throws -> Int {
        try await Writes.perform(on: app.db, actor: .commandLine) { tx in
            let id = try await ImportBatches.begin(kind: .members, userId: 1, fileName: "m.csv", sha256: "x", content: file,
                                                   effective: CivilDate(year: 2024, month: 1, day: 1)!, totalRows: 1, in: tx)
            var report = Importer.Report(kind: .members)
            report.rows = 1
            try await ImportBatches.finishCheck(id, report: report, in: tx)
            return id
        }
    }

    @Test(arguments: TestDB.enabled)
    func confirmingTwiceWritesOnce(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let file = ImportTests.csv([ImportTests.row("Lò Thị Mai", cccd: "001195000777")])
            let id = try await HousekeepingTests.checkedBatch(app, file)
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await ImportBatches.claimWrite(id, userId: 1, in: tx) }
            // A second confirmation finds it taken.
            await #expect(throws: Abort.self) {
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await ImportBatches.claimWrite(id, userId: 1, in: tx) }
            }
            let apply = { @Sendable () async throws -> Importer.Report in
                try await Importer.run(.members, data: file, fileName: "m.csv", actor: .commandLine, effective: CivilDate(year: 2024, month: 1, day: 1)!,
                                       apply: true, whenWriting: { tx in try await ImportBatches.markApplied(id, in: tx) }, on: app.db)
            }
            #expect(try await apply().ok)
            await #expect(throws: Abort.self) { _ = try await apply() }
            let n = try await app.sql.raw("SELECT COUNT(*) AS n FROM members WHERE cccd = '001195000777'").first(decoding: CountRow.self)!.n
            #expect(n == 1)
            struct B: Decodable { let status: String; let size: Int; let applied: Int }
            let read = { @Sendable in
                try await app.sql.raw("""
                    SELECT status, LENGTH(content) AS size, CASE WHEN applied_at IS NULL THEN 0 ELSE 1 END AS applied FROM import_batches WHERE id = \(bind: id)
                    """).first(decoding: B.self)!
            }
            let written = try await read()
            #expect(written.applied == 1 && written.size == 0, "the uploaded rows are gone once written")
            #expect(written.status == "writing", "applied only with its report")
            var report = Importer.Report(kind: .members)
            report.rows = 1
            let final = report
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await ImportBatches.finishWrite(id, report: final, in: tx) }
            #expect(try await read().status == "applied")
        }
    }

    @Test(arguments: TestDB.enabled)
    func oldRowsArePurged(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let old = "2020-01-01T00:00:00Z"
            try await app.sql.raw("""
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
                VALUES ('h-old', 1, 'c', \(bind: old), \(bind: old), \(bind: old))
                """).run()
            try await app.sql.raw("INSERT INTO login_failures (username_key, address, at) VALUES ('admin', '10.0.0.9', \(bind: old))").run()
            _ = try await HousekeepingTests.checkedBatch(app, Data("Họ và tên".utf8))
            try await app.sql.raw("UPDATE import_batches SET created_at = \(bind: old)").run()
            let result = try await Housekeeping.run(on: app.sql, now: Date(), config: app.config)
            #expect(result == .init(sessions: 1, loginFailures: 1, uploads: 1))
            #expect(try await Housekeeping.run(on: app.sql, now: Date(), config: app.config) == .init())
        }
    }
}
