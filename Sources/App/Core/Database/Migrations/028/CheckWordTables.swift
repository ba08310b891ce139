import Fluent
import SQLKit

/// The registration check's vocabulary is data an administrator extends (issue 16 item 5): each addition is a row,
/// laid over the seed that ships in the Domain library. One phrase once per list and field, compared without marks
/// or case (`phrase_key`).
struct CheckWordTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        for statement in [
            """
            CREATE TABLE check_words (
                id \(d.idColumn), list TEXT NOT NULL, field TEXT NOT NULL DEFAULT '', sector INTEGER NOT NULL DEFAULT 0,
                phrase TEXT NOT NULL, phrase_key TEXT NOT NULL, added_by BIGINT REFERENCES users(id), added_by_name TEXT NOT NULL,
                added_at TEXT NOT NULL,
                CONSTRAINT check_words_list CHECK (list IN ('stockPhrases', 'genericWords', 'measurePhrases', 'timePhrases', 'fieldWords',
                    'commonConduct', 'unionActivities', 'unionPosts', 'offDutyActivities', 'commonWords', 'places')))
            """,
            "CREATE UNIQUE INDEX check_words_key ON check_words (list, field, phrase_key)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE IF EXISTS check_words").run()
    }
}
