import Domain
import Vapor

/// "Chương trình, phong trào": the movements and campaigns units take part in (issue 16 item 1), as data officials
/// make and keep. Everyone signed in reads them (they are public directives, not personal data); an official adds
/// one for a unit they write to and changes the ones made for such units; the nationwide ones are the
/// administrator's. A year's study theme is set here or when a registration round is opened.
enum ProgrammeController {
    static func kindLabel(_ kind: String, _ t: Strings) -> String { t["programme_kind_" + kind] }

    @Sendable
    static func index(req: Request) async throws -> Response {
        try await renderIndex(req: req, error: nil, status: .ok, form: nil)
    }

    struct CreateForm: Content {
        var unit: String?
        var name: String?
        var kind: String?
        var summary: String?
        var criteria: String?
    }

    static func renderIndex(req: Request, error: String?, status: HTTPStatus, form: CreateForm?) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let rows = try await Programmes.all(on: req.sql)
        let themes = Dictionary(grouping: try await Programmes.themes(on: req.sql), by: \.programmeId)
        let page = ProgrammesPage(
            items: rows.map { r in
                ProgrammesPage.Item(
                    name: r.name, kind: kindLabel(r.kind, t), unit: r.unitName ?? t["programme_nationwide"],
                    summary: r.summary ?? "", criteria: r.criteria ?? "", source: r.source ?? "",
                    term: r.termTheme.map { theme in
                        r.termFrom.flatMap { from in r.termTo.map { t.format("programme_term_line", String(from), String($0), theme) } } ?? theme
                    },
                    themes: (themes[r.id] ?? []).map { t.format("programme_year_line", String($0.year), $0.theme) },
                    editURL: Programmes.canEdit(unitPath: r.unitPath, scope: p.scope) ? SiteURL.programme(.id(r.id)).path : nil)
            },
            canCreate: p.scope.canWriteSomething, postURL: SiteURL.programmes.path, error: error,
            unit: form?.unit ?? "", name: form?.name ?? "", summary: form?.summary ?? "", criteria: form?.criteria ?? "",
            kinds: Programmes.kinds.map { .init(value: $0, label: kindLabel($0, t), selected: $0 == (form?.kind ?? "emulation")) })
        return try await req.page("programmes", title: t["programmes_title"], page, status: status)
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        guard let form = try? req.content.decode(CreateForm.self) else {
            return try await renderIndex(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest, form: nil)
        }
        var unitId: Int?
        if !(p.scope.isAdmin && VietnameseText.clean(form.unit ?? "").isEmpty) {
            switch try await Picks.unit(form.unit, field: "Đơn vị", scope: p.scope, need: .write, on: req.sql) {
            case .success(let u): unitId = u.id
            case .failure(let problem):
                return try await renderIndex(req: req, error: problem.message, status: .unprocessableEntity, form: form)
            }
        }
        let unit = unitId
        do {
            _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Programmes.create(name: form.name ?? "", kind: form.kind ?? "", summary: form.summary ?? "", criteria: form.criteria ?? "",
                                            unitId: unit, in: tx)
            }
        } catch let abort as Abort where [.unprocessableEntity, .conflict].contains(abort.status) {
            return try await renderIndex(req: req, error: abort.reason, status: abort.status, form: form)
        }
        return req.redirect(.programmes, message: "saved")
    }

    struct EditForm: Content {
        var name: String?
        var kind: String?
        var summary: String?
        var criteria: String?
        var source: String?
        var termTheme: String?
        var termFrom: String?
        var termTo: String?
        var year: String?
        var yearTheme: String?
    }

    /// The programme, when this person may change it; 404 otherwise (reading is the list's).
    static func editable(_ req: Request) async throws -> Programmes.Row {
        let p = try req.requirePrincipal()
        guard let row = try await Programmes.find(id: try req.id(), on: req.sql),
              Programmes.canEdit(unitPath: row.unitPath, scope: p.scope) else { throw Abort(.notFound) }
        return row
    }

    @Sendable
    static func edit(req: Request) async throws -> Response {
        try await renderEdit(req: req, row: try await editable(req), error: nil, status: .ok, form: nil)
    }

    static func renderEdit(req: Request, row r: Programmes.Row, error: String?, status: HTTPStatus, form: EditForm?) async throws -> Response {
        let t = req.strings
        let year = req.clock.today.year
        let current = try await Programmes.theme(programmeId: r.id, year: year, on: req.sql)
        let page = ProgrammePage(
            postURL: SiteURL.programme(.id(r.id)).path, listURL: SiteURL.programmes.path, error: error,
            unit: r.unitName ?? t["programme_nationwide"],
            name: form?.name ?? r.name, summary: form?.summary ?? r.summary ?? "", criteria: form?.criteria ?? r.criteria ?? "",
            source: form?.source ?? r.source ?? "", termTheme: form?.termTheme ?? r.termTheme ?? "",
            termFrom: form?.termFrom ?? r.termFrom.map(String.init) ?? "", termTo: form?.termTo ?? r.termTo.map(String.init) ?? "",
            year: form?.year ?? String(year), yearTheme: form?.yearTheme ?? current ?? "",
            kinds: Programmes.kinds.map { .init(value: $0, label: kindLabel($0, t), selected: $0 == (form?.kind ?? r.kind)) })
        return try await req.page("programme", title: r.name, page, status: status)
    }

    @Sendable
    static func update(req: Request) async throws -> Response {
        let row = try await editable(req)
        guard let form = try? req.content.decode(EditForm.self) else {
            return try await renderEdit(req: req, row: row, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest, form: nil)
        }
        func year(_ text: String?) -> Int?? {
            let clean = VietnameseText.clean(text ?? "")
            if clean.isEmpty { return .some(nil) }
            return Int(clean).map { .some($0) } ?? nil
        }
        guard let termFrom = year(form.termFrom), let termTo = year(form.termTo), let themeYear = year(form.year) else {
            return try await renderEdit(req: req, row: row, error: "Năm ghi bằng chữ số, ví dụ 2026.", status: .unprocessableEntity, form: form)
        }
        let yearTheme = VietnameseText.clean(form.yearTheme ?? "")
        if !yearTheme.isEmpty, themeYear.map({ !(2000...2100).contains($0) }) ?? true {
            return try await renderEdit(req: req, row: row, error: "Chủ đề năm: ghi năm, ví dụ 2026.", status: .unprocessableEntity, form: form)
        }
        let edit = Programmes.Edit(name: form.name ?? "", kind: form.kind ?? "", summary: form.summary ?? "", criteria: form.criteria ?? "",
                                   source: form.source ?? "", termTheme: form.termTheme ?? "", termFrom: termFrom, termTo: termTo)
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Programmes.update(id: row.id, edit, in: tx)
                if let y = themeYear, !yearTheme.isEmpty { try await Programmes.setTheme(programmeId: row.id, year: y, theme: yearTheme, in: tx) }
            }
        } catch let abort as Abort where [.unprocessableEntity, .conflict].contains(abort.status) {
            return try await renderEdit(req: req, row: row, error: abort.reason, status: abort.status, form: form)
        }
        return req.redirect(.programmes, message: "saved")
    }
}

struct ProgrammesPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let name: String
        let kind: String
        let unit: String
        let summary: String
        let criteria: String
        let source: String
        let term: String?
        let themes: [String]
        let editURL: String?
    }
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    let items: [Item]
    let canCreate: Bool
    let postURL: String
    let error: String?
    let unit: String
    let name: String
    let summary: String
    let criteria: String
    let kinds: [Option]
}

struct ProgrammePage: Encodable, Sendable {
    let postURL: String
    let listURL: String
    let error: String?
    let unit: String
    let name: String
    let summary: String
    let criteria: String
    let source: String
    let termTheme: String
    let termFrom: String
    let termTo: String
    let year: String
    let yearTheme: String
    let kinds: [ProgrammesPage.Option]
}
