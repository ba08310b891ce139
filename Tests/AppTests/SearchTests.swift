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
            // A rare phrase is answered by the index range.
            let match = try await NameIndex.match("dao", on: app.sql)
            let plan = try await HistoryTests.plan("SELECT m.id FROM members m WHERE \(match.condition)", db: db, app: app)
            #expect(plan.contains("member_name_words_word"), "\(plan)")
        }
    }

    /// The rare path (the index range) and the common path (names read in list order, counted from the index) give
    /// the members a word-start phrase scan over the folded names gives, with repeated words in names, and the same
    /// counts.
    @Test(arguments: TestDB.enabled)
    func rareAndCommonPathsAgreeWithAScan(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            var rng = SplitMix64(seed: 12)
            let family = ["Nguyễn", "Trần", "Lê", "Đặng"]
            let middle = ["Thị", "Văn", "Anh", "Ngọc"]
            let given = ["Anh", "Ánh", "Đào", "Hương", "Ngọc"]
            func pick(_ words: [String]) -> String { words[Int(rng.next() % UInt64(words.count))] }
            var names: [String] = []
            for _ in 0..<80 {
                let extra = rng.next() % 3 == 0 ? " " + pick(middle) : ""
                names.append(pick(family) + " " + pick(middle) + extra + " " + pick(given))
            }
            names += ["Lê Anh Anh", "Anh Anh Anh", "Nguyễn Anh Anh Đào"]
            let newNames = names
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let template = try await Members.find(id: f.members["mA1"]!, on: tx.sql)!
                let rows: [MemberRow] = newNames.map { name in
                    var r = template
                    r.fullName = name
                    r.searchName = VietnameseText.fold(name)
                    r.sortKey = VietnameseText.nameSortKey(fullName: name)
                    r.cccd = nil
                    return r
                }
                _ = try await Members.insert(rows, in: tx)
            }
            let all = try await app.sql.raw("SELECT id, search_name FROM members WHERE status IN ('active', 'suspended')").all()
            let everyone = try all.map { (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "search_name", as: String.self)) }
            let admin = Scope(admin: true)
            for q in ["anh", "anh anh", "thi", "nguyen anh", "anh a", "dang van", "Đào", "ngoc anh", "van ng", "x"] {
                let phrase = VietnameseText.fold(q)
                let expected = Set(everyone.filter { $0.1.hasPrefix(phrase) || $0.1.contains(" " + phrase) }.map(\.0))
                var filter = MemberFilter()
                filter.query = q
                filter.limit = 200
                for rare in [NameIndex.rare(Dialect(app.sql)), 0] {
                    let selection = try await MemberQuery.select(filter, scope: admin, subtree: nil, rareName: rare, on: app.sql)
                    let page = try await MemberQuery.page(filter, selection, on: app.sql)
                    #expect(Set(page.rows.map(\.id)) == expected, "q=\(q) rare=\(rare)")
                    #expect(page.rows.count == expected.count, "q=\(q) rare=\(rare): a member listed twice")
                    let count = try await MemberQuery.count(selection, on: app.sql)
                    #expect(count.n == expected.count && !count.capped, "q=\(q) rare=\(rare): \(count) vs \(expected.count)")
                }
            }
        }
    }
}
