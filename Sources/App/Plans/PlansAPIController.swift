import Domain
import Foundation
import SQLKit
import Vapor

/// Plans and inspections in the JSON API, with the pages' scope rules: read both; write what a unit reports from its
/// own systems through the year (a target's progress, the follow-up and closing of a correction). Out of scope, or
/// not this unit's to write, is a 404 as on the pages; the workflow answers 403, 409 and 422.
enum PlansAPIController {
    struct TargetDTO: Content {
        let id: Int, what: String, measure: String, targetValue: Double, owner: String, deadline: String?, fromParent: Bool
        let progressValue: Double?, progressNote: String
    }
    struct PlanDTO: Content {
        let id: Int, unitId: Int, unitName: String, programmeId: Int, programme: String, year: Int, title: String, parentPlanId: Int?
        let status: String, publishedAt: String?, targets: [TargetDTO]?
        let childrenWithPlan: Int?, children: Int?
    }

    static func dto(_ p: Plans.Row, targets: [Plans.Target]? = nil, children: [Plans.ChildPlan]? = nil) -> PlanDTO {
        PlanDTO(id: p.id, unitId: p.unitId, unitName: p.unitName, programmeId: p.programmeId, programme: p.programmeName, year: p.year,
                title: p.title, parentPlanId: p.parentPlanId, status: p.status, publishedAt: p.publishedAt,
                targets: targets?.map(dto),
                childrenWithPlan: children.map { $0.filter { $0.status == "published" }.count }, children: children?.count)
    }

    static func dto(_ t: Plans.Target) -> TargetDTO {
        TargetDTO(id: t.id, what: t.what, measure: t.measure, targetValue: t.targetValue, owner: t.owner, deadline: t.deadline,
                  fromParent: t.parentTargetId != nil, progressValue: t.progressValue, progressNote: t.progressNote)
    }

    struct ProgressInput: Content { let value: Double; let note: String? }

    /// Progress against a target of a published plan, written by the plan's unit.
    @Sendable static func progress(req: Request) async throws -> TargetDTO {
        let (plan, targetId) = try await PlanController.targetPlan(req)
        guard let input = try? req.content.decode(ProgressInput.self) else {
            throw Abort(.badRequest, reason: "Cần {\"value\": số không âm, \"note\": \"ghi chú\"}.")
        }
        guard input.value.isFinite else { throw Abort(.unprocessableEntity, reason: "Kết quả phải là một số không âm.") }
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Plans.recordProgress(plan: plan.id, target: targetId, value: input.value, note: input.note ?? "", in: tx)
        }
        guard let target = try await Plans.targets(plan: plan.id, on: req.sql).first(where: { $0.id == targetId }) else { throw Abort(.notFound) }
        return dto(target)
    }

    @Sendable static func plans(req: Request) async throws -> ListResult<PlanDTO> {
        let p = try req.requirePrincipal()
        let rows = try await Plans.visible(scope: p.scope, limit: try SessionsAPIController.limit(req), on: req.sql)
        return ListResult(items: rows.map { dto($0) }, total: rows.count, next: nil)
    }

    @Sendable static func plan(req: Request) async throws -> PlanDTO {
        let (plan, p) = try await PlanController.visiblePlan(req)
        let children = p.scope.can(.read, unitPath: plan.unitPath)
            ? try await Plans.children(of: plan.unitId, programmeId: plan.programmeId, year: plan.year, on: req.sql) : nil
        return dto(plan, targets: try await Plans.targets(plan: plan.id, on: req.sql), children: children)
    }

    struct FollowUpDTO: Content { let at: String, author: String, note: String }
    struct CorrectionDTO: Content {
        let id: Int, what: String, owner: String, deadline: String, status: String, closedAt: String?, closingNote: String?
        let followUps: [FollowUpDTO]
    }
    struct InspectionDTO: Content {
        let id: Int, unitId: Int, unitName: String, targetUnitId: Int, targetName: String, year: Int, subject: String, title: String
        let plannedOn: String, heldOn: String?, findings: String, status: String, corrections: [CorrectionDTO]?
    }

    static func dto(_ c: Inspections.Correction, followUps: [Inspections.Followup]) -> CorrectionDTO {
        CorrectionDTO(id: c.id, what: c.what, owner: c.owner, deadline: c.deadline, status: c.status, closedAt: c.closedAt, closingNote: c.closingNote,
                      followUps: followUps.filter { $0.correctionId == c.id }.map { FollowUpDTO(at: $0.at, author: $0.authorName, note: $0.note) })
    }

    static func dto(_ i: Inspections.Row, corrections: [Inspections.Correction]? = nil, followUps: [Inspections.Followup] = []) -> InspectionDTO {
        InspectionDTO(id: i.id, unitId: i.unitId, unitName: i.unitName, targetUnitId: i.targetUnitId, targetName: i.targetName, year: i.year,
                      subject: i.subject, title: i.title, plannedOn: i.plannedOn, heldOn: i.heldOn, findings: i.findings, status: i.status,
                      corrections: corrections?.map { dto($0, followUps: followUps) })
    }

    struct NoteInput: Content { let note: String }

    /// A note on what has been done about a correction, by the inspected unit or the inspector, while it is open.
    @Sendable static func followUp(req: Request) async throws -> CorrectionDTO {
        try await correctionStep(req) { cid, note, tx in try await Inspections.followUp(correction: cid, note: note, in: tx) }
    }

    /// The inspector closes a correction, saying how it was done.
    @Sendable static func close(req: Request) async throws -> CorrectionDTO {
        try await correctionStep(req) { cid, note, tx in try await Inspections.close(correction: cid, note: note, in: tx) }
    }

    private static func correctionStep(_ req: Request, _ step: @escaping @Sendable (Int, String, WriteTransaction) async throws -> Void) async throws -> CorrectionDTO {
        let (i, p, cid) = try await InspectionController.correctionInspection(req)
        guard Inspections.canFollowUp(i, scope: p.scope) else { throw Abort(.notFound) }
        guard let input = try? req.content.decode(NoteInput.self) else { throw Abort(.badRequest, reason: "Cần {\"note\": \"nội dung\"}.") }
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await step(cid, input.note, tx) }
        guard let c = try await Inspections.correction(cid, on: req.sql) else { throw Abort(.notFound) }
        return dto(c, followUps: try await Inspections.followups(inspection: i.id, on: req.sql))
    }

    @Sendable static func inspections(req: Request) async throws -> ListResult<InspectionDTO> {
        let p = try req.requirePrincipal()
        let rows = try await Inspections.visible(scope: p.scope, year: try InspectionController.year(req), on: req.sql)
        return ListResult(items: rows.map { dto($0) }, total: rows.count, next: nil)
    }

    @Sendable static func inspection(req: Request) async throws -> InspectionDTO {
        let (i, _) = try await InspectionController.visible(req)
        return dto(i, corrections: try await Inspections.corrections(inspection: i.id, on: req.sql),
                   followUps: try await Inspections.followups(inspection: i.id, on: req.sql))
    }
}
