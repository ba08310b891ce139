import Domain
import Foundation
import SQLKit
import Vapor

/// Grassroots unions' evaluation in a round whose subject is 'grassroots': the round is held by the level above,
/// each CĐCS below it that may be classified (12 months of operation, 6 after a merger) scores itself on the round's
/// sheet, the round's unit appraises it, and its approver approves the round with the cap over the unions of the
/// round. All of its SQL is here.
enum UnitEvaluations {
    struct Row: Decodable, Sendable {
        let id: Int
        let roundId: Int
        let unitId: Int
        let unitName: String
        let unitPath: String
        let status: String
        let selfTotal: Int
        let selfLevel: String
        let reviewTotal: Int?
        let reviewLevel: String?
        let reviewedByName: String?
        let finalLevel: String?

        static let select = """
            SELECT e.id, e.round_id, e.unit_id, un.name AS unit_name, e.unit_path, e.status, e.self_total, e.self_level,
                   e.review_total, e.review_level, e.reviewed_by_name, e.final_level
            FROM unit_evaluations e JOIN units un ON un.id = e.unit_id
            """
        var state: EvaluationFlow.Status { EvaluationFlow.Status(rawValue: status) ?? .selfAssessed }
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE e.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    static func find(round: Int, unit: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE e.round_id = \(bind: round) AND e.unit_id = \(bind: unit)")
            .first(decoding: Row.self, with: snakeCase)
    }

    /// The grassroots unions of the round, active today, under `range` (a part of the round's subtree), by name, with
    /// their evaluation when they have one.
    struct Candidate: Decodable, Sendable {
        let unitId: Int
        let unitName: String
        let unitPath: String
        let evaluationId: Int?
        let status: String?
        let selfTotal: Int?
        let selfLevel: String?
        let reviewTotal: Int?
        let reviewLevel: String?
        let finalLevel: String?
        let establishedOn: String?
        let mergedOn: String?

        /// Whether the union may be classified on `day` (12 months of operation, 6 after a merger into it).
        func verdict(on day: CivilDate) -> GrassrootsEligibility.Verdict? {
            guard let since = establishedOn.flatMap(CivilDate.init(iso:)) else { return nil }
            return GrassrootsEligibility.check(operatingSince: since, restructuredOn: mergedOn.flatMap(CivilDate.init(iso:)), on: day)
        }
    }

    static func candidates(round: Int, range: PathRange, limit: Int = 500, on sql: any SQLDatabase) async throws -> [Candidate] {
        try await sql.raw("""
            SELECT u.id AS unit_id, u.name AS unit_name, u.path AS unit_path, e.id AS evaluation_id, e.status, e.self_total, e.self_level,
                   e.review_total, e.review_level, e.final_level, u.established_on,
                   (SELECT MAX(c.effective_on) FROM tree_changes c
                    WHERE c.kind = 'merge' AND c.target_id = u.id AND c.reversed_at IS NULL) AS merged_on
            FROM units u JOIN unit_kinds k ON k.id = u.kind_id AND k.grassroots = 1
            LEFT JOIN unit_evaluations e ON e.round_id = \(bind: round) AND e.unit_id = u.id
            WHERE \(range.sql("u.path")) AND u.status = 'active'
            ORDER BY u.name, u.id LIMIT \(literal: limit)
            """).all(decoding: Candidate.self, with: snakeCase)
    }

