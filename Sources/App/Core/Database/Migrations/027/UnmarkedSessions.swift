import Fluent
import SQLKit

/// "What awaits me" lists the sessions of the last 30 days whose attendance is still to take. Finding them meant
/// probing every session of a province's month for an `invited` mark (1 700 probes, 2–7 ms). Each session now keeps
/// how many of its marks are still `invited`, by triggers on both databases, and a partial index holds only the
/// sessions with some: the few a page has to show.
struct UnmarkedSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        var statements = [
            "ALTER TABLE study_sessions ADD COLUMN invited_count INTEGER NOT NULL DEFAULT 0",
            """
            UPDATE study_sessions SET invited_count = (SELECT COUNT(*) FROM session_attendance a
                                                       WHERE a.session_id = study_sessions.id AND a.status = 'invited')
            """,
            "CREATE INDEX study_sessions_unmarked ON study_sessions (held_on, unit_path) WHERE invited_count > 0",
        ]
        switch d {
        case .sqlite:
            statements += [
                """
                CREATE TRIGGER session_attendance_invited_insert AFTER INSERT ON session_attendance WHEN NEW.status = 'invited' BEGIN
                    UPDATE study_sessions SET invited_count = invited_count + 1 WHERE id = NEW.session_id;
                END
                """,
                """
                CREATE TRIGGER session_attendance_invited_delete AFTER DELETE ON session_attendance WHEN OLD.status = 'invited' BEGIN
                    UPDATE study_sessions SET invited_count = invited_count - 1 WHERE id = OLD.session_id;
                END
                """,
                """
                CREATE TRIGGER session_attendance_invited_update AFTER UPDATE OF status, session_id ON session_attendance
                WHEN (OLD.status = 'invited') <> (NEW.status = 'invited') OR OLD.session_id <> NEW.session_id BEGIN
                    UPDATE study_sessions SET invited_count = invited_count - 1 WHERE id = OLD.session_id AND OLD.status = 'invited';
                    UPDATE study_sessions SET invited_count = invited_count + 1 WHERE id = NEW.session_id AND NEW.status = 'invited';
                END
                """,
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION session_attendance_invited() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'invited' THEN
                        UPDATE study_sessions SET invited_count = invited_count - 1 WHERE id = OLD.session_id;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'invited' THEN
                        UPDATE study_sessions SET invited_count = invited_count + 1 WHERE id = NEW.session_id;
                    END IF;
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER session_attendance_invited AFTER INSERT OR DELETE OR UPDATE OF status, session_id ON session_attendance
                FOR EACH ROW EXECUTE FUNCTION session_attendance_invited()
                """,
            ]
        }
        for s in statements { try await sql.raw(SQLQueryString(s)).run() }
        try await sql.raw("ANALYZE study_sessions").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        var statements: [String]
        switch Dialect(sql) {
        case .sqlite:
            statements = ["DROP TRIGGER IF EXISTS session_attendance_invited_insert", "DROP TRIGGER IF EXISTS session_attendance_invited_delete",
                          "DROP TRIGGER IF EXISTS session_attendance_invited_update"]
        case .postgres:
            statements = ["DROP TRIGGER IF EXISTS session_attendance_invited ON session_attendance", "DROP FUNCTION IF EXISTS session_attendance_invited()"]
        }
        statements += ["DROP INDEX IF EXISTS study_sessions_unmarked", "ALTER TABLE study_sessions DROP COLUMN invited_count"]
        for s in statements { try await sql.raw(SQLQueryString(s)).run() }
    }
}
