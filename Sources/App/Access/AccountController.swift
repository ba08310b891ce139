import Domain
import Foundation
import SQLKit
import Vapor

enum AccountController {
    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req: req, newToken: nil, errors: [], status: .ok)
    }

    static func render(req: Request, newToken: String?, errors: [String], status: HTTPStatus, typedEmail: String? = nil) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let tokens = try await Tokens.list(of: p.user.id, on: req.sql)
        let email = try await Digests.email(userId: p.user.id, on: req.sql)
        let stamp = { (s: String?) in s.flatMap(Clock.parse).map(Clock.display) }
        let roles = p.grants.map { g in
            t["role_" + g.role] + (g.unitName.map { ": \($0)" } ?? "") + (g.cellName.map { ": \($0)" } ?? "")
        }
        return try await req.page("account", title: t["account_title"], AccountPage(
            username: p.user.username, displayName: p.user.displayName, roles: roles,
            passwordURL: SiteURL.accountPassword.path, tokensURL: SiteURL.accountTokens.path,
            email: typedEmail ?? email ?? "", emailURL: SiteURL.accountEmail.path, mailOn: req.application.config.smtp != nil,
            tokens: tokens.map { .init(name: $0.name, prefix: $0.prefix, created: stamp($0.createdAt) ?? "", used: stamp($0.lastUsedAt),
                                       revoked: $0.revokedAt != nil, revokeURL: SiteURL.accountTokenRevoke(.id($0.id)).path) },
            newToken: newToken, errors: errors), status: status)
    }

    struct PasswordForm: Content { var current: String; var password: String }

    @Sendable
    static func changePassword(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let form = try req.content.decode(PasswordForm.self)
        guard try await Passwords.verify(form.current, hash: p.user.passwordHash, on: req.application) else {
            return try await render(req: req, newToken: nil, errors: ["Mật khẩu hiện tại không đúng."], status: .unprocessableEntity)
        }
        if let problem = Passwords.problem(form.password) {
            return try await render(req: req, newToken: nil, errors: [problem], status: .unprocessableEntity)
        }
        let hash = try await Passwords.hash(form.password, cost: req.application.config.bcryptCost, on: req.application)
        guard case .session(let sessionId, _) = p.via else { throw Abort(.forbidden) }
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Accounts.changePassword(userId: p.user.id, hash: hash, keepingSession: sessionId, in: tx)
        }
        return req.redirect(.account, message: "password")
    }

    struct EmailForm: Content { var email: String? }

    /// The address the daily digest goes to; empty stops it.
    @Sendable
    static func changeEmail(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let typed = EmailCheck.normalized((try? req.content.decode(EmailForm.self))?.email ?? "")
        if !typed.isEmpty, let problem = EmailCheck.problem(typed) {
            return try await render(req: req, newToken: nil, errors: [problem], status: .unprocessableEntity, typedEmail: typed)
        }
        let email: String? = typed.isEmpty ? nil : typed
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Digests.setEmail(userId: p.user.id, email: email, in: tx) }
        return req.redirect(.account, message: email == nil ? "email_off" : "email")
    }

    struct TokenForm: Content { var name: String }

    @Sendable
    static func createToken(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let name = VietnameseText.clean(try req.content.decode(TokenForm.self).name)
        guard !name.isEmpty, name.count <= 100 else {
            return try await render(req: req, newToken: nil, errors: ["Tên gợi nhớ của mã không được để trống và không quá 100 ký tự."], status: .unprocessableEntity)
        }
        let token = "ng_" + Secrets.token()
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Tokens.create(userId: p.user.id, name: name, token: token, in: tx)
        }
        return try await render(req: req, newToken: token, errors: [], status: .created)
    }

    @Sendable
    static func revokeToken(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let id = try req.id(), userId = p.user.id
        guard let token = try await Tokens.list(of: userId, on: req.sql).first(where: { $0.id == id }) else { throw Abort(.notFound) }
        let confirmation = try req.content.decode(Confirmation.self)
        let reason = confirmation.cleanReason
        if !confirmation.isConfirmed {
            return try await req.confirm(ConfirmPage(
                heading: "Xác nhận thu hồi mã truy cập API — " + token.name,
                consequences: ["Mọi chương trình đang dùng mã «\(token.name)» (\(token.prefix)…) bị từ chối ngay từ bây giờ.",
                               "Không thể dùng lại mã này; nếu cần, hãy tạo mã mới."],
                action: SiteURL.accountTokenRevoke(.id(id)).path, fields: [],
                confirmLabel: "Thu hồi mã", cancelURL: SiteURL.account.path))
        }
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Tokens.revoke(id, of: userId, note: reason, in: tx)
        }
        return req.redirect(.account, message: "revoked")
    }
}