    static func scores(evaluation: Int, on sql: any SQLDatabase) async throws -> [Int: Evaluations.ScoreRow] {
        let rows = try await sql.raw("""
            SELECT criterion_id, self_tenths, review_tenths FROM unit_evaluation_scores WHERE unit_evaluation_id = \(bind: evaluation)
            """).all(decoding: Evaluations.ScoreRow.self, with: snakeCase)
        return Dictionary(rows.map { ($0.criterionId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The union's self-assessment (first or again until appraised); refused when the union may not be classified
    /// on the round's day, with the reason.
    static func selfAssess(round r: Evaluations.Round, unit: UnitRow, scores: [Int: Score], in tx: WriteTransaction) async throws -> Int {
        guard r.ofUnits, PathRange(path: r.unitPath).contains(unit.path), unit.id != r.unitId else {
            throw Abort(.conflict, reason: "\(unit.name) không thuộc đợt đánh giá công đoàn cơ sở này.")
        }
        guard let verdict = try await Evaluations.grassrootsEligibility(unit: unit, on: r.asOfDate, sql: tx.sql) else {
            throw Abort(.conflict, reason: "\(unit.name) không phải công đoàn cơ sở: đợt này chỉ xếp loại công đoàn cơ sở.")
        }
        if let reason = verdict.reason { throw Abort(.conflict, reason: "\(unit.name): \(reason)") }
        let g = try await Evaluations.grade(r, scores, on: tx.sql)
        let (rules, criteria, total, level) = (g.rules, g.criteria, g.total, g.level)
        let id: Int
        if let existing = try await find(round: r.id, unit: unit.id, on: tx.sql) {
            guard existing.state == .selfAssessed else { throw Abort(.conflict, reason: "Bản tự đánh giá đã được thẩm định: không tự sửa được nữa.") }
            id = existing.id
            try await tx.sql.raw("""
                UPDATE unit_evaluations SET self_total = \(bind: total.tenths), self_level = \(bind: level), updated_at = \(bind: tx.timestamp)
                WHERE id = \(bind: id) AND status = 'self_assessed'
                """).run()
            try await tx.sql.raw("DELETE FROM unit_evaluation_scores WHERE unit_evaluation_id = \(bind: id)").run()
        } else {
            id = try await tx.sql.raw("""
                INSERT INTO unit_evaluations (round_id, unit_id, unit_path, status, self_total, self_level, created_at, updated_at)
                VALUES (\(bind: r.id), \(bind: unit.id), \(bind: unit.path), 'self_assessed', \(bind: total.tenths), \(bind: level),
                        \(bind: tx.timestamp), \(bind: tx.timestamp))
                RETURNING id
                """).first(decoding: IDRow.self)!.id
        }
        for c in criteria {
            try await tx.sql.raw("""
                INSERT INTO unit_evaluation_scores (unit_evaluation_id, criterion_id, self_tenths) VALUES (\(bind: id), \(bind: c.id), \(bind: scores[c.id]?.tenths ?? 0))
                """).run()
        }
        let summary = "\(unit.name) tự đánh giá \(total) điểm, \(rules.name(of: level) ?? level)"
        try await Evaluations.event(round: r.id, evaluation: nil, step: EvaluationFlow.Step.selfAssess.rawValue, reason: nil, detail: summary, in: tx)
        tx.audit("self_assess", "unit_evaluation", id: id, unit: unit.id, summary)
        return id
    }

    /// The level above's appraisal: its scores and level for the union.
    static func review(_ e: Row, round r: Evaluations.Round, scores: [Int: Score], in tx: WriteTransaction) async throws {
        let g = try await Evaluations.grade(r, scores, on: tx.sql)
        try await Evaluations.writeReview(.union, id: e.id, graded: g, scores: scores, in: tx)
        let (rules, total, level) = (g.rules, g.total, g.level)
        let summary = "Thẩm định \(e.unitName): \(total) điểm, \(rules.name(of: level) ?? level)"
        try await Evaluations.event(round: r.id, evaluation: nil, step: EvaluationFlow.Step.review.rawValue, reason: nil, detail: summary, in: tx)
        tx.audit("review", "unit_evaluation", id: e.id, unit: e.unitId, summary)
    }

    /// The cap over the unions of the round (they are classified side by side by the same level above).
    static func capProblems(round r: Evaluations.Round, rules: ClassificationRules, on sql: any SQLDatabase) async throws -> [String] {
        struct LevelCount: Decodable { let level: String; let n: Int }
        let counts = try await sql.raw("""
            SELECT review_level AS level, COUNT(*) AS n FROM unit_evaluations WHERE round_id = \(bind: r.id) AND review_level IS NOT NULL
            GROUP BY review_level
            """).all(decoding: LevelCount.self)
        let byLevel = Dictionary(counts.map { ($0.level, $0.n) }, uniquingKeysWith: +)
        guard let check = rules.capCheck(counts: byLevel, raised: r.capRaised == 1), !check.isWithin else { return [] }
        return ["Các công đoàn cơ sở của \(r.unitName): \(check.message)"]
    }

    /// Levels (final where approved, else appraised) of the unions under a unit of the round, for the unit and each
    /// unit directly below it.
    static func split(round r: Evaluations.Round, unit: UnitRow, on sql: any SQLDatabase) async throws -> (total: Evaluations.SplitLine, lines: [Evaluations.SplitLine]) {
        struct PathLevel: Decodable { let path: String; let level: String; let n: Int }
        let groups = try await sql.raw("""
            SELECT e.unit_path AS path, COALESCE(e.final_level, e.review_level) AS level, COUNT(*) AS n FROM unit_evaluations e
            WHERE e.round_id = \(bind: r.id) AND \(unit.subtree.sql("e.unit_path")) AND COALESCE(e.final_level, e.review_level) IS NOT NULL
            GROUP BY e.unit_path, COALESCE(e.final_level, e.review_level)
            """).all(decoding: PathLevel.self)
        let children = try await Units.children(of: unit.id, on: sql)
        var total: [String: Int] = [:]
        var lines = children.map { (unit: $0, counts: [String: Int]()) }
        for g in groups {
            total[g.level, default: 0] += g.n
            if let i = lines.firstIndex(where: { PathRange(path: $0.unit.path).contains(g.path) }) { lines[i].counts[g.level, default: 0] += g.n }
        }
        return (Evaluations.SplitLine(unitId: unit.id, name: unit.name, counts: total),
                lines.map { Evaluations.SplitLine(unitId: $0.unit.id, name: $0.unit.name, counts: $0.counts) })
    }

    // MARK: What awaits

    /// Open unions' rounds held above a grassroots union the person writes for, which it has not assessed itself in:
    /// one part per union the person writes for (one or two), over the rounds held at the units above it.
    static func awaitingSelfAssessmentParts(scope: Scope, today: CivilDate) -> [SQLQueryString] {
        scope.writeRoots.prefix(5).compactMap { root in
            let ids = PathRange.ids(in: root.low)
            guard let union = ids.last, ids.count > 1 else { return nil }
            return """
                SELECT 'eval_unit_self' AS kind, r.id, u.id AS ref, 0 AS n, r.year, r.kind AS label, u.name AS detail, r.closes_on AS due
                FROM units u JOIN unit_kinds k ON k.id = u.kind_id AND k.grassroots = 1
                JOIN evaluation_rounds r ON r.subject = 'grassroots' AND r.status = 'open' AND r.unit_id IN (\(binds: Array(ids.dropLast())))
                     AND r.opens_on <= \(bind: today.iso) AND r.closes_on >= \(bind: today.iso)
                WHERE u.id = \(bind: union) AND u.status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM unit_evaluations e WHERE e.round_id = r.id AND e.unit_id = u.id)
                ORDER BY r.closes_on LIMIT 5
                """
        }
    }

    /// Unions' self-assessments waiting for the appraisal of the round's unit, counted per round.
    static func awaitingReviewPart(scope: Scope) -> SQLQueryString {
        """
        SELECT 'eval_unit_review' AS kind, r.id, 0 AS ref, COUNT(*) AS n, r.year, r.kind AS label, '' AS detail, r.closes_on AS due
        FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id JOIN unit_evaluations e ON e.round_id = r.id AND e.status = 'self_assessed'
        WHERE r.status = 'open' AND r.subject = 'grassroots' AND \(scope.writeFilter())
        GROUP BY r.id, r.kind, r.year, r.closes_on ORDER BY r.closes_on LIMIT 5
        """
    }
}
