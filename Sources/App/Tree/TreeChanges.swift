import Crypto
import Domain
import Foundation
import SQLKit
import Vapor

/// Dissolutions, merges and moves as records that can be reversed. Each keeps the state before of every unit and
/// member it touched (their rows and open periods) and the periods it opened; reversing deletes those periods and
/// puts the rest back, so that the subtree's members on every date are those before the mistake. A change is
/// reversible only while nothing else has touched those records since: the state after is kept as a hash and
/// compared first.
enum TreeChanges {
    enum Kind: String, Sendable { case move, merge, dissolve }

    /// Whose members a change touches: a move none (they go with their units), a merge the unit's own members
    /// (sub-units move with theirs), a dissolution every current member of the subtree.
    enum Touched: Sendable { case none, own, subtree }

    struct UnitState: Codable, Equatable, Sendable {
        var id: Int; var parentId: Int?; var path: String; var depth: Int; var status: String
        var endedOn: String?; var mergedIntoId: Int?; var updatedAt: String
    }
    struct UnitPeriod: Codable, Equatable, Sendable {
        var id: Int; var unitId: Int; var validFrom: String; var validTo: String?; var parentId: Int?; var path: String
        var name: String; var kindId: Int; var partyCellId: Int?; var status: String; var reason: String
    }
    struct MemberState: Codable, Equatable, Sendable {
        var id: Int; var unitId: Int; var status: String; var updatedAt: String
    }
    struct MemberPeriod: Codable, Equatable, Sendable {
        var id: Int; var memberId: Int; var unitId: Int; var status: String; var position: String?; var duties: String?
        var validFrom: String; var validTo: String?; var reason: String
    }

    /// The records a change touches, as they stand: rows and open periods, ordered by id.
    struct State: Codable, Equatable, Sendable {
        var units: [UnitState] = []
        var unitPeriods: [UnitPeriod] = []
        var members: [MemberState] = []
        var memberPeriods: [MemberPeriod] = []

