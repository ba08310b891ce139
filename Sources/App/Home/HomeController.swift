import Domain
import Foundation
import SQLKit
import Vapor

enum HomeController {
    @Sendable
    static func show(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let n = VNFormat.integer
        func share(_ part: Int, _ whole: Int) -> String { VNFormat.percent(part: part, whole: whole) }
        let canWrite = p.scope.canWriteSomething
        var sections: [HomePage.Section] = []
        for g in p.grants {
            guard let role = Role(rawValue: g.role) else { continue }
            switch role {
            case .admin:
                let f = try await HomeQueries.figures(in: nil, on: req.sql)
                let units = try await HomeQueries.activeUnits(in: nil, on: req.sql)
                sections.append(.init(
                    role: t["role_admin"], title: t["home_whole"], titleURL: SiteURL.units.path, parent: nil,
                    figures: [.init(value: n(f.members), label: t["unit_members_active"]),
                              .init(value: n(f.women), label: t["unit_women"] + " · " + share(f.women, f.members)),
                              .init(value: n(f.party), label: t["unit_party"] + " · " + share(f.party, f.members)),
                              .init(value: n(units), label: t["home_units_active"])],
                    actions: [.init(label: t["home_users"], url: SiteURL.users.path, primary: true),
                              .init(label: t["home_import"], url: SiteURL.importPage.path, primary: false),
                              .init(label: t["home_tree"], url: SiteURL.units.path, primary: false),
                              .init(label: t["home_audit"], url: SiteURL.audit.path, primary: false)],
                    note: nil))
            case .official, .viewer:
                guard let unitId = g.unitId, let unit = try await Units.find(id: unitId, on: req.sql) else { continue }
                let stats = try await UnitStats.load(for: unit, t: t, on: req.sql)
                let below = try await HomeQueries.activeUnits(in: [unit.subtree], below: [unit.id], on: req.sql)
                let parent = try await unit.parentId.asyncMap { try await Units.names(ids: [$0], on: req.sql)[$0] } ?? nil
                let membersURL = SiteURL.members.with([("under", String(unit.id))])
                var actions: [HomePage.Action] = []
                if role == .official && unit.isActive {
                    actions += [.init(label: t["home_add_member"], url: SiteURL.memberNew.with([("under", String(unit.id))]), primary: true),
                                .init(label: t["home_import"], url: SiteURL.importPage.path, primary: false)]
                }
                if role == .official {
                    let pending = try await Corrections.pendingCount(scope: p.scope, on: req.sql)
                    if pending > 0 {
                        actions.insert(.init(label: t.format("home_corrections", n(pending)), url: SiteURL.corrections.path, primary: true), at: 0)
                    }
                }
                actions += [.init(label: t["home_check_list"], url: membersURL, primary: role != .official),
                            .init(label: t["home_open_unit"], url: SiteURL.unit(.id(unit.id)).path, primary: false)]
                sections.append(.init(
                    role: t["role_" + role.rawValue], title: unit.name, titleURL: SiteURL.unit(.id(unit.id)).path, parent: parent,
                    figures: [.init(value: stats.members, label: t["unit_members_active"]),
                              .init(value: stats.women, label: t["unit_women"] + " · " + stats.womenShare),
                              .init(value: stats.party, label: t["unit_party"] + " · " + stats.partyShare),
                              .init(value: n(below), label: t["home_units_below"])],
                    actions: actions, note: nil))
            case .secretary:
                let paths = try await g.partyCellId.asyncMap { try await HomeQueries.cellUnitPaths(cellId: $0, on: req.sql) } ?? []
                let f = try await HomeQueries.figures(in: paths.map(PathRange.init(path:)), on: req.sql)
                sections.append(.init(
                    role: t["role_secretary"], title: g.cellName, titleURL: nil, parent: g.unitName,
                    figures: [.init(value: n(f.members), label: t["home_cell_members"]),
                              .init(value: n(f.party), label: t["unit_party"] + " · " + share(f.party, f.members))],
                    actions: [.init(label: t["home_cell_list"], url: SiteURL.members.path, primary: true)],
                    note: nil))
            case .member:
                // "Hồ sơ của tôi": the record, the unit as a member sees it, and corrections to ask for.
                let own = p.user.memberId ?? p.scope.ownMember
                let record = try await own.asyncMap { try? await Members.readable(id: $0, scope: p.scope, on: req.sql) } ?? nil
                sections.append(.init(
                    role: t["role_member"] + " · " + t["home_my_record"], title: record?.0.fullName ?? t["home_my_record"],
                    titleURL: own.map { _ in SiteURL.me.path }, parent: record?.1.name, figures: [],
                    actions: own.map { _ in [.init(label: t["home_my_record_open"], url: SiteURL.me.path, primary: true),
                                             .init(label: t["me_correction_new"], url: SiteURL.me.path, primary: false)] } ?? [],
                    note: own == nil ? t["home_no_record"] : nil))
            }
        }
        var waiting: [HomePage.Waiting] = []
        if canWrite {
            let since = Clock.timestamp(req.clock.now().addingTimeInterval(-24 * 3600))
            waiting = try await HomeQueries.waitingImports(userId: p.user.id, since: since, on: req.sql).map { w in
                let kind = t["import_" + w.kind]
                let at = Clock.parse(w.createdAt).map(Clock.display) ?? w.createdAt
                let name = w.fileName.isEmpty ? kind : "\(w.fileName) (\(kind))"
                guard w.status == "validated" else {
                    let doing = t[w.status == "writing" ? "import_job_writing" : "import_job_checking"]
                    return .init(label: t.format("home_running_line", name, doing), confirmURL: nil, url: SiteURL.importBatch(.id(w.id)).path)
                }
                return .init(label: t.format("home_waiting_line", name, n(w.rowCount), at), confirmURL: SiteURL.importConfirm(.id(w.id)).path, url: nil)
            }
        }
        var page = HomePage(hello: t.format("home_hello", p.user.displayName), sections: sections, waiting: waiting, noScope: sections.isEmpty)
        page.awaits = try await Awaits.list(for: p, today: req.clock.today, t: t, on: req.sql)
        return try await req.page("home", title: t["home_title"], page)
    }
}

enum HealthController {
    /// For load balancers: 200 when the database answers, 503 when it does not.
    @Sendable
    static func check(req: Request) async throws -> Response {
        struct Health: Content { let status: String; let database: String; let engine: String }
        let engine = Dialect(req.sql) == .postgres ? "postgresql" : "sqlite"
        do {
            try await HomeQueries.probe(on: req.sql)
            return try await Health(status: "ok", database: "ok", engine: engine).encodeResponse(status: .ok, for: req)
        } catch {
            return try await Health(status: "error", database: "unreachable", engine: engine).encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}
