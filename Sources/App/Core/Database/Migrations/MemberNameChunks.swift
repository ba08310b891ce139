import SQLKit

/// Migrations that rebuild something from every member's name read the members a chunk at a time, by id, so
/// that a national database is never held in memory at once.
enum MemberNameChunks {
    struct Name: Decodable { let id: Int; let fullName: String; let searchName: String }

    static func forEach(on sql: any SQLDatabase, size: Int = 5000, _ body: ([Name]) async throws -> Void) async throws {
        var after = 0
        while true {
            let names = try await sql.raw("""
                SELECT id, full_name, search_name FROM members WHERE id > \(bind: after) ORDER BY id LIMIT \(literal: size)
                """).all(decoding: Name.self, with: snakeCase)
            guard let last = names.last else { return }
            try await body(names)
            after = last.id
        }
    }
}
