import Crypto
import Domain
import Foundation
import SQLKit
import Vapor

/// Registration rounds: the list, a new round, a round's coverage one level down and the members not yet registered.
enum RoundController {
    @Sendable
    static func index(req: Request) async throws -> Response {
        try await renderIndex(req: req, error: nil, status: .ok)
    }

    static func renderIndex(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let ownPath = try await ownUnitPath(p, on: req.sql)
        let rounds = try await Rounds.visible(scope: p.scope, ownUnitPath: ownPath, on: req.sql)
        let today = req.clock.today
        let programmes = p.scope.canWriteSomething ? try await Programmes.all(on: req.sql) : []
        let page = RoundsPage(
            items: rounds.map { RoundsPage.Item(round: $0, today: today, t: t) },
            canCreate: p.scope.canWriteSomething,
            programmes: programmes.map { .init(id: $0.id, name: $0.name) },
            year: String(today.year),
            opens: VNFormat.date(today), closes: VNFormat.date(today.adding(days: 30)),
            midyear: VNFormat.date(CivilDate(year: today.year, month: 6, day: 15)!), yearend: VNFormat.date(CivilDate(year: today.year, month: 12, day: 1)!),
            postURL: SiteURL.rounds.path, error: error)
        return try await req.page("rounds", title: t["rounds_title"], page, status: status)
    }

    static func ownUnitPath(_ p: Principal, on sql: any SQLDatabase) async throws -> String? {
        guard let own = CorrectionController.ownMember(p), let m = try await Members.find(id: own, on: sql) else { return nil }
        return try await Units.find(id: m.unitId, on: sql)?.path
    }

