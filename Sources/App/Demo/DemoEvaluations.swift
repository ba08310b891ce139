import Domain
import Foundation
import SQLKit
import Vapor

/// Evaluation rounds for the demo, through the same code as the pages on their own days:
/// - a finished round of the education union (the half year just past, or last year's year end before July):
///   everyone self-assessed, reviewed and approved, so the unit pages show a classification split;
/// - this half year's round of the first grassroots union, still open: everyone has been reviewed except the member
///   `doan.vien`, and its outstanding members are exactly at the 20% cap, so one more HTXSNV is refused at approval.
enum DemoEvaluations {
    /// Points per criterion of the usual sheet (`Evaluations.defaultSheet`: 20, 40, 25, 15) for each level.
    static let profiles: [ClassificationLevel: [Int]] = [
        .htxsnv: [19, 37, 23, 14], .httnv: [17, 32, 20, 12], .htnv: [13, 26, 15, 8], .khtnv: [10, 18, 12, 5],
    ]

    static func fill(app: Application, console: any Console) async throws {
        let sql = app.sql
        let today = app.clock.today
        func actor(_ d: CivilDate) -> Actor { .demo(app, on: d) }
        let sheet = Evaluations.defaultSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
        guard let education = try await Units.find(code: "TN-GD", on: sql), let first = try await Units.find(code: "TN-CS0001", on: sql) else { return }
        let secondHalf = today.month >= 7

        // The finished round.
        let finished: (kind: String, year: Int, opens: CivilDate, closes: CivilDate, approved: CivilDate) = secondHalf
            ? ("mid_year", today.year, CivilDate(year: today.year, month: 6, day: 15)!, CivilDate(year: today.year, month: 7, day: 5)!,
               CivilDate(year: today.year, month: 7, day: 8)!)
            : ("year_end", today.year - 1, CivilDate(year: today.year - 1, month: 12, day: 1)!, CivilDate(year: today.year - 1, month: 12, day: 20)!,
               CivilDate(year: today.year - 1, month: 12, day: 22)!)
        let done = try await Writes.perform(on: app.db, actor: actor(finished.opens)) { tx in
            try await Evaluations.createRound(.init(kind: finished.kind, year: finished.year, unitId: education.id, opensOn: finished.opens,
                                                    closesOn: finished.closes, sheet: sheet), in: tx)
        }
        let doneCount = try await assessAll(app: app, round: done, skipping: [], selfOn: finished.opens.adding(days: 7),
                                            reviewOn: finished.closes.adding(days: -1))
        try await Writes.perform(on: app.db, actor: actor(finished.approved)) { tx in try await Evaluations.approve(round: done, in: tx) }

        // This half year's round of the first grassroots union, open until in two and a half weeks.
        let own = try await sql.raw("SELECT member_id AS id FROM users WHERE username = 'doan.vien' AND member_id IS NOT NULL")
            .first(decoding: IDRow.self)?.id
        let opens = today.adding(days: -10), closes = today.adding(days: 17)
        let open = try await Writes.perform(on: app.db, actor: actor(opens)) { tx in
            try await Evaluations.createRound(.init(kind: secondHalf ? "year_end" : "mid_year", year: today.year, unitId: first.id, opensOn: opens,
                                                    closesOn: closes, sheet: sheet), in: tx)
        }
        let openCount = try await assessAll(app: app, round: open, skipping: Set([own].compactMap { $0 }), selfOn: opens.adding(days: 2),
                                            reviewOn: today, fillCap: true)
        // The education union's round of its grassroots unions: three have assessed themselves, the first is appraised.
        let unitSheet = Evaluations.defaultUnitSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
        let unionsRound = try await Writes.perform(on: app.db, actor: .demo(app, on: opens)) { tx in
            try await Evaluations.createRound(.init(subject: "grassroots", kind: secondHalf ? "year_end" : "mid_year", year: today.year, unitId: education.id,
                                                    opensOn: opens, closesOn: closes, sheet: unitSheet), in: tx)
        }
        if let r = try await Evaluations.round(id: unionsRound, on: sql) {
            let criteria = try await Evaluations.criteria(round: r.id, on: sql)
            func sheet(_ points: [Int]) -> [Int: Score] {
                Dictionary(uniqueKeysWithValues: criteria.enumerated().map { i, c in (c.id, Score(points: points[min(i, points.count - 1)])) })
            }
            let unions = try await UnitEvaluations.candidates(round: r.id, range: education.subtree, on: sql).filter { $0.unitId != education.id }
            for (i, c) in unions.prefix(3).enumerated() {
                guard let unit = try await Units.find(id: c.unitId, on: sql) else { continue }
                let own = sheet([[27, 26, 22, 13], [25, 24, 20, 12], [22, 21, 18, 10]][i]), appraised = sheet([26, 25, 21, 12])
                try await Writes.perform(on: app.db, actor: .demo(app, on: opens.adding(days: 3 + i))) { tx in
                    let id = try await UnitEvaluations.selfAssess(round: r, unit: unit, scores: own, in: tx)
                    if i == 0, let e = try await UnitEvaluations.find(id: id, on: tx.sql) {
                        try await UnitEvaluations.review(e, round: r, scores: appraised, in: tx)
                    }
                }
            }
        }
        console.print("Đánh giá, xếp loại: 1 đợt đã phê duyệt (\(doneCount) đoàn viên), 1 đợt đang mở (\(openCount) đoàn viên đã được xét), "
                      + "1 đợt xếp loại công đoàn cơ sở đang mở.")
    }

