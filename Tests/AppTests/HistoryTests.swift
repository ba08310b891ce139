import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// History correct by construction: no change can be dated before the period it closes, the schema refuses
/// reversed and doubled periods, and "members of a subtree on a date" agrees with a model computed in Swift.
@Suite struct HistoryTests {
    /// Every period row and audit entry, as text: "nothing written" means this did not change.
    static func snapshot(_ app: Application) async throws -> String {
        struct P: Decodable { let id: Int; let owner: Int; let validFrom: String; let validTo: String?; let a: String }
        let members = try await app.sql.raw("""
            SELECT id, member_id AS owner, valid_from, valid_to, status AS a FROM member_periods ORDER BY id
            """).all(decoding: P.self, with: snakeCase)
        let units = try await app.sql.raw("""
            SELECT id, unit_id AS owner, valid_from, valid_to, path AS a FROM unit_periods ORDER BY id
            """).all(decoding: P.self, with: snakeCase)
        let audit = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log").first(decoding: CountRow.self)!.n
        let memberRows = try await app.sql.raw("SELECT id, unit_id AS owner, updated_at AS valid_from, NULL AS valid_to, status AS a FROM members ORDER BY id")
            .all(decoding: P.self, with: snakeCase)
        return "\(members)|\(units)|\(audit)|\(memberRows)"
    }

    static let early = CivilDate(year: 2019, month: 6, day: 1)!

