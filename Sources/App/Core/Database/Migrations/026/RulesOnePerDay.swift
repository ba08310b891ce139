import Fluent
import SQLKit

/// One set of classification rules per unit, programme and first day, in the schema too: two officials setting a
/// unit's rules at the same moment on PostgreSQL could otherwise both find no set that day and both write one.
struct RulesOnePerDay: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("""
            CREATE UNIQUE INDEX classification_rules_day ON classification_rules ((COALESCE(unit_id, 0)), (COALESCE(programme_id, 0)), valid_from)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX IF EXISTS classification_rules_day").run()
    }
}
