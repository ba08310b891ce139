import Fluent
import SQLKit

/// The daily e-mail digest (issue 17 item 6): a person's address, and one row per person and day. The unique key is
/// what makes "once per person per day" hold with several app servers: each claims the row before it sends, and
/// only the one whose claim wrote it sends.
struct DigestTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        try await sql.raw("ALTER TABLE users ADD COLUMN email TEXT").run()
        try await sql.raw("""
            CREATE TABLE digest_sends (
                id \(unsafeRaw: d.idColumn), user_id BIGINT NOT NULL REFERENCES users(id), day TEXT NOT NULL, status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 1, item_count INTEGER NOT NULL DEFAULT 0, claimed_at TEXT NOT NULL, sent_at TEXT, error TEXT,
                CONSTRAINT digest_sends_status CHECK (status IN ('sending', 'sent', 'failed', 'nothing')))
            """).run()
        try await sql.raw("CREATE UNIQUE INDEX digest_sends_key ON digest_sends (user_id, day)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE IF EXISTS digest_sends").run()
        try await database.sql.raw("ALTER TABLE users DROP COLUMN email").run()
    }
}
