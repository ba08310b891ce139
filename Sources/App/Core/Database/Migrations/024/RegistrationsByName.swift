import Fluent
import SQLKit

/// A round's registrations listed by member name without sorting the round: each registration carries its member's
/// sort key, kept by triggers on both databases (set when the registration is written, changed with the member's
/// name), so a province's first page reads the index in order and stops at 100 instead of sorting 950 000.
struct RegistrationsByName: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        var statements = [
            "ALTER TABLE registrations ADD COLUMN member_sort_key \(d.binaryText)",
            "UPDATE registrations SET member_sort_key = (SELECT m.sort_key FROM members m WHERE m.id = registrations.member_id)",
            "CREATE INDEX registrations_by_name ON registrations (round_id, member_sort_key, member_id, unit_path, status)",
        ]
        switch d {
        case .sqlite:
            statements += [
                """
                CREATE TRIGGER registrations_sort_key AFTER INSERT ON registrations WHEN NEW.member_sort_key IS NULL BEGIN
                    UPDATE registrations SET member_sort_key = (SELECT sort_key FROM members WHERE id = NEW.member_id) WHERE id = NEW.id;
                END
                """,
                """
                CREATE TRIGGER members_sort_key_registrations AFTER UPDATE OF sort_key ON members WHEN NEW.sort_key IS NOT OLD.sort_key BEGIN
                    UPDATE registrations SET member_sort_key = NEW.sort_key WHERE member_id = NEW.id;
                END
                """,
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION registrations_sort_key() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.member_sort_key IS NULL THEN
                        SELECT sort_key INTO NEW.member_sort_key FROM members WHERE id = NEW.member_id;
                    END IF;
                    RETURN NEW;
                END $$
                """,
                "CREATE TRIGGER registrations_sort_key BEFORE INSERT ON registrations FOR EACH ROW EXECUTE FUNCTION registrations_sort_key()",
                """
                CREATE FUNCTION members_sort_key_registrations() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.sort_key IS DISTINCT FROM OLD.sort_key THEN
                        UPDATE registrations SET member_sort_key = NEW.sort_key WHERE member_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER members_sort_key_registrations AFTER UPDATE OF sort_key ON members
                FOR EACH ROW EXECUTE FUNCTION members_sort_key_registrations()
                """,
            ]
        }
        for s in statements { try await sql.raw(SQLQueryString(s)).run() }
        // SQLite's planner uses the indexes it has statistics for (see CoverageIndex).
        try await sql.raw("ANALYZE registrations").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        var statements: [String] = []
        switch d {
        case .sqlite:
            statements = ["DROP TRIGGER IF EXISTS registrations_sort_key", "DROP TRIGGER IF EXISTS members_sort_key_registrations"]
        case .postgres:
            statements = ["DROP TRIGGER IF EXISTS registrations_sort_key ON registrations", "DROP FUNCTION IF EXISTS registrations_sort_key()",
                          "DROP TRIGGER IF EXISTS members_sort_key_registrations ON members", "DROP FUNCTION IF EXISTS members_sort_key_registrations()"]
        }
        statements += ["DROP INDEX IF EXISTS registrations_by_name", "ALTER TABLE registrations DROP COLUMN member_sort_key"]
        for s in statements { try await sql.raw(SQLQueryString(s)).run() }
    }
}
