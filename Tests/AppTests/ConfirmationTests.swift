import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Nothing destructive in one tap: the first post shows what would happen, in numbers, and writes nothing.
@Suite struct ConfirmationTests {
    static func state(_ app: Application) async throws -> [String] {
        let units = try await app.sql.raw("SELECT code, status, parent_id FROM units ORDER BY code").all()
        let members = try await app.sql.raw("SELECT id, status, unit_id FROM members ORDER BY id").all()
        let periods = try await app.sql.raw("SELECT COUNT(*) AS n FROM member_periods").first(decoding: CountRow.self)!.n
        return try units.map { "\(try $0.decode(column: "code", as: String.self)) \(try $0.decode(column: "status", as: String.self)) \(try $0.decode(column: "parent_id", as: Int?.self) ?? 0)" }
            + members.map { "\(try $0.decode(column: "id", as: Int.self)) \(try $0.decode(column: "status", as: String.self)) \(try $0.decode(column: "unit_id", as: Int.self))" }
            + ["periods \(periods)"]
    }

    @Test(arguments: TestDB.enabled)
    func dissolveMergeAndMoveAskFirst(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let a1 = f.units["A1"]!
            let today = CivilDate.today().vietnamese
            let before = try await Self.state(app)
            // No reason: refused with a message, nothing written.
            let noReason = try await b.send(.POST, "/units/\(a1.id)/dissolve", form: ["date": today])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Lý do: không được để trống"))
            // The first post states the consequence in numbers and changes nothing.
            let ask = try await b.send(.POST, "/units/\(a1.id)/dissolve", form: ["date": today, "reason": "Quyết định 99/QĐ"])
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Giải thể 2 đơn vị"), "\(ask.text)")
            #expect(ask.text.contains("2 đoàn viên thôi sinh hoạt từ \(today)"), "\(ask.text)")
            #expect(ask.text.contains("name=\"confirmed\" value=\"1\""))
            #expect(try await Self.state(app) == before)
            for (route, target) in [("merge", "A2"), ("move", "A2")] {
                let page = try await b.send(.POST, "/units/\(a1.id)/\(route)", form: ["target": target, "date": today, "reason": "QĐ 5"])
                #expect(page.status == .ok)
                #expect(page.text.contains("Xác nhận"), "\(route)")
                #expect(try await Self.state(app) == before, "\(route) wrote before confirmation")
            }
            // Confirmed: done, and the register keeps the reason.
            let done = try await b.send(.POST, "/units/\(a1.id)/dissolve", form: ["date": today, "reason": "Quyết định 99/QĐ", "confirmed": "1"])
            #expect(done.status == .seeOther)
            #expect(try await Units.find(id: a1.id, on: app.sql)?.status == "dissolved")
            struct Summary: Decodable { let summary: String }
            let entry = try await app.sql.raw("SELECT summary FROM audit_log WHERE action = 'dissolve' ORDER BY id DESC LIMIT 1").first(decoding: Summary.self)
            #expect(entry?.summary.contains("Lý do: Quyết định 99/QĐ") == true)
        }
    }

    /// A member's status, a role, an account and an API token: each asks first, in words and numbers, and keeps the reason.
    @Test(arguments: TestDB.enabled)
    func statusRoleAccountAndTokenAskFirst(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            struct Summary: Decodable { let summary: String }
            func lastSummary(_ action: String) async throws -> String? {
                try await app.sql.raw("SELECT summary FROM audit_log WHERE action = \(bind: action) ORDER BY id DESC LIMIT 1").first(decoding: Summary.self)?.summary
            }
            // Member status.
            let member = f.members["mA1"]!
            let statusPath = "/members/\(member)/status"
            let ask = try await b.send(.POST, statusPath, form: ["status": "left", "date": "01/06/2025"])
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Từ 01/06/2025, Nguyễn Thị Đào chuyển từ «Đang sinh hoạt» sang «Đã ra khỏi tổ chức»."), "\(ask.text)")
            #expect(ask.text.contains("không còn được tính là đoàn viên của Công đoàn Trường THPT Long Xuyên"))
            #expect(ask.text.contains("name=\"reason\" required"))
            #expect(try await Members.find(id: member, on: app.sql)?.status == "active")
            // Confirmed without a reason is refused; with one it is done and the reason kept.
            #expect(try await b.send(.POST, statusPath, form: ["status": "left", "date": "01/06/2025", "confirmed": "1"]).status == .unprocessableEntity)
            #expect(try await b.send(.POST, statusPath, form: ["status": "left", "date": "01/06/2025", "confirmed": "1", "reason": "Nghỉ việc"]).status == .seeOther)
            #expect(try await Members.find(id: member, on: app.sql)?.status == "left")
            #expect(try await lastSummary("status")?.contains("Lý do: Nghỉ việc") == true)
            // A date that does not exist is named as such, before any confirmation.
            let bad = try await b.send(.POST, "/members/\(f.members["mA1a"]!)/status", form: ["status": "left", "date": "31/02/2025"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("không có thật: tháng 2 năm 2025 chỉ có 28 ngày"), "\(bad.text)")

            // Revoking a role: the viewer's only role.
            let viewer = f.users["viewer"]!
            let grant = try await app.sql.raw("SELECT id FROM role_grants WHERE user_id = \(bind: viewer) AND valid_to IS NULL").first(decoding: IDRow.self)!.id
            let askRevoke = try await b.send(.POST, "/users/\(viewer)/roles/revoke", form: ["grant": String(grant)])
            #expect(askRevoke.status == .ok)
            #expect(askRevoke.text.contains("Đây là vai trò duy nhất"), "\(askRevoke.text)")
            #expect(try await app.sql.raw("SELECT id FROM role_grants WHERE id = \(bind: grant) AND valid_to IS NULL").first(decoding: IDRow.self) != nil)
            #expect(try await b.send(.POST, "/users/\(viewer)/roles/revoke", form: ["grant": String(grant), "confirmed": "1", "reason": "Chuyển công tác"]).status == .seeOther)
            #expect(try await app.sql.raw("SELECT id FROM role_grants WHERE id = \(bind: grant) AND valid_to IS NULL").first(decoding: IDRow.self) == nil)
            #expect(try await lastSummary("revoke")?.contains("Lý do: Chuyển công tác") == true)

            // Locking an account says what ends with it.
            let secretary = f.users["secretary"]!
            let askLock = try await b.send(.POST, "/users/\(secretary)/status", form: ["active": "0"])
            #expect(askLock.status == .ok)
            #expect(askLock.text.contains("không đăng nhập được nữa"))
            #expect(askLock.text.contains("phiên đăng nhập đang mở bị đóng ngay"))
            #expect(try await Accounts.users(on: app.sql).first { $0.id == secretary }?.status == "active")
            #expect(try await b.send(.POST, "/users/\(secretary)/status", form: ["active": "0", "confirmed": "1", "reason": "Nghỉ hưu"]).status == .seeOther)
            #expect(try await Accounts.users(on: app.sql).first { $0.id == secretary }?.status == "disabled")
            // Unlocking needs no confirmation.
            #expect(try await b.send(.POST, "/users/\(secretary)/status", form: ["active": "1"]).status == .seeOther)

            // An API token.
            let tokenId = try await app.sql.raw("""
                INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (\(bind: f.users["official"]!), 'Báo cáo tỉnh', 'h1', 'ng_ab', '2026-01-01T00:00:00Z')
                RETURNING id
                """).first(decoding: IDRow.self)!.id
            let askToken = try await b.send(.POST, "/account/tokens/\(tokenId)/revoke", form: [:])
            #expect(askToken.status == .ok)
            #expect(askToken.text.contains("Mọi chương trình đang dùng mã «Báo cáo tỉnh»"))
            #expect(try await Tokens.list(of: f.users["official"]!, on: app.sql).first?.revokedAt == nil)
            #expect(try await b.send(.POST, "/account/tokens/\(tokenId)/revoke", form: ["confirmed": "1"]).status == .seeOther)
            #expect(try await Tokens.list(of: f.users["official"]!, on: app.sql).first?.revokedAt != nil)
        }
    }
}
