import SQLKit
import Vapor

enum AuditController {
    /// The whole log, newest first; administrators only.
    @Sendable
    static func index(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.isAdmin else { throw Abort(.notFound) }
        let before = req.query[Int.self, at: "before"]
        let rows = try await AuditLog.page(before: before, on: req.sql)
        let entries = rows.prefix(100).map { r in
            AuditPage.Entry(at: Clock.parse(r.at).map(Clock.display) ?? r.at, who: r.username ?? "", action: "\(r.entity) · \(r.action)",
                            summary: r.summary,
                            url: r.entityId.flatMap { id in r.entity == "member" ? SiteURL.member(.id(id)).path : r.entity == "unit" ? SiteURL.unit(.id(id)).path : nil })
        }
        return try await req.page("audit", title: req.strings["audit_title"], AuditPage(
            entries: Array(entries), olderURL: rows.count > 100 ? SiteURL.audit.with([("before", String(rows[99].id))]) : nil))
    }
}
