import SQLKit
import Synchronization

/// Rows whose snake_case columns fill camelCase properties: `.all(decoding: T.self, with: snakeCase)`.
/// SQLKit's own conversion asked Unicode for the case of every character of every key of every row (a fifth of the
/// secretary's desk); its decoder, even with a remembered conversion, built the column's name anew, looked it up twice
/// and wrapped every value, which was most of a short list's time once the reads kept their statements. Each key is
/// converted once and remembered, and each value is asked of the row once.
let snakeCase = SnakeCase.Rows()

extension SQLQueryFetcher {
    func all<D: Decodable>(decoding: D.Type, with _: SnakeCase.Rows) async throws -> [D] {
        try await all().map { try SnakeCase.decode(D.self, from: $0) }
    }

    func first<D: Decodable>(decoding: D.Type, with _: SnakeCase.Rows) async throws -> D? {
        try await first().map { try SnakeCase.decode(D.self, from: $0) }
    }
}

extension SQLRow {
    func decode<D: Decodable>(model: D.Type, with _: SnakeCase.Rows) throws -> D {
        try SnakeCase.decode(D.self, from: self)
    }
}

enum SnakeCase {
    struct Rows: Sendable {}

    static func decode<D: Decodable>(_ type: D.Type, from row: any SQLRow) throws -> D {
        try D(from: RowDecoder(row: row))
    }

    /// A row as a keyed container of its columns; nothing nests in a row.
    private struct RowDecoder: Decoder {
        let row: any SQLRow
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<K: CodingKey>(keyedBy: K.Type) throws -> KeyedDecodingContainer<K> { .init(Columns<K>(row: row)) }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "Một dòng không phải là danh sách"))
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "Một dòng có nhiều cột"))
        }
    }

    private struct Columns<K: CodingKey>: KeyedDecodingContainerProtocol {
        let row: any SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [K] { row.allColumns.compactMap { K(stringValue: $0) } }

        func contains(_ key: K) -> Bool { row.contains(column: column(for: key.stringValue)) }

        func decodeNil(forKey key: K) throws -> Bool { try row.decodeNil(column: column(for: key.stringValue)) }

        func decode<T: Decodable>(_: T.Type, forKey key: K) throws -> T {
            do {
                return try row.decode(column: column(for: key.stringValue), as: T.self)
            } catch let error as DecodingError {
                throw error
            } catch {
                // A missing column reads as SQLKit's decoder said it: no value for the key.
                guard row.contains(column: column(for: key.stringValue)) else {
                    throw DecodingError.keyNotFound(key, .init(codingPath: [key], debugDescription: "Không có cột \(column(for: key.stringValue))"))
                }
                throw error
            }
        }

        func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: K) throws -> KeyedDecodingContainer<N> {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: [key], debugDescription: "Một cột không chứa cột"))
        }

        func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "Một cột không chứa danh sách"))
        }

        func superDecoder() throws -> any Decoder { RowDecoder(row: row) }
        func superDecoder(forKey key: K) throws -> any Decoder { RowDecoder(row: row) }
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
