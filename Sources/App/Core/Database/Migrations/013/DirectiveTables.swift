import Domain
import Fluent
import SQLKit

/// Directive documents (văn bản chỉ đạo): issued by a unit, sent to a unit's subtree; each unit of that subtree
/// below the issuer acknowledges reading it, once. Attachments live in `stored_files` with owner 'directive'.
struct DirectiveTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let kinds = DirectiveKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let statements: [String] = [
            // Paths are the issuer's and the target's as they stood when the directive was issued: who received it.
            // `number_search` and `search_text` are folded (no diacritics, đ as d, lower case) for LIKE searches.
            """
            CREATE TABLE directives (
                id \(id), kind TEXT NOT NULL, number TEXT NOT NULL, number_search \(key) NOT NULL, issued_on \(key) NOT NULL,
                issuer_id BIGINT NOT NULL REFERENCES units(id), issuer_path \(key) NOT NULL,
                target_id BIGINT NOT NULL REFERENCES units(id), target_path \(key) NOT NULL,
                title TEXT NOT NULL, summary TEXT NOT NULL, search_text \(key) NOT NULL,
                created_by BIGINT REFERENCES users(id), created_by_name TEXT NOT NULL, created_at TEXT NOT NULL,
                CONSTRAINT directives_kind CHECK (kind IN (\(kinds))))
            """,
            "CREATE INDEX directives_issued ON directives (issued_on, id)",
            "CREATE INDEX directives_target ON directives (target_path)",
            "CREATE INDEX directives_issuer ON directives (issuer_path)",
            "CREATE INDEX directives_number ON directives (issuer_id, number_search)",
            """
            CREATE TABLE directive_acknowledgements (
                id \(id), directive_id BIGINT NOT NULL REFERENCES directives(id), unit_id BIGINT NOT NULL REFERENCES units(id),
                acknowledged_by BIGINT REFERENCES users(id), acknowledged_by_name TEXT NOT NULL, at TEXT NOT NULL)
            """,
            "CREATE UNIQUE INDEX directive_acknowledgements_key ON directive_acknowledgements (directive_id, unit_id)",
            "CREATE INDEX directive_acknowledgements_unit ON directive_acknowledgements (unit_id, directive_id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DELETE FROM stored_files WHERE owner = 'directive'").run()
        for table in ["directive_acknowledgements", "directives"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
