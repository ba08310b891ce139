import Domain
import Foundation
import SQLKit
import Vapor

/// Yearly plans: the list, a new plan built from the one above, its targets adjusted, published, and progress.
enum PlanController {
    @Sendable
    static func index(req: Request) async throws -> Response {
        try await renderIndex(req: req, error: nil, status: .ok)
    }

    static func renderIndex(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let plans = try await Plans.visible(scope: p.scope, on: req.sql)
        let programmes = p.scope.canWriteSomething ? try await Programmes.all(on: req.sql) : []
        let page = PlansPage(items: plans.map { .init($0, t: t) }, canCreate: p.scope.canWriteSomething,
                             programmes: programmes.map { .init(id: $0.id, name: $0.name) }, year: String(req.clock.today.year),
                             postURL: SiteURL.plans.path, error: error)
        return try await req.page("plans", title: t["plans_title"], page, status: status)
    }

    struct CreateForm: Content { var unit: String?; var programme: Int?; var year: Int? }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        guard let f = try? req.content.decode(CreateForm.self) else {
            return try await renderIndex(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        var problems: [String] = []
        var unitId: Int?
        switch try await Picks.unit(f.unit, field: "Đơn vị", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): unitId = u.id
        case .failure(let problem): problems.append(problem.message)
        }
        if f.programme == nil { problems.append("Hãy chọn chương trình.") }
        if f.year == nil { problems.append("Hãy ghi năm.") }
        guard problems.isEmpty, let unitId, let programme = f.programme, let year = f.year else {
            return try await renderIndex(req: req, error: problems.joined(separator: " "), status: .unprocessableEntity)
        }
        do {
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Plans.create(unitId: unitId, programmeId: programme, year: year, in: tx)
            }
            return req.redirect(to: SiteURL.plan(.id(id)).path, redirectType: .normal)
        } catch let abort as Abort where abort.status == .unprocessableEntity || abort.status == .conflict {
            return try await renderIndex(req: req, error: abort.reason, status: abort.status)
        }
    }

    static func visiblePlan(_ req: Request, id: Int? = nil) async throws -> (Plans.Row, Principal) {
        let p = try req.requirePrincipal()
        guard let plan = try await Plans.find(id: try id ?? req.id(), on: req.sql), Plans.canRead(plan, scope: p.scope) else { throw Abort(.notFound) }
        return (plan, p)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        try await renderShow(req: req, planId: nil, error: nil, status: .ok)
    }

    static func renderShow(req: Request, planId: Int?, error: String?, status: HTTPStatus) async throws -> Response {
        let (plan, p) = try await visiblePlan(req, id: planId)
        let t = req.strings
        let targets = try await Plans.targets(plan: plan.id, on: req.sql)
        let parent: Plans.Row? = if let id = plan.parentPlanId { try await Plans.find(id: id, on: req.sql) } else { nil }
        var children: [Plans.ChildPlan] = []
        var grassroots: Plans.Grassroots?
        if p.scope.can(.read, unitPath: plan.unitPath), let unit = try await Units.find(id: plan.unitId, on: req.sql) {
            children = try await Plans.children(of: plan.unitId, programmeId: plan.programmeId, year: plan.year, on: req.sql)
            grassroots = try await Plans.grassroots(under: unit, programmeId: plan.programmeId, year: plan.year, on: req.sql)
        }
        let page = PlanPage(plan, parent: parent, targets: targets, children: children, grassroots: grassroots,
                            canWrite: p.scope.canWrite(unitPath: plan.unitPath), t: t, error: error)
        return try await req.page("plan", title: plan.title, page, status: status)
    }

    struct TargetForm: Content { var what: String?; var measure: String?; var value: String?; var owner: String?; var deadline: String? }

    static func readTarget(_ req: Request) throws -> Result<Plans.TargetInput, FieldProblem> {
        guard let f = try? req.content.decode(TargetForm.self) else { return .failure(.init(field: "", message: "Dữ liệu gửi lên không đọc được.")) }
        return Plans.validate(what: f.what ?? "", measure: f.measure ?? "", value: f.value ?? "", owner: f.owner ?? "", deadline: f.deadline ?? "")
    }

    /// Runs a write on the plan, then shows the plan again: with the message of a refusal, or the saved flash.
    static func write(_ req: Request, plan: Plans.Row, _ body: @escaping @Sendable (WriteTransaction) async throws -> Void) async throws -> Response {
        do {
            try await Writes.perform(on: req.db, actor: try req.actor(), body)
        } catch let abort as Abort where [.unprocessableEntity, .conflict].contains(abort.status) {
            return try await renderShow(req: req, planId: plan.id, error: abort.reason, status: abort.status)
        }
        return req.redirect(SiteURL.plan(.id(plan.id)), message: "saved")
    }

    @Sendable
    static func addTarget(req: Request) async throws -> Response {
        let (plan, p) = try await visiblePlan(req)
        guard p.scope.canWrite(unitPath: plan.unitPath) else { throw Abort(.notFound) }
        switch try readTarget(req) {
        case .failure(let problem): return try await renderShow(req: req, planId: plan.id, error: problem.message, status: .unprocessableEntity)
        case .success(let input):
            return try await write(req, plan: plan) { tx in _ = try await Plans.addTarget(plan: plan.id, input, in: tx) }
        }
    }

    static func targetPlan(_ req: Request) async throws -> (Plans.Row, Int) {
        let target = try req.id()
        guard let planId = try await Plans.planOf(target: target, on: req.sql) else { throw Abort(.notFound) }
        let (plan, p) = try await visiblePlan(req, id: planId)
        guard p.scope.canWrite(unitPath: plan.unitPath) else { throw Abort(.notFound) }
        return (plan, target)
    }

    @Sendable
    static func updateTarget(req: Request) async throws -> Response {
        let (plan, target) = try await targetPlan(req)
        switch try readTarget(req) {
        case .failure(let problem): return try await renderShow(req: req, planId: plan.id, error: problem.message, status: .unprocessableEntity)
        case .success(let input):
            return try await write(req, plan: plan) { tx in try await Plans.updateTarget(plan: plan.id, target: target, input, in: tx) }
        }
    }

    struct ProgressForm: Content { var value: String?; var note: String? }

    @Sendable
    static func progress(req: Request) async throws -> Response {
        let (plan, target) = try await targetPlan(req)
        let f = try? req.content.decode(ProgressForm.self)
        guard let value = VNFormat.parseNumber(f?.value ?? "") else {
            return try await renderShow(req: req, planId: plan.id, error: "Kết quả phải là một số, ví dụ 85 hoặc 97,5.", status: .unprocessableEntity)
        }
        return try await write(req, plan: plan) { tx in
            try await Plans.recordProgress(plan: plan.id, target: target, value: value, note: f?.note ?? "", in: tx)
        }
    }

    @Sendable
    static func publish(req: Request) async throws -> Response {
        let (plan, p) = try await visiblePlan(req)
        guard p.scope.canWrite(unitPath: plan.unitPath) else { throw Abort(.notFound) }
        return try await write(req, plan: plan) { tx in try await Plans.publish(plan: plan.id, in: tx) }
    }
}
