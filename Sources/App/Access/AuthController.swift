import Domain
import Foundation
import SQLKit
import Vapor

enum AuthController {
    @Sendable
    static func form(req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(.home) }
        return try await req.page("login", title: req.strings["login_title"],
            LoginPage(action: SiteURL.login.path, next: safeNext(req.query[String.self, at: "next"]), username: "", error: nil))
    }

    /// Only paths on this site: an open redirect after log-in would make the form a phishing aid.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }

    struct LoginForm: Content {
        var username: String
        var password: String
        var next: String?
    }

    @Sendable
    static func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = VietnameseText.clean(form.username).lowercased()
        let config = req.application.config
        let address = req.clientAddress
        let since = Clock.timestamp(req.clock.now().addingTimeInterval(-config.loginWindow))
        let t = req.strings
        if try await LoginThrottle.blocked(username: username, address: address, since: since, config: config, on: req.sql) {
            let minutes = String(Int(config.loginWindow / 60))
            throw Abort(.tooManyRequests, headers: ["Retry-After": String(Int(config.loginWindow))],
                        reason: t.format("login_throttled", minutes))
        }
        let user = try await Logins.candidate(username: username, on: req.sql)
        var ok = false
        if let user {
            ok = (try? await Passwords.verify(form.password, hash: user.passwordHash, on: req.application)) ?? false
        } else {
            // The same bcrypt work for an unknown name, so timing does not tell which names exist.
            _ = try? await Passwords.hash(form.password, cost: config.bcryptCost, on: req.application)
        }
        guard let user, ok, user.status == "active" else {
            try await Logins.recordFailure(username: username, address: address, at: req.clock.timestamp, on: req.bookkeeping)
            return try await req.page("login", title: t["login_title"],
                LoginPage(action: SiteURL.login.path, next: safeNext(form.next), username: form.username, error: t["login_failed"]),
                status: .unauthorized)
        }
        // A planted pre-login cookie must not survive: the old session row goes, a new id is issued.
        try await Sessions.end(on: req)
        let session = try await Sessions.start(userId: user.id, on: req)
        let actor = Actor(userId: user.id, username: username, address: address, scope: Scope(admin: false), clock: req.clock)
        try await Writes.perform(on: req.db, actor: actor) { tx in
            try await Logins.forgiveFailures(username: username, address: address, in: tx)
            tx.audit("login", "user", id: user.id, unit: nil, "Đăng nhập")
        }
        let response = req.redirect(to: safeNext(form.next))
        response.cookies[Sessions.cookieName(secure: req.isSecure)] = Sessions.cookie(session.token, secure: req.isSecure, maxAge: Int(config.sessionAbsoluteTimeout))
        response.cookies[CSRFMiddleware.cookieName(secure: req.isSecure)] = Sessions.cookie("", secure: req.isSecure, maxAge: 0)
        return response
    }

    @Sendable
    static func logout(req: Request) async throws -> Response {
        if let p = req.principal {
            try await Sessions.end(on: req)
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                tx.audit("logout", "user", id: p.user.id, unit: nil, "Đăng xuất")
            }
        }
        let response = req.redirect(.login)
        response.cookies[Sessions.cookieName(secure: req.isSecure)] = Sessions.cookie("", secure: req.isSecure, maxAge: 0)
        return response
    }
}

/// Three limits, so that guessing is slow and nobody can lock an account's owner out: per address, per (name,
/// address), and a looser one per name from anywhere that lets through the addresses the owner has signed in
/// from before (their successful log-ins are in the register).
enum LoginThrottle {
    static func blocked(username: String, address: String, since: String, config: AppConfig, on sql: any SQLDatabase) async throws -> Bool {
        let c = try await Logins.failureCounts(username: username, address: address, since: since, on: sql)
        if (c?.place ?? 0) >= config.loginFailuresPerAddress || (c?.pair ?? 0) >= config.loginFailuresPerUsername { return true }
        guard (c?.name ?? 0) >= config.loginFailuresPerUsernameAnywhere else { return false }
        return try await !Logins.hasSignedIn(username: username, from: address, on: sql)
    }
}
