import Fluent
import SQLKit

/// The name index holds each name from every word to its end instead of single words (`NameIndex`), so that a
/// phrase is one range of the index: refilled from the names already there.
struct NameTails: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DELETE FROM member_name_words").run()
        try await MemberNameChunks.forEach(on: sql) { names in
            try await BulkInsert.insert(into: "member_name_words", NameIndex.columns, rows: NameIndex.rows(names.map { ($0.id, $0.searchName) }),
                                        returningIds: false, chunk: 5000, sql: sql)
        }
    }

    func revert(on database: any Database) async throws {}
}
