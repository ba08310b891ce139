import Domain
import Foundation
import SQLKit
import Vapor

/// A member's registration: the form (the member's own, or an official's on their behalf), the registration's
/// page with its workflow steps, evidence downloads, the secretary's desk and the live check.
enum RegistrationController {
    // MARK: - The form

    /// Numbers arrive as text: an empty choice ("no duty chosen") is "", not a missing field.
    struct Form: Content {
        var member: String?
        var memberText: String?
        var action1: String?
        var duty1: String?
        var result1: String?
        var deadline1: String?
        var action2: String?
        var duty2: String?
        var result2: String?
        var deadline2: String?
        var shortcomings: String?
        var submit: String?

        var memberId: Int? { member.flatMap { Int($0) } }

        var draft: RegistrationFlow.Draft {
            RegistrationFlow.Draft(actions: [
                .init(action: action1 ?? "", dutyId: duty1.flatMap { Int($0) }, result: result1 ?? "", deadline: deadline1 ?? ""),
                .init(action: action2 ?? "", dutyId: duty2.flatMap { Int($0) }, result: result2 ?? "", deadline: deadline2 ?? ""),
            ], shortcomings: shortcomings ?? "")
        }
    }

    /// Whose registration the form is for: the member named by an official, or the person's own.
    static func subject(req: Request, round: Rounds.Row, p: Principal, memberId: Int?, memberText: String?) async throws -> Result<(MemberRow, UnitRow), FieldProblem>? {
        let own = CorrectionController.ownMember(p)
        if let own, memberId == own {
            return .success(try await Members.readable(id: own, scope: p.scope, on: req.sql))
        }
        if memberId != nil || !(memberText ?? "").isEmpty {
            switch try await Picks.member(id: memberId, text: memberText, field: "Đoàn viên", scope: p.scope, on: req.sql) {
            case .failure(let problem): return .failure(problem)
            case .success(let id):
                let (m, u) = try await Members.readable(id: id, scope: p.scope, on: req.sql)
                guard p.scope.canWrite(unitPath: u.path) || CorrectionController.ownMember(p) == m.id else { throw Abort(.notFound) }
                return .success((m, u))
            }
        }
        guard let own else { return nil }
        return .success(try await Members.readable(id: own, scope: p.scope, on: req.sql))
    }

    @Sendable
    static func form(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        let memberId = req.query[String.self, at: "member"].flatMap { Int($0) }
        let memberText = req.query[String.self, at: "memberText"]
        switch try await subject(req: req, round: round, p: p, memberId: memberId, memberText: memberText) {
        case .none:
            // Neither a member of their own nor anyone to enter for: nothing here for them.
            guard p.scope.canWriteSomething else { throw Abort(.notFound) }
            return try await renderForm(req: req, round: round, p: p, member: nil, posted: nil, error: nil, status: .ok)
        case .failure(let problem):
            return try await renderForm(req: req, round: round, p: p, member: nil, posted: nil, error: problem.message, status: .unprocessableEntity)
        case .success(let (m, u)):
            return try await renderForm(req: req, round: round, p: p, member: (m, u), posted: nil, error: nil, status: .ok)
        }
    }

