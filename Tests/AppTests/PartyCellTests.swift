import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Party cells are chosen from a list and made only on purpose.
@Suite struct PartyCellTests {
    static func cellCount(_ app: Application) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM party_cells").first(decoding: CountRow.self)!.n
    }

    @Test(arguments: TestDB.enabled)
    func webFormsChooseFromTheListAndCreateOnPurpose(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let a1a = f.units["A1a"]!, a1 = f.units["A1"]!
            // The edit form offers the cells at the unit and above it: A1's cell, not B1's.
            let form = try await b.send(.GET, "/units/\(a1a.id)/edit")
            #expect(form.text.contains("Chi bộ A1"))
            #expect(!form.text.contains("Chi bộ B1"))
            #expect(!form.text.contains("name=\"cell\""), "no free-text cell field")
            // A cell from elsewhere (B1's) is refused; nothing is created or changed.
            let before = try await Self.cellCount(app)
            let foreign = f.units["B1"]!.partyCellId!
            let refused = try await b.send(.POST, "/units/\(a1a.id)/edit", form: ["name": a1a.name, "kind": String(a1a.kindId), "partyCell": String(foreign)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("hãy chọn một chi bộ trong danh sách"))
            #expect(try await Units.find(id: a1a.id, on: app.sql)!.partyCellId == nil)
            // Choosing A1's cell works.
            let chosen = try await b.send(.POST, "/units/\(a1a.id)/edit", form: ["name": a1a.name, "kind": String(a1a.kindId), "partyCell": String(a1.partyCellId!)])
            #expect(chosen.status == .seeOther)
            #expect(try await Units.find(id: a1a.id, on: app.sql)!.partyCellId == a1.partyCellId)
            // A new cell is declared on the unit page, audited; the same name again (without diacritics) is a 409.
            let made = try await b.send(.POST, "/units/\(a1a.id)/party-cells", form: ["name": "Chi bộ Văn phòng", "committee": "Đảng ủy Trường", "date": "01/09/2026"])
            #expect(made.status == .seeOther)
            #expect(try await Self.cellCount(app) == before + 1)
            let twice = try await b.send(.POST, "/units/\(a1a.id)/party-cells", form: ["name": "chi bo van phong", "committee": "", "date": "01/09/2026"])
            #expect(twice.status == .conflict)
            #expect(twice.text.contains("đã có chi bộ"))
            #expect(try await Self.cellCount(app) == before + 1)
            let audit = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'party_cell' AND summary LIKE '%Văn phòng%'").first(decoding: CountRow.self)!.n
            #expect(audit == 1)
            // The new cell now shows in the unit's list, but not in A1's (it is hosted below A1).
            #expect(try await b.send(.GET, "/units/\(a1a.id)/edit").text.contains("Chi bộ Văn phòng"))
            #expect(!(try await b.send(.GET, "/units/\(a1.id)/edit").text.contains("Chi bộ Văn phòng")))
        }
    }

    @Test(arguments: TestDB.enabled)
    func apiMatchesByNameAndCreatesOnlyWhenAsked(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let a1a = f.units["A1a"]!
            let before = try await Self.cellCount(app)
            let typo = try await b.send(.PATCH, "/api/v1/units/\(a1a.id)", json: #"{"partyCell": "Chi bộ A11"}"#)
            #expect(typo.status == .unprocessableEntity)
            #expect(typo.text.contains("Chi bộ"))
            #expect(try await Self.cellCount(app) == before)
            let folded = try await b.send(.PATCH, "/api/v1/units/\(a1a.id)", json: #"{"partyCell": "chi bo a1"}"#)
            #expect(folded.status == .ok)
            #expect(try await Units.find(id: a1a.id, on: app.sql)!.partyCellId == f.units["A1"]!.partyCellId)
            let created = try await b.send(.PATCH, "/api/v1/units/\(a1a.id)", json: #"{"partyCell": "Chi bộ Mới", "createPartyCell": true}"#)
            #expect(created.status == .ok)
            #expect(try await Self.cellCount(app) == before + 1)
            let newUnit = try await b.send(.POST, "/api/v1/units", json: #"{"code": "A9", "name": "Công đoàn Mới", "kind": "CĐCS", "parentCode": "A", "partyCell": "Không có"}"#)
            #expect(newUnit.status == .unprocessableEntity)
            #expect(try await Units.find(code: "A9", on: app.sql) == nil)
        }
    }
}
