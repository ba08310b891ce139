import SQLKit
import Vapor

/// A large first load into SQLite, such as a province's member file, builds some indexes once at the end instead of
/// row by row. An index whose keys arrive in random order (names, citizen ids, units) costs a random B-tree insert
/// a row, and once the tree outgrows SQLite's page cache each of those reads and writes pages; built at the end it
/// is one sort. The indexes are dropped inside the load's own transaction, just before its first insert, and built
/// again before it commits, so readers (WAL) keep theirs throughout, a refused file rolls the drop back with
/// everything else, and a file that changes nothing costs no rebuild. Only indexes nothing in the load reads are
/// deferred; a unique one is checked by the load itself and again, by SQLite, when it is built.
///
/// PostgreSQL is left alone: dropping an index there locks the table against every reader until the load commits.
enum DeferredIndexes {
    /// A table a load writes, and its indexes that may wait for the end.
    struct Table: Sendable {
        var name: String
        var indexes: [String]
        /// Indexes the load reads only to find rows already there: deferred too when the table has none.
        var whenEmpty: [String] = []
    }

    /// Below this, the indexes' rows fit the page cache and dropping them saves nothing worth a schema change.
    /// Task-local so that a test can load a small file the way a large one is loaded.
    @TaskLocal static var minimumRows = 20_000

    /// One load's deferral. Used by one task, in order: `isEmpty`, `beforeInserting` (any number of times), `finish`.
    final class Load: @unchecked Sendable {
        let tables: [Table]
        let expectedRows: Int?
        let threshold: Int
        private var decided = false
        private var statements: [String] = []

        /// `threshold` is read where the load begins: a transaction's body may run in another task.
        init(_ tables: [Table], expectedRows: Int?, threshold: Int = DeferredIndexes.minimumRows) {
            self.tables = tables
            self.expectedRows = expectedRows
            self.threshold = threshold
        }

        private func applies(_ tx: WriteTransaction) -> Bool {
            guard tx.dialect == .sqlite, let expectedRows else { return false }
            return expectedRows >= threshold
        }

        /// The table's highest row id (SQLite only), which a B-tree answers at once where a count would read the whole table.
        private func highest(_ table: String, _ tx: WriteTransaction) async throws -> Int {
            try await tx.sql.raw("SELECT COALESCE(MAX(rowid), 0) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }

        /// Whether the first table had no row when the load began: then it need not look anything up there. Only
        /// asked of a load that defers, since only then are its look-up indexes dropped.
        func isEmpty(in tx: WriteTransaction) async throws -> Bool {
            guard applies(tx), let first = tables.first else { return false }
            return try await highest(first.name, tx) == 0
        }

        /// Drops, the first time it is called, the indexes of each table the load at least doubles.
        func beforeInserting(in tx: WriteTransaction) async throws {
            guard !decided else { return }
            decided = true
            guard applies(tx), let expectedRows else { return }
            for table in tables {
                let highest = try await highest(table.name, tx)
                guard highest <= expectedRows else { continue }
                let names = highest == 0 ? table.indexes + table.whenEmpty : table.indexes
                for row in try await tx.sql.raw("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (\(binds: names)) ORDER BY name").all() {
                    statements.append(try row.decode(column: "sql", as: String.self))
                    try await tx.sql.raw("DROP INDEX \(ident: try row.decode(column: "name", as: String.self))").run()
                }
            }
        }

        /// Builds the dropped indexes again, inside the same transaction; the seconds it took, when it built any. A
        /// unique index that no longer holds means the load let a duplicate through: the whole load is refused.
        func finish(in tx: WriteTransaction) async throws -> Double? {
            guard !statements.isEmpty else { return nil }
            let began = Date()
            for statement in statements {
                do {
                    try await tx.sql.raw("\(unsafeRaw: statement)").run()
                } catch {
                    throw Abort(.conflict, reason: "Tệp có số CCCD hoặc số hộ chiếu trùng với một đoàn viên đang sinh hoạt; chưa ghi gì vào cơ sở dữ liệu.")
                }
            }
            statements = []
            return Date().timeIntervalSince(began)
        }
    }
}
