import Fluent
import SQLKit

/// Grassroots unions' evaluation (issue 17 item 5): in a round whose subject is 'grassroots', held by the level
/// above, one evaluation per CĐCS: its own self-assessment on the round's sheet, then the level above's appraisal.
struct UnitEvaluationTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            """
            CREATE TABLE unit_evaluations (
                id \(id), round_id BIGINT NOT NULL REFERENCES evaluation_rounds(id), unit_id BIGINT NOT NULL REFERENCES units(id),
                unit_path \(key) NOT NULL, status TEXT NOT NULL, self_total INTEGER NOT NULL, self_level TEXT NOT NULL,
                review_total INTEGER, review_level TEXT, reviewed_by BIGINT REFERENCES users(id), reviewed_by_name TEXT, reviewed_at TEXT,
                final_level TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                CONSTRAINT unit_evaluations_status CHECK (status IN ('self_assessed', 'reviewed', 'approved')))
            """,
            "CREATE UNIQUE INDEX unit_evaluations_key ON unit_evaluations (round_id, unit_id)",
            """
            CREATE TABLE unit_evaluation_scores (
                id \(id), unit_evaluation_id BIGINT NOT NULL REFERENCES unit_evaluations(id),
                criterion_id BIGINT NOT NULL REFERENCES evaluation_criteria(id), self_tenths INTEGER NOT NULL, review_tenths INTEGER)
            """,
            "CREATE UNIQUE INDEX unit_evaluation_scores_key ON unit_evaluation_scores (unit_evaluation_id, criterion_id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["unit_evaluation_scores", "unit_evaluations"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
