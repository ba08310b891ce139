import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Directive documents (issue 17, item 1): issued by a unit with its attachments checked by content, sent to a
/// subtree, acknowledged once by each unit below (by whom may, refused to others, 404 out of scope), the sender's
/// view one level down, search without diacritics, the API.
@Suite struct DirectiveTests {
    /// Officials of the grassroots union A1 and of the union A2, besides the fixture's roles.
    static func officials(_ app: Application) async throws {
        for (name, unit) in [("official.a1", "A1"), ("official.a2", "A2")] {
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Accounts.create(username: name, password: Fixture.password, displayName: name,
                                          grant: .init(role: .official, unitCode: unit), in: tx, cost: 4, app: app)
            }
        }
    }

    static func create(_ app: Application, _ f: Fixture, kind: DirectiveKind = .keHoach, number: String, issuer: String = "A", target: String? = nil,
                       title: String) async throws -> Int {
        let input = Directives.Input(kind: kind, number: number, issuedOn: CivilDate.today(), issuerId: f.units[issuer]!.id,
                                     targetId: target.map { f.units[$0]!.id }, title: title, summary: "")
        return try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await Directives.create(input, in: tx) }
    }

    static func count(_ app: Application, _ sql: String) async throws -> Int {
        try await app.sql.raw(SQLQueryString(sql)).first(decoding: CountRow.self)!.n
    }

    @Test(arguments: TestDB.enabled)
    func issueAcknowledgeAndWhoHasNot(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await Self.officials(app)
            let official = Browser(app), a1 = Browser(app), a2 = Browser(app), viewer = Browser(app), secretary = Browser(app)
            let member = Browser(app), other = Browser(app), admin = Browser(app)
            for (b, name) in [(official, "official"), (a1, "official.a1"), (a2, "official.a2"), (viewer, "viewer"), (secretary, "secretary"),
                              (member, "member"), (other, "officialB"), (admin, "admin")] {
                try await b.login(name)
            }
            // The province official issues a plan to every unit below A, with a PDF attached.
            try await official.send(.GET, SiteURL.directiveNew.path)
            let issued = try await official.upload(SiteURL.directives.path, fields: [
                "kind": "ke_hoach", "number": "Số: 18/KH-CĐVC", "issued": VNFormat.date(CivilDate.today()), "issuer": "A", "target": "",
                "title": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026", "summary": "Quán triệt chuyên đề năm",
            ], fileField: "file1", fileName: "ke-hoach.pdf", bytes: RegistrationTests.pdf)
            #expect(issued.status == .seeOther, "\(issued.text.prefix(400))")
            let id = try #require(try await app.sql.raw("SELECT id FROM directives").first(decoding: IDRow.self)?.id)
            let d = try #require(try await Directives.find(id: id, on: app.sql))
            #expect(d.number == "18/KH-CĐVC" && d.targetId == f.units["A"]!.id)
            let url = SiteURL.directive(.id(id)).path

            // Reading: the issuer's and the recipients' people; not another province, not a member's account.
            for b in [official, a1, a2, viewer, secretary, admin] { #expect(try await b.send(.GET, url).status == .ok) }
            for b in [other, member] { #expect(try await b.send(.GET, url).status == .notFound) }

            // The A1 official has it waiting on the home page and at the top of the list.
            #expect(try await a1.send(.GET, "/").text.contains("Xác nhận đã đọc 1 văn bản chỉ đạo"))
            #expect(try await a1.send(.GET, SiteURL.directives.path).text.contains("id=\"pending\""))
            #expect(!(try await official.send(.GET, "/").text.contains("văn bản chỉ đạo")))

            // Acknowledging: the sender, a viewer, a secretary and the administrator may not; out of scope is a 404.
            let ack = SiteURL.directiveAcknowledge(.id(id)).path
            for b in [official, viewer, secretary, admin] {
                try await b.send(.GET, url)
                #expect(try await b.send(.POST, ack, form: [:]).status == .forbidden)
            }
            for b in [other, member] {
                try await b.send(.GET, "/account")
                #expect(try await b.send(.POST, ack, form: [:]).status == .notFound)
            }
            // The A1 official acknowledges for A1: once, however many taps, with one register entry.
            try await a1.send(.GET, url)
            #expect(try await a1.send(.POST, ack, form: [:]).status == .seeOther)
            let again = try await a1.send(.POST, ack, form: ["unit": String(f.units["A1"]!.id)])
            #expect(again.status == .seeOther && again.headers.first(name: .location)?.contains("directive_already") == true)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM directive_acknowledgements") == 1)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'directive' AND action = 'acknowledge'") == 1)
            #expect(!(try await a1.send(.GET, "/").text.contains("văn bản chỉ đạo")))
            // A unit the person cannot see is a 404; a unit that did not receive it is a 422.
            #expect(try await a1.send(.POST, ack, form: ["unit": String(f.units["A2"]!.id)]).status == .notFound)

            // The sender sees one level down: A1 1 of 2 (A1a has not), A2 0 of 1; A itself is the sender.
            var rollup = try await Directives.rollup(d, focusId: f.units["A"]!.id, on: app.sql)
            #expect(rollup.total?.expected == 3 && rollup.total?.acknowledged == 1 && rollup.total?.selfRecipient == 0)
            let lines = Dictionary(uniqueKeysWithValues: rollup.children.map { ($0.unitId, $0) })
            let lA1 = try #require(lines[f.units["A1"]!.id]), lA2 = try #require(lines[f.units["A2"]!.id])
            #expect(lines.count == 2 && lA1.expected == 2 && lA1.acknowledged == 1 && lA2.expected == 1 && lA2.acknowledged == 0)
            #expect(lA1.selfAt != nil && lA1.selfBy == "official.a1" && lA2.selfAt == nil)
            let page = try await official.send(.GET, url)
            #expect(page.text.contains("1/2") && page.text.contains("0/1") && page.text.contains("Chưa xác nhận"))
            #expect(page.text.contains("?unit=\(f.units["A1"]!.id)"))
            // Drilling down to A1: A1a has not.
            let drill = try await official.send(.GET, url + "?unit=\(f.units["A1"]!.id)")
            #expect(drill.status == .ok && drill.text.contains("Công đoàn bộ phận Văn phòng") && drill.text.contains("Lên cấp trên"))
            #expect(try await official.send(.GET, url + "?unit=\(f.units["B1"]!.id)").status == .notFound)
            // The A1 official acknowledges for its unit below (it writes it); A1 is complete, ordered after A2.
            try await a1.send(.GET, url)
            #expect(try await a1.send(.POST, ack, form: ["unit": String(f.units["A1a"]!.id)]).status == .seeOther)
            rollup = try await Directives.rollup(d, focusId: f.units["A"]!.id, on: app.sql)
            #expect(rollup.children.map(\.unitId) == [f.units["A2"]!.id, f.units["A1"]!.id])
            #expect(rollup.total?.acknowledged == 3 - 1)
            // The page model a test can build from rows: 2/2 for A1.
            let model = DirectivePage.make(d, files: [], focus: rollup.total, children: rollup.children, upURL: nil, ackUnits: [], t: Strings(language: .vi))
            #expect(model.lines.map(\.subtree) == ["0/1", "2/2"] && model.lines.map(\.complete) == [false, true])

            // The attachment: its real type, to those who read the directive only.
            let file = try #require(try await Directives.files(of: id, on: app.sql).first)
            let download = try await a2.send(.GET, SiteURL.directiveFile(.id(file.id)).path)
            #expect(download.status == .ok && download.headers.contentType?.description.hasPrefix("application/pdf") == true)
            #expect(download.headers.first(name: .contentDisposition)?.contains("ke-hoach.pdf") == true)
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(try await other.send(.GET, SiteURL.directiveFile(.id(file.id)).path).status == .notFound)

            // The API: A2's official acknowledges (201, then 200 unchanged), and the counts follow.
            let api = SiteURL.api(.directiveAcknowledgement(.id(id))).path
            try await a2.send(.GET, "/account")
            let first = try await a2.send(.POST, api, json: "{}")
            #expect(first.status == .created, "\(first.text)")
            let second = try await a2.send(.POST, api, json: #"{"unitId": \#(f.units["A2"]!.id)}"#)
            #expect(second.status == .ok && second.text.contains(#""created":false"#))
            try await official.send(.GET, "/account")
            #expect(try await official.send(.POST, api, json: "{}").status == .forbidden)
            struct Detail: Decodable {
                struct Line: Decodable { let unitId: Int; let expected: Int; let acknowledged: Int }
                let unit: Line?; let children: [Line]
            }
            let detail = try JSONDecoder().decode(Detail.self, from: Data(try await official.send(.GET, SiteURL.api(.directive(.id(id))).path).text.utf8))
            #expect(detail.unit?.expected == 3 && detail.unit?.acknowledged == 3 && detail.children.count == 2)
            #expect(try await other.send(.GET, SiteURL.api(.directive(.id(id))).path).status == .notFound)
        }
    }

    @Test func searchIgnoresDiacriticsAndPagesKeySet() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let ct = try await Self.create(app, f, kind: .chiThi, number: "05-CT/TU", title: "Về tăng cường công tác đoàn viên")
            let kh = try await Self.create(app, f, number: "18/KH-CĐVC", title: "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh")
            let cv = try await Self.create(app, f, kind: .congVan, number: "4173/TLĐ-ToC", issuer: "B", title: "Về việc báo cáo_số liệu 100%")
            let admin = Scope(admin: true)
            func ids(_ q: String, _ scope: Scope = admin) async throws -> Set<Int> {
                Set(try await Directives.list(scope: scope, query: q, pendingOnly: false, after: nil, limit: 50, on: app.sql).map(\.row.id))
            }
            #expect(try await ids("chi thi 05") == [ct])
            #expect(try await ids("Chỉ thị 05") == [ct])
            #expect(try await ids("CDVC") == [kh])
            #expect(try await ids("cđvc") == [kh])
            #expect(try await ids("hoc tap lam theo") == [kh])
            #expect(try await ids("tld-toc") == [cv])
            #expect(try await ids("4173") == [cv])
            // LIKE's wildcards are text like any other.
            #expect(try await ids("_") == [cv])
            #expect(try await ids("%") == [cv])
            #expect(try await ids("") == [ct, kh, cv])
            // Scope: A's official does not see B's letter.
            let official = Browser(app)
            try await official.login("official")
            let page = try await official.send(.GET, SiteURL.directives.with([("q", "cong van")]))
            #expect(page.status == .ok && !page.text.contains("4173"))
            #expect(try await official.send(.GET, SiteURL.directives.with([("q", "chi thi")])).text.contains("05-CT/TU"))

            // The API: search, key-set pages, parameters outside range are a 400 in Vietnamese.
            let admin2 = Browser(app)
            try await admin2.login("admin")
            struct List: Decodable { struct Item: Decodable { let id: Int; let number: String }; let items: [Item]; let next: String? }
            let found = try JSONDecoder().decode(List.self, from: Data(try await admin2.send(.GET, "/api/v1/directives?q=CDVC").text.utf8))
            #expect(found.items.map(\.number) == ["18/KH-CĐVC"])
            let p1 = try JSONDecoder().decode(List.self, from: Data(try await admin2.send(.GET, "/api/v1/directives?limit=2").text.utf8))
            let next = try #require(p1.next)
            let p2 = try JSONDecoder().decode(List.self, from: Data(try await admin2.send(.GET, "/api/v1/directives?limit=2&after=\(next)").text.utf8))
            #expect(p1.items.count == 2 && p2.items.count == 1 && Set(p1.items.map(\.id) + p2.items.map(\.id)) == [ct, kh, cv])
            // A's official: A's two are sent from its side, none received; B's letter is not theirs to see.
            let sent = try JSONDecoder().decode(List.self, from: Data(try await official.send(.GET, "/api/v1/directives?box=sent").text.utf8))
            let received = try JSONDecoder().decode(List.self, from: Data(try await official.send(.GET, "/api/v1/directives?box=received").text.utf8))
            #expect(Set(sent.items.map(\.id)) == [ct, kh] && received.items.isEmpty)
            let receivedPage = try await official.send(.GET, SiteURL.directives.with([("box", "received")]))
            #expect(receivedPage.status == .ok && !receivedPage.text.contains("05-CT/TU") && receivedPage.text.contains(#"name="box" value="received""#))
            let allPage = try await official.send(.GET, SiteURL.directives.path)
            #expect(allPage.status == .ok && allPage.text.contains("05-CT/TU") && !allPage.text.contains(#"name="box""#))
            for bad in ["limit=0", "limit=201", "limit=abc", "after=xyz", "pending=maybe", "box=inbox"] {
                let r = try await admin2.send(.GET, "/api/v1/directives?\(bad)")
                #expect(r.status == .badRequest && r.text.contains("\"error\""), "\(bad): \(r.status)")
            }
            #expect(try await admin2.send(.GET, "/api/v1/directives?limit=0").text.contains("số từ 1 đến 200"))
        }
    }

    @Test func badInputAndFilesCheckedByContentWriteNothing() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let official = Browser(app)
            try await official.login("official")
            try await official.send(.GET, SiteURL.directiveNew.path)
            let good: [String: String] = ["kind": "chi_thi", "number": "05-CT/LĐLĐ", "issued": VNFormat.date(CivilDate.today()), "issuer": "A",
                                          "target": "A1", "title": "Về tăng cường <b>kỷ cương</b>"]
            func send(_ change: [String: String], fileName: String = "a.pdf", bytes: [UInt8] = RegistrationTests.pdf) async throws -> TestingHTTPResponse {
                try await official.upload(SiteURL.directives.path, fields: good.merging(change) { $1 }, fileField: "file1", fileName: fileName, bytes: bytes)
            }
            // A PNG called .pdf, and a file over the limit: refused by content and size.
            #expect(try await send([:], fileName: "ke-hoach.pdf", bytes: RegistrationTests.png).status == .unsupportedMediaType)
            #expect(try await send([:], bytes: RegistrationTests.pdf + [UInt8](repeating: 0x20, count: Evidence.maxBytes)).status == .payloadTooLarge)
            // Each field's rule, in Vietnamese.
            let cases: [([String: String], String)] = [
                (["number": "KH-18"], "Số, ký hiệu"), (["number": ""], "Số, ký hiệu"), (["title": " "], "Trích yếu"),
                (["issued": VNFormat.date(CivilDate.today().adding(days: 3))], "sau hôm nay"), (["issued": "31/02/2026"], "Ngày ban hành"),
                (["kind": "thu_tay"], "Loại văn bản"), (["issuer": "A1", "target": "A2"], "Nơi nhận phải là"),
                (["issuer": "B"], "Đơn vị ban hành"), (["issuer": "A1a", "target": ""], "không có đơn vị trực thuộc"),
            ]
            for (change, words) in cases {
                let r = try await send(change)
                #expect(r.status == .unprocessableEntity && r.text.contains(words), "\(change): \(r.status) \(r.text.prefix(300))")
            }
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM directives") == 0)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM stored_files") == 0)
            // The good one, then the same number again the same year: a conflict.
            #expect(try await send([:]).status == .seeOther)
            let again = try await send(["number": "05-ct/lđlđ"])
            #expect(again.status == .conflict && again.text.contains("đã có văn bản số"))
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM directives") == 1)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'directive' AND action = 'create'") == 1)
            // Pages print user data escaped.
            let id = try #require(try await app.sql.raw("SELECT id FROM directives").first(decoding: IDRow.self)?.id)
            let page = try await official.send(.GET, SiteURL.directive(.id(id)).path)
            #expect(page.text.contains("&lt;b&gt;kỷ cương&lt;/b&gt;") && !page.text.contains("<b>kỷ cương</b>"))
            // Sent to A1 only: A2 does not receive it and A1's subtree is counted.
            let d = try #require(try await Directives.find(id: id, on: app.sql))
            let rollup = try await Directives.rollup(d, focusId: f.units["A"]!.id, on: app.sql)
            #expect(rollup.total?.expected == 2 && rollup.children.map(\.unitId) == [f.units["A1"]!.id])
            // A viewer may not issue at all.
            let viewer = Browser(app)
            try await viewer.login("viewer")
            #expect(try await viewer.send(.GET, SiteURL.directiveNew.path).status == .notFound)
        }
    }

    @Test func numbersAsTyped() throws {
        #expect(try DirectiveNumber.normalize("Số: 18/KH-CĐVC").get() == "18/KH-CĐVC")
        #expect(try DirectiveNumber.normalize(" 08 - ĐA/ĐUK ").get() == "08-ĐA/ĐUK")
        #expect(try DirectiveNumber.normalize("4173/TLĐ-ToC").get() == "4173/TLĐ-ToC")
        for bad in ["", "KH-18", "18", String(repeating: "1", count: 61) + "/KH"] {
            if case .success = DirectiveNumber.normalize(bad) { Issue.record("\(bad) accepted") }
        }
    }
}
