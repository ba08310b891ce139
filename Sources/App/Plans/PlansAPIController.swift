import Domain
import Foundation
import SQLKit
import Vapor

/// Plans and inspections in the JSON API (read), with the pages' scope rules.
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
                targets: targets?.map { TargetDTO(id: $0.id, what: $0.what, measure: $0.measure, targetValue: $0.targetValue, owner: $0.owner,
                                                  deadline: $0.deadline, fromParent: $0.parentTargetId != nil, progressValue: $0.progressValue,
                                                  progressNote: $0.progressNote) },
                childrenWithPlan: children.map { $0.filter { $0.status == "published" }.count }, children: children?.count)
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

    struct CorrectionDTO: Content { let id: Int, what: String, owner: String, deadline: String, status: String, closedAt: String?, closingNote: String? }
    struct InspectionDTO: Content {
        let id: Int, unitId: Int, unitName: String, targetUnitId: Int, targetName: String, year: Int, subject: String, title: String
        let plannedOn: String, heldOn: String?, findings: String, status: String, corrections: [CorrectionDTO]?
    }

    static func dto(_ i: Inspections.Row, corrections: [Inspections.Correction]? = nil) -> InspectionDTO {
        InspectionDTO(id: i.id, unitId: i.unitId, unitName: i.unitName, targetUnitId: i.targetUnitId, targetName: i.targetName, year: i.year,
                      subject: i.subject, title: i.title, plannedOn: i.plannedOn, heldOn: i.heldOn, findings: i.findings, status: i.status,
                      corrections: corrections?.map { CorrectionDTO(id: $0.id, what: $0.what, owner: $0.owner, deadline: $0.deadline, status: $0.status,
                                                                    closedAt: $0.closedAt, closingNote: $0.closingNote) })
    }

    @Sendable static func inspections(req: Request) async throws -> ListResult<InspectionDTO> {
        let p = try req.requirePrincipal()
        let rows = try await Inspections.visible(scope: p.scope, year: try InspectionController.year(req), on: req.sql)
        return ListResult(items: rows.map { dto($0) }, total: rows.count, next: nil)
    }

    @Sendable static func inspection(req: Request) async throws -> InspectionDTO {
        let (i, _) = try await InspectionController.visible(req)
        return dto(i, corrections: try await Inspections.corrections(inspection: i.id, on: req.sql))
    }
}
