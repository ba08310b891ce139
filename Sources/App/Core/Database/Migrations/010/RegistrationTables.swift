import Fluent
import SQLKit

/// Programmes, registration rounds and members' registrations of concrete actions (issue 16). A registration
/// keeps the unit and Party cell its member was in when it was made and, for each action, the duty it serves as
/// it stood then; an appraisal points at the secretary's grant; every submitted version is kept.
struct RegistrationTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            // A movement or campaign (kind), nationwide (unit_id NULL) or made by a unit for its subtree.
            """
            CREATE TABLE programmes (
                id \(id), name TEXT NOT NULL, name_key \(key) NOT NULL, kind TEXT NOT NULL, summary TEXT,
                criteria TEXT, source TEXT, term_theme TEXT, term_from INTEGER, term_to INTEGER,
                unit_id BIGINT REFERENCES units(id), created_by BIGINT REFERENCES users(id), created_at TEXT NOT NULL,
                CONSTRAINT programmes_kind CHECK (kind IN ('movement', 'campaign', 'emulation')))
            """,
            "CREATE UNIQUE INDEX programmes_name ON programmes (name_key)",
            """
            CREATE TABLE programme_years (
                id \(id), programme_id BIGINT NOT NULL REFERENCES programmes(id), year INTEGER NOT NULL, theme TEXT NOT NULL)
            """,
            "CREATE UNIQUE INDEX programme_years_year ON programme_years (programme_id, year)",
            // A round: a programme, a year and a unit's subtree, open from one day to another. `as_of` is the day
            // coverage counts members where they stood.
            """
            CREATE TABLE registration_rounds (
                id \(id), programme_id BIGINT NOT NULL REFERENCES programmes(id), year INTEGER NOT NULL,
                unit_id BIGINT NOT NULL REFERENCES units(id), opens_on \(key) NOT NULL, closes_on \(key) NOT NULL,
                as_of \(key) NOT NULL, midyear_on \(key) NOT NULL, yearend_on \(key) NOT NULL,
                created_by BIGINT REFERENCES users(id), created_at TEXT NOT NULL,
                CONSTRAINT registration_rounds_order CHECK (closes_on >= opens_on AND yearend_on >= midyear_on))
            """,
            "CREATE UNIQUE INDEX registration_rounds_key ON registration_rounds (programme_id, year, unit_id)",
            "CREATE INDEX registration_rounds_unit ON registration_rounds (unit_id, year)",
            """
            CREATE TABLE registrations (
                id \(id), round_id BIGINT NOT NULL REFERENCES registration_rounds(id),
                member_id BIGINT NOT NULL REFERENCES members(id), unit_id BIGINT NOT NULL REFERENCES units(id),
                unit_path \(key) NOT NULL, cell_id BIGINT REFERENCES party_cells(id), year INTEGER NOT NULL,
                status TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, shortcomings TEXT NOT NULL DEFAULT '',
                flag_count INTEGER NOT NULL DEFAULT 0, on_behalf INTEGER NOT NULL DEFAULT 0,
                created_by BIGINT REFERENCES users(id), created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                submitted_at TEXT, appraised_at TEXT, appraised_by BIGINT REFERENCES users(id), appraised_by_name TEXT,
                appraisal_grant_id BIGINT REFERENCES role_grants(id), appraisal_note TEXT,
                CONSTRAINT registrations_status CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'completed')))
            """,
            "CREATE UNIQUE INDEX registrations_member ON registrations (round_id, member_id)",
            "CREATE INDEX registrations_round ON registrations (round_id, status, member_id)",
            "CREATE INDEX registrations_queue ON registrations (cell_id, status, flag_count, submitted_at)",
            "CREATE INDEX registrations_unit ON registrations (unit_path, round_id)",
            "CREATE INDEX registrations_own ON registrations (member_id, round_id)",
            """
            CREATE TABLE registration_actions (
                id \(id), registration_id BIGINT NOT NULL REFERENCES registrations(id), position INTEGER NOT NULL,
                action TEXT NOT NULL, duty_id BIGINT, duty_title TEXT,
                result TEXT NOT NULL, deadline TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '[]',
                CONSTRAINT registration_actions_position CHECK (position IN (1, 2)))
            """,
            "CREATE UNIQUE INDEX registration_actions_position ON registration_actions (registration_id, position)",
            // Every version that was submitted, as it was read: a returned and revised registration keeps them all.
            """
            CREATE TABLE registration_versions (
                id \(id), registration_id BIGINT NOT NULL REFERENCES registrations(id), version INTEGER NOT NULL,
                content TEXT NOT NULL, created_at TEXT NOT NULL, created_by BIGINT REFERENCES users(id))
            """,
            "CREATE UNIQUE INDEX registration_versions_key ON registration_versions (registration_id, version)",
            // Each step of the workflow: who, when, why, and for an appraisal the grant it was taken under.
            """
            CREATE TABLE registration_events (
                id \(id), registration_id BIGINT NOT NULL REFERENCES registrations(id), at TEXT NOT NULL,
                step TEXT NOT NULL, user_id BIGINT REFERENCES users(id), user_name TEXT NOT NULL,
                grant_id BIGINT REFERENCES role_grants(id), reason TEXT, version INTEGER NOT NULL)
            """,
            "CREATE INDEX registration_events_reg ON registration_events (registration_id, id)",
            """
            CREATE TABLE registration_comments (
                id \(id), registration_id BIGINT NOT NULL REFERENCES registrations(id), at TEXT NOT NULL,
                user_id BIGINT REFERENCES users(id), author_name TEXT NOT NULL, body TEXT NOT NULL)
            """,
            "CREATE INDEX registration_comments_reg ON registration_comments (registration_id, id)",
            """
            CREATE TABLE registration_progress (
                id \(id), registration_id BIGINT NOT NULL REFERENCES registrations(id), at TEXT NOT NULL,
                user_id BIGINT REFERENCES users(id), author_name TEXT NOT NULL, note TEXT NOT NULL)
            """,
            "CREATE INDEX registration_progress_reg ON registration_progress (registration_id, id)",
            """
            CREATE TABLE registration_assessments (
                id \(id), registration_id BIGINT NOT NULL REFERENCES registrations(id), period TEXT NOT NULL,
                outcome TEXT NOT NULL, achieved TEXT NOT NULL, at TEXT NOT NULL, user_id BIGINT REFERENCES users(id),
                author_name TEXT NOT NULL,
                CONSTRAINT registration_assessments_period CHECK (period IN ('midyear', 'yearend')),
                CONSTRAINT registration_assessments_outcome CHECK (outcome IN ('done', 'partly', 'not_done')))
            """,
            "CREATE UNIQUE INDEX registration_assessments_key ON registration_assessments (registration_id, period)",
            // Uploaded files (evidence now, directive attachments later), in the database: outside any web root,
            // served only through a scope check.
            """
            CREATE TABLE stored_files (
                id \(id), owner TEXT NOT NULL, owner_id BIGINT NOT NULL, file_name TEXT NOT NULL,
                content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, content \(d.blob) NOT NULL,
                uploaded_by BIGINT REFERENCES users(id), at TEXT NOT NULL)
            """,
            "CREATE INDEX stored_files_owner ON stored_files (owner, owner_id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await ProgrammeSeed.insert(on: sql)
    }

    func revert(on database: any Database) async throws {
        for table in ["stored_files", "registration_assessments", "registration_progress", "registration_comments",
                      "registration_events", "registration_versions", "registration_actions", "registrations",
                      "registration_rounds", "programme_years", "programmes"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
