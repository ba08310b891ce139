import Fluent
import SQLKit

/// A round's registrations are imported as a job like any file (issue 16 item 4): the batch names its round.
struct ImportBatchRound: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE import_batches ADD COLUMN round_id BIGINT REFERENCES registration_rounds(id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE import_batches DROP COLUMN round_id").run()
    }
}
