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

    /// The text of `key` with `{0}`, `{1}`, … replaced by `args`, in one pass: an argument that itself holds
    /// "{1}" (a member's words) stays as written. A placeholder with no argument stays too. One pass over the bytes
    /// instead of Foundation's search and replace for each argument, which cost microseconds a line on long lists.
    func format(_ key: String, _ args: String...) -> String {
        let template = self[key]
        let t = Array(template.utf8)
        guard t.contains(UInt8(ascii: "{")) else { return template }
        var out: [UInt8] = []
        out.reserveCapacity(t.count + args.reduce(0) { $0 + $1.utf8.count })
        var k = 0
        while k < t.count {
            if t[k] == UInt8(ascii: "{") {
                var j = k + 1, n = 0
                while j < t.count, j - k <= 3, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(t[j]) {
                    n = n * 10 + Int(t[j] - UInt8(ascii: "0"))
                    j += 1
                }
                if j > k + 1, j < t.count, t[j] == UInt8(ascii: "}"), n < args.count {
                    out.append(contentsOf: args[n].utf8)
                    k = j + 1
                    continue
                }
            }
            out.append(t[k])
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
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
