import Domain
import Foundation
import SQLKit
import Vapor

/// Evaluation and classification pages: the rounds, a round (everyone's scores and levels, approval, reopening,
/// the split one level down), a member's self-assessment and the review of one evaluation. Scope decides 404
/// first; `EvaluationFlow` then answers 403 (not your step) or 409 (not from this state, not on this day).
enum EvaluationController {
    // MARK: Rounds

    @Sendable
    static func index(req: Request) async throws -> Response {
        try await renderIndex(req: req, error: nil, status: .ok)
    }

    /// Evaluations listed on a round's page at a time.
    static let pageSize = 100

    static func canCreate(_ p: Principal) -> Bool { p.scope.isAdmin || !p.scope.roots(.approveEvaluations).isEmpty }

    static func renderIndex(req: Request, error: String?, status: HTTPStatus, form: CreateForm? = nil) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let ownPath = try await RoundController.ownUnitPath(p, on: req.sql)
        let today = req.clock.today
        let rounds = try await Evaluations.visibleRounds(scope: p.scope, ownUnitPath: ownPath, on: req.sql)
        let programmes = canCreate(p) ? try await Programmes.all(on: req.sql) : []
        let page = EvaluationRoundsPage(
            items: rounds.map { r in
                .init(title: r.title(t), url: SiteURL.evaluationRound(.id(r.id)).path, unit: r.unitName,
                      dates: t.format("round_dates", VNFormat.date(r.opens), VNFormat.date(r.closes)), status: r.state.localized(t),
                      open: r.state == .open && r.opens <= today && today <= r.closes)
            },
            canCreate: canCreate(p), programmes: ProgrammeChoice.list(programmes, selected: form?.programme, none: t["eval_programme_none"]),
            year: form?.year ?? String(today.year), opens: form?.opens ?? VNFormat.date(today),
            closes: form?.closes ?? VNFormat.date(today.adding(days: 20)),
            sheet: form?.sheet ?? Evaluations.defaultSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n"),
            postURL: SiteURL.evaluationRounds.path, error: error)
        return try await req.page("evaluation-rounds", title: t["eval_rounds_title"], page, status: status)
    }

    struct CreateForm: Content {
        var subject: String?
        var kind: String?
        var year: String?
        var unit: String?
        var programme: String?
        var opens: String?
        var closes: String?
        var sheet: String?
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard canCreate(p) else { throw Abort(.notFound) }
        guard let form = try? req.content.decode(CreateForm.self) else {
            return try await renderIndex(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        var problems: [String] = []
        func date(_ text: String?, _ label: String) -> CivilDate? {
            switch CivilDate.read(text ?? "") {
            case .success(let d): return d
            case .failure(let problem): problems.append("\(label): \(problem.message)"); return nil
            }
        }
        let opens = date(form.opens, "Ngày bắt đầu"), closes = date(form.closes, "Ngày kết thúc")
        let year = Int(VietnameseText.clean(form.year ?? ""))
        if year == nil { problems.append("Hãy ghi năm.") }
        let programmeId = ProgrammeChoice.read(form.programme, problems: &problems)
        var unitId: Int?
        switch try await Picks.unit(form.unit, field: "Đơn vị", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): unitId = u.id
        case .failure(let problem): problems.append(problem.message)
        }
        guard problems.isEmpty, let opens, let closes, let unitId, let year else {
            return try await renderIndex(req: req, error: problems.joined(separator: " "), status: .unprocessableEntity, form: form)
        }
        let subject = form.subject ?? "members"
        // The form starts with the members' sheet: a unions' round left with it gets the unions' usual sheet.
        let membersSheet = Evaluations.defaultSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
        var sheet = form.sheet ?? ""
        if subject == "grassroots", VietnameseText.clean(sheet) == VietnameseText.clean(membersSheet) {
            sheet = Evaluations.defaultUnitSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
        }
        let input = Evaluations.RoundInput(subject: subject, kind: form.kind ?? "", year: year, unitId: unitId, opensOn: opens, closesOn: closes, sheet: sheet,
                                              programmeId: programmeId)
        do {
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Evaluations.createRound(input, in: tx) }
            return req.redirect(to: SiteURL.evaluationRound(.id(id)).path, redirectType: .normal)
        } catch let abort as Abort where [.unprocessableEntity, .conflict, .forbidden].contains(abort.status) {
            return try await renderIndex(req: req, error: abort.reason, status: abort.status, form: form)
        }
    }

    /// The round as this person may see it; 404 when it is neither in nor above their scope.
    static func visibleRound(_ req: Request) async throws -> (Evaluations.Round, Principal) {
        let p = try req.requirePrincipal()
        guard let round = try await Evaluations.round(id: try req.id(), on: req.sql) else { throw Abort(.notFound) }
        if p.scope.isAdmin || p.scope.can(.read, unitPath: round.unitPath) { return (round, p) }
        // Held above the person's own unit or read scope.
        let ownPath = try await RoundController.ownUnitPath(p, on: req.sql)
        let paths = p.scope.readRoots.map(\.low) + [ownPath].compactMap { $0 }
        guard paths.contains(where: { PathRange(path: round.unitPath).contains($0) }) else { throw Abort(.notFound) }
        return (round, p)
    }

    static func capacities(_ p: Principal, round r: Evaluations.Round, memberId: Int?, memberPath: String?) -> Set<EvaluationFlow.Capacity> {
        var c: Set<EvaluationFlow.Capacity> = []
        if let memberId, CorrectionController.ownMember(p) == memberId { c.insert(.owner) }
        if let memberPath, p.scope.canWrite(unitPath: memberPath) { c.insert(.onBehalf); c.insert(.reviewer) }
        if p.scope.can(.approveEvaluations, unitPath: r.unitPath) { c.insert(.approver) }
        if p.scope.can(.approveEvaluations, below: r.unitPath) { c.insert(.levelAbove) }
        return c
    }

    static func require(_ result: Result<Void, EvaluationFlow.Refusal>) throws {
        switch result {
        case .success: return
        case .failure(.forbidden(let m)): throw Abort(.forbidden, reason: m)
        case .failure(.conflict(let m)): throw Abort(.conflict, reason: m)
        }
    }

    static func check(_ step: EvaluationFlow.Step, _ r: Evaluations.Round, status: EvaluationFlow.Status?, by c: Set<EvaluationFlow.Capacity>,
                      today: CivilDate, reason: String = "") -> Result<Void, EvaluationFlow.Refusal> {
        EvaluationFlow.check(step, round: r.state, status: status, by: c, today: today, opensOn: r.opens, closesOn: r.closes, reason: reason)
    }

    /// The unit whose figures and evaluations are shown inside the round (see `UnitFocus`).
    static func focusUnit(_ req: Request, round r: Evaluations.Round, p: Principal) async throws -> UnitRow? {
        try await UnitFocus.pick(req, rootId: r.unitId, rootPath: r.unitPath, scope: p.scope)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        let (round, p) = try await visibleRound(req)
        return try await renderRound(req: req, round: round, p: p, error: nil, status: .ok)
    }

    static func renderRound(req: Request, round r: Evaluations.Round, p: Principal, error: String?, status: HTTPStatus) async throws -> Response {
        let t = req.strings
        let rules = try await Evaluations.rules(id: r.rulesId, on: req.sql)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        let focus = try await focusUnit(req, round: r, p: p)
        let roundURL = SiteURL.evaluationRound(.id(r.id))
        func levelName(_ code: String?) -> String { code.map { rules.name(of: $0) ?? $0 } ?? "—" }
        var items: [EvaluationRoundPage.Item] = []
        var nextURL: String?, listNote: String?
        var split: SplitBlock?
        if let focus, r.ofUnits {
            items = try await UnitEvaluationController.items(req, round: r, focus: focus, p: p, levelName: levelName)
            let s = try await UnitEvaluations.split(round: r, unit: focus, on: req.sql)
            split = SplitBlock.make(title: r.title(t) + " — " + r.unitName, approved: r.state == .approved, rules: rules, split: s, t: t,
                                    roundURL: roundURL.with([("unit", String(focus.id))]), lineURL: { roundURL.with([("unit", String($0))]) })
        } else if let focus {
            // A page of names at a time: a province holds a million, a phone shows a hundred.
            let after = try req.query[String.self, at: "after"].map { token -> MemberFilter.Cursor in
                guard let c = MemberFilter.Cursor(token: token) else { throw Abort(.badRequest, reason: "Tham số after không hợp lệ.") }
                return c
            }
            let rows = try await Evaluations.list(round: r.id, range: focus.subtree, after: after, limit: Self.pageSize, on: req.sql)
            if rows.count == Self.pageSize, let last = rows.last, let cursor = try await Evaluations.cursor(after: last, on: req.sql) {
                nextURL = roundURL.with([("unit", String(focus.id)), ("after", cursor.token)])
            }
            listNote = after != nil || nextURL != nil ? t.format("eval_list_page", String(Self.pageSize)) : nil
            items = rows.map { e in
                .init(name: e.fullName, unit: e.unitName, url: SiteURL.evaluation(.id(e.id)).path, selfScore: Score(tenths: e.selfTotal).description,
                      selfLevel: levelName(e.selfLevel), reviewScore: e.reviewTotal.map { Score(tenths: $0).description } ?? "—",
                      reviewLevel: levelName(e.finalLevel ?? e.reviewLevel), status: e.state.localized(t))
            }
            if let s = try await Evaluations.split(round: r, unitId: focus.id, on: req.sql) {
                split = SplitBlock.make(title: r.title(t) + " — " + r.unitName, approved: r.state == .approved, rules: rules, split: s, t: t, roundURL: roundURL.with([("unit", String(focus.id))]),
                                        lineURL: { roundURL.with([("unit", String($0))]) })
            }
        }
        // The person's own evaluation, or the way to make it.
        var assessURL: String?
        if let own = CorrectionController.ownMember(p), !r.ofUnits {
            if let mine = try await Evaluations.find(round: r.id, member: own, on: req.sql) {
                assessURL = mine.state == .selfAssessed && r.state == .open ? SiteURL.evaluationRoundAssess(.id(r.id)).path : SiteURL.evaluation(.id(mine.id)).path
            } else if r.state == .open, let s = try await Evaluations.standing(member: own, on: r.asOfDate, sql: req.sql), PathRange(path: r.unitPath).contains(s.path) {
                assessURL = SiteURL.evaluationRoundAssess(.id(r.id)).path
            }
        }
        let c = capacities(p, round: r, memberId: nil, memberPath: nil)
        let canReview = focus.map { p.scope.canWrite(unitPath: $0.path) } ?? false
        var capWarnings: [String] = []
        if r.state == .open && (canReview || c.contains(.approver)) {
            capWarnings = r.ofUnits ? try await UnitEvaluations.capProblems(round: r, rules: rules, on: req.sql)
                                    : try await Evaluations.capProblems(round: r, rules: rules, on: req.sql)
        }
        let cap = rules.cap.map { cap in
            t.format("eval_cap_rule", rules.name(of: cap.capped) ?? cap.capped, String(r.capRaised == 1 ? cap.raisedPercent : cap.percent),
                     rules.name(of: cap.relativeTo) ?? cap.relativeTo, cap.rounding.label)
        }
        let events = try await Evaluations.roundEvents(round: r.id, on: req.sql).map { e in
            EvaluationRoundPage.Event(what: (EvaluationFlow.Step(rawValue: e.step)?.label ?? t["eval_event_create"]) + (e.detail.map { ": " + $0 } ?? ""),
                                      at: Clock.parse(e.at).map(Clock.display) ?? e.at, who: e.actorName, reason: e.reason)
        }
        let page = EvaluationRoundPage(
            title: r.title(t), unit: r.unitName, dates: t.format("round_dates", VNFormat.date(r.opens), VNFormat.date(r.closes)),
            status: r.state.localized(t), locked: r.state == .approved,
            rules: rules.bands.map { "\($0.name): từ \($0.minimum) điểm" }.joined(separator: "; ") + " (\(rules.source))",
            cap: cap, criteria: criteria.map { "\($0.title) — \($0.max)" }, error: error, assessURL: assessURL,
            onBehalfURL: r.state == .open && canReview && !r.ofUnits ? SiteURL.evaluationRoundAssess(.id(r.id)).path : nil,
            items: items, split: split, capWarnings: capWarnings,
            approveURL: r.state == .open && c.contains(.approver) ? SiteURL.evaluationRoundApprove(.id(r.id)).path : nil,
            reopenURL: r.state == .approved && c.contains(.levelAbove) ? SiteURL.evaluationRoundReopen(.id(r.id)).path : nil,
            capURL: r.state == .open && c.contains(.levelAbove) && rules.cap != nil ? SiteURL.evaluationRoundCap(.id(r.id)).path : nil,
            capRaised: r.capRaised == 1, events: events, nextURL: nextURL, listNote: listNote,
            upURL: focus.flatMap { f in f.id != r.unitId ? f.parentId.map { roundURL.with([("unit", String($0))]) } : nil })
        return try await req.page("evaluation-round", title: r.title(t), page, status: status)
    }

    // MARK: Approval, reopening, the cap

    @Sendable
    static func approve(req: Request) async throws -> Response {
        let (r, p) = try await visibleRound(req)
        try require(check(.approveRound, r, status: nil, by: capacities(p, round: r, memberId: nil, memberPath: nil), today: req.clock.today))
        let t = req.strings
        let confirmation = try? req.content.decode(Confirmation.self)
        do {
            if confirmation?.isConfirmed != true {
                // The rules refuse before the confirmation is asked: evaluations not reviewed, the cap exceeded.
                try await req.dryRun { tx in try await Evaluations.approve(round: r.id, in: tx) }
                let count = try await Evaluations.count(round: r.id, on: req.sql)
                return try await req.confirm(ConfirmPage(
                    heading: t["eval_approve"], consequences: [t.format("eval_approve_consequence", VNFormat.integer(count)), t["eval_approve_lock"]],
                    action: SiteURL.evaluationRoundApprove(.id(r.id)).path, fields: [], confirmLabel: t["eval_approve"],
                    cancelURL: SiteURL.evaluationRound(.id(r.id)).path))
            }
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Evaluations.approve(round: r.id, in: tx) }
        } catch let abort as Abort where abort.status == .conflict {
            return try await renderRound(req: req, round: r, p: p, error: abort.reason, status: .conflict)
        }
        return req.redirect(to: SiteURL.evaluationRound(.id(r.id)).path, redirectType: .normal)
    }

    @Sendable
    static func reopen(req: Request) async throws -> Response {
        let (r, p) = try await visibleRound(req)
        let form = try? req.content.decode(Confirmation.self)
        let reason = form?.cleanReason ?? ""
        let c = capacities(p, round: r, memberId: nil, memberPath: nil)
        // Who and from which state first; then the reason, which is the form's to give.
        try require(check(.reopenRound, r, status: nil, by: c, today: req.clock.today, reason: "x"))
        guard !reason.isEmpty else {
            return try await renderRound(req: req, round: r, p: p, error: "Hãy ghi lý do mở lại đợt đánh giá.", status: .unprocessableEntity)
        }
        let t = req.strings
        if form?.isConfirmed != true {
            let count = try await Evaluations.count(round: r.id, on: req.sql)
            return try await req.confirm(ConfirmPage(
                heading: t["eval_reopen"], consequences: [t.format("eval_reopen_consequence", VNFormat.integer(count)), t.format("eval_reopen_reason_kept", reason)],
                action: SiteURL.evaluationRoundReopen(.id(r.id)).path, fields: [.init(name: "reason", value: reason)], confirmLabel: t["eval_reopen"],
                cancelURL: SiteURL.evaluationRound(.id(r.id)).path))
        }
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Evaluations.reopen(round: r.id, reason: reason, in: tx) }
        return req.redirect(to: SiteURL.evaluationRound(.id(r.id)).path, redirectType: .normal)
    }

    struct CapForm: Content { var raised: String?; var reason: String? }

    @Sendable
    static func cap(req: Request) async throws -> Response {
        let (r, p) = try await visibleRound(req)
        try require(check(.raiseCap, r, status: nil, by: capacities(p, round: r, memberId: nil, memberPath: nil), today: req.clock.today))
        let form = try? req.content.decode(CapForm.self)
        let raised = form?.raised == "1"
        let reason = String(VietnameseText.clean(form?.reason ?? "").prefix(500))
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Evaluations.setCapRaised(round: r.id, raised: raised, reason: reason, in: tx)
        }
        return req.redirect(to: SiteURL.evaluationRound(.id(r.id)).path, redirectType: .normal)
    }

    // MARK: Self-assessment

    /// The member being assessed: `?member=` (an official entering for them) or the person's own record.
    static func assessedMember(_ req: Request, round r: Evaluations.Round, p: Principal) async throws -> (Int, Evaluations.Standing) {
        guard !r.ofUnits else { throw Abort(.conflict, reason: "Đợt này đánh giá, xếp loại công đoàn cơ sở, không phải đoàn viên.") }
        var asked = req.query[Int.self, at: "member"] ?? (try? req.content.get(Int.self, at: "member"))
        // Without script the picker leaves only the typed name: settle it among the members the person may read.
        if asked == nil, let text = req.query[String.self, at: "memberText"], !VietnameseText.clean(text).isEmpty {
            switch try await Picks.member(id: nil, text: text, field: "Đoàn viên", scope: p.scope, on: req.sql) {
            case .success(let id): asked = id
            case .failure(let problem): throw Abort(.unprocessableEntity, reason: problem.message)
            }
        }
        guard let member = asked ?? CorrectionController.ownMember(p) else {
            throw Abort(.unprocessableEntity, reason: "Hãy chọn đoàn viên cần nhập tự đánh giá.")
        }
        guard let standing = try await Evaluations.standing(member: member, on: r.asOfDate, sql: req.sql),
              PathRange(path: r.unitPath).contains(standing.path) else {
            // Someone else's record outside the person's reach is not there at all.
            if member != CorrectionController.ownMember(p) { throw Abort(.notFound) }
            throw Abort(.conflict, reason: "Bạn không sinh hoạt trong đơn vị của đợt đánh giá này vào ngày \(VNFormat.date(r.asOfDate)).")
        }
        if member != CorrectionController.ownMember(p), !p.scope.can(.read, unitPath: standing.path) { throw Abort(.notFound) }
        return (member, standing)
    }

    @Sendable
    static func assessForm(req: Request) async throws -> Response {
        let (r, p) = try await visibleRound(req)
        let (member, standing) = try await assessedMember(req, round: r, p: p)
        let existing = try await Evaluations.find(round: r.id, member: member, on: req.sql)
        try require(check(.selfAssess, r, status: existing?.state, by: capacities(p, round: r, memberId: member, memberPath: standing.path), today: req.clock.today))
        return try await renderSheet(req: req, round: r, member: member, evaluation: existing, review: false, typed: nil, problems: [], status: .ok)
    }

    @Sendable
    static func assessSave(req: Request) async throws -> Response {
        let (r, p) = try await visibleRound(req)
        let (member, standing) = try await assessedMember(req, round: r, p: p)
        let existing = try await Evaluations.find(round: r.id, member: member, on: req.sql)
        let c = capacities(p, round: r, memberId: member, memberPath: standing.path)
        try require(check(.selfAssess, r, status: existing?.state, by: c, today: req.clock.today))
        let typed = typedScores(req)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        switch Evaluations.sheet(criteria).read(typed) {
        case .failure(let problems):
            return try await renderSheet(req: req, round: r, member: member, evaluation: existing, review: false, typed: typed, problems: problems.messages,
                                         status: .unprocessableEntity)
        case .success(let scores):
            let onBehalf = !c.contains(.owner)
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                // Again inside the transaction: the state may have moved since the page was read.
                if let now = try await Evaluations.find(round: r.id, member: member, on: tx.sql), now.state != .selfAssessed {
                    throw Abort(.conflict, reason: "Bản đánh giá đã được xét: không tự sửa được nữa.")
                }
                return try await Evaluations.selfAssess(round: r, member: member, scores: scores, onBehalf: onBehalf, in: tx)
            }
            return req.redirect(to: SiteURL.evaluation(.id(id)).path, redirectType: .normal)
        }
    }

    /// Scores typed on the sheet: one field `c<criterion id>` each.
    static func typedScores(_ req: Request) -> [Int: String] {
        guard let fields = try? req.content.decode([String: String].self) else { return [:] }
        var typed: [Int: String] = [:]
        for (k, v) in fields where k.hasPrefix("c") {
            if let id = Int(k.dropFirst()) { typed[id] = v }
        }
        return typed
    }

    // MARK: One evaluation, and its review

    static func visibleEvaluation(_ req: Request) async throws -> (Evaluations.Row, Evaluations.Round, Principal) {
        let p = try req.requirePrincipal()
        guard let e = try await Evaluations.find(id: try req.id(), on: req.sql),
              let r = try await Evaluations.round(id: e.roundId, on: req.sql) else { throw Abort(.notFound) }
        guard CorrectionController.ownMember(p) == e.memberId || p.scope.can(.read, unitPath: e.unitPath) else { throw Abort(.notFound) }
        return (e, r, p)
    }

    @Sendable
    static func showEvaluation(req: Request) async throws -> Response {
        let (e, r, _) = try await visibleEvaluation(req)
        return try await renderSheet(req: req, round: r, member: e.memberId, evaluation: e, review: true, typed: nil, problems: [], status: .ok)
    }

    @Sendable
    static func review(req: Request) async throws -> Response {
        let (e, r, p) = try await visibleEvaluation(req)
        try require(check(.review, r, status: e.state, by: capacities(p, round: r, memberId: e.memberId, memberPath: e.unitPath), today: req.clock.today))
        let typed = typedScores(req)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        switch Evaluations.sheet(criteria).read(typed) {
        case .failure(let problems):
            return try await renderSheet(req: req, round: r, member: e.memberId, evaluation: e, review: true, typed: typed, problems: problems.messages,
                                         status: .unprocessableEntity)
        case .success(let scores):
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                guard let now = try await Evaluations.find(id: e.id, on: tx.sql), let round = try await Evaluations.round(id: r.id, on: tx.sql),
                      round.state == .open, now.state != .approved else {
                    throw Abort(.conflict, reason: "Đợt đánh giá đã phê duyệt và khóa: không xét lại được.")
                }
                try await Evaluations.review(now, round: round, scores: scores, in: tx)
            }
            return req.redirect(to: SiteURL.evaluationRound(.id(r.id)).with([("unit", String(r.unitId))]), redirectType: .normal)
        }
    }

    /// The sheet: for the member's self-assessment (`review` false) or for reading and reviewing one evaluation.
    static func renderSheet(req: Request, round r: Evaluations.Round, member: Int, evaluation e: Evaluations.Row?, review: Bool,
                            typed: [Int: String]?, problems: [String], status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let rules = try await Evaluations.rules(id: r.rulesId, on: req.sql)
        let criteria = try await Evaluations.criteria(round: r.id, on: req.sql)
        var scores: [Int: Evaluations.ScoreRow] = [:]
        if let e { scores = try await Evaluations.scores(evaluation: e.id, on: req.sql) }
        var outcome: Evaluations.RegistrationOutcome?
        if criteria.contains(where: { $0.fromRegistration == 1 }) {
            outcome = try await Evaluations.registrationOutcome(member: member, year: r.year, on: req.sql)
        }
        let person = try await Members.find(id: member, on: req.sql)
        let canReview: Bool = {
            guard review, let e else { return false }
            if case .success = check(.review, r, status: e.state, by: capacities(p, round: r, memberId: e.memberId, memberPath: e.unitPath), today: req.clock.today) { return true }
            return false
        }()
        let page = EvaluationSheetPage(
            round: r, rules: rules, t: t, criteria: criteria, scores: scores, evaluation: e, subject: person?.fullName ?? "",
            unit: e?.unitName ?? r.unitName, review: review, typed: typed,
            postURL: review ? e.map { SiteURL.evaluationReview(.id($0.id)).path } ?? "" : SiteURL.evaluationRoundAssess(.id(r.id)).path,
            memberId: review ? nil : member, problems: problems, canSubmit: review ? canReview : true) { c in
            // The registration's criterion: what the member's registration came to, and the score it suggests.
            guard c.fromRegistration == 1 else { return nil }
            let o = outcome?.outcome.flatMap(RegistrationFlow.Outcome.init(rawValue:))
            let approved = outcome.map { ["approved", "completed"].contains($0.status) } ?? false
            let suggested = RegistrationCriterion.suggested(max: c.max, outcome: approved ? o : nil)
            let note = outcome.map { o2 in
                var parts = [t.format("eval_reg_status", RegistrationFlow.Status(rawValue: o2.status)?.localized(t) ?? o2.status)]
                if let o { parts.append(t.format("eval_reg_outcome", o.label) + (o2.achieved.map { ": " + $0 } ?? "")) }
                if let note = o2.appraisalNote, !note.isEmpty { parts.append(t.format("eval_reg_secretary", note)) }
                return parts.joined(separator: " · ")
            } ?? t["eval_reg_none"]
            return (note + " " + t.format("eval_reg_suggested", suggested.description), suggested)
        }
        return try await req.page("evaluation-sheet", title: r.title(t), page, status: status)
    }
}

