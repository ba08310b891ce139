import Domain
import Foundation
import SQLKit
import Vapor

enum UserController {
    @Sendable
    static func index(req: Request) async throws -> Response {
        try await render(req: req, errors: [], username: "", displayName: "", status: .ok)
    }

    static func render(req: Request, errors: [String], username: String, displayName: String, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let t = req.strings
        let users = try await Accounts.users(on: req.sql)
        let grants = try await Accounts.grants(inForceOn: req.clock.today, on: req.sql)
        let byUser = Dictionary(grouping: grants, by: \.userId)
        var rows: [UsersPage.User] = []
        for u in users {
            guard try await Accounts.manageable(userId: u.id, scope: p.scope, on: req.sql) else { continue }
            let list = (byUser[u.id] ?? []).map { g in
                var label = t["role_" + g.role]
                if let name = g.unitName { label += ": \(name) (\(g.unitCode ?? ""))" }
                if let cell = g.cellName { label += ": \(cell)" }
                return UsersPage.Grant(label: label, revokeURL: SiteURL.userRevoke(.id(u.id)).path, id: g.id)
            }
            rows.append(.init(id: u.id, username: u.username, displayName: u.displayName, active: u.status == "active", grants: list,
                              grantURL: SiteURL.userGrant(.id(u.id)).path, statusURL: SiteURL.userDisable(.id(u.id)).path))
        }
        let roles = Role.allCases.filter { $0 != .admin || p.scope.isAdmin }.map { UsersPage.Option(value: $0.rawValue, label: t["role_" + $0.rawValue]) }
        return try await req.page("users", title: t["users_title"], UsersPage(
            users: rows, createURL: SiteURL.userNew.path, roles: roles, errors: errors, username: username, displayName: displayName), status: status)
    }

    struct CreateForm: Content {
        var username: String
        var displayName: String?
        var password: String
        var role: String
        var unitCode: String?
        var cellName: String?
        var cellId: String?
        var member: String?
        var memberId: String?
    }

