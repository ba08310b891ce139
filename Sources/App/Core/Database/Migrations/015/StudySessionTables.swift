import Fluent
import SQLKit

/// Study sessions and meetings (học tập, quán triệt; sinh hoạt chi bộ, sinh hoạt công đoàn) and who attended them.
/// Each attendance row keeps the unit and path where the member stood on the session's day, and the year, so that
/// a subtree's rates for a year are one range scan of an index, whatever has moved since.
struct StudySessionTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            """
            CREATE TABLE study_sessions (
                id \(id), unit_id BIGINT NOT NULL REFERENCES units(id), unit_path \(key) NOT NULL,
                cell_id BIGINT REFERENCES party_cells(id), programme_id BIGINT REFERENCES programmes(id),
                held_on \(key) NOT NULL, year INTEGER NOT NULL, starts_at TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',
                theme TEXT NOT NULL, form TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
                created_by BIGINT REFERENCES users(id), created_at TEXT NOT NULL,
                CONSTRAINT study_sessions_form CHECK (form IN ('conference', 'seminar', 'cell_meeting', 'union_meeting', 'online')))
            """,
            "CREATE INDEX study_sessions_unit ON study_sessions (unit_path, held_on)",
            "CREATE INDEX study_sessions_cell ON study_sessions (cell_id, held_on)",
            """
            CREATE TABLE session_attendance (
                id \(id), session_id BIGINT NOT NULL REFERENCES study_sessions(id), member_id BIGINT NOT NULL REFERENCES members(id),
                unit_id BIGINT NOT NULL REFERENCES units(id), unit_path \(key) NOT NULL, year INTEGER NOT NULL, held_on \(key) NOT NULL,
                status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', marked_by BIGINT REFERENCES users(id), marked_at TEXT,
                CONSTRAINT session_attendance_status CHECK (status IN ('invited', 'present', 'excused', 'absent')))
            """,
            "CREATE UNIQUE INDEX session_attendance_key ON session_attendance (session_id, member_id)",
            "CREATE INDEX session_attendance_path ON session_attendance (year, unit_path, status)",
            "CREATE INDEX session_attendance_member ON session_attendance (member_id, year)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["session_attendance", "study_sessions"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
