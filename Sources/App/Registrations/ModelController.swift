import Domain
import Foundation
import Vapor

/// A collective model's page and its steps (see `CollectiveModels`).
enum ModelController {
    struct ProposeForm: Content { var unit: String?; var name: String?; var description: String? }

    @Sendable static func propose(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let form = (try? req.content.decode(ProposeForm.self)) ?? ProposeForm()
        let unit: UnitRow
        switch try await Picks.unit(form.unit, field: "Đơn vị", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): unit = u
        case .failure(let problem): throw Abort(.unprocessableEntity, reason: problem.message)
        }
        let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await CollectiveModels.propose(round: round, unitId: unit.id, name: form.name ?? "", description: form.description ?? "", by: p, in: tx)
        }
        return req.redirect(to: SiteURL.model(.id(id)).path, redirectType: .normal)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req: req, id: try req.id(), error: nil, status: .ok)
    }

    static func render(req: Request, id: Int, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let (m, s) = try await CollectiveModels.readable(id, p, on: req.sql)
        let round = try await Rounds.find(id: m.roundId, on: req.sql)
        func when(_ t: String?) -> String? { t.map { Clock.parse($0).map(Clock.display) ?? $0 } }
        let page = ModelPage(
            name: m.name, description: m.description, unit: m.unitName, status: m.state.label, round: round?.title ?? "",
            roundURL: SiteURL.round(.id(m.roundId)).path,
            proposed: "\(m.proposedByName) · \(when(m.proposedAt) ?? "")",
            agreed: m.agreedAt.map { _ in "\(m.agreedByName ?? "") · \(when(m.agreedAt) ?? "")" },
            confirmed: m.confirmedAt.map { _ in "\(m.confirmedByName ?? "") · \(when(m.confirmedAt) ?? "")" + (m.confirmationNote.map { " — " + $0 } ?? "") },
            comments: try await CollectiveModels.comments(of: id, on: req.sql).map { .init(at: when($0.at) ?? "", who: $0.authorName, body: $0.body) },
            members: try await CollectiveModels.members(of: id, on: req.sql).map(\.fullName),
            commentURL: (s.member != nil || s.official || s.committeeGrant != nil) ? SiteURL.modelComments(.id(id)).path : nil,
            agreeURL: s.official && m.state == .proposed ? SiteURL.modelAgree(.id(id)).path : nil,
            confirmURL: s.committeeGrant != nil && m.state == .agreed ? SiteURL.modelConfirm(.id(id)).path : nil,
            joinURL: s.member != nil && m.state != .proposed ? SiteURL.modelJoin(.id(id)).path : nil,
            error: error)
        return try await req.page("model", title: m.name, page, status: status)
    }

    static func step(req: Request, _ body: @escaping @Sendable (Principal, WriteTransaction) async throws -> Void) async throws -> Response {
        let p = try req.requirePrincipal()
        let id = try req.id()
        _ = try await CollectiveModels.readable(id, p, on: req.sql)
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await body(p, tx) }
        } catch let abort as Abort where [.unprocessableEntity, .conflict, .forbidden].contains(abort.status) {
            return try await render(req: req, id: id, error: abort.reason, status: abort.status)
        }
        return req.redirect(to: SiteURL.model(.id(id)).path, redirectType: .normal)
    }

    struct TextForm: Content { var body: String?; var note: String? }

    @Sendable static func comment(req: Request) async throws -> Response {
        let id = try req.id(), body = (try? req.content.decode(TextForm.self))?.body ?? ""
        return try await step(req: req) { p, tx in try await CollectiveModels.comment(id, body: body, by: p, in: tx) }
    }

    @Sendable static func agree(req: Request) async throws -> Response {
        let id = try req.id()
        return try await step(req: req) { p, tx in try await CollectiveModels.advance(id, to: .agreed, note: nil, by: p, in: tx) }
    }

    @Sendable static func confirm(req: Request) async throws -> Response {
        let id = try req.id(), note = (try? req.content.decode(TextForm.self))?.note
        return try await step(req: req) { p, tx in try await CollectiveModels.advance(id, to: .confirmed, note: note, by: p, in: tx) }
    }

    @Sendable static func join(req: Request) async throws -> Response {
        let id = try req.id()
        return try await step(req: req) { p, tx in try await CollectiveModels.join(id, memberId: nil, by: p, in: tx) }
    }
}

struct ModelPage: Encodable, Sendable {
    struct Comment: Encodable, Sendable { let at: String; let who: String; let body: String }
    let name: String
    let description: String
    let unit: String
    let status: String
    let round: String
    let roundURL: String
    let proposed: String
    let agreed: String?
    let confirmed: String?
    let comments: [Comment]
    let members: [String]
    let commentURL: String?
    let agreeURL: String?
    let confirmURL: String?
    let joinURL: String?
    let error: String?
}
