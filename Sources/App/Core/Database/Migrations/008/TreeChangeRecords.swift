import Fluent
import SQLKit

/// Dissolutions, merges and moves are kept as records with what they changed, so that one made by mistake can be
/// reversed exactly (issue 15): the state before of every unit and member touched, and the periods the change
/// opened. Numbered 008 because 007 belongs to the register's indexes.
struct TreeChangeRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            """
            CREATE TABLE tree_changes (
                id \(id), kind TEXT NOT NULL, unit_id BIGINT NOT NULL REFERENCES units(id), target_id BIGINT REFERENCES units(id),
                effective_on \(key) NOT NULL, reason TEXT NOT NULL, unit_count INTEGER NOT NULL, member_count INTEGER NOT NULL,
                snapshot TEXT NOT NULL, after_hash TEXT NOT NULL,
                made_by BIGINT REFERENCES users(id), made_by_name TEXT NOT NULL, made_at TEXT NOT NULL,
                reversed_at TEXT, reversed_by BIGINT REFERENCES users(id), reversed_by_name TEXT, reversal_reason TEXT)
            """,
            "CREATE INDEX tree_changes_unit ON tree_changes (unit_id, id)",
            "CREATE INDEX tree_changes_target ON tree_changes (target_id, id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE IF EXISTS tree_changes").run()
    }
}
