import Domain
import Foundation
import SQLKit
import Vapor

enum MemberController {
    @Sendable
    static func index(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        var filter = try MemberFilter(from: req)
        // The filter form takes a unit code; links carry the id.
        if let code = req.query[String.self, at: "unit"].map(VietnameseText.clean), !code.isEmpty {
            guard let unit = try await Units.find(code: code, on: req.sql), p.scope.canRead(unit: unit) else { throw Abort(.notFound) }
            filter.under = unit.id
        }
        var subtree: PathRange?
        var underName: String?
        var underCode: String?
        if let under = filter.under {
            let unit = try await Units.readable(id: under, scope: p.scope, on: req.sql)
            subtree = unit.subtree
            underName = unit.name
            underCode = unit.code
        }
        let selection = try await MemberQuery.select(filter, scope: p.scope, subtree: subtree, on: req.sql)
        let list = try await MemberQuery.page(filter, selection, on: req.sql)
        let rows = list.rows
        let total = try await MemberQuery.count(selection, on: req.sql)
        let pageNumber = list.isFirst ? 1 : max(filter.pageNumber, 2)
        let en = t.language == .en
        func options<E: RawRepresentable<String> & Equatable>(_ all: [E], _ selected: E?, _ label: (E) -> String) -> [MembersPage.Option] {
            [.init(value: "", label: t["members_any"], selected: selected == nil)]
                + all.map { .init(value: $0.rawValue, label: label($0), selected: $0 == selected) }
        }
        let page = MembersPage(
            action: SiteURL.members.path, query: filter.query, underName: underName, under: filter.under.map(String.init) ?? "",
            unitCode: underCode ?? "",
            genders: options(Gender.allCases, filter.gender) { en ? $0.labelEN : $0.label },
            educations: options(EducationLevel.allCases, filter.education) { en ? $0.labelEN : $0.label },
            party: [.init(value: "", label: t["members_any"], selected: filter.party == nil),
                    .init(value: "yes", label: t["members_yes"], selected: filter.party == true),
                    .init(value: "no", label: t["members_no"], selected: filter.party == false)],
            statuses: [.init(value: "", label: t["members_current"], selected: filter.statusParam.isEmpty),
                       .init(value: "all", label: t["members_any"], selected: filter.statusParam == "all")]
                + MemberStatus.allCases.map { .init(value: $0.rawValue, label: en ? $0.labelEN : $0.label, selected: filter.statusParam == $0.rawValue) },
            total: t.format(total.capped ? "members_count_more" : "members_count", VNFormat.integer(total.n)),
            rows: rows.map { r in
                .init(name: r.fullName, url: SiteURL.member(.id(r.id)).path,
                      birth: CivilDate(iso: r.birthDate).map(VNFormat.date) ?? r.birthDate,
                      gender: Gender(rawValue: r.gender).map { en ? $0.labelEN : $0.label } ?? r.gender,
                      education: EducationLevel(rawValue: r.education).map { en ? $0.labelEN : $0.label } ?? r.education,
                      // The list says yes or no; the date is on the member's page.
                      party: r.partyJoinedOn == nil ? t["no"] : t["yes"],
                      unit: r.unitName, unitParent: r.parentName, unitURL: SiteURL.unit(.id(r.unitId)).path,
                      status: r.status == MemberStatus.active.rawValue ? nil : MemberStatus(rawValue: r.status).map { en ? $0.labelEN : $0.label })
            },
            pager: MembersPage.pager(rows: rows.count, page: pageNumber, limit: filter.limit, total: total, t: t,
                                     next: list.next.map { SiteURL.members.with(filter.queryItems + [("after", $0.token), ("page", String(pageNumber + 1))]) },
                                     previous: list.previous.map { SiteURL.members.with(filter.queryItems + [("before", $0.token), ("page", String(pageNumber - 1))]) },
                                     first: SiteURL.members.with(filter.queryItems)),
            newURL: p.scope.canWriteSomething ? SiteURL.memberNew.with(filter.under.map { [("under", String($0))] } ?? []) : nil)
        return try await req.page("members", title: t["members_title"], page)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req: req, id: try req.id(), error: nil, status: .ok)
    }

    static func render(req: Request, id: Int, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let (record, unit) = try await Members.readable(id: id, scope: p.scope, on: req.sql)
        let m = Members.visible(record, unitPath: unit.path, scope: p.scope)
        let personalShown = m.cccd == record.cccd && m.phone == record.phone && m.ethnicity == record.ethnicity
        let t = req.strings
        let en = t.language == .en
        let date = { (iso: String?) in iso.flatMap(CivilDate.init(iso:)).map(VNFormat.date) ?? t["none"] }
        let dash = { (s: String?) in (s?.isEmpty ?? true) ? t["none"] : s! }
        var personal: [MemberPage.Fact] = [
            .init(label: t["member_full_name"], value: m.fullName),
            .init(label: t["member_birth"], value: date(m.birthDate)),
            .init(label: t["member_gender"], value: Gender(rawValue: m.gender).map { en ? $0.labelEN : $0.label } ?? m.gender),
            .init(label: t["member_nationality"], value: m.nationality),
        ]
        // Out of a secretary's sight: the fields are left out, not shown empty.
        if personalShown {
            personal += [
                .init(label: t["member_ethnicity"], value: dash(m.ethnicity)),
                .init(label: t["member_cccd"], value: dash(m.cccd)),
                .init(label: t["member_passport"], value: dash(m.passportNo)),
                .init(label: t["member_phone"], value: dash(m.phone)),
                .init(label: t["member_email"], value: dash(m.email)),
            ]
        }
        let union: [MemberPage.Fact] = [
            .init(label: t["member_joined"], value: date(m.unionJoinedOn)),
            .init(label: t["member_card"], value: dash(m.cardNo)),
            .init(label: t["member_position"], value: dash(m.position)),
            .init(label: t["member_duties"], value: dash(m.duties)),
            .init(label: t["member_education"], value: EducationLevel(rawValue: m.education).map { en ? $0.labelEN : $0.label } ?? m.education),
            .init(label: t["member_theory"], value: m.politicalTheory.flatMap(PoliticalTheory.init(rawValue:)).map { en ? $0.labelEN : $0.label } ?? t["none"]),
            .init(label: t["member_party"], value: m.partyJoinedOn == nil ? t["member_not_party"] : date(m.partyJoinedOn)),
        ]
        let statusLabel = { (s: String) in MemberStatus(rawValue: s).map { en ? $0.labelEN : $0.label } ?? s }
        let history = try await Members.history(of: m.id, on: req.sql).map { h in
            MemberPage.Period(from: date(h.validFrom), to: h.validTo == nil ? t["history_now"] : date(h.validTo),
                              unit: "\(h.unitName) (\(h.unitCode))", unitURL: SiteURL.unit(.id(h.unitId)).path,
                              status: statusLabel(h.status), position: dash(h.position), duties: dash(h.duties), reason: t["reason_" + h.reason])
        }
        let canWrite = p.scope.canWrite(unitPath: unit.path)
        var changes: [MemberPage.Change] = []
        if canWrite || p.scope.isAdmin {
            changes = try await AuditLog.entries(forMember: m.id, on: req.sql).map { a in
                let details = (a.changes.flatMap { try? JSONDecoder().decode([String: [String?]].self, from: Data($0.utf8)) } ?? [:])
                    .sorted { $0.key < $1.key }
                    .map { "\($0.key): \($0.value.first.flatMap { $0 } ?? "—") → \($0.value.last.flatMap { $0 } ?? "—")" }
                return .init(at: Clock.parse(a.at).map(Clock.display) ?? a.at, who: a.username ?? "", summary: a.summary, details: details)
            }
        }
        let unitParent = try await unit.parentId.asyncMap { try await Units.names(ids: [$0], on: req.sql)[$0] } ?? nil
        let page = MemberPage(
            name: m.fullName, status: statusLabel(m.status), personal: personal, union: union,
            unitName: unit.name, unitParent: unitParent, unitURL: SiteURL.unit(.id(unit.id)).path, history: history, changes: changes,
            canWrite: canWrite, editURL: SiteURL.memberEdit(.id(m.id)).path,
            transferURL: SiteURL.memberTransfer(.id(m.id)).path, statusURL: SiteURL.memberStatus(.id(m.id)).path,
            statusOptions: MemberStatus.allCases.filter { $0 != .transferred }.map { .init(value: $0.rawValue, label: en ? $0.labelEN : $0.label, selected: $0.rawValue == m.status) },
            today: VNFormat.date(req.clock.today), error: error)
        return try await req.page("member", title: m.fullName, page, status: status)
    }

    // MARK: - Forms

    struct MemberForm: Content {
        var fullName: String?, birthDate: String?, gender: String?, ethnicity: String?, nationality: String?
        var citizenID: String?, passportNumber: String?, unitCode: String?, unionJoinDate: String?, cardNumber: String?
        var position: String?, duties: String?, education: String?, politicalTheory: String?, partyJoinDate: String?
        var phone: String?, email: String?
        /// When a change of position or duties takes effect (history); today when left empty.
        var effectiveDate: String?

        var input: MemberInput {
            var i = MemberInput(fullName: fullName ?? "", birthDate: birthDate ?? "", gender: gender ?? "", ethnicity: ethnicity ?? "",
                                citizenID: citizenID ?? "", unitCode: unitCode ?? "", unionJoinDate: unionJoinDate ?? "",
                                cardNumber: cardNumber ?? "", position: position ?? "", duties: duties ?? "", education: education ?? "",
                                politicalTheory: politicalTheory ?? "", partyJoinDate: partyJoinDate ?? "", phone: phone ?? "", email: email ?? "")
            i.nationality = (nationality ?? "").isEmpty ? "Việt Nam" : nationality!
            i.passportNumber = passportNumber ?? ""
            return i
        }

        init() {}

        init(_ m: MemberRow, unitCode: String) {
            let d = { (iso: String?) in iso.flatMap(CivilDate.init(iso:))?.vietnamese ?? "" }
            fullName = m.fullName; birthDate = d(m.birthDate); gender = Gender(rawValue: m.gender)?.label; ethnicity = m.ethnicity
            nationality = m.nationality; citizenID = m.cccd; passportNumber = m.passportNo; self.unitCode = unitCode
            unionJoinDate = d(m.unionJoinedOn); cardNumber = m.cardNo; position = m.position; duties = m.duties
            education = EducationLevel(rawValue: m.education)?.label; politicalTheory = m.politicalTheory.flatMap(PoliticalTheory.init(rawValue:))?.label
            partyJoinDate = d(m.partyJoinedOn); phone = m.phone; email = m.email
        }
    }

    static func form(req: Request, heading: String, action: SiteURL, cancel: SiteURL, values: MemberForm, withUnit: Bool, errors: [String], status: HTTPStatus) async throws -> Response {
        let t = req.strings
        func field(_ name: String, _ key: String, _ value: String?, required: Bool = false, hint: String? = nil, options: [String]? = nil) -> MemberFormPage.Field {
            let opts = options.map { list in
                [MembersPage.Option(value: "", label: t["form_blank"], selected: (value ?? "").isEmpty)]
                    + list.map { MembersPage.Option(value: $0, label: $0, selected: $0 == value) }
            }
            return .init(name: name, label: t[key], value: value ?? "", required: required, hint: hint, options: opts)
        }
        let dateHint = t["form_date_hint"]
        var fields = [
            field("fullName", "member_full_name", values.fullName, required: true),
            field("birthDate", "member_birth", values.birthDate, required: true, hint: dateHint),
            field("gender", "member_gender", values.gender, required: true, options: Gender.allCases.map(\.label)),
            field("ethnicity", "member_ethnicity", values.ethnicity),
            field("nationality", "member_nationality", values.nationality ?? "Việt Nam"),
            field("citizenID", "member_cccd", values.citizenID, hint: "12 chữ số"),
            field("passportNumber", "member_passport", values.passportNumber),
        ]
        if withUnit { fields.append(field("unitCode", "unit_code", values.unitCode, required: true)) }
        fields += [
            field("unionJoinDate", "member_joined", values.unionJoinDate, required: true, hint: dateHint),
            field("cardNumber", "member_card", values.cardNumber),
            field("position", "member_position", values.position),
            field("duties", "member_duties", values.duties),
        ]
        // Editing dates a change of position or duties (history); a new member's history starts when they joined.
        if !withUnit { fields.append(field("effectiveDate", "member_effective", values.effectiveDate ?? req.clock.today.vietnamese, hint: dateHint)) }
        fields += [
            field("education", "member_education", values.education, required: true, options: EducationLevel.allCases.map(\.label)),
            field("politicalTheory", "member_theory", values.politicalTheory, options: PoliticalTheory.allCases.map(\.label)),
            field("partyJoinDate", "member_party", values.partyJoinDate, hint: dateHint),
            field("phone", "member_phone", values.phone),
            field("email", "member_email", values.email),
        ]
        return try await req.page("member-form", title: heading,
            MemberFormPage(heading: heading, action: action.path, cancelURL: cancel.path, fields: fields, errors: errors), status: status)
    }

    @Sendable
    static func newForm(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        var values = MemberForm()
        if let under = req.query[Int.self, at: "under"], let unit = try await Units.find(id: under, on: req.sql), p.scope.canWrite(unitPath: unit.path) {
            values.unitCode = unit.code
        }
        return try await form(req: req, heading: req.strings["members_new"], action: .memberNew, cancel: .members, values: values, withUnit: true, errors: [], status: .ok)
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let values = try req.content.decode(MemberForm.self)
        let fail = { (errors: [String]) in
            try await form(req: req, heading: req.strings["members_new"], action: .memberNew, cancel: .members, values: values, withUnit: true, errors: errors, status: .unprocessableEntity)
        }
        switch MemberRules.validate(values.input, today: req.clock.today) {
        case .failure(let errors): return try await fail(errors.map(\.sentence))
        case .success(let draft):
            guard let unit = try await Units.find(code: draft.unitCode, on: req.sql), p.scope.canWrite(unitPath: unit.path) else {
                return try await fail(["Mã đơn vị: \(draft.unitCode) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý."])
            }
            do {
                let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                    try await Members.create(draft, unitId: unit.id, on: tx.today, in: tx)
                }
                return req.redirect(.member(.id(id)), message: "saved")
            } catch let abort as Abort where abort.status == .conflict || abort.status == .unprocessableEntity {
                return try await fail([abort.reason])
            }
        }
    }

    @Sendable
    static func editForm(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let (m, unit) = try await Members.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        return try await form(req: req, heading: m.fullName, action: .memberEdit(.id(m.id)), cancel: .member(.id(m.id)),
                              values: MemberForm(m, unitCode: unit.code), withUnit: false, errors: [], status: .ok)
    }

    @Sendable
    static func update(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let (m, unit) = try await Members.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        var values = try req.content.decode(MemberForm.self)
        values.unitCode = unit.code
        let fail = { (errors: [String]) in
            try await form(req: req, heading: m.fullName, action: .memberEdit(.id(m.id)), cancel: .member(.id(m.id)), values: values, withUnit: false, errors: errors, status: .unprocessableEntity)
        }
        let effectiveText = VietnameseText.clean(values.effectiveDate ?? "")
        let effective = effectiveText.isEmpty ? req.clock.today : CivilDate(vietnamese: effectiveText)
        switch MemberRules.validate(values.input, today: req.clock.today) {
        case .failure(let errors): return try await fail(errors.map(\.sentence))
        case .success(let draft):
            guard let effective else {
                return try await fail([CivilDate.problemSentence(effectiveText, field: "Ngày hiệu lực")])
            }
            do {
                try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                    try await Members.update(id: m.id, with: draft, on: effective, in: tx)
                }
            } catch let abort as Abort where abort.status == .conflict || abort.status == .unprocessableEntity {
                return try await fail([abort.reason])
            }
            return req.redirect(.member(.id(m.id)), message: "saved")
        }
    }

    struct TransferForm: Content { var unit: String; var date: String }

    @Sendable
    static func transfer(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let (m, unit) = try await Members.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        let form = try req.content.decode(TransferForm.self)
        guard let date = CivilDate(vietnamese: form.date) else {
            return try await render(req: req, id: m.id, error: CivilDate.problemSentence(form.date, field: "Ngày hiệu lực"), status: .unprocessableEntity)
        }
        let code = VietnameseText.clean(form.unit)
        guard let target = try await Units.find(code: code, on: req.sql), p.scope.canWrite(unitPath: target.path) else {
            return try await render(req: req, id: m.id, error: "Đơn vị \(code) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý.", status: .unprocessableEntity)
        }
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Members.transfer(memberId: m.id, to: target.id, on: date, in: tx)
            }
        } catch let abort as Abort where abort.status == .unprocessableEntity {
            return try await render(req: req, id: m.id, error: abort.reason, status: .unprocessableEntity)
        }
        return req.redirect(.member(.id(m.id)), message: "saved")
    }

    struct StatusForm: Content { var status: String; var date: String }

    @Sendable
    static func changeStatus(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let (m, unit) = try await Members.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        let form = try req.content.decode(StatusForm.self)
        guard let date = CivilDate(vietnamese: form.date), let status = MemberStatus(rawValue: form.status) else {
            return try await render(req: req, id: m.id, error: "Tình trạng hoặc ngày hiệu lực không hợp lệ (ngày theo dạng dd/mm/yyyy).", status: .unprocessableEntity)
        }
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Members.changeStatus(memberId: m.id, to: status, on: date, reason: "status", in: tx)
            }
        } catch let abort as Abort where abort.status == .conflict {
            return try await render(req: req, id: m.id, error: abort.reason, status: .conflict)
        }
        return req.redirect(.member(.id(m.id)), message: "saved")
    }
}
