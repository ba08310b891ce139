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
        // The filter form takes a unit chosen with the picker (or typed by name or code); links carry the id.
        if let text = req.query[String.self, at: "unit"].map(VietnameseText.clean), !text.isEmpty {
            switch try await Picks.unit(text, field: "Thuộc đơn vị", scope: p.scope, need: .read, activeOnly: false, on: req.sql) {
            case .success(let unit): filter.under = unit.id
            case .failure(let problem): throw Abort(.badRequest, reason: problem.message)
            }
        }
        var subtree: PathRange?
        var underName: String?
        var underCode: String?
        if let under = filter.under {
            let unit = try await Units.readable(id: under, scope: p.scope, on: req.sql)
            subtree = unit.subtree
            underName = unit.name
            underCode = "\(unit.name) (\(unit.code))"
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
        var withExports = page
        withExports.xlsxURL = SiteURL.membersExport("xlsx").with(filter.queryItems)
        withExports.csvURL = SiteURL.membersExport("csv").with(filter.queryItems)
        return try await req.page("members", title: t["members_title"], withExports)
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req: req, id: try req.id(), error: nil, status: .ok)
    }

    static func render(req: Request, id: Int, error: String?, status: HTTPStatus, own: Bool = false) async throws -> Response {
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
        // A unit the reader may not open is named, not linked (a member does not see the unit pages).
        let periods = try await Members.history(of: m.id, on: req.sql)
        var openable: Set<Int> = []
        for unitId in Set(periods.map(\.unitId)) {
            if let u = try await Units.find(id: unitId, on: req.sql), p.scope.canRead(unit: u) { openable.insert(unitId) }
        }
        let history = periods.map { h in
            MemberPage.Period(from: date(h.validFrom), to: h.validTo == nil ? t["history_now"] : date(h.validTo),
                              unit: "\(h.unitName) (\(h.unitCode))", unitURL: openable.contains(h.unitId) ? SiteURL.unit(.id(h.unitId)).path : nil,
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
        let parent = try await unit.parentId.asyncMap { try await Units.find(id: $0, on: req.sql) } ?? nil
        var corner: OwnCorner?
        if own {
            let officials = try await Accounts.officials(over: unit, on: req.clock.today, on: req.sql).map { "\($0.name) (\($0.unitName))" }
            let requests = try await Corrections.of(member: m.id, on: req.sql).map { r in
                OwnCorner.Request(at: Clock.parse(r.requestedAt).map(Clock.display) ?? r.requestedAt, what: Corrections.labels(r.decodedChanges, t),
                                  status: t["correction_status_" + r.status],
                                  decision: r.decidedAt.map { _ in [r.decidedByName, r.decisionNote].compactMap { $0 }.joined(separator: ": ") })
            }
            let values = Corrections.values(MemberForm(record, unitCode: unit.code))
            let fields = Corrections.fields.map { f in
                MemberFormPage.Field(name: f.name, label: t[f.label], value: values[f.name] ?? "", required: false, hint: nil, options: nil)
            }
            corner = OwnCorner(unitName: unit.name, parentName: parent?.name, officials: officials, requests: requests, fields: fields,
                               action: SiteURL.meCorrections.path)
        }
        var page = MemberPage(
            name: m.fullName, status: statusLabel(m.status), personal: personal, union: union,
            unitName: unit.name, unitParent: parent?.name, unitURL: p.scope.canRead(unit: unit) ? SiteURL.unit(.id(unit.id)).path : nil, history: history, changes: changes,
            canWrite: canWrite, editURL: SiteURL.memberEdit(.id(m.id)).path,
            transferURL: SiteURL.memberTransfer(.id(m.id)).path, statusURL: SiteURL.memberStatus(.id(m.id)).path,
            statusOptions: MemberStatus.allCases.filter { $0 != .transferred }.map { .init(value: $0.rawValue, label: en ? $0.labelEN : $0.label, selected: $0.rawValue == m.status) },
            today: VNFormat.date(req.clock.today), error: error)
        page.own = corner
        return try await req.page("member", title: own ? t["me_title"] : m.fullName, page, status: status)
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
        func field(_ name: String, _ key: String, _ value: String?, required: Bool = false, hint: String? = nil, options: [String]? = nil,
                   pick: String? = nil) -> MemberFormPage.Field {
            let opts = options.map { list in
                [MembersPage.Option(value: "", label: t["form_blank"], selected: (value ?? "").isEmpty)]
                    + list.map { MembersPage.Option(value: $0, label: $0, selected: $0 == value) }
            }
            return .init(name: name, label: t[key], value: value ?? "", required: required, hint: hint, options: opts, pick: pick)
        }
        let dateHint = t["form_date_hint"]
        var fields = [
            field("fullName", "member_full_name", values.fullName, required: true),
            field("birthDate", "member_birth", values.birthDate, required: true, hint: dateHint),
            field("gender", "member_gender", values.gender, required: true, options: Gender.allCases.map(\.label)),
            field("ethnicity", "member_ethnicity", values.ethnicity),
            field("nationality", "member_nationality", values.nationality ?? "Việt Nam"),
            field("citizenID", "member_cccd", values.citizenID, required: true, hint: t["member_cccd_hint"]),
            field("passportNumber", "member_passport", values.passportNumber),
        ]
        if withUnit { fields.append(field("unitCode", "member_unit_pick", values.unitCode, required: true, hint: t["pick_unit_hint"], pick: "units")) }
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
            values.unitCode = "\(unit.name) (\(unit.code))"
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
        // The unit is chosen by name or code among those the person may write to; the rules then see its code.
        var input = values.input
        var unit: UnitRow?
        var unitProblem: String?
        switch try await Picks.unit(values.unitCode, field: "Đơn vị", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): unit = u; input.unitCode = u.code
        case .failure(let problem): unitProblem = problem.message
        }
        switch MemberRules.validate(input, today: req.clock.today) {
        case .failure(let errors):
            let others = errors.filter { unitProblem == nil || $0.field != MemberRules.Field.unitCode }.map(\.sentence)
            return try await fail(others + [unitProblem].compactMap { $0 })
        case .success(let draft):
            guard let unit else { return try await fail([unitProblem ?? "Đơn vị: hãy chọn một đơn vị."]) }
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
        let target: UnitRow
        switch try await Picks.unit(form.unit, field: "Đơn vị nhận", scope: p.scope, need: .write, on: req.sql) {
        case .success(let u): target = u
        case .failure(let problem): return try await render(req: req, id: m.id, error: problem.message, status: .unprocessableEntity)
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
        let confirmation = try req.content.decode(Confirmation.self)
        guard let status = MemberStatus(rawValue: form.status) else {
            return try await render(req: req, id: m.id, error: "Tình trạng: hãy chọn một tình trạng trong danh sách.", status: .unprocessableEntity)
        }
        guard let date = CivilDate(vietnamese: form.date) else {
            return try await render(req: req, id: m.id, error: CivilDate.problemSentence(form.date, field: "Ngày hiệu lực"), status: .unprocessableEntity)
        }
        if status.rawValue == m.status { return req.redirect(.member(.id(m.id))) }
        let reason = confirmation.cleanReason
        let memberId = m.id
        let change: @Sendable (WriteTransaction) async throws -> Void = { tx in
            try await Members.changeStatus(memberId: memberId, to: status, on: date, reason: "status", note: reason, in: tx)
        }
        do {
            if !confirmation.isConfirmed || reason == nil {
                if confirmation.isConfirmed {
                    return try await render(req: req, id: m.id, error: "Lý do: không được để trống.", status: .unprocessableEntity)
                }
                try await req.dryRun(change)
                let old = MemberStatus(rawValue: m.status)?.label ?? m.status
                var consequences = ["Từ \(date.vietnamese), \(m.fullName) chuyển từ «\(old)» sang «\(status.label)»."]
                if MemberStatus(rawValue: m.status)?.isCurrentMember == true && !status.isCurrentMember {
                    consequences.append("Từ ngày đó, \(m.fullName) không còn được tính là đoàn viên của \(unit.name) và các cấp trên; hồ sơ và lịch sử vẫn được giữ.")
                } else if status == .suspended {
                    consequences.append("\(m.fullName) vẫn được tính là đoàn viên của \(unit.name) nhưng tạm dừng sinh hoạt.")
                }
                return try await req.confirm(ConfirmPage(
                    heading: "Xác nhận đổi tình trạng — " + m.fullName, consequences: consequences, action: SiteURL.memberStatus(.id(m.id)).path,
                    fields: [.init(name: "status", value: status.rawValue), .init(name: "date", value: date.vietnamese)],
                    confirmLabel: "Đổi tình trạng", cancelURL: SiteURL.member(.id(m.id)).path, reasonLabel: "Lý do, căn cứ"))
            }
            try await Writes.perform(on: req.db, actor: try req.actor(), change)
        } catch let abort as Abort where abort.status == .conflict || abort.status == .unprocessableEntity {
            return try await render(req: req, id: m.id, error: abort.reason, status: abort.status)
        }
        return req.redirect(.member(.id(m.id)), message: "saved")
    }
}
