import Fluent
import SQLKit

/// An import runs as a job recorded on its batch (issue 16 item 4): the rows read so far, the rows the file holds
/// (when it can be told from the file), when the job last reported, and the effective day chosen on upload. Any
/// app server reads these to draw the progress bar; statuses gain `checking` and `writing`.
struct ImportJobColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for statement in [
            "ALTER TABLE import_batches ADD COLUMN progress_rows INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE import_batches ADD COLUMN total_rows INTEGER",
            "ALTER TABLE import_batches ADD COLUMN heartbeat_at TEXT",
            "ALTER TABLE import_batches ADD COLUMN effective_on TEXT",
            "CREATE INDEX import_batches_user ON import_batches (user_id, status, created_at)",
        ] {
            try await database.sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX IF EXISTS import_batches_user").run()
        for column in ["progress_rows", "total_rows", "heartbeat_at", "effective_on"] {
            try await database.sql.raw("ALTER TABLE import_batches DROP COLUMN \(ident: column)").run()
        }
    }
}
