import Domain
import Foundation
import SQLKit
import Vapor

/// Grassroots unions in a unions' round: the union's self-assessment (by its officials, or an official above it
/// for it) and the appraisal by the round's unit, the level above. Scope decides 404 first; `EvaluationFlow` then
/// answers 403 or 409, as for members.
enum UnitEvaluationController {
    /// The round page's lines: each grassroots union under the unit shown, with its scores, or the way to assess it.
    static func items(_ req: Request, round r: Evaluations.Round, focus: UnitRow, p: Principal,
                      levelName: (String?) -> String) async throws -> [EvaluationRoundPage.Item] {
        let t = req.strings
        return try await UnitEvaluations.candidates(round: r.id, range: focus.subtree, on: req.sql).filter { $0.unitId != r.unitId }.map { c in
            // A union that may not be classified on the round's day says why, and offers no self-assessment.
            if c.evaluationId == nil, let reason = c.verdict(on: r.asOfDate)?.reason {
                return .init(name: c.unitName, unit: reason, url: "", selfScore: "—", selfLevel: "—", reviewScore: "—", reviewLevel: "—",
                             status: t["eval_units_not_eligible"])
            }
            let url: String = c.evaluationId.map { SiteURL.unitEvaluation(.id($0)).path }
                ?? (r.state == .open && p.scope.canWrite(unitPath: c.unitPath) ? SiteURL.evaluationRoundUnitAssess(.id(r.id)).with([("unit", String(c.unitId))]) : "")
            return .init(name: c.unitName, unit: "", url: url, selfScore: c.selfTotal.map { Score(tenths: $0).description } ?? "—",
                         selfLevel: c.selfLevel.map { levelName($0) } ?? "—", reviewScore: c.reviewTotal.map { Score(tenths: $0).description } ?? "—",
                         reviewLevel: levelName(c.finalLevel ?? c.reviewLevel),
                         status: c.status.flatMap(EvaluationFlow.Status.init(rawValue:))?.localized(t) ?? t["eval_units_not_yet"])
        }
    }

    /// The union being assessed (`unit` in the query or form): inside the round's subtree and writable by the person,
    /// else 404.
    static func assessedUnit(_ req: Request, round r: Evaluations.Round, p: Principal) async throws -> UnitRow {
        guard r.ofUnits else { throw Abort(.conflict, reason: "Đợt này đánh giá đoàn viên, không phải công đoàn cơ sở.") }
        let asked = req.query[Int.self, at: "unit"] ?? (try? req.content.get(Int.self, at: "unit"))
        guard let asked else { throw Abort(.unprocessableEntity, reason: "Hãy chọn công đoàn cơ sở cần tự đánh giá.") }
        guard let unit = try await Units.find(id: asked, on: req.sql), PathRange(path: r.unitPath).contains(unit.path), unit.id != r.unitId,
              p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        return unit
    }

    static func capacities(_ p: Principal, round r: Evaluations.Round, unitPath: String) -> Set<EvaluationFlow.Capacity> {
        var c: Set<EvaluationFlow.Capacity> = []
        if p.scope.canWrite(unitPath: unitPath) { c.insert(.owner) }
        // The level above appraises: an official of the round's unit, which is above every union in it.
        if p.scope.canWrite(unitPath: r.unitPath) { c.insert(.reviewer) }
        return c
    }

    @Sendable
    static func assessForm(req: Request) async throws -> Response {
        let (r, p) = try await EvaluationController.visibleRound(req)
        let unit = try await assessedUnit(req, round: r, p: p)
        let existing = try await UnitEvaluations.find(round: r.id, unit: unit.id, on: req.sql)
        try EvaluationController.require(EvaluationController.check(.selfAssess, r, status: existing?.state, by: capacities(p, round: r, unitPath: unit.path),
                                                                    today: req.clock.today))
        return try await render(req: req, round: r, unit: unit, evaluation: existing, review: false, typed: nil, problems: [], status: .ok)
    }

