import Domain
import Foundation
import SQLKit
import Vapor

/// Directive documents: the list (waiting for my units first), a new directive, a directive's page with who has
/// acknowledged one level down, the acknowledgement, the attachments.
enum DirectiveController {
    static let pageSize = 50

    @Sendable
    static func index(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let query = VietnameseText.clean(req.query[String.self, at: "q"] ?? "")
        let after = req.query[String.self, at: "after"].flatMap(Directives.Cursor.init(token:))
        let box = req.query[String.self, at: "box"].flatMap(Directives.Box.init(rawValue:)) ?? .all
        let pending = after == nil && box != .sent
            ? try await Directives.list(scope: p.scope, query: query, pendingOnly: true, after: nil, limit: 100, on: req.sql) : []
        let items = try await Directives.list(scope: p.scope, query: query, box: box, pendingOnly: false, after: after, limit: pageSize, on: req.sql)
        let page = DirectivesPage.make(query: query, box: box, pending: pending, items: items, limit: pageSize, canCreate: p.scope.canWriteSomething, t: t)
        return try await req.page("directives", title: t["directives_title"], page)
    }

    @Sendable
    static func newForm(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        return try await renderForm(req: req, form: nil, error: nil, status: .ok)
    }

    static func renderForm(req: Request, form: CreateForm?, error: String?, status: HTTPStatus) async throws -> Response {
        let t = req.strings
        let page = DirectiveFormPage.make(kind: form?.kind, number: form?.number, issued: form?.issued, issuer: form?.issuer, target: form?.target,
                                          title: form?.title, summary: form?.summary, today: req.clock.today, error: error, t: t)
        return try await req.page("directive-form", title: t["directive_new"], page, status: status)
    }

    struct CreateForm: Content {
        var kind: String?
        var number: String?
        var issued: String?
        var issuer: String?
        var target: String?
        var title: String?
        var summary: String?
        var file1: File?
        var file2: File?
        var file3: File?
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        guard let form = try? req.content.decode(CreateForm.self) else {
            return try await renderForm(req: req, form: nil, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        var problems: [String] = []
        let kind = DirectiveKind(rawValue: form.kind ?? "")
        if kind == nil { problems.append("Loại văn bản: hãy chọn trong danh sách.") }
        var issued: CivilDate?
        switch CivilDate.read(form.issued ?? "") {
        case .success(let d): issued = d
        case .failure(let problem): problems.append("Ngày ban hành: \(problem.message)")
        }
        var issuerId: Int?
        switch try await Picks.unit(form.issuer, field: "Đơn vị ban hành", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): issuerId = u.id
        case .failure(let problem): problems.append(problem.message)
        }
        var targetId: Int?
        if !VietnameseText.clean(form.target ?? "").isEmpty {
            switch try await Picks.unit(form.target, field: "Gửi tới", scope: p.scope, need: .write, on: req.sql) {
            case .success(let u): targetId = u.id
            case .failure(let problem): problems.append(problem.message)
            }
        }
        var files: [Evidence.Checked] = []
        for file in [form.file1, form.file2, form.file3].compactMap({ $0 }) where file.data.readableBytes > 0 || !file.filename.isEmpty {
            do {
                files.append(try Evidence.check(data: Data(buffer: file.data), fileName: file.filename))
            } catch let abort as Abort {
                return try await renderForm(req: req, form: form, error: "\(file.filename): \(abort.reason)", status: abort.status)
            }
        }
        guard problems.isEmpty, let kind, let issued, let issuerId else {
            return try await renderForm(req: req, form: form, error: problems.joined(separator: " "), status: .unprocessableEntity)
        }
        let input = Directives.Input(kind: kind, number: form.number ?? "", issuedOn: issued, issuerId: issuerId, targetId: targetId,
                                     title: form.title ?? "", summary: form.summary ?? "", files: files)
        do {
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Directives.create(input, in: tx) }
            return req.redirect(.directive(.id(id)), message: "directive_created")
        } catch let abort as Abort where abort.status == .unprocessableEntity || abort.status == .conflict {
            return try await renderForm(req: req, form: form, error: abort.reason, status: abort.status)
        }
    }