    struct CreateForm: Content {
        var programme: Int?
        var year: Int?
        var unit: String?
        var opens: String?
        var closes: String?
        var midyear: String?
        var yearend: String?
        var theme: String?
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
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
        let opens = date(form.opens, "Ngày mở"), closes = date(form.closes, "Ngày đóng")
        let midyear = date(form.midyear, "Ngày tự đánh giá giữa năm"), yearend = date(form.yearend, "Ngày tự đánh giá cuối năm")
        var unitId: Int?
        switch try await Picks.unit(form.unit, field: "Đơn vị", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): unitId = u.id
        case .failure(let problem): problems.append(problem.message)
        }
        guard problems.isEmpty, let opens, let closes, let midyear, let yearend, let unitId, let programme = form.programme, let year = form.year else {
            if form.programme == nil { problems.append("Hãy chọn chương trình.") }
            if form.year == nil { problems.append("Hãy ghi năm.") }
            return try await renderIndex(req: req, error: problems.joined(separator: " "), status: .unprocessableEntity)
        }
        let input = Rounds.Input(programmeId: programme, year: year, unitId: unitId, opensOn: opens, closesOn: closes,
                                 midyearOn: midyear, yearendOn: yearend, theme: form.theme ?? "")
        do {
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Rounds.create(input, in: tx) }
            return req.redirect(to: SiteURL.round(.id(id)).path, redirectType: .normal)
        } catch let abort as Abort where abort.status == .unprocessableEntity || abort.status == .conflict {
            return try await renderIndex(req: req, error: abort.reason, status: abort.status)
        }
    }

    /// The round as this person may see it; 404 when it is neither in nor above their scope.
    static func visibleRound(_ req: Request) async throws -> (Rounds.Row, Principal) {
        let p = try req.requirePrincipal()
        guard let round = try await Rounds.find(id: try req.id(), on: req.sql) else { throw Abort(.notFound) }
        let ownPath = try await ownUnitPath(p, on: req.sql)
        let visible = try await Rounds.visible(scope: p.scope, ownUnitPath: ownPath, on: req.sql)
        guard visible.contains(where: { $0.id == round.id }) else { throw Abort(.notFound) }
        return (round, p)
    }

    /// The unit whose figures are shown inside the round (see `UnitFocus`).
    static func focusUnit(_ req: Request, round: Rounds.Row, p: Principal) async throws -> UnitRow? {
        try await UnitFocus.pick(req, rootId: round.unitId, rootPath: round.unitPath, scope: p.scope)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        let (round, p) = try await visibleRound(req)
        let t = req.strings
        let today = req.clock.today
        let focus = try await focusUnit(req, round: round, p: p)
        var coverage: RoundPage.Coverage?
        var lines: [RoundPage.Line] = []
        var registrations: [RoundPage.Reg] = []
        var models: [RoundPage.Model] = []
        if let focus {
            models = try await CollectiveModels.list(round: round.id, range: focus.subtree, on: req.sql).map {
                .init(name: $0.name, unit: $0.unitName, status: $0.state.label, members: $0.memberCount, url: SiteURL.model(.id($0.id)).path)
            }
            // The unit's figure and one level down from one pass over its members.
            if let block = try await Coverage.block(round: round, unitId: focus.id, on: req.sql) {
                coverage = RoundPage.Coverage(block.total, t: t, missingURL: SiteURL.roundMissing(.id(round.id)).with([("unit", String(focus.id))]))
                lines = block.lines.map { l in RoundPage.Line(l, url: SiteURL.round(.id(round.id)).with([("unit", String(l.unitId))])) }
            }
            let canWrite = p.scope.canWrite(unitPath: focus.path)
            registrations = try await Registrations.list(round: round.id, range: focus.subtree, status: nil, includeDrafts: canWrite, limit: 100, on: req.sql)
                .map { RoundPage.Reg($0, t: t) }
        }
        // The person's own registration, or the way to make it.
        var mine: RoundPage.Mine?
        var cellRegistrations: [RoundPage.Reg] = []
        if let own = CorrectionController.ownMember(p), let ownPath = try await ownUnitPath(p, on: req.sql),
           PathRange(path: round.unitPath).contains(ownPath) {
            if let cell = try await Registrations.cell(forUnitPath: ownPath, on: req.sql) {
                cellRegistrations = try await Registrations.publicInCell(round: round.id, cell: cell, on: req.sql)
                    .filter { $0.memberId != own }.map { RoundPage.Reg($0, t: t) }
            }
            if let r = try await Registrations.find(round: round.id, member: own, on: req.sql) {
                mine = .init(url: SiteURL.registration(.id(r.id)).path, status: r.state.localized(t), registerURL: nil)
            } else if round.calendar.isOpen(on: today) {
                mine = .init(url: nil, status: t["reg_none_yet"], registerURL: SiteURL.roundRegister(.id(round.id)).path)
            }
        }
        let theme = try await Programmes.theme(programmeId: round.programmeId, year: round.year, on: req.sql)
        let programme = try await Programmes.find(id: round.programmeId, on: req.sql)
        let page = RoundPage(
            title: round.title, unit: round.unitName, theme: theme, termTheme: programme?.termTheme, criteria: programme?.criteria,
            source: programme?.source,
            dates: t.format("round_dates", VNFormat.date(round.calendar.opensOn), VNFormat.date(round.calendar.closesOn)),
            assessDates: t.format("round_assess_dates", VNFormat.date(round.calendar.midyearOn), VNFormat.date(round.calendar.yearendOn)),
            open: round.calendar.isOpen(on: today), focus: focus?.name,
            upURL: focus.flatMap { f in f.id != round.unitId ? f.parentId.map { SiteURL.round(.id(round.id)).with([("unit", String($0))]) } : nil },
            coverage: coverage, lines: lines, mine: mine,
            onBehalfURL: focus.map { p.scope.canWrite(unitPath: $0.path) } == true && round.calendar.isOpen(on: today) ? SiteURL.roundRegister(.id(round.id)).path : nil,
            registrations: registrations, cellRegistrations: cellRegistrations, models: models,
            proposeURL: p.scope.canWriteSomething && round.calendar.isOpen(on: today) ? SiteURL.roundModels(.id(round.id)).path : nil,
            importURL: p.scope.canWriteSomething && round.calendar.isOpen(on: today) ? SiteURL.roundImport(.id(round.id)).path : nil,
            templateURL: SiteURL.roundImportTemplate(.id(round.id)).path, printURL: focus.map { SiteURL.roundPrint(.id(round.id)).with([("unit", String($0.id))]) },
            docxURL: focus.map { SiteURL.roundDocx(.id(round.id)).with([("unit", String($0.id))]) })
        return try await req.page("round", title: round.title, page)
    }

    @Sendable
    static func missing(req: Request) async throws -> Response {
        let (round, p) = try await visibleRound(req)
        guard let focus = try await focusUnit(req, round: round, p: p) else { throw Abort(.notFound) }
        let t = req.strings
        let after = req.query[String.self, at: "after"].flatMap(MemberFilter.Cursor.init(token:))
        let rows = try await Coverage.missing(round: round, unitId: focus.id, after: after, limit: 200, on: req.sql)
        let next = rows.count == 200 ? rows.last.map { r in
            SiteURL.roundMissing(.id(round.id)).with([("unit", String(focus.id)), ("after", MemberFilter.Cursor(sortKey: r.sortKey, id: r.id).token)])
        } : nil
        let page = MissingPage(
            title: round.title, unit: focus.name, backURL: SiteURL.round(.id(round.id)).with([("unit", String(focus.id))]),
            items: rows.map { r in
                .init(name: r.fullName, url: SiteURL.member(.id(r.id)).path, unit: r.unitName,
                      status: r.status.flatMap(RegistrationFlow.Status.init(rawValue:)).map { $0.localized(t) } ?? t["reg_none_yet"],
                      registrationURL: r.registrationId.map { SiteURL.registration(.id($0)).path })
            },
            nextURL: next)
        return try await req.page("round-missing", title: t["round_missing"], page)
    }
}

