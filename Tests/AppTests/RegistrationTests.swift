import Domain
import Foundation
import NIOCore
import SQLKit
import Testing
import VaporTesting
@testable import App
import Spreadsheet

/// Registrations (issue 16): every step by every role, allowed and refused, on both databases; flags kept with the
/// registration; every version kept; the appraisal tied to the secretary's grant; evidence files checked by content;
/// coverage counted where members stood on the round's date; the paper form.
@Suite struct RegistrationTests {
    /// A round held by province A, open today, self-assessments open.
    static func round(_ app: Application, _ f: Fixture, unit: String = "A") async throws -> Rounds.Row {
        let today = CivilDate.today()
        let id = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
            try await Rounds.create(.init(programmeId: 1, year: today.year, unitId: f.units[unit]!.id, opensOn: today.adding(days: -10),
                                          closesOn: today.adding(days: 20), midyearOn: today.adding(days: -5), yearendOn: today, theme: "Chủ đề thử"), in: tx)
        }
        return try await Rounds.find(id: id, on: app.sql)!
    }

    struct State: Decodable { let status: String; let version: Int; let flagCount: Int; let onBehalf: Int; let appraisalGrantId: Int? }

    static func state(_ app: Application, _ id: Int) async throws -> State {
        try await app.sql.raw("SELECT status, version, flag_count, on_behalf, appraisal_grant_id FROM registrations WHERE id = \(bind: id)")
            .first(decoding: State.self, with: snakeCase)!
    }

    static func registrationId(_ app: Application, member: Int) async throws -> Int? {
        try await app.sql.raw("SELECT id FROM registrations WHERE member_id = \(bind: member) ORDER BY id DESC").first(decoding: IDRow.self)?.id
    }

    static func upload(_ b: Browser, _ path: String, note: String, fileName: String, bytes: [UInt8]) async throws -> TestingHTTPResponse {
        try await b.upload(path, fields: ["note": note], fileName: fileName, bytes: bytes)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]
    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    @Test(arguments: TestDB.enabled)
    func workflowByEveryRole(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            let member = Browser(app), secretary = Browser(app), official = Browser(app), viewer = Browser(app), other = Browser(app), admin = Browser(app)
            for (b, name) in [(member, "member"), (secretary, "secretary"), (official, "official"), (viewer, "viewer"), (other, "officialB"), (admin, "admin")] {
                try await b.login(name)
            }
            let register = SiteURL.roundRegister(.id(round.id)).path
            // The member sends a vague action: flagged, and sent all the same.
            try await member.send(.GET, register)
            let sent = try await member.send(.POST, register, form: ["member": String(f.members["mA1"]!), "action1": "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh", "submit": "1"])
            #expect(sent.status == .seeOther, "\(sent.text.prefix(400))")
            let id = try #require(try await Self.registrationId(app, member: f.members["mA1"]!))
            var s = try await Self.state(app, id)
            #expect(s.status == "submitted" && s.version == 1 && s.flagCount > 0 && s.onBehalf == 0)
            let flags = try await Registrations.actions(of: [id], on: app.sql)[id]!.first!.decodedFlags
            #expect(flags.contains { $0.code == .vague })
            let url = SiteURL.registration(.id(id)).path
            // Reading: the cell, the unit's officials and viewers, the admin; not another province.
            for b in [member, secretary, official, viewer, admin] { #expect(try await b.send(.GET, url).status == .ok) }
            #expect(try await other.send(.GET, url).status == .notFound)
            // Appraisal is the secretary's alone; out of scope is a 404.
            for b in [member, official, viewer, admin] {
                try await b.send(.GET, url)
                #expect(try await b.send(.POST, url + "/approve", form: [:]).status == .forbidden)
            }
            try await other.send(.GET, "/account")
            #expect(try await other.send(.POST, url + "/approve", form: [:]).status == .notFound)
            // Returning needs a reason.
            try await secretary.send(.GET, url)
            #expect(try await secretary.send(.POST, url + "/return", form: ["reason": " "]).status == .unprocessableEntity)
            #expect(try await secretary.send(.POST, url + "/return", form: ["reason": "Chưa cụ thể, chưa gắn với nhiệm vụ"]).status == .seeOther)
            s = try await Self.state(app, id)
            #expect(s.status == "returned")
            struct Event: Decodable { let step: String; let grantId: Int? }
            let events = try await app.sql.raw("SELECT step, grant_id FROM registration_events WHERE registration_id = \(bind: id) ORDER BY id")
                .all(decoding: Event.self, with: snakeCase)
            let grant = try await app.sql.raw("SELECT id FROM role_grants WHERE user_id = \(bind: f.users["secretary"]!)").first(decoding: IDRow.self)!.id
            #expect(events.last?.step == "return" && events.last?.grantId == grant)
            // A returned registration cannot be approved until it is sent again.
            #expect(try await secretary.send(.POST, url + "/approve", form: [:]).status == .conflict)
            // The member comments and revises: version 2, both versions kept.
            try await member.send(.GET, url)
            #expect(try await member.send(.POST, url + "/comments", form: ["body": "Em xin sửa ngay"]).status == .seeOther)
            try await member.send(.GET, register)
            let revised = try await member.send(.POST, register, form: ["member": String(f.members["mA1"]!), "action1": "Số hóa 100% hồ sơ lưu trữ năm 2024 của phòng",
                                                                         "result1": "100% hồ sơ tra cứu được", "deadline1": "trước 30/9", "submit": "1"])
            #expect(revised.status == .seeOther)
            s = try await Self.state(app, id)
            #expect(s.status == "submitted" && s.version == 2)
            let versions = try await app.sql.raw("SELECT COUNT(*) AS n FROM registration_versions WHERE registration_id = \(bind: id)").first(decoding: CountRow.self)!.n
            #expect(versions == 2)
            // Approved by the secretary holding the grant today.
            try await secretary.send(.GET, url)
            #expect(try await secretary.send(.POST, url + "/approve", form: [:]).status == .seeOther)
            s = try await Self.state(app, id)
            #expect(s.status == "approved" && s.appraisalGrantId == grant)
            #expect(try await secretary.send(.POST, url + "/approve", form: [:]).status == .conflict)
            // Progress and evidence: checked by content, not by name.
            try await member.send(.GET, url)
            let progress = url + "/progress"
            #expect(try await Self.upload(member, progress, note: "a", fileName: "bao-cao.pdf", bytes: Self.png).status == .unsupportedMediaType)
            #expect(try await Self.upload(member, progress, note: "a", fileName: "anh.gif", bytes: Array("GIF89a....".utf8)).status == .unsupportedMediaType)
            #expect(try await Self.upload(member, progress, note: "a", fileName: "to.pdf", bytes: Self.pdf + [UInt8](repeating: 0x20, count: Evidence.maxBytes)).status == .payloadTooLarge)
            #expect(try await Self.upload(member, progress, note: "Đã số hóa một nửa", fileName: "bao-cao.pdf", bytes: Self.pdf).status == .seeOther)
            let file = try await app.sql.raw("SELECT id FROM stored_files ORDER BY id DESC").first(decoding: IDRow.self)!.id
            let download = try await member.send(.GET, SiteURL.file(.id(file)).path)
            #expect(download.status == .ok && download.headers.contentType?.description.hasPrefix("application/pdf") == true)
            #expect(download.headers.first(name: .contentDisposition)?.contains("bao-cao.pdf") == true)
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(try await other.send(.GET, SiteURL.file(.id(file)).path).status == .notFound)
            #expect(try await viewer.send(.GET, SiteURL.file(.id(file)).path).status == .ok)
            // Progress is the member's (or an official's on their behalf), not the secretary's.
            try await secretary.send(.GET, url)
            #expect(try await secretary.send(.POST, progress, form: ["note": "x"]).status == .forbidden)
            // Self-assessments: mid-year, then year end, once each.
            try await member.send(.GET, url)
            #expect(try await member.send(.POST, url + "/assess", form: ["period": "midyear", "outcome": "partly", "achieved": "Được một nửa"]).status == .seeOther)
            #expect(try await member.send(.POST, url + "/assess", form: ["period": "midyear", "outcome": "done", "achieved": "Lại"]).status == .conflict)
            #expect(try await member.send(.POST, url + "/assess", form: ["period": "yearend", "outcome": "bogus", "achieved": "x"]).status == .unprocessableEntity)
            #expect(try await member.send(.POST, url + "/assess", form: ["period": "yearend", "outcome": "done", "achieved": "Xong cả"]).status == .seeOther)
            #expect(try await Self.state(app, id).status == "completed")
            // Every step is in the register.
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'registration' AND entity_id = \(bind: id)").first(decoding: CountRow.self)!.n
            #expect(audited >= 9)
            // The paper form.
            let docx = try await member.send(.GET, url + "/form.docx")
            #expect(docx.status == .ok && docx.headers.contentType?.description.contains("wordprocessingml") == true)
            let bytes = Array(docx.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && String(decoding: bytes, as: UTF8.self).contains("word/document.xml"))
            #expect(try await member.send(.GET, url + "/print").text.contains("BẢN ĐĂNG KÝ"))
        }
    }

    @Test(arguments: TestDB.enabled)
    func onBehalfClosedRoundsAndScope(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            let register = SiteURL.roundRegister(.id(round.id)).path
            let official = Browser(app), viewer = Browser(app), secretary = Browser(app), other = Browser(app)
            for (b, name) in [(official, "official"), (viewer, "viewer"), (secretary, "secretary"), (other, "officialB")] { try await b.login(name) }
            // An official enters for a member who never logs in: recorded as such.
            try await official.send(.GET, register)
            let body = ["member": String(f.members["mA1a"]!), "action1": "Số hóa 100% hồ sơ văn thư năm 2024", "result1": "100%", "deadline1": "30/9", "submit": "1"]
            #expect(try await official.send(.POST, register, form: body).status == .seeOther)
            let id = try #require(try await Self.registrationId(app, member: f.members["mA1a"]!))
            #expect(try await Self.state(app, id).onBehalf == 1)
            let summary = try await app.sql.raw("SELECT summary FROM audit_log WHERE entity = 'registration' AND entity_id = \(bind: id) ORDER BY id")
                .all(decoding: SummaryRow.self).map(\.summary).joined(separator: " | ")
            #expect(summary.contains("nhập thay"))
            // Neither a viewer nor a secretary enters for anyone; another province's official cannot see the round.
            for b in [viewer, secretary] {
                try await b.send(.GET, "/account")
                #expect(try await b.send(.POST, register, form: body).status == .notFound)
            }
            try await other.send(.GET, "/account")
            #expect(try await other.send(.POST, register, form: body).status == .notFound)
            #expect(try await other.send(.GET, SiteURL.round(.id(round.id)).path).status == .notFound)
            // A member outside the round's subtree cannot be registered in it.
            let roundB = try await Self.round(app, f, unit: "B")
            try await official.send(.GET, "/account")
            let outside = try await official.send(.POST, SiteURL.roundRegister(.id(roundB.id)).path, form: body)
            #expect(outside.status == .notFound)
            // After the round closes, no new registration; after the year end, no more edits.
            app.clock = .on(round.calendar.closesOn.adding(days: 1))
            try await official.login("official")
            let late = try await official.send(.POST, register, form: ["member": String(f.members["mA2"]!), "action1": "Rà soát 100% hồ sơ", "submit": "0"])
            #expect(late.status == .conflict && late.text.contains("không nhận bản đăng ký mới"))
        }
    }

    struct SummaryRow: Decodable { let summary: String }

    @Test(arguments: TestDB.enabled)
    func coverageCountsWhereMembersStoodAndDuplicatesAreFlagged(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            func save(_ key: String, _ action: String, submit: Bool = true) async throws -> Int {
                let memberId = f.members[key]!
                return try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    try await Registrations.save(round: round, memberId: memberId, draft: .init(actions: [.init(action: action, dutyId: nil, result: "100%", deadline: "30/9")],
                                                 shortcomings: ""), submit: submit, capacities: [.owner], in: tx)
                }
            }
            let a = try await save("mA1", "Số hóa 120 hồ sơ lưu trữ của phòng")
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.appraise(a, approve: true, reason: nil, by: .system([.secretary], grantId: nil, name: "Bí thư"), in: tx)
            }
            _ = try await save("mA2", "Rà soát quy trình tiếp nhận hồ sơ", submit: false)
            // A near-copy in the same unit and year: another member of A1.
            let input = MemberInput(fullName: "Đỗ Văn Cường", birthDate: "01/02/1988", gender: "Nam", ethnicity: "Kinh", citizenID: "001088000009",
                                    unitCode: "A1", unionJoinDate: "01/09/2015", education: "Đại học")
            guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { Issue.record("invalid"); return }
            let unitA1 = f.units["A1"]!.id
            let copier = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.create(draft, unitId: unitA1, on: CivilDate(year: 2020, month: 1, day: 1)!, in: tx)
            }
            let copy = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.save(round: round, memberId: copier, draft: .init(actions: [.init(action: "hồ sơ lưu trữ của phòng: số hoá 95", dutyId: nil, result: "", deadline: "")],
                                             shortcomings: ""), submit: true, capacities: [.owner], in: tx)
            }
            let copyFlags = try await Registrations.actions(of: [copy], on: app.sql)[copy]!.first!.decodedFlags
            #expect(copyFlags.contains { $0.code == .duplicate })
            // Coverage on the round's date: A has mA1, mA1a, mA2 and the new member; one approved.
            let total = try #require(try await Coverage.total(round: round, unitId: f.units["A"]!.id, on: app.sql))
            #expect(total.expected == 4 && total.approved == 1 && total.submitted == 1)
            let lines = try await Coverage.children(round: round, unitId: f.units["A"]!.id, on: app.sql)
            let byName = Dictionary(uniqueKeysWithValues: lines.map { ($0.unitId, $0) })
            #expect(byName[f.units["A1"]!.id]?.expected == 3 && byName[f.units["A1"]!.id]?.approved == 1)
            #expect(byName[f.units["A2"]!.id]?.expected == 1 && byName[f.units["A2"]!.id]?.approved == 0)
            // A move after the round's date does not change it.
            let mover = try await Members.find(id: f.members["mA2"]!, on: app.sql)!
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.transfer(memberId: mover.id, to: unitA1, on: round.asOfDate.adding(days: 1), in: tx)
            }
            let after = try await Coverage.children(round: round, unitId: f.units["A"]!.id, on: app.sql)
            #expect(after.first { $0.unitId == f.units["A2"]!.id }?.expected == 1)
            let missing = try await Coverage.missing(round: round, unitId: f.units["A"]!.id, after: nil, on: app.sql)
            #expect(Set(missing.map(\.id)) == Set([f.members["mA1a"]!, f.members["mA2"]!, copier]))
            // The desk: the secretary of Chi bộ A1 sees the flagged copy first.
            let queue = try await Registrations.queue(cells: [f.units["A1"]!.partyCellId!], on: app.sql)
            #expect(queue.first?.id == copy)
        }
    }
}