    static func renderForm(req: Request, round: Rounds.Row, p: Principal, member: (MemberRow, UnitRow)?, posted: Form?,
                           error: String?, status: HTTPStatus) async throws -> Response {
        let t = req.strings
        let today = req.clock.today
        var page = RegistrationFormPage(round: round.title, postURL: SiteURL.roundRegister(.id(round.id)).path, checkURL: SiteURL.registrationCheck.path,
                                        error: error, picker: member == nil, member: nil, memberId: nil, duties: [], actions: [], shortcomings: "",
                                        returned: nil, status: nil, open: round.calendar.isOpen(on: today), onBehalf: false)
        if let (m, u) = member {
            let existing = try await Registrations.find(round: round.id, member: m.id, on: req.sql)
            if let existing, posted == nil, existing.state != .draft, existing.state != .returned {
                return req.redirect(to: SiteURL.registration(.id(existing.id)).path, redirectType: .normal)
            }
            let duties = try await Registrations.duties(of: m.id, on: today, sql: req.sql)
            var saved: [Registrations.ActionRow] = []
            if let existing { saved = try await Registrations.actions(of: [existing.id], on: req.sql)[existing.id] ?? [] }
            page.member = "\(m.fullName) — \(u.name)"
            page.memberId = m.id
            page.onBehalf = CorrectionController.ownMember(p) != m.id
            page.duties = duties.map { .init(id: $0.id, title: $0.title) }
            page.status = existing?.state.localized(t)
            if existing?.state == .returned { page.returned = existing?.appraisalNote }
            page.shortcomings = posted?.shortcomings ?? existing?.shortcomings ?? ""
            page.actions = (1...2).map { n in
                let a = saved.first { $0.position == n }
                let postedAction = posted.map { n == 1 ? ($0.action1, $0.duty1.flatMap { Int($0) }, $0.result1, $0.deadline1) : ($0.action2, $0.duty2.flatMap { Int($0) }, $0.result2, $0.deadline2) }
                return RegistrationFormPage.Action(
                    n: n, action: postedAction?.0 ?? a?.action ?? "", dutyId: postedAction?.1 ?? a?.dutyId ?? (n == 1 ? duties.first?.id : nil),
                    result: postedAction?.2 ?? a?.result ?? "", deadline: postedAction?.3 ?? a?.deadline ?? "",
                    flags: posted == nil ? (a?.decodedFlags.map(\.message) ?? []) : [])
            }
        }
        return try await req.page("registration-form", title: t["reg_form_title"], page, status: status)
    }

