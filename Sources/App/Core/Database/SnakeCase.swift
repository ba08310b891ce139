import SQLKit
import Synchronization

/// Rows whose snake_case columns fill camelCase properties. SQLKit's own conversion asks Unicode for the case of
/// every character of every key of every row, which was a fifth of the secretary's desk (100 registrations and
/// their actions); our keys are few and ASCII, so each is converted once and remembered.
let snakeCase = SQLRowDecoder(keyDecodingStrategy: .custom({ keys in SnakeCase.Key(column: SnakeCase.column(for: keys.last?.stringValue ?? "")) }))

enum SnakeCase {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(column: String) { stringValue = column }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let known = Mutex<[String: String]>([:])

    static func column(for key: String) -> String {
        if let column = known.withLock({ $0[key] }) { return column }
        let column = convert(key)
        known.withLock { $0[key] = column }
        return column
    }

    /// camelCase to snake_case by the rule of Foundation and SQLKit: a word starts at each capital, and a run of
    /// capitals is one word ("memberName" → "member_name", "myURLValue" → "my_url_value").
    static func convert(_ key: String) -> String {
        let c = Array(key.utf8)
        guard !c.isEmpty else { return key }
        func upper(_ i: Int) -> Bool { c[i] >= 65 && c[i] <= 90 }
        func lower(_ i: Int) -> Bool { c[i] >= 97 && c[i] <= 122 }
        var words: [Range<Int>] = []
        var start = 0, search = 1
        while let u = (search ..< c.count).first(where: upper) {
            words.append(start ..< u)
            start = u
            guard let l = (u ..< c.count).first(where: lower) else { break }
            search = l
            if l != u + 1 {
                words.append(u ..< l - 1)
                start = l - 1
            }
        }
        words.append(start ..< c.count)
        return words.filter { !$0.isEmpty }.map { String(decoding: c[$0], as: UTF8.self).lowercased() }.joined(separator: "_")
    }
}
