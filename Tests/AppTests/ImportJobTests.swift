import Domain
import Foundation
import Spreadsheet
import SQLKit
import Testing
import VaporTesting
@testable import App

/// A large file is long work: its check and its write run as jobs recorded on the batch (issue 16 item 4), so the
/// page answers at once, shows a progress bar any app server can draw, and survives leaving and coming back.
@Suite struct ImportJobTests {
    static func file(_ n: Int) -> Data {
        ImportTests.csv((0..<n).map { i in ImportTests.row("Nguyễn Thị Lan", cccd: String(format: "0011950%05d", i)) })
    }

    struct State: Decodable { let status: String; let progressRows: Int; let totalRows: Int?; let rowCount: Int }

    static func state(_ app: Application, _ id: Int) async throws -> State {
        try #require(try await app.sql.raw("SELECT status, progress_rows, total_rows, row_count FROM import_batches WHERE id = \(bind: id)")
            .first(decoding: State.self, with: snakeCase))
    }

    /// Reloads the batch page, as the browser does, until the job is no longer running.
    static func settle(_ b: Browser, _ path: String) async throws -> TestingHTTPResponse {
        for _ in 0..<600 {
            let page = try await b.send(.GET, path)
            if page.headers.first(name: "Refresh") == nil { return page }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        Issue.record("the job did not end within a minute")
        return try await b.send(.GET, path)
    }

    @Test(arguments: TestDB.enabled)
    func aLargeFileIsCheckedAndWrittenAsJobs(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            app.config.importWait = 0
            let before = try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n
            let b = Browser(app)
            try await b.login("official")
            let rows = 12_000
            let uploaded = try await b.upload(SiteURL.importUpload.path, fields: ["kind": "members", "date": "01/01/2024"],
                                              fileName: "ds.csv", bytes: Array(Self.file(rows)))
            #expect(uploaded.status == .seeOther)
            let path = try #require(uploaded.headers.first(name: .location))
            let id = try #require(Int(path.split(separator: "/").last ?? ""))
            #expect(path == SiteURL.importBatch(.id(id)).path)
            #expect(try await Self.state(app, id).totalRows == rows, "a CSV's rows are counted before the check")

            let checked = try await Self.settle(b, path)
            #expect(checked.status == .ok && checked.text.contains("Kiểm tra xong 12.000 dòng đoàn viên: 12.000 mới"))
            #expect(checked.text.contains(SiteURL.importConfirm(.id(id)).path))
            let s = try await Self.state(app, id)
            #expect(s.status == "validated" && s.progressRows == rows && s.rowCount == rows)
            #expect(try await b.send(.GET, SiteURL.home.path).text.contains(SiteURL.importConfirm(.id(id)).path))

            // Nobody else sees it, nor confirms it.
            let other = Browser(app)
            try await other.login("admin")
            #expect(try await other.send(.GET, path).status == .notFound)
            #expect(try await other.send(.POST, SiteURL.importConfirm(.id(id)).path, form: [:]).status == .notFound)

            let confirmed = try await b.send(.POST, SiteURL.importConfirm(.id(id)).path, form: [:])
            #expect(confirmed.status == .seeOther && confirmed.headers.first(name: .location) == path)
            let written = try await Self.settle(b, path)
            #expect(written.text.contains("Đã nhập 12.000 dòng đoàn viên: 12.000 mới"))
            #expect(try await Self.state(app, id).status == "applied")
            let after = try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n
            #expect(after == before + rows)
            #expect(try await b.send(.POST, SiteURL.importConfirm(.id(id)).path, form: [:]).status == .conflict)
            struct Entry: Decodable { let action: String }
            let steps = try await app.sql.raw("SELECT action FROM audit_log WHERE entity = 'import_batch' AND entity_id = \(bind: id) ORDER BY id")
                .all(decoding: Entry.self).map(\.action)
            #expect(steps == ["upload", "check", "write", "apply"])
        }
    }

    @Test(arguments: TestDB.enabled)
    func anyServerDrawsTheProgressAndASilentJobIsTakenBack(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let official = f.users["official"]!
            let make = { @Sendable (status: String, heartbeat: String) async throws -> Int in
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    let id = try await ImportBatches.begin(kind: .members, userId: official, fileName: "tinh.csv", sha256: "x", content: Data("x".utf8),
                                                           effective: CivilDate(year: 2024, month: 1, day: 1)!, totalRows: 100_000, in: tx)
                    try await tx.sql.raw("""
                        UPDATE import_batches SET status = \(bind: status), progress_rows = 45000, heartbeat_at = \(bind: heartbeat) WHERE id = \(bind: id)
                        """).run()
                    return id
                }
            }
            // A job another server runs: this one draws its bar from the batch.
            let now = Date()
            let running = try await make("writing", Clock.timestamp(now))
            let b = Browser(app)
            try await b.login("official")
            let page = try await b.send(.GET, SiteURL.importBatch(.id(running)).path)
            #expect(page.status == .ok && page.headers.first(name: "Refresh") == "2")
            #expect(page.text.contains("Đang ghi vào cơ sở dữ liệu") && page.text.contains("Đã đọc 45.000 / 100.000 dòng") && page.text.contains("45,0%"))
            #expect(page.text.contains("<progress value=\"45000\" max=\"100000\""))
            let home = try await b.send(.GET, SiteURL.home.path)
            #expect(home.text.contains("tinh.csv") && home.text.contains(SiteURL.importBatch(.id(running)).path))

            // Silent for longer than a job may be: a check is failed, a write (rolled back whole) is ready again.
            let old = Clock.timestamp(now.addingTimeInterval(-3600))
            let deadCheck = try await make("checking", old), deadWrite = try await make("writing", old), deadAfterCommit = try await make("writing", old)
            try await app.sql.raw("UPDATE import_batches SET applied_at = \(bind: old) WHERE id = \(bind: deadAfterCommit)").run()
            #expect(try await ImportJobs.reclaimSilent(app: app, now: now) == 3)
            #expect(try await Self.state(app, deadCheck).status == "failed")
            #expect(try await Self.state(app, deadWrite).status == "validated")
            #expect(try await Self.state(app, deadAfterCommit).status == "applied", "its rows were committed: it is not offered again")
            #expect(try await Self.state(app, running).status == "writing", "a job that reported a moment ago is alive")
            #expect(try await b.send(.GET, SiteURL.importBatch(.id(deadCheck)).path).text.contains("bị gián đoạn"))
            // One this server runs is alive whatever its batch says.
            let mine = try await make("checking", old)
            await app.importJobs.begin(mine)
            #expect(try await ImportJobs.reclaimSilent(app: app, now: now) == 0)
            await app.importJobs.end(mine)
        }
    }

    /// Two confirmations sent at the same moment (a double tap, two tabs): one writes the file, the other is told it
    /// is taken; the members are there once.
    @Test(arguments: TestDB.enabled)
    func twoConfirmationsAtOnceWriteOnce(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let checked = try await b.upload(SiteURL.importUpload.path, fields: ["kind": "members", "date": "01/01/2024"],
                                             fileName: "ds.csv", bytes: Array(Self.file(300)))
            #expect(checked.status == .ok)
            let id = try #require(try await app.sql.raw("SELECT MAX(id) AS id FROM import_batches").first(decoding: IDRow.self)?.id)
            let path = SiteURL.importConfirm(.id(id)).path
            async let first = b.send(.POST, path, form: [:])
            async let second = b.send(.POST, path, form: [:])
            let statuses = try await [first, second].map(\.status.code).sorted()
            #expect(statuses == [200, 409])
            let n = try await app.sql.raw("SELECT COUNT(*) AS n FROM members WHERE cccd LIKE '0011950%'").first(decoding: CountRow.self)!.n
            #expect(n == 300)
            #expect(try await Self.state(app, id).status == "applied")
        }
    }

    /// A workbook's rows are unknown at upload; its check counts them once the sheet is read, so the bar gets its end.
    @Test(arguments: TestDB.enabled)
    func aWorkbooksRowsAreCountedByItsCheck(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            app.config.importWait = 0
            let header = Importer.Kind.members.headers.map { XLSXWriter.Value.text($0) }
            let rows: [[XLSXWriter.Value]] = (0 ..< 40).map { i in
                [.text("Nguyễn Thị Lan"), .text("15/03/1995"), .text("Nữ"), .text("Kinh"), .text(String(format: "0011950%05d", i)), .text("A1"),
                 .text("01/09/2015"), .empty, .empty, .empty, .text("Đại học"), .empty, .empty, .empty, .empty]
            }
            let b = Browser(app)
            try await b.login("official")
            let uploaded = try await b.upload(SiteURL.importUpload.path, fields: ["kind": "members", "date": "01/01/2024"], fileName: "ds.xlsx",
                                              bytes: Array(try XLSXWriter.workbook(sheetName: "DS", rows: [header] + rows)))
            let path = try #require(uploaded.headers.first(name: .location))
            let id = try #require(Int(path.split(separator: "/").last ?? ""))
            let checked = try await Self.settle(b, path)
            #expect(checked.text.contains("Kiểm tra xong 40 dòng đoàn viên"), "\(checked.text.prefix(600))")
            #expect(try await Self.state(app, id).totalRows == 40)
        }
    }

    @Test func rowsAreCountedFromACSVNotAWorkbook() {
        #expect(ImportJobs.estimateRows(ImportTests.csv([ImportTests.row("A", cccd: "1"), ImportTests.row("B", cccd: "2")]), fileName: "a.csv") == 2)
        #expect(ImportJobs.estimateRows(Data("header\nrow".utf8), fileName: "a.csv") == 1)
        #expect(ImportJobs.estimateRows(Data("PK\u{3}\u{4}rest".utf8), fileName: "a.xlsx") == nil)
        #expect(ImportJobs.estimateRows(Data("PK\u{3}\u{4}rest".utf8), fileName: "a.csv") == nil)
    }
}
