import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// A dissolution, merge or move made by mistake is reversed exactly: the subtree's members on every date are
/// those before the mistake, and the register keeps both the change and its reversal.
@Suite struct ReversalTests {
    /// Everything the tree changes touch, without the write stamps.
    static func dump(_ app: Application) async throws -> [String] {
        func rows(_ query: SQLQueryString) async throws -> [String] {
            try await app.sql.raw(query).all().map { row in
                try row.allColumns.map { c in
                    if let i = try? row.decodeNil(column: c), i { return "∅" }
                    if let n = try? row.decode(column: c, as: Int.self) { return String(n) }
                    return try row.decode(column: c, as: String.self)
                }.joined(separator: "|")
            }
        }
        return try await rows("SELECT id, parent_id, path, depth, status, ended_on, merged_into_id FROM units ORDER BY id")
            + rows("SELECT id, unit_id, valid_from, valid_to, parent_id, path, name, status, reason FROM unit_periods ORDER BY id")
            + rows("SELECT id, unit_id, status FROM members ORDER BY id")
            + rows("SELECT id, member_id, unit_id, status, valid_from, valid_to, reason FROM member_periods ORDER BY id")
    }

    static let mistake = CivilDate(year: 2024, month: 6, day: 1)!

    /// Members of each unit's subtree on dates around the mistake, as the reports see them.
    static func onDates(_ app: Application, _ f: Fixture) async throws -> [String] {
        let dates = [CivilDate(year: 2019, month: 12, day: 31)!, CivilDate(year: 2020, month: 1, day: 1)!, mistake.adding(days: -1),
                     mistake, mistake.adding(days: 1), CivilDate.today()]
        var out: [String] = []
        for code in ["TLD", "A", "A1", "A1a", "A2"] {
            for d in dates {
                let ids = try await MembersOnDate.list(under: f.units[code]!.id, at: d, on: app.sql).map(\.id)
                out.append("\(code) \(d.iso): \(ids)")
            }
        }
        return out
    }

    @Test(arguments: TestDB.enabled)
    func aDissolutionIsReversedExactly(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let a1 = f.units["A1"]!
            let before = try await Self.dump(app), beforeOnDates = try await Self.onDates(app, f)
            let done = try await b.send(.POST, "/units/\(a1.id)/dissolve", form: ["date": Self.mistake.vietnamese, "reason": "QĐ 7", "confirmed": "1"])
            #expect(done.status == .seeOther)
            #expect(try await Self.onDates(app, f) != beforeOnDates)
            let changeId = try await app.sql.raw("SELECT id FROM tree_changes ORDER BY id DESC LIMIT 1").first(decoding: IDRow.self)!.id
            // The unit page offers the reversal.
            let page = try await b.send(.GET, "/units/\(a1.id)")
            #expect(page.text.contains("/tree-changes/\(changeId)/reverse"))
            #expect(page.text.contains("Giải thể từ ngày 01/06/2024: 2 đơn vị, 2 đoàn viên"), "\(page.text)")
            // A reason is required; the first post asks, in numbers, and writes nothing.
            let afterMistake = try await Self.dump(app)
            let noReason = try await b.send(.POST, "/tree-changes/\(changeId)/reverse", form: [:])
            #expect(noReason.status == .unprocessableEntity)
            let ask = try await b.send(.POST, "/tree-changes/\(changeId)/reverse", form: ["reason": "Nhầm đơn vị"])
            #expect(ask.status == .ok)
            #expect(ask.text.contains("2 đơn vị và 2 đoàn viên trở lại đúng như trước ngày 01/06/2024"), "\(ask.text)")
            #expect(try await Self.dump(app) == afterMistake)
            // Another province's official cannot even see it.
            let other = Browser(app)
            try await other.login("officialB")
            #expect(try await other.send(.POST, "/tree-changes/\(changeId)/reverse", form: ["reason": "x", "confirmed": "1"]).status == .notFound)
            // Confirmed: exactly as before, on every date.
            let reversed = try await b.send(.POST, "/tree-changes/\(changeId)/reverse", form: ["reason": "Nhầm đơn vị", "confirmed": "1"])
            #expect(reversed.status == .seeOther)
            #expect(try await Self.dump(app) == before)
            #expect(try await Self.onDates(app, f) == beforeOnDates)
            // Twice is refused, saying why.
            let again = try await b.send(.POST, "/tree-changes/\(changeId)/reverse", form: ["reason": "Nhầm", "confirmed": "1"])
            #expect(again.status == .conflict)
            #expect(again.text.contains("đã được hoàn tác"))
            // The register keeps both; the unit page shows the reversal.
            let actions = try await app.sql.raw("SELECT action FROM audit_log WHERE entity = 'unit' AND entity_id = \(bind: a1.id) ORDER BY id")
                .all().map { try $0.decode(column: "action", as: String.self) }
            #expect(actions.suffix(2) == ["dissolve", "reverse"])
            let shown = try await b.send(.GET, "/units/\(a1.id)")
            #expect(shown.text.contains("Đã hoàn tác lúc"))
            #expect(!shown.text.contains("/tree-changes/\(changeId)/reverse"))
        }
    }

    @Test(arguments: TestDB.enabled)
    func mergesAndMovesAreReversedUnlessSomethingChangedSince(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let a1 = f.units["A1"]!, a2 = f.units["A2"]!, a1a = f.units["A1a"]!
            let before = try await Self.dump(app), beforeOnDates = try await Self.onDates(app, f)
            let official = Actor.commandLine
            try await Writes.perform(on: app.db, actor: official) { tx in
                try await Units.merge(a1.id, into: a2.id, on: Self.mistake, reason: "QĐ 8", in: tx)
            }
            let merge = try await app.sql.raw("SELECT id FROM tree_changes ORDER BY id DESC LIMIT 1").first(decoding: IDRow.self)!.id
            _ = try await Writes.perform(on: app.db, actor: official) { tx in try await TreeChanges.reverse(merge, reason: "Nhầm", in: tx) }
            #expect(try await Self.dump(app) == before)
            #expect(try await Self.onDates(app, f) == beforeOnDates)

            // A move followed by another change to the moved unit cannot be undone blindly.
            try await Writes.perform(on: app.db, actor: official) { tx in
                try await Units.move(a1a.id, under: a2.id, on: Self.mistake, reason: "QĐ 9", in: tx)
            }
            let move = try await app.sql.raw("SELECT id FROM tree_changes ORDER BY id DESC LIMIT 1").first(decoding: IDRow.self)!.id
            try await Writes.perform(on: app.db, actor: official) { tx in
                try await Units.update(id: a1a.id, name: "Công đoàn bộ phận Hành chính", kindId: a1a.kindId, partyCellId: nil,
                                       on: Self.mistake.adding(days: 10), in: tx)
            }
            await #expect(throws: Abort.self) {
                try await Writes.perform(on: app.db, actor: official) { tx in try await TreeChanges.reverse(move, reason: "Nhầm", in: tx) }
            }
            #expect(try await TreeChanges.find(id: move, on: app.sql)?.reversedAt == nil)
        }
    }
}
