import Domain
import Foundation
import Testing
import VaporTesting
@testable import App

/// Every role × every record route × a record in the role's own scope and one outside it. Denied is a 404
/// (the same answer as a missing record), never a 200 or a 500.
@Suite struct AccessTests {
    enum Target { case own, other }

    struct Route: CustomStringConvertible, Sendable {
        let method: HTTPMethod
        let pattern: String
        let kind: Kind
        enum Kind: Sendable { case memberRead, memberWrite, unitRead, unitWrite, treeChange, correction, userManage, ownToken, ownBatch,
            roundRead, roundUnitRead, roundRegister, roundImport, roundPropose, registrationRead, registrationStep, file, modelRead, modelStep,
            directiveRead, directiveAck,
            evalRoundRead, evalRoundStep, evaluationRead, evaluationStep, unitEvalRead, unitEvalStep,
            sessionRead, sessionWrite, planRead, planWrite, inspectionRead, inspectionWrite, programmeWrite, checkWord }
        var description: String { "\(method) \(pattern)" }
    }

    /// What a route with a record id in its path needs. A route this does not know fails the test: a new record
    /// route must say here who may use it.
    static func kind(_ method: HTTPMethod, _ pattern: String) -> Route.Kind? {
        switch (method, pattern) {
        case (.GET, "/members/:id"), (.GET, "/api/v1/members/:id"): .memberRead
        case (.GET, "/members/:id/edit"), (.POST, "/members/:id/edit"), (.POST, "/members/:id/transfer"), (.POST, "/members/:id/status"),
             (.PATCH, "/api/v1/members/:id"): .memberWrite
        case (.GET, "/units/:id"), (.GET, "/api/v1/units/:id"): .unitRead
        case (.GET, "/units/:id/edit"), (.POST, "/units/:id/edit"), (.POST, "/units/:id/move"), (.POST, "/units/:id/merge"),
             (.POST, "/units/:id/dissolve"), (.POST, "/units/:id/party-cells"), (.PATCH, "/api/v1/units/:id"): .unitWrite
        case (.POST, "/users/:id/roles"), (.POST, "/users/:id/roles/revoke"), (.POST, "/users/:id/status"): .userManage
        case (.POST, "/account/tokens/:id/revoke"): .ownToken
        case (.POST, "/import/:id/confirm"), (.GET, "/import/:id"): .ownBatch
        case (.POST, "/tree-changes/:id/reverse"): .treeChange
        case (.POST, "/corrections/:id/approve"), (.POST, "/corrections/:id/reject"): .correction
        case (.GET, "/rounds/:id"): .roundRead
        case (.GET, "/api/v1/rounds/:id/coverage"), (.GET, "/api/v1/rounds/:id/registrations"), (.GET, "/api/v1/rounds/:id/models"): .roundUnitRead
        case (.GET, "/api/v1/models/:id"): .modelRead
        case (.POST, "/api/v1/rounds/:id/registrations"): .roundRegister
        case (.GET, "/api/v1/registrations/:id"): .registrationRead
        case (.POST, "/api/v1/registrations/:id/appraisal"): .registrationStep
        case (.GET, "/rounds/:id/missing"), (.GET, "/rounds/:id/print"), (.GET, "/rounds/:id/registrations.docx"): .roundUnitRead
        case (.GET, "/rounds/:id/register"), (.POST, "/rounds/:id/register"): .roundRegister
        case (.GET, "/rounds/:id/import/mau-dang-ky.xlsx"), (.POST, "/rounds/:id/import"): .roundImport
        case (.GET, "/registrations/:id"), (.GET, "/registrations/:id/print"), (.GET, "/registrations/:id/form.docx"): .registrationRead
        case (.POST, "/registrations/:id/approve"), (.POST, "/registrations/:id/return"), (.POST, "/registrations/:id/comments"),
             (.POST, "/registrations/:id/progress"), (.POST, "/registrations/:id/assess"): .registrationStep
        case (.GET, "/files/:id"): .file
        case (.POST, "/rounds/:id/models"): .roundPropose
        case (.GET, "/models/:id"): .modelRead
        case (.POST, "/models/:id/comments"), (.POST, "/models/:id/agree"), (.POST, "/models/:id/confirm"), (.POST, "/models/:id/join"): .modelStep
        case (.GET, "/directives/:id"), (.GET, "/api/v1/directives/:id"), (.GET, "/directive-files/:id"): .directiveRead
        case (.POST, "/directives/:id/acknowledge"), (.POST, "/api/v1/directives/:id/acknowledgement"): .directiveAck
        case (.GET, "/evaluation-rounds/:id"), (.GET, "/api/v1/evaluation-rounds/:id"): .evalRoundRead
        case (.GET, "/evaluation-rounds/:id/assess"), (.POST, "/evaluation-rounds/:id/assess"), (.POST, "/evaluation-rounds/:id/approve"),
             (.POST, "/evaluation-rounds/:id/reopen"), (.POST, "/evaluation-rounds/:id/cap"): .evalRoundStep
        case (.GET, "/evaluation-rounds/:id/unit-assess"), (.POST, "/evaluation-rounds/:id/unit-assess"): .evalRoundStep
        case (.GET, "/unit-evaluations/:id"): .unitEvalRead
        case (.POST, "/unit-evaluations/:id/review"): .unitEvalStep
        case (.GET, "/evaluations/:id"): .evaluationRead
        case (.POST, "/evaluations/:id/review"): .evaluationStep
        case (.GET, "/members/:id/attendance"): .memberRead
        case (.GET, "/sessions/:id"), (.GET, "/api/v1/sessions/:id"), (.GET, "/api/v1/sessions/:id/attendance"): .sessionRead
        case (.POST, "/sessions/:id/attendance"), (.POST, "/sessions/:id/attendance/rest-present"), (.POST, "/api/v1/sessions/:id/attendance"): .sessionWrite
        case (.GET, "/plans/:id"), (.GET, "/api/v1/plans/:id"): .planRead
        case (.POST, "/plans/:id/targets"), (.POST, "/plans/:id/publish"), (.POST, "/plan-targets/:id"), (.POST, "/plan-targets/:id/progress"),
             (.POST, "/api/v1/plan-targets/:id/progress"): .planWrite
        case (.GET, "/inspections/:id"), (.GET, "/api/v1/inspections/:id"): .inspectionRead
        case (.POST, "/inspections/:id/findings"), (.POST, "/inspections/:id/corrections"), (.POST, "/inspection-corrections/:id/follow-up"),
             (.POST, "/inspection-corrections/:id/close"), (.POST, "/api/v1/inspection-corrections/:id/follow-ups"),
             (.POST, "/api/v1/inspection-corrections/:id/close"): .inspectionWrite
        case (.GET, "/programmes/:id"), (.POST, "/programmes/:id"): .programmeWrite
        case (.POST, "/check-words/:id/remove"): .checkWord
        default: nil
        }
    }

