import Domain
import SQLKit

/// The index behind name search, the same on SQLite and PostgreSQL. Each member has one row per word of their
/// folded name, holding the name *from that word to its end* ("nguyen thi huong", "thi huong", "huong"). A query
/// that must start at a word boundary ("thi h") is then one prefix range of this index, so the index alone says
/// exactly who matches and how many: no name is read to check the phrase, and the same results come out as the
/// `LIKE 'q%' OR LIKE '% q%'` scan it replaces.
enum NameIndex {
    /// The rows for one folded name.
    static func tails(_ searchName: String) -> [String] {
        let words = searchName.split(separator: " ")
        return words.indices.map { words[$0...].joined(separator: " ") }
    }

    static func add<S: Sequence>(_ members: S, in tx: WriteTransaction) async throws where S.Element == (Int, String) {
        try await BulkInsert.insert(into: "member_name_words", columns, rows: rows(members), chunk: 5000, in: tx)
    }

    static let columns: [BulkInsert.Column] = [.text("word"), .int("member_id")]

    static func rows<S: Sequence>(_ members: S) -> [[BulkInsert.Value]] where S.Element == (Int, String) {
        var rows: [[BulkInsert.Value]] = []
        for (id, name) in members {
            for tail in tails(name) { rows.append([.text(tail), .int(id)]) }
        }
        return rows
    }

    /// After a change of name.
    static func replace(memberId: Int, searchName: String, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("DELETE FROM member_name_words WHERE member_id = \(bind: memberId)").run()
        try await add([(memberId, searchName)], in: tx)
    }

    /// Above every string that starts with `prefix` in byte order: the upper end of a prefix range.
    static func upperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }

    /// Up to this many index rows a phrase is rare: its members are gathered and sorted. Past it the phrase is so
    /// common that reading names in list order soon finds a page, and the count stops at `commonCountCap`.
    ///
    /// The line cannot be low: a full name ends with the given name, which the list is sorted by first, so the
    /// 2 160 "Nguyễn Thị Hương" of four million members sit together in list order, and reading names from the top
    /// to reach them took 5 s. Gathered, a given name alone takes 0,17 s (the 64 000 "Hương" of four million on
    /// SQLite) and 0,15 s on PostgreSQL (16 000 of a million), whose look-ups cost more: there the line is lower, so
    /// "anh" (49 000 of a million, at the top of the list) is still read in list order.
    static func rare(_ dialect: Dialect) -> Int { dialect == .postgres ? 30_000 : 100_000 }
    static let commonCountCap = 1_000

    /// How a name query selects members `m`.
    enum Match: Sendable {
        /// Nothing can match (the query folds to nothing).
        case nothing
        /// Few rows: the members are the index range itself. On PostgreSQL the range is read into an array first, so
        /// the members are looked up by id: left to choose, it scans every member and hashes the range (0,13 s of a
        /// million where the look-ups take 0,04 s).
        case rare(range: SQLQueryString, array: Bool)
        /// Many rows: list in name order checking the phrase on each name; count from the index, capped.
        case common(range: SQLQueryString, phrase: SQLQueryString)

        /// The condition over `m` for the list.
        var condition: SQLQueryString {
            switch self {
            case .nothing: "1 = 0"
            case .rare(let range, false): "m.id IN (SELECT w.member_id FROM member_name_words w WHERE \(range))"
            case .rare(let range, true): "m.id = ANY (ARRAY(SELECT w.member_id FROM member_name_words w WHERE \(range)))"
            case .common(_, let phrase): phrase
            }
        }
    }

    /// `rare` is a parameter so that tests can take the common path with a handful of members.
    static func match(_ query: String, rare: Int? = nil, on sql: any SQLDatabase) async throws -> Match {
        let rare = rare ?? Self.rare(Dialect(sql))
        let phrase = VietnameseText.fold(query).split(separator: " ").joined(separator: " ")
        guard !phrase.isEmpty else { return .nothing }
        let range: SQLQueryString = "w.word >= \(bind: phrase) AND w.word < \(bind: upperBound(phrase))"
        let n = try await sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM member_name_words w WHERE \(range) LIMIT \(literal: rare + 1)) probe
            """).first(decoding: CountRow.self)?.n ?? 0
        if n == 0 { return .nothing }
        if n <= rare { return .rare(range: range, array: Dialect(sql) == .postgres) }
        return .common(range: range, phrase: Search.startsWord("m.search_name", phrase))
    }
}
