import Domain
import Foundation
import SQLKit
import Vapor

/// Inspections: the year's plan, an inspection with its findings, the corrections required and their follow-up.
enum InspectionController {
    @Sendable
    static func index(req: Request) async throws -> Response {
        try await renderIndex(req: req, error: nil, status: .ok)
    }

    static func year(_ req: Request) throws -> Int {
        guard let text = req.query[String.self, at: "year"], !text.isEmpty else { return req.clock.today.year }
        guard let y = Int(text), (2000...2100).contains(y) else { throw Abort(.badRequest, reason: "Năm phải từ 2000 đến 2100.") }
        return y
    }

    static func renderIndex(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let year = try year(req)
        let rows = try await Inspections.visible(scope: p.scope, year: year, on: req.sql)
        let page = InspectionsPage(year: year, rows: rows, canCreate: p.scope.canWriteSomething, day: VNFormat.date(req.clock.today),
                                   subjects: Inspections.Subject.allCases.map { .init(value: $0.rawValue, label: $0.label(t)) }, t: t, error: error)
        return try await req.page("inspections", title: t["inspections_title"], page, status: status)
    }

    struct CreateForm: Content { var unit: String?; var target: String?; var subject: String?; var title: String?; var day: String? }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        guard let f = try? req.content.decode(CreateForm.self) else {
            return try await renderIndex(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        var problems: [String] = []
        var unit: UnitRow?, target: UnitRow?
        switch try await Picks.unit(f.unit, field: "Đơn vị kiểm tra", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): unit = u
        case .failure(let problem): problems.append(problem.message)
        }
        switch try await Picks.unit(f.target, field: "Đơn vị được kiểm tra", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): target = u
        case .failure(let problem): problems.append(problem.message)
        }
        let subject = Inspections.Subject(rawValue: f.subject ?? "")
        if subject == nil { problems.append("Hãy chọn đối tượng kiểm tra.") }
        var day: CivilDate?
        switch CivilDate.read(f.day ?? "") {
        case .success(let d): day = d
        case .failure(let problem): problems.append("Ngày dự kiến: \(problem.message)")
        }
        guard problems.isEmpty, let unit, let target, let subject, let day else {
            return try await renderIndex(req: req, error: problems.joined(separator: " "), status: .unprocessableEntity)
        }
        let input = Inspections.Input(unitId: unit.id, targetUnitId: target.id, subject: subject, title: f.title ?? "", plannedOn: day)
        do {
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Inspections.create(input, in: tx) }
            return req.redirect(to: SiteURL.inspection(.id(id)).path, redirectType: .normal)
        } catch let abort as Abort where abort.status == .unprocessableEntity {
            return try await renderIndex(req: req, error: abort.reason, status: abort.status)
        }
    }

    static func visible(_ req: Request, id: Int? = nil) async throws -> (Inspections.Row, Principal) {
        let p = try req.requirePrincipal()
        guard let i = try await Inspections.find(id: try id ?? req.id(), on: req.sql), Inspections.canRead(i, scope: p.scope) else { throw Abort(.notFound) }
        return (i, p)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        try await renderShow(req: req, id: nil, error: nil, status: .ok)
    }

    static func renderShow(req: Request, id: Int?, error: String?, status: HTTPStatus) async throws -> Response {
        let (i, p) = try await visible(req, id: id)
        let t = req.strings
        let page = InspectionPage(i, corrections: try await Inspections.corrections(inspection: i.id, on: req.sql),
                                  followups: try await Inspections.followups(inspection: i.id, on: req.sql),
                                  canInspect: Inspections.canInspect(i, scope: p.scope), canFollowUp: Inspections.canFollowUp(i, scope: p.scope),
                                  today: req.clock.today, t: t, error: error)
        return try await req.page("inspection", title: i.title, page, status: status)
    }

    static func write(_ req: Request, inspection: Int, _ body: @escaping @Sendable (WriteTransaction) async throws -> Void) async throws -> Response {
        do {
            try await Writes.perform(on: req.db, actor: try req.actor(), body)
        } catch let abort as Abort where [.unprocessableEntity, .conflict, .forbidden].contains(abort.status) {
            return try await renderShow(req: req, id: inspection, error: abort.reason, status: abort.status)
        }
        return req.redirect(SiteURL.inspection(.id(inspection)), message: "saved")
    }

    struct FindingsForm: Content { var day: String?; var findings: String? }

    @Sendable
    static func findings(req: Request) async throws -> Response {
        let (i, p) = try await visible(req)
        guard Inspections.canInspect(i, scope: p.scope) else { throw Abort(.notFound) }
        let f = try? req.content.decode(FindingsForm.self)
        guard case .success(let day) = CivilDate.read(f?.day ?? "") else {
            return try await renderShow(req: req, id: i.id, error: "Ngày kiểm tra: hãy ghi theo dạng dd/mm/yyyy.", status: .unprocessableEntity)
        }
        return try await write(req, inspection: i.id) { tx in
            try await Inspections.recordFindings(inspection: i.id, heldOn: day, findings: f?.findings ?? "", in: tx)
        }
    }

    struct CorrectionForm: Content { var what: String?; var owner: String?; var deadline: String? }

    @Sendable
    static func addCorrection(req: Request) async throws -> Response {
        let (i, p) = try await visible(req)
        guard Inspections.canInspect(i, scope: p.scope) else { throw Abort(.notFound) }
        let f = try? req.content.decode(CorrectionForm.self)
        guard case .success(let due) = CivilDate.read(f?.deadline ?? "") else {
            return try await renderShow(req: req, id: i.id, error: "Hạn khắc phục: hãy ghi theo dạng dd/mm/yyyy.", status: .unprocessableEntity)
        }
        return try await write(req, inspection: i.id) { tx in
            _ = try await Inspections.addCorrection(inspection: i.id, what: f?.what ?? "", owner: f?.owner ?? "", deadline: due, in: tx)
        }
    }

    struct NoteForm: Content { var note: String? }

    static func correctionInspection(_ req: Request) async throws -> (Inspections.Row, Principal, Int) {
        let cid = try req.id()
        guard let c = try await Inspections.correction(cid, on: req.sql) else { throw Abort(.notFound) }
        let (i, p) = try await visible(req, id: c.inspectionId)
        return (i, p, cid)
    }

    @Sendable
    static func followUp(req: Request) async throws -> Response {
        let (i, p, cid) = try await correctionInspection(req)
        guard Inspections.canFollowUp(i, scope: p.scope) else { throw Abort(.notFound) }
        let note = (try? req.content.decode(NoteForm.self))?.note ?? ""
        return try await write(req, inspection: i.id) { tx in try await Inspections.followUp(correction: cid, note: note, in: tx) }
    }

    @Sendable
    static func close(req: Request) async throws -> Response {
        let (i, p, cid) = try await correctionInspection(req)
        guard Inspections.canFollowUp(i, scope: p.scope) else { throw Abort(.notFound) }
        let note = (try? req.content.decode(NoteForm.self))?.note ?? ""
        return try await write(req, inspection: i.id) { tx in try await Inspections.close(correction: cid, note: note, in: tx) }
    }
}