extension RegistrationTests {
    /// The import is all or nothing, line by line, as the member import.
    @Test(arguments: TestDB.enabled)
    func importOfRegistrations(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            let official = Browser(app)
            try await official.login("official")
            let template = try await official.send(.GET, SiteURL.roundImportTemplate(.id(round.id)).path)
            #expect(template.status == .ok && Array(template.body.readableBytesView).starts(with: [0x50, 0x4B]))
            // The template lists the round's members the official may enter for, one row each, in name order.
            let listed = try XLSXReader.read(Data(template.body.readableBytesView)).rows
            #expect(listed.first?.cells.map(\.text) == RegistrationImport.headers)
            #expect(listed.dropFirst().map { $0.cells.first?.text ?? "" }.sorted() == ["001090000002", "001090000003", "001190000001"], "\(listed)")
            let header = RegistrationImport.headers.joined(separator: ";")
            func csv(_ lines: [String]) -> Data { Data(([header] + lines).joined(separator: "\n").utf8) }
            var actor = Actor(userId: f.users["official"]!, username: "official", address: nil, scope: Scope(admin: false), clock: app.clock)
            let p = try await Principals.load(userId: f.users["official"]!, via: .token(id: 0), today: .today(), on: app.sql)!
            actor.scope = p.scope
            // One bad line (a member of province B; an unknown number; an empty action): nothing written, each line named.
            let bad = try await RegistrationImport.run(round: round, data: csv([
                "001190000001;Nguyễn Thị Đào;Số hóa 100% hồ sơ lưu trữ;;100%;30/9;;;;;x",
                "001190000004;Phạm Thị Hà;Rà soát quy trình;;;;;;;;x",
                "999999999999;;Làm gì đó;;;;;;;;",
                "001090000002;Trần Văn Bình;;;100%;;;;;;",
            ]), fileName: "dk.csv", actor: actor, apply: true, on: app.db)
            #expect(!bad.ok && bad.problems.map(\.line) == [3, 4, 5], "\(bad.problems)")
            let none = try await app.sql.raw("SELECT COUNT(*) AS n FROM registrations").first(decoding: CountRow.self)!.n
            #expect(none == 0)
            // A clean file: written, on behalf, sent when the last column says so. Its header sits under the sheet's
            // title, as officials keep it.
            let good = try await RegistrationImport.run(round: round, data: Data(["BẢN ĐĂNG KÝ VIỆC LÀM CỤ THỂ NĂM 2026", header,
                "001190000001;Nguyễn Thị Đào;Số hóa 100% hồ sơ lưu trữ năm 2024;;100% hồ sơ;30/9;;;;;x",
                "001090000002;Trần Văn Bình;Rà soát 100% quy trình văn thư;;100%;31/10;;;;;",
                "001090000003;Lê Văn Ân;;Tham mưu;;;;;;;",
            ].joined(separator: "\n").utf8), fileName: "dk.csv", actor: actor, apply: true, on: app.db)
            #expect(good.ok && good.applied && good.created == 2 && good.rows == 3 && good.unchanged == 1, "\(good.problems)")
            #expect(good.lines().first?.contains("1 để trống (chưa đăng ký)") == true)
            struct Row: Decodable { let status: String; let onBehalf: Int }
            let rows = try await app.sql.raw("SELECT status, on_behalf FROM registrations ORDER BY member_id").all(decoding: Row.self, with: snakeCase)
            #expect(rows.map(\.status) == ["submitted", "draft"] && rows.allSatisfy { $0.onBehalf == 1 })
            // Through the page, as a job: a file with a problem is a 422 with the line named and nothing to confirm.
            let page = try await official.upload(SiteURL.roundImport(.id(round.id)).path, fileName: "dk.csv", bytes: Array(csv(["999999999999;;Làm gì đó;;;;;;;;"])))
            #expect(page.status == .unprocessableEntity && page.text.contains("Dòng 2:") && !page.text.contains("/confirm"))
            // A clean file is checked, then written once confirmed; the report names the round.
            let checked = try await official.upload(SiteURL.roundImport(.id(round.id)).path, fileName: "dk.csv", bytes: Array(csv([
                "001090000002;Trần Văn Bình;Rà soát 100% quy trình văn thư và lưu trữ;;100%;31/10;;;;;x",
                "001090000003;Lê Văn Ân;Lập sổ theo dõi công văn đến;;100%;31/10;;;;;",
            ])))
            #expect(checked.status == .ok && checked.text.contains("Kiểm tra xong 2 dòng bản đăng ký") && checked.text.contains(round.title), "\(checked.text.prefix(2000))")
            let batch = try #require(try await app.sql.raw("SELECT id FROM import_batches WHERE kind = 'registrations' AND status = 'validated'").first(decoding: IDRow.self))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM registrations").first(decoding: CountRow.self)!.n == 2)
            let written = try await official.send(.POST, SiteURL.importConfirm(.id(batch.id)).path, form: [:])
            #expect(written.status == .ok && written.text.contains("Đã ghi 2 dòng bản đăng ký") && written.text.contains("1 mới, 1 sửa lại"), "\(written.text.prefix(2000))")
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM registrations").first(decoding: CountRow.self)!.n == 3)
            // Someone else's batch is not theirs to see or confirm.
            let other = Browser(app)
            try await other.login("admin")
            #expect(try await other.send(.GET, SiteURL.importBatch(.id(batch.id)).path).status == .notFound)
        }
    }
}

