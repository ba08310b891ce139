import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Choosing, not typing codes: the pickers offer only what the person may use, and the same field works without
/// script as a search box the server settles.
@Suite struct PickerTests {
    struct Suggestion: Decodable { let label: String; let value: String; let id: Int }

    @Test(arguments: TestDB.enabled)
    func suggestionsStayInScope(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            // "cong doan" without diacritics matches units in both provinces; only province A's are offered.
            let units = try await b.send(.GET, "/pick/units?q=cong%20doan&need=write")
            #expect(units.status == .ok)
            let offered = try JSONDecoder().decode([Suggestion].self, from: Data(units.text.utf8))
            #expect(Set(offered.map(\.id)) == Set(["A1", "A1a", "A2"].map { f.units[$0]!.id }))
            #expect(offered.contains { $0.value == "Công đoàn Trường THPT Long Xuyên (A1)" && $0.label.contains("Liên đoàn Lao động tỉnh An Giang") })
            // Another province's unit, by its exact code, is not offered either.
            let other = try await b.send(.GET, "/pick/units?q=B1&need=write")
            #expect(try JSONDecoder().decode([Suggestion].self, from: Data(other.text.utf8)).isEmpty)
            // Members: by name without diacritics, in scope only.
            let members = try await b.send(.GET, "/pick/members?q=pham%20thi%20ha")
            #expect(try JSONDecoder().decode([Suggestion].self, from: Data(members.text.utf8)).isEmpty)
            let own = try JSONDecoder().decode([Suggestion].self, from: Data(try await b.send(.GET, "/pick/members?q=nguyen%20thi%20dao").text.utf8))
            #expect(own.map(\.id) == [f.members["mA1"]!])
            // Party cells: only those hosted where the official hands out roles; choosing one brings its unit.
            let cells = try JSONDecoder().decode([Suggestion].self, from: Data(try await b.send(.GET, "/pick/cells?q=chi%20bo").text.utf8))
            #expect(cells.map(\.value) == ["Chi bộ A1"])
            let granted = try await b.send(.POST, "/users/\(f.users["viewer"]!)/roles", form: ["role": "secretary", "cellName": "Chi bộ A1", "cellId": String(cells[0].id)])
            #expect(granted.status == .seeOther)
            // A secretary's picker shows nothing outside the cell.
            let s = Browser(app)
            try await s.login("secretary")
            let cell = try JSONDecoder().decode([Suggestion].self, from: Data(try await s.send(.GET, "/pick/units?q=cong%20doan").text.utf8))
            #expect(!cell.contains { $0.id == f.units["A2"]!.id })
            #expect(try await Browser(app).send(.GET, "/pick/units?q=cong").status != .ok)
        }
    }

    @Test(arguments: TestDB.enabled)
    func fieldsAreSettledByNameOrCodeWithoutScript(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let official = try await Principals.load(userId: f.users["official"]!, via: .token(id: 0), today: .today(), on: app.sql)!
            func pick(_ text: String) async throws -> Result<UnitRow, FieldProblem> {
                try await Picks.unit(text, field: "Đơn vị nhận", scope: official.scope, need: .write, on: app.sql)
            }
            #expect(try await pick("Công đoàn Sở Tư pháp (A2)").map(\.code) == .success("A2"))
            #expect(try await pick("A2").map(\.code) == .success("A2"))
            #expect(try await pick("so tu phap").map(\.code) == .success("A2"))
            // Several match: the message lists them with their parents and codes, once.
            guard case .failure(let many) = try await pick("cong doan") else { Issue.record("expected a choice"); return }
            #expect(many.message.hasPrefix("Đơn vị nhận: có nhiều đơn vị khớp «cong doan»"))
            #expect(many.message.contains("Công đoàn Sở Tư pháp — Liên đoàn Lao động tỉnh An Giang (mã A2)"))
            // Out of scope, whether by code or by name: as if it did not exist.
            guard case .failure(let outside) = try await pick("B1") else { Issue.record("B1 is outside"); return }
            #expect(outside.message == "Đơn vị nhận: không có đơn vị nào khớp «B1» trong phạm vi bạn được dùng.")
            guard case .failure = try await pick("Kính Đáp Cầu") else { Issue.record("B1 by name is outside"); return }

            // The web form: a move by name, and a member created in a unit chosen by name.
            let b = Browser(app)
            try await b.login("official")
            let ask = try await b.send(.POST, "/units/\(f.units["A1a"]!.id)/move", form: ["target": "so tu phap", "date": CivilDate.today().vietnamese, "reason": "QĐ 3"])
            #expect(ask.status == .ok)
            #expect(ask.text.contains("về dưới Công đoàn Sở Tư pháp"))
            let created = try await b.send(.POST, "/members/new", form: [
                "fullName": "Đỗ Thị Lan", "birthDate": "02/02/1992", "gender": "Nữ", "citizenID": "001192000777",
                "unitCode": "Công đoàn Sở Tư pháp (A2)", "unionJoinDate": "01/01/2020", "education": "Đại học"])
            #expect(created.status == .seeOther)
            let wrong = try await b.send(.POST, "/members/new", form: [
                "fullName": "Đỗ Thị Lan", "birthDate": "02/02/1992", "gender": "Nữ", "citizenID": "001192000778",
                "unitCode": "Kính Đáp Cầu", "unionJoinDate": "01/01/2020", "education": "Đại học"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Đơn vị: không có đơn vị nào khớp «Kính Đáp Cầu»"))
            // A member role granted by name, without any record id.
            let grant = try await b.send(.POST, "/users/\(f.users["viewer"]!)/roles", form: ["role": "member", "member": "Lê Văn Ân"])
            #expect(grant.status == .seeOther)
        }
    }
}
