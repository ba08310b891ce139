import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Nothing destructive in one tap: the first post shows what would happen, in numbers, and writes nothing.
@Suite struct ConfirmationTests {
    static func state(_ app: Application) async throws -> [String] {
        let units = try await app.sql.raw("SELECT code, status, parent_id FROM units ORDER BY code").all()
        let members = try await app.sql.raw("SELECT id, status, unit_id FROM members ORDER BY id").all()
        let periods = try await app.sql.raw("SELECT COUNT(*) AS n FROM member_periods").first(decoding: CountRow.self)!.n
        return try units.map { "\(try $0.decode(column: "code", as: String.self)) \(try $0.decode(column: "status", as: String.self)) \(try $0.decode(column: "parent_id", as: Int?.self) ?? 0)" }
            + members.map { "\(try $0.decode(column: "id", as: Int.self)) \(try $0.decode(column: "status", as: String.self)) \(try $0.decode(column: "unit_id", as: Int.self))" }
            + ["periods \(periods)"]
    }

    @Test(arguments: TestDB.enabled)
    func dissolveMergeAndMoveAskFirst(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let a1 = f.units["A1"]!
            let today = CivilDate.today().vietnamese
            let before = try await Self.state(app)
            // No reason: refused with a message, nothing written.
            let noReason = try await b.send(.POST, "/units/\(a1.id)/dissolve", form: ["date": today])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Lý do: không được để trống"))
            // The first post states the consequence in numbers and changes nothing.
            let ask = try await b.send(.POST, "/units/\(a1.id)/dissolve", form: ["date": today, "reason": "Quyết định 99/QĐ"])
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Giải thể 2 đơn vị"), "\(ask.text)")
            #expect(ask.text.contains("2 đoàn viên thôi sinh hoạt từ \(today)"), "\(ask.text)")
            #expect(ask.text.contains("name=\"confirmed\" value=\"1\""))
            #expect(try await Self.state(app) == before)
            for (route, target) in [("merge", "A2"), ("move", "A2")] {
                let page = try await b.send(.POST, "/units/\(a1.id)/\(route)", form: ["target": target, "date": today, "reason": "QĐ 5"])
                #expect(page.status == .ok)
                #expect(page.text.contains("Xác nhận"), "\(route)")
                #expect(try await Self.state(app) == before, "\(route) wrote before confirmation")
            }
            // Confirmed: done, and the register keeps the reason.
            let done = try await b.send(.POST, "/units/\(a1.id)/dissolve", form: ["date": today, "reason": "Quyết định 99/QĐ", "confirmed": "1"])
            #expect(done.status == .seeOther)
            #expect(try await Units.find(id: a1.id, on: app.sql)?.status == "dissolved")
            struct Summary: Decodable { let summary: String }
            let entry = try await app.sql.raw("SELECT summary FROM audit_log WHERE action = 'dissolve' ORDER BY id DESC LIMIT 1").first(decoding: Summary.self)
            #expect(entry?.summary.contains("Lý do: Quyết định 99/QĐ") == true)
        }
    }
}
