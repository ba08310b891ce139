import Domain
import Foundation
import Vapor

/// "Hồ sơ của tôi" and the corrections it can ask for: the member asks, an official of their unit decides.
enum CorrectionController {
    /// The signed-in person's own member record, if the account has one.
    static func ownMember(_ p: Principal) -> Int? { p.scope.ownMember ?? p.user.memberId }

    @Sendable
    static func me(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let own = ownMember(p) else {
            return try await req.page("me-none", title: req.strings["me_title"], Empty())
        }
        return try await MemberController.render(req: req, id: own, error: nil, status: .ok, own: true)
    }

    struct Empty: Encodable, Sendable {}

    struct RequestForm: Content { var note: String? }

    @Sendable
    static func request(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let own = ownMember(p) else { throw Abort(.notFound) }
        let (member, unit) = try await Members.readable(id: own, scope: p.scope, on: req.sql)
        let posted = try req.content.decode(MemberController.MemberForm.self)
        let note = VietnameseText.clean(try req.content.decode(RequestForm.self).note ?? "")
        let current = MemberController.MemberForm(member, unitCode: unit.code)
        // Only the fields a member may ask about are taken from the post; the rest stay as they are.
        var wanted = Corrections.values(current)
        let sent = Corrections.values(posted)
        for f in Corrections.fields { if let v = sent[f.name] { wanted[f.name] = v } }
        let form = try JSONDecoder().decode(MemberController.MemberForm.self, from: JSONSerialization.data(withJSONObject: wanted))
        let changes = Corrections.diff(current: current, wanted: form)
        guard !changes.isEmpty else {
            return try await MemberController.render(req: req, id: own, error: "Bạn chưa sửa trường nào: hãy ghi giá trị đúng vào trường cần sửa.",
                                                     status: .unprocessableEntity, own: true)
        }
        if case .failure(let errors) = MemberRules.validate(form.input, today: req.clock.today) {
            return try await MemberController.render(req: req, id: own, error: errors.map(\.sentence).joined(separator: " "),
                                                     status: .unprocessableEntity, own: true)
        }
        _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Corrections.create(member: member, changes: changes, note: note, in: tx)
        }
        return req.redirect(.me, message: "requested")
    }

    @Sendable
    static func index(req: Request) async throws -> Response {
        try await render(req: req, error: nil, status: .ok)
    }

    static func render(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let t = req.strings
        let rows = try await Corrections.pending(scope: p.scope, on: req.sql)
        let items = rows.map { r in
            CorrectionsPage.Item(
                member: r.memberName, memberURL: SiteURL.member(.id(r.memberId)).path, unit: r.unitName,
                at: Clock.parse(r.requestedAt).map(Clock.display) ?? r.requestedAt, note: r.note,
                changes: r.decodedChanges.map { c in
                    .init(label: t[Corrections.fields.first { $0.name == c.field }?.label ?? c.field],
                          old: c.old.isEmpty ? t["none"] : c.old, new: c.new.isEmpty ? t["none"] : c.new)
                },
                approveURL: SiteURL.correctionApprove(.id(r.id)).path, rejectURL: SiteURL.correctionReject(.id(r.id)).path)
        }
        return try await req.page("corrections", title: t["corrections_title"], CorrectionsPage(items: items, error: error), status: status)
    }

    struct DecisionForm: Content { var reason: String? }

    @Sendable static func approve(req: Request) async throws -> Response { try await decide(req: req, approve: true) }
    @Sendable static func reject(req: Request) async throws -> Response { try await decide(req: req, approve: false) }

    static func decide(req: Request, approve: Bool) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let row = try await Corrections.find(id: try req.id(), on: req.sql), p.scope.canWrite(unitPath: row.unitPath) else {
            throw Abort(.notFound)
        }
        let reason = try req.content.decode(DecisionForm.self).reason.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : $0 }
        if !approve && reason == nil {
            return try await render(req: req, error: "Lý do từ chối: không được để trống; người đề nghị sẽ đọc lý do này.", status: .unprocessableEntity)
        }
        let id = row.id
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Corrections.decide(id, approve: approve, note: reason, in: tx)
            }
        } catch let abort as Abort where abort.status == .conflict || abort.status == .unprocessableEntity {
            return try await render(req: req, error: abort.reason, status: abort.status)
        }
        return req.redirect(.corrections, message: approve ? "approved" : "rejected")
    }
}
