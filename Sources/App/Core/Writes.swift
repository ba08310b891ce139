import Domain
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

/// Who is writing, and by whose clock: a signed-in person, or the command line (which acts as the system
/// administrator).
struct Actor: Sendable {
    var userId: Int?
    var username: String
    var address: String?
    var scope: Scope
    var clock: AppClock

    static let commandLine = Actor(userId: nil, username: "cli", address: nil, scope: Scope(admin: true), clock: .system)

    /// The command line, on the application's clock.
    static func cli(_ app: Application) -> Actor {
        var actor = commandLine
        actor.clock = app.clock
        return actor
    }

    init(userId: Int?, username: String, address: String?, scope: Scope, clock: AppClock) {
        self.userId = userId
        self.username = username
        self.address = address
        self.scope = scope
        self.clock = clock
    }

    init(_ principal: Principal, address: String, clock: AppClock) {
        self.init(userId: principal.user.id, username: principal.user.username, address: address, scope: principal.scope, clock: clock)
    }
}

extension Request {
    func actor() throws -> Actor { Actor(try requirePrincipal(), address: clientAddress, clock: clock) }
}

/// One transaction of changes, and the audit entries that describe them. The entries are written in the same
/// transaction, so a change without its audit entry cannot exist.
final class WriteTransaction: @unchecked Sendable {
    let sql: any SQLDatabase
    let actor: Actor
    /// One instant for the whole transaction: every row it stamps carries the same time.
    let now: Date
    private(set) var entries: [AuditEntry] = []

    init(sql: any SQLDatabase, actor: Actor) {
        self.sql = sql
        self.actor = actor
        self.now = actor.clock.now()
    }

    var timestamp: String { Clock.timestamp(now) }
    var today: CivilDate { CivilDate(now, in: CivilDate.vietnam) }
    var dialect: Dialect { Dialect(sql) }

    func audit(_ action: String, _ entity: String, id: Int?, unit: Int?, _ summary: String, changes: [String: [String?]]? = nil) {
        entries.append(AuditEntry(action: action, entity: entity, entityId: id, unitId: unit, summary: summary, changes: changes))
    }

    /// Writes the entries collected so far (still inside the transaction), so that a long import does not hold
    /// them all in memory.
    func flushAudit() async throws {
        try await Audit.insert(entries, in: self)
        entries.removeAll(keepingCapacity: true)
    }

    /// Scope is checked here, inside the transaction, against the unit as it is now.
    func requireWrite(unitId: Int) async throws -> UnitRow {
        guard let unit = try await Units.find(id: unitId, on: sql), actor.scope.canWrite(unitPath: unit.path) else {
            throw Abort(.notFound)
        }
        return unit
    }
}

struct AuditEntry: Sendable {
    var action: String
    var entity: String
    var entityId: Int?
    var unitId: Int?
    var summary: String
    var changes: [String: [String?]]?
}

enum Writes {
    /// Every change to the data goes through here.
    static func perform<T: Sendable>(on db: any Database, actor: Actor, _ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        if Dialect(db.sql) == .sqlite {
            // SQLite's default transaction starts as a reader and fails with SQLITE_BUSY, without waiting, when it
            // later needs the write lock another writer holds. BEGIN IMMEDIATE takes the lock first, so a second
            // writer waits (busy timeout) instead of failing.
            return try await db.withConnection { conn in
                let sql = conn.sql
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await run(body, sql: sql, actor: actor)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
        // PostgreSQL aborts one of two transactions that wait on each other's rows (40P01: say two officials moving
        // members between the same two units at once, whose kept counts each takes in the other order), and one a
        // concurrent change made stale (40001). A unique key taken by a writer that committed first (23505) is the
        // same race: both checked before either wrote. The aborted one wrote nothing: it runs again, up to three
        // times, and its own checks now see the other's row and answer in Vietnamese (409) instead of failing.
        var attempt = 0
        while true {
            do {
                return try await db.transaction { tx in try await run(body, sql: tx.sql, actor: actor) }
            } catch let error as PSQLError where attempt < 3 && ["40P01", "40001", "23505"].contains(error.serverInfo?[.sqlState] ?? "") {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(attempt) * 25_000_000)
            }
        }
    }

    private static func run<T: Sendable>(_ body: @Sendable (WriteTransaction) async throws -> T, sql: any SQLDatabase, actor: Actor) async throws -> T {
        let write = WriteTransaction(sql: sql, actor: actor)
        let result = try await body(write)
        try await write.flushAudit()
        return result
    }
}

enum Audit {
    static let columns: [BulkInsert.Column] = [
        .text("at"), .int("user_id"), .text("username"), .text("action"), .text("entity"), .int("entity_id"),
        .int("unit_id"), .text("summary"), .text("changes"), .text("address"),
    ]

    fileprivate static func insert(_ entries: [AuditEntry], in tx: WriteTransaction) async throws {
        if entries.isEmpty { return }
        let now = tx.timestamp, actor = tx.actor
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Large imports write one entry per new member: one statement per chunk, not one per entry.
        let rows: [[BulkInsert.Value]] = try entries.map { e in
            let changes = try e.changes.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            return [.text(now), .int(actor.userId), .text(actor.username), .text(e.action), .text(e.entity), .int(e.entityId),
                    .int(e.unitId), .text(e.summary), .text(changes), .text(actor.address)]
        }
        try await BulkInsert.insert(into: "audit_log", columns, rows: rows, returningIds: false, chunk: 5000, sql: tx.sql)
    }
}
