import Domain
import Foundation
import Testing
import VaporTesting
@testable import App

/// Every role × every record route × a record in the role's own scope and one outside it. Denied is a 404
/// (the same answer as a missing record), never a 200 or a 500.
@Suite struct AccessTests {
    enum Target { case own, other }

    struct Route: CustomStringConvertible {
        let method: HTTPMethod
        let pattern: String
        let kind: Kind
        enum Kind { case memberRead, memberWrite, unitRead, unitWrite }
        var description: String { "\(method) \(pattern)" }
    }

    /// Record routes; the id in the pattern is filled per target.
    static let routes: [Route] = [
        .init(method: .GET, pattern: "/members/:id", kind: .memberRead),
        .init(method: .GET, pattern: "/api/v1/members/:id", kind: .memberRead),
        .init(method: .GET, pattern: "/members/:id/edit", kind: .memberWrite),
        .init(method: .POST, pattern: "/members/:id/edit", kind: .memberWrite),
        .init(method: .POST, pattern: "/members/:id/transfer", kind: .memberWrite),
        .init(method: .POST, pattern: "/members/:id/status", kind: .memberWrite),
        .init(method: .PATCH, pattern: "/api/v1/members/:id", kind: .memberWrite),
        .init(method: .GET, pattern: "/units/:id", kind: .unitRead),
        .init(method: .GET, pattern: "/api/v1/units/:id", kind: .unitRead),
        .init(method: .GET, pattern: "/units/:id/edit", kind: .unitWrite),
        .init(method: .POST, pattern: "/units/:id/edit", kind: .unitWrite),
        .init(method: .POST, pattern: "/units/:id/move", kind: .unitWrite),
        .init(method: .POST, pattern: "/units/:id/merge", kind: .unitWrite),
        .init(method: .POST, pattern: "/units/:id/dissolve", kind: .unitWrite),
        .init(method: .PATCH, pattern: "/api/v1/units/:id", kind: .unitWrite),
    ]

    /// Own and other records per role: (member key, unit code).
    static func targets(_ role: String, _ t: Target) -> (member: String, unit: String) {
        switch (role, t) {
        case ("secretary", .own): ("mA1", "A1")       // cell "Chi bộ A1"
        case ("secretary", .other): ("mA2", "A2")
        case ("member", .own): ("mA1", "A1")
        case ("member", .other): ("mA1a", "A1a")
        case (_, .own): ("mA1", "A1")
        case (_, .other): ("mB1", "B1")
        }
    }

    /// The rule the test checks the server against, written independently of the server's code.
    static func allowed(_ role: String, _ kind: Route.Kind, _ t: Target) -> Bool {
        switch (role, kind) {
        case ("admin", _): true
        case ("official", _): t == .own
        case ("viewer", .memberRead), ("viewer", .unitRead): t == .own
        case ("secretary", .memberRead), ("secretary", .unitRead): t == .own
        case ("member", .memberRead): t == .own
        default: false
        }
    }

    static let roles = ["admin", "official", "viewer", "secretary", "member", "anonymous"]

