import SQLKit
import Vapor

enum AuditController {
    /// The whole log, newest first; administrators only.
    @Sendable
    static func index(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.isAdmin else { throw Abort(.notFound) }
        let before = req.query[Int.self, at: "before"]
        struct Row: Decodable { let id: Int; let at: String; let username: String?; let action: String; let entity: String; let entityId: Int?; let summary: String }
        let condition: SQLQueryString = before.map { "WHERE id < \(bind: $0)" } ?? ""
        let rows = try await req.sql.raw("""
            SELECT id, at, username, action, entity, entity_id, summary FROM audit_log \(condition) ORDER BY id DESC LIMIT 101
            """).all(decoding: Row.self, with: snakeCase)
        let entries = rows.prefix(100).map { r in
            AuditPage.Entry(at: Clock.parse(r.at).map(Clock.display) ?? r.at, who: r.username ?? "", action: "\(r.entity) · \(r.action)",
                            summary: r.summary,
                            url: r.entityId.flatMap { id in r.entity == "member" ? SiteURL.member(.id(id)).path : r.entity == "unit" ? SiteURL.unit(.id(id)).path : nil })
        }
        return try await req.page("audit", title: req.strings["audit_title"], AuditPage(
            entries: Array(entries), olderURL: rows.count > 100 ? SiteURL.audit.with([("before", String(rows[99].id))]) : nil))
    }
}
