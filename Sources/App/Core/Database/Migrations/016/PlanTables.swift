import Fluent
import SQLKit

/// Units' yearly plans for a programme (kế hoạch, chương trình hành động) and their targets (chỉ tiêu). A plan is
/// built from its parent unit's plan: each copied target points at the one it came from, so the roll-up of a
/// target down the tree is a join.
struct PlanTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            """
            CREATE TABLE plans (
                id \(id), unit_id BIGINT NOT NULL REFERENCES units(id), unit_path \(key) NOT NULL,
                programme_id BIGINT NOT NULL REFERENCES programmes(id), year INTEGER NOT NULL, title TEXT NOT NULL,
                parent_plan_id BIGINT REFERENCES plans(id), status TEXT NOT NULL, created_by BIGINT REFERENCES users(id), created_at TEXT NOT NULL,
                published_at TEXT, published_by_name TEXT,
                CONSTRAINT plans_status CHECK (status IN ('draft', 'published')))
            """,
            "CREATE UNIQUE INDEX plans_key ON plans (unit_id, programme_id, year)",
            "CREATE INDEX plans_path ON plans (programme_id, year, unit_path)",
            """
            CREATE TABLE plan_targets (
                id \(id), plan_id BIGINT NOT NULL REFERENCES plans(id), position INTEGER NOT NULL, what TEXT NOT NULL,
                measure TEXT NOT NULL, target_value DOUBLE PRECISION NOT NULL, owner TEXT NOT NULL DEFAULT '', deadline \(key),
                parent_target_id BIGINT REFERENCES plan_targets(id), progress_value DOUBLE PRECISION, progress_note TEXT NOT NULL DEFAULT '',
                progress_at TEXT,
                CONSTRAINT plan_targets_value CHECK (target_value >= 0))
            """,
            "CREATE INDEX plan_targets_plan ON plan_targets (plan_id, position)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["plan_targets", "plans"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