extension EvaluationFlow.Status {
    func localized(_ t: Strings) -> String { t.language == .en ? labelEN : label }
}

extension EvaluationFlow.RoundStatus {
    func localized(_ t: Strings) -> String { t.language == .en ? labelEN : label }
}

/// The classification split on a unit page: the final levels of the latest year's approved members' rounds under the
/// unit (held at it, above it or below it), for the unit and one level down (like `UnitCoverage`).
enum UnitClassification {
    static func load(for unit: UnitRow, today: CivilDate, t: Strings, on sql: any SQLDatabase) async throws -> SplitBlock? {
        guard let period = try await Evaluations.latestApprovedPeriod(under: unit, on: sql) else { return nil }
        let s = try await Evaluations.split(period: period, unit: unit, today: today, on: sql)
        guard s.total.total > 0 else { return nil }
        // The latest of those rounds' rules name the levels.
        let rules = try await Evaluations.rules(id: period.rulesId, on: sql)
        let title = t.format(period.kind == "year_end" ? "eval_round_title_yearend" : "eval_round_title_midyear", String(period.year))
        return SplitBlock.make(title: title, approved: true, rules: rules, split: s, t: t,
                               roundURL: SiteURL.evaluationRounds.path, lineURL: { SiteURL.unit(.id($0)).path })
    }
}