    @Sendable
    static func save(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        guard let form = try? req.content.decode(Form.self) else {
            return try await renderForm(req: req, round: round, p: p, member: nil, posted: nil, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        let chosen: (MemberRow, UnitRow)
        switch try await subject(req: req, round: round, p: p, memberId: form.memberId, memberText: form.memberText) {
        case .none: throw Abort(.notFound)
        case .failure(let problem):
            return try await renderForm(req: req, round: round, p: p, member: nil, posted: form, error: problem.message, status: .unprocessableEntity)
        case .success(let pair): chosen = pair
        }
        let (member, unit) = chosen
        let existing = try await Registrations.find(round: round.id, member: member.id, on: req.sql)
        let standing = try await Registrations.standing(of: p, memberId: member.id, memberUnitPath: unit.path, cellId: existing?.cellId,
                                                        status: existing?.state, on: req.sql)
        let submit = form.submit == "1"
        do {
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Registrations.save(round: round, memberId: member.id, draft: form.draft, submit: submit, capacities: standing.capacities, in: tx)
            }
            return req.redirect(to: SiteURL.registration(.id(id)).with([("msg", submit ? "reg_submitted" : "reg_saved")]), redirectType: .normal)
        } catch let abort as Abort where [.unprocessableEntity, .conflict, .forbidden].contains(abort.status) {
            return try await renderForm(req: req, round: round, p: p, member: chosen, posted: form, error: abort.reason, status: abort.status)
        }
    }

    // MARK: - The registration's page

    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req: req, id: try req.id(), error: nil, status: .ok)
    }

    static func render(req: Request, id: Int, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let (row, standing) = try await Registrations.readable(id: id, principal: p, on: req.sql)
        guard let round = try await Rounds.find(id: row.roundId, on: req.sql) else { throw Abort(.notFound) }
        let today = req.clock.today
        func can(_ step: RegistrationFlow.Step) -> Bool {
            if case .success = RegistrationFlow.check(step, status: row.state, by: standing.capacities, today: today, calendar: round.calendar) { return true }
            return false
        }
        let actions = try await Registrations.actions(of: [row.id], on: req.sql)[row.id] ?? []
        let progress = try await Registrations.progress(of: row.id, on: req.sql)
        let files = try await Registrations.files(of: progress.map(\.id), on: req.sql)
        let assessments = try await Registrations.assessments(of: row.id, on: req.sql)
        let seesFlags = standing.capacities.contains(.secretary) || standing.capacities.contains(.onBehalf) || standing.capacities.contains(.owner)
        func when(_ s: String) -> String { Clock.parse(s).map(Clock.display) ?? s }
        let page = RegistrationPage(
            round: round.title, roundURL: SiteURL.round(.id(round.id)).path, member: row.memberName,
            memberURL: p.scope.can(.read, unitPath: row.memberUnitPath) ? SiteURL.member(.id(row.memberId)).path : nil,
            unit: row.unitName, cell: row.cellName, position: row.memberPosition, duties: row.memberDuties,
            status: row.state.localized(t), statusCode: row.status, version: row.version, onBehalf: row.onBehalf == 1,
            actions: actions.map { a in
                .init(n: a.position, action: a.action, duty: a.dutyTitle, result: a.result, deadline: a.deadline,
                      flags: seesFlags ? a.decodedFlags.map(\.message) : [])
            },
            shortcomings: row.shortcomings,
            appraisal: row.appraisedAt.map { at in
                .init(by: row.appraisedByName ?? "", at: when(at), note: row.appraisalNote, approved: row.state.isApproved)
            },
            events: try await Registrations.events(of: row.id, on: req.sql).map { e in
                .init(at: when(e.at), step: RegistrationFlow.Step(rawValue: e.step).map { t["reg_step_" + $0.rawValue] } ?? e.step,
                      who: e.userName, reason: e.reason, version: e.version)
            },
            comments: try await Registrations.comments(of: row.id, on: req.sql).map { .init(at: when($0.at), who: $0.authorName, body: $0.body) },
            progress: progress.map { pr in
                .init(at: when(pr.at), who: pr.authorName, note: pr.note,
                      files: files.filter { $0.ownerId == pr.id }.map { .init(name: $0.fileName, url: SiteURL.file(.id($0.id)).path, size: VNFormat.integer(max(1, $0.size / 1024)) + " KB") })
            },
            assessments: assessments.map { a in
                .init(period: t["reg_period_" + a.period], outcome: RegistrationFlow.Outcome(rawValue: a.outcome).map { t.language == .en ? $0.labelEN : $0.label } ?? a.outcome,
                      achieved: a.achieved, at: when(a.at), who: a.authorName)
            },
            editURL: can(.save) ? SiteURL.roundRegister(.id(round.id)).with(CorrectionController.ownMember(p) == row.memberId ? [] : [("member", String(row.memberId))]) : nil,
            approveURL: can(.approve) ? SiteURL.registrationApprove(.id(row.id)).path : nil,
            returnURL: can(.giveBack) ? SiteURL.registrationReturn(.id(row.id)).path : nil,
            commentURL: can(.comment) ? SiteURL.registrationComments(.id(row.id)).path : nil,
            progressURL: can(.progress) ? SiteURL.registrationProgress(.id(row.id)).path : nil,
            assessURL: (can(.assessMidyear) || can(.assessYearend)) ? SiteURL.registrationAssess(.id(row.id)).path : nil,
            assessPeriods: [("midyear", RegistrationFlow.Step.assessMidyear), ("yearend", .assessYearend)]
                .filter { choice in can(choice.1) && !assessments.contains(where: { $0.period == choice.0 }) }
                .map { .init(value: $0.0, label: t["reg_period_" + $0.0]) },
            outcomes: RegistrationFlow.Outcome.allCases.map { .init(value: $0.rawValue, label: t.language == .en ? $0.labelEN : $0.label) },
            docxURL: SiteURL.registrationDocx(.id(row.id)).path, printURL: SiteURL.registrationPrint(.id(row.id)).path,
            error: error, maxFile: "10 MB")
        return try await req.page("registration", title: t["reg_title"] + " — " + row.memberName, page, status: status)
    }

    /// Runs a workflow step and shows the registration again: with the refusal when there is one.
    static func step(req: Request, message: String, _ body: @escaping @Sendable (Principal, WriteTransaction) async throws -> Void) async throws -> Response {
        let p = try req.requirePrincipal()
        let id = try req.id()
        _ = try await Registrations.readable(id: id, principal: p, on: req.sql)
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await body(p, tx) }
        } catch let abort as Abort where [.unprocessableEntity, .conflict, .forbidden, .payloadTooLarge, .unsupportedMediaType].contains(abort.status) {
            return try await render(req: req, id: id, error: abort.reason, status: abort.status)
        }
        return req.redirect(to: SiteURL.registration(.id(id)).with([("msg", message)]), redirectType: .normal)
    }

    struct ReasonForm: Content { var reason: String? }
    struct CommentForm: Content { var body: String? }
    struct AssessForm: Content { var period: String?; var outcome: String?; var achieved: String? }

    @Sendable static func approve(req: Request) async throws -> Response {
        let id = try req.id()
        let reason = (try? req.content.decode(ReasonForm.self))?.reason
        return try await step(req: req, message: "reg_approved") { p, tx in try await Registrations.appraise(id, approve: true, reason: reason, by: .principal(p), in: tx) }
    }

    @Sendable static func giveBack(req: Request) async throws -> Response {
        let id = try req.id()
        let reason = (try? req.content.decode(ReasonForm.self))?.reason
        return try await step(req: req, message: "reg_returned") { p, tx in try await Registrations.appraise(id, approve: false, reason: reason, by: .principal(p), in: tx) }
    }

    @Sendable static func comment(req: Request) async throws -> Response {
        let id = try req.id()
        let body = (try? req.content.decode(CommentForm.self))?.body ?? ""
        return try await step(req: req, message: "reg_commented") { p, tx in try await Registrations.comment(id, body: body, by: .principal(p), in: tx) }
    }

    @Sendable static func assess(req: Request) async throws -> Response {
        let id = try req.id()
        let form = (try? req.content.decode(AssessForm.self)) ?? AssessForm()
        guard let outcome = RegistrationFlow.Outcome(rawValue: form.outcome ?? "") else {
            let p = try req.requirePrincipal()
            _ = try await Registrations.readable(id: id, principal: p, on: req.sql)
            return try await render(req: req, id: id, error: "Hãy chọn mức hoàn thành: hoàn thành, hoàn thành một phần hoặc chưa hoàn thành.", status: .unprocessableEntity)
        }
        let period = form.period ?? ""
        return try await step(req: req, message: "reg_assessed") { p, tx in
            try await Registrations.assess(id, period: period, outcome: outcome, achieved: form.achieved ?? "", by: .principal(p), in: tx)
        }
    }

    struct ProgressForm: Content { var note: String?; var file: File? }

    @Sendable static func progress(req: Request) async throws -> Response {
        let id = try req.id()
        let p = try req.requirePrincipal()
        _ = try await Registrations.readable(id: id, principal: p, on: req.sql)
        let form: ProgressForm
        do { form = try req.content.decode(ProgressForm.self) } catch {
            return try await render(req: req, id: id, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest)
        }
        var checked: Evidence.Checked?
        if let file = form.file, file.data.readableBytes > 0 || !file.filename.isEmpty {
            do {
                checked = try Evidence.check(data: Data(buffer: file.data), fileName: file.filename)
            } catch let abort as Abort {
                return try await render(req: req, id: id, error: abort.reason, status: abort.status)
            }
        }
        let evidence = checked
        return try await step(req: req, message: "reg_progressed") { p, tx in
            try await Registrations.addProgress(id, note: form.note ?? "", file: evidence, by: .principal(p), in: tx)
        }
    }

    /// An evidence file, to those who may read the registration it hangs on.
    @Sendable static func file(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let file = try await Evidence.find(id: try req.id(), on: req.sql), file.owner == "registration_progress" else { throw Abort(.notFound) }
        struct Owner: Decodable { let registrationId: Int }
        guard let owner = try await req.sql.raw("SELECT registration_id FROM registration_progress WHERE id = \(bind: file.ownerId)")
            .first(decoding: Owner.self, with: snakeCase) else { throw Abort(.notFound) }
        _ = try await Registrations.readable(id: owner.registrationId, principal: p, on: req.sql)
        return Evidence.response(file)
    }

    // MARK: - The paper form

    @Sendable static func docx(req: Request) async throws -> Response {
        let (row, _) = try await Registrations.readable(id: try req.id(), principal: try req.requirePrincipal(), on: req.sql)
        return try PaperForm.docx(try await PaperForm.forms([row], on: req.sql), fileName: "Bản đăng ký - \(row.memberName).docx")
    }

    @Sendable static func print(req: Request) async throws -> Response {
        let (row, _) = try await Registrations.readable(id: try req.id(), principal: try req.requirePrincipal(), on: req.sql)
        return try await printPage(req: req, title: "Bản đăng ký - \(row.memberName)", rows: [row])
    }

    /// A unit's registrations in a round as one document: the unit asked for (`?unit=`), or the round's.
    @Sendable static func roundDocx(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        guard let unit = try await RoundController.focusUnit(req, round: round, p: p) else { throw Abort(.notFound) }
        let rows = try await PaperForm.unitRows(round: round, unit: unit, on: req.sql)
        guard !rows.isEmpty else { throw Abort(.notFound, reason: "\(unit.name) chưa có bản đăng ký nào đã gửi trong đợt này.") }
        return try PaperForm.docx(try await PaperForm.forms(rows, on: req.sql), fileName: "Bản đăng ký - \(unit.name) - \(round.year).docx")
    }

    @Sendable static func roundPrint(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        guard let unit = try await RoundController.focusUnit(req, round: round, p: p) else { throw Abort(.notFound) }
        let rows = try await PaperForm.unitRows(round: round, unit: unit, on: req.sql)
        return try await printPage(req: req, title: "Bản đăng ký - \(unit.name) - \(round.year)", rows: rows)
    }

    static func printPage(req: Request, title: String, rows: [Registrations.Row]) async throws -> Response {
        let page = PrintPage(title: title, forms: try await PaperForm.forms(rows, on: req.sql), lang: req.strings.language.rawValue)
        let response = try await req.view.render("registration-print", page).encodeResponse(for: req)
        response.headers.contentType = .init(type: "text", subType: "html", parameters: ["charset": "utf-8"])
        return response
    }

    // MARK: - The secretary's desk

    @Sendable static func desk(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        guard !p.scope.cells.isEmpty else { throw Abort(.notFound) }
        let entries = try await Registrations.desk(cells: p.scope.cells, on: req.sql)
        let page = DeskPage(items: entries.map { r, actions in
            DeskPage.Item(
                member: r.memberName, unit: r.unitName, position: r.memberPosition, duties: r.memberDuties, version: r.version,
                flagged: r.flagCount > 0, url: SiteURL.registration(.id(r.id)).path,
                approveURL: SiteURL.registrationApprove(.id(r.id)).path, returnURL: SiteURL.registrationReturn(.id(r.id)).path,
                actions: actions.map { a in
                    .init(n: a.position, action: a.action, duty: a.dutyTitle, result: a.result, deadline: a.deadline, flags: a.decodedFlags.map(\.message))
                },
                shortcomings: r.shortcomings)
        })
        return try await req.page("desk", title: t["desk_title"], page)
    }

    // MARK: - The live check

    struct CheckQuery: Content { var member: Int?; var action: String?; var result: String?; var deadline: String?; var duty: Int? }
    struct CheckAnswer: Content { let flags: [RegistrationCheck.Flag] }

    /// The same check the save runs, for the script that shows flags while the member types.
    @Sendable static func check(req: Request) async throws -> CheckAnswer {
        let p = try req.requirePrincipal()
        let q = try req.query.decode(CheckQuery.self)
        let action = VietnameseText.clean(q.action ?? "")
        guard !action.isEmpty, action.count <= RegistrationFlow.maxActionLength else { return CheckAnswer(flags: []) }
        var duties: [String] = [], position = ""
        if let id = q.member ?? CorrectionController.ownMember(p) {
            let (m, _) = try await Members.readable(id: id, scope: p.scope, on: req.sql)
            duties = try await Registrations.duties(of: m.id, on: req.clock.today, sql: req.sql).map(\.title) + [m.duties ?? ""].filter { !$0.isEmpty }
            position = m.position ?? ""
        }
        let flags = RegistrationCheck.flags(.init(action: action, result: VietnameseText.clean(q.result ?? ""), deadline: VietnameseText.clean(q.deadline ?? "")),
                                            context: .init(duties: duties, position: position),
                                            vocabulary: try await CheckWords.vocabulary(on: req.sql))
        return CheckAnswer(flags: flags)
    }
}
