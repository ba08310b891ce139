import Domain
import Foundation
import SQLKit
import Vapor

/// Evaluation results in the JSON API (read), with the pages' scope rules: the rounds one can see, and a round with
/// its rules, the classification split for a unit and one level down, and the evaluations under that unit.
enum EvaluationsAPIController {
    struct RoundDTO: Content {
        let id: Int, subject: String, kind: String, year: Int, programmeId: Int?, programmeName: String?
        let unitId: Int, unitName: String, opensOn: String, closesOn: String, status: String
        let capRaised: Bool, approvedAt: String?
    }
    struct LevelDTO: Content { let code: String, name: String, minimum: Double }
    struct CriterionDTO: Content { let id: Int, title: String, max: Double, fromRegistration: Bool }
    struct SplitLineDTO: Content { let unitId: Int, unitName: String, total: Int, counts: [String: Int] }
    struct SplitDTO: Content { let total: SplitLineDTO, lines: [SplitLineDTO], final: Bool }
    struct EvaluationDTO: Content {
        let id: Int, memberId: Int, fullName: String, unitId: Int, unitName: String, status: String
        let selfTotal: Double, selfLevel: String, reviewTotal: Double?, reviewLevel: String?, finalLevel: String?
    }
    /// A grassroots union's evaluation in a unions' round.
    struct UnitEvaluationDTO: Content {
        let unitId: Int, unitName: String, id: Int?, status: String?, selfTotal: Double?, selfLevel: String?
        let reviewTotal: Double?, reviewLevel: String?, finalLevel: String?
    }
    struct RoundDetailDTO: Content {
        let round: RoundDTO, levels: [LevelDTO], capPercent: Int?, criteria: [CriterionDTO]
        let unitId: Int?, split: SplitDTO?, evaluations: [EvaluationDTO], unions: [UnitEvaluationDTO]
    }

    static func dto(_ r: Evaluations.Round) -> RoundDTO {
        RoundDTO(id: r.id, subject: r.subject, kind: r.kind, year: r.year, programmeId: r.programmeId, programmeName: r.programmeName, unitId: r.unitId, unitName: r.unitName, opensOn: r.opensOn, closesOn: r.closesOn,
                 status: r.status, capRaised: r.capRaised == 1, approvedAt: r.approvedAt)
    }

    static func points(_ tenths: Int) -> Double { Double(tenths) / 10 }

    @Sendable static func rounds(req: Request) async throws -> ListResult<RoundDTO> {
        let p = try req.requirePrincipal()
        let ownPath = try await RoundController.ownUnitPath(p, on: req.sql)
        let rows = try await Evaluations.visibleRounds(scope: p.scope, ownUnitPath: ownPath, limit: try SessionsAPIController.limit(req), on: req.sql)
        return ListResult(items: rows.map(dto), total: rows.count, next: nil)
    }

    @Sendable static func round(req: Request) async throws -> RoundDetailDTO {
        let (r, p) = try await EvaluationController.visibleRound(req)
        let rules = try await Evaluations.rules(id: r.rulesId, on: req.sql)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        let focus = try await EvaluationController.focusUnit(req, round: r, p: p)
        var split: SplitDTO?
        var evaluations: [EvaluationDTO] = []
        var unions: [UnitEvaluationDTO] = []
        let line = { (l: Evaluations.SplitLine) in SplitLineDTO(unitId: l.unitId, unitName: l.name, total: l.total, counts: l.counts) }
        if let focus, r.ofUnits {
            let s = try await UnitEvaluations.split(round: r, unit: focus, on: req.sql)
            split = SplitDTO(total: line(s.total), lines: s.lines.map(line), final: r.state == .approved)
            unions = try await UnitEvaluations.candidates(round: r.id, range: focus.subtree, on: req.sql).filter { $0.unitId != r.unitId }.map { c in
                UnitEvaluationDTO(unitId: c.unitId, unitName: c.unitName, id: c.evaluationId, status: c.status, selfTotal: c.selfTotal.map(points),
                                  selfLevel: c.selfLevel, reviewTotal: c.reviewTotal.map(points), reviewLevel: c.reviewLevel, finalLevel: c.finalLevel)
            }
        } else if let focus {
            if let s = try await Evaluations.split(round: r, unitId: focus.id, on: req.sql) {
                split = SplitDTO(total: line(s.total), lines: s.lines.map(line), final: r.state == .approved)
            }
            evaluations = try await Evaluations.list(round: r.id, range: focus.subtree, on: req.sql).map { e in
                EvaluationDTO(id: e.id, memberId: e.memberId, fullName: e.fullName, unitId: e.unitId, unitName: e.unitName, status: e.status,
                              selfTotal: points(e.selfTotal), selfLevel: e.selfLevel, reviewTotal: e.reviewTotal.map(points), reviewLevel: e.reviewLevel,
                              finalLevel: e.finalLevel)
            }
        }
        return RoundDetailDTO(
            round: dto(r), levels: rules.bands.map { LevelDTO(code: $0.code, name: $0.name, minimum: points($0.minimum.tenths)) },
            capPercent: rules.cap.map { r.capRaised == 1 ? $0.raisedPercent : $0.percent },
            criteria: criteria.map { CriterionDTO(id: $0.id, title: $0.title, max: points($0.maxTenths), fromRegistration: $0.fromRegistration == 1) },
            unitId: focus?.id, split: split, evaluations: evaluations, unions: unions)
    }
}
