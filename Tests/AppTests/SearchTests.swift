import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// One search helper for every LIKE: wildcards in the query are literal characters.
@Suite struct SearchTests {
    @Test func patternsEscapeWildcards() {
        #expect(Search.pattern("Đào") == "%dao%")
        #expect(Search.pattern("a_b%c!") == "%a!_b!%c!!%")
        #expect(Search.pattern("   ") == nil)
    }

    @Test(arguments: TestDB.enabled)
    func wildcardsFindOnlyWhatContainsThem(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                _ = try await Units.create(.init(code: "A3", name: "Tổ_công đoàn 100%", kindId: f.units["A1"]!.kindId, parentId: f.units["A"]!.id,
                                                 partyCellId: nil, on: CivilDate(year: 2020, month: 1, day: 1)!), in: tx)
            }
            let b = Browser(app)
            try await b.login("admin")
            struct List: Decodable { struct Item: Decodable { let code: String }; let items: [Item] }
            for q in ["_", "%", "0%"] {
                let response = try await b.send(.GET, "/api/v1/units?q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q))
                let list = try JSONDecoder().decode(List.self, from: Data(response.text.utf8))
                #expect(list.items.map(\.code) == ["A3"], "q=\(q)")
            }
            let members = try await b.send(.GET, "/api/v1/members?q=%25")
            #expect(members.text.contains("\"items\":[]"), "\(members.text.prefix(200))")
        }
    }

    /// Name search goes through the word index and finds phrases at word starts, diacritics and đ folded.
    @Test(arguments: TestDB.enabled)
    func nameSearchUsesTheWordIndex(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("admin")
            struct List: Decodable { struct Item: Decodable { let id: Int }; let items: [Item] }
            func search(_ q: String) async throws -> Set<Int> {
                let response = try await b.send(.GET, "/api/v1/members?q=" + q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
                return Set(try JSONDecoder().decode(List.self, from: Data(response.text.utf8)).items.map(\.id))
            }
            #expect(try await search("nguyen thi dao") == [f.members["mA1"]!])
            #expect(try await search("Đào") == [f.members["mA1"]!])
            #expect(try await search("thi d") == [f.members["mA1"]!])
            #expect(try await search("le van") == [f.members["mA2"]!])
            #expect(try await search("van") == [f.members["mA1a"]!, f.members["mA2"]!])
            #expect(try await search("dao nguyen").isEmpty)
            // A renamed member is found by the new name, not the old one.
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let m = try await Members.find(id: f.members["mA2"]!, on: tx.sql)!
                let input = MemberInput(fullName: "Lê Văn Khánh", birthDate: "15/03/1990", gender: "Nam", ethnicity: "Kinh",
                                        citizenID: m.cccd!, unitCode: "A2", unionJoinDate: "01/09/2015", education: "Đại học")
                guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { throw Abort(.badRequest) }
                try await Members.update(id: m.id, with: draft, on: .today(), in: tx)
            }
            #expect(try await search("khanh") == [f.members["mA2"]!])
            #expect(try await search("le van an").isEmpty)
            // The rare word drives the query through the index.
            let condition = try await NameIndex.condition("dao", on: app.sql)
            let plan = try await HistoryTests.plan("SELECT m.id FROM members m WHERE \(condition)", db: db, app: app)
            #expect(plan.contains("member_name_words_word"), "\(plan)")
        }
    }
}