    /// Every route of the application whose path names a record, read from the route table itself.
    static func recordRoutes(_ app: Application) -> (known: [Route], unknown: [String]) {
        var known: [Route] = [], unknown: [String] = []
        for route in app.routes.all {
            let pattern = "/" + route.path.map(\.description).joined(separator: "/")
            guard pattern.contains(":id") else { continue }
            if let kind = kind(route.method, pattern) {
                known.append(Route(method: route.method, pattern: pattern, kind: kind))
            } else {
                unknown.append("\(route.method) \(pattern)")
            }
        }
        return (known, unknown)
    }

    /// Own and other records per role: (member key, unit code).
    static func targets(_ role: String, _ t: Target) -> (member: String, unit: String) {
        switch (role, t) {
        case ("secretary", .own): ("mA1", "A1")       // cell "Chi bộ A1"
        case ("secretary", .other): ("mA2", "A2")
        case ("member", .own): ("mA1", "A1")
        case ("member", .other): ("mA1a", "A1a")
        case (_, .own): ("mA1", "A1")
        case (_, .other): ("mB1", "B1")
        }
    }

    /// The rule the test checks the server against, written independently of the server's code.
    static func allowed(_ role: String, _ kind: Route.Kind, _ t: Target) -> Bool {
        switch (role, kind) {
        case ("anonymous", _): false
        // A token and an uploaded file are personal: nobody else, not even an administrator, revokes or confirms them.
        case (_, .ownToken): t == .own
        case ("admin", .ownBatch), ("official", .ownBatch): t == .own
        case (_, .ownBatch): false
        case ("admin", _): true
        case (_, .checkWord): false
        case ("official", _): t == .own
        // Registrations: who reads the round, the unit's figures, the form; the workflow's own rules (403/409)
        // come after scope, which alone decides 404.
        case ("viewer", .roundRead), ("viewer", .roundUnitRead), ("viewer", .registrationRead), ("viewer", .registrationStep), ("viewer", .file),
             ("secretary", .roundRead), ("secretary", .roundUnitRead), ("secretary", .registrationRead), ("secretary", .registrationStep), ("secretary", .file),
             ("member", .roundRead), ("member", .roundRegister), ("member", .registrationRead), ("member", .registrationStep), ("member", .file),
             ("viewer", .modelRead), ("viewer", .modelStep), ("secretary", .modelRead), ("secretary", .modelStep), ("member", .modelRead), ("member", .modelStep):
            t == .own
        // Directives: read by whoever reads the issuer or a unit it was sent to (not members); acknowledging is
        // then the workflow's answer (403 for who may not), scope alone decides 404.
        case ("viewer", .directiveRead), ("viewer", .directiveAck), ("secretary", .directiveRead), ("secretary", .directiveAck): t == .own
        // Evaluations: the round and the member's own evaluation are read like registrations; the flow decides the rest.
        case ("viewer", .evalRoundRead), ("viewer", .evalRoundStep), ("viewer", .evaluationRead), ("viewer", .evaluationStep),
             ("secretary", .evalRoundRead), ("secretary", .evalRoundStep), ("secretary", .evaluationRead), ("secretary", .evaluationStep),
             ("member", .evalRoundRead), ("member", .evalRoundStep), ("member", .evaluationRead), ("member", .evaluationStep):
            t == .own
        // A grassroots union's evaluation is read by whoever reads the union (not its members); appraising is then
        // the flow's answer.
        case ("viewer", .unitEvalRead), ("viewer", .unitEvalStep), ("secretary", .unitEvalRead), ("secretary", .unitEvalStep): t == .own
        // Sessions: read by whoever reads the host unit, the cell's secretary and the members invited; plans and
        // inspections by whoever reads the unit. Writing them is the unit's officials' alone.
        case ("viewer", .sessionRead), ("secretary", .sessionRead), ("member", .sessionRead),
             ("viewer", .planRead), ("secretary", .planRead), ("viewer", .inspectionRead), ("secretary", .inspectionRead):
            t == .own
        case ("viewer", .memberRead), ("viewer", .unitRead): t == .own
        case ("secretary", .memberRead), ("secretary", .unitRead): t == .own
        case ("member", .memberRead): t == .own
        default: false
        }
    }

