import Fluent
import SQLKit

/// The registrations a secretary approved although the check had flagged them, newest appraisal first: the page of
/// the check's words lists their flagged actions, since a flag the secretaries overrule is most often a word the
/// check misreads. A partial index, so it holds only those rows on both databases.
struct OverruledFlags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("""
            CREATE INDEX registrations_overruled ON registrations (appraised_at) WHERE flag_count > 0 AND status IN ('approved', 'completed')
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX IF EXISTS registrations_overruled").run()
    }
}