extension RegistrationFlow.Status {
    func localized(_ t: Strings) -> String { t.language == .en ? labelEN : label }
}

/// Registrations from a unit's spreadsheet (see `RegistrationImport`).
enum RegistrationImportController {
    struct Upload: Content { var file: File? }

    @Sendable static func template(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let members = try await Registrations.templateMembers(round: round, scope: p.scope, on: req.clock.today,
                                                              limit: RegistrationImport.templateLimit, sql: req.sql)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"mau-dang-ky.xlsx\"")
        return Response(status: .ok, headers: headers, body: .init(data: try RegistrationImport.template(members: members)))
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let t = req.strings
        let form = try? req.content.decode(Upload.self)
        guard let file = form?.file, file.data.readableBytes > 0 else {
            let page = ImportReportPage(title: round.title, backURL: SiteURL.round(.id(round.id)).path, lines: [], problems: ["Hãy chọn tệp Excel (.xlsx) hoặc CSV."])
            return try await req.page("registration-import", title: t["reg_import_title"], page, status: .unprocessableEntity)
        }
        // Checked by a job, then written by another on confirmation, as a members' file (Import/).
        let data = Data(buffer: file.data)
        let actor = try req.actor()
        let digest = Hex.encode(SHA256.hash(data: data))
        let fileName = file.filename, userId = p.user.id, today = req.clock.today
        let total = ImportJobs.estimateRows(data, fileName: fileName)
        let batchId = try await Writes.perform(on: req.db, actor: actor) { tx in
            try await ImportBatches.begin(kind: .registrations, roundId: round.id, userId: userId, fileName: fileName, sha256: digest, content: data,
                                          effective: today, totalRows: total, in: tx)
        }
        await ImportJobs.startCheck(app: req.application, .init(batchId: batchId, kind: .registrations, data: data, fileName: fileName,
                                                                effective: today, actor: actor, roundId: round.id))
        return try await ImportController.outcome(req: req, batchId: batchId, userId: userId)
    }
}

struct ImportReportPage: Encodable, Sendable {
    let title: String
    let backURL: String
    let lines: [String]
    let problems: [String]
}
