import Fluent
import SQLKit

/// Inspection and supervision (kiểm tra, giám sát): a unit's inspections for a year (its inspection plan), each of a
/// unit below it or of members' registered actions there, with findings, the corrections required, and the
/// follow-up notes until each correction is closed.
struct InspectionTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            """
            CREATE TABLE inspections (
                id \(id), unit_id BIGINT NOT NULL REFERENCES units(id), unit_path \(key) NOT NULL,
                target_unit_id BIGINT NOT NULL REFERENCES units(id), target_path \(key) NOT NULL, year INTEGER NOT NULL,
                subject TEXT NOT NULL, title TEXT NOT NULL, planned_on \(key) NOT NULL, held_on \(key), findings TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL, created_by BIGINT REFERENCES users(id), created_at TEXT NOT NULL,
                CONSTRAINT inspections_subject CHECK (subject IN ('unit', 'registrations')),
                CONSTRAINT inspections_status CHECK (status IN ('planned', 'done')))
            """,
            "CREATE INDEX inspections_unit ON inspections (unit_path, year)",
            "CREATE INDEX inspections_target ON inspections (target_path, year)",
            """
            CREATE TABLE inspection_corrections (
                id \(id), inspection_id BIGINT NOT NULL REFERENCES inspections(id), what TEXT NOT NULL, owner TEXT NOT NULL,
                deadline \(key) NOT NULL, status TEXT NOT NULL, closed_at TEXT, closed_by_name TEXT, closing_note TEXT,
                CONSTRAINT inspection_corrections_status CHECK (status IN ('open', 'closed')))
            """,
            "CREATE INDEX inspection_corrections_open ON inspection_corrections (status, deadline)",
            "CREATE INDEX inspection_corrections_inspection ON inspection_corrections (inspection_id)",
            """
            CREATE TABLE inspection_followups (
                id \(id), correction_id BIGINT NOT NULL REFERENCES inspection_corrections(id), at TEXT NOT NULL,
                user_id BIGINT REFERENCES users(id), author_name TEXT NOT NULL, note TEXT NOT NULL)
            """,
            "CREATE INDEX inspection_followups_correction ON inspection_followups (correction_id, id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["inspection_followups", "inspection_corrections", "inspections"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
