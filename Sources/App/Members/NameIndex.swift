import Domain
import SQLKit

/// A word index over members' folded names, the same on SQLite and PostgreSQL: one row per (word, member). A name
/// search at national scale looks up the rarest word of the query by prefix in this index instead of reading every
/// name; the phrase itself is then checked on the folded name, so results are the same as before for queries
/// that start at word boundaries ("nguyen thi h" finds "Nguyễn Thị Hương").
enum NameIndex {
    static func words(_ searchName: String) -> Set<String> {
        Set(searchName.split(separator: " ").map(String.init))
    }

    static func add<S: Sequence>(_ members: S, in tx: WriteTransaction) async throws where S.Element == (Int, String) {
        var rows: [[BulkInsert.Value]] = []
        for (id, name) in members {
            for word in words(name) { rows.append([.text(word), .int(id)]) }
        }
        try await BulkInsert.insert(into: "member_name_words", [.text("word"), .int("member_id")], rows: rows, chunk: 5000, in: tx)
    }

    /// After a change of name.
    static func replace(memberId: Int, searchName: String, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("DELETE FROM member_name_words WHERE member_id = \(bind: memberId)").run()
        try await add([(memberId, searchName)], in: tx)
    }

    /// Above every word that starts with `word` in byte order: the upper end of a prefix range.
    static func upperBound(_ word: String) -> String { word + "\u{10FFFF}" }

    /// Past this many members (a fifth of a million: "nguyễn" and "thị") a word is common enough that reading names
    /// in list order finds a page sooner than gathering every id under it.
    static let selective = 200_000

    /// The condition over members `m` for a name query: word-start phrase match, driven by the index when one of
    /// the query's words is rare enough.
    static func condition(_ query: String, on sql: any SQLDatabase) async throws -> SQLQueryString {
        let words = VietnameseText.fold(query).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return "1 = 0" }
        var best: (word: String, n: Int)?
        for word in Set(words) {
            let n = try await sql.raw("""
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM member_name_words
                    WHERE word >= \(bind: word) AND word < \(bind: upperBound(word)) LIMIT \(literal: selective + 1)) probe
                """).first(decoding: CountRow.self)?.n ?? 0
            if best == nil || n < best!.n { best = (word, n) }
        }
        let phrase = Search.startsWord("m.search_name", query)
        guard let best, best.n <= selective else { return phrase }
        let ids: SQLQueryString = "SELECT w.member_id FROM member_name_words w WHERE w.word >= \(bind: best.word) AND w.word < \(bind: upperBound(best.word))"
        // PostgreSQL misjudges how few rows the phrase keeps and scans members to hash-join them; an array
        // computed once makes it look the ids up by primary key instead.
        if Dialect(sql) == .postgres { return "m.id = ANY(ARRAY(\(ids))) AND \(phrase)" }
        return "m.id IN (\(ids)) AND \(phrase)"
    }
}