extension RegistrationTests {
    /// A collective model: proposed by the union, commented by its members, agreed by the union, confirmed by the
    /// Party committee (the cell's secretary), joined by members; each step by the wrong person is refused.
    @Test(arguments: TestDB.enabled)
    func collectiveModel(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            let official = Browser(app), member = Browser(app), secretary = Browser(app), viewer = Browser(app), other = Browser(app)
            for (b, name) in [(official, "official"), (member, "member"), (secretary, "secretary"), (viewer, "viewer"), (other, "officialB")] { try await b.login(name) }
            try await member.send(.GET, "/account")
            #expect(try await member.send(.POST, SiteURL.roundModels(.id(round.id)).path, form: ["unit": "A1", "name": "x", "description": "y"]).status == .notFound)
            try await official.send(.GET, "/account")
            let made = try await official.send(.POST, SiteURL.roundModels(.id(round.id)).path,
                                               form: ["unit": "A1", "name": "Công sở không giấy", "description": "Số hóa toàn bộ văn bản đi, đến; họp không giấy"])
            #expect(made.status == .seeOther)
            let id = try await app.sql.raw("SELECT id FROM collective_models").first(decoding: IDRow.self)!.id
            let url = SiteURL.model(.id(id)).path
            #expect(try await other.send(.GET, url).status == .notFound)
            // The unit's member comments; joining waits for the agreement; the committee cannot confirm before it.
            try await member.send(.GET, url)
            #expect(try await member.send(.POST, url + "/comments", form: ["body": "Nên bắt đầu từ văn bản đến"]).status == .seeOther)
            #expect(try await member.send(.POST, url + "/join", form: [:]).status == .conflict)
            #expect(try await member.send(.POST, url + "/agree", form: [:]).status == .forbidden)
            try await secretary.send(.GET, url)
            #expect(try await secretary.send(.POST, url + "/confirm", form: [:]).status == .conflict)
            try await official.send(.GET, url)
            #expect(try await official.send(.POST, url + "/agree", form: [:]).status == .seeOther)
            #expect(try await official.send(.POST, url + "/confirm", form: [:]).status == .forbidden)
            #expect(try await secretary.send(.POST, url + "/confirm", form: ["note": "Cấp ủy theo dõi hằng quý"]).status == .seeOther)
            #expect(try await member.send(.POST, url + "/join", form: [:]).status == .seeOther)
            #expect(try await member.send(.POST, url + "/join", form: [:]).status == .conflict)
            try await viewer.send(.GET, url)
            #expect(try await viewer.send(.POST, url + "/comments", form: ["body": "x"]).status == .forbidden)
            struct M: Decodable { let status: String; let confirmationGrantId: Int? }
            let m = try await app.sql.raw("SELECT status, confirmation_grant_id FROM collective_models WHERE id = \(bind: id)").first(decoding: M.self, with: snakeCase)!
            let grant = try await app.sql.raw("SELECT id FROM role_grants WHERE user_id = \(bind: f.users["secretary"]!)").first(decoding: IDRow.self)!.id
            #expect(m.status == "confirmed" && m.confirmationGrantId == grant)
            let page = try await member.send(.GET, url)
            #expect(page.text.contains("Nguyễn Thị Đào") && page.text.contains("Cấp ủy theo dõi hằng quý"))
            #expect(try await official.send(.GET, SiteURL.round(.id(round.id)).path).text.contains("Công sở không giấy"))
        }
    }
}

