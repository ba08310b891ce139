import Fluent
import SQLKit

/// Collective models (mô hình): a union group or a grassroots union registers one for a round; its members comment,
/// it is agreed by the union, then confirmed and followed by the Party committee; members join it.
struct CollectiveModelTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            """
            CREATE TABLE collective_models (
                id \(id), round_id BIGINT NOT NULL REFERENCES registration_rounds(id), unit_id BIGINT NOT NULL REFERENCES units(id),
                unit_path \(key) NOT NULL, cell_id BIGINT REFERENCES party_cells(id), name TEXT NOT NULL, description TEXT NOT NULL,
                status TEXT NOT NULL, proposed_by BIGINT REFERENCES users(id), proposed_by_name TEXT NOT NULL, proposed_at TEXT NOT NULL,
                agreed_at TEXT, agreed_by_name TEXT, confirmed_at TEXT, confirmed_by_name TEXT,
                confirmation_grant_id BIGINT REFERENCES role_grants(id), confirmation_note TEXT,
                CONSTRAINT collective_models_status CHECK (status IN ('proposed', 'agreed', 'confirmed')))
            """,
            "CREATE INDEX collective_models_round ON collective_models (round_id, unit_path)",
            """
            CREATE TABLE model_comments (
                id \(id), model_id BIGINT NOT NULL REFERENCES collective_models(id), at TEXT NOT NULL,
                user_id BIGINT REFERENCES users(id), author_name TEXT NOT NULL, body TEXT NOT NULL)
            """,
            "CREATE INDEX model_comments_model ON model_comments (model_id, id)",
            """
            CREATE TABLE model_members (
                id \(id), model_id BIGINT NOT NULL REFERENCES collective_models(id), member_id BIGINT NOT NULL REFERENCES members(id),
                joined_at TEXT NOT NULL)
            """,
            "CREATE UNIQUE INDEX model_members_key ON model_members (model_id, member_id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["model_members", "model_comments", "collective_models"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