/// The unit page's line on a grassroots union's classification: eligible at this year's end, or why not yet.
enum UnitGrassrootsEligibility {
    static func load(for unit: UnitRow, today: CivilDate, t: Strings, on sql: any SQLDatabase) async throws -> String? {
        guard unit.isActive, let yearEnd = CivilDate(year: today.year, month: 12, day: 31),
              let verdict = try await Evaluations.grassrootsEligibility(unit: unit, on: yearEnd, sql: sql) else { return nil }
        return verdict.reason ?? t.format("eval_grassroots_eligible", VNFormat.date(yearEnd))
    }
}

/// The evaluation's lines of "what awaits me" on the home page (`Awaits`): self-assessments to make, reviews to do.
enum EvaluationAwaits {
    /// The member's own self-assessments to make.
    static func items(for p: Principal, today: CivilDate, t: Strings, on sql: any SQLDatabase) async throws -> [(label: String, url: String, due: CivilDate)] {
        guard let own = CorrectionController.ownMember(p), let m = try await Members.find(id: own, on: sql), m.status == MemberStatus.active.rawValue,
              let unit = try await Units.find(id: m.unitId, on: sql) else { return [] }
        return try await Evaluations.awaitingSelfAssessment(member: own, unitPath: unit.path, today: today, on: sql).map { r in
            (t.format("await_eval_self", r.title(t)), SiteURL.evaluationRoundAssess(.id(r.id)).path, r.closes)
        }
    }

