import SQLKit
import Foundation

/// Roles are granted to a user for a unit (its whole subtree) or, for a Party cell secretary, for a cell.
enum Role: String, CaseIterable, Codable, Sendable {
    case admin, official, viewer, secretary, member

    var needsUnit: Bool { self == .official || self == .viewer }
    var needsCell: Bool { self == .secretary }
    var needsMember: Bool { self == .member }
}

struct GrantRow: Codable, Sendable {
    var id: Int
    var userId: Int
    var role: String
    var unitId: Int?
    var partyCellId: Int?
    var unitPath: String?
    var unitName: String?
    var unitCode: String?
    var cellName: String?
}

/// What a signed-in person may see and change, loaded from the database on every request so that a revoked
/// role stops working at once.
struct Scope: Sendable {
    var isAdmin = false
    /// Subtrees the person may read (officials and viewers).
    var readRoots: [PathRange] = []
    /// Subtrees the person may change (officials).
    var writeRoots: [PathRange] = []
    /// Party cells whose members a secretary may read.
    var cells: [Int] = []
    /// The member record a member may read: their own.
    var ownMember: Int?

    init(grants: [GrantRow], ownMember: Int?) {
        for grant in grants {
            switch Role(rawValue: grant.role) {
            case .admin: isAdmin = true
            case .official:
                if let path = grant.unitPath {
                    readRoots.append(PathRange(path: path))
                    writeRoots.append(PathRange(path: path))
                }
            case .viewer:
                if let path = grant.unitPath { readRoots.append(PathRange(path: path)) }
            case .secretary:
                if let cell = grant.partyCellId { cells.append(cell) }
            case .member:
                self.ownMember = ownMember
            case nil: break
            }
        }
    }

    init(admin: Bool) { isAdmin = admin }

    var canWriteSomething: Bool { isAdmin || !writeRoots.isEmpty }
    var seesUnits: Bool { isAdmin || !readRoots.isEmpty || !cells.isEmpty }

    func canRead(unit: UnitRow) -> Bool {
        isAdmin || readRoots.contains { $0.contains(unit.path) }
            || (unit.partyCellId.map(cells.contains) ?? false)
    }

    func canWrite(unitPath: String) -> Bool {
        isAdmin || writeRoots.contains { $0.contains(unitPath) }
    }

    /// SQL condition over a units alias `u` (and members alias `m` when `members` is true) that keeps only
    /// what this scope may read. Deny by default: an empty scope yields a condition that is never true.
    func readFilter(members: Bool) -> SQLQueryString {
        if isAdmin { return "1 = 1" }
        var parts: [SQLQueryString] = readRoots.map { $0.sql("u.path") }
        if !cells.isEmpty {
            parts.append("u.party_cell_id IN (\(binds: cells))")
        }
        if members, let own = ownMember {
            parts.append("m.id = \(bind: own)")
        }
        if parts.isEmpty { return "1 = 0" }
        return "(" + parts.joined(separator: " OR ") + ")"
    }

    func writeFilter() -> SQLQueryString {
        if isAdmin { return "1 = 1" }
        if writeRoots.isEmpty { return "1 = 0" }
        return "(" + writeRoots.map { $0.sql("u.path") }.joined(separator: " OR ") + ")"
    }
}

