import Domain
import SQLKit
import Vapor

enum HomeController {
    @Sendable
    static func show(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        var scopes: [HomePage.Scope] = []
        for g in p.grants {
            guard let role = Role(rawValue: g.role) else { continue }
            switch role {
            case .admin:
                scopes.append(.init(role: t["role_admin"], unit: t["home_admin"], url: SiteURL.units.path, members: nil))
            case .official, .viewer:
                var members: String?
                if let path = g.unitPath {
                    let n = try await HomeQueries.memberCount(under: path, on: req.sql)
                    members = VNFormat.integer(n)
                }
                scopes.append(.init(role: t["role_" + role.rawValue], unit: g.unitName.map { "\($0) (\(g.unitCode ?? ""))" },
                                    url: g.unitId.map { SiteURL.unit(.id($0)).path }, members: members))
            case .secretary:
                scopes.append(.init(role: t["role_secretary"], unit: g.cellName, url: SiteURL.members.path, members: nil))
            case .member:
                scopes.append(.init(role: t["role_member"], unit: p.user.displayName,
                                    url: p.user.memberId.map { SiteURL.member(.id($0)).path }, members: nil))
            }
        }
        return try await req.page("home", title: t["home_title"],
            HomePage(hello: t.format("home_hello", p.user.displayName), scopes: scopes, noScope: scopes.isEmpty))
    }
}

enum HealthController {
    /// For load balancers: 200 when the database answers, 503 when it does not.
    @Sendable
    static func check(req: Request) async throws -> Response {
        struct Health: Content { let status: String; let database: String; let engine: String }
        let engine = Dialect(req.sql) == .postgres ? "postgresql" : "sqlite"
        do {
            try await HomeQueries.probe(on: req.sql)
            return try await Health(status: "ok", database: "ok", engine: engine).encodeResponse(status: .ok, for: req)
        } catch {
            return try await Health(status: "error", database: "unreachable", engine: engine).encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}
