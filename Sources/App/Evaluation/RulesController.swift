import Domain
import Foundation
import Vapor

/// "Quy định xếp loại": the classification rules in force and before, and a unit's own rules from a day on (bands,
/// the cap, its raised percentage and rounding), set by whoever approves that unit's evaluations.
enum RulesController {
    static func canSet(_ p: Principal) -> Bool { EvaluationController.canCreate(p) }

    @Sendable
    static func index(req: Request) async throws -> Response {
        try await render(req: req, error: nil, status: .ok, form: nil)
    }

    struct Form: Content {
        var unit: String?
        var programme: String?
        var from: String?
        var htxsnv: String?
        var httnv: String?
        var htnv: String?
        var percent: String?
        var raised: String?
        var rounding: String?
        var source: String?
    }

    static func render(req: Request, error: String?, status: HTTPStatus, form: Form?) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let rows = try await RuleSets.visible(scope: p.scope, on: req.sql)
        let programmes = canSet(p) ? try await Programmes.all(on: req.sql) : []
        let today = req.clock.today
        let items = rows.map { r -> RulesPage.Item in
            let rules = r.decoded
            let from = CivilDate(iso: r.validFrom).map(VNFormat.date) ?? r.validFrom
            let dates = r.validTo.flatMap(CivilDate.init(iso:)).map { t.format("rules_dates_closed", from, VNFormat.date($0)) } ?? t.format("rules_dates_open", from)
            let inForce = r.validFrom <= today.iso && (r.validTo.map { $0 > today.iso } ?? true)
            return .init(unit: r.unitName ?? t["rules_everywhere"], programme: r.programmeName ?? t["rules_programme_all"], dates: dates, inForce: inForce,
                         bands: rules.bands.map { "\($0.name): từ \($0.minimum) điểm" },
                         cap: rules.cap.map { c in
                             t.format("eval_cap_rule", rules.name(of: c.capped) ?? c.capped, String(c.percent), rules.name(of: c.relativeTo) ?? c.relativeTo, c.rounding.label)
                                 + ". " + t.format("rules_raised", String(c.raisedPercent))
                         }, source: r.source)
        }
        let d = ClassificationRules.defaults
        func minimum(_ level: ClassificationLevel) -> String { d.bands.first { $0.code == level.rawValue }?.minimum.description ?? "" }
        let page = RulesPage(
            items: items, canSet: canSet(p), programmes: ProgrammeChoice.list(programmes, selected: form?.programme, none: t["eval_programme_none"]),
            postURL: SiteURL.classificationRules.path, error: error,
            unit: form?.unit ?? "", from: form?.from ?? VNFormat.date(today),
            htxsnv: form?.htxsnv ?? minimum(.htxsnv), httnv: form?.httnv ?? minimum(.httnv), htnv: form?.htnv ?? minimum(.htnv),
            percent: form?.percent ?? String(d.cap?.percent ?? 20), raised: form?.raised ?? String(d.cap?.raisedPercent ?? 25),
            roundings: CapRounding.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (form?.rounding ?? "floor")) },
            source: form?.source ?? "")
        return try await req.page("classification-rules", title: t["rules_title"], page, status: status)
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard canSet(p) else { throw Abort(.notFound) }
        guard let form = try? req.content.decode(Form.self) else {
            return try await render(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest, form: nil)
        }
        var problems: [String] = []
        var from: CivilDate?
        switch CivilDate.read(form.from ?? "") {
        case .success(let d): from = d
        case .failure(let problem): problems.append("Áp dụng từ ngày: \(problem.message)")
        }
        func score(_ text: String?, _ level: ClassificationLevel) -> Score? {
            guard let s = Score(VietnameseText.clean(text ?? "")) else { problems.append("\(level.name): ghi điểm sàn, ví dụ 90 hoặc 89,5."); return nil }
            return s
        }
        let top = score(form.htxsnv, .htxsnv), good = score(form.httnv, .httnv), done = score(form.htnv, .htnv)
        let percent = Int(VietnameseText.clean(form.percent ?? "")), raised = Int(VietnameseText.clean(form.raised ?? ""))
        if percent == nil || raised == nil { problems.append("Tỷ lệ khống chế và tỷ lệ nâng là số phần trăm nguyên, ví dụ 20 và 25.") }
        let source = VietnameseText.clean(form.source ?? "")
        if source.isEmpty || source.count > 300 { problems.append("Ghi văn bản quy định (số, ký hiệu, ngày), không quá 300 ký tự.") }
        let programmeId = ProgrammeChoice.read(form.programme, problems: &problems)
        var unitId: Int?
        switch try await Picks.unit(form.unit, field: "Đơn vị", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): unitId = u.id
        case .failure(let problem): problems.append(problem.message)
        }
        guard problems.isEmpty, let from, let top, let good, let done, let percent, let raised, let unitId else {
            return try await render(req: req, error: problems.joined(separator: " "), status: .unprocessableEntity, form: form)
        }
        func band(_ level: ClassificationLevel, _ minimum: Score) -> ClassificationRules.Band { .init(code: level.rawValue, name: level.name, minimum: minimum) }
        let rules = ClassificationRules(
            bands: [band(.htxsnv, top), band(.httnv, good), band(.htnv, done), band(.khtnv, .zero)],
            cap: .init(capped: ClassificationLevel.htxsnv.rawValue, relativeTo: ClassificationLevel.httnv.rawValue, percent: percent, raisedPercent: raised,
                       rounding: CapRounding(rawValue: form.rounding ?? "") ?? .floor),
            source: source)
        if !(top > good && good > done && done > .zero) {
            return try await render(req: req, error: "Điểm sàn phải giảm dần: xuất sắc > tốt > hoàn thành > 0.", status: .unprocessableEntity, form: form)
        }
        do {
            _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await RuleSets.add(unitId: unitId, programmeId: programmeId, from: from, rules: rules, in: tx) }
        } catch let abort as Abort where [.unprocessableEntity, .conflict, .forbidden].contains(abort.status) {
            return try await render(req: req, error: abort.reason, status: abort.status, form: form)
        }
        return req.redirect(.classificationRules, message: "saved")
    }
}

struct RulesPage: Encodable, Sendable {
    struct Item: Encodable, Sendable { let unit: String; let programme: String; let dates: String; let inForce: Bool; let bands: [String]; let cap: String?; let source: String }
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    let items: [Item]
    var roundsURL = SiteURL.evaluationRounds.path
    let canSet: Bool
    let programmes: [ProgrammeChoice]
    let postURL: String
    let error: String?
    let unit: String
    let from: String
    let htxsnv: String
    let httnv: String
    let htnv: String
    let percent: String
    let raised: String
    let roundings: [Option]
    let source: String
}