extension RegistrationTests {
    /// A registration sent is public to the Party cell: another member of the cell finds it on the round page, reads
    /// it and comments; a draft stays private; a member of another cell does not see it.
    @Test(arguments: TestDB.enabled)
    func publicToTheCell(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            let input = MemberInput(fullName: "Đỗ Văn Cường", birthDate: "01/02/1988", gender: "Nam", ethnicity: "Kinh", citizenID: "001088000009",
                                    unitCode: "A1", unionJoinDate: "01/09/2015", education: "Đại học")
            guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { Issue.record("invalid"); return }
            let unitA1 = f.units["A1"]!.id
            let colleague = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.create(draft, unitId: unitA1, on: CivilDate(year: 2020, month: 1, day: 1)!, in: tx)
            }
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Accounts.create(username: "cuong", password: Fixture.password, displayName: "Đỗ Văn Cường",
                                          grant: .init(role: .member, memberId: colleague), in: tx, cost: 4, app: app)
            }
            func save(_ key: String, submit: Bool) async throws -> Int {
                let memberId = f.members[key]!
                return try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    try await Registrations.save(round: round, memberId: memberId, draft: .init(actions: [.init(action: "Số hóa 100% hồ sơ lưu trữ", dutyId: nil,
                                                 result: "100%", deadline: "30/9")], shortcomings: ""), submit: submit, capacities: [.owner], in: tx)
                }
            }
            let sent = try await save("mA1", submit: true)
            let draftId = try await save("mA1a", submit: false)
            let cuong = Browser(app)
            try await cuong.login("cuong")
            let page = try await cuong.send(.GET, SiteURL.round(.id(round.id)).path)
            #expect(page.status == .ok && page.text.contains("Nguyễn Thị Đào") && !page.text.contains("Trần Văn Bình"))
            #expect(try await cuong.send(.GET, SiteURL.registration(.id(sent)).path).status == .ok)
            #expect(try await cuong.send(.POST, SiteURL.registrationComments(.id(sent)).path, form: ["body": "Chị nên ghi rõ số hồ sơ"]).status == .seeOther)
            #expect(try await cuong.send(.GET, SiteURL.registration(.id(draftId)).path).status == .notFound)
            // A member of another province's cell sees none of it.
            let outsider = Browser(app)
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Accounts.create(username: "pham.ha", password: Fixture.password, displayName: "Phạm Thị Hà",
                                          grant: .init(role: .member, memberId: f.members["mB1"]!), in: tx, cost: 4, app: app)
            }
            try await outsider.login("pham.ha")
            #expect(try await outsider.send(.GET, SiteURL.registration(.id(sent)).path).status == .notFound)
        }
    }
}

