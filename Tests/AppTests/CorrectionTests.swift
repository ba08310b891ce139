import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// A member's own corner: their record, their unit as a member may see it, and a correction that an official of
/// their unit approves or rejects, both steps in the register.
@Suite struct CorrectionTests {
    @Test(arguments: TestDB.enabled)
    func aMemberAsksAndAnOfficialDecides(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let member = Browser(app)
            try await member.login("member")
            let me = try await member.send(.GET, "/me")
            #expect(me.status == .ok)
            #expect(me.text.contains("Hồ sơ của tôi"))
            #expect(me.text.contains("Nguyễn Thị Đào"))
            // The unit is named with its parent, not linked: a member does not open unit pages.
            #expect(me.text.contains("Công đoàn Trường THPT Long Xuyên</strong> — Liên đoàn Lao động tỉnh An Giang"))
            #expect(!me.text.contains("href=\"/units/"))
            // Nothing changed: refused, saying so.
            let same = try await member.send(.POST, "/me/corrections", form: ["note": "x"])
            #expect(same.status == .unprocessableEntity)
            #expect(same.text.contains("Bạn chưa sửa trường nào"))
            // A wrong date is refused before it reaches anyone.
            #expect(try await member.send(.POST, "/me/corrections", form: ["birthDate": "31/02/1990"]).status == .unprocessableEntity)
            // A real correction: the record does not change until approved.
            let sent = try await member.send(.POST, "/me/corrections", form: ["birthDate": "16/03/1990", "phone": "0912 345 678", "note": "Theo CCCD"])
            #expect(sent.status == .seeOther)
            let id = f.members["mA1"]!
            #expect(try await Members.find(id: id, on: app.sql)?.birthDate == "1990-03-15")
            #expect(try await member.send(.GET, "/me").text.contains("Đang chờ duyệt"))
            // Members do not decide; another province's official cannot see it.
            #expect(try await member.send(.GET, "/corrections").status == .notFound)
            let requestId = try await app.sql.raw("SELECT id FROM correction_requests").first(decoding: IDRow.self)!.id
            let other = Browser(app)
            try await other.login("officialB")
            #expect(try await other.send(.POST, "/corrections/\(requestId)/approve", form: [:]).status == .notFound)
            #expect(!(try await other.send(.GET, "/corrections").text.contains("Nguyễn Thị Đào")))
            // The official of the unit sees what would change and approves.
            let official = Browser(app)
            try await official.login("official")
            let list = try await official.send(.GET, "/corrections")
            #expect(list.text.contains("Nguyễn Thị Đào"))
            #expect(list.text.contains("15/03/1990"))
            #expect(list.text.contains("16/03/1990"))
            #expect(try await official.send(.POST, "/corrections/\(requestId)/approve", form: [:]).status == .seeOther)
            let after = try await Members.find(id: id, on: app.sql)
            #expect(after?.birthDate == "1990-03-16")
            #expect(after?.phone == "0912345678")
            // Twice is refused.
            #expect(try await official.send(.POST, "/corrections/\(requestId)/approve", form: [:]).status == .conflict)
            // Both steps, and the change itself, are in the register.
            let actions = try await app.sql.raw("SELECT action FROM audit_log WHERE entity IN ('correction', 'member') ORDER BY id")
                .all().map { try $0.decode(column: "action", as: String.self) }
            #expect(Array(actions.suffix(3)) == ["request", "update", "approve"])
            #expect(try await member.send(.GET, "/me").text.contains("Đã duyệt"))

            // A rejection needs a reason, which the member reads.
            #expect(try await member.send(.POST, "/me/corrections", form: ["fullName": "Nguyễn Thị Đàoo"]).status == .seeOther)
            let second = try await app.sql.raw("SELECT id FROM correction_requests ORDER BY id DESC LIMIT 1").first(decoding: IDRow.self)!.id
            #expect(try await official.send(.POST, "/corrections/\(second)/reject", form: [:]).status == .unprocessableEntity)
            #expect(try await official.send(.POST, "/corrections/\(second)/reject", form: ["reason": "Tên trên CCCD không đổi"]).status == .seeOther)
            #expect(try await Members.find(id: id, on: app.sql)?.fullName == "Nguyễn Thị Đào")
            let mine = try await member.send(.GET, "/me")
            #expect(mine.text.contains("Bị từ chối"))
            #expect(mine.text.contains("Tên trên CCCD không đổi"))
        }
    }

    @Test(arguments: TestDB.enabled)
    func anAccountWithoutARecordIsToldSo(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let page = try await b.send(.GET, "/me")
            #expect(page.status == .ok)
            #expect(page.text.contains("chưa gắn với hồ sơ đoàn viên"))
        }
    }
}
