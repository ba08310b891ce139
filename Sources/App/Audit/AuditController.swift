import Domain
import SQLKit
import Vapor

enum AuditController {
    static let pageSize = 100

    /// The register of changes, newest first. Administrators read all of it; officials the entries of the units
    /// they may change; anyone else gets a 404. Log-ins and log-outs are in the security view instead.
    @Sendable
    static func index(req: Request) async throws -> Response {
        try await render(req: req, security: false)
    }

    /// Log-ins, log-outs and failed log-ins; administrators only.
    @Sendable
    static func security(req: Request) async throws -> Response {
        try await render(req: req, security: true)
    }

    private static func render(req: Request, security: Bool) async throws -> Response {
        let p = try req.requirePrincipal()
        guard security ? p.scope.isAdmin : p.scope.readsRegister else { throw Abort(.notFound) }
        let t = req.strings
        let filter = try await AuditFilter.read(req, scope: p.scope, security: security)
        let base: SiteURL = security ? .auditSecurity : .audit
        var rows: [AuditLog.Row] = []
        var newerURL: String?, olderURL: String?, newestURL: String?
        if filter.problems.isEmpty {
            let before = req.query[Int.self, at: "before"]
            let after = req.query[Int.self, at: "after"]
            let direction: AuditLog.Direction = after.map { .newerThan($0) } ?? .olderThan(before)
            let (found, more) = try await AuditLog.page(filter, scope: p.scope, direction: direction, limit: pageSize, on: req.sql)
            rows = found
            let atNewest = before == nil && (after == nil || !more)
            let atOldest: Bool = { if case .olderThan = direction { return !more } else { return false } }()
            if !atNewest, let first = rows.first {
                newerURL = base.with(filter.queryItems + [("after", String(first.id))])
                newestURL = base.with(filter.queryItems)
            }
            if !atOldest, let last = rows.last { olderURL = base.with(filter.queryItems + [("before", String(last.id))]) }
            // Reading newer entries from an empty page (all of them were deleted?) leads back to the start.
            if rows.isEmpty, before != nil || after != nil { newestURL = base.with(filter.queryItems) }
        }
        let people = try await people(for: p, on: req.sql)
        let kinds = security ? [] : try await AuditLog.entities(on: req.sql)
        let entries = rows.map { r in
            AuditPage.Entry(
                at: Clock.parse(r.at).map(Clock.display) ?? r.at, who: AuditText.who(r, commandLine: t["audit_cli"]),
                action: AuditText.action(r.action, strings: t), kind: AuditText.entity(r.entity, strings: t), unit: r.unitCode,
                summary: r.summary,
                url: r.entityId.flatMap { id in r.entity == "member" ? SiteURL.member(.id(id)).path : r.entity == "unit" ? SiteURL.unit(.id(id)).path : nil })
        }
        var position = t.format("audit_position", VNFormat.integer(entries.count))
        if let first = entries.first, let last = entries.last { position += " · \(first.at) – \(last.at)" }
        var failures: [AuditPage.Failure] = []
        if security && filter.problems.isEmpty {
            failures = try await AuditLog.failedLogins(limit: pageSize, on: req.sql).map {
                AuditPage.Failure(at: Clock.parse($0.at).map(Clock.display) ?? $0.at, username: $0.usernameKey, address: $0.address)
            }
        }
        let personOptions = people.map { person -> AuditPage.Option in
            let label = person.displayName == person.username ? person.username : "\(person.displayName) (\(person.username))"
            return AuditPage.Option(value: String(person.id), label: label, selected: person.id == filter.userId)
        }
        let kindOptions = kinds.map { AuditPage.Option(value: $0, label: AuditText.entity($0, strings: t), selected: $0 == filter.entity) }
        let page = AuditPage(
            title: t[security ? "audit_security_title" : "audit_title"], action: base.path, security: security,
            people: [AuditPage.Option(value: "", label: t["members_any"], selected: filter.userId == nil)] + personOptions,
            kinds: [AuditPage.Option(value: "", label: t["members_any"], selected: filter.entity == nil)] + kindOptions,
            unit: filter.unitText, from: filter.fromText, to: filter.toText, problems: filter.problems,
            entries: entries, position: position, newestURL: newestURL, newerURL: newerURL, olderURL: olderURL,
            xlsxURL: security ? nil : SiteURL.auditExport("xlsx").with(filter.queryItems),
            csvURL: security ? nil : SiteURL.auditExport("csv").with(filter.queryItems),
            otherURL: p.scope.isAdmin ? (security ? SiteURL.audit.path : SiteURL.auditSecurity.path) : nil,
            otherLabel: p.scope.isAdmin ? t[security ? "audit_register_link" : "audit_security_link"] : nil,
            failures: failures)
        return try await req.page("audit", title: page.title, page, status: filter.problems.isEmpty ? .ok : .badRequest)
    }

    /// The people the filter lists: every account for an administrator; for an official, the accounts they
    /// manage and their own.
    private static func people(for p: Principal, on sql: any SQLDatabase) async throws -> [AuditLog.Person] {
        let all = try await AuditLog.people(on: sql)
        if p.scope.isAdmin { return all }
        var out: [AuditLog.Person] = []
        for person in all where person.id == p.user.id {
            out.append(person)
        }
        for person in all where person.id != p.user.id {
            if try await Accounts.manageable(userId: person.id, scope: p.scope, on: sql) { out.append(person) }
        }
        return out
    }

    /// The filtered register as .xlsx or .csv, streamed from a temporary file.
    @Sendable
    static func export(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.readsRegister else { throw Abort(.notFound) }
        let format = try ExportFormat(req)
        let filter = try await AuditFilter.read(req, scope: p.scope, security: false)
        if let problem = filter.problems.first { throw Abort(.badRequest, reason: problem) }
        let file = try ExportFile(format: format, sheetName: "Nhật ký", columns: Exports.auditColumns)
        do {
            try await Exports.audit(filter, scope: p.scope, into: file, on: req.sql)
            try file.finish()
            try await Exports.record("nhật ký thay đổi", entity: "audit_log", unit: filter.unit?.id ?? p.scope.homeUnitId, file: file, actor: try req.actor(), on: req.db)
        } catch {
            file.discard()
            throw error
        }
        return try await req.download(file, name: ExportFile.fileName("nhat-ky", on: req.clock.today, format: format))
    }
}