extension RegistrationTests {
    /// Several members send their registrations at the same moment, and a secretary appraises while they do: every
    /// write succeeds, none is lost.
    @Test(arguments: TestDB.enabled)
    func concurrentRegistrations(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            let first = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.save(round: round, memberId: f.members["mA1"]!, draft: .init(actions: [.init(action: "Số hóa 100% hồ sơ lưu trữ", dutyId: nil,
                                             result: "100%", deadline: "30/9")], shortcomings: ""), submit: true, capacities: [.owner], in: tx)
            }
            let others = ["mA1a", "mA2"].map { f.members[$0]! }
            let ids = try await withThrowingTaskGroup(of: Int.self) { group in
                for (i, member) in others.enumerated() {
                    group.addTask {
                        try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                            try await Registrations.save(round: round, memberId: member, draft: .init(actions: [.init(action: "Rà soát \(i + 1)0 quy trình của phòng", dutyId: nil,
                                                         result: "100%", deadline: "31/10")], shortcomings: ""), submit: false, capacities: [.owner], in: tx)
                        }
                    }
                }
                group.addTask {
                    try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                        try await Registrations.appraise(first, approve: true, reason: nil, by: .system([.secretary], grantId: nil, name: "Bí thư"), in: tx)
                    }
                    return first
                }
                var out: [Int] = []
                for try await id in group { out.append(id) }
                return out
            }
            #expect(Set(ids).count == 3)
            let n = try await app.sql.raw("SELECT COUNT(*) AS n FROM registrations WHERE status = 'draft'").first(decoding: CountRow.self)!.n
            #expect(n == 2)
            #expect(try await Self.state(app, first).status == "approved")
        }
    }

    /// A draft for each of the fixture's three members of province A (Đào, Bình, Ân).
    static func draftsOfThree(_ app: Application, _ f: Fixture, round: Rounds.Row) async throws {
        for key in ["mA1", "mA1a", "mA2"] {
            let memberId = f.members[key]!
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.save(round: round, memberId: memberId, draft: .init(actions: [.init(action: "Số hóa 120 hồ sơ lưu trữ của phòng",
                                             dutyId: nil, result: "100%", deadline: "30/9")], shortcomings: ""), submit: false, capacities: [.owner], in: tx)
            }
        }
    }

    /// The API's list pages through a round in name order: `next` until the last page, a bad cursor is a 400.
    @Test(arguments: TestDB.enabled)
    func theAPIListPagesByCursor(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            try await Self.draftsOfThree(app, f, round: round)
            // Drafts, which the unit's official reads.
            let b = Browser(app)
            try await b.login("official")
            struct Page: Decodable { struct Item: Decodable { let memberName: String }; let items: [Item]; let next: String? }
            var names: [String] = [], next: String? = nil, pages = 0
            repeat {
                let path = SiteURL.api(.roundRegistrations(.id(round.id))).with([("limit", "2")] + (next.map { [("after", $0)] } ?? []))
                let response = try await b.send(.GET, path)
                #expect(response.status == .ok)
                let page = try JSONDecoder().decode(Page.self, from: Data(response.text.utf8))
                names += page.items.map(\.memberName)
                next = page.next
                pages += 1
            } while next != nil && pages < 5
            // Given names in Vietnamese order: Ân, Bình, Đào.
            #expect(names == ["Lê Văn Ân", "Trần Văn Bình", "Nguyễn Thị Đào"])
            #expect(pages == 2)
            #expect(try await b.send(.GET, SiteURL.api(.roundRegistrations(.id(round.id))).with([("after", "???")])).status == .badRequest)
        }
    }

    /// A round's list in name order comes the same by either way to it (the round read in name order, or the unit's
    /// part read by path and sorted), each through its index; a member's new name moves their registration.
    @Test(arguments: TestDB.enabled)
    func listInNameOrderEitherWay(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let round = try await Self.round(app, f)
            try await Self.draftsOfThree(app, f, round: round)
            let range = f.units["A"]!.subtree
            func names(wideFrom: Int, after: MemberFilter.Cursor? = nil) async throws -> [String] {
                try await Registrations.list(round: round.id, range: range, status: nil, includeDrafts: true, after: after, wideFrom: wideFrom, on: app.sql).map(\.memberName)
            }
            #expect(try await Registrations.manyUnder(round: round.id, range: range, than: 3, on: app.sql))
            #expect(!(try await Registrations.manyUnder(round: round.id, range: range, than: 4, on: app.sql)))
            let narrow = try await names(wideFrom: 1_000), wide = try await names(wideFrom: 1)
            #expect(narrow == ["Lê Văn Ân", "Trần Văn Bình", "Nguyễn Thị Đào"] && wide == narrow)
            let first = try #require(try await Registrations.list(round: round.id, range: range, status: nil, includeDrafts: true, limit: 1, on: app.sql).first)
            let cursor = MemberFilter.Cursor(sortKey: first.memberSortKey, id: first.memberId)
            #expect(try await names(wideFrom: 1, after: cursor) == ["Trần Văn Bình", "Nguyễn Thị Đào"])
            #expect(try await names(wideFrom: 1_000, after: cursor) == ["Trần Văn Bình", "Nguyễn Thị Đào"])
            // Đào is renamed Vũ Thị Yến: the registration's sort key follows the member's, by the trigger.
            try await app.sql.raw("UPDATE members SET full_name = 'Vũ Thị Yến', sort_key = \(bind: VietnameseText.nameSortKey(fullName: "Vũ Thị Yến")) WHERE id = \(bind: f.members["mA1"]!)").run()
            let renamed = try await names(wideFrom: 1)
            #expect(renamed == ["Lê Văn Ân", "Trần Văn Bình", "Vũ Thị Yến"])
            #expect(try await names(wideFrom: 1_000) == renamed)
            // Each way through its own index.
            let widePlan = try await HistoryTests.plan(Registrations.listQuery(round: round.id, range: range, status: nil, includeDrafts: true, after: nil, limit: 100, wide: true), db: db, app: app)
            #expect(widePlan.contains("registrations_by_name"), "\(widePlan)")
            if db == .sqlite {
                let narrowPlan = try await HistoryTests.plan(Registrations.listQuery(round: round.id, range: range, status: nil, includeDrafts: true, after: nil, limit: 100, wide: false), db: db, app: app)
                #expect(narrowPlan.contains("registrations_unit") || narrowPlan.contains("registrations_member"), "\(narrowPlan)")
            }
        }
    }
}
