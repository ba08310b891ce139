import Domain
import Fluent
import Foundation
import SQLKit

/// Evaluation and classification (issue 17 item 5): the rules as dated data per programme and unit (seeded with
/// DOMAIN.md's defaults), rounds with their scoring sheets, one evaluation per member and round with the scores
/// per criterion, and every step as an event.
struct EvaluationTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements: [String] = [
            // unit_id NULL: everywhere; programme_id NULL: every programme. `rules` is ClassificationRules as JSON
            // (levels with their lowest scores, the cap, its raised percentage and rounding).
            """
            CREATE TABLE classification_rules (
                id \(id), programme_id BIGINT REFERENCES programmes(id), unit_id BIGINT REFERENCES units(id),
                valid_from TEXT NOT NULL, valid_to TEXT, rules TEXT NOT NULL, source TEXT NOT NULL,
                CONSTRAINT classification_rules_dates CHECK (valid_to IS NULL OR valid_to > valid_from))
            """,
            """
            CREATE TABLE evaluation_rounds (
                id \(id), kind TEXT NOT NULL, subject TEXT NOT NULL, year INTEGER NOT NULL,
                programme_id BIGINT REFERENCES programmes(id), unit_id BIGINT NOT NULL REFERENCES units(id), unit_path \(key) NOT NULL,
                rules_id BIGINT NOT NULL REFERENCES classification_rules(id),
                opens_on TEXT NOT NULL, closes_on TEXT NOT NULL, as_of TEXT NOT NULL, status TEXT NOT NULL,
                cap_raised INTEGER NOT NULL DEFAULT 0, approved_by BIGINT REFERENCES users(id), approved_by_name TEXT, approved_at TEXT,
                created_by BIGINT REFERENCES users(id), created_at TEXT NOT NULL,
                CONSTRAINT evaluation_rounds_kind CHECK (kind IN ('mid_year', 'year_end')),
                CONSTRAINT evaluation_rounds_subject CHECK (subject IN ('members', 'grassroots')),
                CONSTRAINT evaluation_rounds_status CHECK (status IN ('open', 'approved')))
            """,
            "CREATE UNIQUE INDEX evaluation_rounds_key ON evaluation_rounds (unit_id, year, kind, subject)",
            """
            CREATE TABLE evaluation_criteria (
                id \(id), round_id BIGINT NOT NULL REFERENCES evaluation_rounds(id), position INTEGER NOT NULL,
                title TEXT NOT NULL, max_tenths INTEGER NOT NULL, from_registration INTEGER NOT NULL DEFAULT 0,
                CONSTRAINT evaluation_criteria_max CHECK (max_tenths > 0))
            """,
            "CREATE INDEX evaluation_criteria_round ON evaluation_criteria (round_id, position)",
            // unit_id and unit_path: where the member stood on the round's day (as_of); the cap applies per unit
            // (a tổ công đoàn is a unit of the tree). Levels are codes of the round's rules.
            """
            CREATE TABLE evaluations (
                id \(id), round_id BIGINT NOT NULL REFERENCES evaluation_rounds(id), member_id BIGINT NOT NULL REFERENCES members(id),
                unit_id BIGINT NOT NULL REFERENCES units(id), unit_path \(key) NOT NULL, status TEXT NOT NULL,
                self_total INTEGER NOT NULL, self_level TEXT NOT NULL, on_behalf INTEGER NOT NULL DEFAULT 0,
                review_total INTEGER, review_level TEXT, reviewed_by BIGINT REFERENCES users(id), reviewed_by_name TEXT, reviewed_at TEXT,
                final_level TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                CONSTRAINT evaluations_status CHECK (status IN ('self_assessed', 'reviewed', 'approved')))
            """,
            "CREATE UNIQUE INDEX evaluations_key ON evaluations (round_id, member_id)",
            "CREATE INDEX evaluations_round_path ON evaluations (round_id, unit_path)",
            """
            CREATE TABLE evaluation_scores (
                id \(id), evaluation_id BIGINT NOT NULL REFERENCES evaluations(id), criterion_id BIGINT NOT NULL REFERENCES evaluation_criteria(id),
                self_tenths INTEGER NOT NULL, review_tenths INTEGER)
            """,
            "CREATE UNIQUE INDEX evaluation_scores_key ON evaluation_scores (evaluation_id, criterion_id)",
            """
            CREATE TABLE evaluation_events (
                id \(id), round_id BIGINT NOT NULL REFERENCES evaluation_rounds(id), evaluation_id BIGINT REFERENCES evaluations(id),
                step TEXT NOT NULL, at TEXT NOT NULL, user_id BIGINT REFERENCES users(id), actor_name TEXT NOT NULL,
                reason TEXT, detail TEXT)
            """,
            "CREATE INDEX evaluation_events_round ON evaluation_events (round_id, id)",
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let rules = String(decoding: try encoder.encode(ClassificationRules.defaults), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO classification_rules (programme_id, unit_id, valid_from, valid_to, rules, source)
            VALUES (NULL, NULL, '2000-01-01', NULL, \(bind: rules), \(bind: ClassificationRules.defaults.source))
            """).run()
    }

    func revert(on database: any Database) async throws {
        for table in ["evaluation_events", "evaluation_scores", "evaluations", "evaluation_criteria", "evaluation_rounds", "classification_rules"] {
            try await database.sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}
