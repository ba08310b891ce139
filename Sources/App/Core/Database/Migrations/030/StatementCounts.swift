import Fluent
import SQLKit

/// On PostgreSQL the kept counts' triggers run once a statement instead of once a row (`KeptCount.triggers`): the
/// row-by-row ones of migration 021 are replaced. SQLite has only row triggers and keeps its own.
struct StatementCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        guard Dialect(sql) == .postgres else { return }
        for count in KeptCount.all(.postgres) {
            for statement in count.dropPostgresTriggers + count.triggers(.postgres) {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
    }

    /// Nothing to undo: either kind of trigger keeps the same counts.
    func revert(on database: any Database) async throws {}
}
