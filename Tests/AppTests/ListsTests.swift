import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The member list people read: pages forward and back, Có/Không for the Party, every unit with its parent;
/// and the home page each role lands on.
@Suite struct ListsTests {
    static let given = ["An", "Bảo", "Cường", "Dũng", "Đức", "Giang", "Hải", "Khánh", "Long", "Minh"]

    /// Ten more members in A2, so that a page of 3 gives five pages over the admin's 14 members.
    static func addMembers(_ app: Application, _ f: Fixture) async throws {
        let start = CivilDate(year: 2020, month: 1, day: 1)!
        for (i, name) in given.enumerated() {
            let input = MemberInput(fullName: "Hoàng Văn \(name)", birthDate: "15/03/1990", gender: "Nam", ethnicity: "Kinh",
                                    citizenID: "00109001" + String(format: "%04d", i), unitCode: "A2", unionJoinDate: "01/09/2015", education: "Đại học")
            guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { Issue.record("member \(name) invalid"); continue }
            let unitId = f.units["A2"]!.id
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.create(draft, unitId: unitId, on: start, in: tx)
            }
        }
    }

    struct ListedPage { let ids: [Int]; let next: String?; let previous: String?; let text: String }

    static func read(_ html: String) -> ListedPage {
        func matches(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
                Range($0.range(at: 1), in: html).map { String(html[$0]).replacingOccurrences(of: "&amp;", with: "&") }
            }
        }
        return ListedPage(ids: matches(#"<td class="title"[^>]*><a href="/members/(\d+)""#).compactMap { Int($0) },
                          next: matches(#"<a href="([^"]+)" rel="next""#).first,
                          previous: matches(#"<a href="([^"]+)" rel="prev""#).first,
                          text: html)
    }

    @Test(arguments: TestDB.enabled)
    func pagesForwardAndBackAgree(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await Self.addMembers(app, f)
            let b = Browser(app)
            try await b.login("admin")
            var forward: [ListedPage] = []
            var url: String? = "/members?limit=3"
            while let u = url, forward.count < 10 {
                let page = Self.read(try await b.send(.GET, u).text)
                forward.append(page)
                url = page.next
            }
            #expect(forward.count == 5)
            #expect(forward.map(\.ids.count) == [3, 3, 3, 3, 2])
            let all = forward.flatMap(\.ids)
            #expect(Set(all).count == 14, "every member once")
            #expect(forward[0].previous == nil && forward[4].next == nil)
            #expect(forward[0].text.contains("Trang 1 · 1–3 trong 14"))
            #expect(forward[2].text.contains("Trang 3 · 7–9 trong 14"))
            #expect(forward[4].text.contains("Trang 5 · 13–14 trong 14"))
            // Back from the last page, step by step, to the first: the same pages in reverse.
            var backward: [ListedPage] = [forward[4]]
            while let u = backward.last?.previous, backward.count < 10 {
                backward.append(Self.read(try await b.send(.GET, u).text))
            }
            #expect(backward.map(\.ids) == forward.reversed().map(\.ids))
            #expect(backward.last?.text.contains("Trang 1 · 1–3 trong 14") == true)
            #expect(backward.last?.previous == nil)
            // The same through the query alone, in the order the names sort.
            let sorted = try await app.sql.raw("SELECT id FROM members ORDER BY sort_key, id").all(decoding: IDRow.self).map(\.id)
            #expect(all == sorted)
            var filter = MemberFilter()
            filter.limit = 4
            let selection = try await MemberQuery.select(filter, scope: Scope(admin: true), subtree: nil, on: app.sql)
            let first = try await MemberQuery.page(filter, selection, on: app.sql)
            filter.after = first.next
            let second = try await MemberQuery.page(filter, selection, on: app.sql)
            #expect(second.rows.map(\.id) == Array(sorted[4..<8]) && !second.isFirst)
            filter.after = nil
            filter.before = second.previous
            let back = try await MemberQuery.page(filter, selection, on: app.sql)
            #expect(back.rows.map(\.id) == first.rows.map(\.id) && back.isFirst && back.previous == nil)
            // Going back from near the start still shows a full first page.
            filter.before = MemberFilter.Cursor(sortKey: first.rows[2].sortKey, id: first.rows[2].id)
            let partial = try await MemberQuery.page(filter, selection, on: app.sql)
            #expect(partial.rows.map(\.id) == first.rows.map(\.id) && partial.isFirst)
        }
    }

    @Test(arguments: TestDB.enabled)
    func partyIsYesOrNoAndUnitsShowTheirParent(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await app.sql.raw("UPDATE members SET party_joined_on = '2012-05-19' WHERE id = \(bind: f.members["mA1"]!)").run()
            let b = Browser(app)
            try await b.login("official")
            let list = try await b.send(.GET, "/members?under=\(f.units["A1"]!.id)").text
            #expect(list.contains(#"<td data-label="Đảng viên">Có</td>"#))
            #expect(list.contains(#"<td data-label="Đảng viên">Không</td>"#))
            #expect(!list.contains("19/05/2012"), "the date stays on the member's page")
            // A1a's members show A1a with its parent A1.
            #expect(list.contains("Công đoàn bộ phận Văn phòng</a><span class=\"muted\"> — Công đoàn Trường THPT Long Xuyên</span>"))
            #expect(list.contains(#"data-label="Họ và tên""#) && list.contains(#"data-label="Đơn vị""#))
            let member = try await b.send(.GET, "/members/\(f.members["mA1"]!)").text
            #expect(member.contains("19/05/2012"))
            // Unit search names each unit's parent beside it.
            let search = try await b.send(.GET, "/units?q=van%20phong").text
            #expect(search.contains("Công đoàn bộ phận Văn phòng</a><span class=\"muted\"> — Công đoàn Trường THPT Long Xuyên</span>"))
            #expect(member.contains("Công đoàn Trường THPT Long Xuyên</a><span class=\"muted\"> — Liên đoàn Lao động tỉnh An Giang</span>"))
        }
    }

    @Test(arguments: TestDB.enabled)
    func homeSaysWhatToDoNext(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await app.sql.raw("UPDATE members SET party_joined_on = '2012-05-19' WHERE id = \(bind: f.members["mA1"]!)").run()
            let admin = Browser(app)
            try await admin.login("admin")
            let a = try await admin.send(.GET, "/").text
            #expect(a.contains("Toàn hệ thống") && a.contains("Quản lý người dùng và vai trò") && a.contains(#"href="/audit""#))
            let official = Browser(app)
            try await official.login("official")
            let o = try await official.send(.GET, "/").text
            // A: three members (mA1 woman and Party member, mA1a, mA2), four units below (A1, A1a, A2 and none else).
            #expect(o.contains("Liên đoàn Lao động tỉnh An Giang"))
            #expect(o.contains("— Tổng Liên đoàn Lao động Việt Nam"))
            #expect(o.contains(#"<span class="big">3</span><span>Đoàn viên đang sinh hoạt</span>"#))
            #expect(o.contains(#"<span class="big">1</span><span>Đảng viên · 33,3%</span>"#))
            #expect(o.contains(#"<span class="big">3</span><span>Đơn vị trực thuộc</span>"#))
            #expect(o.contains("Thêm đoàn viên") && o.contains(#"href="/import""#) && o.contains("Rà soát danh sách đoàn viên"))
            // A checked file not yet written is offered for confirmation; an expired or applied one is not.
            for (name, status, age) in [("ds-moi.csv", "validated", 60.0), ("ds-cu.csv", "validated", 2 * 86400.0), ("ds-da-ghi.csv", "applied", 60.0)] {
                try await app.sql.raw("""
                    INSERT INTO import_batches (kind, user_id, file_name, sha256, content, status, row_count, report, created_at)
                    VALUES ('members', \(bind: f.users["official"]!), \(bind: name), 'x', \(bind: Data("a".utf8)), \(bind: status), 12, NULL,
                            \(bind: Clock.timestamp(Date().addingTimeInterval(-age))))
                    """).run()
            }
            let waiting = try await official.send(.GET, "/").text
            #expect(waiting.contains("ds-moi.csv (Danh sách đoàn viên) · 12 dòng") && waiting.contains(#"action="/import/"#))
            #expect(!waiting.contains("ds-cu.csv") && !waiting.contains("ds-da-ghi.csv"))

            let secretary = Browser(app)
            try await secretary.login("secretary")
            let s = try await secretary.send(.GET, "/").text
            // Chi bộ A1 serves A1 and A1a: two members.
            #expect(s.contains("Chi bộ A1") && s.contains(#"<span class="big">2</span><span>Đoàn viên thuộc chi bộ phụ trách</span>"#))
            #expect(s.contains(#"href="/members""#) && !s.contains("Thêm đoàn viên"))
            let member = Browser(app)
            try await member.login("member")
            let m = try await member.send(.GET, "/").text
            #expect(m.contains("Hồ sơ của tôi") && m.contains(#"href="/me""#))
            #expect(try await member.send(.GET, "/members/\(f.members["mA1"]!)").status == .ok)
        }
    }

    @Test func headerRenamesUsersAndCarriesAPhoneMenu() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("admin")
            let home = try await b.send(.GET, "/").text
            #expect(home.contains("<title>Trang chủ · Nối gương</title>"))
            #expect(home.contains(#"<details class="nav">"#) && home.contains("<summary>Menu</summary>"))
            #expect(home.contains(#">Người dùng</a>"#) && !home.contains(#">Tài khoản</a>"#))
            #expect(home.contains("Tài khoản của tôi"))
        }
    }
}
