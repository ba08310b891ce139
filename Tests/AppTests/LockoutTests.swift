import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Nobody locks themselves out, and the system keeps an administrator. The refusals say why (409), unlike an
/// out-of-scope record (404).
@Suite struct LockoutTests {
    static func grantId(_ app: Application, user: Int) async throws -> Int {
        try await app.sql.raw("SELECT id FROM role_grants WHERE user_id = \(bind: user) AND valid_to IS NULL").first(decoding: IDRow.self)!.id
    }

    @Test(arguments: TestDB.enabled)
    func ownAccountAndLastAdministrator(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let adminId = f.users["admin"]!
            // Disabling one's own account: a reason, not "not found".
            let selfDisable = try await admin.send(.POST, "/users/\(adminId)/status", form: ["active": "0"])
            #expect(selfDisable.status == .conflict)
            #expect(selfDisable.text.contains("tự khóa tài khoản của chính mình"))
            // Revoking one's own last role.
            let grant = try await Self.grantId(app, user: adminId)
            let selfRevoke = try await admin.send(.POST, "/users/\(adminId)/roles/revoke", form: ["grant": String(grant)])
            #expect(selfRevoke.status == .conflict)
            #expect(selfRevoke.text.contains("vai trò cuối cùng của chính bạn"))
            // A second administrator may not remove the last other one either way.
            let second = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Accounts.create(username: "admin2", password: Fixture.password, displayName: "admin2", grant: .init(role: .admin), in: tx, cost: 4, app: app)
            }
            let other = Browser(app)
            try await other.login("admin2")
            // admin2 disables admin: allowed, admin2 is still there.
            #expect(try await other.send(.POST, "/users/\(adminId)/status", form: ["active": "0", "reason": "Nghỉ hưu", "confirmed": "1"]).status == .seeOther)
            // admin2 now holds the last active administrator grant: revoking it or disabling it is refused.
            let lastGrant = try await Self.grantId(app, user: second)
            try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let refused = await #expect(throws: Abort.self) { try await Accounts.revokeGrant(lastGrant, of: second, in: tx) }
                #expect(refused?.status == .conflict)
                let disable = await #expect(throws: Abort.self) { try await Accounts.setActive(userId: second, false, in: tx) }
                #expect(disable?.status == .conflict)
                #expect(disable?.reason.contains("quản trị hệ thống cuối cùng") == true)
            }
            // An official revoking their own only role is refused too; another person's role outside scope is a 404.
            let official = Browser(app)
            try await official.login("official")
            let own = try await Self.grantId(app, user: f.users["official"]!)
            let ownRevoke = try await official.send(.POST, "/users/\(f.users["official"]!)/roles/revoke", form: ["grant": String(own)])
            #expect(ownRevoke.status == .conflict || ownRevoke.status == .notFound)
            #expect(try await Self.grantId(app, user: f.users["official"]!) == own)
            let foreign = try await Self.grantId(app, user: f.users["officialB"]!)
            #expect(try await official.send(.POST, "/users/\(f.users["officialB"]!)/roles/revoke", form: ["grant": String(foreign)]).status == .notFound)
        }
    }
}
