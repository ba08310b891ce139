import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

@Suite struct TreeAndHistoryTests {
    func subtreeCodes(_ app: Application, under code: String) async throws -> Set<String> {
        let root = try await Units.find(code: code, on: app.sql)!
        struct Code: Decodable { let code: String }
        let rows = try await app.sql.raw("SELECT u.code FROM units u WHERE \(root.subtree.sql("u.path"))").all(decoding: Code.self)
        return Set(rows.map(\.code))
    }

    @Test(arguments: TestDB.enabled)
    func subtreeIsOneRangeAndMovesCarryChildren(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            #expect(try await subtreeCodes(app, under: "A") == ["A", "A1", "A1a", "A2"])
            #expect(try await subtreeCodes(app, under: "TLD").count == 7)
            // Move A1 (with A1a) under B.
            let a1 = try await Units.find(code: "A1", on: app.sql)!, b = try await Units.find(code: "B", on: app.sql)!
            let moveDay = CivilDate(year: 2023, month: 1, day: 1)!
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await Units.move(a1.id, under: b.id, on: moveDay, in: tx) }
            #expect(try await subtreeCodes(app, under: "A") == ["A", "A2"])
            #expect(try await subtreeCodes(app, under: "B") == ["B", "B1", "A1", "A1a"])
            let a1a = try await Units.find(code: "A1a", on: app.sql)!
            #expect(a1a.path.hasPrefix(b.path))
            #expect(a1a.depth == 3)
            // A unit cannot go under its own descendant.
            await #expect(throws: (any Error).self) {
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await Units.move(b.id, under: a1a.id, on: moveDay, in: tx) }
            }
            // History keeps where it stood: counted under A in 2022, under B in 2024.
            let a = try await Units.find(code: "A", on: app.sql)!
            let y2022 = CivilDate(year: 2022, month: 6, day: 1)!, y2024 = CivilDate(year: 2024, month: 6, day: 1)!
            #expect(try await MembersOnDate.count(under: a.id, at: y2022, on: app.sql) == 3)
            #expect(try await MembersOnDate.count(under: a.id, at: y2024, on: app.sql) == 1)
            #expect(try await MembersOnDate.count(under: b.id, at: y2022, on: app.sql) == 1)
            #expect(try await MembersOnDate.count(under: b.id, at: y2024, on: app.sql) == 3)
            let periods = try await Units.history(of: a1a.id, on: app.sql)
            #expect(periods.count == 2)
            #expect(periods.first?.validTo == "2023-01-01")
            // Every move is in the audit log.
            let audit = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'move' AND entity_id = \(bind: a1.id)").first(decoding: CountRow.self)
            #expect(audit?.n == 1)
        }
    }

    @Test(arguments: TestDB.enabled)
    func transferKeepsHistory(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let member = f.members["mA1"]!
            let day = CivilDate(year: 2023, month: 3, day: 15)!
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.transfer(memberId: member, to: f.units["B1"]!.id, on: day, in: tx)
            }
            let history = try await Members.history(of: member, on: app.sql)
            #expect(history.map(\.unitCode) == ["A1", "B1"])
            #expect(history.first?.validTo == "2023-03-15")
            let y2022 = CivilDate(year: 2022, month: 12, day: 31)!
            // A1's subtree also holds A1a's member, who stays.
            #expect(try await MembersOnDate.count(under: f.units["A1"]!.id, at: y2022, on: app.sql) == 2)
            #expect(try await MembersOnDate.count(under: f.units["A1"]!.id, at: day, on: app.sql) == 1)
            #expect(try await MembersOnDate.count(under: f.units["B"]!.id, at: day, on: app.sql) == 2)
            // The page shows the history, with dates written dd/mm/yyyy.
            let b = Browser(app)
            try await b.login("admin")
            let page = try await b.send(.GET, "/members/\(member)")
            #expect(page.text.contains("15/03/2023"))
            #expect(page.text.contains("Chuyển sinh hoạt"))
        }
    }

    @Test(arguments: TestDB.enabled)
    func mergeAndDissolveKeepRecords(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let day = CivilDate(year: 2025, month: 7, day: 1)!
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Units.merge(f.units["A2"]!.id, into: f.units["A1"]!.id, on: day, in: tx)
            }
            let a2 = try await Units.find(code: "A2", on: app.sql)!
            #expect(a2.status == "merged")
            #expect(a2.mergedIntoId == f.units["A1"]!.id)
            #expect(try await Members.find(id: f.members["mA2"]!, on: app.sql)?.unitId == f.units["A1"]!.id)
            // CV 4173: a whole subtree dissolved; its members leave; records stay and still count for earlier years.
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Units.dissolve(f.units["A"]!.id, on: day, in: tx)
            }
            #expect(try await Units.find(code: "A1a", on: app.sql)?.status == "dissolved")
            #expect(try await Members.find(id: f.members["mA1"]!, on: app.sql)?.status == "left")
            #expect(try await MembersOnDate.count(under: f.units["A"]!.id, at: CivilDate(year: 2024, month: 1, day: 1)!, on: app.sql) == 3)
            #expect(try await MembersOnDate.count(under: f.units["A"]!.id, at: day, on: app.sql) == 0)
        }
    }

    @Test(arguments: TestDB.enabled)
    func vietnameseSearchAndSort(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("admin")
            struct List: Decodable { struct Item: Decodable { let fullName: String }; let items: [Item] }
            func names(_ query: String) async throws -> [String] {
                let r = try await b.send(.GET, "/api/v1/members?" + query)
                return try JSONDecoder().decode(List.self, from: Data(r.text.utf8)).items.map(\.fullName)
            }
            // Without diacritics, and đ typed as d.
            #expect(try await names("q=dao") == ["Nguyễn Thị Đào"])
            #expect(try await names("q=NGUYEN%20THI%20DAO") == ["Nguyễn Thị Đào"])
            #expect(try await names("q=%C4%90%C3%A0o") == ["Nguyễn Thị Đào"])   // "Đào"
            #expect(try await names("q=pham%20thi") == ["Phạm Thị Hà"])
            // Sorted by given name in Vietnamese order: Ân < Bình < Đào < Hà.
            #expect(try await names("limit=50") == ["Lê Văn Ân", "Trần Văn Bình", "Nguyễn Thị Đào", "Phạm Thị Hà"])
            // Paging by key set walks the same order.
            let first = try await b.send(.GET, "/api/v1/members?limit=2")
            struct Paged: Decodable { let next: String? }
            let next = try #require(try JSONDecoder().decode(Paged.self, from: Data(first.text.utf8)).next)
            #expect(try await names("limit=2&after=\(next)") == ["Nguyễn Thị Đào", "Phạm Thị Hà"])
            // Filters: women who are not Party members.
            #expect(try await names("gender=female&party=no") == ["Nguyễn Thị Đào", "Phạm Thị Hà"])
            // The page writes the count the Vietnamese way.
            let page = try await b.send(.GET, "/members?q=van")
            #expect(page.text.contains("2 đoàn viên"))
        }
    }
}