    /// An official's parts of the one query of `Awaits`: reviews of members and of unions, unions' own assessments.
    static func parts(for p: Principal, today: CivilDate) -> [SQLQueryString] {
        guard p.scope.canWriteSomething else { return [] }
        return [Evaluations.awaitingReviewPart(scope: p.scope), UnitEvaluations.awaitingReviewPart(scope: p.scope)]
            + UnitEvaluations.awaitingSelfAssessmentParts(scope: p.scope, today: today)
    }

    /// The words and link of one of those lines.
    static func item(_ l: AwaitLine, t: Strings) -> (label: String, url: String) {
        let unitRound = t.format(l.label == "year_end" ? "eval_units_title_yearend" : "eval_units_title_midyear", String(l.year))
        switch l.kind {
        case .evalUnitSelf:
            return (t.format("await_eval_unit_self", l.detail, unitRound), SiteURL.evaluationRoundUnitAssess(.id(l.id)).with([("unit", String(l.ref))]))
        case .evalUnitReview:
            return (t.format("await_eval_unit_review", VNFormat.integer(l.n), unitRound), SiteURL.evaluationRound(.id(l.id)).path)
        default:
            let title = t.format(l.label == "year_end" ? "eval_round_title_yearend" : "eval_round_title_midyear", String(l.year))
            return (t.format("await_eval_review", VNFormat.integer(l.n), title), SiteURL.evaluationRound(.id(l.id)).path)
        }
    }
}