    /// Each write path, dated before the open period (the fixture starts everything on 01/01/2020): refused
    /// with a Vietnamese message that names the period's start, and nothing written.
    @Test(arguments: TestDB.enabled)
    func backdatedChangesAreRefused(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let before = try await Self.snapshot(app)
            let mA1 = f.members["mA1"]!, a1 = f.units["A1"]!, a2 = f.units["A2"]!
            let changes: [(String, @Sendable (WriteTransaction) async throws -> Void)] = [
                ("transfer", { tx in try await Members.transfer(memberId: mA1, to: a2.id, on: Self.early, in: tx) }),
                ("status", { tx in try await Members.changeStatus(memberId: mA1, to: .suspended, on: Self.early, reason: "status", in: tx) }),
                ("duties", { tx in
                    let m = try await Members.find(id: mA1, on: tx.sql)!
                    var input = MemberInput(fullName: m.fullName, birthDate: "15/03/1990", gender: "Nữ", ethnicity: "Kinh",
                                            citizenID: m.cccd!, unitCode: "A1", unionJoinDate: "01/09/2015", education: "Đại học")
                    input.duties = "Kế toán trưởng"
                    guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { return }
                    try await Members.update(id: mA1, with: draft, on: Self.early, in: tx)
                }),
                ("unit update", { tx in try await Units.update(id: a1.id, name: "Tên mới", kindId: a1.kindId, partyCellId: nil, on: Self.early, in: tx) }),
                ("move", { tx in try await Units.move(a1.id, under: f.units["B"]!.id, on: Self.early, in: tx) }),
                ("merge", { tx in try await Units.merge(a1.id, into: a2.id, on: Self.early, in: tx) }),
                ("dissolve", { tx in try await Units.dissolve(a1.id, on: Self.early, in: tx) }),
            ]
            for (name, change) in changes {
                do {
                    try await Writes.perform(on: app.db, actor: .commandLine, change)
                    Issue.record("\(name) dated 01/06/2019 was accepted")
                } catch let abort as Abort {
                    #expect(abort.status == .unprocessableEntity, "\(name)")
                    #expect(abort.reason.contains("01/01/2020"), "\(name): \(abort.reason)")
                    #expect(abort.reason.contains("sớm hơn"), "\(name): \(abort.reason)")
                }
                #expect(try await Self.snapshot(app) == before, "\(name) wrote something")
            }
        }
    }

    /// The same refusal reaches a person on the web form as a 422 page with the message, and on the import as a
    /// bad line.
    @Test(arguments: TestDB.enabled)
    func backdatedFormsAndImportAreRefused(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let before = try await Self.snapshot(app)
            let transfer = try await b.send(.POST, "/members/\(f.members["mA1"]!)/transfer", form: ["unit": "A2", "date": "01/06/2019"])
            #expect(transfer.status == .unprocessableEntity)
            #expect(transfer.text.contains("sớm hơn ngày bắt đầu"))
            let move = try await b.send(.POST, "/units/\(f.units["A1"]!.id)/dissolve", form: ["date": "01/06/2019", "reason": "Quyết định 12/QĐ"])
            #expect(move.status == .unprocessableEntity)
            #expect(move.text.contains("sớm hơn ngày bắt đầu"))
            #expect(try await Self.snapshot(app) == before)

            let csv = """
                Họ và tên,Ngày sinh,Giới tính,Dân tộc,Số CCCD,Mã đơn vị,Ngày vào Công đoàn,Số thẻ đoàn viên,Chức vụ,Nhiệm vụ được giao,Trình độ chuyên môn,Lý luận chính trị,Ngày vào Đảng,Số điện thoại,Email
                Nguyễn Thị Đào,15/03/1990,Nữ,Kinh,001190000001,A2,01/09/2015,,,,Đại học,,,,
                """
            let actor = Actor.commandLine
            let report = try await Importer.run(.members, data: Data(csv.utf8), fileName: "m.csv", actor: actor, effective: Self.early, apply: true, on: app.db)
            #expect(!report.ok)
            #expect(report.problems.first?.line == 2)
            #expect(report.problems.first?.message.contains("sớm hơn") == true, "\(report.problems)")
            #expect(try await Self.snapshot(app) == before)
        }
    }

    /// The schema refuses what the code refuses, for a writer that goes around it.
    @Test(arguments: TestDB.enabled)
    func schemaRefusesReversedAndDoubledPeriods(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let m = f.members["mA1"]!, u = f.units["A1"]!.id
            await #expect(throws: (any Error).self) {
                try await app.sql.raw("""
                    INSERT INTO member_periods (member_id, unit_id, status, valid_from, valid_to, reason)
                    VALUES (\(bind: m), \(bind: u), 'active', '2021-01-01', '2020-01-01', 'x')
                    """).run()
            }
            await #expect(throws: (any Error).self) {
                try await app.sql.raw("""
                    INSERT INTO member_periods (member_id, unit_id, status, valid_from, valid_to, reason)
                    VALUES (\(bind: m), \(bind: u), 'active', '2021-01-01', NULL, 'x')
                    """).run()
            }
            await #expect(throws: (any Error).self) {
                try await app.sql.raw("""
                    INSERT INTO unit_periods (unit_id, valid_from, valid_to, path, name, kind_id, status, reason)
                    VALUES (\(bind: u), '2022-01-01', NULL, '/1/', 'x', 1, 'active', 'x')
                    """).run()
            }
        }
    }

    /// Same-day changes replace the open period instead of leaving one of no length.
    @Test(arguments: TestDB.enabled)
    func sameDayChangesReplaceTheOpenPeriod(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let day = CivilDate(year: 2024, month: 5, day: 2)!
            let m = f.members["mA1"]!
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.transfer(memberId: m, to: f.units["A2"]!.id, on: day, in: tx)
                try await Members.transfer(memberId: m, to: f.units["B1"]!.id, on: day, in: tx)
                try await Members.changeStatus(memberId: m, to: .suspended, on: day, reason: "status", in: tx)
            }
            let history = try await Members.history(of: m, on: app.sql)
            #expect(history.count == 2)
            #expect(history.last?.unitId == f.units["B1"]!.id)
            #expect(history.last?.status == "suspended")
            #expect(history.first?.validTo == day.iso)
        }
    }

    /// Two writers at the same moment on SQLite: both wait their turn and succeed (BEGIN IMMEDIATE).
    @Test func concurrentWritersOnSQLiteBothSucceed() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let unit = f.units["A1"]!.id
            // More writers than connections: each waits its turn for a connection, then for the lock.
            let n = 8
            let ids = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<n {
                    group.addTask {
                        let serial = String(format: "%06d", 500 + i)
                        let input = MemberInput(fullName: "Lê Thị " + ["Hoa", "Lan", "Mai", "Đào", "Cúc", "Huệ"][i % 6], birthDate: "15/03/1990", gender: "Nữ", ethnicity: "Kinh",
                                                citizenID: "001190" + serial, unitCode: "A1", unionJoinDate: "01/09/2015", education: "Đại học")
                        guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { throw Abort(.badRequest) }
                        return try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                            // Read, then write: the pattern that fails under SQLite's deferred transactions.
                            _ = try await tx.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)
                            return try await Members.create(draft, unitId: unit, on: CivilDate(year: 2024, month: 1, day: 1)!, in: tx)
                        }
                    }
                }
                var out: [Int] = []
                for try await id in group { out.append(id) }
                return out
            }
            #expect(Set(ids).count == n)
        }
    }

    /// The list and the count of "members of a subtree on a date" use the covering indexes on both engines.
    @Test(arguments: TestDB.enabled)
    func onDateQueriesUseTheIndexes(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let range = f.units["A"]!.subtree
            let date = CivilDate(year: 2022, month: 1, day: 1)!
            let queries = [
                ("list", MembersOnDate.listQuery(range, at: date, statuses: [.active, .suspended], after: nil, limit: 50)),
                ("count", MembersOnDate.countQuery(range, at: date, statuses: [.active, .suspended])),
            ]
            for (name, query) in queries {
                let plan = try await Self.plan(query, db: db, app: app)
                #expect(plan.contains("member_periods_on_date"), "\(name) plan: \(plan)")
                #expect(plan.contains("unit_periods_on_date"), "\(name) plan: \(plan)")
            }
        }
    }

    static func plan(_ query: SQLQueryString, db: TestDB, app: Application) async throws -> String {
        switch db {
        case .sqlite:
            let rows = try await app.sql.raw("EXPLAIN QUERY PLAN " + query).all()
            return try rows.map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
        case .postgres:
            // The test tables hold a handful of rows, where a sequential scan is cheapest; forbid it for this
            // transaction so that the plan shows which index serves the query at scale.
            return try await app.db.transaction { tx in
                try await tx.sql.raw("SET LOCAL enable_seqscan = off").run()
                let rows = try await tx.sql.raw("EXPLAIN " + query).all()
                return try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
            }
        }
    }
}
