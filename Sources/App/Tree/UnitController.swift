import Domain
import Foundation
import SQLKit
import Vapor

enum UnitController {
    /// The tree, expanded on the server: `open` lists the ids whose children are shown.
    @Sendable
    static func index(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.seesUnits else { throw Abort(.notFound) }
        let t = req.strings
        let kinds = Dictionary(try await Units.kinds(on: req.sql).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let q = VietnameseText.clean(req.query[String.self, at: "q"] ?? "")
        var rows: [UnitsPage.Row] = []
        if !q.isEmpty {
            let found = try await Units.search(q, scope: p.scope, on: req.sql)
            let ancestorIds = Set(found.flatMap { $0.path.split(separator: "/").compactMap { Int($0) } })
            let names = try await Units.names(ids: ancestorIds, on: req.sql)
            rows = found.map { u in
                // Many units share a name ("Tổ công đoàn Văn phòng"): the parent goes beside the name, the levels above it below.
                let trail = u.path.split(separator: "/").compactMap { Int($0) }.filter { $0 != u.id && $0 != u.parentId }.compactMap { names[$0] }.joined(separator: " › ")
                return .init(id: u.id, name: u.name, parent: u.parentId.flatMap { names[$0] }, code: u.code, kind: kinds[u.kindId] ?? "",
                             url: SiteURL.unit(.id(u.id)).path, indent: 0,
                             toggleURL: nil, open: false, status: u.isActive ? nil : UnitStatus.label(u.status, t), trail: trail.isEmpty ? nil : trail)
            }
        } else {
            let roots = try await Units.roots(for: p.scope, on: req.sql)
            var open = Set((req.query[String.self, at: "open"] ?? "").split(separator: ",").compactMap { Int($0) })
            if req.query[String.self, at: "open"] == nil { open.formUnion(roots.map(\.id)) }
            let openIds = open
            // Children of every open node in one query, then laid out depth-first.
            let childRows = try await Units.children(ofAny: open, scope: p.scope, on: req.sql)
            let byParent = Dictionary(grouping: childRows, by: { $0.parentId ?? 0 })
            let counts = try await Units.childCounts(of: (roots + childRows).map(\.id), scope: p.scope, on: req.sql)
            func toggle(_ id: Int) -> String {
                var next = openIds
                if next.contains(id) { next.remove(id) } else { next.insert(id) }
                return SiteURL.units.with([("open", next.sorted().map(String.init).joined(separator: ","))]) + "#u\(id)"
            }
            func walk(_ unit: UnitRow, indent: Int) {
                let hasChildren = (counts[unit.id] ?? 0) > 0
                rows.append(.init(id: unit.id, name: unit.name, parent: nil, code: unit.code, kind: kinds[unit.kindId] ?? "", url: SiteURL.unit(.id(unit.id)).path,
                                  indent: min(indent, 8), toggleURL: hasChildren ? toggle(unit.id) : nil, open: openIds.contains(unit.id),
                                  status: unit.isActive ? nil : UnitStatus.label(unit.status, t), trail: nil))
                if openIds.contains(unit.id) {
                    for child in byParent[unit.id] ?? [] { walk(child, indent: indent + 1) }
                }
            }
            for root in roots { walk(root, indent: 0) }
        }
        return try await req.page("units", title: t["units_title"], UnitsPage(
            query: q, searchURL: SiteURL.units.path, rows: rows, isSearch: !q.isEmpty,
            newURL: p.scope.canWriteSomething ? SiteURL.unitNew.path : nil))
    }

    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req: req, id: try req.id(), error: nil, status: .ok)
    }

    static func render(req: Request, id: Int, error: String?, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        let unit = try await Units.readable(id: id, scope: p.scope, on: req.sql)
        let t = req.strings
        let kinds = Dictionary(try await Units.kinds(on: req.sql).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let ancestors = try await Units.ancestors(of: unit, on: req.sql)
        let crumbs = ancestors.filter { p.scope.canRead(unit: $0) }.map { UnitPage.Crumb(name: $0.name, url: SiteURL.unit(.id($0.id)).path) }
        // A child outside the reader's scope (a secretary's cell covers only some units) is not shown at all.
        let children = try await Units.children(of: unit.id, on: req.sql).filter { p.scope.canRead(unit: $0) }
        let history = try await Units.history(of: unit.id, on: req.sql)
        let parentIds = Set(history.compactMap(\.parentId))
        let parentNames = try await Units.names(ids: parentIds, on: req.sql)
        let cellName = try await unit.partyCellId.asyncMap { try await PartyCells.name(id: $0, on: req.sql) } ?? nil
        var mergedInto: UnitPage.Crumb?
        if let target = unit.mergedIntoId, let u = try await Units.find(id: target, on: req.sql) {
            mergedInto = .init(name: u.name, url: SiteURL.unit(.id(u.id)).path)
        }
        let canWrite = p.scope.canWrite(unitPath: unit.path)
        let changes = try await TreeChangeController.items(for: unit.id, canWrite: canWrite, t: t, on: req.sql)
        var page = UnitPage(
            id: unit.id, name: unit.name, code: unit.code, kind: kinds[unit.kindId] ?? "", cell: cellName ?? t["none"],
            status: UnitStatus.label(unit.status, t), active: unit.isActive,
            established: CivilDate(iso: unit.establishedOn).map(VNFormat.date) ?? unit.establishedOn,
            ended: unit.endedOn.flatMap(CivilDate.init(iso:)).map(VNFormat.date), mergedInto: mergedInto,
            crumbs: crumbs, stats: try await UnitStats.load(for: unit, t: t, on: req.sql),
            children: children.map { .init(name: $0.name, code: $0.code, kind: kinds[$0.kindId] ?? "", url: SiteURL.unit(.id($0.id)).path,
                                           status: $0.isActive ? nil : UnitStatus.label($0.status, t)) },
            history: history.map { h in
                .init(from: CivilDate(iso: h.validFrom).map(VNFormat.date) ?? h.validFrom,
                      to: h.validTo.flatMap(CivilDate.init(iso:)).map(VNFormat.date) ?? t["history_now"],
                      name: h.name, parent: h.parentId.flatMap { parentNames[$0] } ?? t["none"],
                      reason: t["reason_" + h.reason], status: UnitStatus.label(h.status, t))
            },
            changes: changes,
            membersURL: SiteURL.members.with([("under", String(unit.id))]),
            canWrite: canWrite,
            editURL: SiteURL.unitEdit(.id(unit.id)).path,
            newChildURL: SiteURL.unitNew.with([("parent", unit.code)]),
            moveURL: SiteURL.unitMove(.id(unit.id)).path, mergeURL: SiteURL.unitMerge(.id(unit.id)).path,
            dissolveURL: SiteURL.unitDissolve(.id(unit.id)).path, partyCellsURL: SiteURL.unitPartyCells(.id(unit.id)).path,
            today: VNFormat.date(req.clock.today), error: error)
        page.coverage = try await UnitCoverage.load(for: unit, today: req.clock.today, t: t, on: req.sql)
        page.plan = try await UnitPlan.load(for: unit, today: req.clock.today, t: t, on: req.sql)
        page.attendance = try await UnitAttendance.load(for: unit, today: req.clock.today, on: req.sql)
        page.overdue = try await UnitOverdue.load(for: unit, today: req.clock.today, t: t, on: req.sql)
        page.classification = try await UnitClassification.load(for: unit, today: req.clock.today, t: t, on: req.sql)
        page.grassrootsEligibility = try await UnitGrassrootsEligibility.load(for: unit, today: req.clock.today, t: t, on: req.sql)
        return try await req.page("unit", title: unit.name, page, status: status)
    }

    // MARK: - Forms

    struct UnitForm: Content {
        var code: String?
        var parent: String?
        var name: String
        var kind: Int
        /// The id of a Party cell chosen from the list; empty for none.
        var partyCell: String?
        /// When a change of name, kind or Party cell takes effect; today when left empty.
        var date: String?
    }

    @Sendable
    static func newForm(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        var parent = ""
        if let code = req.query[String.self, at: "parent"], let u = try await Units.find(code: code, on: req.sql), p.scope.canWrite(unitPath: u.path) {
            parent = "\(u.name) (\(u.code))"
        }
        return try await form(req: req, unit: nil, values: UnitForm(code: "", parent: parent, name: "", kind: 0, partyCell: ""), errors: [], status: .ok)
    }

    @Sendable
    static func editForm(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let unit = try await Units.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path), unit.isActive else { throw Abort(.notFound) }
        return try await form(req: req, unit: unit, values: UnitForm(code: unit.code, parent: nil, name: unit.name, kind: unit.kindId,
                                                                     partyCell: unit.partyCellId.map(String.init) ?? ""), errors: [], status: .ok)
    }

    static func form(req: Request, unit: UnitRow?, values: UnitForm, errors: [String], status: HTTPStatus) async throws -> Response {
        let t = req.strings
        let kinds = try await Units.kinds(on: req.sql)
        // Cells are chosen from those declared at the unit or above it; a new one is made on the unit page.
        let cells = try await unit.asyncMap { try await PartyCells.available(for: $0.path, on: req.sql) } ?? []
        let chosen = Int(values.partyCell ?? "")
        let cellOptions: [UnitFormPage.Option] = cells.map { cell in
            let label = cell.homeUnitName.map { "\(cell.name) (\($0))" } ?? cell.name
            return .init(value: String(cell.id), label: label, selected: cell.id == chosen)
        }
        let page = UnitFormPage(
            heading: unit == nil ? t["units_new"] : unit!.name,
            action: unit.map { SiteURL.unitEdit(.id($0.id)).path } ?? SiteURL.unitNew.path,
            cancelURL: unit.map { SiteURL.unit(.id($0.id)).path } ?? SiteURL.units.path,
            isNew: unit == nil, code: values.code ?? "", name: values.name, parentCode: values.parent ?? "",
            cells: [.init(value: "", label: t["none"], selected: chosen == nil)] + cellOptions,
            date: values.date ?? req.clock.today.vietnamese,
            kinds: kinds.map { .init(value: String($0.id), label: $0.name, selected: $0.id == values.kind) }, errors: errors)
        return try await req.page("unit-form", title: page.heading, page, status: status)
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let values = try req.content.decode(UnitForm.self)
        let code = VietnameseText.clean(values.code ?? ""), name = VietnameseText.clean(values.name)
        let parentCode = VietnameseText.clean(values.parent ?? "")
        var errors: [String] = []
        if let problem = FieldRules.unitCodeProblem(code) { errors.append("Mã đơn vị: \(problem)") }
        if name.isEmpty || name.count > 200 { errors.append("Tên đơn vị: không được để trống và không quá 200 ký tự.") }
        let kinds = try await Units.kinds(on: req.sql)
        if !kinds.contains(where: { $0.id == values.kind }) { errors.append("Loại đơn vị: hãy chọn một loại trong danh mục.") }
        if try await Units.find(code: code, on: req.sql) != nil { errors.append("Mã đơn vị \(code) đã được dùng.") }
        var parent: UnitRow?
        if parentCode.isEmpty {
            if !p.scope.isAdmin { errors.append("Đơn vị cấp trên: bắt buộc (chỉ quản trị hệ thống được tạo đơn vị gốc).") }
        } else {
            switch try await Picks.unit(parentCode, field: "Đơn vị cấp trên", scope: p.scope, need: .write, on: req.sql) {
            case .success(let u): parent = u
            case .failure(let problem): errors.append(problem.message)
            }
        }
        if !errors.isEmpty { return try await form(req: req, unit: nil, values: values, errors: errors, status: .unprocessableEntity) }
        let parentId = parent?.id
        let created = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Units.create(.init(code: code, name: name, kindId: values.kind, parentId: parentId, partyCellId: nil, on: tx.today), in: tx).id
        }
        return req.redirect(.unit(.id(created)), message: "saved")
    }

    @Sendable
    static func update(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let unit = try await Units.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path), unit.isActive else { throw Abort(.notFound) }
        let values = try req.content.decode(UnitForm.self)
        let name = VietnameseText.clean(values.name)
        var errors: [String] = []
        if name.isEmpty || name.count > 200 { errors.append("Tên đơn vị: không được để trống và không quá 200 ký tự.") }
        if !(try await Units.kinds(on: req.sql)).contains(where: { $0.id == values.kind }) { errors.append("Loại đơn vị: hãy chọn một loại trong danh mục.") }
        let dateText = VietnameseText.clean(values.date ?? "")
        let parsed = dateText.isEmpty ? req.clock.today : CivilDate(vietnamese: dateText)
        if parsed == nil { errors.append(CivilDate.problemSentence(dateText, field: "Ngày hiệu lực")) }
        let cellText = values.partyCell ?? ""
        let cell = Int(cellText)
        if !cellText.isEmpty, try await PartyCells.available(for: unit.path, on: req.sql).contains(where: { $0.id == cell }) == false {
            errors.append("Chi bộ: hãy chọn một chi bộ trong danh sách.")
        }
        if !errors.isEmpty { return try await form(req: req, unit: unit, values: values, errors: errors, status: .unprocessableEntity) }
        let effective = parsed!
        do {
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Units.update(id: unit.id, name: name, kindId: values.kind, partyCellId: cell, on: effective, in: tx)
        }
        } catch let abort as Abort where abort.status == .unprocessableEntity {
            return try await form(req: req, unit: unit, values: values, errors: [abort.reason], status: .unprocessableEntity)
        }
        return req.redirect(.unit(.id(unit.id)), message: "saved")
    }

    struct PartyCellForm: Content {
        var name: String
        var committee: String?
        var date: String
    }

    /// Declares a new Party cell hosted by this unit, on purpose: the unit form only chooses from the list.
    @Sendable
    static func createPartyCell(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let unit = try await Units.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path), unit.isActive else { throw Abort(.notFound) }
        let form = try req.content.decode(PartyCellForm.self)
        guard let date = CivilDate(vietnamese: form.date) else {
            return try await render(req: req, id: unit.id, error: CivilDate.problemSentence(form.date, field: "Ngày thành lập chi bộ"), status: .unprocessableEntity)
        }
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await PartyCells.create(name: form.name, hostUnitId: unit.id, committee: form.committee, from: date, in: tx)
            }
        } catch let abort as Abort where abort.status == .unprocessableEntity || abort.status == .conflict {
            return try await render(req: req, id: unit.id, error: abort.reason, status: abort.status)
        }
        return req.redirect(.unit(.id(unit.id)), message: "saved")
    }

    struct TargetForm: Content {
        var target: String?
        var date: String
    }

    enum TreeChange { case move, merge, dissolve }

    /// Move, merge and dissolve share their shape: a date, maybe a target unit code, a reason, one tree operation.
    /// The first post only shows what would happen, in numbers; the change is made when that page is confirmed.
    static func treeChange(req: Request, _ kind: TreeChange, _ change: @escaping @Sendable (UnitRow, UnitRow?, CivilDate, String?, WriteTransaction) async throws -> Void) async throws -> Response {
        let needsTarget = kind != .dissolve
        let p = try req.requirePrincipal()
        let unit = try await Units.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        let form = try req.content.decode(TargetForm.self)
        let confirmation = try req.content.decode(Confirmation.self)
        guard let date = CivilDate(vietnamese: form.date) else {
            return try await render(req: req, id: unit.id, error: CivilDate.problemSentence(form.date, field: "Ngày hiệu lực"), status: .unprocessableEntity)
        }
        var target: UnitRow?
        if needsTarget {
            switch try await Picks.unit(form.target, field: "Đơn vị nhận", scope: p.scope, need: .write, on: req.sql) {
            case .success(let u): target = u
            case .failure(let problem): return try await render(req: req, id: unit.id, error: problem.message, status: .unprocessableEntity)
            }
        }
        guard let reason = confirmation.cleanReason else {
            return try await render(req: req, id: unit.id, error: "Lý do: không được để trống; hãy ghi căn cứ của thay đổi (ví dụ số quyết định).", status: .unprocessableEntity)
        }
        if !confirmation.isConfirmed {
            // Made and rolled back, so that a change the rules refuse (a backdated one) says so now, not after
            // the confirmation.
            do {
                let chosen = target
                try await req.dryRun { tx in try await change(unit, chosen, date, reason, tx) }
            } catch let abort as Abort where abort.status == .unprocessableEntity {
                return try await render(req: req, id: unit.id, error: abort.reason, status: .unprocessableEntity)
            }
            let impact = try await UnitImpact.of(unit, on: req.sql)
            let when = date.vietnamese, below = impact.units - 1
            var consequences: [String]
            let action: String
            switch kind {
            case .dissolve:
                action = SiteURL.unitDissolve(.id(unit.id)).path
                consequences = ["Giải thể \(VNFormat.integer(impact.units)) đơn vị: \(unit.name)" + (below > 0 ? " và \(VNFormat.integer(below)) đơn vị trực thuộc." : "."),
                                "\(VNFormat.integer(impact.members)) đoàn viên thôi sinh hoạt từ \(when)."]
            case .merge:
                action = SiteURL.unitMerge(.id(unit.id)).path
                let own = try await UnitImpact.ownMembers(unit, on: req.sql)
                consequences = ["Sáp nhập \(unit.name) vào \(target!.name) từ \(when); \(unit.name) thôi hoạt động.",
                                "\(VNFormat.integer(own)) đoàn viên chuyển sang \(target!.name).",
                                "\(VNFormat.integer(below)) đơn vị trực thuộc (cùng đoàn viên của chúng) chuyển về dưới \(target!.name)."]
            case .move:
                action = SiteURL.unitMove(.id(unit.id)).path
                consequences = ["Chuyển \(unit.name)" + (below > 0 ? " cùng \(VNFormat.integer(below)) đơn vị trực thuộc" : "")
                                    + " về dưới \(target!.name) từ \(when).",
                                "\(VNFormat.integer(impact.members)) đoàn viên đi theo; các báo cáo từ ngày này tính họ vào \(target!.name)."]
            }
            consequences.append("Lý do: \(reason)")
            let heading = ["Xác nhận giải thể", "Xác nhận sáp nhập", "Xác nhận chuyển đơn vị"][kind == .dissolve ? 0 : kind == .merge ? 1 : 2]
            return try await req.confirm(ConfirmPage(
                heading: heading + " — " + unit.name, consequences: consequences, action: action,
                fields: [.init(name: "date", value: when), .init(name: "target", value: target?.code ?? ""), .init(name: "reason", value: reason)],
                confirmLabel: heading, cancelURL: SiteURL.unit(.id(unit.id)).path))
        }
        do {
            let chosen = target
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await change(unit, chosen, date, reason, tx) }
        } catch let abort as Abort where abort.status == .unprocessableEntity {
            return try await render(req: req, id: unit.id, error: abort.reason, status: .unprocessableEntity)
        }
        return req.redirect(.unit(.id(unit.id)), message: "saved")
    }

    @Sendable static func move(req: Request) async throws -> Response {
        try await treeChange(req: req, .move) { unit, target, date, reason, tx in try await Units.move(unit.id, under: target!.id, on: date, reason: reason, in: tx) }
    }

    @Sendable static func merge(req: Request) async throws -> Response {
        try await treeChange(req: req, .merge) { unit, target, date, reason, tx in try await Units.merge(unit.id, into: target!.id, on: date, reason: reason, in: tx) }
    }

    @Sendable static func dissolve(req: Request) async throws -> Response {
        try await treeChange(req: req, .dissolve) { unit, _, date, reason, tx in try await Units.dissolve(unit.id, on: date, reason: reason, in: tx) }
    }
}
