import Fluent
import SQLKit

/// The word index behind name search, filled from the names already there (one row per word; migration 005
/// turns the rows into name tails).
struct NameWords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        try await sql.raw(SQLQueryString("CREATE TABLE member_name_words (word \(d.binaryText) NOT NULL, member_id BIGINT NOT NULL REFERENCES members(id))")).run()
        try await sql.raw("CREATE INDEX member_name_words_word ON member_name_words (word, member_id)").run()
        try await sql.raw("CREATE INDEX member_name_words_member ON member_name_words (member_id)").run()
        try await MemberNameChunks.forEach(on: sql) { names in
            var rows: [[BulkInsert.Value]] = []
            for n in names {
                for word in Set(n.searchName.split(separator: " ").map(String.init)) { rows.append([.text(word), .int(n.id)]) }
            }
            try await BulkInsert.insert(into: "member_name_words", [.text("word"), .int("member_id")], rows: rows,
                                        returningIds: false, chunk: 5000, sql: sql)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE IF EXISTS member_name_words").run()
    }
}