    static let roles = ["admin", "official", "viewer", "secretary", "member", "anonymous"]

    /// Records that are not units or members: each role's own API token and uploaded file, and another
    /// official's.
    struct Extras {
        var tokens: [String: Int] = [:]; var batches: [String: Int] = [:]; var treeChanges: [Target: Int] = [:]; var corrections: [Target: Int] = [:]
        var rounds: [Target: Int] = [:]; var registrations: [Target: Int] = [:]; var files: [Target: Int] = [:]; var models: [Target: Int] = [:]
        var directives: [Target: Int] = [:]; var directiveFiles: [Target: Int] = [:]
        var evalRounds: [Target: Int] = [:]; var evaluations: [Target: Int] = [:]; var unitEvaluations: [Target: Int] = [:]
        var sessions: [Target: Int] = [:]; var plans: [Target: Int] = [:]; var planTargets: [Target: Int] = [:]
        var inspections: [Target: Int] = [:]; var inspectionCorrections: [Target: Int] = [:]
        var programmes: [Target: Int] = [:]
        var checkWords: [Target: Int] = [:]
    }

    static func extras(_ app: Application, _ f: Fixture) async throws -> Extras {
        var e = Extras()
        for (i, name) in (roles.filter { $0 != "anonymous" } + ["officialB"]).enumerated() {
            let user = f.users[name]!
            e.tokens[name] = try await app.sql.raw("""
                INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (\(bind: user), 'thử', \(bind: "hash-\(name)"), 'ng_x', '2026-01-01T00:00:00Z')
                RETURNING id
                """).first(decoding: IDRow.self)!.id
            let file = ImportTests.csv([ImportTests.row("Lò Thị Mai", cccd: "001195" + String(format: "%06d", 900 + i), unit: name == "officialB" ? "B1" : "A1")])
            e.batches[name] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let id = try await ImportBatches.begin(kind: .members, userId: user, fileName: "m.csv", sha256: "x", content: file,
                                                       effective: CivilDate(year: 2026, month: 1, day: 1)!, totalRows: 1, in: tx)
                var report = Importer.Report(kind: .members)
                report.rows = 1
                try await ImportBatches.finishCheck(id, report: report, in: tx)
                return id
            }
        }
        // A recorded change that touched nothing, in each province: reversing it is a matter of scope only.
        let empty = TreeChanges.State()
        let snapshot = String(decoding: try JSONEncoder().encode(TreeChanges.Snapshot(before: empty, createdUnitPeriods: [], createdMemberPeriods: [])), as: UTF8.self)
        for (target, unit) in [(Target.own, "A1"), (.other, "B1")] {
            e.treeChanges[target] = try await app.sql.raw("""
                INSERT INTO tree_changes (kind, unit_id, effective_on, reason, unit_count, member_count, snapshot, after_hash, made_by_name, made_at)
                VALUES ('move', \(bind: f.units[unit]!.id), '2026-01-01', 'thử', 0, 0, \(bind: snapshot), \(bind: empty.hash), 'cli', '2026-01-01T00:00:00Z')
                RETURNING id
                """).first(decoding: IDRow.self)!.id
        }
        // A pending correction request from a member in each province.
        for (target, key) in [(Target.own, "mA1"), (.other, "mB1")] {
            let member = try await Members.find(id: f.members[key]!, on: app.sql)!
            e.corrections[target] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Corrections.create(member: member, changes: [.init(field: "phone", old: "", new: "0912345678")], note: "", in: tx)
            }
        }
        // A round in each province, open today, and a submitted registration in each with an evidence file.
        let today = CivilDate.today()
        for (target, unit, key) in [(Target.own, "A", "mA1"), (.other, "B", "mB1")] {
            let roundId = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Rounds.create(.init(programmeId: 1, year: today.year, unitId: f.units[unit]!.id, opensOn: today.adding(days: -10),
                                              closesOn: today.adding(days: 20), midyearOn: today.adding(days: -5), yearendOn: today, theme: ""), in: tx)
            }
            let round = try await Rounds.find(id: roundId, on: app.sql)!
            let memberId = f.members[key]!
            let registration = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Registrations.save(round: round, memberId: memberId, draft: .init(actions: [.init(action: "Số hóa 100% hồ sơ lưu trữ của phòng", dutyId: nil,
                                             result: "100% hồ sơ", deadline: "30/9")], shortcomings: ""), submit: true, capacities: [.owner], in: tx)
            }
            let progress = try await app.sql.raw("""
                INSERT INTO registration_progress (registration_id, at, author_name, note) VALUES (\(bind: registration), '2026-01-01T00:00:00Z', 'thử', 'thử')
                RETURNING id
                """).first(decoding: IDRow.self)!.id
            e.files[target] = try await app.sql.raw("""
                INSERT INTO stored_files (owner, owner_id, file_name, content_type, size, sha256, content, at)
                VALUES ('registration_progress', \(bind: progress), 'a.pdf', 'application/pdf', 8, 'x', \(bind: Data("%PDF-1.4".utf8)), '2026-01-01T00:00:00Z')
                RETURNING id
                """).first(decoding: IDRow.self)!.id
            e.rounds[target] = roundId
            e.registrations[target] = registration
            let modelUnit = f.units[unit + "1"]!
            e.models[target] = try await app.sql.raw("""
                INSERT INTO collective_models (round_id, unit_id, unit_path, cell_id, name, description, status, proposed_by_name, proposed_at)
                VALUES (\(bind: roundId), \(bind: modelUnit.id), \(bind: modelUnit.path), \(bind: modelUnit.partyCellId), 'Mỗi tuần một việc tốt', 'thử', 'agreed', 'thử', '2026-01-01T00:00:00Z')
                RETURNING id
                """).first(decoding: IDRow.self)!.id
        }
        // A directive in each province: the confederation's to province A's subtree (A's officials acknowledge it),
        // and province B's to its own units; each with an attachment.
        for (target, issuer, to) in [(Target.own, "TLD", "A"), (.other, "B", "B")] {
            let input = Directives.Input(kind: .keHoach, number: "1\(target == .own ? 1 : 2)/KH-TLĐ", issuedOn: today, issuerId: f.units[issuer]!.id,
                                         targetId: f.units[to]!.id, title: "Kế hoạch thử", summary: "",
                                         files: [try Evidence.check(data: Data(RegistrationTests.pdf), fileName: "kh.pdf")])
            e.directives[target] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await Directives.create(input, in: tx) }
            e.directiveFiles[target] = try await app.sql.raw("""
                SELECT id FROM stored_files WHERE owner = 'directive' AND owner_id = \(bind: e.directives[target]!)
                """).first(decoding: IDRow.self)!.id
        }
        // An evaluation round in each province with the member's self-assessment in it.
        for (target, unit, key) in [(Target.own, "A", "mA1"), (.other, "B", "mB1")] {
            let round = try await EvaluationTests.round(app, unit: f.units[unit]!.id)
            let criteria = try await Evaluations.criteria(round: round.id, on: app.sql)
            let memberId = f.members[key]!
            e.evalRounds[target] = round.id
            e.evaluations[target] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Evaluations.selfAssess(round: round, member: memberId, scores: EvaluationTests.scores(criteria, total: 800), onBehalf: false, in: tx)
            }
        }
        // A unions' round in each province with its grassroots union's self-assessment.
        for (target, province, unit) in [(Target.own, "A", "A1"), (.other, "B", "B1")] {
            let sheet = Evaluations.defaultUnitSheet.map { "\($0.0) | \($0.1)" }.joined(separator: "\n")
            let provinceId = f.units[province]!.id, union = f.units[unit]!
            e.unitEvaluations[target] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let id = try await Evaluations.createRound(.init(subject: "grassroots", kind: "year_end", year: today.year, unitId: provinceId,
                                                                 opensOn: today.adding(days: -5), closesOn: today.adding(days: 10), sheet: sheet), in: tx)
                let round = try await Evaluations.round(id: id, on: tx.sql)!
                let criteria = try await Evaluations.criteria(round: id, on: tx.sql)
                return try await UnitEvaluations.selfAssess(round: round, unit: union, scores: EvaluationTests.scores(criteria, total: 800), in: tx)
            }
        }
        // In each grassroots union: a study session today (its members invited), a draft plan with one target, and
        // an inspection by its province, held, with one open correction.
        for (target, province, unit) in [(Target.own, "A", "A1"), (.other, "B", "B1")] {
            let unitId = f.units[unit]!.id, provinceId = f.units[province]!.id
            e.sessions[target] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await StudySessions.create(.init(unitId: unitId, cellId: nil, heldOn: today, startsAt: "", place: "", theme: "Học tập chuyên đề",
                                                     form: .conference, note: "", programmeId: nil), in: tx).id
            }
            let plan = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let id = try await Plans.create(unitId: unitId, programmeId: 1, year: today.year, in: tx)
                let target = try await Plans.addTarget(plan: id, .init(what: "Đoàn viên đăng ký", measure: "%", targetValue: 100, owner: "", deadline: nil), in: tx)
                return [id, target]
            }
            e.plans[target] = plan[0]; e.planTargets[target] = plan[1]
            let inspection = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let id = try await Inspections.create(.init(unitId: provinceId, targetUnitId: unitId, subject: .unit, title: "Kiểm tra thử", plannedOn: today), in: tx)
                try await Inspections.recordFindings(inspection: id, heldOn: today, findings: "Thử", in: tx)
                let correction = try await Inspections.addCorrection(inspection: id, what: "Sửa", owner: "Chủ tịch", deadline: today, in: tx)
                return [id, correction]
            }
            e.inspections[target] = inspection[0]; e.inspectionCorrections[target] = inspection[1]
            // A programme launched by the union: its officials (and those above) change it, nobody else.
            e.programmes[target] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Programmes.create(name: "Phong trào thử \(unit)", kind: "emulation", summary: "", criteria: "", unitId: unitId, in: tx)
            }
        }
        // The check's vocabulary is the administrator's alone, on either side of the tree.
        for (target, phrase) in [(Target.own, "lò gạch"), (.other, "lò vôi")] {
            e.checkWords[target] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await CheckWords.add(.init(list: .places, phrase: phrase), in: tx)
            }
        }
        return e
    }

    static func targetId(_ route: Route, role: String, _ t: Target, _ f: Fixture, _ e: Extras) -> Int {
        let (memberKey, unitCode) = targets(role, t)
        let owner = role == "anonymous" ? "admin" : role
        switch route.kind {
        case .memberRead, .memberWrite: return f.members[memberKey]!
        case .unitRead, .unitWrite: return f.units[unitCode]!.id
        case .userManage: return f.users[t == .own ? "viewer" : "officialB"]!
        case .ownToken: return e.tokens[t == .own ? owner : "officialB"]!
        case .ownBatch: return e.batches[t == .own ? owner : "officialB"]!
        case .treeChange: return e.treeChanges[t]!
        case .correction: return e.corrections[t]!
        case .roundRead, .roundUnitRead, .roundRegister, .roundImport: return e.rounds[t]!
        case .registrationRead, .registrationStep: return e.registrations[t]!
        case .file: return e.files[t]!
        case .roundPropose: return e.rounds[t]!
        case .modelRead, .modelStep: return e.models[t]!
        case .directiveRead, .directiveAck: return route.pattern.hasPrefix("/directive-files/") ? e.directiveFiles[t]! : e.directives[t]!
        case .evalRoundRead, .evalRoundStep: return e.evalRounds[t]!
        case .evaluationRead, .evaluationStep: return e.evaluations[t]!
        case .unitEvalRead, .unitEvalStep: return e.unitEvaluations[t]!
        case .sessionRead, .sessionWrite: return e.sessions[t]!
        case .planRead, .planWrite: return route.pattern.contains("/plan-targets/") ? e.planTargets[t]! : e.plans[t]!
        case .inspectionRead, .inspectionWrite:
            return route.pattern.contains("/inspection-corrections/") ? e.inspectionCorrections[t]! : e.inspections[t]!
        case .programmeWrite: return e.programmes[t]!
        case .checkWord: return e.checkWords[t]!
        }
    }

    @Test(arguments: TestDB.enabled, roles)
    func matrix(db: TestDB, role: String) async throws {
        var mismatches: [String] = []
        let routes = try await withTestApp(db) { app in Self.recordRoutes(app) }
        #expect(routes.unknown.isEmpty, "routes with a record id that the access rules do not cover: \(routes.unknown)")
        #expect(routes.known.count >= 20)
        for route in routes.known {
            // A fresh tree for each route, so a merge or dissolution in one case cannot change the next.
            try await withTestApp(db) { app in
                let f = try await Fixture.make(app)
                let e = try await Self.extras(app, f)
                for target in [Target.own, .other] {
                    let browser = Browser(app)
                    // An anonymous visitor holds a valid pre-login CSRF token, so only the sign-in check can stop it.
                    if role == "anonymous" { try await browser.send(.GET, "/login") } else { try await browser.login(role) }
                    let id = Self.targetId(route, role: role, target, f, e)
                    let path = route.pattern.replacingOccurrences(of: ":id", with: String(id))
                    let response = try await Self.call(browser, route, path: path, fixture: f)
                    let status = response.status.code
                    let expected: [UInt] = {
                        if role == "anonymous" { return route.pattern.hasPrefix("/api/") ? [401] : [303] }
                        if !Self.allowed(role, route.kind, target) { return [404] }
                        if route.kind == .ownBatch { return [200] }
                        // The workflow may refuse a step that scope allows: not this person's step, or not from this state.
                        if route.kind == .registrationStep || (route.kind == .roundRegister && route.method == .POST) { return route.pattern.hasPrefix("/api/") ? [200, 201, 403, 409, 422] : [303, 403, 409, 422] }
                        if route.kind == .roundRegister { return [200, 303] }
                        if route.kind == .roundImport && route.method == .POST { return [422] }
                        if route.kind == .modelStep || route.kind == .roundPropose { return [303, 403, 409, 422] }
                        if route.kind == .directiveAck { return route.pattern.hasPrefix("/api/") ? [200, 201, 403] : [303, 403] }
                        if [.evalRoundStep, .evaluationStep, .unitEvalStep].contains(route.kind) { return [200, 303, 403, 409, 422] }
                        // An empty form: scope lets it through, then the input check or the state answers.
                        if [.sessionWrite, .planWrite, .inspectionWrite].contains(route.kind) { return [200, 303, 400, 409, 422] }
                        return route.method == .GET || route.method == .PATCH ? [200] : [303]
                    }()
                    if !expected.contains(status) {
                        mismatches.append("\(role) \(route) \(target): \(status), expected \(expected) \(response.text.prefix(300))")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// A valid body for each write route, so that only scope decides the answer.
    static func call(_ b: Browser, _ route: Route, path: String, fixture f: Fixture) async throws -> TestingHTTPResponse {
        let today = CivilDate.today().vietnamese
        switch (route.method, route.pattern) {
        case (.GET, _): return try await b.send(.GET, path)
        case (.POST, "/members/:id/edit"):
            // The member's own data with one change, so that only scope can refuse it.
            let id = Int(path.split(separator: "/")[1])!
            let m = try await Members.find(id: id, on: b.app.sql)!
            return try await b.send(.POST, path, form: ["fullName": m.fullName, "birthDate": "15/03/1990", "gender": Gender(rawValue: m.gender)!.label,
                                                        "citizenID": m.cccd!, "unionJoinDate": "01/09/2015", "education": "Thạc sĩ"])
        case (.POST, "/members/:id/transfer"): return try await b.send(.POST, path, form: ["unit": "A1", "date": today])
        case (.POST, "/members/:id/status"): return try await b.send(.POST, path, form: ["status": "suspended", "date": today, "reason": "Nghỉ dài ngày", "confirmed": "1"])
        case (.PATCH, "/api/v1/members/:id"): return try await b.send(.PATCH, path, json: #"{"position": "Tổ trưởng"}"#)
        case (.POST, "/units/:id/edit"):
            return try await b.send(.POST, path, form: ["name": "Tên mới", "kind": String(f.units["A1"]!.kindId), "partyCell": ""])
        case (.POST, "/units/:id/party-cells"): return try await b.send(.POST, path, form: ["name": "Chi bộ Mới", "committee": "", "date": today])
        case (.POST, "/units/:id/move"): return try await b.send(.POST, path, form: ["target": "A2", "date": today, "reason": "QĐ 1", "confirmed": "1"])
        case (.POST, "/units/:id/merge"): return try await b.send(.POST, path, form: ["target": "A2", "date": today, "reason": "QĐ 1", "confirmed": "1"])
        case (.POST, "/units/:id/dissolve"): return try await b.send(.POST, path, form: ["date": today, "reason": "QĐ 1", "confirmed": "1"])
        case (.POST, "/corrections/:id/reject"): return try await b.send(.POST, path, form: ["reason": "Chưa có giấy tờ"])
        case (.POST, "/programmes/:id"): return try await b.send(.POST, path, form: ["name": "Phong trào đổi tên \(path)", "kind": "campaign"])
        case (.POST, "/rounds/:id/register"):
            return try await b.send(.POST, path, form: ["member": String(f.members["mA1"]!), "action1": "Số hóa hồ sơ", "submit": "0"])
        case (.POST, "/api/v1/rounds/:id/registrations"):
            return try await b.send(.POST, path, json: #"{"memberId": \#(f.members["mA1"]!), "actions": [{"action": "Số hóa hồ sơ"}], "submit": false}"#)
        case (.POST, "/api/v1/registrations/:id/appraisal"): return try await b.send(.POST, path, json: #"{"decision": "approve"}"#)
        case (.POST, "/rounds/:id/models"):
            return try await b.send(.POST, path, form: ["unit": path.contains("/\(f.units["A"]!.id)") ? "A1" : "A1", "name": "Công sở không giấy", "description": "Số hóa văn bản"])
        case (.POST, "/models/:id/comments"): return try await b.send(.POST, path, form: ["body": "Đồng ý"])
        case (.POST, "/registrations/:id/return"): return try await b.send(.POST, path, form: ["reason": "Chưa cụ thể"])
        case (.POST, "/registrations/:id/comments"): return try await b.send(.POST, path, form: ["body": "Đồng ý"])
        case (.POST, "/registrations/:id/progress"): return try await b.send(.POST, path, form: ["note": "Đã làm một nửa"])
        case (.POST, "/registrations/:id/assess"): return try await b.send(.POST, path, form: ["period": "yearend", "outcome": "done", "achieved": "Xong"])
        case (.POST, "/tree-changes/:id/reverse"): return try await b.send(.POST, path, form: ["reason": "Nhầm", "confirmed": "1"])
        case (.PATCH, "/api/v1/units/:id"): return try await b.send(.PATCH, path, json: #"{"name": "Tên mới"}"#)
        case (.POST, "/users/:id/roles"): return try await b.send(.POST, path, form: ["role": "viewer", "unitCode": "A1"])
        case (.POST, "/users/:id/roles/revoke"):
            let user = Int(path.split(separator: "/")[1])!
            let grant = try await b.app.sql.raw("SELECT id FROM role_grants WHERE user_id = \(bind: user) AND valid_to IS NULL").first(decoding: IDRow.self)!
            return try await b.send(.POST, path, form: ["grant": String(grant.id), "reason": "Hết nhiệm kỳ", "confirmed": "1"])
        case (.POST, "/users/:id/status"): return try await b.send(.POST, path, form: ["active": "1"])
        case (.POST, "/account/tokens/:id/revoke"): return try await b.send(.POST, path, form: ["confirmed": "1"])
        case (.POST, "/check-words/:id/remove"): return try await b.send(.POST, path, form: ["confirmed": "1"])
        case (.POST, "/api/v1/plan-targets/:id/progress"): return try await b.send(.POST, path, json: #"{"value": 80, "note": "Đã đăng ký 80%"}"#)
        case (.POST, "/api/v1/inspection-corrections/:id/follow-ups"), (.POST, "/api/v1/inspection-corrections/:id/close"):
            return try await b.send(.POST, path, json: #"{"note": "Đã sửa sổ sách"}"#)
        case (.POST, _): return try await b.send(.POST, path, form: [:])
        default: fatalError("no body for \(route)")
        }
    }

    /// Lists must show exactly what the record routes allow: same set, no more.
    @Test(arguments: TestDB.enabled)
    func listsMatchRecords(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let expected: [String: Set<String>] = [
                "admin": ["mA1", "mA1a", "mA2", "mB1"], "official": ["mA1", "mA1a", "mA2"], "viewer": ["mA1", "mA1a", "mA2"],
                "secretary": ["mA1", "mA1a"], "member": ["mA1"], "officialB": ["mB1"],
            ]
            for (role, keys) in expected {
                let b = Browser(app)
                try await b.login(role)
                let response = try await b.send(.GET, "/api/v1/members?limit=200")
                struct List: Decodable { struct Item: Decodable { let id: Int }; let items: [Item]; let total: Int? }
                let list = try JSONDecoder().decode(List.self, from: Data(response.text.utf8))
                let ids = Set(list.items.map(\.id))
                #expect(ids == Set(keys.map { f.members[$0]! }), "\(role)")
                #expect(list.total == keys.count, "\(role)")
            }
        }
    }

    /// Deny by default: every registered route is either public on purpose or behind the sign-in check.
    @Test func everyRouteIsClassified() async throws {
        try await withTestApp(.sqlite) { app in
            let publicRoutes: Set<String> = ["GET /healthz", "GET /static/app.css", "GET /static/picker.js", "GET /static/check.js", "GET /login", "POST /login", "GET /api/v1/openapi.json"]
            let anonymous = Browser(app)
            for route in app.routes.all {
                let path = "/" + route.path.map { $0.description.hasPrefix(":") ? "1" : $0.description }.joined(separator: "/")
                let key = "\(route.method) \(path)"
                let response = try await anonymous.send(route.method, path, withToken: false)
                if publicRoutes.contains(key) { continue }
                // Unsafe methods are stopped by CSRF first (403); safe ones are sent to log in (303) or get 401.
                let expected: [UInt] = route.method == .GET ? [303, 401] : [403]
                #expect(expected.contains(response.status.code), "\(key) answered \(response.status.code) without a session")
                #expect(route.method == .GET || route.method == .POST || route.method == .PATCH, "\(key): unexpected method")
            }
        }
    }

    /// A role revoked is gone on the very next request: scope is read from the database each time.
    @Test func revokedRoleStopsAtOnce() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            #expect(try await b.send(.GET, "/members/\(f.members["mA1"]!)").status == .ok)
            try await app.sql.raw("DELETE FROM role_grants WHERE user_id = \(bind: f.users["official"]!)").run()
            #expect(try await b.send(.GET, "/members/\(f.members["mA1"]!)").status == .notFound)
        }
    }
}
