import Domain
import SQLKit

/// The one way the app searches text. The query is folded like the stored `search_name` columns (no diacritics,
/// đ as d, lower case), and `%`, `_` and the escape character are escaped, so a search for "_" finds names that
/// contain "_" and never every name.
enum Search {
    static let escapeCharacter = "!"

    /// The folded query with LIKE's wildcards escaped, or nil when nothing is left to search for.
    static func pattern(_ query: String) -> String? {
        let folded = VietnameseText.fold(query)
        if folded.isEmpty { return nil }
        var out = ""
        for ch in folded {
            if ch == "%" || ch == "_" || String(ch) == escapeCharacter { out += escapeCharacter }
            out.append(ch)
        }
        return "%" + out + "%"
    }

    /// The folded query at the start of a word of the column: `col LIKE 'q%' OR col LIKE '% q%'`.
    static func startsWord(_ column: String, _ query: String) -> SQLQueryString {
        guard let pattern = pattern(query) else { return "1 = 0" }
        let atStart = String(pattern.dropFirst())
        let inside = "% " + atStart
        return "(\(unsafeRaw: column) LIKE \(bind: atStart) ESCAPE '\(unsafeRaw: escapeCharacter)' OR \(unsafeRaw: column) LIKE \(bind: inside) ESCAPE '\(unsafeRaw: escapeCharacter)')"
    }

    /// `column LIKE '%query%' ESCAPE '!'` over a folded column; "1 = 0" for an empty query.
    static func contains(_ column: String, _ query: String) -> SQLQueryString {
        guard let pattern = pattern(query) else { return "1 = 0" }
        return "\(unsafeRaw: column) LIKE \(bind: pattern) ESCAPE '\(unsafeRaw: escapeCharacter)'"
    }
}
