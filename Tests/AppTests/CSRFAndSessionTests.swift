import Foundation
import Testing
import VaporTesting
@testable import App

@Suite struct CSRFAndSessionTests {
    @Test(arguments: TestDB.enabled)
    func formsNeedTheToken(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let path = "/members/\(f.members["mA1"]!)/status"
            let form = ["status": "suspended", "date": "01/01/2024", "reason": "Nghỉ dài ngày", "confirmed": "1"]
            // No token, a wrong token, a token from another site: all refused, nothing changed.
            #expect(try await b.send(.POST, path, form: form, withToken: false).status == .forbidden)
            var wrong = form
            wrong["_csrf"] = "not-the-token"
            #expect(try await b.send(.POST, path, form: wrong).status == .forbidden)
            #expect(try await b.send(.POST, path, form: form, headers: ["Origin": "https://evil.example"]).status == .forbidden)
            #expect(try await b.send(.POST, path, form: form, headers: ["Sec-Fetch-Site": "cross-site"]).status == .forbidden)
            #expect(try await Members.find(id: f.members["mA1"]!, on: app.sql)?.status == "active")
            // The right token works.
            #expect(try await b.send(.POST, path, form: form).status == .seeOther)
            #expect(try await Members.find(id: f.members["mA1"]!, on: app.sql)?.status == "suspended")
        }
    }

    @Test func loginFormNeedsTheToken() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            #expect(try await b.send(.POST, "/login", form: ["username": "admin", "password": Fixture.password], withToken: false).status == .forbidden)
            try await b.send(.GET, "/login")
            #expect(try await b.send(.POST, "/login", form: ["username": "admin", "password": Fixture.password]).status == .seeOther)
        }
    }

    @Test func apiWithSessionNeedsHeaderButBearerDoesNot() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let path = "/api/v1/members/\(f.members["mA1"]!)"
            #expect(try await b.send(.PATCH, path, json: #"{"position": "Tổ phó"}"#, withToken: false).status == .forbidden)
            #expect(try await b.send(.PATCH, path, json: #"{"position": "Tổ phó"}"#).status == .ok)
            // A personal token made on the account page works without cookies or CSRF, and stops when revoked.
            let created = try await b.send(.POST, "/account/tokens", form: ["name": "Máy chủ báo cáo"])
            let token = try #require(created.text.range(of: #"ng_[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(created.text[$0]) })
            let api = Browser(app)
            api.bearer = token
            #expect(try await api.send(.PATCH, path, json: #"{"position": "Tổ trưởng"}"#, withToken: false).status == .ok)
            #expect(try await api.send(.GET, "/api/v1/members/\(f.members["mB1"]!)").status == .notFound)
            let tokenId = try await app.sql.raw("SELECT id FROM api_tokens").first(decoding: IDRow.self)!.id
            #expect(try await b.send(.POST, "/account/tokens/\(tokenId)/revoke", form: ["confirmed": "1"]).status == .seeOther)
            #expect(try await api.send(.GET, path).status == .unauthorized)
        }
    }

    @Test func sessionCookieIsSafeAndRotated() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.send(.GET, "/login")
            // A cookie planted before log-in is not the one the session uses afterwards.
            b.cookies["ng_session"] = "planted-by-an-attacker"
            let response = try await b.send(.POST, "/login", form: ["username": "viewer", "password": Fixture.password])
            let setCookie = response.headers[.setCookie].first { $0.hasPrefix("ng_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(b.cookies["ng_session"] != "planted-by-an-attacker")
            #expect(try await b.send(.GET, "/").status == .ok)
            // After log-out the old cookie is worthless.
            let old = b.cookies["ng_session"]!
            #expect(try await b.send(.POST, "/logout", form: [:]).status == .seeOther)
            b.cookies["ng_session"] = old
            #expect(try await b.send(.GET, "/").status == .seeOther)
        }
    }

    @Test func loginIsThrottled() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.send(.GET, "/login")
            for _ in 0..<5 {
                #expect(try await b.send(.POST, "/login", form: ["username": "admin", "password": "sai-mat-khau"]).status == .unauthorized)
            }
            let blocked = try await b.send(.POST, "/login", form: ["username": "admin", "password": Fixture.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers.first(name: "Retry-After") != nil)
            #expect(blocked.text.contains("Đăng nhập sai quá nhiều lần"))
        }
    }

    /// Failures spread over many addresses slow the name down everywhere except where its owner signs in.
    @Test func throttlingCannotLockTheOwnerOut() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            app.config.trustProxy = true
            app.config.loginFailuresPerUsernameAnywhere = 8
            func attempt(_ address: String, _ password: String, user: String = "admin") async throws -> UInt {
                let b = Browser(app)
                try await b.send(.GET, "/login", headers: ["X-Forwarded-For": address])
                return try await b.send(.POST, "/login", form: ["username": user, "password": password], headers: ["X-Forwarded-For": address]).status.code
            }
            #expect(try await attempt("10.0.0.1", Fixture.password) == 303)   // the owner's usual address
            for i in 0..<8 { #expect(try await attempt("10.1.0.\(i)", "sai-mat-khau") == 401) }
            #expect(try await attempt("10.1.0.9", "sai-mat-khau") == 429)      // the name's limit, from anywhere new
            #expect(try await attempt("10.2.0.1", Fixture.password) == 429)   // a new address, past the name's limit
            #expect(try await attempt("10.0.0.1", Fixture.password) == 303)   // the owner still gets in
            // Five failures for one name from one address block that pair, and only that pair.
            for _ in 0..<5 { #expect(try await attempt("10.3.0.1", "sai-mat-khau", user: "official") == 401) }
            #expect(try await attempt("10.3.0.1", Fixture.password, user: "official") == 429)
            #expect(try await attempt("10.4.0.1", Fixture.password, user: "official") == 303)
        }
    }

    @Test func longVietnamesePasswordsAreNotTruncated() async throws {
        // Bcrypt alone would read only the first 72 bytes of this pass phrase.
        let long = String(repeating: "Ếch ngồi đáy giếng ", count: 5)
        try await withTestApp(.sqlite) { app in
            let hash = try await Passwords.hash(long, cost: 4, on: app)
            #expect(try await Passwords.verify(long, hash: hash, on: app))
            #expect(try await !Passwords.verify(String(long.prefix(40)) + "khác hẳn phần đuôi ở đây nhé", hash: hash, on: app))
            // NFD input from another keyboard is the same password.
            #expect(try await Passwords.verify(long.decomposedStringWithCanonicalMapping, hash: hash, on: app))
        }
    }

    /// Served over HTTPS (behind a TLS proxy), cookies carry Secure and the __Host- prefix.
    @Test func secureCookiesOverHTTPS() async throws {
        let path = NSTemporaryDirectory() + "noiguong-https-\(UUID().uuidString).sqlite"
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: AppConfig(database: .sqlite(path: path), secureCookies: true, bcryptCost: 4))
            _ = try await Fixture.make(app)
            let b = Browser(app)
            let form = try await b.send(.GET, "/login")
            #expect(form.headers[.setCookie].contains { $0.hasPrefix("__Host-ng_csrf=") && $0.contains("Secure") })
            let response = try await b.send(.POST, "/login", form: ["username": "viewer", "password": Fixture.password])
            #expect(response.status == .seeOther)
            let cookie = response.headers[.setCookie].first { $0.hasPrefix("__Host-ng_session=") } ?? ""
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/"))
            #expect(response.headers.first(name: .strictTransportSecurity) != nil)
            #expect(try await b.send(.GET, "/").status == .ok)
        } catch {
            Issue.record(error)
        }
        try await app.asyncShutdown()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A session idle for longer than the limit is over, even though the browser still has its cookie.
    @Test func idleSessionsEnd() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("viewer")
            #expect(try await b.send(.GET, "/").status == .ok)
            let longAgo = Clock.timestamp(Date().addingTimeInterval(-3 * 3600))
            try await app.sql.raw("UPDATE sessions SET last_seen_at = \(bind: longAgo)").run()
            #expect(try await b.send(.GET, "/").status == .seeOther)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM sessions").first(decoding: CountRow.self)?.n == 0)
        }
    }
}
