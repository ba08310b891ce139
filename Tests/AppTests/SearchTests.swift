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
}
