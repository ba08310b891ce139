import Fluent
import SQLKit

/// The counts behind a province's pages, kept by the database as members, attendance marks and evaluations change
/// (`KeptCount`): the unit page and the home page read a few thousand rows instead of a million (scripts/bench-cycle).
/// Each table is filled from what is there before its triggers exist.
struct KeptCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        for count in KeptCount.all(d) {
            try await sql.raw(SQLQueryString(count.createTable)).run()
            try await sql.raw(SQLQueryString(count.fill)).run()
            for statement in count.triggers(d) {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let d = Dialect(database.sql)
        for count in KeptCount.all(d) {
            for statement in count.drop(d) {
                try await database.sql.raw(SQLQueryString(statement)).run()
            }
        }
    }
}
