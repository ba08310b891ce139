import Fluent
import SQLKit

/// The name index holds each name from every word to its end instead of single words (`NameIndex`), so that a
/// phrase is one range of the index: refilled from the names already there.
struct NameTails: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DELETE FROM member_name_words").run()
        struct Name: Decodable { let id: Int; let searchName: String }
        var after = 0
        while true {
            let names = try await sql.raw("""
                SELECT id, search_name FROM members WHERE id > \(bind: after) ORDER BY id LIMIT 5000
                """).all(decoding: Name.self, with: snakeCase)
            guard let last = names.last else { break }
            try await BulkInsert.insert(into: "member_name_words", NameIndex.columns, rows: NameIndex.rows(names.map { ($0.id, $0.searchName) }),
                                        returningIds: false, chunk: 5000, sql: sql)
            after = last.id
        }
    }

    func revert(on database: any Database) async throws {}
}
