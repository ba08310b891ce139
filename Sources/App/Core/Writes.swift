import Fluent
import Foundation
import SQLKit
import Vapor

/// Who is writing: a signed-in person, or the command line (which acts as the system administrator).
struct Actor: Sendable {
    var userId: Int?
    var username: String
    var address: String?
    var scope: Scope

    static let commandLine = Actor(userId: nil, username: "cli", address: nil, scope: Scope(admin: true))

    init(userId: Int?, username: String, address: String?, scope: Scope) {
        self.userId = userId
        self.username = username
        self.address = address
        self.scope = scope
    }

    init(_ principal: Principal, address: String) {
        self.init(userId: principal.user.id, username: principal.user.username, address: address, scope: principal.scope)
    }
}

extension Request {
    func actor() throws -> Actor { Actor(try requirePrincipal(), address: clientAddress) }
}

/// One transaction of changes, and the audit entries that describe them. The entries are written in the same
/// transaction, so a change without its audit entry cannot exist.
final class WriteTransaction: @unchecked Sendable {
    let sql: any SQLDatabase
    let actor: Actor
    private(set) var entries: [AuditEntry] = []

    init(sql: any SQLDatabase, actor: Actor) {
        self.sql = sql
        self.actor = actor
    }

    func audit(_ action: String, _ entity: String, id: Int?, unit: Int?, _ summary: String, changes: [String: [String?]]? = nil) {
        entries.append(AuditEntry(action: action, entity: entity, entityId: id, unitId: unit, summary: summary, changes: changes))
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
        try await db.transaction { tx in
            let write = WriteTransaction(sql: tx.sql, actor: actor)
            let result = try await body(write)
            try await Audit.insert(write.entries, actor: actor, on: tx.sql)
            return result
        }
    }
}

enum Audit {
    static func insert(_ entries: [AuditEntry], actor: Actor, on sql: any SQLDatabase) async throws {
        let now = Clock.timestamp()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Large imports write thousands of entries: insert them in chunks, not one statement each.
        for chunk in stride(from: 0, to: entries.count, by: 200).map({ Array(entries[$0..<min($0 + 200, entries.count)]) }) {
            var rows: [SQLQueryString] = []
            for e in chunk {
                let changes = try e.changes.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
                rows.append("(\(bind: now), \(bind: actor.userId), \(bind: actor.username), \(bind: e.action), \(bind: e.entity), \(bind: e.entityId), \(bind: e.unitId), \(bind: e.summary), \(bind: changes), \(bind: actor.address))")
            }
            try await sql.raw("""
                INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, unit_id, summary, changes, address)
                VALUES \(rows.joined(separator: ", "))
                """).run()
        }
    }
}
