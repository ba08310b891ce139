import Foundation
import SQLKit

/// A union body: the national confederation down to a union group. Its id never changes, through moves and
/// merges, because awards and reports of later years point at it.
struct UnitRow: Codable, Sendable, Equatable {
    var id: Int
    var code: String
    var name: String
    var kindId: Int
    var parentId: Int?
    var path: String
    var depth: Int
    var partyCellId: Int?
    var status: String
    var establishedOn: String
    var endedOn: String?
    var mergedIntoId: Int?

    static let columns = "u.id, u.code, u.name, u.kind_id, u.parent_id, u.path, u.depth, u.party_cell_id, u.status, u.established_on, u.ended_on, u.merged_into_id"

    var isActive: Bool { status == UnitStatus.active }
    var subtree: PathRange { PathRange(path: path) }
}

enum UnitStatus {
    static let active = "active"
    static let dissolved = "dissolved"
    static let merged = "merged"

    static func label(_ status: String, _ t: Strings) -> String {
        switch status {
        case active: t["unit.status.active"]
        case dissolved: t["unit.status.dissolved"]
        case merged: t["unit.status.merged"]
        default: status
        }
    }
}

struct UnitKindRow: Codable, Sendable {
    var id: Int
    var code: String
    var name: String
    var level: Int
    var grassroots: Int
}

struct PartyCellRow: Codable, Sendable {
    var id: Int
    var name: String
    var homeUnitId: Int?
}

/// A unit's subtree as a byte range over materialised paths: "/1/5/" covers every path that starts with it,
/// and "/1/50" is the first string after them, because '0' follows '/' in ASCII. One indexed range scan on
/// both databases, with no recursion.
struct PathRange: Sendable, Equatable {
    let low: String
    let high: String

    init(path: String) {
        low = path
        high = String(path.dropLast()) + "0"
    }

    func contains(_ path: String) -> Bool { path >= low && path < high }

    /// The unit ids along a path, root first: "/1/5/" → [1, 5].
    static func ids(in path: String) -> [Int] { path.split(separator: "/").compactMap { Int($0) } }

    /// `column >= low AND column < high`, with the values bound.
    func sql(_ column: String) -> SQLQueryString {
        "(\(unsafeRaw: column) >= \(bind: low) AND \(unsafeRaw: column) < \(bind: high))"
    }

    /// The path of the unit directly below `low` that a path column inside the range falls under ("/1/5/9/4/" under
    /// "/1/5/" → "/1/5/9/"; `low` itself stays `low`). Grouping by it counts a subtree one level down in the
    /// database, returning a row per child instead of one per path. Group by position (`GROUP BY 1`): its bound
    /// values make it a different expression each time it is written.
    func childSQL(_ column: String, _ d: Dialect) -> SQLQueryString {
        let find = d == .postgres ? "strpos" : "instr"
        return """
            substr(\(unsafeRaw: column), 1, length(CAST(\(bind: low) AS TEXT)) + \(unsafeRaw: find)(substr(\(unsafeRaw: column), length(CAST(\(bind: low) AS TEXT)) + 1), '/'))
            """
    }
}
