import Fluent
import SQLKit

/// Indexes for the cycle's pages on a province of a million members (scripts/bench-cycle):
/// - a round's own events (created, approved, reopened) among the two events each of its evaluations has: the round
///   page read every event of the round to find its few;
/// - "is anyone still unmarked at this session" (the home page's list): one probe instead of reading the session's
///   attendance rows;
/// - the classification split counts levels per path from the index alone, without reading each evaluation.
struct CycleIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for statement in [
            "CREATE INDEX evaluation_events_round_own ON evaluation_events (round_id, id) WHERE evaluation_id IS NULL",
            "CREATE INDEX session_attendance_session_status ON session_attendance (session_id, status)",
            "CREATE INDEX evaluations_round_levels ON evaluations (round_id, unit_path, final_level, review_level)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        // SQLite's planner uses the indexes it has statistics for (see CoverageIndex).
        for table in ["evaluation_events", "session_attendance", "evaluations"] {
            try await sql.raw("ANALYZE \(ident: table)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for index in ["evaluation_events_round_own", "session_attendance_session_status", "evaluations_round_levels"] {
            try await database.sql.raw("DROP INDEX IF EXISTS \(ident: index)").run()
        }
    }
}
