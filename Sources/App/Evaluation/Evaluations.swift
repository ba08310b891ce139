import Domain
import Foundation
import SQLKit
import Vapor

/// Evaluation and classification (issue 17 item 5): rounds, their scoring sheets, members' evaluations and every
/// step of them. All of the feature's SQL is here. Steps are decided by `EvaluationFlow` (Domain); levels, bands
/// and the cap by the round's `ClassificationRules`, read from `classification_rules` when the round is made and
/// kept by id, so a later change of the rules does not change a round already held.
enum Evaluations {
    // MARK: Rules

    struct RulesRow: Decodable, Sendable {
        let id: Int
        let rules: String
        let source: String
        var decoded: ClassificationRules {
            (try? JSONDecoder().decode(ClassificationRules.self, from: Data(rules.utf8))) ?? .defaults
        }
    }

    /// The most specific rules in force on `day` for a unit (its own, else the nearest unit above, else everywhere)
    /// and programme (its own before any programme's).
    static func rules(unitPath: String, programmeId: Int?, on day: CivilDate, sql: any SQLDatabase) async throws -> RulesRow? {
        let ids = PathRange.ids(in: unitPath)
        let units: SQLQueryString = ids.isEmpty ? "c.unit_id IS NULL" : "(c.unit_id IS NULL OR c.unit_id IN (\(binds: ids)))"
        let rows = try await sql.raw("""
            SELECT c.id, c.rules, c.source, c.unit_id, c.programme_id FROM classification_rules c
            WHERE \(units) AND (c.programme_id IS NULL OR c.programme_id = \(bind: programmeId ?? -1))
              AND c.valid_from <= \(bind: day.iso) AND (c.valid_to IS NULL OR c.valid_to > \(bind: day.iso))
            ORDER BY c.valid_from DESC, c.id DESC
            """).all(decoding: RulesCandidate.self, with: snakeCase)
        // Nearest unit first (its depth in the path), then a programme's own rules.
        let best = rows.max { a, b in
            let da = a.unitId.flatMap { ids.firstIndex(of: $0) } ?? -1, db = b.unitId.flatMap { ids.firstIndex(of: $0) } ?? -1
            if da != db { return da < db }
            return (a.programmeId == nil ? 0 : 1) < (b.programmeId == nil ? 0 : 1)
        }
        return best.map { RulesRow(id: $0.id, rules: $0.rules, source: $0.source) }
    }

    private struct RulesCandidate: Decodable { let id: Int; let rules: String; let source: String; let unitId: Int?; let programmeId: Int? }

    static func rules(id: Int, on sql: any SQLDatabase) async throws -> ClassificationRules {
        try await sql.raw("SELECT id, rules, source FROM classification_rules WHERE id = \(bind: id)")
            .first(decoding: RulesRow.self, with: snakeCase)?.decoded ?? .defaults
    }

    // MARK: Rounds

    struct Round: Codable, Sendable, Equatable {
        let id: Int
        let kind: String
        let subject: String
        let year: Int
        let programmeId: Int?
        /// The programme whose rules the round took (none: the unit's rules for any programme).
        let programmeName: String?
        let unitId: Int
        let unitName: String
        let unitPath: String
        let rulesId: Int
        let opensOn: String
        let closesOn: String
        let asOf: String
        let status: String
        let capRaised: Int
        let approvedByName: String?
        let approvedAt: String?

        static let select = """
            SELECT r.id, r.kind, r.subject, r.year, r.programme_id, pg.name AS programme_name, r.unit_id, u.name AS unit_name, r.unit_path,
                   r.rules_id, r.opens_on, r.closes_on, r.as_of, r.status, r.cap_raised, r.approved_by_name, r.approved_at
            FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id LEFT JOIN programmes pg ON pg.id = r.programme_id
            """

        var state: EvaluationFlow.RoundStatus { EvaluationFlow.RoundStatus(rawValue: status) ?? .open }
        var opens: CivilDate { CivilDate(iso: opensOn)! }
        var closes: CivilDate { CivilDate(iso: closesOn)! }
        var asOfDate: CivilDate { CivilDate(iso: asOf)! }
        var isYearEnd: Bool { kind == "year_end" }
        /// A round of grassroots unions (each CĐCS assessed, the round's unit appraising) rather than of members.
        var ofUnits: Bool { subject == "grassroots" }
        func title(_ t: Strings) -> String {
            let base = ofUnits ? t.format(isYearEnd ? "eval_units_title_yearend" : "eval_units_title_midyear", String(year))
                               : t.format(isYearEnd ? "eval_round_title_yearend" : "eval_round_title_midyear", String(year))
            return programmeName.map { base + " — " + $0 } ?? base
        }
    }

    static func round(id: Int, on sql: any SQLDatabase) async throws -> Round? {
        try await sql.raw("\(unsafeRaw: Round.select) WHERE r.id = \(bind: id)").first(decoding: Round.self, with: snakeCase)
    }

