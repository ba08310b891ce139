import Fluent
import SQLKit

/// Party cells, members' duties and role grants become dated records: a registration will point at the duty as
/// it stood when it was made, appraisal needs "who was secretary of this cell on that day", and a revoked role
/// ends instead of vanishing.
struct CellsDutiesGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            // Cells: the unit that hosts them (home_unit_id), validity, the Party committee above them.
            "ALTER TABLE party_cells ADD COLUMN valid_from \(key)",
            "ALTER TABLE party_cells ADD COLUMN valid_to \(key)",
            "ALTER TABLE party_cells ADD COLUMN committee TEXT",
            "UPDATE party_cells SET valid_from = substr(created_at, 1, 10) WHERE valid_from IS NULL",
            // A typo must not make a second cell: one name per host unit, compared without diacritics.
            "CREATE UNIQUE INDEX party_cells_host_name ON party_cells (home_unit_id, name_key)",
            """
            CREATE TABLE party_cell_officers (
                id \(id), cell_id BIGINT NOT NULL REFERENCES party_cells(id), member_id BIGINT REFERENCES members(id),
                user_id BIGINT REFERENCES users(id), office TEXT NOT NULL, person_name TEXT NOT NULL,
                valid_from \(key) NOT NULL, valid_to \(key), created_at TEXT NOT NULL,
                CONSTRAINT party_cell_officers_order CHECK (valid_to IS NULL OR valid_to > valid_from))
            """,
            "CREATE INDEX party_cell_officers_cell ON party_cell_officers (cell_id, office, valid_from)",
            """
            CREATE TABLE party_memberships (
                id \(id), member_id BIGINT NOT NULL REFERENCES members(id), cell_id BIGINT NOT NULL REFERENCES party_cells(id),
                valid_from \(key) NOT NULL, valid_to \(key), created_at TEXT NOT NULL,
                CONSTRAINT party_memberships_order CHECK (valid_to IS NULL OR valid_to > valid_from))
            """,
            "CREATE INDEX party_memberships_member ON party_memberships (member_id, valid_from)",
            "CREATE INDEX party_memberships_cell ON party_memberships (cell_id, valid_from)",
            "CREATE UNIQUE INDEX party_memberships_open ON party_memberships (member_id) WHERE valid_to IS NULL",
            // Duties: what a member was assigned, by whom (unit) and when.
            """
            CREATE TABLE member_duties (
                id \(id), member_id BIGINT NOT NULL REFERENCES members(id), unit_id BIGINT NOT NULL REFERENCES units(id),
                title TEXT NOT NULL, description TEXT, valid_from \(key) NOT NULL, valid_to \(key), created_at TEXT NOT NULL,
                CONSTRAINT member_duties_order CHECK (valid_to IS NULL OR valid_to > valid_from))
            """,
            "CREATE INDEX member_duties_member ON member_duties (member_id, valid_from)",
            // The duties text members already have becomes their first duty record, from their open period.
            """
            INSERT INTO member_duties (member_id, unit_id, title, description, valid_from, valid_to, created_at)
            SELECT m.id, m.unit_id, m.duties, NULL, COALESCE(p.valid_from, m.union_joined_on), NULL, m.updated_at
            FROM members m LEFT JOIN member_periods p ON p.member_id = m.id AND p.valid_to IS NULL
            WHERE m.duties IS NOT NULL AND m.duties <> ''
            """,
            // Grants: dated, and revoked by someone instead of deleted.
            "ALTER TABLE role_grants ADD COLUMN valid_from \(key)",
            "ALTER TABLE role_grants ADD COLUMN valid_to \(key)",
            "ALTER TABLE role_grants ADD COLUMN revoked_at TEXT",
            "ALTER TABLE role_grants ADD COLUMN revoked_by BIGINT",
            "UPDATE role_grants SET valid_from = substr(created_at, 1, 10) WHERE valid_from IS NULL",
            "CREATE INDEX role_grants_cell ON role_grants (party_cell_id, role, valid_from)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for table in ["member_duties", "party_memberships", "party_cell_officers"] {
            try await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
