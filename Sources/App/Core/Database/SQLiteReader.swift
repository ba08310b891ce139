import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// The pages' reads on SQLite, through connections of our own that keep their prepared statements.
///
/// SQLiteNIO parses and plans every statement on every call and hands each row to an event loop on its own; for the
/// small figures of a page (what awaits me, overdue corrections: SQLite itself needs 0,05 ms) that was most of the
/// time. These connections keep each statement prepared, keyed by its text (the text SQLKit builds is the same for
/// every call of a query; only its binds change), and give every row to the caller on the thread that read it.
///
/// They are opened `query_only`: a write through them fails at once instead of bypassing the write gate. Writes and
/// the reads inside a write transaction stay on Fluent's pool. WAL lets these readers work while a writer commits;
/// each statement reads the last committed state, as on the pool.
final class SQLiteReader: Sendable {
    let path: String
    let threadPool: NIOThreadPool
    let logger: Logger
    /// Connections not in use now; at most `keep` are kept, the rest closed when given back.
    private let idle = NIOLockedValueBox<[ReadConnection]>([])
    private let keep: Int

    init(path: String, threadPool: NIOThreadPool, keep: Int, logger: Logger) {
        self.path = path
        self.threadPool = threadPool
        self.keep = keep
        self.logger = logger
    }

    /// Runs one statement on a thread of the pool and gives each row to `onRow` there.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await threadPool.runIfActive { try self.runHere(sql, binds, onRow) }
    }

    func run(_ sql: String, _ binds: [SQLiteData], on loop: any EventLoop, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        threadPool.runIfActive(eventLoop: loop) { try self.runHere(sql, binds, onRow) }
    }

    private func runHere(_ sql: String, _ binds: [SQLiteData], _ onRow: (any SQLRow) -> Void) throws {
        let connection = try idle.withLockedValue { $0.popLast() } ?? ReadConnection(path: path)
        defer {
            let kept = idle.withLockedValue { list -> Bool in
                guard list.count < keep else { return false }
                list.append(connection)
                return true
            }
            if !kept { connection.close() }
        }
        try connection.run(sql, binds, onRow)
    }

    func shutdown() {
        let all = idle.withLockedValue { list -> [ReadConnection] in defer { list = [] }; return list }
        for connection in all { connection.close() }
    }

    /// The reads of one request or command, as an `SQLDatabase` that SQLKit's builders run on.
    func database(on loop: any EventLoop, logger: Logger) -> any SQLDatabase {
        ReaderDatabase(reader: self, eventLoop: loop, logger: logger)
    }
}