    /// Rounds a person may see: held by a unit in their read scope, or held above the unit of their own record.
    static func visibleRounds(scope: Scope, ownUnitPath: String?, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Round] {
        var ids: [Int] = []
        for root in scope.readRoots { ids += PathRange.ids(in: root.low) }
        if let ownUnitPath { ids += PathRange.ids(in: ownUnitPath) }
        let inside: SQLQueryString = scope.isAdmin ? "1 = 1" : scope.readFilter(members: false)
        let above: SQLQueryString = ids.isEmpty ? "1 = 0" : "r.unit_id IN (\(binds: Set(ids).sorted()))"
        return try await sql.raw("""
            \(unsafeRaw: Round.select) WHERE (\(inside) OR \(above)) ORDER BY r.year DESC, r.opens_on DESC, r.id DESC LIMIT \(literal: limit)
            """).all(decoding: Round.self, with: snakeCase)
    }

    struct Criterion: Codable, Sendable, Equatable {
        let id: Int
        let position: Int
        let title: String
        let maxTenths: Int
        let fromRegistration: Int
        var max: Score { Score(tenths: maxTenths) }
    }

    static func criteria(round: Int, on sql: any SQLDatabase) async throws -> [Criterion] {
        try await sql.raw("""
            SELECT id, position, title, max_tenths, from_registration FROM evaluation_criteria WHERE round_id = \(bind: round) ORDER BY position, id
            """).all(decoding: Criterion.self, with: snakeCase)
    }

    static func sheet(_ criteria: [Criterion]) -> ScoreSheet {
        ScoreSheet(criteria: criteria.map { .init(id: $0.id, title: $0.title, maxScore: $0.max) })
    }

    /// The usual sheet (a starting point the official edits): 100 points, the registration's outcome one criterion.
    static let defaultSheet: [(String, Int)] = [
        ("Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật", 20),
        ("Kết quả thực hiện nhiệm vụ chuyên môn được giao", 40),
        ("Tham gia hoạt động công đoàn, học tập, sinh hoạt", 25),
        (RegistrationCriterion.title, 15),
    ]

    /// "Title | points" lines, as the round form writes them.
    struct SheetProblems: Error { let messages: [String] }

