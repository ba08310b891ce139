import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SQLiteNIO
import Vapor

/// Many rows in one statement.
///
/// On PostgreSQL the rows travel as one JSON array that the database unpacks itself (`jsonb_array_elements`; as
/// `json` every `->>` parsed the row's text again, which doubled the time of inserting 100 000 members):
/// binding every value through the driver costs more than the insert (an import of 100 000 members binds 2,5 million
/// values) and hits PostgreSQL's limit of 65 535 parameters a statement.
///
/// On SQLite the values are bound straight to SQLite (`VALUES (?, …), (?, …)`, bypassing SQLKit's encoder), which
/// costs less than SQLite taking a JSON array apart (`json_each`, `->>`): 0,75 s of 1,7 s for 100 000 members.
enum BulkInsert {
    enum Value: Sendable {
        case text(String?)
        case int(Int?)
    }

    struct Column: Sendable {
        let name: String
        let isInteger: Bool
        static func text(_ name: String) -> Column { Column(name: name, isInteger: false) }
        static func int(_ name: String) -> Column { Column(name: name, isInteger: true) }
    }

    /// Inserts the rows in chunks; returns the new ids in insertion order when asked.
    @discardableResult
    static func insert(into table: String, _ columns: [Column], rows: [[Value]], returningIds: Bool = false,
                       chunk: Int = 2000, in tx: WriteTransaction) async throws -> [Int] {
        try await insert(into: table, columns, rows: rows, returningIds: returningIds, chunk: chunk, sql: tx.sql)
    }

    /// The same on a database handle: only for the audit entries, which `Writes` writes inside its transaction.
    static func insert(into table: String, _ columns: [Column], rows: [[Value]], returningIds: Bool,
                       chunk: Int, sql: any SQLDatabase) async throws -> [Int] {
        if rows.isEmpty { return [] }
        guard Dialect(sql) == .postgres else {
            guard let sqlite = sql as? any SQLiteDatabase else { throw Abort(.internalServerError, reason: "Không ghi được vào cơ sở dữ liệu.") }
            return try await insert(into: table, columns, rows: rows, returningIds: returningIds, chunk: chunk, sqlite: sqlite)
        }
        let names = columns.map(\.name).joined(separator: ", ")
        let values = columns.enumerated().map { i, c in c.isInteger ? "(e ->> \(i))::bigint" : "(e ->> \(i))" }.joined(separator: ", ")
        let (before, after) = ("SELECT \(values) FROM jsonb_array_elements(CAST(", " AS jsonb)) WITH ORDINALITY AS x(e, n) ORDER BY n")
        let returning = returningIds ? " RETURNING id" : ""
        var ids: [Int] = []
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let json = encode(rows[start..<min(start + chunk, rows.count)])
            let query = sql.raw("""
                INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names)) \(unsafeRaw: before)\(bind: json)\(unsafeRaw: after)\(unsafeRaw: returning)
                """)
            if returningIds {
                ids += try await query.all(decoding: IDRow.self).map(\.id)
            } else {
                try await query.run()
            }
        }
        // Both engines hand out identity values in insertion order within one statement.
        return ids.sorted()
    }

    /// SQLite: the values bound one by one, a few thousand rows a statement (this build of SQLite takes up to
    /// 250 000 parameters).
    private static func insert(into table: String, _ columns: [Column], rows: [[Value]], returningIds: Bool,
                               chunk: Int, sqlite: any SQLiteDatabase) async throws -> [Int] {
        let names = columns.map(\.name).joined(separator: ", ")
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var ids: [Int] = []
        ids.reserveCapacity(returningIds ? rows.count : 0)
        var statements: [Int: String] = [:]
        let perStatement = max(1, min(chunk, 200_000 / max(columns.count, 1)))
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let part = rows[start..<min(start + perStatement, rows.count)]
            let text = statements[part.count] ?? {
                let text = "INSERT INTO \(table) (\(names)) VALUES " + Array(repeating: tuple, count: part.count).joined(separator: ", ")
                statements[part.count] = text
                return text
            }()
            var binds: [SQLiteData] = []
            binds.reserveCapacity(part.count * columns.count)
            for row in part {
                for value in row {
                    switch value {
                    case .text(let s?): binds.append(.text(s))
                    case .int(let n?): binds.append(.integer(n))
                    case .text(nil), .int(nil): binds.append(.null)
                    }
                }
            }
            try await sqlite.query(text, binds) { _ in }
            if returningIds { ids += try await newIds(in: table, count: part.count, sqlite: sqlite) }
        }
        return ids
    }

    /// The ids of the rows the last insert wrote. SQLiteNIO hands each row of a `RETURNING` to an event loop as a
    /// future of its own, which cost more than the insert; SQLite gives the rows of one statement consecutive ids
    /// (one above the largest, or above the sequence with AUTOINCREMENT) and the write lock keeps every other writer
    /// out, so the ids are the `count` up to `last_insert_rowid()`. Triggers do not move it. Checked all the same: a
    /// range that does not hold exactly the new rows refuses the write instead of tying rows to the wrong ids.
    private static func newIds(in table: String, count: Int, sqlite: any SQLiteDatabase) async throws -> [Int] {
        let found = NIOLockedValueBox<(last: Int, changed: Int, inRange: Int)?>(nil)
        try await sqlite.query("""
            SELECT last_insert_rowid() AS last, changes() AS changed,
                   (SELECT COUNT(*) FROM \(table) WHERE rowid BETWEEN last_insert_rowid() - changes() + 1 AND last_insert_rowid()) AS in_range
            """, []) { row in
            if let last = row.column("last")?.integer, let changed = row.column("changed")?.integer,
               let inRange = row.column("in_range")?.integer {
                found.withLockedValue { $0 = (last, changed, inRange) }
            }
        }
        guard let (last, changed, inRange) = found.withLockedValue({ $0 }), changed == count, inRange == count else {
            throw Abort(.internalServerError, reason: "Không ghi được vào cơ sở dữ liệu: số bản ghi vừa thêm không khớp.")
        }
        return Array((last - count + 1) ... last)
    }

    /// A JSON array of strings: `["a","b"]`.
    static func encode(strings: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(strings.count * 16)
        for (i, s) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(s, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func encode<C: Collection>(_ rows: C) -> String where C.Element == [Value] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(rows.count * 200)
        var firstRow = true
        for row in rows {
            if !firstRow { out.append(UInt8(ascii: ",")) }
            firstRow = false
            out.append(UInt8(ascii: "["))
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                switch value {
                case .int(let n?): out += String(n).utf8
                case .text(let s?): appendString(s, to: &out)
                case .int(nil), .text(nil): out += "null".utf8
                }
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
