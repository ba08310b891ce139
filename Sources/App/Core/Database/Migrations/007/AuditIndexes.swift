import Fluent
import SQLKit

/// The register is read newest first by id, filtered by actor, by record kind, by action (log-ins apart) and by
/// unit: each filter gets an (x, id) index, so a page is one index range read backwards from the cursor.
struct AuditIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for statement in [
            "CREATE INDEX audit_user ON audit_log (user_id, id)",
            "CREATE INDEX audit_unit ON audit_log (unit_id, id)",
            "CREATE INDEX audit_action ON audit_log (action, id)",
            "CREATE INDEX audit_kind ON audit_log (entity, id)",
        ] {
            try await database.sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["audit_user", "audit_unit", "audit_action", "audit_kind"] {
            try await database.sql.raw(SQLQueryString("DROP INDEX \(name)")).run()
        }
    }
}
