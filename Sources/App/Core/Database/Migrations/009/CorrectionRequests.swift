import Fluent
import SQLKit

/// A member's request to correct their own record, decided by an official of their unit (issue 15): the request
/// keeps the values it asked to change, old and new, and who decided what and why.
struct CorrectionRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn
        let statements: [String] = [
            """
            CREATE TABLE correction_requests (
                id \(id), member_id BIGINT NOT NULL REFERENCES members(id), unit_id BIGINT NOT NULL REFERENCES units(id),
                requested_by BIGINT REFERENCES users(id), requested_at TEXT NOT NULL, note TEXT NOT NULL, changes TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending', decided_by BIGINT REFERENCES users(id), decided_by_name TEXT,
                decided_at TEXT, decision_note TEXT,
                CONSTRAINT correction_requests_status CHECK (status IN ('pending', 'approved', 'rejected')))
            """,
            "CREATE INDEX correction_requests_member ON correction_requests (member_id, id)",
            "CREATE INDEX correction_requests_pending ON correction_requests (status, unit_id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE IF EXISTS correction_requests").run()
    }
}
