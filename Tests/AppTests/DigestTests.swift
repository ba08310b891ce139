import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The daily digest (issue 17 item 6): what awaits each person, by e-mail in Vietnamese, once per person per day
/// even when several app servers run it at the same moment; sent to a mail server the test starts itself.
@Suite struct DigestTests {
    static func settings(_ server: LocalSMTPServer) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: server.port, tls: false, user: nil, password: nil, from: "noiguong@congdoan.vn")
    }

    /// A session for A1 today: the member is invited (to attend) and the official has its attendance to take.
    static func somethingAwaits(_ app: Application) async throws {
        let official = Browser(app)
        try await official.login("official")
        try await official.send(.GET, SiteURL.sessions.path)
        let made = try await official.send(.POST, SiteURL.sessions.path, form: [
            "unit": "A1", "theme": "Sinh hoạt chuyên đề tháng", "form": "union_meeting", "day": VNFormat.date(.today()), "time": "16:00", "place": "Hội trường",
        ])
        #expect(made.status == .seeOther)
    }

    static func setEmail(_ app: Application, _ f: Fixture, _ user: String, _ email: String) async throws {
        try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await Digests.setEmail(userId: f.users[user]!, email: email, in: tx) }
    }

    @Test(arguments: TestDB.enabled)
    func oncePerPersonPerDayAcrossServers(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await Self.somethingAwaits(app)
            try await Self.setEmail(app, f, "official", "can.bo@congdoan.vn")
            try await Self.setEmail(app, f, "member", "dao.nguyen@truong.edu.vn")
            try await Self.setEmail(app, f, "viewer", "kiem.tra@congdoan.vn")   // nothing awaits a viewer: no mail
            let server = LocalSMTPServer()
            try await server.start()
            let settings = Self.settings(server)
            let now = Date()
            // Three servers at the same moment.
            async let a = Digest.run(app: app, settings: settings, now: now)
            async let b = Digest.run(app: app, settings: settings, now: now)
            async let c = Digest.run(app: app, settings: settings, now: now)
            let outcomes = try await [a, b, c]
            #expect(outcomes.map(\.sent).reduce(0, +) == 2)
            #expect(outcomes.map(\.failed).reduce(0, +) == 0)
            #expect(server.messages.count == 2)
            #expect(Set(server.messages.flatMap(\.to)) == ["RCPT TO:<can.bo@congdoan.vn>", "RCPT TO:<dao.nguyen@truong.edu.vn>"])

            // In Vietnamese, with the items and links to them.
            let mine = try #require(server.messages.first { $0.to == ["RCPT TO:<dao.nguyen@truong.edu.vn>"] })
            #expect(mine.subject.hasPrefix("Nối gương: 1 việc đang chờ bạn (") && mine.subject.contains(VNFormat.date(.today())))
            #expect(mine.body.contains("Kính gửi member,") && mine.body.contains("Dự buổi học tập, sinh hoạt \"Sinh hoạt chuyên đề tháng\""))
            #expect(mine.body.contains("http://127.0.0.1:8080/sessions/") && mine.body.contains("/account"))
            let theirs = try #require(server.messages.first { $0.to == ["RCPT TO:<can.bo@congdoan.vn>"] })
            #expect(theirs.body.contains("Điểm danh buổi \"Sinh hoạt chuyên đề tháng\""))
            #expect(theirs.data.contains("Content-Type: text/plain; charset=UTF-8"))

            // Again the same day: nothing more. The viewer's day is recorded as having nothing to send.
            let again = try await Digest.run(app: app, settings: settings, now: now.addingTimeInterval(600))
            #expect(again == .init(sent: 0, nothing: 0, failed: 0, taken: 0))
            #expect(server.messages.count == 2)
            let day = CivilDate(now, in: CivilDate.vietnam)
            let sends = try await Digests.sends(day: day, on: app.sql)
            #expect(sends.map(\.status).sorted() == ["nothing", "sent", "sent"])
            struct N: Decodable { let n: Int }
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'digest' AND action = 'send'").first(decoding: N.self)?.n
            #expect(audited == 2)

            // The next day the session is past for the member, while its attendance still waits for the official: one mail.
            let tomorrow = now.addingTimeInterval(86_400)
            let next = try await Digest.run(app: app, settings: settings, now: tomorrow)
            #expect(next == .init(sent: 1, nothing: 2, failed: 0, taken: 0))
            #expect(server.messages.filter { $0.to == ["RCPT TO:<can.bo@congdoan.vn>"] }.count == 2)
            try await server.stop()
        }
    }

    @Test(arguments: TestDB.enabled)
    func failedSendIsTriedThreeTimesADay(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await Self.somethingAwaits(app)
            try await Self.setEmail(app, f, "official", "can.bo@congdoan.vn")
            let server = LocalSMTPServer()
            try await server.start()
            server.refuseRecipients.withLockedValue { $0 = true }
            let now = Date()
            for attempt in 1...3 {
                let o = try await Digest.run(app: app, settings: Self.settings(server), now: now)
                #expect(o.failed == 1 && o.sent == 0)
                let s = try await Digests.sends(day: CivilDate(now, in: CivilDate.vietnam), on: app.sql)
                #expect(s.count == 1 && s[0].status == "failed" && s[0].attempts == attempt && (s[0].error ?? "").contains("550"))
            }
            // A fourth try the same day is not made, even once the server accepts again.
            server.refuseRecipients.withLockedValue { $0 = false }
            #expect(try await Digest.run(app: app, settings: Self.settings(server), now: now) == .init())
            #expect(server.messages.isEmpty)
            struct N: Decodable { let n: Int }
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'digest' AND action = 'send_failed'").first(decoding: N.self)?.n == 3)
            // No mail server at all: a failure recorded, nothing thrown.
            try await server.stop()
            let tomorrow = now.addingTimeInterval(86_400)
            let down = try await Digest.run(app: app, settings: Self.settings(server), now: tomorrow)
            #expect(down.failed == 1)
        }
    }

    @Test(arguments: TestDB.enabled)
    func addressOnTheAccountPage(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let member = Browser(app)
            try await member.login("member")
            let page = try await member.send(.GET, SiteURL.account.path)
            #expect(page.text.contains("Thư tổng hợp hằng ngày") && page.text.contains("chưa được cấu hình gửi thư"))
            for bad in ["abc", "dao@truong", "dao nguyen@truong.edu.vn", "dao@truong.edu.vn\r\nBcc: ai@do.vn", "đào@trường.vn"] {
                let r = try await member.send(.POST, SiteURL.accountEmail.path, form: ["email": bad])
                #expect(r.status == .unprocessableEntity && r.text.contains("Địa chỉ thư điện tử") || r.text.contains("Tên miền"), "\(bad)")
            }
            #expect(try await Digests.email(userId: f.users["member"]!, on: app.sql) == nil)
            let ok = try await member.send(.POST, SiteURL.accountEmail.path, form: ["email": "  Dao.Nguyen@Truong.EDU.vn "])
            #expect(ok.status == .seeOther)
            #expect(try await Digests.email(userId: f.users["member"]!, on: app.sql) == "Dao.Nguyen@truong.edu.vn")
            struct A: Decodable { let summary: String }
            let audit = try await app.sql.raw("SELECT summary FROM audit_log WHERE entity = 'user' AND action = 'update' ORDER BY id DESC").first(decoding: A.self)
            #expect(audit?.summary.contains("Dao.Nguyen@truong.edu.vn") == true)
            // Empty stops the digest.
            #expect(try await member.send(.POST, SiteURL.accountEmail.path, form: ["email": ""]).status == .seeOther)
            #expect(try await Digests.email(userId: f.users["member"]!, on: app.sql) == nil)
            // Without the form's token: refused, nothing written.
            member.csrf = "sai"
            #expect(try await member.send(.POST, SiteURL.accountEmail.path, form: ["email": "x@y.vn"]).status == .forbidden)
            #expect(try await Digests.email(userId: f.users["member"]!, on: app.sql) == nil)
        }
    }

    @Test func settingsFromTheURL() throws {
        let plain = try SMTPSettings.parse("smtp://mail.congdoan.vn?from=noiguong@congdoan.vn").get()
        #expect(plain == SMTPSettings(host: "mail.congdoan.vn", port: 25, tls: false, user: nil, password: nil, from: "noiguong@congdoan.vn"))
        let tls = try SMTPSettings.parse("smtps://noiguong:m%40t-khau@mail.congdoan.vn:2465").get()
        #expect(tls.port == 2465 && tls.tls && tls.user == "noiguong" && tls.password == "m@t-khau" && tls.from == "noiguong@mail.congdoan.vn")
        let local = try SMTPSettings.parse("smtp://relay:secret@127.0.0.1:2525").get()
        #expect(local.user == "relay" && !local.tls)
        // A password over plain SMTP to another machine, a wrong scheme, a bad sender: refused with a reason.
        for bad in ["smtp://u:p@mail.congdoan.vn", "http://mail.congdoan.vn", "smtp://", "smtp://mail.vn?from=khong-hop-le"] {
            guard case .failure(let e) = SMTPSettings.parse(bad) else { Issue.record("accepted \(bad)"); continue }
            #expect(!e.description.isEmpty)
        }
    }

    @Test func messageIsPlainUTF8WithEncodedHeaders() {
        let m = MailMessage(to: "a@b.vn", toName: "Nguyễn Thị Đào", subject: "Nối gương: 2 việc", body: ".dòng bắt đầu bằng dấu chấm\nhai")
        let text = m.rendered(from: "noiguong@congdoan.vn", fromName: "Nối gương", date: Date(timeIntervalSince1970: 1_764_720_000), id: "x")
        #expect(text.contains("Subject: =?UTF-8?B?"))
        #expect(!text.contains("Nối gương: 2 việc"))   // no raw UTF-8 in the header
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 998 && !$0.hasPrefix(".") })
        #expect(text.contains("Date: Wed, 03 Dec 2025 07:00:00 +0700"))
    }
}
