import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The registration check's vocabulary as data an administrator extends (issue 16 item 5): what an addition changes
/// in the check, what is refused and why, who may do it, and that removing it asks first.
@Suite struct CheckWordsTests {
    static let accountant = "Lập chứng từ thu chi, quyết toán thuế"
    static let basketry = "Mỗi tháng đan 30 chiếc giỏ mây tre"

    static func flags(_ b: Browser, member: Int) async throws -> [String] {
        let q = "?member=\(member)&action=" + basketry.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let answer = try await b.send(.GET, SiteURL.registrationCheck.path + q)
        #expect(answer.status == .ok)
        struct Answer: Decodable { struct Flag: Decodable { let code: String }; let flags: [Flag] }
        return try JSONDecoder().decode(Answer.self, from: Data(answer.text.utf8)).flags.map(\.code)
    }

    @Test(arguments: TestDB.enabled)
    func anAdministratorsWordsChangeTheCheck(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let member = f.members["mA1"]!
            try await app.sql.raw("UPDATE members SET duties = \(bind: Self.accountant) WHERE id = \(bind: member)").run()
            let admin = Browser(app)
            try await admin.login("admin")
            let page = try await admin.send(.GET, SiteURL.checkWords.path)
            #expect(page.status == .ok && page.text.contains("Từ ngữ của bộ kiểm tra đăng ký") && page.text.contains("Khẩu hiệu chung"), "\(page.text.prefix(3000))")

            // Basketry is a trade the seed does not know: nothing to say about the accountant's baskets.
            #expect(try await Self.flags(admin, member: member) == [])
            let added = try await admin.send(.POST, SiteURL.checkWords.path, form: [
                "list": "fieldWords", "field": CheckWordsPage.newFieldValue, "newField": "Thủ công mỹ nghệ", "sector": "1", "phrase": "Mây tre",
            ])
            #expect(added.status == .seeOther)
            // Now it is a field of its own, which the duties do not touch.
            #expect(try await Self.flags(admin, member: member) == ["untied"])
            let row = try #require(try await CheckWords.all(on: app.sql).first)
            #expect(row.phrase == "mây tre" && row.field == "Thủ công mỹ nghệ" && row.sector == 1 && row.addedByName == "admin")
            let vocabulary = try await CheckWords.vocabulary(on: app.sql)
            #expect(vocabulary.fields.contains { $0.name == "Thủ công mỹ nghệ" && $0.sector && $0.words == ["mây tre"] })
            #expect(try await admin.send(.GET, SiteURL.checkWords.path).text.contains("Thủ công mỹ nghệ"))

            // A word added to a seed field joins it, whatever its case and marks in the name.
            #expect(try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "fieldWords", "field": "y tế", "phrase": "Nha khoa"]).status == .seeOther)
            #expect(try await CheckWords.vocabulary(on: app.sql).fields.first { $0.name == "y tế" }?.words.contains("nha khoa") == true)
            // A stock phrase makes an action made only of it vague.
            #expect(try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "stockPhrases", "phrase": "giữ vững ngọn cờ đầu"]).status == .seeOther)
            #expect(try await CheckWords.vocabulary(on: app.sql).stockPhrases.contains("giữ vững ngọn cờ đầu"))

            // Refused with a Vietnamese reason, and nothing written.
            let before = try await CheckWords.all(on: app.sql).count
            let again = try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "fieldWords", "field": "Thủ công mỹ nghệ", "phrase": "MÂY TRE"])
            #expect(again.status == .conflict && again.text.contains("đã có trong danh sách"))
            let seeded = try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "stockPhrases", "phrase": "Hoàn thành tốt nhiệm vụ được giao"])
            #expect(seeded.status == .conflict)
            let empty = try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "stockPhrases", "phrase": "  "])
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Hãy ghi từ hoặc cụm từ"))
            let noField = try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "fieldWords", "field": "", "phrase": "gốm sứ"])
            #expect(noField.status == .unprocessableEntity && noField.text.contains("lĩnh vực"))
            let badList = try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "stopWords", "phrase": "và"])
            #expect(badList.status == .unprocessableEntity && badList.text.contains("Hãy chọn danh sách"))
            let long = try await admin.send(.POST, SiteURL.checkWords.path, form: ["list": "places", "phrase": String(repeating: "xưởng ", count: 20)])
            #expect(long.status == .unprocessableEntity)
            #expect(try await CheckWords.all(on: app.sql).count == before)

            // Removing asks first, saying what changes; then the word is gone and the check is as before.
            let ask = try await admin.send(.POST, SiteURL.checkWordRemove(.id(row.id)).path, form: [:])
            #expect(ask.status == .ok && ask.text.contains("Xác nhận bỏ từ ngữ") && ask.text.contains("cảnh báo đã ghi"))
            #expect(try await CheckWords.find(id: row.id, on: app.sql) != nil)
            #expect(try await admin.send(.POST, SiteURL.checkWordRemove(.id(row.id)).path, form: ["confirmed": "1"]).status == .seeOther)
            #expect(try await CheckWords.find(id: row.id, on: app.sql) == nil)
            #expect(try await Self.flags(admin, member: member) == [])

            // Every write is in the register.
            let entries = try await app.sql.raw("SELECT action, summary FROM audit_log WHERE entity = 'check_word' ORDER BY id")
                .all(decoding: AuditRow.self)
            #expect(entries.map(\.action) == ["create", "create", "create", "delete"])
            #expect(entries.first?.summary == "Thêm «mây tre» vào Từ của lĩnh vực công việc «Thủ công mỹ nghệ»")
        }
    }

    struct AuditRow: Decodable { let action: String; let summary: String }

    @Test(arguments: TestDB.enabled)
    func dutiesTheCheckCannotReadAreListedUntilTheirWordsAreAdded(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let start = CivilDate(year: 2020, month: 1, day: 1)!
            for (key, title) in [("mA1", "Đan giỏ mây tre xuất khẩu"), ("mA1a", "Đan giỏ mây tre xuất khẩu"), ("mA2", "Kế toán thu chi")] {
                let member = f.members[key]!, unit = try await Members.find(id: member, on: app.sql)!.unitId
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    try await Periods.changeDuty(member, unitId: unit, title: title, on: start, subject: key, in: tx)
                }
            }
            let admin = Browser(app)
            try await admin.login("admin")
            #expect(try await admin.send(.GET, SiteURL.checkWords.path).text.contains(SiteURL.checkWordsUnread.path))
            let before = try await admin.send(.GET, SiteURL.checkWordsUnread.path)
            #expect(before.status == .ok && before.text.contains("Đan giỏ mây tre xuất khẩu") && before.text.contains("2 đoàn viên đang giữ"))
            #expect(!before.text.contains("Kế toán thu chi") && before.text.contains("Trong 2 nhiệm vụ khác nhau đang giao nhiều nhất, bộ kiểm tra đọc được lĩnh vực của 1."))
            // Each unread duty links to the form, filled with its words to cut down to the phrase that names its field.
            let link = UnreadDutiesPage.addURL("Đan giỏ mây tre xuất khẩu")
            #expect(before.text.contains(link.replacingOccurrences(of: "&", with: "&amp;")) && link.hasPrefix("/check-words?list=fieldWords&phrase="))
            let filled = try await admin.send(.GET, link)
            #expect(filled.status == .ok && filled.text.contains("value=\"Đan giỏ mây tre xuất khẩu\""))
            _ = try await admin.send(.POST, SiteURL.checkWords.path, form: [
                "list": "fieldWords", "field": CheckWordsPage.newFieldValue, "newField": "Thủ công mỹ nghệ", "sector": "1", "phrase": "mây tre",
            ])
            let after = try await admin.send(.GET, SiteURL.checkWordsUnread.path)
            #expect(!after.text.contains("Đan giỏ mây tre xuất khẩu") && after.text.contains("Bộ kiểm tra đọc được lĩnh vực của mọi nhiệm vụ"))
            let official = Browser(app)
            try await official.login("official")
            #expect(try await official.send(.GET, SiteURL.checkWordsUnread.path).status == .notFound)
        }
    }

    @Test(arguments: TestDB.enabled)
    func warningsTheSecretaryApprovedAnywayAreListed(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let member = f.members["mA1"]!
            try await app.sql.raw("UPDATE members SET duties = \(bind: Self.accountant) WHERE id = \(bind: member)").run()
            let round = try await RegistrationTests.round(app, f)
            let concerts = "Tổ chức 2 đêm ca nhạc cho đoàn viên thanh niên của công ty"
            let id = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.save(round: round, memberId: member, draft: .init(actions: [.init(action: concerts, dutyId: nil, result: "2 đêm",
                                             deadline: "30/9")], shortcomings: ""), submit: true, capacities: [.owner], in: tx)
            }
            #expect(try await RegistrationTests.state(app, id).flagCount == 1)
            let admin = Browser(app)
            try await admin.login("admin")
            // Submitted, not yet approved: nothing overruled.
            let before = try await admin.send(.GET, SiteURL.checkWordsUnread.path)
            #expect(before.status == .ok && before.text.contains("Chưa có bản đăng ký nào được duyệt khi còn cảnh báo") && !before.text.contains(concerts))
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.appraise(id, approve: true, reason: nil, by: .system([.secretary], grantId: nil, name: "Bí thư Thử"), in: tx)
            }
            let after = try await admin.send(.GET, SiteURL.checkWordsUnread.path)
            #expect(after.text.contains("Cảnh báo mà bí thư chi bộ vẫn duyệt") && after.text.contains(concerts))
            #expect(after.text.contains("Chưa sát nhiệm vụ") && after.text.contains("Được duyệt lúc"))
            // The query reads only the registrations kept in its partial index, on both databases.
            #expect(try await CheckWords.overruled(on: app.sql).map(\.action) == [concerts])
            let plan = try await HistoryTests.plan(CheckWords.overruledQuery(limit: 30), db: db, app: app)
            #expect(plan.contains("registrations_overruled"), "\(plan)")
        }
    }

    @Test func theOverruledWarningsAreBuiltFromRows() {
        let flags = #"[{"code":"untied","message":"…"},{"code":"duplicate","message":"…"}]"#
        let page = UnreadDutiesPage.make(read: 3, unread: [], overruled: [
            .init(action: "Đan 30 giỏ", dutyTitle: "Kế toán thu chi", flags: flags, times: 1_200, lastAt: nil),
            .init(action: "Đan 30 giỏ", dutyTitle: "", flags: "[]", times: 1, lastAt: nil),
        ], t: Strings(language: .vi))
        #expect(page.overruled.first?.flags == "Chưa sát nhiệm vụ")
        #expect(page.overruled.first?.duty == "Nhiệm vụ: Kế toán thu chi")
        #expect(page.overruled.first?.meta.hasPrefix("Được duyệt 1.200 lần") == true)
        #expect(page.overruled.last?.duty == nil && page.overruled.last?.meta.hasPrefix("Được duyệt lúc") == true)
        #expect(page.summary == "Trong 3 nhiệm vụ khác nhau đang giao nhiều nhất, bộ kiểm tra đọc được lĩnh vực của 3.")
    }

    @Test(arguments: TestDB.enabled)
    func onlyTheAdministratorSeesOrChangesTheWords(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let id = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await CheckWords.add(.init(list: .places, phrase: "lò gạch"), in: tx)
            }
            for role in ["official", "viewer", "secretary", "member"] {
                let b = Browser(app)
                try await b.login(role)
                #expect(try await b.send(.GET, SiteURL.checkWords.path).status == .notFound, "\(role)")
                #expect(try await b.send(.POST, SiteURL.checkWords.path, form: ["list": "places", "phrase": "lò vôi"]).status == .notFound, "\(role)")
                #expect(!(try await b.send(.GET, SiteURL.cycle.path).text.contains(SiteURL.checkWords.path)), "\(role)")
            }
            #expect(try await CheckWords.all(on: app.sql).map(\.phrase) == ["lò gạch"])
            #expect(try await CheckWords.find(id: id, on: app.sql) != nil)
            let admin = Browser(app)
            try await admin.login("admin")
            #expect(try await admin.send(.GET, SiteURL.cycle.path).text.contains(SiteURL.checkWords.path))
        }
    }

    @Test(arguments: TestDB.enabled)
    func twoAdministratorsAddingTheSameWordAtOnceKeepOne(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let a = Browser(app), b = Browser(app)
            try await a.login("admin")
            try await b.login("admin")
            let form = ["list": "fieldWords", "field": "y tế", "phrase": "nội soi dạ dày"]
            async let first = a.send(.POST, SiteURL.checkWords.path, form: form)
            async let second = b.send(.POST, SiteURL.checkWords.path, form: form)
            let statuses = try await [first.status, second.status].map(\.code).sorted()
            #expect(statuses == [303, 409])
            #expect(try await CheckWords.all(on: app.sql).map(\.phrase) == ["nội soi dạ dày"])
        }
    }

    @Test func thePageIsBuiltFromRows() {
        let rows = [CheckWords.Row(id: 7, list: "fieldWords", field: "Thủ công mỹ nghệ", sector: 1, phrase: "mây tre", addedByName: "admin",
                                   addedAt: "2026-12-05T01:00:00Z")]
        let page = CheckWordsPage.make(rows: rows, seed: .seed, form: nil, error: nil, t: Strings(language: .vi))
        let fields = page.lists.first { $0.name == "Từ của lĩnh vực công việc" }
        #expect(fields?.added.map(\.phrase) == ["mây tre"])
        #expect(fields?.added.first?.removeURL == "/check-words/7/remove")
        #expect(fields?.added.first?.when.contains("05/12/2026") == true)
        #expect(page.fieldOptions.contains { $0.value == "Thủ công mỹ nghệ" } && page.fieldOptions.contains { $0.value == "y tế" })
        #expect(page.lists.count == VocabularyAddition.List.allCases.count)
    }
}
