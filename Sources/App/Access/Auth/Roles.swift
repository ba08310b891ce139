import Domain
import SQLKit
import Foundation

/// What a role lets a person do. A role is a set of these over a scope: a unit's subtree, or a Party cell's
/// units and their sub-units.
enum Capability: String, CaseIterable, Codable, Sendable {
    /// See units and members (names, unit, position, duties).
    case read
    /// See personal data: citizen id, passport, phone, e-mail, ethnicity, date of birth.
    case readPersonal
    /// Change units and members.
    case write
    /// Appraise members' registrations of concrete actions (the Party cell secretary).
    case appraiseRegistrations
    /// Approve evaluation and classification rounds.
    case approveEvaluations
    /// Create accounts and grant roles below one's own level.
    case manageUsers
    /// Import spreadsheets.
    case importData
}

/// Roles are granted to a user for a unit (its whole subtree) or, for a Party cell secretary, for a cell.
enum Role: String, CaseIterable, Codable, Sendable {
    case admin, official, viewer, secretary, member

    /// The role's name as the register writes it (always Vietnamese, like every audit summary).
    var vietnameseName: String { Strings.vi["role_" + rawValue] ?? rawValue }

    var needsUnit: Bool { self == .official || self == .viewer }
    var needsCell: Bool { self == .secretary }
    var needsMember: Bool { self == .member }

    var capabilities: Set<Capability> {
        switch self {
        case .admin: Set(Capability.allCases)
        case .official: [.read, .readPersonal, .write, .approveEvaluations, .manageUsers, .importData]
        case .viewer: [.read, .readPersonal]
        // The secretary reads the cell's members to appraise their registrations, not their personal data.
        case .secretary: [.read, .appraiseRegistrations]
        // A member reads their own record only (Scope.ownMember).
        case .member: []
        }
    }
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
    var validFrom: String?
    var validTo: String?
}

/// What a signed-in person may see and change, loaded from the database on every request so that a revoked
/// role stops working at once.
struct Scope: Sendable {
    var isAdmin = false
    /// The subtrees where each capability holds.
    private(set) var roots: [Capability: [PathRange]] = [:]
    /// Party cells the person is secretary of.
    var cells: [Int] = []
    /// The member record a member may read: their own.
    var ownMember: Int?

    /// `cellPaths` are the paths of the units attached to the granted cells: a secretary's scope is those units
    /// and their sub-units.
    init(grants: [GrantRow], ownMember: Int?, cellPaths: [Int: [String]] = [:]) {
        for grant in grants {
            guard let role = Role(rawValue: grant.role) else { continue }
            switch role {
            case .admin: isAdmin = true
            case .official, .viewer:
                if let path = grant.unitPath { add(role.capabilities, PathRange(path: path)) }
            case .secretary:
                if let cell = grant.partyCellId {
                    cells.append(cell)
                    for path in cellPaths[cell] ?? [] { add(role.capabilities, PathRange(path: path)) }
                }
            case .member:
                self.ownMember = ownMember
            }
        }
    }

    init(admin: Bool) { isAdmin = admin }

    private mutating func add(_ capabilities: Set<Capability>, _ range: PathRange) {
        for c in capabilities { roots[c, default: []].append(range) }
    }

    func roots(_ capability: Capability) -> [PathRange] { roots[capability] ?? [] }

    func can(_ capability: Capability, unitPath: String) -> Bool {
        isAdmin || roots(capability).contains { $0.contains(unitPath) }
    }

    /// Somewhere strictly below one of the person's own roots for this capability: officials hand out roles
    /// below their own level, never at it or above.
    func can(_ capability: Capability, below unitPath: String) -> Bool {
        isAdmin || roots(capability).contains { $0.contains(unitPath) && $0.low != unitPath }
    }

    var readRoots: [PathRange] { roots(.read) }
    var writeRoots: [PathRange] { roots(.write) }
    var canWriteSomething: Bool { isAdmin || !writeRoots.isEmpty }
    var seesUnits: Bool { isAdmin || !readRoots.isEmpty }

    func canRead(unit: UnitRow) -> Bool { can(.read, unitPath: unit.path) }
    func canWrite(unitPath: String) -> Bool { can(.write, unitPath: unitPath) }
    func canSeePersonalData(unitPath: String) -> Bool { can(.readPersonal, unitPath: unitPath) }

    /// SQL condition over a units alias `u` (and members alias `m` when `members` is true) that keeps only
    /// what this scope may read. Deny by default: an empty scope yields a condition that is never true.
    func readFilter(members: Bool) -> SQLQueryString {
        filter(.read, ownMember: members ? ownMember : nil)
    }

    func writeFilter() -> SQLQueryString { filter(.write, ownMember: nil) }

    func filter(_ capability: Capability, ownMember: Int? = nil) -> SQLQueryString {
        if isAdmin { return "1 = 1" }
        var parts: [SQLQueryString] = roots(capability).map { $0.sql("u.path") }
        if let own = ownMember { parts.append("m.id = \(bind: own)") }
        if parts.isEmpty { return "1 = 0" }
        return "(" + parts.joined(separator: " OR ") + ")"
    }
}