    /// The unit whose acknowledgements are shown: the one asked for (readable, and the issuer or inside the
    /// target), else the issuer if readable, else the person's highest readable unit inside the target, else the
    /// target itself when the person reads it from above.
    static func focusUnit(_ req: Request, _ d: Directives.Row, p: Principal) async throws -> UnitRow? {
        let target = d.target
        if let asked = req.query[Int.self, at: "unit"] {
            guard let u = try await Units.find(id: asked, on: req.sql), p.scope.canRead(unit: u), u.id == d.issuerId || target.contains(u.path) else {
                throw Abort(.notFound)
            }
            return u
        }
        if let u = try await Units.find(id: d.issuerId, on: req.sql), p.scope.canRead(unit: u) { return u }
        for root in p.scope.readRoots where target.contains(root.low) {
            if let id = PathRange.ids(in: root.low).last, let u = try await Units.find(id: id, on: req.sql) { return u }
        }
        if let u = try await Units.find(id: d.targetId, on: req.sql), p.scope.canRead(unit: u) { return u }
        return nil
    }

    /// Everything the directive's page and the API show: the focus unit's line, its children, the way up, and
    /// the units the person may acknowledge for now.
    struct View: Sendable {
        let focus: UnitRow?
        let total: Directives.Line?
        let children: [Directives.Line]
        let upURL: String?
        let ackUnits: [Directives.UnitRef]
    }

    static func view(_ req: Request, _ d: Directives.Row, p: Principal) async throws -> View {
        let focus = try await focusUnit(req, d, p: p)
        var total: Directives.Line?, children: [Directives.Line] = [], up: String?
        var ack = try await Directives.pendingUnits(d, scope: p.scope, on: req.sql)
        if let focus {
            (total, children) = try await Directives.rollup(d, focusId: focus.id, on: req.sql)
            if focus.id != d.issuerId, let parentId = focus.parentId, let parent = try await Units.find(id: parentId, on: req.sql),
               p.scope.canRead(unit: parent), parent.id == d.issuerId || d.target.contains(parent.path) {
                up = SiteURL.directive(.id(d.id)).with([("unit", String(parent.id))])
            }
            // The unit looked at, when it still has to acknowledge and the person may do it for it.
            if let total, total.selfRecipient == 1, total.selfAt == nil, focus.isActive, p.scope.canWrite(unitPath: focus.path),
               !p.scope.canWrite(unitPath: d.issuerPath), !ack.contains(where: { $0.id == focus.id }) {
                ack.insert(.init(id: focus.id, name: focus.name), at: 0)
            }
        }
        return View(focus: focus, total: total, children: children, upURL: up, ackUnits: ack)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let d = try await Directives.readable(id: try req.id(), scope: p.scope, on: req.sql)
        let v = try await view(req, d, p: p)
        let files = try await Directives.files(of: d.id, on: req.sql)
        var total = v.total
        if total == nil, let focus = v.focus {
            total = .init(unitId: focus.id, name: focus.name, parentId: focus.parentId, expected: 0, acknowledged: 0, selfRecipient: 0, selfAt: nil, selfBy: nil)
        }
        let page = DirectivePage.make(d, files: files, focus: total, children: v.children, upURL: v.upURL, ackUnits: v.ackUnits, t: req.strings)
        return try await req.page("directive", title: d.name, page)
    }

    struct AckForm: Content { var unit: String? }

    @Sendable
    static func acknowledge(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let d = try await Directives.readable(id: try req.id(), scope: p.scope, on: req.sql)
        let form = try? req.content.decode(AckForm.self)
        var unitId = form?.unit.flatMap { Int($0) }
        if unitId == nil {
            let waiting = try await Directives.pendingUnits(d, scope: p.scope, on: req.sql)
            let mine = waiting.isEmpty ? try await Directives.pendingUnits(d, scope: p.scope, done: true, on: req.sql) : waiting
            guard let first = mine.first else { throw Abort(.forbidden, reason: "Không có đơn vị nào của bạn phải xác nhận văn bản này.") }
            unitId = first.id
        }
        let unit = unitId!
        let outcome = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Directives.acknowledge(d, unitId: unit, in: tx) }
        let back = SiteURL.directive(.id(d.id)).with([("unit", String(unit)), ("msg", outcome == .recorded ? "directive_acknowledged" : "directive_already")])
        return req.redirect(to: back, redirectType: .normal)
    }

    /// An attachment, to those who may read the directive.
    @Sendable
    static func file(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let file = try await Directives.file(id: try req.id(), on: req.sql) else { throw Abort(.notFound) }
        _ = try await Directives.readable(id: file.ownerId, scope: p.scope, on: req.sql)
        return Evidence.response(file)
    }
}