/// One `sqlite3` handle and its prepared statements. Used by one thread at a time: `SQLiteReader` lends it out.
private final class ReadConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: Prepared] = [:]
    /// Statements kept per connection; past it the cache starts again (a page uses a few dozen distinct queries).
    private static let limit = 256

    final class Prepared {
        let statement: OpaquePointer
        var columns: ReadRow.Columns
        /// What is bound now, so that the same binds are not bound again.
        var binds: [SQLiteData]?
        init(statement: OpaquePointer, columns: ReadRow.Columns) {
            self.statement = statement
            self.columns = columns
        }
    }

    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "\(opened)"
            sqlite_nio_sqlite3_close(handle)
            throw ReadError(message: "Không mở được cơ sở dữ liệu \(path) để đọc: \(message)")
        }
        self.handle = handle
        // Waits like the pool's connections do while a checkpoint holds the file; refuses any write.
        try execute("PRAGMA busy_timeout = 15000")
        try execute("PRAGMA query_only = ON")
    }

    private func execute(_ sql: String) throws {
        let ret = sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil)
        guard ret == SQLITE_OK else { throw error(ret) }
    }

    private func error(_ code: Int32) -> ReadError {
        ReadError(message: handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite \(code)")
    }

    private func prepared(_ sql: String) throws -> Prepared {
        if let found = statements[sql] { return found }
        if statements.count >= Self.limit { finalizeAll() }
        var statement: OpaquePointer?
        let ret = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard ret == SQLITE_OK, let statement else { throw error(ret) }
        let made = Prepared(statement: statement, columns: Self.columns(of: statement))
        statements[sql] = made
        return made
    }

    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (any SQLRow) -> Void) throws {
        let p = try prepared(sql)
        let s = p.statement
        // Leaves the statement reset even when a step fails, so it holds no read snapshot open.
        defer { sqlite_nio_sqlite3_reset(s) }
        // Binding a parameter again, even to the same value, makes SQLite plan the statement anew when that value
        // could have chosen the plan (a partial index, a LIMIT): the same page asked again keeps its binds as they are.
        if p.binds != binds {
            p.binds = nil
            sqlite_nio_sqlite3_clear_bindings(s)
            try bind(binds, to: s)
            p.binds = binds
        }
        var count = Int32(p.columns.names.count), first = true
        while true {
            let ret = sqlite_nio_sqlite3_step(s)
            if ret == SQLITE_DONE { return }
            guard ret == SQLITE_ROW else { throw error(ret) }
            // A step may have planned the statement again after the schema changed: `SELECT *` then has other columns.
            if first, sqlite_nio_sqlite3_column_count(s) != count {
                p.columns = Self.columns(of: s)
                count = Int32(p.columns.names.count)
            }
            first = false
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(count))
            for i in 0..<count { values.append(Self.value(s, i)) }
            onRow(ReadRow(columns: p.columns, values: values))
        }
    }

    private static func columns(of statement: OpaquePointer) -> ReadRow.Columns {
        ReadRow.Columns((0 ..< sqlite_nio_sqlite3_column_count(statement)).map {
            sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? ""
        })
    }

    private func bind(_ binds: [SQLiteData], to s: OpaquePointer) throws {
        for (i, bind) in binds.enumerated() {
            let index = Int32(i + 1)
            let ret: Int32
            switch bind {
            case .integer(let value): ret = sqlite_nio_sqlite3_bind_int64(s, index, Int64(value))
            case .float(let value): ret = sqlite_nio_sqlite3_bind_double(s, index, value)
            case .null: ret = sqlite_nio_sqlite3_bind_null(s, index)
            case .text(let value):
                ret = sqlite_nio_sqlite3_bind_text64(s, index, value, UInt64(value.utf8.count), transient, UInt8(SQLITE_UTF8))
            case .blob(let value):
                ret = value.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(s, index, $0.baseAddress, UInt64($0.count), transient)
                }
            }
            guard ret == SQLITE_OK else { throw error(ret) }
        }
    }

    private static func value(_ s: OpaquePointer, _ i: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(s, i) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(s, i)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(s, i))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(s, i) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(s, i))
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(s, i))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(s, i) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private func finalizeAll() {
        for p in statements.values { sqlite_nio_sqlite3_finalize(p.statement) }
        statements = [:]
    }

    func close() {
        finalizeAll()
        sqlite_nio_sqlite3_close(handle)
        handle = nil
    }
}

/// SQLite copies a bound text or blob before the call returns.
nonisolated(unsafe) private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

struct ReadError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A row read by `SQLiteReader`: its values, and the column names its statement shares with every row.
struct ReadRow: SQLRow {
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]
        init(_ names: [String]) {
            self.names = names
            // The first of two columns of one name wins, as in SQLiteNIO's rows.
            self.index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    let columns: Columns
    let values: [SQLiteData]
    /// One for all rows: a new one would build a JSONDecoder on every value.
    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let i = columns.index[column] else { return true }
        return values[i] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let i = columns.index[column] else {
            throw DecodingError.keyNotFound(SQLCodingKey(column), .init(codingPath: [], debugDescription: "Không có cột \(column)"))
        }
        let value = values[i]
        // The types nearly every column is read as, without the decoder's dynamic casts (a list of 20 rows spent more
        // time there than in SQLite).
        switch value {
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(Optional(text), to: D.self) }
        case .integer(let number):
            if D.self == Int.self { return unsafeBitCast(number, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Optional(number), to: D.self) }
        case .null:
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
        default: break
        }
        return try Self.decoder.decode(D.self, from: value)
    }
}

private struct SQLCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// `SQLiteReader` as SQLKit sees it: the same dialect, binds and row decoding as SQLiteKit's own.
private struct ReaderDatabase: SQLDatabase {
    let reader: SQLiteReader
    let eventLoop: any EventLoop
    let logger: Logger
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { .debug }
    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let (sql, binds) = serialize(query)
        logger.debug("Executing query", metadata: ["sql": .string(sql)])
        do {
            let values = try binds.map { try Self.encoder.encode($0) }
            return reader.run(sql, values, on: eventLoop, onRow)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = serialize(query)
        logger.debug("Executing query", metadata: ["sql": .string(sql)])
        try await reader.run(sql, try binds.map { try Self.encoder.encode($0) }, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}
