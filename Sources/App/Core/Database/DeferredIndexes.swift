import SQLKit
import Vapor

/// A large first load into SQLite, such as a province's member file, builds some indexes once at the end instead of
/// row by row. An index whose keys arrive in random order (names, citizen ids, units) costs a random B-tree insert
/// a row, and once the tree outgrows SQLite's page cache each of those reads and writes pages; built at the end it
/// is one sort. The indexes are dropped inside the load's own transaction and built again before it commits, so
/// readers (WAL) keep theirs throughout and a refused file rolls the drop back with everything else. Only indexes
/// nothing in the load reads are deferred; a unique one is checked by the load itself and again, by SQLite, when it
/// is built.
///
/// PostgreSQL is left alone: dropping an index there locks the table against every reader until the load commits.
enum DeferredIndexes {
    /// The definitions of the indexes dropped, to build again.
    struct Dropped: Sendable {
        fileprivate var statements: [String] = []
        /// The table had no row: the load need not look anything up in it.
        var tableWasEmpty = false
        var isEmpty: Bool { statements.isEmpty }
        static func + (a: Dropped, b: Dropped) -> Dropped {
            Dropped(statements: a.statements + b.statements, tableWasEmpty: a.tableWasEmpty)
        }
    }

    /// Drops `names` when this is SQLite and the load at least doubles `table` (judged by its highest id, which a
    /// B-tree answers at once where a count would read the whole table), and `whenEmpty` too when it has no row.
    /// `threshold` is `minimumRows` as read where the load began (a transaction's body may run in another task).
    static func dropForLoad(of expectedRows: Int?, into table: String, indexes names: [String], whenEmpty: [String] = [],
                            threshold: Int, in tx: WriteTransaction) async throws -> Dropped {
        guard tx.dialect == .sqlite, let expectedRows, expectedRows >= threshold else { return Dropped() }
        let highest = try await tx.sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        guard highest <= expectedRows else { return Dropped() }
        var dropped = Dropped(tableWasEmpty: highest == 0)
        let names = highest == 0 ? names + whenEmpty : names
        for row in try await tx.sql.raw("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (\(binds: names)) ORDER BY name").all() {
            let name = try row.decode(column: "name", as: String.self)
            dropped.statements.append(try row.decode(column: "sql", as: String.self))
            try await tx.sql.raw("DROP INDEX \(ident: name)").run()
        }
        return dropped
    }

    /// Builds the dropped indexes again, inside the same transaction. A unique index that no longer holds means the
    /// load let a duplicate through: the whole load is refused.
    static func rebuild(_ dropped: Dropped, in tx: WriteTransaction) async throws {
        for statement in dropped.statements {
            do {
                try await tx.sql.raw("\(unsafeRaw: statement)").run()
            } catch {
                throw Abort(.conflict, reason: "Tệp có số CCCD hoặc số hộ chiếu trùng với một đoàn viên đang sinh hoạt; chưa ghi gì vào cơ sở dữ liệu.")
            }
        }
    }

    /// Below this, the indexes' rows fit the page cache and dropping them saves nothing worth a schema change.
    /// Task-local so that a test can load a small file the way a large one is loaded.
    @TaskLocal static var minimumRows = 20_000
}