    static func readSheet(_ text: String, maxTotal: Score) -> Result<[(String, Score)], SheetProblems> {
        var items: [(String, Score)] = []
        var problems: [String] = []
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = VietnameseText.clean(String(raw))
            if line.isEmpty { continue }
            let parts = line.split(separator: "|", maxSplits: 1).map { VietnameseText.clean(String($0)) }
            guard parts.count == 2, !parts[0].isEmpty, let s = Score(parts[1]), s > .zero else {
                problems.append("Tiêu chí dòng \(n + 1): viết «tên tiêu chí | điểm tối đa», ví dụ «Chấp hành kỷ luật | 20»."); continue
            }
            guard parts[0].count <= 300 else { problems.append("Tiêu chí dòng \(n + 1): tên không quá 300 ký tự."); continue }
            items.append((parts[0], s))
        }
        if items.isEmpty && problems.isEmpty { problems.append("Phiếu đánh giá cần ít nhất một tiêu chí.") }
        if items.count > 30 { problems.append("Phiếu đánh giá không quá 30 tiêu chí.") }
        let total = items.reduce(Score.zero) { $0 + $1.1 }
        if problems.isEmpty, total != maxTotal {
            problems.append("Tổng điểm tối đa các tiêu chí là \(total), phải bằng \(maxTotal) theo quy định xếp loại.")
        }
        return problems.isEmpty ? .success(items) : .failure(SheetProblems(messages: problems))
    }

    /// The usual sheet of a grassroots union's year (Hướng dẫn 1294/HD-TLĐ's areas), 100 points.
    static let defaultUnitSheet: [(String, Int)] = [
        ("Đại diện, bảo vệ quyền, lợi ích hợp pháp, chăm lo đời sống đoàn viên", 30),
        ("Tuyên truyền, học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; phong trào thi đua", 30),
        ("Phát triển đoàn viên, xây dựng tổ chức công đoàn vững mạnh", 25),
        ("Quản lý tài chính, tài sản; công tác kiểm tra", 15),
    ]

    struct RoundInput: Sendable {
        var subject = "members"
        var kind: String
        var year: Int
        var unitId: Int
        var opensOn: CivilDate
        var closesOn: CivilDate
        var sheet: String
        /// The programme the round evaluates (its rules before the unit's general ones); none: outside any programme.
        var programmeId: Int? = nil
    }

    /// A new round of members' evaluation for a unit the writer may change, with its sheet and the rules in force.
    static func createRound(_ input: RoundInput, in tx: WriteTransaction) async throws -> Int {
        let unit = try await tx.requireWrite(unitId: input.unitId)
        guard tx.actor.scope.can(.approveEvaluations, unitPath: unit.path) else {
            throw Abort(.forbidden, reason: "Chỉ cán bộ có quyền phê duyệt đánh giá của đơn vị mới mở được đợt đánh giá.")
        }
        var problems: [String] = []
        if !["mid_year", "year_end"].contains(input.kind) { problems.append("Hãy chọn đánh giá giữa năm hoặc cuối năm.") }
        if !["members", "grassroots"].contains(input.subject) { problems.append("Hãy chọn đánh giá đoàn viên hoặc công đoàn cơ sở.") }
        if !(2000...2100).contains(input.year) { problems.append("Năm phải từ 2000 đến 2100.") }
        if input.closesOn < input.opensOn { problems.append("Ngày kết thúc phải từ ngày bắt đầu trở đi.") }
        var programmeName: String?
        if let programmeId = input.programmeId {
            guard let programme = try await Programmes.find(id: programmeId, on: tx.sql) else {
                throw Abort(.unprocessableEntity, reason: "Chương trình đã chọn không có: hãy chọn lại từ danh sách.")
            }
            programmeName = programme.name
        }
        guard let rulesRow = try await Evaluations.rules(unitPath: unit.path, programmeId: input.programmeId, on: input.closesOn, sql: tx.sql) else {
            throw Abort(.unprocessableEntity, reason: "Không có quy định xếp loại nào còn hiệu lực ngày \(VNFormat.date(input.closesOn)).")
        }
        let rules = rulesRow.decoded
        var sheet: [(String, Score)] = []
        switch readSheet(input.sheet, maxTotal: rules.maxScore) {
        case .success(let s): sheet = s
        case .failure(let p): problems += p.messages
        }
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: " ")) }
        if try await tx.sql.raw("""
            SELECT id FROM evaluation_rounds WHERE unit_id = \(bind: unit.id) AND year = \(bind: input.year) AND kind = \(bind: input.kind)
              AND subject = \(bind: input.subject) AND COALESCE(programme_id, 0) = \(bind: input.programmeId ?? 0)
            """).first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: "\(unit.name) đã có đợt đánh giá này của năm \(input.year)\(programmeName.map { " (\($0))" } ?? "").")
        }
        let id = try await tx.sql.raw("""
            INSERT INTO evaluation_rounds (kind, subject, year, programme_id, unit_id, unit_path, rules_id, opens_on, closes_on, as_of, status,
                                           cap_raised, created_by, created_at)
            VALUES (\(bind: input.kind), \(bind: input.subject), \(bind: input.year), \(bind: input.programmeId), \(bind: unit.id), \(bind: unit.path), \(bind: rulesRow.id),
                    \(bind: input.opensOn.iso), \(bind: input.closesOn.iso), \(bind: input.closesOn.iso), 'open', 0, \(bind: tx.actor.userId), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        for (i, c) in sheet.enumerated() {
            try await tx.sql.raw("""
                INSERT INTO evaluation_criteria (round_id, position, title, max_tenths, from_registration)
                VALUES (\(bind: id), \(bind: i + 1), \(bind: c.0), \(bind: c.1.tenths), \(bind: VietnameseText.fold(c.0) == VietnameseText.fold(RegistrationCriterion.title) ? 1 : 0))
                """).run()
        }
        try await event(round: id, evaluation: nil, step: "create", reason: nil, detail: nil, in: tx)
        tx.audit("create", "evaluation_round", id: id, unit: unit.id,
                 "Mở đợt đánh giá, xếp loại \(input.subject == "grassroots" ? "công đoàn cơ sở" : "đoàn viên") \(input.kind == "year_end" ? "cuối năm" : "giữa năm") \(input.year)\(programmeName.map { " (\($0))" } ?? "") cho \(unit.name), theo \(rulesRow.source): từ \(VNFormat.date(input.opensOn)) đến \(VNFormat.date(input.closesOn))")
        return id
    }

    static func event(round: Int, evaluation: Int?, step: String, reason: String?, detail: String?, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO evaluation_events (round_id, evaluation_id, step, at, user_id, actor_name, reason, detail)
            VALUES (\(bind: round), \(bind: evaluation), \(bind: step), \(bind: tx.timestamp), \(bind: tx.actor.userId), \(bind: tx.actor.username), \(bind: reason), \(bind: detail))
            """).run()
    }

    struct Event: Decodable, Sendable {
        let step: String
        let at: String
        let actorName: String
        let reason: String?
        let detail: String?
    }

    static func roundEvents(round: Int, on sql: any SQLDatabase) async throws -> [Event] {
        try await sql.raw("""
            SELECT step, at, actor_name, reason, detail FROM evaluation_events
            WHERE round_id = \(bind: round) AND evaluation_id IS NULL ORDER BY id
            """).all(decoding: Event.self, with: snakeCase)
    }

    // MARK: Evaluations

    struct Row: Decodable, Sendable {
        let id: Int
        let roundId: Int
        let memberId: Int
        let fullName: String
        let unitId: Int
        let unitName: String
        let unitPath: String
        let status: String
        let selfTotal: Int
        let selfLevel: String
        let onBehalf: Int
        let reviewTotal: Int?
        let reviewLevel: String?
        let reviewedByName: String?
        let finalLevel: String?

        static let select = """
            SELECT e.id, e.round_id, e.member_id, m.full_name, e.unit_id, un.name AS unit_name, e.unit_path, e.status, e.self_total,
                   e.self_level, e.on_behalf, e.review_total, e.review_level, e.reviewed_by_name, e.final_level
            FROM evaluations e JOIN members m ON m.id = e.member_id JOIN units un ON un.id = e.unit_id
            """
        var state: EvaluationFlow.Status { EvaluationFlow.Status(rawValue: status) ?? .selfAssessed }
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE e.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    static func find(round: Int, member: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE e.round_id = \(bind: round) AND e.member_id = \(bind: member)")
            .first(decoding: Row.self, with: snakeCase)
    }

    /// Evaluations under a subtree (paths as they stood on the round's day), in name order. A large subtree (a
    /// province's million) is read the other way round: members in name order, each one's evaluation found by key,
    /// until `limit` are found, instead of sorting them all; a small one sorts its few. The same rows either way
    /// (`largeFrom`: where a subtree counts as large; the tests compare both ways on a small one).
    static func list(round: Int, range: PathRange, after: MemberFilter.Cursor? = nil, limit: Int = 500, largeFrom large: Int = 20_000,
                     on sql: any SQLDatabase) async throws -> [Row] {
        let next: SQLQueryString = after.map { c in
            " AND (m.sort_key > \(bind: c.sortKey) OR (m.sort_key = \(bind: c.sortKey) AND m.id > \(bind: c.id)))"
        } ?? ""
        let n = try await sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM evaluations e WHERE e.round_id = \(bind: round) AND \(range.sql("e.unit_path")) LIMIT \(literal: large)) s
            """).first(decoding: CountRow.self)?.n ?? 0
        if n >= large {
            // CROSS JOIN keeps SQLite's loop on members (their name index gives the order); PostgreSQL plans it freely.
            return try await sql.raw("""
                SELECT e.id, e.round_id, e.member_id, m.full_name, e.unit_id, un.name AS unit_name, e.unit_path, e.status, e.self_total,
                       e.self_level, e.on_behalf, e.review_total, e.review_level, e.reviewed_by_name, e.final_level
                FROM members m CROSS JOIN evaluations e JOIN units un ON un.id = e.unit_id
                WHERE e.member_id = m.id AND e.round_id = \(bind: round) AND \(range.sql("e.unit_path"))\(next)
                ORDER BY m.sort_key, m.id LIMIT \(literal: limit)
                """).all(decoding: Row.self, with: snakeCase)
        }
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE e.round_id = \(bind: round) AND \(range.sql("e.unit_path"))\(next) ORDER BY m.sort_key, m.id LIMIT \(literal: limit)
            """).all(decoding: Row.self, with: snakeCase)
    }

    /// Where the list goes on after a row: its member's place in name order.
    static func cursor(after row: Row, on sql: any SQLDatabase) async throws -> MemberFilter.Cursor? {
        struct K: Decodable { let sortKey: String }
        return try await sql.raw("SELECT sort_key FROM members WHERE id = \(bind: row.memberId)").first(decoding: K.self, with: snakeCase)
            .map { MemberFilter.Cursor(sortKey: $0.sortKey, id: row.memberId) }
    }

    /// How many evaluations a round holds (the confirmations' figure).
    static func count(round: Int, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM evaluations WHERE round_id = \(bind: round)) + (SELECT COUNT(*) FROM unit_evaluations WHERE round_id = \(bind: round)) AS n
            """).first(decoding: CountRow.self)?.n ?? 0
    }

    struct ScoreRow: Decodable, Sendable { let criterionId: Int; let selfTenths: Int; let reviewTenths: Int? }

    static func scores(evaluation: Int, on sql: any SQLDatabase) async throws -> [Int: ScoreRow] {
        let rows = try await sql.raw("""
            SELECT criterion_id, self_tenths, review_tenths FROM evaluation_scores WHERE evaluation_id = \(bind: evaluation)
            """).all(decoding: ScoreRow.self, with: snakeCase)
        return Dictionary(rows.map { ($0.criterionId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Where a member stood on a day: their unit and its path then, if active.
    struct Standing: Decodable, Sendable { let unitId: Int; let path: String }

    static func standing(member: Int, on day: CivilDate, sql: any SQLDatabase) async throws -> Standing? {
        let d = day.iso
        return try await sql.raw("""
            SELECT mp.unit_id, up.path FROM member_periods mp
            JOIN unit_periods up ON up.unit_id = mp.unit_id AND up.valid_from <= \(bind: d) AND (up.valid_to IS NULL OR up.valid_to > \(bind: d))
            WHERE mp.member_id = \(bind: member) AND mp.valid_from <= \(bind: d) AND (mp.valid_to IS NULL OR mp.valid_to > \(bind: d))
              AND mp.status = 'active'
            """).first(decoding: Standing.self, with: snakeCase)
    }

    /// The member's registration of the year, for the "Kết quả thực hiện đăng ký làm theo" criterion: its state, the
    /// secretary's note, and the member's latest self-assessment (year end before mid-year).
    struct RegistrationOutcome: Decodable, Sendable {
        let status: String
        let appraisalNote: String?
        let outcome: String?
        let achieved: String?
        let period: String?
    }

    static func registrationOutcome(member: Int, year: Int, on sql: any SQLDatabase) async throws -> RegistrationOutcome? {
        try await sql.raw("""
            SELECT r.status, r.appraisal_note, a.outcome, a.achieved, a.period FROM registrations r
            LEFT JOIN registration_assessments a ON a.registration_id = r.id
            WHERE r.member_id = \(bind: member) AND r.year = \(bind: year)
            ORDER BY r.id DESC, CASE a.period WHEN 'yearend' THEN 0 WHEN 'midyear' THEN 1 ELSE 2 END LIMIT 1
            """).first(decoding: RegistrationOutcome.self, with: snakeCase)
    }

    // MARK: Steps

    /// A sheet scored under the round's rules: its criteria, total and level.
    struct Graded: Sendable { let rules: ClassificationRules; let criteria: [Criterion]; let total: Score; let level: String }

    static func grade(_ r: Round, _ scores: [Int: Score], on sql: any SQLDatabase) async throws -> Graded {
        let rules = try await Evaluations.rules(id: r.rulesId, on: sql)
        let criteria = try await Evaluations.criteria(round: r.id, on: sql)
        let total = Evaluations.sheet(criteria).total(scores)
        return Graded(rules: rules, criteria: criteria, total: total, level: rules.level(for: total).code)
    }

    /// Where a review is written: a member's evaluation or a grassroots union's.
    enum Sheet { case member, union
        var table: SQLQueryString { self == .member ? "evaluations" : "unit_evaluations" }
        var scores: SQLQueryString { self == .member ? "evaluation_scores" : "unit_evaluation_scores" }
        var key: SQLQueryString { self == .member ? "evaluation_id" : "unit_evaluation_id" }
    }

    /// The reviewer's scores per criterion, total and level, and who reviewed when.
    static func writeReview(_ sheet: Sheet, id: Int, graded g: Graded, scores: [Int: Score], in tx: WriteTransaction) async throws {
        for c in g.criteria {
            try await tx.sql.raw("""
                UPDATE \(sheet.scores) SET review_tenths = \(bind: scores[c.id]?.tenths ?? 0) WHERE \(sheet.key) = \(bind: id) AND criterion_id = \(bind: c.id)
                """).run()
        }
        try await tx.sql.raw("""
            UPDATE \(sheet.table) SET status = 'reviewed', review_total = \(bind: g.total.tenths), review_level = \(bind: g.level),
                   reviewed_by = \(bind: tx.actor.userId), reviewed_by_name = \(bind: tx.actor.username), reviewed_at = \(bind: tx.timestamp),
                   updated_at = \(bind: tx.timestamp)
            WHERE id = \(bind: id)
            """).run()
    }

    /// The member's self-assessment (first or again, until reviewed). `onBehalf` when an official enters it.
    static func selfAssess(round r: Round, member: Int, scores: [Int: Score], onBehalf: Bool, in tx: WriteTransaction) async throws -> Int {
        guard let standing = try await Evaluations.standing(member: member, on: r.asOfDate, sql: tx.sql), PathRange(path: r.unitPath).contains(standing.path) else {
            throw Abort(.conflict, reason: "Đoàn viên không sinh hoạt trong đơn vị của đợt đánh giá vào ngày \(VNFormat.date(r.asOfDate)).")
        }
        let g = try await grade(r, scores, on: tx.sql)
        let (rules, criteria, total, level) = (g.rules, g.criteria, g.total, g.level)
        let existing = try await Evaluations.find(round: r.id, member: member, on: tx.sql)
        let id: Int
        if let existing {
            id = existing.id
            try await tx.sql.raw("""
                UPDATE evaluations SET self_total = \(bind: total.tenths), self_level = \(bind: level), on_behalf = \(bind: onBehalf ? 1 : 0),
                       updated_at = \(bind: tx.timestamp) WHERE id = \(bind: id) AND status = 'self_assessed'
                """).run()
            try await tx.sql.raw("DELETE FROM evaluation_scores WHERE evaluation_id = \(bind: id)").run()
        } else {
            id = try await tx.sql.raw("""
                INSERT INTO evaluations (round_id, member_id, unit_id, unit_path, status, self_total, self_level, on_behalf, created_at, updated_at)
                VALUES (\(bind: r.id), \(bind: member), \(bind: standing.unitId), \(bind: standing.path), 'self_assessed', \(bind: total.tenths),
                        \(bind: level), \(bind: onBehalf ? 1 : 0), \(bind: tx.timestamp), \(bind: tx.timestamp))
                RETURNING id
                """).first(decoding: IDRow.self)!.id
        }
        for c in criteria {
            try await tx.sql.raw("""
                INSERT INTO evaluation_scores (evaluation_id, criterion_id, self_tenths) VALUES (\(bind: id), \(bind: c.id), \(bind: scores[c.id]?.tenths ?? 0))
                """).run()
        }
        let summary = "Tự đánh giá \(total) điểm, \(rules.name(of: level) ?? level)" + (onBehalf ? " (cán bộ nhập thay)" : "")
        try await event(round: r.id, evaluation: id, step: EvaluationFlow.Step.selfAssess.rawValue, reason: nil, detail: summary, in: tx)
        tx.audit("self_assess", "evaluation", id: id, unit: standing.unitId, summary)
        return id
    }

    /// The union group's or executive committee's scores and level.
    static func review(_ e: Row, round r: Round, scores: [Int: Score], in tx: WriteTransaction) async throws {
        let g = try await grade(r, scores, on: tx.sql)
        try await writeReview(.member, id: e.id, graded: g, scores: scores, in: tx)
        let (rules, total, level) = (g.rules, g.total, g.level)
        let summary = "Xét, cho \(e.fullName) \(total) điểm, \(rules.name(of: level) ?? level)"
        try await event(round: r.id, evaluation: e.id, step: EvaluationFlow.Step.review.rawValue, reason: nil, detail: summary, in: tx)
        tx.audit("review", "evaluation", id: e.id, unit: e.unitId, summary)
    }

    /// Reviewed levels per unit (the cap's "same unit and group"), for the cap check.
    struct LevelCount: Decodable, Sendable { let unitId: Int; let unitName: String; let level: String; let n: Int }

    static func reviewedCounts(round: Int, on sql: any SQLDatabase) async throws -> [LevelCount] {
        try await sql.raw("""
            SELECT e.unit_id, un.name AS unit_name, e.review_level AS level, COUNT(*) AS n
            FROM evaluations e JOIN units un ON un.id = e.unit_id
            WHERE e.round_id = \(bind: round) AND e.review_level IS NOT NULL
            GROUP BY e.unit_id, un.name, e.review_level
            """).all(decoding: LevelCount.self, with: snakeCase)
    }

    /// The cap's verdict for every unit of the round; the messages of those over it, each with its unit's name.
    static func capProblems(round r: Round, rules: ClassificationRules, on sql: any SQLDatabase) async throws -> [String] {
        var byUnit: [Int: (name: String, counts: [String: Int])] = [:]
        for c in try await reviewedCounts(round: r.id, on: sql) {
            byUnit[c.unitId, default: (c.unitName, [:])].counts[c.level, default: 0] += c.n
        }
        return VietnameseText.sorted(byUnit.values, byName: \.name).compactMap { unit in
            guard let check = rules.capCheck(counts: unit.counts, raised: r.capRaised == 1), !check.isWithin else { return nil }
            return "\(unit.name): \(check.message)"
        }
    }

    /// Approval: every evaluation reviewed, the cap kept in every unit; then the reviewed levels become final and
    /// the round is locked. A refusal writes nothing.
    static func approve(round id: Int, in tx: WriteTransaction) async throws {
        guard let r = try await round(id: id, on: tx.sql), r.state == .open else {
            throw Abort(.conflict, reason: "Đợt đánh giá đã được phê duyệt rồi.")
        }
        struct Counts: Decodable { let total: Int; let pending: Int? }
        let table: SQLQueryString = r.ofUnits ? "unit_evaluations" : "evaluations"
        let c = try await tx.sql.raw("""
            SELECT COUNT(*) AS total, SUM(CASE WHEN status = 'self_assessed' THEN 1 ELSE 0 END) AS pending
            FROM \(table) WHERE round_id = \(bind: id)
            """).first(decoding: Counts.self)!
        if let blocker = EvaluationFlow.approvalBlocker(selfAssessedOnly: c.pending ?? 0, total: c.total) {
            throw Abort(.conflict, reason: blocker)
        }
        let rules = try await Evaluations.rules(id: r.rulesId, on: tx.sql)
        let over = r.ofUnits ? try await UnitEvaluations.capProblems(round: r, rules: rules, on: tx.sql)
                             : try await Evaluations.capProblems(round: r, rules: rules, on: tx.sql)
        guard over.isEmpty else {
            throw Abort(.conflict, reason: "Chưa phê duyệt được. " + over.joined(separator: " "))
        }
        try await tx.sql.raw("""
            UPDATE \(table) SET status = 'approved', final_level = review_level, updated_at = \(bind: tx.timestamp) WHERE round_id = \(bind: id)
            """).run()
        try await tx.sql.raw("""
            UPDATE evaluation_rounds SET status = 'approved', approved_by = \(bind: tx.actor.userId), approved_by_name = \(bind: tx.actor.username),
                   approved_at = \(bind: tx.timestamp) WHERE id = \(bind: id) AND status = 'open'
            """).run()
        let summary = "Phê duyệt đợt đánh giá năm \(r.year) của \(r.unitName): \(VNFormat.integer(c.total)) \(r.ofUnits ? "công đoàn cơ sở" : "đoàn viên")"
        try await event(round: id, evaluation: nil, step: EvaluationFlow.Step.approveRound.rawValue, reason: nil, detail: summary, in: tx)
        tx.audit("approve", "evaluation_round", id: id, unit: r.unitId, summary)
    }

    /// The level above reopens an approved round, with a reason that is kept; the levels are no longer final.
    static func reopen(round id: Int, reason: String, in tx: WriteTransaction) async throws {
        guard let r = try await round(id: id, on: tx.sql), r.state == .approved else {
            throw Abort(.conflict, reason: "Chỉ mở lại được đợt đã phê duyệt; đợt này đang mở.")
        }
        let table: SQLQueryString = r.ofUnits ? "unit_evaluations" : "evaluations"
        try await tx.sql.raw("""
            UPDATE \(table) SET status = 'reviewed', final_level = NULL, updated_at = \(bind: tx.timestamp) WHERE round_id = \(bind: id) AND status = 'approved'
            """).run()
        try await tx.sql.raw("""
            UPDATE evaluation_rounds SET status = 'open', approved_by = NULL, approved_by_name = NULL, approved_at = NULL WHERE id = \(bind: id)
            """).run()
        try await event(round: id, evaluation: nil, step: EvaluationFlow.Step.reopenRound.rawValue, reason: reason, detail: nil, in: tx)
        tx.audit("reopen", "evaluation_round", id: id, unit: r.unitId, "Mở lại đợt đánh giá năm \(r.year) của \(r.unitName): \(reason)")
    }

    /// The level above raises (or lowers back) the cap for an outstanding unit.
    static func setCapRaised(round id: Int, raised: Bool, reason: String, in tx: WriteTransaction) async throws {
        guard let r = try await round(id: id, on: tx.sql) else { throw Abort(.notFound) }
        try await tx.sql.raw("UPDATE evaluation_rounds SET cap_raised = \(bind: raised ? 1 : 0) WHERE id = \(bind: id)").run()
        let rules = try await Evaluations.rules(id: r.rulesId, on: tx.sql)
        let percent = raised ? rules.cap?.raisedPercent ?? 0 : rules.cap?.percent ?? 0
        let summary = "Tỷ lệ xuất sắc của đợt đánh giá năm \(r.year) (\(r.unitName)): \(percent)%"
        try await event(round: id, evaluation: nil, step: EvaluationFlow.Step.raiseCap.rawValue, reason: reason.isEmpty ? nil : reason, detail: summary, in: tx)
        tx.audit("raise_cap", "evaluation_round", id: id, unit: r.unitId, summary + (reason.isEmpty ? "" : ": \(reason)"))
    }

    // MARK: What awaits

    /// Open rounds covering the member's unit (held at it or above) that they have not assessed themselves in yet.
    static func awaitingSelfAssessment(member: Int, unitPath: String, today: CivilDate, on sql: any SQLDatabase) async throws -> [Round] {
        let ids = PathRange.ids(in: unitPath)
        guard !ids.isEmpty else { return [] }
        return try await sql.raw("""
            \(unsafeRaw: Round.select)
            WHERE r.unit_id IN (\(binds: ids)) AND r.subject = 'members' AND r.status = 'open' AND r.opens_on <= \(bind: today.iso) AND r.closes_on >= \(bind: today.iso)
              AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.round_id = r.id AND e.member_id = \(bind: member))
            ORDER BY r.closes_on LIMIT 5
            """).all(decoding: Round.self, with: snakeCase)
    }

    /// Self-assessments waiting for review in open rounds, counted per round among the units the person may write.
    static func awaitingReviewPart(scope: Scope) -> SQLQueryString {
        """
        SELECT 'eval_review' AS kind, r.id, 0 AS ref, COUNT(*) AS n, r.year, r.kind AS label, '' AS detail, r.closes_on AS due
        FROM evaluation_rounds r JOIN evaluations e ON e.round_id = r.id AND e.status = 'self_assessed' JOIN units u ON u.id = e.unit_id
        WHERE r.status = 'open' AND \(scope.writeFilter())
        GROUP BY r.id, r.kind, r.year, r.closes_on ORDER BY r.closes_on LIMIT 5
        """
    }

    // MARK: Grassroots unions

    /// Whether a grassroots union may be classified on `day` (Hướng dẫn 1294/HD-TLĐ: 12 months of operation, or 6
    /// after a merger into it), or nil for a unit that is not a grassroots union. Its start is its founding date; a
    /// merger is the latest unreversed one into it.
    static func grassrootsEligibility(unit: UnitRow, on day: CivilDate, sql: any SQLDatabase) async throws -> GrassrootsEligibility.Verdict? {
        struct Facts: Decodable { let grassroots: Int; let mergedOn: String? }
        guard let facts = try await sql.raw("""
            SELECT k.grassroots,
                   (SELECT MAX(c.effective_on) FROM tree_changes c
                    WHERE c.kind = 'merge' AND c.target_id = \(bind: unit.id) AND c.reversed_at IS NULL) AS merged_on
            FROM unit_kinds k WHERE k.id = \(bind: unit.kindId)
            """).first(decoding: Facts.self, with: snakeCase), facts.grassroots == 1,
              let since = CivilDate(iso: unit.establishedOn) else { return nil }
        return GrassrootsEligibility.check(operatingSince: since, restructuredOn: facts.mergedOn.flatMap(CivilDate.init(iso:)), on: day)
    }

    // MARK: The classification split

    struct SplitLine: Sendable {
        let unitId: Int
        let name: String
        let counts: [String: Int]
        var total: Int { counts.values.reduce(0, +) }
    }

    private struct PathLevel: Decodable { let path: String; let level: String; let n: Int }

    /// Levels (final where approved, else reviewed) in one round under a unit as the tree stood on the round's day,
    /// for the unit and each unit directly below it: the round's kept counts per path and level
    /// (`KeptCount.evaluationLevels`), summed one level down in the database.
    static func split(round r: Round, unitId: Int, on sql: any SQLDatabase) async throws -> (total: SplitLine, lines: [SplitLine])? {
        guard let range = try await MembersOnDate.subtree(of: unitId, at: r.asOfDate, on: sql) else { return nil }
        let groups = try await sql.raw("""
            SELECT \(range.childSQL("c.unit_path", Dialect(sql))) AS path, c.level, CAST(SUM(c.rated) AS BIGINT) AS n FROM evaluation_level_counts c
            WHERE c.round_id = \(bind: r.id) AND \(range.sql("c.unit_path")) AND c.rated > 0
            GROUP BY 1, 2
            """).all(decoding: PathLevel.self, with: snakeCase)
        return try await fold(groups, unitId: unitId, range: range, on: r.asOfDate, sql: sql)
    }

    /// The latest year and kind (year end before mid-year) with an approved members' round whose evaluations fall
    /// under the unit: rounds held at the unit, above it or below it all count.
    struct Period: Decodable, Sendable { let year: Int; let kind: String; let rulesId: Int }

    static func latestApprovedPeriod(under unit: UnitRow, on sql: any SQLDatabase) async throws -> Period? {
        let ids = PathRange.ids(in: unit.path)
        return try await sql.raw("""
            SELECT r.year, r.kind, r.rules_id FROM evaluation_rounds r
            WHERE r.status = 'approved' AND r.subject = 'members' AND (\(unit.subtree.sql("r.unit_path")) OR r.unit_id IN (\(binds: ids)))
            ORDER BY r.year DESC, r.kind DESC, r.id DESC LIMIT 1
            """).first(decoding: Period.self, with: snakeCase)
    }

    /// Final levels of every approved members' round of a year and kind under a unit's subtree (today's tree), for
    /// the unit and one level down, from the kept counts per round, path and level.
    static func split(period: Period, unit: UnitRow, today: CivilDate, on sql: any SQLDatabase) async throws -> (total: SplitLine, lines: [SplitLine]) {
        let range = unit.subtree
        let groups = try await sql.raw("""
            SELECT \(range.childSQL("c.unit_path", Dialect(sql))) AS path, c.level, CAST(SUM(c.finals) AS BIGINT) AS n
            FROM evaluation_rounds r JOIN evaluation_level_counts c ON c.round_id = r.id
            WHERE r.status = 'approved' AND r.subject = 'members' AND r.year = \(bind: period.year) AND r.kind = \(bind: period.kind)
              AND \(range.sql("c.unit_path")) AND c.finals > 0
            GROUP BY 1, 2
            """).all(decoding: PathLevel.self, with: snakeCase)
        return try await fold(groups, unitId: unit.id, range: range, on: today, sql: sql)
    }

    /// Sums per-path counts into the unit and the units directly below it as the tree stood on `day`.
    private static func fold(_ groups: [PathLevel], unitId: Int, range: PathRange, on day: CivilDate, sql: any SQLDatabase) async throws -> (total: SplitLine, lines: [SplitLine]) {
        let d = day.iso
        struct Child: Decodable { let unitId: Int; let name: String; let path: String }
        let children = try await sql.raw("""
            SELECT c.unit_id, c.name, c.path FROM unit_periods c
            WHERE c.parent_id = \(bind: unitId) AND c.valid_from <= \(bind: d) AND (c.valid_to IS NULL OR c.valid_to > \(bind: d))
            """).all(decoding: Child.self, with: snakeCase)
        struct Name: Decodable { let name: String }
        let name = try await sql.raw("SELECT name FROM units WHERE id = \(bind: unitId)").first(decoding: Name.self)?.name ?? ""
        var total: [String: Int] = [:]
        var byChild: [String: [String: Int]] = [:]
        for g in groups {
            total[g.level, default: 0] += g.n
            let rest = g.path.dropFirst(range.low.count)
            guard g.path.count > range.low.count, let slash = rest.firstIndex(of: "/") else { continue }
            byChild[range.low + rest[...slash], default: [:]][g.level, default: 0] += g.n
        }
        let lines = VietnameseText.sorted(children.map { SplitLine(unitId: $0.unitId, name: $0.name, counts: byChild[$0.path] ?? [:]) }, byName: \.name)
        return (SplitLine(unitId: unitId, name: name, counts: total), lines)
    }
}
