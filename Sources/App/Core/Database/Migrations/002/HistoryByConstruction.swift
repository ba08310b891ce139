import Fluent
import SQLKit

/// History correct by construction: a period ends after it begins, a member and a unit have at most one open
/// period, and "members of a subtree on a date" has indexes that serve the list and the count. SQLite cannot add
/// a CHECK to an existing table, so there the two period tables are rebuilt with it; rows that break the rules
/// (left by the foundation's same-day and backdated changes) are mended first.
struct HistoryByConstruction: AsyncMigration {
    static let periodTables: [(table: String, owner: String, columns: String, definition: String)] = [
        ("member_periods", "member_id", "id, member_id, unit_id, status, position, duties, valid_from, valid_to, reason", """
            member_id BIGINT NOT NULL REFERENCES members(id), unit_id BIGINT NOT NULL REFERENCES units(id),
            status TEXT NOT NULL, position TEXT, duties TEXT,
            valid_from TEXT NOT NULL, valid_to TEXT, reason TEXT NOT NULL
            """),
        ("unit_periods", "unit_id", "id, unit_id, valid_from, valid_to, parent_id, path, name, kind_id, party_cell_id, status, reason", """
            unit_id BIGINT NOT NULL REFERENCES units(id), valid_from TEXT NOT NULL, valid_to TEXT,
            parent_id BIGINT, path TEXT NOT NULL, name TEXT NOT NULL, kind_id BIGINT NOT NULL,
            party_cell_id BIGINT, status TEXT NOT NULL, reason TEXT NOT NULL
            """),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        var statements: [String] = []
        for t in Self.periodTables {
            let (table, owner) = (t.table, t.owner)
            statements += [
                // Periods of no length covered no day; reversed ones are what the CHECK forbids.
                "DELETE FROM \(table) WHERE valid_to IS NOT NULL AND valid_to <= valid_from",
                // Two open periods: the older one ends where the newer begins; same start, the later row wins.
                """
                DELETE FROM \(table) WHERE valid_to IS NULL AND EXISTS (SELECT 1 FROM \(table) o WHERE o.\(owner) = \(table).\(owner)
                    AND o.valid_to IS NULL AND o.valid_from = \(table).valid_from AND o.id > \(table).id)
                """,
                """
                UPDATE \(table) SET valid_to = (SELECT MIN(o.valid_from) FROM \(table) o WHERE o.\(owner) = \(table).\(owner)
                    AND o.valid_to IS NULL AND o.valid_from > \(table).valid_from)
                WHERE valid_to IS NULL AND EXISTS (SELECT 1 FROM \(table) o WHERE o.\(owner) = \(table).\(owner)
                    AND o.valid_to IS NULL AND o.valid_from > \(table).valid_from)
                """,
            ]
            switch d {
            case .sqlite:
                statements += [
                    "CREATE TABLE \(table)_new (id \(d.idColumn), \(t.definition), CONSTRAINT \(table)_order CHECK (valid_to IS NULL OR valid_to > valid_from))",
                    "INSERT INTO \(table)_new (\(t.columns)) SELECT \(t.columns) FROM \(table)",
                    "DROP TABLE \(table)",
                    "ALTER TABLE \(table)_new RENAME TO \(table)",
                ]
            case .postgres:
                statements += [
                    "ALTER TABLE \(table) ADD CONSTRAINT \(table)_order CHECK (valid_to IS NULL OR valid_to > valid_from)",
                ]
            }
        }
        statements += [
            "DROP INDEX IF EXISTS member_periods_member",
            "DROP INDEX IF EXISTS member_periods_unit",
            "DROP INDEX IF EXISTS unit_periods_unit",
            "DROP INDEX IF EXISTS unit_periods_path",
            "CREATE INDEX member_periods_member ON member_periods (member_id, valid_from)",
            "CREATE UNIQUE INDEX member_periods_open ON member_periods (member_id) WHERE valid_to IS NULL",
            // Covering: the on-date join reads these columns only, never the table.
            "CREATE INDEX member_periods_on_date ON member_periods (unit_id, valid_from, valid_to, status, member_id)",
            "CREATE INDEX unit_periods_unit ON unit_periods (unit_id, valid_from)",
            "CREATE UNIQUE INDEX unit_periods_open ON unit_periods (unit_id) WHERE valid_to IS NULL",
            "CREATE INDEX unit_periods_on_date ON unit_periods (path, valid_from, valid_to, unit_id)",
            // A passport number, like a citizen id, belongs to one current member.
            "CREATE UNIQUE INDEX members_passport_current ON members (passport_no) WHERE passport_no IS NOT NULL AND status IN ('active', 'suspended')",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in ["member_periods_open", "member_periods_on_date", "unit_periods_open", "unit_periods_on_date", "members_passport_current"] {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: index)").run()
        }
    }
}
