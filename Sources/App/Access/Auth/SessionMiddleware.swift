import Foundation
import SQLKit
import Vapor

/// Sessions live in the database so that any app server behind the load balancer sees them. The cookie holds
/// a random id; the table holds its hash, an idle and an absolute deadline, and the CSRF token of the session.
enum Sessions {
    static func cookieName(secure: Bool) -> String { secure ? "__Host-ng_session" : "ng_session" }

    static func cookie(_ value: String, secure: Bool, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    /// Starts a fresh session (a new id at every log-in, so a planted cookie is worthless) and returns it.
    static func start(userId: Int, on req: Request) async throws -> (token: String, csrf: String) {
        let token = Secrets.token(), csrf = Secrets.token()
        let now = req.clock.now(), config = req.application.config
        try await req.bookkeeping.raw("""
            INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(bind: Secrets.hash(token)), \(bind: userId), \(bind: csrf), \(bind: Clock.timestamp(now)),
                    \(bind: Clock.timestamp(now)), \(bind: Clock.timestamp(now.addingTimeInterval(config.sessionAbsoluteTimeout))))
            """).run()
        return (token, csrf)
    }

    static func end(on req: Request) async throws {
        if let token = req.cookies[cookieName(secure: req.isSecure)]?.string {
            try await req.bookkeeping.raw("DELETE FROM sessions WHERE token_hash = \(bind: Secrets.hash(token))").run()
        }
    }

    static func endAll(userId: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userId)").run()
    }
}

private struct SessionLookup: Decodable {
    let id: Int
    let userId: Int
    let csrfToken: String
    let lastSeenAt: String
    let expiresAt: String
}

/// Finds who is calling: a session cookie for pages and the API, or a personal bearer token for the API only.
struct PrincipalMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization?.token, req.url.path.hasPrefix("/api/") {
            struct TokenLookup: Decodable { let id: Int; let userId: Int }
            if let row = try await req.sql.raw("""
                SELECT id, user_id FROM api_tokens WHERE token_hash = \(bind: Secrets.hash(bearer)) AND revoked_at IS NULL
                """).first(decoding: TokenLookup.self, with: snakeCase),
               let principal = try await Principals.load(userId: row.userId, via: .token(id: row.id), today: req.clock.today, on: req.sql) {
                req.principal = principal
                try await req.bookkeeping.raw("UPDATE api_tokens SET last_used_at = \(bind: req.clock.timestamp) WHERE id = \(bind: row.id)").run()
            } else {
                throw Abort(.unauthorized, reason: "Mã truy cập (token) không hợp lệ hoặc đã bị thu hồi.")
            }
        } else if let token = req.cookies[Sessions.cookieName(secure: req.isSecure)]?.string {
            let hash = Secrets.hash(token)
            if let row = try await req.sql.raw("""
                SELECT id, user_id, csrf_token, last_seen_at, expires_at FROM sessions WHERE token_hash = \(bind: hash)
                """).first(decoding: SessionLookup.self, with: snakeCase) {
                let now = req.clock.now(), config = req.application.config
                let idleLimit = Clock.parse(row.lastSeenAt).map { $0.addingTimeInterval(config.sessionIdleTimeout) } ?? now
                let hardLimit = Clock.parse(row.expiresAt) ?? now
                if now >= idleLimit || now >= hardLimit {
                    try await req.bookkeeping.raw("DELETE FROM sessions WHERE id = \(bind: row.id)").run()
                } else if let principal = try await Principals.load(
                    userId: row.userId, via: .session(id: row.id, csrf: row.csrfToken), today: req.clock.today, on: req.sql) {
                    req.principal = principal
                    // One write a minute at most: a busy page would otherwise write on every request.
                    if let seen = Clock.parse(row.lastSeenAt), now.timeIntervalSince(seen) > 60 {
                        try await req.bookkeeping.raw("UPDATE sessions SET last_seen_at = \(bind: Clock.timestamp(now)) WHERE id = \(bind: row.id)").run()
                    }
                }
            }
        }
        return try await next.respond(to: req)
    }
}
