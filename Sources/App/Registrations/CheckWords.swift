import Domain
import SQLKit
import Vapor

/// The administrator's additions to the registration check's vocabulary (issue 16 item 5), and the vocabulary the
/// check reads with: the seed with these laid over it. All of this feature's SQL.
enum CheckWords {
    struct Row: Decodable, Sendable {
        let id: Int
        let list: String
        let field: String
        let sector: Int
        let phrase: String
        let addedByName: String
        let addedAt: String

        var addition: VocabularyAddition? {
            VocabularyAddition.List(rawValue: list).map { VocabularyAddition(list: $0, field: field, sector: sector != 0, phrase: phrase) }
        }
    }

    private static let select: SQLQueryString = "SELECT id, list, field, sector, phrase, added_by_name, added_at FROM check_words"

    static func all(on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("\(select) ORDER BY list, field, phrase_key, id").all(decoding: Row.self, with: snakeCase)
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(select) WHERE id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    /// What the check reads with: one small query, the additions merged over the seed (the compiled form of an
    /// unchanged vocabulary is reused by the check).
    static func vocabulary(on sql: any SQLDatabase) async throws -> RegistrationVocabulary {
        RegistrationVocabulary.seed(with: try await all(on: sql).compactMap(\.addition))
    }

    /// Adds one phrase; an administrator's only. Refused with a Vietnamese message: an empty or overlong phrase (422), one
    /// the list already has, in the seed or added before (409).
    static func add(_ addition: VocabularyAddition, in tx: WriteTransaction) async throws -> Int {
        guard tx.actor.scope.isAdmin else { throw Abort(.notFound) }
        let current = try await vocabulary(on: tx.sql)
        if let problem = addition.problem(in: current) {
            throw Abort(problem == .alreadyThere ? .conflict : .unprocessableEntity, reason: problem.message)
        }
        let key = addition.key
        if try await tx.sql.raw("""
            SELECT id FROM check_words WHERE list = \(bind: addition.list.rawValue) AND field = \(bind: addition.field) AND phrase_key = \(bind: key)
            """).first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: VocabularyAddition.Problem.alreadyThere.message)
        }
        let id = try await tx.sql.raw("""
            INSERT INTO check_words (list, field, sector, phrase, phrase_key, added_by, added_by_name, added_at)
            VALUES (\(bind: addition.list.rawValue), \(bind: addition.field), \(bind: addition.sector ? 1 : 0), \(bind: addition.phrase), \(bind: key),
                    \(bind: tx.actor.userId), \(bind: tx.actor.username), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("create", "check_word", id: id, unit: nil, "Thêm «\(addition.phrase)» vào \(describe(addition))")
        return id
    }

    static func remove(id: Int, in tx: WriteTransaction) async throws {
        guard tx.actor.scope.isAdmin, let row = try await find(id: id, on: tx.sql), let addition = row.addition else { throw Abort(.notFound) }
        try await tx.sql.raw("DELETE FROM check_words WHERE id = \(bind: id)").run()
        tx.audit("delete", "check_word", id: id, unit: nil, "Bỏ «\(row.phrase)» khỏi \(describe(addition))")
    }

    struct DutyCount: Decodable, Sendable { let title: String; let members: Int }

    /// The duties members hold today whose words name no field the vocabulary knows, most held first: for them the
    /// check cannot tell an act outside the duty, so they are where the administrator's words help most. The titles
    /// are grouped in SQL; only the most held distinct titles are read into the check.
    static func unreadDuties(vocabulary: RegistrationVocabulary, limit: Int = 30, on sql: any SQLDatabase) async throws -> (read: Int, unread: [DutyCount]) {
        let titles = try await sql.raw("""
            SELECT title, COUNT(*) AS members FROM member_duties WHERE valid_to IS NULL GROUP BY title ORDER BY members DESC, title LIMIT 2000
            """).all(decoding: DutyCount.self, with: snakeCase)
        let unread = titles.filter { RegistrationCheck.fields(of: $0.title, vocabulary: vocabulary).isEmpty }
        return (titles.count - unread.count, Array(unread.prefix(limit)))
    }

    struct Overruled: Decodable, Sendable {
        let action: String
        let dutyTitle: String
        let flags: String
        let times: Int
        let lastAt: String?
    }

    /// Actions flagged vague or untied in registrations the secretary approved all the same, the same action for the
    /// same duty once with how often, the latest approval first (`registrations_overruled` holds only such registrations).
    static func overruled(limit: Int = 30, on sql: any SQLDatabase) async throws -> [Overruled] {
        try await sql.raw(overruledQuery(limit: limit)).all(decoding: Overruled.self, with: snakeCase)
    }

    /// CROSS JOIN keeps SQLite reading the few overruled registrations first, whatever its statistics say, instead of
    /// every action's flags.
    static func overruledQuery(limit: Int) -> SQLQueryString {
        """
            SELECT a.action, COALESCE(a.duty_title, '') AS duty_title, a.flags, COUNT(*) AS times, MAX(r.appraised_at) AS last_at
            FROM registrations r CROSS JOIN registration_actions a
            WHERE a.registration_id = r.id AND r.flag_count > 0 AND r.status IN ('approved', 'completed')
              AND (a.flags LIKE '%"untied"%' OR a.flags LIKE '%"vague"%')
            GROUP BY a.action, COALESCE(a.duty_title, ''), a.flags
            ORDER BY MAX(r.appraised_at) DESC, a.action LIMIT \(literal: limit)
            """
    }

    /// The list an addition belongs to, as the register writes it (always Vietnamese).
    static func describe(_ a: VocabularyAddition) -> String {
        let list = Strings.vi["check_list_" + a.list.rawValue] ?? a.list.rawValue
        return a.list == .fieldWords ? "\(list) «\(a.field)»" : list
    }
}
