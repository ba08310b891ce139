import Fluent
import SQLKit

/// Classification rules are dated data per programme and unit (issue 17 item 5): a unit may hold a year-end round
/// of its members for each programme it takes part in, and one outside any programme, so the round's key gains
/// the programme (none counted as 0, since a unique index treats NULLs as distinct).
struct RoundsPerProgramme: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX evaluation_rounds_key").run()
        try await database.sql.raw("""
            CREATE UNIQUE INDEX evaluation_rounds_key ON evaluation_rounds (unit_id, year, kind, subject, (COALESCE(programme_id, 0)))
            """).run()
        try await database.sql.raw("CREATE INDEX classification_rules_unit ON classification_rules (unit_id, programme_id, valid_from)").run()
        // Dropping an index drops SQLite's statistics of it; without any, the planner takes the rounds for a big
        // table and reads a million evaluations to find that no round is open (see CoverageIndex).
        for table in ["evaluation_rounds", "classification_rules"] { try await database.sql.raw("ANALYZE \(ident: table)").run() }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX IF EXISTS classification_rules_unit").run()
        try await database.sql.raw("DROP INDEX evaluation_rounds_key").run()
        try await database.sql.raw("CREATE UNIQUE INDEX evaluation_rounds_key ON evaluation_rounds (unit_id, year, kind, subject)").run()
    }
}
