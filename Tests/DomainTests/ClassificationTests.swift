import Testing
import Domain

@Suite struct ClassificationTests {
    let rules = ClassificationRules.defaults

    func d(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    @Test(arguments: [
        ("100", "HTXSNV"), ("90", "HTXSNV"), ("90,0", "HTXSNV"), ("89,9", "HTTNV"), ("89.9", "HTTNV"), ("70", "HTTNV"),
        ("69,9", "HTNV"), ("50", "HTNV"), ("49,9", "KHTNV"), ("0", "KHTNV"),
    ])
    func bands(score: String, code: String) throws {
        let s = try #require(Score(score))
        #expect(rules.level(for: s).code == code)
    }

    @Test func scoresReadAndPrint() {
        #expect(Score("89,9")?.tenths == 899)
        #expect(Score(" 7 ")?.tenths == 70)
        for bad in ["", "-1", "8,55", "abc", "1e2", "8,", ",5", "１０"] { #expect(Score(bad) == nil, "\(bad)") }
        #expect(Score(tenths: 899).description == "89,9")
        #expect(Score(points: 90).description == "90")
        #expect(Score(tenths: 12345).description == "1.234,5")
    }

    @Test func defaultsAreData() {
        #expect(rules.bands.map(\.code) == ["HTXSNV", "HTTNV", "HTNV", "KHTNV"])
        #expect(rules.bands.map(\.minimum.tenths) == [900, 700, 500, 0])
        #expect(rules.cap == .init(capped: "HTXSNV", relativeTo: "HTTNV", percent: 20, raisedPercent: 25, rounding: .floor))
        #expect(rules.source.contains("366-QĐ/TW"))
        #expect(rules.problems().isEmpty)
        // Other levels are just other data: the older CĐCS scheme.
        let old = ClassificationRules(bands: [
            .init(code: "TB", name: "Trung bình", minimum: Score(points: 50)), .init(code: "VM", name: "Vững mạnh", minimum: Score(points: 85)),
            .init(code: "Y", name: "Yếu", minimum: .zero), .init(code: "K", name: "Khá", minimum: Score(points: 70)),
        ], cap: nil, source: "Thông tri 01/TTr-TLĐ")
        #expect(old.level(for: Score(points: 85)).name == "Vững mạnh")
        #expect(old.level(for: Score(tenths: 849)).code == "K")
        #expect(old.capCheck(counts: ["VM": 9]) == nil)
        var bad = old
        bad.bands[3].minimum = Score(points: 5)
        bad.cap = .init(capped: "X", relativeTo: "K", percent: 30, raisedPercent: 20, rounding: .floor)
        #expect(bad.problems().count == 3)
    }

    /// 20% and 25% of the number rated HTTNV, each rounding, at the boundaries.
    @Test(arguments: [
        // base, floor20, nearest20, ceiling20, floor25, nearest25, ceiling25
        (0, 0, 0, 0, 0, 0, 0), (4, 0, 1, 1, 1, 1, 1), (5, 1, 1, 1, 1, 1, 2), (7, 1, 1, 2, 1, 2, 2),
        (10, 2, 2, 2, 2, 3, 3), (23, 4, 5, 5, 5, 6, 6),
    ])
    func capRounding(base: Int, f20: Int, n20: Int, c20: Int, f25: Int, n25: Int, c25: Int) {
        for (mode, normal, raised) in [(CapRounding.floor, f20, f25), (.nearest, n20, n25), (.ceiling, c20, c25)] {
            var r = rules
            r.cap!.rounding = mode
            #expect(r.capCheck(counts: ["HTTNV": base])?.allowed == normal, "\(mode) 20% of \(base)")
            #expect(r.capCheck(counts: ["HTTNV": base], raised: true)?.allowed == raised, "\(mode) 25% of \(base)")
        }
    }

    @Test func capMessage() throws {
        let over = try #require(rules.capCheck(counts: ["HTXSNV": 5, "HTTNV": 20, "HTNV": 3]))
        #expect(over.allowed == 4 && over.over == 1 && !over.isWithin)
        #expect(over.message == "Số xếp loại Hoàn thành xuất sắc nhiệm vụ (5) vượt 20% số Hoàn thành tốt nhiệm vụ (20 → tối đa 4): thừa 1.")
        let raised = try #require(rules.capCheck(counts: ["HTXSNV": 5, "HTTNV": 20], raised: true))
        #expect(raised.isWithin && raised.allowed == 5)
        #expect(raised.message == "Số xếp loại Hoàn thành xuất sắc nhiệm vụ (5) trong giới hạn 25% số Hoàn thành tốt nhiệm vụ (20 → tối đa 5).")
        // The base is those rated HTTNV only: HTXSNV, HTNV and KHTNV do not count towards it.
        let onlyExcellent = try #require(rules.capCheck(counts: ["HTXSNV": 1, "HTNV": 40, "KHTNV": 10]))
        #expect(onlyExcellent.base == 0 && onlyExcellent.over == 1)
        #expect(rules.capCheck(counts: [:])?.isWithin == true)
    }

    @Test func months() {
        #expect(d("2025-08-31").adding(months: 6) == d("2026-02-28"))
        #expect(d("2023-08-31").adding(months: 6) == d("2024-02-29"))
        #expect(d("2025-01-31").adding(months: 1) == d("2025-02-28"))
        #expect(d("2025-03-15").adding(months: 12) == d("2026-03-15"))
        #expect(d("2025-12-31").adding(months: 2) == d("2026-02-28"))
        #expect(d("2024-02-29").adding(months: 12) == d("2025-02-28"))
        #expect(d("2025-11-30").adding(months: 3) == d("2026-02-28"))
    }

    @Test func grassrootsTwelveMonths() {
        #expect(GrassrootsEligibility.check(operatingSince: d("2025-01-01"), restructuredOn: nil, on: d("2026-01-01")) == .eligible)
        let early = GrassrootsEligibility.check(operatingSince: d("2025-01-02"), restructuredOn: nil, on: d("2026-01-01"))
        #expect(early.reason == "Công đoàn cơ sở hoạt động từ ngày 02/01/2025, đến ngày 01/01/2026 chưa đủ 12 tháng (đủ từ ngày 02/01/2026): chưa xếp loại được (Hướng dẫn 1294/HD-TLĐ ngày 14/8/2019).")
        // End of month: founded 29/02/2024, twelve months are up on 28/02/2025.
        #expect(GrassrootsEligibility.check(operatingSince: d("2024-02-29"), restructuredOn: nil, on: d("2025-02-27")).isEligible == false)
        #expect(GrassrootsEligibility.check(operatingSince: d("2024-02-29"), restructuredOn: nil, on: d("2025-02-28")).isEligible)
        #expect(GrassrootsEligibility.check(operatingSince: d("2026-01-01"), restructuredOn: nil, on: d("2025-12-31")).reason?.contains("sau ngày xếp loại") == true)
    }

    @Test func grassrootsSixMonthsAfterMergerOrSplit() {
        // Merged 31/08/2025: six months are up on 28/02/2026 (no 31st in February).
        let since = d("2010-05-01")
        #expect(GrassrootsEligibility.check(operatingSince: since, restructuredOn: d("2025-08-31"), on: d("2026-02-27")).isEligible == false)
        #expect(GrassrootsEligibility.check(operatingSince: since, restructuredOn: d("2025-08-31"), on: d("2026-02-28")).isEligible)
        let r = GrassrootsEligibility.check(operatingSince: since, restructuredOn: d("2025-07-01"), on: d("2025-12-31"))
        #expect(r.reason?.contains("chưa đủ 6 tháng") == true && r.reason?.contains("01/01/2026") == true)
        // A merger dated before the union existed is ignored: the 12 months count from its start.
        #expect(GrassrootsEligibility.check(operatingSince: d("2025-06-01"), restructuredOn: d("2025-01-01"), on: d("2025-12-31")).reason?.contains("12 tháng") == true)
        // Other periods are data.
        let custom = GrassrootsEligibility(monthsOperating: 24, monthsAfterRestructuring: 3, source: "Thử")
        #expect(custom.check(operatingSince: d("2025-01-01"), restructuredOn: nil, on: d("2026-06-01")).isEligible == false)
        #expect(custom.check(operatingSince: d("2020-01-01"), restructuredOn: d("2025-11-30"), on: d("2026-02-28")).isEligible)
    }

    @Test func sheet() {
        let sheet = ScoreSheet(criteria: [.init(id: 1, title: "Chính trị", maxScore: Score(points: 40)),
                                          .init(id: 2, title: RegistrationCriterion.title, maxScore: Score(points: 60))])
        #expect(sheet.maxTotal == Score(points: 100))
        guard case .success(let s) = sheet.read([1: "39,9", 2: "50"]) else { Issue.record("refused"); return }
        #expect(sheet.total(s) == Score(tenths: 899))
        #expect(rules.level(for: sheet.total(s)).code == "HTTNV")
        guard case .failure(let p) = sheet.read([1: "41", 2: "x"]) else { Issue.record("accepted"); return }
        #expect(p.messages == ["«Chính trị»: tối đa 40 điểm.", "«Kết quả thực hiện đăng ký làm theo»: \"x\" không phải số điểm (ví dụ 8 hoặc 8,5)."])
        guard case .failure(let missing) = sheet.read([1: "1"]) else { Issue.record("accepted"); return }
        #expect(missing.messages.count == 1)
        #expect(RegistrationCriterion.suggested(max: Score(points: 15), outcome: .done) == Score(points: 15))
        #expect(RegistrationCriterion.suggested(max: Score(points: 15), outcome: .partly) == Score(tenths: 75))
        #expect(RegistrationCriterion.suggested(max: Score(points: 15), outcome: nil) == .zero)
    }
}

@Suite struct EvaluationFlowTests {
    typealias F = EvaluationFlow
    let opens = CivilDate(iso: "2026-12-01")!, closes = CivilDate(iso: "2026-12-20")!
    let inside = CivilDate(iso: "2026-12-10")!

    func check(_ step: F.Step, _ round: F.RoundStatus = .open, _ status: F.Status? = nil, _ by: Set<F.Capacity>,
               on day: CivilDate? = nil, reason: String = "") -> Result<Void, F.Refusal> {
        F.check(step, round: round, status: status, by: by, today: day ?? inside, opensOn: opens, closesOn: closes, reason: reason)
    }

    func isForbidden(_ r: Result<Void, F.Refusal>) -> Bool { if case .failure(.forbidden) = r { true } else { false } }
    func isConflict(_ r: Result<Void, F.Refusal>) -> Bool { if case .failure(.conflict) = r { true } else { false } }
    func ok(_ r: Result<Void, F.Refusal>) -> Bool { if case .success = r { true } else { false } }
    func refusal(_ r: Result<Void, F.Refusal>) -> F.Refusal? { if case .failure(let f) = r { f } else { nil } }

    /// Who may take each step: every capacity, allowed and refused.
    @Test func whoMay() {
        let all: [F.Capacity] = [.owner, .onBehalf, .reviewer, .approver, .levelAbove]
        let allowed: [F.Step: Set<F.Capacity>] = [.selfAssess: [.owner, .onBehalf], .review: [.reviewer], .approveRound: [.approver],
                                                 .reopenRound: [.levelAbove], .raiseCap: [.levelAbove]]
        for step in F.Step.allCases {
            let round: F.RoundStatus = step == .reopenRound ? .approved : .open
            let status: F.Status? = step == .review ? .selfAssessed : nil
            for c in all {
                let r = check(step, round, status, [c], reason: "Sai điểm")
                #expect(ok(r) == allowed[step]!.contains(c), "\(step) by \(c)")
                if !allowed[step]!.contains(c) { #expect(isForbidden(r)) }
            }
        }
        #expect(refusal(check(.reopenRound, .approved, nil, [.approver], reason: "x")) == (.forbidden("Chỉ cán bộ của công đoàn cấp trên mới mở lại được đợt đánh giá đã phê duyệt.")))
    }

    @Test func fromWhichState() {
        // Self-assessment: only while open, within the dates, and before review.
        #expect(ok(check(.selfAssess, .open, .selfAssessed, [.owner])))
        #expect(isConflict(check(.selfAssess, .open, .reviewed, [.owner])))
        #expect(isConflict(check(.selfAssess, .approved, nil, [.owner])))
        #expect(isConflict(check(.selfAssess, .open, nil, [.owner], on: CivilDate(iso: "2026-11-30")!)))
        #expect(isConflict(check(.selfAssess, .open, nil, [.owner], on: CivilDate(iso: "2026-12-21")!)))
        #expect(ok(check(.selfAssess, .open, nil, [.owner], on: closes)))
        // Review: a self-assessed or reviewed one, in an open round.
        #expect(ok(check(.review, .open, .reviewed, [.reviewer])))
        #expect(isConflict(check(.review, .open, nil, [.reviewer])))
        #expect(isConflict(check(.review, .approved, .reviewed, [.reviewer])))
        // Approval: once, and not before the round opens.
        #expect(isConflict(check(.approveRound, .approved, nil, [.approver])))
        #expect(isConflict(check(.approveRound, .open, nil, [.approver], on: CivilDate(iso: "2026-11-01")!)))
        // Reopening: an approved round, with a reason.
        #expect(refusal(check(.reopenRound, .approved, nil, [.levelAbove])) == (.conflict("Hãy ghi lý do mở lại đợt đánh giá.")))
        #expect(isConflict(check(.reopenRound, .open, nil, [.levelAbove], reason: "x")))
        #expect(isConflict(check(.raiseCap, .approved, nil, [.levelAbove])))
    }

    @Test func approvalNeedsEveryReview() {
        #expect(F.approvalBlocker(selfAssessedOnly: 0, total: 0) != nil)
        #expect(F.approvalBlocker(selfAssessedOnly: 2, total: 5) == "Còn 2 bản đánh giá chưa được xét: hãy xét hết trước khi phê duyệt.")
        #expect(F.approvalBlocker(selfAssessedOnly: 0, total: 5) == nil)
    }
}
