import Vapor

enum Language: String, Sendable, CaseIterable {
    case vi, en
}

/// The user interface's words, one table per language. Templates print `layout.t.<key>`; nothing
/// user-visible is written in a template itself.
struct Strings: Sendable {
    let language: Language

    var table: [String: String] { language == .vi ? Self.vi : Self.en }

    subscript(_ key: String) -> String { table[key] ?? Self.vi[key] ?? key }

    func format(_ key: String, _ args: String...) -> String {
        var text = self[key]
        for (i, a) in args.enumerated() { text = text.replacingOccurrences(of: "{\(i)}", with: a) }
        return text
    }
}

extension Request {
    var language: Language {
        if let q = query[String.self, at: "lang"], let l = Language(rawValue: q) { return l }
        if let c = cookies["ng_lang"]?.string, let l = Language(rawValue: c) { return l }
        return .vi
    }

    var strings: Strings { Strings(language: language) }
}
