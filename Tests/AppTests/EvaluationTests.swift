import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Evaluation and classification (issue 17 item 5): every step by every role, allowed and refused (out of scope is a
/// 404), the bands, the cap at approval with its rounding and the level above's raise, locking and reopening by the
/// level above only, and the split on the unit page; on both databases.
@Suite struct EvaluationTests {
    /// An official of the grassroots union A1 (the fixture's "official" is of province A, the level above A1).
    static func officialOfA1(_ app: Application) async throws {
        _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
            try await Accounts.create(username: "officialA1", password: Fixture.password, displayName: "Cán bộ A1",
                                      grant: .init(role: .official, unitCode: "A1"), in: tx, cost: 4, app: app)
        }
    }

    /// `count` more members in a unit, active since 2020.
    static func members(_ app: Application, unit: String, count: Int, from: Int) async throws -> [Int] {
        var ids: [Int] = []
        for i in 0..<count {
            let given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long"]
            let input = MemberInput(fullName: "Đoàn Văn \(given[(from + i) % given.count])", birthDate: "15/03/1990", gender: "Nam", ethnicity: "Kinh",
                                    citizenID: "001090" + String(format: "%06d", 500 + from + i), unitCode: unit, unionJoinDate: "01/09/2015", education: "Đại học")
            guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { Issue.record("member \(i) invalid"); continue }
            let unitId = try await Units.find(code: unit, on: app.sql)!.id
            ids.append(try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.create(draft, unitId: unitId, on: CivilDate(year: 2020, month: 1, day: 1)!, in: tx)
            })
        }
        return ids
    }

    static func round(_ app: Application, unit: Int, kind: String = "year_end", programme: Int? = nil) async throws -> Evaluations.Round {
        let today = CivilDate.today()
        let sheet = Evaluations.defaultSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
        let id = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
            try await Evaluations.createRound(.init(kind: kind, year: today.year, unitId: unit, opensOn: today.adding(days: -5),
                                                    closesOn: today.adding(days: 10), sheet: sheet, programmeId: programme), in: tx)
        }
        return try await Evaluations.round(id: id, on: app.sql)!
    }

    /// Scores for the default sheet adding up to `total` tenths (20 / 40 / 25 / 15 at most).
    static func form(_ criteria: [Evaluations.Criterion], total: Int) -> [String: String] {
        var left = total, form: [String: String] = [:]
        for c in criteria {
            let s = min(left, c.maxTenths)
            left -= s
            form["c\(c.id)"] = Score(tenths: s).description
        }
        return form
    }

    static func scores(_ criteria: [Evaluations.Criterion], total: Int) -> [Int: Score] {
        var out: [Int: Score] = [:]
        for (k, v) in form(criteria, total: total) { out[Int(k.dropFirst())!] = Score(v)! }
        return out
    }

    struct EvalState: Decodable { let status: String; let selfLevel: String; let reviewLevel: String?; let finalLevel: String?; let onBehalf: Int }

    static func state(_ app: Application, round: Int, member: Int) async throws -> EvalState? {
        try await app.sql.raw("""
            SELECT status, self_level, review_level, final_level, on_behalf FROM evaluations WHERE round_id = \(bind: round) AND member_id = \(bind: member)
            """).first(decoding: EvalState.self, with: snakeCase)
    }

    static func roundStatus(_ app: Application, _ id: Int) async throws -> String {
        struct S: Decodable { let status: String }
        return try await app.sql.raw("SELECT status FROM evaluation_rounds WHERE id = \(bind: id)").first(decoding: S.self)!.status
    }

    @Test(arguments: TestDB.enabled)
    func workflowByEveryRole(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await Self.officialOfA1(app)
            var b: [String: Browser] = [:]
            for name in ["member", "officialA1", "official", "viewer", "secretary", "officialB", "admin"] {
                b[name] = Browser(app)
                try await b[name]!.login(name)
            }
            let today = CivilDate.today()
            // Creating: officials who approve evaluations; a bad sheet is refused whole; others do not see the form's route.
            try await b["officialA1"]!.send(.GET, SiteURL.evaluationRounds.path)
            let base = ["kind": "year_end", "year": String(today.year), "unit": "A1", "opens": today.adding(days: -5).vietnamese,
                        "closes": today.adding(days: 10).vietnamese]
            var bad = base
            bad["sheet"] = "Chính trị | 50\nChuyên môn | 40"
            let refused = try await b["officialA1"]!.send(.POST, SiteURL.evaluationRounds.path, form: bad)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("phải bằng 100"))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM evaluation_rounds").first(decoding: CountRow.self)!.n == 0)
            var good = base
            good["sheet"] = Evaluations.defaultSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
            for name in ["viewer", "secretary", "member"] {
                try await b[name]!.send(.GET, SiteURL.evaluationRounds.path)
                #expect(try await b[name]!.send(.POST, SiteURL.evaluationRounds.path, form: good).status == .notFound, "\(name)")
            }
            #expect(try await b["officialB"]!.send(.POST, SiteURL.evaluationRounds.path, form: good).status == .unprocessableEntity)
            #expect(try await b["officialA1"]!.send(.POST, SiteURL.evaluationRounds.path, form: good).status == .seeOther)
            let roundId = try #require(try await app.sql.raw("SELECT id FROM evaluation_rounds").first(decoding: IDRow.self)?.id)
            let criteria = try await Evaluations.criteria(round: roundId, on: app.sql)
            #expect(criteria.count == 4 && criteria.last?.fromRegistration == 1)
            let roundURL = SiteURL.evaluationRound(.id(roundId)).path
            // Reading the round: the unit, the level above, the member's own; not another province.
            for name in ["member", "officialA1", "official", "viewer", "secretary", "admin"] {
                #expect(try await b[name]!.send(.GET, roundURL).status == .ok, "\(name)")
            }
            #expect(try await b["officialB"]!.send(.GET, roundURL).status == .notFound)
            // Self-assessment by the member: bad input refused with the reason, nothing written.
            let assess = SiteURL.evaluationRoundAssess(.id(roundId)).path
            let member = b["member"]!
            // What awaits the member on the home page: the self-assessment, until it is made.
            #expect(try await member.send(.GET, "/").text.contains("Tự đánh giá, xếp loại: Đánh giá, xếp loại đoàn viên cuối năm \(today.year)"))
            #expect(try await member.send(.GET, assess).status == .ok)
            var typed = Self.form(criteria, total: 910)
            typed["c\(criteria[0].id)"] = "21"
            let over = try await member.send(.POST, assess, form: typed)
            #expect(over.status == .unprocessableEntity && over.text.contains("tối đa 20 điểm"))
            #expect(try await Self.state(app, round: roundId, member: f.members["mA1"]!) == nil)
            #expect(try await member.send(.POST, assess, form: Self.form(criteria, total: 910)).status == .seeOther)
            var s = try #require(try await Self.state(app, round: roundId, member: f.members["mA1"]!))
            #expect(s.status == "self_assessed" && s.selfLevel == "HTXSNV" && s.onBehalf == 0)
            #expect(try await member.send(.GET, "/").text.contains("Tự đánh giá, xếp loại:") == false)
            // …and the review awaiting the unit's official.
            #expect(try await b["officialA1"]!.send(.GET, "/").text.contains("Xét 1 phiếu tự đánh giá"))
            // On behalf of a member: an official of the unit, not a viewer or a secretary; another province cannot see it.
            let mA1a = f.members["mA1a"]!
            for name in ["viewer", "secretary"] {
                try await b[name]!.send(.GET, roundURL)
                #expect(try await b[name]!.send(.POST, assess, form: Self.form(criteria, total: 750).merging(["member": String(mA1a)]) { a, _ in a }).status == .forbidden, "\(name)")
            }
            #expect(try await b["officialB"]!.send(.POST, assess, form: Self.form(criteria, total: 750).merging(["member": String(mA1a)]) { a, _ in a }).status == .notFound)
            #expect(try await member.send(.POST, assess, form: Self.form(criteria, total: 750).merging(["member": String(f.members["mB1"]!)]) { a, _ in a }).status == .notFound)
            let officialA1 = b["officialA1"]!
            try await officialA1.send(.GET, roundURL)
            #expect(try await officialA1.send(.POST, assess, form: Self.form(criteria, total: 750).merging(["member": String(mA1a)]) { a, _ in a }).status == .seeOther)
            #expect(try await Self.state(app, round: roundId, member: mA1a)?.onBehalf == 1)
            // Without script the picker sends only the typed name, settled on the server.
            let byName = try await officialA1.send(.GET, assess + "?member=&memberText=" + "Trần Văn Bình".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(byName.status == .ok && byName.text.contains("Trần Văn Bình"))
            // Review: the unit's official; not the member, a viewer or a secretary; another province gets a 404.
            let own = try #require(try await Evaluations.find(round: roundId, member: f.members["mA1"]!, on: app.sql))
            let reviewURL = SiteURL.evaluationReview(.id(own.id)).path
            for name in ["member", "viewer", "secretary"] {
                #expect(try await b[name]!.send(.GET, SiteURL.evaluation(.id(own.id)).path).status == .ok, "\(name)")
                #expect(try await b[name]!.send(.POST, reviewURL, form: Self.form(criteria, total: 899)).status == .forbidden, "\(name)")
            }
            #expect(try await b["officialB"]!.send(.GET, SiteURL.evaluation(.id(own.id)).path).status == .notFound)
            #expect(try await b["officialB"]!.send(.POST, reviewURL, form: Self.form(criteria, total: 899)).status == .notFound)
            // 89,9 is HTTNV (the boundary).
            #expect(try await officialA1.send(.POST, reviewURL, form: Self.form(criteria, total: 899)).status == .seeOther)
            s = try #require(try await Self.state(app, round: roundId, member: f.members["mA1"]!))
            #expect(s.status == "reviewed" && s.reviewLevel == "HTTNV")
            // Once reviewed the member cannot change it.
            #expect(try await member.send(.POST, assess, form: Self.form(criteria, total: 1000)).status == .conflict)
            // Approval: only the unit's approvers; not while an evaluation awaits review.
            for name in ["member", "viewer", "secretary"] {
                #expect(try await b[name]!.send(.POST, SiteURL.evaluationRoundApprove(.id(roundId)).path, form: [:]).status == .forbidden, "\(name)")
            }
            #expect(try await b["officialB"]!.send(.POST, SiteURL.evaluationRoundApprove(.id(roundId)).path, form: [:]).status == .notFound)
            let pending = try await officialA1.send(.POST, SiteURL.evaluationRoundApprove(.id(roundId)).path, form: ["confirmed": "1"])
            #expect(pending.status == .conflict && pending.text.contains("Còn 1 bản đánh giá chưa được xét"))
            let other = try #require(try await Evaluations.find(round: roundId, member: mA1a, on: app.sql))
            #expect(try await officialA1.send(.POST, SiteURL.evaluationReview(.id(other.id)).path, form: Self.form(criteria, total: 700)).status == .seeOther)
            // The confirmation first (nothing written), then the approval.
            let confirm = try await officialA1.send(.POST, SiteURL.evaluationRoundApprove(.id(roundId)).path, form: [:])
            #expect(confirm.status == .ok && confirm.text.contains("2 đoàn viên trở thành kết quả chính thức"))
            #expect(try await Self.roundStatus(app, roundId) == "open")
            #expect(try await officialA1.send(.POST, SiteURL.evaluationRoundApprove(.id(roundId)).path, form: ["confirmed": "1"]).status == .seeOther)
            #expect(try await Self.roundStatus(app, roundId) == "approved")
            #expect(try await Self.state(app, round: roundId, member: mA1a)?.finalLevel == "HTTNV")
            // Locked: no review, no self-assessment, no second approval.
            #expect(try await officialA1.send(.POST, SiteURL.evaluationReview(.id(other.id)).path, form: Self.form(criteria, total: 950)).status == .conflict)
            #expect(try await officialA1.send(.POST, SiteURL.evaluationRoundApprove(.id(roundId)).path, form: ["confirmed": "1"]).status == .conflict)
            // The unit page shows the split: 2 HTTNV, 100,0%.
            let unitPage = try await officialA1.send(.GET, SiteURL.unit(.id(f.units["A1"]!.id)).path)
            #expect(unitPage.text.contains("id=\"classification\"") && unitPage.text.contains("2 (100,0%)"))
            #expect(unitPage.text.contains("href=\"\(SiteURL.evaluationRounds.path)\""))
            let provincePage = try await b["official"]!.send(.GET, SiteURL.unit(.id(f.units["A"]!.id)).path)
            #expect(provincePage.text.contains("id=\"classification\"") && provincePage.text.contains("2 (100,0%)"))
            // Reopening: the level above only, with a reason, after a confirmation; the reason is kept and shown.
            let reopen = SiteURL.evaluationRoundReopen(.id(roundId)).path
            #expect(try await officialA1.send(.POST, reopen, form: ["reason": "Sai điểm", "confirmed": "1"]).status == .forbidden)
            for name in ["member", "viewer", "secretary"] {
                #expect(try await b[name]!.send(.POST, reopen, form: ["reason": "Sai điểm", "confirmed": "1"]).status == .forbidden, "\(name)")
            }
            #expect(try await b["officialB"]!.send(.POST, reopen, form: ["reason": "Sai điểm", "confirmed": "1"]).status == .notFound)
            let official = b["official"]!
            try await official.send(.GET, roundURL)
            #expect(try await official.send(.POST, reopen, form: ["reason": "  ", "confirmed": "1"]).status == .unprocessableEntity)
            let ask = try await official.send(.POST, reopen, form: ["reason": "Chấm sai tiêu chí 2 của một đoàn viên"])
            #expect(ask.status == .ok && ask.text.contains("không còn là chính thức"))
            #expect(try await Self.roundStatus(app, roundId) == "approved")
            #expect(try await official.send(.POST, reopen, form: ["reason": "Chấm sai tiêu chí 2 của một đoàn viên", "confirmed": "1"]).status == .seeOther)
            #expect(try await Self.roundStatus(app, roundId) == "open")
            #expect(try await Self.state(app, round: roundId, member: mA1a)?.finalLevel == nil)
            #expect(try await official.send(.GET, roundURL).text.contains("Chấm sai tiêu chí 2 của một đoàn viên"))
            #expect(try await official.send(.POST, reopen, form: ["reason": "Lần nữa", "confirmed": "1"]).status == .conflict)
            // Every step is in the register.
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity IN ('evaluation', 'evaluation_round')").first(decoding: CountRow.self)!.n
            #expect(audited == 7)
        }
    }

    /// The cap at approval: refused with how many are over and nothing written; raised by the level above; rounding
    /// taken from the rules in force for the unit (dated data).
    @Test(arguments: TestDB.enabled)
    func capAndRounding(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let a2 = f.units["A2"]!
            let extra = try await Self.members(app, unit: "A2", count: 4, from: 0)
            let everyone = extra + [f.members["mA2"]!]
            let round = try await Self.round(app, unit: a2.id)
            let criteria = try await Evaluations.criteria(round: round.id, on: app.sql)
            // Four rated HTTNV (80), one HTXSNV (95): 20% of 4 rounded down is 0, so one is over.
            for (i, m) in everyone.enumerated() {
                let total = i == everyone.count - 1 ? 950 : 800
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    let id = try await Evaluations.selfAssess(round: round, member: m, scores: Self.scores(criteria, total: total), onBehalf: true, in: tx)
                    try await Evaluations.review(try await Evaluations.find(id: id, on: tx.sql)!, round: round, scores: Self.scores(criteria, total: total), in: tx)
                }
            }
            let official = Browser(app), officialB = Browser(app)
            try await official.login("official")
            try await officialB.login("officialB")
            let roundURL = SiteURL.evaluationRound(.id(round.id)).path
            let page = try await official.send(.GET, roundURL)
            #expect(page.text.contains("thừa 1"))
            let approve = SiteURL.evaluationRoundApprove(.id(round.id)).path
            let refused = try await official.send(.POST, approve, form: ["confirmed": "1"])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("\(a2.name): Số xếp loại Hoàn thành xuất sắc nhiệm vụ (1) vượt 20% số Hoàn thành tốt nhiệm vụ (4 → tối đa 0): thừa 1."))
            #expect(try await Self.roundStatus(app, round.id) == "open")
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM evaluations WHERE final_level IS NOT NULL").first(decoding: CountRow.self)!.n == 0)
            // The unconfirmed post says the same before any confirmation.
            #expect(try await official.send(.POST, approve, form: [:]).status == .conflict)
            // Raising the cap is the level above's: the province official for A2; not another province.
            let cap = SiteURL.evaluationRoundCap(.id(round.id)).path
            #expect(try await officialB.send(.POST, cap, form: ["raised": "1"]).status == .notFound)
            #expect(try await official.send(.POST, cap, form: ["raised": "1", "reason": "Đơn vị tiêu biểu"]).status == .seeOther)
            #expect(try await official.send(.POST, approve, form: ["confirmed": "1"]).status == .seeOther)
            #expect(try await Self.roundStatus(app, round.id) == "approved")
            // Rules are dated data per unit: A2's own rules round to the nearest, so 20% of 4 (0,8) allows one.
            var nearest = ClassificationRules.defaults
            nearest.cap?.rounding = .nearest
            let json = String(decoding: try JSONEncoder().encode(nearest), as: UTF8.self)
            try await app.sql.raw("""
                INSERT INTO classification_rules (programme_id, unit_id, valid_from, valid_to, rules, source)
                VALUES (NULL, \(bind: a2.id), '2020-01-01', NULL, \(bind: json), 'Hướng dẫn thử của đơn vị')
                """).run()
            let mid = try await Self.round(app, unit: a2.id, kind: "mid_year")
            #expect(mid.rulesId != round.rulesId)
            // The mid-year round has its own criteria: scored through them.
            let midCriteria = try await Evaluations.criteria(round: mid.id, on: app.sql)
            for (i, m) in everyone.enumerated() {
                let total = i == everyone.count - 1 ? 900 : 700
                try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    let id = try await Evaluations.selfAssess(round: mid, member: m, scores: Self.scores(midCriteria, total: total), onBehalf: true, in: tx)
                    try await Evaluations.review(try await Evaluations.find(id: id, on: tx.sql)!, round: mid, scores: Self.scores(midCriteria, total: total), in: tx)
                }
            }
            #expect(try await official.send(.POST, SiteURL.evaluationRoundApprove(.id(mid.id)).path, form: ["confirmed": "1"]).status == .seeOther)
            struct Final: Decodable { let finalLevel: String }
            let levels = try await app.sql.raw("SELECT final_level FROM evaluations WHERE round_id = \(bind: mid.id) ORDER BY final_level")
                .all(decoding: Final.self, with: snakeCase).map(\.finalLevel)
            #expect(levels == ["HTTNV", "HTTNV", "HTTNV", "HTTNV", "HTXSNV"])
            // The split, one level down from the province, in one pass: A2 has 5, A1 none.
            let split = try #require(try await Evaluations.split(round: mid, unitId: f.units["A"]!.id, on: app.sql))
            #expect(split.total.counts == ["HTTNV": 4, "HTXSNV": 1])
            #expect(split.lines.first { $0.unitId == a2.id }?.total == 5)
            #expect(split.lines.first { $0.unitId == f.units["A1"]!.id }?.total == 0)
            #expect(VNFormat.percent(part: 4, whole: 5) == "80,0%")
            // The round page's list read the other way round (members in name order, as for a province): the same rows.
            let sorted = try await Evaluations.list(round: mid.id, range: f.units["A"]!.subtree, on: app.sql).map(\.id)
            let probed = try await Evaluations.list(round: mid.id, range: f.units["A"]!.subtree, largeFrom: 1, on: app.sql).map(\.id)
            #expect(sorted.count == 5 && probed == sorted)
            // A page at a time, either way: two, then the rest after the second's member.
            for large in [1, 20_000] {
                let first = try await Evaluations.list(round: mid.id, range: f.units["A"]!.subtree, limit: 2, largeFrom: large, on: app.sql)
                let cursor = try #require(try await Evaluations.cursor(after: first[1], on: app.sql))
                let rest = try await Evaluations.list(round: mid.id, range: f.units["A"]!.subtree, after: cursor, limit: 10, largeFrom: large, on: app.sql)
                #expect(first.map(\.id) + rest.map(\.id) == sorted, "\(large)")
            }
            // The page says it is a page only when there is more than one.
            let whole = try await official.send(.GET, SiteURL.evaluationRound(.id(mid.id)).path)
            #expect(whole.status == .ok && !whole.text.contains("Xem những người tiếp theo"))
            #expect(try await official.send(.GET, SiteURL.evaluationRound(.id(mid.id)).with([("after", "???")])).status == .badRequest)
            // The same results in the API, with the same scope: the province sees A2's split; another province, or a unit
            // outside the round's, gets 404.
            let api = SiteURL.api(.evaluationRound(.id(mid.id))).path
            let answer = try await official.send(.GET, api)
            #expect(answer.status == .ok)
            struct Detail: Decodable {
                struct Split: Decodable { struct Line: Decodable { let unitId: Int; let total: Int; let counts: [String: Int] }; let total: Line; let lines: [Line]; let final: Bool }
                struct E: Decodable { let finalLevel: String?; let selfTotal: Double }
                let split: Split?; let evaluations: [E]; let capPercent: Int?
            }
            let detail = try JSONDecoder().decode(Detail.self, from: Data(answer.text.utf8))
            #expect(detail.split?.total.counts == ["HTTNV": 4, "HTXSNV": 1] && detail.split?.final == true)
            #expect(detail.split?.total.unitId == a2.id && detail.split?.total.total == 5)
            #expect(try await official.send(.GET, SiteURL.api(.evaluationRound(.id(mid.id))).with([("unit", String(f.units["A1"]!.id))])).status == .notFound)
            #expect(detail.evaluations.count == 5 && detail.evaluations.contains { $0.selfTotal == 90 && $0.finalLevel == "HTXSNV" })
            #expect(try await officialB.send(.GET, api).status == .notFound)
            let list = try await official.send(.GET, SiteURL.api(.evaluationRounds).path)
            #expect(list.status == .ok && list.text.contains("\"kind\":\"mid_year\""))
            #expect(try await official.send(.GET, SiteURL.api(.evaluationRounds).with([("limit", "0")])).status == .badRequest)
        }
    }

    /// A unions' round held by the province: each grassroots union assesses itself (its officials), the province
    /// appraises, the cap applies over the unions of the round, a union not yet classifiable is refused with why.
    @Test(arguments: TestDB.enabled)
    func grassrootsRoundByEveryRole(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await Self.officialOfA1(app)
            let today = CivilDate.today()
            let official = Browser(app), officialA1 = Browser(app), viewer = Browser(app), member = Browser(app), officialB = Browser(app)
            for (b, name) in [(official, "official"), (officialA1, "officialA1"), (viewer, "viewer"), (member, "member"), (officialB, "officialB")] {
                try await b.login(name)
                try await b.send(.GET, SiteURL.evaluationRounds.path)
            }
            // The province opens it; the members' sheet left in the form becomes the unions' usual sheet.
            let membersSheet = Evaluations.defaultSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
            let made = try await official.send(.POST, SiteURL.evaluationRounds.path, form: [
                "subject": "grassroots", "kind": "year_end", "year": String(today.year), "unit": "A",
                "opens": VNFormat.date(today.adding(days: -1)), "closes": VNFormat.date(today.adding(days: 10)), "sheet": membersSheet])
            #expect(made.status == .seeOther)
            let roundId = try #require(try await app.sql.raw("SELECT id FROM evaluation_rounds WHERE subject = 'grassroots'").first(decoding: IDRow.self)?.id)
            let round = try #require(try await Evaluations.round(id: roundId, on: app.sql))
            let criteria = try await Evaluations.criteria(round: roundId, on: app.sql)
            #expect(criteria.map(\.title) == Evaluations.defaultUnitSheet.map(\.0))
            let page = try await official.send(.GET, SiteURL.evaluationRound(.id(roundId)).path)
            #expect(page.text.contains("Đánh giá, xếp loại công đoàn cơ sở cuối năm") && page.text.contains("Công đoàn Sở Tư pháp")
                    && page.text.contains("Chưa tự đánh giá"))

            // A1's own official assesses A1, not A2; the other province and a member do not reach it; a member's sheet is not for this round.
            let assess = SiteURL.evaluationRoundUnitAssess(.id(roundId))
            let a1 = f.units["A1"]!, a2 = f.units["A2"]!
            // A1's official finds it waiting on the home page.
            #expect(try await officialA1.send(.GET, SiteURL.home.path).text.contains("Tự đánh giá của Công đoàn Trường THPT Long Xuyên"))
            #expect(try await officialA1.send(.GET, assess.with([("unit", String(a1.id))])).status == .ok)
            #expect(try await officialA1.send(.GET, assess.with([("unit", String(a2.id))])).status == .notFound)
            #expect(try await viewer.send(.GET, assess.with([("unit", String(a1.id))])).status == .notFound)
            #expect(try await officialB.send(.GET, assess.with([("unit", String(a1.id))])).status == .notFound)
            #expect(try await member.send(.GET, SiteURL.evaluationRoundAssess(.id(roundId)).path).status == .conflict)
            var form = Self.form(criteria, total: 950)
            form["unit"] = String(a1.id)
            let bad = try await officialA1.send(.POST, assess.path, form: ["unit": String(a1.id), "c\(criteria[0].id)": "99"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await officialA1.send(.POST, assess.path, form: form).status == .seeOther)
            let e1 = try #require(try await UnitEvaluations.find(round: roundId, unit: a1.id, on: app.sql))
            #expect(e1.state == .selfAssessed && e1.selfLevel == "HTXSNV")

            // Appraisal is the level above's: A1's official may not appraise its own union.
            let review1 = SiteURL.unitEvaluationReview(.id(e1.id)).path
            #expect(try await official.send(.GET, SiteURL.home.path).text.contains("Thẩm định 1 công đoàn cơ sở"))
            #expect(try await officialA1.send(.POST, review1, form: Self.form(criteria, total: 950)).status == .forbidden)
            #expect(try await viewer.send(.GET, SiteURL.unitEvaluation(.id(e1.id)).path).status == .ok)
            #expect(try await member.send(.GET, SiteURL.unitEvaluation(.id(e1.id)).path).status == .notFound)
            #expect(try await official.send(.POST, review1, form: Self.form(criteria, total: 950)).status == .seeOther)
            // The province enters A2's for it and appraises it HTTNV.
            var form2 = Self.form(criteria, total: 800)
            form2["unit"] = String(a2.id)
            #expect(try await official.send(.POST, assess.path, form: form2).status == .seeOther)
            let e2 = try #require(try await UnitEvaluations.find(round: roundId, unit: a2.id, on: app.sql))
            #expect(try await official.send(.POST, SiteURL.unitEvaluationReview(.id(e2.id)).path, form: Self.form(criteria, total: 800)).status == .seeOther)

            // One HTXSNV against one HTTNV: 20% of 1 rounded down is 0, one over.
            let approve = SiteURL.evaluationRoundApprove(.id(roundId)).path
            let refused = try await official.send(.POST, approve, form: ["confirmed": "1"])
            #expect(refused.status == .conflict && refused.text.contains("Các công đoàn cơ sở của \(f.units["A"]!.name)") && refused.text.contains("thừa 1"))
            #expect(try await Self.roundStatus(app, roundId) == "open")
            #expect(try await official.send(.POST, review1, form: Self.form(criteria, total: 850)).status == .seeOther)
            #expect(try await official.send(.POST, approve, form: ["confirmed": "1"]).status == .seeOther)
            #expect(try await Self.roundStatus(app, roundId) == "approved")
            #expect(try await UnitEvaluations.find(id: e1.id, on: app.sql)?.finalLevel == "HTTNV")
            // Locked: neither a new assessment nor a new appraisal.
            #expect(try await official.send(.POST, review1, form: Self.form(criteria, total: 950)).status == .conflict)
            let api = try await official.send(.GET, SiteURL.api(.evaluationRound(.id(roundId))).path)
            #expect(api.status == .ok && api.text.contains("\"subject\":\"grassroots\"") && api.text.contains("\"unions\":[") && api.text.contains("Công đoàn Sở Tư pháp"))
            let split = try await UnitEvaluations.split(round: round, unit: f.units["A"]!, on: app.sql)
            #expect(split.total.counts == ["HTTNV": 2] && split.lines.first { $0.unitId == a2.id }?.total == 1)

            // A union founded three months ago is not yet classified: refused with why, nothing written.
            let young = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Units.create(.init(code: "A3", name: "Công đoàn Công ty Mới", kindId: a1.kindId, parentId: f.units["A"]!.id, partyCellId: nil,
                                             on: today.adding(days: -90)), in: tx)
            }
            let second = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Evaluations.createRound(.init(subject: "grassroots", kind: "mid_year", year: today.year, unitId: f.units["A"]!.id,
                                                        opensOn: today.adding(days: -1), closesOn: today.adding(days: 10),
                                                        sheet: Evaluations.defaultUnitSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")), in: tx)
            }
            var form3 = Self.form(try await Evaluations.criteria(round: second, on: app.sql), total: 800)
            form3["unit"] = String(young.id)
            let tooYoung = try await official.send(.POST, SiteURL.evaluationRoundUnitAssess(.id(second)).path, form: form3)
            #expect(tooYoung.status == .conflict && tooYoung.text.contains("Công đoàn Công ty Mới"))
            #expect(try await UnitEvaluations.find(round: second, unit: young.id, on: app.sql) == nil)
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'unit_evaluation'").first(decoding: CountRow.self)!.n
            #expect(audited == 5)
        }
    }

    /// The rules page: rules are dated rows per unit, set by whoever approves the unit's evaluations, never backdated,
    /// checked, audited, and taken by the rounds opened after them.
    @Test(arguments: TestDB.enabled)
    func rulesAsDatedData(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let official = Browser(app), viewer = Browser(app)
            try await official.login("official")
            try await viewer.login("viewer")
            let url = SiteURL.classificationRules.path
            let page = try await official.send(.GET, url)
            #expect(page.status == .ok && page.text.contains("Mọi đơn vị (mặc định)") && page.text.contains("366-QĐ/TW") && page.text.contains("Đặt quy định riêng"))
            let seen = try await viewer.send(.GET, url)
            #expect(seen.status == .ok && !seen.text.contains("Đặt quy định riêng"))
            let today = CivilDate.today()
            func form(_ unit: String, _ from: CivilDate, _ top: String = "85", _ good: String = "70") -> [String: String] {
                ["unit": unit, "from": VNFormat.date(from), "htxsnv": top, "httnv": good, "htnv": "50", "percent": "25", "raised": "30",
                 "rounding": "nearest", "source": "Hướng dẫn 05/HD-LĐLĐ ngày 02/01"]
            }
            #expect(try await viewer.send(.POST, url, form: form("A2", today)).status == .notFound)
            let backdated = try await official.send(.POST, url, form: form("A2", today.adding(days: -1)))
            #expect(backdated.status == .unprocessableEntity && backdated.text.contains("không ghi lùi ngày"))
            let upsideDown = try await official.send(.POST, url, form: form("A2", today, "70", "80"))
            #expect(upsideDown.status == .unprocessableEntity && upsideDown.text.contains("giảm dần"))
            #expect(try await official.send(.POST, url, form: form("B1", today)).status == .unprocessableEntity)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM classification_rules").first(decoding: CountRow.self)!.n == 1)
            #expect(try await official.send(.POST, url, form: form("A2", today)).status == .seeOther)
            let again = try await official.send(.POST, url, form: form("A2", today))
            #expect(again.status == .conflict && again.text.contains("đã có quy định xếp loại từ ngày"))
            // A later set ends the first the day it starts.
            #expect(try await official.send(.POST, url, form: form("A2", today.adding(days: 30), "88")).status == .seeOther)
            struct R: Decodable { let validFrom: String; let validTo: String? }
            let a2 = f.units["A2"]!
            let rows = try await app.sql.raw("SELECT valid_from, valid_to FROM classification_rules WHERE unit_id = \(bind: a2.id) ORDER BY valid_from")
                .all(decoding: R.self, with: snakeCase)
            #expect(rows.count == 2 && rows[0].validTo == today.adding(days: 30).iso && rows[1].validTo == nil)
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'classification_rules'").first(decoding: CountRow.self)!.n
            #expect(audited == 2)
            // A round at A2 closing before the second set takes the first: 85 is outstanding there, 20% is 25%.
            let round = try await Self.round(app, unit: a2.id)
            let rules = try await Evaluations.rules(id: round.rulesId, on: app.sql)
            #expect(rules.level(for: Score(points: 85)).code == "HTXSNV" && rules.cap?.percent == 25 && rules.cap?.rounding == .nearest)
            #expect(try await official.send(.GET, url).text.contains("Đang áp dụng"))
        }
    }

    /// Rules are dated data per programme and unit: a unit's rules for one programme go before its rules for any,
    /// a round for that programme takes them, and a unit holds one round of a kind per programme.
    @Test(arguments: TestDB.enabled)
    func rulesPerProgramme(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let official = Browser(app)
            try await official.login("official")
            let programmes = try await Programmes.all(on: app.sql)
            let p1 = programmes[0], p2 = programmes[1]
            let today = CivilDate.today()
            let url = SiteURL.classificationRules.path
            func form(_ programme: String, _ top: String) -> [String: String] {
                ["unit": "A2", "programme": programme, "from": VNFormat.date(today), "htxsnv": top, "httnv": "70", "htnv": "50",
                 "percent": "20", "raised": "25", "rounding": "floor", "source": "Hướng dẫn 07/HD-CĐVC"]
            }
            #expect(try await official.send(.POST, url, form: form("", "85")).status == .seeOther)
            // The same day, the same unit, another programme: its own row, not a conflict.
            #expect(try await official.send(.POST, url, form: form(String(p1.id), "95")).status == .seeOther)
            let twice = try await official.send(.POST, url, form: form(String(p1.id), "96"))
            #expect(twice.status == .conflict && twice.text.contains(p1.name))
            #expect(try await official.send(.POST, url, form: form("abc", "95")).status == .unprocessableEntity)
            let unknown = try await official.send(.POST, url, form: form("999999", "95"))
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("hãy chọn lại từ danh sách"))
            let page = try await official.send(.GET, url)
            #expect(page.text.contains("\(f.units["A2"]!.name)</strong> · \(p1.name)") && page.text.contains("</strong> · mọi chương trình"))

            let a2 = f.units["A2"]!.id
            let general = try await Self.round(app, unit: a2)
            let forP1 = try await Self.round(app, unit: a2, programme: p1.id)
            let forP2 = try await Self.round(app, unit: a2, programme: p2.id)
            #expect(general.programmeId == nil && forP1.programmeName == p1.name && forP1.rulesId != general.rulesId && forP2.rulesId == general.rulesId)
            let rulesP1 = try await Evaluations.rules(id: forP1.rulesId, on: app.sql)
            let rulesGeneral = try await Evaluations.rules(id: general.rulesId, on: app.sql)
            #expect(rulesP1.level(for: Score(points: 90)).code == "HTTNV" && rulesGeneral.level(for: Score(points: 90)).code == "HTXSNV")
            // A round of the same kind, year and programme again is refused, by the form too.
            let rounds = SiteURL.evaluationRounds.path
            func roundForm(_ programme: String) -> [String: String] {
                ["subject": "members", "kind": "year_end", "year": String(today.year), "unit": "A2", "programme": programme,
                 "opens": VNFormat.date(today), "closes": VNFormat.date(today.adding(days: 10)),
                 "sheet": Evaluations.defaultSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")]
            }
            let again = try await official.send(.POST, rounds, form: roundForm(String(p1.id)))
            #expect(again.status == .conflict && again.text.contains(p1.name))
            #expect(try await official.send(.POST, rounds, form: roundForm("")).status == .conflict)
            #expect(try await official.send(.POST, rounds, form: roundForm("x")).status == .unprocessableEntity)
            let p3 = programmes[2]
            let made = try await official.send(.POST, rounds, form: roundForm(String(p3.id)))
            #expect(made.status == .seeOther)
            let shown = try await official.send(.GET, made.headers.first(name: .location)!)
            #expect(shown.status == .ok && shown.text.contains(p3.name))
            // The API names the programme.
            let api = try await official.send(.GET, "/api/v1/evaluation-rounds/\(forP1.id)")
            #expect(api.status == .ok && api.text.contains("\"programmeId\":\(p1.id)"))
        }
    }

    /// Four officials set the same unit's rules for the same programme at the same moment: one set is written, the
    /// others are told it exists (409), none fails.
    @Test(arguments: TestDB.enabled)
    func rulesSetAtOnce(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            var browsers: [Browser] = []
            for _ in 0..<4 {
                let b = Browser(app)
                try await b.login("official")
                try await b.send(.GET, SiteURL.classificationRules.path)
                browsers.append(b)
            }
            let form = ["unit": "A2", "programme": "1", "from": VNFormat.date(CivilDate.today()), "htxsnv": "92", "httnv": "70", "htnv": "50",
                        "percent": "20", "raised": "25", "rounding": "floor", "source": "Hướng dẫn 09/HD-CĐVC"]
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for b in browsers { group.addTask { try await b.send(.POST, SiteURL.classificationRules.path, form: form).status.code } }
                var out: [UInt] = []
                for try await c in group { out.append(c) }
                return out.sorted()
            }
            #expect(codes == [303, 409, 409, 409], "\(codes)")
            let n = try await app.sql.raw("SELECT COUNT(*) AS n FROM classification_rules WHERE unit_id = \(bind: f.units["A2"]!.id)").first(decoding: CountRow.self)!.n
            #expect(n == 1)
        }
    }

    /// The 12-month rule (6 after a merger into it) for a grassroots union, on its unit page.
    @Test func grassrootsEligibilityOnTheUnitPage() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let today = CivilDate.today()
            let yearEnd = CivilDate(year: today.year, month: 12, day: 31)!
            let kinds = try await Units.kinds(on: app.sql)
            let cdcs = Units.kind(named: "CĐCS", in: kinds)!.id
            let parent = f.units["A"]!.id
            // Founded on 2 January of this year: at the year end it has operated less than 12 months.
            let young = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Units.create(.init(code: "A3", name: "Công đoàn Công ty Mới", kindId: cdcs, parentId: parent, partyCellId: nil,
                                             on: CivilDate(year: today.year, month: 1, day: 2)!), in: tx)
            }
            let official = Browser(app)
            try await official.login("official")
            let youngPage = try await official.send(.GET, SiteURL.unit(.id(young.id)).path)
            #expect(youngPage.text.contains("chưa đủ 12 tháng (đủ từ ngày 02/01/\(today.year + 1))"))
            // On a grassroots unions' round held by the province, it says so instead of offering a self-assessment.
            let sheet = Evaluations.defaultUnitSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
            let roundId = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Evaluations.createRound(.init(subject: "grassroots", kind: "year_end", year: today.year, unitId: parent,
                                                        opensOn: today.adding(days: -5), closesOn: today.adding(days: 10), sheet: sheet), in: tx)
            }
            let roundPage = try await official.send(.GET, SiteURL.evaluationRound(.id(roundId)).path).text
            #expect(roundPage.contains("Chưa đủ điều kiện xếp loại") && roundPage.contains("chưa xếp loại được"))
            #expect(!roundPage.contains(SiteURL.evaluationRoundUnitAssess(.id(roundId)).with([("unit", String(young.id))]).replacingOccurrences(of: "&", with: "&amp;")))
            // Founded in 2020: eligible.
            let old = try await official.send(.GET, SiteURL.unit(.id(f.units["A2"]!.id)).path)
            #expect(old.text.contains("Đủ điều kiện xếp loại ngày \(yearEnd.vietnamese)"))
            // A merger into it on 1 August: 6 months from then are not up at the year end.
            try await app.sql.raw("""
                INSERT INTO tree_changes (kind, unit_id, target_id, effective_on, reason, unit_count, member_count, snapshot, after_hash, made_by_name, made_at)
                VALUES ('merge', \(bind: young.id), \(bind: f.units["A2"]!.id), \(bind: "\(today.year)-08-01"), 'thử', 1, 0, '{}', 'x', 'cli', '2026-01-01T00:00:00Z')
                """).run()
            let merged = try await official.send(.GET, SiteURL.unit(.id(f.units["A2"]!.id)).path)
            #expect(merged.text.contains("chưa đủ 6 tháng hoạt động (đủ từ ngày 01/02/\(today.year + 1))"))
            // Not a grassroots union: no line.
            let province = try await official.send(.GET, SiteURL.unit(.id(f.units["A"]!.id)).path)
            #expect(!province.text.contains("grassroots-eligibility"))
        }
    }

    /// The criterion "Kết quả thực hiện đăng ký làm theo" suggests its points from the member's registration of the
    /// year: full points for an approved registration assessed done at year end, with the secretary's note shown.
    @Test func registrationCriterionSuggestion() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let member = f.members["mA1"]!
            let regRound = try await RegistrationTests.round(app, f)
            let reg = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.save(round: regRound, memberId: member, draft: .init(actions: [.init(action: "Số hóa 100% hồ sơ lưu trữ của phòng",
                                             dutyId: nil, result: "100% hồ sơ", deadline: "30/9")], shortcomings: ""), submit: true, capacities: [.owner], in: tx)
            }
            try await app.sql.raw("UPDATE registrations SET status = 'completed', appraisal_note = 'Cụ thể, sát nhiệm vụ' WHERE id = \(bind: reg)").run()
            try await app.sql.raw("""
                INSERT INTO registration_assessments (registration_id, period, outcome, achieved, at, author_name)
                VALUES (\(bind: reg), 'yearend', 'done', 'Đã số hóa toàn bộ', '2026-01-01T00:00:00Z', 'thử')
                """).run()
            let round = try await Self.round(app, unit: f.units["A1"]!.id)
            let b = Browser(app)
            try await b.login("member")
            let sheet = try await b.send(.GET, SiteURL.evaluationRoundAssess(.id(round.id)).path)
            #expect(sheet.status == .ok)
            #expect(sheet.text.contains("Điểm gợi ý: 15.") && sheet.text.contains("Cụ thể, sát nhiệm vụ") && sheet.text.contains("Đã số hóa toàn bộ"))
            let criterion = try await Evaluations.criteria(round: round.id, on: app.sql).first { $0.fromRegistration == 1 }!
            #expect(sheet.text.contains("name=\"c\(criterion.id)\" value=\"15\""))
        }
    }
}