        var hash: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return Hex.encode(SHA256.hash(data: (try? encoder.encode(self)) ?? Data()))
        }
    }

    /// What is stored with the change.
    struct Snapshot: Codable, Sendable {
        var before: State
        var createdUnitPeriods: [Int]
        var createdMemberPeriods: [Int]
    }

    struct Row: Decodable, Sendable {
        let id: Int
        let kind: String
        let unitId: Int
        let targetId: Int?
        let effectiveOn: String
        let reason: String
        let unitCount: Int
        let memberCount: Int
        let madeByName: String
        let madeAt: String
        let reversedAt: String?
        let reversedByName: String?
        let reversalReason: String?

        static let columns = """
            id, kind, unit_id, target_id, effective_on, reason, unit_count, member_count, made_by_name, made_at,
            reversed_at, reversed_by_name, reversal_reason
            """
    }

    /// Bound lists stay well under both databases' parameter limits.
    private static let chunk = 900

    // MARK: - Recording

    /// Runs `change` and records it with the state before of what it touches.
    static func recorded(_ kind: Kind, unitId: Int, targetId: Int?, on date: CivilDate, reason: String?, touches: Touched,
                         in tx: WriteTransaction, _ change: () async throws -> Void) async throws {
        let unit = try await tx.requireWrite(unitId: unitId)
        let unitIds = try await tx.sql.raw("SELECT u.id FROM units u WHERE \(unit.subtree.sql("u.path")) ORDER BY u.id")
            .all(decoding: IDRow.self).map(\.id)
        let memberIds: [Int]
        switch touches {
        case .none: memberIds = []
        case .own:
            memberIds = try await tx.sql.raw("""
                SELECT id FROM members WHERE unit_id = \(bind: unit.id) AND status IN ('active', 'suspended') ORDER BY id
                """).all(decoding: IDRow.self).map(\.id)
        case .subtree:
            memberIds = try await tx.sql.raw("""
                SELECT m.id FROM members m JOIN units u ON u.id = m.unit_id
                WHERE \(unit.subtree.sql("u.path")) AND m.status IN ('active', 'suspended') ORDER BY m.id
                """).all(decoding: IDRow.self).map(\.id)
        }
        struct MaxIDs: Decodable { let u: Int?; let m: Int? }
        let max = try await tx.sql.raw("""
            SELECT (SELECT MAX(id) FROM unit_periods) AS u, (SELECT MAX(id) FROM member_periods) AS m
            """).first(decoding: MaxIDs.self)
        let before = try await capture(units: unitIds, members: memberIds, on: tx.sql)
        try await change()
        let after = try await capture(units: unitIds, members: memberIds, on: tx.sql)
        // A move to where the unit already is changes nothing and leaves nothing to reverse.
        if after == before { return }
        let createdUnitPeriods = after.unitPeriods.map(\.id).filter { $0 > (max?.u ?? 0) }
        let createdMemberPeriods = after.memberPeriods.map(\.id).filter { $0 > (max?.m ?? 0) }
        // What counts is what changed: a dissolved sub-unit inside a dissolved subtree is not dissolved twice.
        let beforeUnits = Dictionary(uniqueKeysWithValues: before.units.map { ($0.id, $0) })
        let changedUnits = after.units.filter { a in beforeUnits[a.id].map { b in b.status != a.status || b.path != a.path } ?? true }.count
        let beforeMembers = Dictionary(uniqueKeysWithValues: before.members.map { ($0.id, $0) })
        let changedMembers = after.members.filter { a in beforeMembers[a.id].map { b in b.status != a.status || b.unitId != a.unitId } ?? true }.count
        let snapshot = Snapshot(before: before, createdUnitPeriods: createdUnitPeriods, createdMemberPeriods: createdMemberPeriods)
        let json = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
        try await tx.sql.raw("""
            INSERT INTO tree_changes (kind, unit_id, target_id, effective_on, reason, unit_count, member_count, snapshot, after_hash,
                                      made_by, made_by_name, made_at)
            VALUES (\(bind: kind.rawValue), \(bind: unit.id), \(bind: targetId), \(bind: date.iso), \(bind: reason ?? ""),
                    \(bind: changedUnits), \(bind: changedMembers), \(bind: json), \(bind: after.hash),
                    \(bind: tx.actor.userId), \(bind: tx.actor.username), \(bind: tx.timestamp))
            """).run()
    }

    static func capture(units unitIds: [Int], members memberIds: [Int], on sql: any SQLDatabase) async throws -> State {
        var state = State()
        for ids in unitIds.chunked(chunk) {
            let list = SQLList(ids.map { SQLBind($0) })
            state.units += try await sql.raw("""
                SELECT id, parent_id, path, depth, status, ended_on, merged_into_id, updated_at FROM units WHERE id IN (\(list))
                """).all(decoding: UnitState.self, with: snakeCase)
            state.unitPeriods += try await sql.raw("""
                SELECT id, unit_id, valid_from, valid_to, parent_id, path, name, kind_id, party_cell_id, status, reason
                FROM unit_periods WHERE valid_to IS NULL AND unit_id IN (\(list))
                """).all(decoding: UnitPeriod.self, with: snakeCase)
        }
        for ids in memberIds.chunked(chunk) {
            let list = SQLList(ids.map { SQLBind($0) })
            state.members += try await sql.raw("""
                SELECT id, unit_id, status, updated_at FROM members WHERE id IN (\(list))
                """).all(decoding: MemberState.self, with: snakeCase)
            state.memberPeriods += try await sql.raw("""
                SELECT id, member_id, unit_id, status, position, duties, valid_from, valid_to, reason
                FROM member_periods WHERE valid_to IS NULL AND member_id IN (\(list))
                """).all(decoding: MemberPeriod.self, with: snakeCase)
        }
        state.units.sort { $0.id < $1.id }
        state.unitPeriods.sort { $0.id < $1.id }
        state.members.sort { $0.id < $1.id }
        state.memberPeriods.sort { $0.id < $1.id }
        return state
    }

    // MARK: - Reading

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("SELECT \(unsafeRaw: Row.columns) FROM tree_changes WHERE id = \(bind: id)")
            .first(decoding: Row.self, with: snakeCase)
    }

    /// The changes made to a unit or into it (as a merge target), newest first.
    static func list(forUnit unitId: Int, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Row.columns) FROM tree_changes
            WHERE unit_id = \(bind: unitId) OR target_id = \(bind: unitId) ORDER BY id DESC LIMIT 20
            """).all(decoding: Row.self, with: snakeCase)
    }

    // MARK: - Reversing

    /// Puts back the state before the change. Refused (409) when it was already reversed or when anything it
    /// touched has changed since; out of the actor's scope is a 404.
    @discardableResult
    static func reverse(_ id: Int, reason: String, in tx: WriteTransaction) async throws -> Row {
        struct Stored: Decodable { let snapshot: String; let afterHash: String }
        guard let row = try await find(id: id, on: tx.sql),
              let stored = try await tx.sql.raw("SELECT snapshot, after_hash FROM tree_changes WHERE id = \(bind: id)")
                .first(decoding: Stored.self, with: snakeCase)
        else { throw Abort(.notFound) }
        let unit = try await tx.requireWrite(unitId: row.unitId)
        if let target = row.targetId { _ = try await tx.requireWrite(unitId: target) }
        let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(stored.snapshot.utf8))
        // Where the unit stood before matters too: a move is undone only by someone who may write there.
        if let old = snapshot.before.units.first(where: { $0.id == unit.id }), !tx.actor.scope.canWrite(unitPath: old.path) {
            throw Abort(.notFound)
        }
        if row.reversedAt != nil {
            throw Abort(.conflict, reason: "Thay đổi này đã được hoàn tác rồi.")
        }
        let now = try await capture(units: snapshot.before.units.map(\.id), members: snapshot.before.members.map(\.id), on: tx.sql)
        guard now.hash == stored.afterHash else {
            throw Abort(.conflict, reason: "Sau thay đổi này, các đơn vị hoặc đoàn viên liên quan đã có thay đổi khác, nên không thể hoàn tác tự động. "
                + "Hãy hoàn tác các thay đổi sau trước, hoặc sửa từng hồ sơ.")
        }
        for ids in snapshot.createdUnitPeriods.chunked(chunk) {
            try await tx.sql.raw("DELETE FROM unit_periods WHERE id IN (\(SQLList(ids.map { SQLBind($0) })))").run()
        }
        for ids in snapshot.createdMemberPeriods.chunked(chunk) {
            try await tx.sql.raw("DELETE FROM member_periods WHERE id IN (\(SQLList(ids.map { SQLBind($0) })))").run()
        }
        let stamp = tx.timestamp
        for u in snapshot.before.units {
            try await tx.sql.raw("""
                UPDATE units SET parent_id = \(bind: u.parentId), path = \(bind: u.path), depth = \(bind: u.depth), status = \(bind: u.status),
                    ended_on = \(bind: u.endedOn), merged_into_id = \(bind: u.mergedIntoId), updated_at = \(bind: stamp)
                WHERE id = \(bind: u.id)
                """).run()
        }
        for p in snapshot.before.unitPeriods {
            try await tx.sql.raw("""
                UPDATE unit_periods SET valid_from = \(bind: p.validFrom), valid_to = \(bind: p.validTo), parent_id = \(bind: p.parentId),
                    path = \(bind: p.path), name = \(bind: p.name), kind_id = \(bind: p.kindId), party_cell_id = \(bind: p.partyCellId),
                    status = \(bind: p.status), reason = \(bind: p.reason)
                WHERE id = \(bind: p.id)
                """).run()
        }
        for m in snapshot.before.members {
            try await tx.sql.raw("""
                UPDATE members SET unit_id = \(bind: m.unitId), status = \(bind: m.status), updated_at = \(bind: stamp) WHERE id = \(bind: m.id)
                """).run()
        }
        for p in snapshot.before.memberPeriods {
            try await tx.sql.raw("""
                UPDATE member_periods SET unit_id = \(bind: p.unitId), status = \(bind: p.status), position = \(bind: p.position),
                    duties = \(bind: p.duties), valid_from = \(bind: p.validFrom), valid_to = \(bind: p.validTo), reason = \(bind: p.reason)
                WHERE id = \(bind: p.id)
                """).run()
        }
        try await tx.sql.raw("""
            UPDATE tree_changes SET reversed_at = \(bind: stamp), reversed_by = \(bind: tx.actor.userId),
                reversed_by_name = \(bind: tx.actor.username), reversal_reason = \(bind: reason)
            WHERE id = \(bind: id)
            """).run()
        let date = CivilDate(iso: row.effectiveOn)?.vietnamese ?? row.effectiveOn
        tx.audit("reverse", "unit", id: unit.id, unit: unit.id,
                 "Hoàn tác \(verb(row.kind)) \(unit.code) ngày \(date): \(VNFormat.integer(row.unitCount)) đơn vị và "
                 + "\(VNFormat.integer(row.memberCount)) đoàn viên trở lại như trước. Lý do: \(reason)")
        return row
    }

    /// The noun of a kind of change, as the register and the unit page write it.
    static func verb(_ kind: String) -> String {
        switch kind {
        case Kind.move.rawValue: "chuyển đơn vị"
        case Kind.merge.rawValue: "sáp nhập"
        default: "giải thể"
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0 ..< Swift.min($0 + size, count)] }
    }
}
