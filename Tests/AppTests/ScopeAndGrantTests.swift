import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Roles as dated grants with capabilities: the secretary's scope is the cell's units and their sub-units, without
/// personal data; grants end instead of vanishing; nobody grants at their own level or above.
@Suite struct ScopeAndGrantTests {
    @Test(arguments: TestDB.enabled)
    func secretarySeesNamesNotPersonalData(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let secretary = Browser(app)
            try await secretary.login("secretary")
            let page = try await secretary.send(.GET, "/members/\(f.members["mA1"]!)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Nguyễn Thị Đào"))
            #expect(!page.text.contains("001190000001"), "the citizen id reached a secretary")
            #expect(!page.text.contains("Kinh"), "the ethnicity reached a secretary")
            let api = try await secretary.send(.GET, "/api/v1/members/\(f.members["mA1"]!)")
            #expect(api.status == .ok)
            #expect(!api.text.contains("001190000001"))
            let list = try await secretary.send(.GET, "/api/v1/members")
            #expect(!list.text.contains("00119000000"))
            // A sub-unit of the cell's unit is in scope; a unit outside the cell is nowhere.
            #expect(try await secretary.send(.GET, "/members/\(f.members["mA1a"]!)").status == .ok)
            let tree = try await secretary.send(.GET, "/units")
            #expect(tree.text.contains("Công đoàn Trường THPT Long Xuyên"))
            #expect(!tree.text.contains("Công đoàn Sở Tư pháp"))
            #expect(!tree.text.contains("Liên đoàn Lao động tỉnh An Giang"))

            let official = Browser(app)
            try await official.login("official")
            #expect(try await official.send(.GET, "/members/\(f.members["mA1"]!)").text.contains("001190000001"))
        }
    }

    @Test(arguments: TestDB.enabled)
    func officialsGrantOnlyBelowTheirOwnLevel(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let target = f.users["viewer"]!
            let own = try await b.send(.POST, "/users/\(target)/roles", form: ["role": "official", "unitCode": "A"])
            #expect(own.status == .unprocessableEntity)
            #expect(own.text.contains("cấp dưới"))
            let above = try await b.send(.POST, "/users/\(target)/roles", form: ["role": "viewer", "unitCode": "TLD"])
            #expect(above.status == .unprocessableEntity)
            let below = try await b.send(.POST, "/users/\(target)/roles", form: ["role": "official", "unitCode": "A1"])
            #expect(below.status == .seeOther)
        }
    }

    /// Revoking ends the grant on that day; the record stays, so who was secretary on an earlier day is known.
    @Test(arguments: TestDB.enabled)
    func revokedGrantsStayOnRecord(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let granted = CivilDate(year: 2025, month: 1, day: 10)!, revoked = CivilDate(year: 2025, month: 3, day: 1)!
            var actor = Actor.commandLine
            actor.clock = .on(granted)
            let userId = try await Writes.perform(on: app.db, actor: actor) { tx in
                try await Accounts.create(username: "bi.thu.cu", password: "mat-khau-dai-du", displayName: "Bí thư cũ",
                                          grant: .init(role: .secretary, unitCode: "A1", cellName: "Chi bộ A1"), in: tx, cost: 4, app: app)
            }
            struct G: Decodable { let id: Int; let partyCellId: Int? }
            let grant = try await app.sql.raw("SELECT id, party_cell_id FROM role_grants WHERE user_id = \(bind: userId)")
                .first(decoding: G.self, with: snakeCase)!
            actor.clock = .on(revoked)
            try await Writes.perform(on: app.db, actor: actor) { tx in try await Accounts.revokeGrant(grant.id, of: userId, in: tx) }
            let cell = grant.partyCellId!
            let before = try await Grants.secretaries(of: cell, on: CivilDate(year: 2025, month: 2, day: 1)!, sql: app.sql)
            let after = try await Grants.secretaries(of: cell, on: CivilDate(year: 2025, month: 3, day: 2)!, sql: app.sql)
            #expect(before.map(\.userId) == [userId])
            #expect(after.isEmpty)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM role_grants WHERE id = \(bind: grant.id)").first(decoding: CountRow.self)?.n == 1)
            // The revoked person has no scope left today.
            let loaded = try await Principals.load(userId: userId, via: .token(id: 0), today: .today(), on: app.sql)
            #expect(loaded?.scope.seesUnits == false)
            _ = f
        }
    }

    /// Duties are dated records: a change of duties closes the old one and opens the new one on its date.
    @Test(arguments: TestDB.enabled)
    func dutiesAreDatedRecords(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let m = f.members["mA1"]!
            for (day, duty) in [(CivilDate(year: 2023, month: 1, day: 1)!, "Kế toán"), (CivilDate(year: 2024, month: 6, day: 1)!, "Kế toán trưởng")] {
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    let row = try await Members.find(id: m, on: tx.sql)!
                    var input = MemberInput(fullName: row.fullName, birthDate: "15/03/1990", gender: "Nữ", ethnicity: "Kinh",
                                            citizenID: row.cccd!, unitCode: "A1", unionJoinDate: "01/09/2015", education: "Đại học")
                    input.duties = duty
                    guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { throw Abort(.badRequest) }
                    try await Members.update(id: m, with: draft, on: day, in: tx)
                }
            }
            struct D: Decodable, Equatable { let title: String; let validFrom: String; let validTo: String? }
            let duties = try await app.sql.raw("SELECT title, valid_from, valid_to FROM member_duties WHERE member_id = \(bind: m) ORDER BY valid_from")
                .all(decoding: D.self, with: snakeCase)
            #expect(duties == [D(title: "Kế toán", validFrom: "2023-01-01", validTo: "2024-06-01"),
                               D(title: "Kế toán trưởng", validFrom: "2024-06-01", validTo: nil)])
        }
    }
}