    /// Self-assessment and review of every member of the round but `skipping`, one transaction per unit. Levels follow
    /// the member's place in the unit (mostly HTTNV, a few HTNV and KHTNV) and HTXSNV as many as the cap lets the
    /// unit have: a few when `fillCap` is false, exactly the cap's limit when true.
    @discardableResult
    static func assessAll(app: Application, round id: Int, skipping: Set<Int>, selfOn: CivilDate, reviewOn: CivilDate,
                          fillCap: Bool = false) async throws -> Int {
        let sql = app.sql
        guard let round = try await Evaluations.round(id: id, on: sql) else { return 0 }
        let rules = try await Evaluations.rules(id: round.rulesId, on: sql)
        let criteria = try await Evaluations.criteria(round: id, on: sql)
        struct Standing: Decodable { let memberId: Int; let unitId: Int }
        let d = round.asOf
        let people = try await sql.raw("""
            SELECT mp.member_id, mp.unit_id FROM member_periods mp
            JOIN unit_periods up ON up.unit_id = mp.unit_id AND up.valid_from <= \(bind: d) AND (up.valid_to IS NULL OR up.valid_to > \(bind: d))
            WHERE mp.valid_from <= \(bind: d) AND (mp.valid_to IS NULL OR mp.valid_to > \(bind: d)) AND mp.status = 'active'
              AND \(PathRange(path: round.unitPath).sql("up.path"))
            ORDER BY mp.unit_id, mp.member_id
            """).all(decoding: Standing.self, with: snakeCase)
        var byUnit: [Int: [Int]] = [:]
        for p in people where !skipping.contains(p.memberId) { byUnit[p.unitId, default: []].append(p.memberId) }
        var sheets: [ClassificationLevel: [Int: Score]] = [:]
        for (level, points) in profiles {
            sheets[level] = Dictionary(uniqueKeysWithValues: criteria.enumerated().map { i, c in (c.id, Score(points: points[min(i, points.count - 1)])) })
        }
        let scores = sheets
        var assessed = 0
        for unitId in byUnit.keys.sorted() {
            let members = byUnit[unitId]!
            var levels: [ClassificationLevel] = members.indices.map { i in i % 9 == 8 ? .htnv : i % 23 == 22 ? .khtnv : .httnv }
            // Promote HTTNV members to HTXSNV while the unit stays within the cap.
            let wanted = fillCap ? Int.max : max(1, members.count / 12)
            var promoted = 0
            for i in levels.indices where levels[i] == .httnv && promoted < wanted {
                var trial = levels
                trial[i] = .htxsnv
                let counts = Dictionary(trial.map { ($0.rawValue, 1) }, uniquingKeysWith: +)
                guard rules.capCheck(counts: counts, raised: false)?.isWithin ?? true else { break }
                levels = trial
                promoted += 1
            }
            let given = Array(zip(members, levels))
            try await Writes.perform(on: app.db, actor: .demo(app, on: selfOn)) { tx in
                for (member, level) in given {
                    _ = try await Evaluations.selfAssess(round: round, member: member, scores: scores[level]!, onBehalf: member % 3 == 0, in: tx)
                }
            }
            try await Writes.perform(on: app.db, actor: .demo(app, on: reviewOn)) { tx in
                for (member, level) in given {
                    guard let e = try await Evaluations.find(round: id, member: member, on: tx.sql) else { continue }
                    try await Evaluations.review(e, round: round, scores: scores[level]!, in: tx)
                }
            }
            assessed += members.count
        }
        return assessed
    }
}