    @Sendable
    static func assessSave(req: Request) async throws -> Response {
        let (r, p) = try await EvaluationController.visibleRound(req)
        let unit = try await assessedUnit(req, round: r, p: p)
        let existing = try await UnitEvaluations.find(round: r.id, unit: unit.id, on: req.sql)
        try EvaluationController.require(EvaluationController.check(.selfAssess, r, status: existing?.state, by: capacities(p, round: r, unitPath: unit.path),
                                                                    today: req.clock.today))
        let typed = EvaluationController.typedScores(req)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        switch Evaluations.sheet(criteria).read(typed) {
        case .failure(let problems):
            return try await render(req: req, round: r, unit: unit, evaluation: existing, review: false, typed: typed, problems: problems.messages,
                                    status: .unprocessableEntity)
        case .success(let scores):
            do {
                let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                    try await UnitEvaluations.selfAssess(round: r, unit: unit, scores: scores, in: tx)
                }
                return req.redirect(to: SiteURL.unitEvaluation(.id(id)).path, redirectType: .normal)
            } catch let abort as Abort where abort.status == .conflict {
                return try await render(req: req, round: r, unit: unit, evaluation: existing, review: false, typed: typed, problems: [abort.reason],
                                        status: .conflict)
            }
        }
    }

    static func visible(_ req: Request) async throws -> (UnitEvaluations.Row, Evaluations.Round, Principal) {
        let p = try req.requirePrincipal()
        guard let e = try await UnitEvaluations.find(id: try req.id(), on: req.sql),
              let r = try await Evaluations.round(id: e.roundId, on: req.sql), p.scope.can(.read, unitPath: e.unitPath) else { throw Abort(.notFound) }
        return (e, r, p)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        let (e, r, _) = try await visible(req)
        guard let unit = try await Units.find(id: e.unitId, on: req.sql) else { throw Abort(.notFound) }
        return try await render(req: req, round: r, unit: unit, evaluation: e, review: true, typed: nil, problems: [], status: .ok)
    }

    @Sendable
    static func review(req: Request) async throws -> Response {
        let (e, r, p) = try await visible(req)
        try EvaluationController.require(EvaluationController.check(.review, r, status: e.state, by: capacities(p, round: r, unitPath: e.unitPath),
                                                                    today: req.clock.today))
        // The union's own officials are not the level above: appraising is for the round's unit only.
        guard p.scope.canWrite(unitPath: r.unitPath) else { throw Abort(.forbidden, reason: "Chỉ cấp trên (đơn vị tổ chức đợt) mới thẩm định công đoàn cơ sở.") }
        guard let unit = try await Units.find(id: e.unitId, on: req.sql) else { throw Abort(.notFound) }
        let typed = EvaluationController.typedScores(req)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        switch Evaluations.sheet(criteria).read(typed) {
        case .failure(let problems):
            return try await render(req: req, round: r, unit: unit, evaluation: e, review: true, typed: typed, problems: problems.messages, status: .unprocessableEntity)
        case .success(let scores):
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                guard let now = try await UnitEvaluations.find(id: e.id, on: tx.sql), let round = try await Evaluations.round(id: r.id, on: tx.sql),
                      round.state == .open, now.state != .approved else {
                    throw Abort(.conflict, reason: "Đợt đánh giá đã phê duyệt và khóa: không thẩm định lại được.")
                }
                try await UnitEvaluations.review(now, round: round, scores: scores, in: tx)
            }
            return req.redirect(to: SiteURL.evaluationRound(.id(r.id)).path, redirectType: .normal)
        }
    }

    static func render(req: Request, round r: Evaluations.Round, unit: UnitRow, evaluation e: UnitEvaluations.Row?, review: Bool,
                       typed: [Int: String]?, problems: [String], status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let rules = try await Evaluations.rules(id: r.rulesId, on: req.sql)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        var scores: [Int: Evaluations.ScoreRow] = [:]
        if let e { scores = try await UnitEvaluations.scores(evaluation: e.id, on: req.sql) }
        let canReview: Bool = {
            guard review, let e, p.scope.canWrite(unitPath: r.unitPath) else { return false }
            if case .success = EvaluationController.check(.review, r, status: e.state, by: capacities(p, round: r, unitPath: e.unitPath), today: req.clock.today) { return true }
            return false
        }()
        let eligibility = try await UnitGrassrootsEligibility.load(for: unit, today: r.asOfDate, t: t, on: req.sql)
        var page = EvaluationSheetPage(
            round: r, rules: rules, t: t, criteria: criteria, scores: scores, evaluation: e, subject: unit.name, unit: eligibility ?? r.unitName,
            review: review, typed: typed,
            postURL: review ? e.map { SiteURL.unitEvaluationReview(.id($0.id)).path } ?? "" : SiteURL.evaluationRoundUnitAssess(.id(r.id)).path,
            memberId: nil, problems: problems, canSubmit: review ? canReview : true)
        page.subjectLabel = t["eval_units_subject"]
        page.unitId = review ? nil : unit.id
        return try await req.page("evaluation-sheet", title: r.title(t), page, status: status)
    }
}
