import Domain
import Fluent
import SQLKit

/// Members' sort keys now hold the given name's tones right after its letters (every "Anh" before every "Ánh"):
/// recomputed for the names already there, a chunk at a time through a work table.
struct GivenNameTones: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("CREATE TABLE member_sort_keys_new (id BIGINT PRIMARY KEY, sort_key TEXT NOT NULL)").run()
        try await MemberNameChunks.forEach(on: sql) { names in
            let rows: [[BulkInsert.Value]] = names.map { [.int($0.id), .text(VietnameseText.nameSortKey(fullName: $0.fullName))] }
            try await BulkInsert.insert(into: "member_sort_keys_new", [.int("id"), .text("sort_key")], rows: rows,
                                        returningIds: false, chunk: 5000, sql: sql)
        }
        try await sql.raw("""
            UPDATE members SET sort_key = (SELECT k.sort_key FROM member_sort_keys_new k WHERE k.id = members.id)
            WHERE id IN (SELECT id FROM member_sort_keys_new)
            """).run()
        try await sql.raw("DROP TABLE member_sort_keys_new").run()
    }

    func revert(on database: any Database) async throws {}
}