    @Test(arguments: TestDB.enabled, roles)
    func matrix(db: TestDB, role: String) async throws {
        var mismatches: [String] = []
        for route in Self.routes {
            // A fresh tree for each route, so a merge or dissolution in one case cannot change the next.
            try await withTestApp(db) { app in
                let f = try await Fixture.make(app)
                for target in [Target.own, .other] {
                    let browser = Browser(app)
                    // An anonymous visitor holds a valid pre-login CSRF token, so only the sign-in check can stop it.
                    if role == "anonymous" { try await browser.send(.GET, "/login") } else { try await browser.login(role) }
                    let (memberKey, unitCode) = Self.targets(role, target)
                    let isMember = route.kind == .memberRead || route.kind == .memberWrite
                    let id = isMember ? f.members[memberKey]! : f.units[unitCode]!.id
                    let path = route.pattern.replacingOccurrences(of: ":id", with: String(id))
                    let response = try await Self.call(browser, route, path: path, fixture: f)
                    let status = response.status.code
                    let expected: [UInt] = {
                        if role == "anonymous" { return route.pattern.hasPrefix("/api/") ? [401] : [303] }
                        if !Self.allowed(role, route.kind, target) { return [404] }
                        return route.method == .GET || route.method == .PATCH ? [200] : [303]
                    }()
                    if !expected.contains(status) {
                        mismatches.append("\(role) \(route) \(target): \(status), expected \(expected) \(response.text.prefix(300))")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// A valid body for each write route, so that only scope decides the answer.
    static func call(_ b: Browser, _ route: Route, path: String, fixture f: Fixture) async throws -> TestingHTTPResponse {
        let today = CivilDate.today().vietnamese
        switch (route.method, route.pattern) {
        case (.GET, _): return try await b.send(.GET, path)
        case (.POST, "/members/:id/edit"):
            // The member's own data with one change, so that only scope can refuse it.
            let id = Int(path.split(separator: "/")[1])!
            let m = try await Members.find(id: id, on: b.app.sql)!
            return try await b.send(.POST, path, form: ["fullName": m.fullName, "birthDate": "15/03/1990", "gender": Gender(rawValue: m.gender)!.label,
                                                        "citizenID": m.cccd!, "unionJoinDate": "01/09/2015", "education": "Thạc sĩ"])
        case (.POST, "/members/:id/transfer"): return try await b.send(.POST, path, form: ["unit": "A1", "date": today])
        case (.POST, "/members/:id/status"): return try await b.send(.POST, path, form: ["status": "suspended", "date": today])
        case (.PATCH, "/api/v1/members/:id"): return try await b.send(.PATCH, path, json: #"{"position": "Tổ trưởng"}"#)
        case (.POST, "/units/:id/edit"):
            return try await b.send(.POST, path, form: ["name": "Tên mới", "kind": String(f.units["A1"]!.kindId), "cell": ""])
        case (.POST, "/units/:id/move"): return try await b.send(.POST, path, form: ["target": "A2", "date": today])
        case (.POST, "/units/:id/merge"): return try await b.send(.POST, path, form: ["target": "A2", "date": today])
        case (.POST, "/units/:id/dissolve"): return try await b.send(.POST, path, form: ["date": today])
        case (.PATCH, "/api/v1/units/:id"): return try await b.send(.PATCH, path, json: #"{"name": "Tên mới"}"#)
        default: fatalError("no body for \(route)")
        }
    }

    /// Lists must show exactly what the record routes allow: same set, no more.
    @Test(arguments: TestDB.enabled)
    func listsMatchRecords(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let expected: [String: Set<String>] = [
                "admin": ["mA1", "mA1a", "mA2", "mB1"], "official": ["mA1", "mA1a", "mA2"], "viewer": ["mA1", "mA1a", "mA2"],
                "secretary": ["mA1", "mA1a"], "member": ["mA1"], "officialB": ["mB1"],
            ]
            for (role, keys) in expected {
                let b = Browser(app)
                try await b.login(role)
                let response = try await b.send(.GET, "/api/v1/members?limit=200")
                struct List: Decodable { struct Item: Decodable { let id: Int }; let items: [Item]; let total: Int? }
                let list = try JSONDecoder().decode(List.self, from: Data(response.text.utf8))
                let ids = Set(list.items.map(\.id))
                #expect(ids == Set(keys.map { f.members[$0]! }), "\(role)")
                #expect(list.total == keys.count, "\(role)")
            }
        }
    }

    /// Deny by default: every registered route is either public on purpose or behind the sign-in check.
    @Test func everyRouteIsClassified() async throws {
        try await withTestApp(.sqlite) { app in
            let publicRoutes: Set<String> = ["GET /healthz", "GET /static/app.css", "GET /login", "POST /login", "GET /api/v1/openapi.json"]
            let anonymous = Browser(app)
            for route in app.routes.all {
                let path = "/" + route.path.map { $0.description.hasPrefix(":") ? "1" : $0.description }.joined(separator: "/")
                let key = "\(route.method) \(path)"
                let response = try await anonymous.send(route.method, path, withToken: false)
                if publicRoutes.contains(key) { continue }
                // Unsafe methods are stopped by CSRF first (403); safe ones are sent to log in (303) or get 401.
                let expected: [UInt] = route.method == .GET ? [303, 401] : [403]
                #expect(expected.contains(response.status.code), "\(key) answered \(response.status.code) without a session")
                #expect(route.method == .GET || route.method == .POST || route.method == .PATCH, "\(key): unexpected method")
            }
        }
    }

    /// A role revoked is gone on the very next request: scope is read from the database each time.
    @Test func revokedRoleStopsAtOnce() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            #expect(try await b.send(.GET, "/members/\(f.members["mA1"]!)").status == .ok)
            try await app.sql.raw("DELETE FROM role_grants WHERE user_id = \(bind: f.users["official"]!)").run()
            #expect(try await b.send(.GET, "/members/\(f.members["mA1"]!)").status == .notFound)
        }
    }
}