    /// The unit and the member are chosen with pickers (name or code; name or citizen id), among those the person
    /// may hand roles out for; what they name is settled here, before the grant's own rules.
    static func grantRequest(role: String, unitCode: String?, cellName: String?, cellId: String? = nil, member: String?, memberId: String?,
                             scope: Scope, on sql: any SQLDatabase) async throws -> Accounts.GrantRequest {
        guard let role = Role(rawValue: role) else { throw Abort(.unprocessableEntity, reason: "Vai trò: hãy chọn một vai trò trong danh sách.") }
        // A cell chosen from the picker brings its host unit with it.
        if role == .secretary, let id = cellId.flatMap({ Int($0) }), let cell = try await Picks.cell(id: id, scope: scope, on: sql) {
            return .init(role: role, unitCode: cell.unitCode, cellName: cell.name)
        }
        var code: String?
        if [.official, .viewer].contains(role) || (role == .secretary && !(unitCode ?? "").trimmingCharacters(in: .whitespaces).isEmpty) {
            switch try await Picks.unit(unitCode, field: "Đơn vị", scope: scope, need: .manageUsers, on: sql) {
            case .success(let unit): code = unit.code
            case .failure(let problem): throw Abort(.unprocessableEntity, reason: problem.message)
            }
        }
        var memberNumber: Int?
        if role == .member {
            let id = memberId.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            switch try await Picks.member(id: id, text: member, field: "Đoàn viên", scope: scope, on: sql) {
            case .success(let id): memberNumber = id
            case .failure(let problem): throw Abort(.unprocessableEntity, reason: problem.message)
            }
        }
        return .init(role: role, unitCode: code, cellName: cellName.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : $0 }, memberId: memberNumber)
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let form = try req.content.decode(CreateForm.self)
        do {
            let grant = try await grantRequest(role: form.role, unitCode: form.unitCode, cellName: form.cellName, cellId: form.cellId, member: form.member,
                                               memberId: form.memberId, scope: p.scope, on: req.sql)
            let cost = req.application.config.bcryptCost
            let app = req.application
            _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Accounts.create(username: form.username, password: form.password, displayName: form.displayName ?? "", grant: grant, in: tx, cost: cost, app: app)
            }
        } catch let abort as Abort where [.unprocessableEntity, .conflict, .forbidden].contains(abort.status) {
            return try await render(req: req, errors: [abort.reason], username: form.username, displayName: form.displayName ?? "", status: abort.status == .forbidden ? .forbidden : .unprocessableEntity)
        }
        return req.redirect(.users, message: "saved")
    }

    struct GrantForm: Content { var role: String; var unitCode: String?; var cellName: String?; var cellId: String?; var member: String?; var memberId: String? }

    @Sendable
    static func grant(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let userId = try req.id()
        guard p.scope.canWriteSomething, try await Accounts.manageable(userId: userId, scope: p.scope, on: req.sql) else { throw Abort(.notFound) }
        let form = try req.content.decode(GrantForm.self)
        do {
            let g = try await grantRequest(role: form.role, unitCode: form.unitCode, cellName: form.cellName, cellId: form.cellId, member: form.member,
                                           memberId: form.memberId, scope: p.scope, on: req.sql)
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Accounts.insertGrant(userId: userId, try await Accounts.resolve(g, in: tx), in: tx)
            }
        } catch let abort as Abort where [.unprocessableEntity, .forbidden].contains(abort.status) {
            return try await render(req: req, errors: [abort.reason], username: "", displayName: "", status: .unprocessableEntity)
        }
        return req.redirect(.users, message: "saved")
    }

    struct RevokeForm: Content { var grant: Int }

    /// Revoking a role asks first: whose role, over what, from when, and a reason.
    @Sendable
    static func revoke(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let userId = try req.id()
        guard p.scope.canWriteSomething, try await Accounts.manageable(userId: userId, scope: p.scope, on: req.sql) else { throw Abort(.notFound) }
        let form = try req.content.decode(RevokeForm.self)
        let confirmation = try req.content.decode(Confirmation.self)
        let t = req.strings
        guard let grant = try await Accounts.grants(inForceOn: req.clock.today, on: req.sql).first(where: { $0.id == form.grant && $0.userId == userId }),
              let user = try await Accounts.users(on: req.sql).first(where: { $0.id == userId })
        else { throw Abort(.notFound) }
        let reason = confirmation.cleanReason, grantId = grant.id
        let change: @Sendable (WriteTransaction) async throws -> Void = { tx in try await Accounts.revokeGrant(grantId, of: userId, note: reason, in: tx) }
        if !confirmation.isConfirmed || reason == nil {
            try await req.dryRun(change)
            var label = t["role_" + grant.role]
            if let name = grant.unitName { label += " tại \(name)" }
            if let cell = grant.cellName { label += " (\(cell))" }
            let who = user.displayName.isEmpty ? user.username : "\(user.displayName) (\(user.username))"
            let others = try await Accounts.grants(inForceOn: req.clock.today, on: req.sql).filter { $0.userId == userId && $0.id != grantId }.count
            return try await req.confirm(ConfirmPage(
                heading: "Xác nhận thu hồi vai trò — " + who,
                consequences: ["\(who) thôi giữ vai trò \(label) từ hôm nay, \(req.clock.today.vietnamese).",
                               others == 0 ? "Đây là vai trò duy nhất: \(who) sẽ không còn xem hay sửa được dữ liệu nào." :
                                   "\(who) vẫn giữ \(VNFormat.integer(others)) vai trò khác.",
                               "Lịch sử vẫn ghi \(who) đã giữ vai trò này đến hôm nay."],
                action: SiteURL.userRevoke(.id(userId)).path, fields: [.init(name: "grant", value: String(grantId))],
                confirmLabel: "Thu hồi vai trò", cancelURL: SiteURL.users.path, reasonLabel: "Lý do"))
        }
        try await Writes.perform(on: req.db, actor: try req.actor(), change)
        return req.redirect(.users, message: "revoked")
    }

    struct StatusForm: Content { var active: String }

    /// Locking an account asks first and says what ends with it; unlocking does not need to.
    @Sendable
    static func setStatus(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let userId = try req.id()
        let active = try req.content.decode(StatusForm.self).active == "1"
        // Not a question of scope: one's own account gets the reason, not a "not found".
        if userId == p.user.id, !active { throw Abort(.conflict, reason: "Bạn không thể tự khóa tài khoản của chính mình.") }
        guard p.scope.canWriteSomething, userId != p.user.id, try await Accounts.manageable(userId: userId, scope: p.scope, on: req.sql) else { throw Abort(.notFound) }
        let confirmation = try req.content.decode(Confirmation.self)
        let reason = confirmation.cleanReason
        let change: @Sendable (WriteTransaction) async throws -> Void = { tx in try await Accounts.setActive(userId: userId, active, note: reason, in: tx) }
        if !active, !confirmation.isConfirmed || reason == nil {
            try await req.dryRun(change)
            guard let user = try await Accounts.users(on: req.sql).first(where: { $0.id == userId }) else { throw Abort(.notFound) }
            let who = user.displayName.isEmpty ? user.username : "\(user.displayName) (\(user.username))"
            let (sessions, tokens) = try await Accounts.access(of: userId, on: req.sql)
            return try await req.confirm(ConfirmPage(
                heading: "Xác nhận khóa tài khoản — " + who,
                consequences: ["\(who) không đăng nhập được nữa cho đến khi được mở khóa.",
                               "\(VNFormat.integer(sessions)) phiên đăng nhập đang mở bị đóng ngay.",
                               "\(VNFormat.integer(tokens)) mã truy cập API của tài khoản này bị từ chối cho đến khi mở khóa.",
                               "Vai trò và lịch sử của tài khoản vẫn được giữ."],
                action: SiteURL.userDisable(.id(userId)).path, fields: [.init(name: "active", value: "0")],
                confirmLabel: "Khóa tài khoản", cancelURL: SiteURL.users.path, reasonLabel: "Lý do"))
        }
        try await Writes.perform(on: req.db, actor: try req.actor(), change)
        return req.redirect(.users, message: "saved")
    }
}
