import SQLKit

/// What a change to a unit's subtree would touch, counted before it is made, for the confirmation page.
struct UnitImpact: Decodable, Sendable {
    /// Active units in the subtree, the unit itself included.
    let units: Int
    /// Current members (active or suspended) in those units.
    let members: Int

    static func of(_ unit: UnitRow, on sql: any SQLDatabase) async throws -> UnitImpact {
        try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM units u WHERE \(unit.subtree.sql("u.path")) AND u.status = 'active') AS units,
                   (SELECT CAST(COALESCE(SUM(c.members), 0) AS BIGINT) FROM unit_member_counts c JOIN units u ON u.id = c.unit_id
                    WHERE \(unit.subtree.sql("u.path"))) AS members
            """).first(decoding: UnitImpact.self)!
    }

    /// Current members of the unit itself (not its sub-units): those a merge transfers.
    static func ownMembers(_ unit: UnitRow, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM members m WHERE m.unit_id = \(bind: unit.id) AND m.status IN ('active', 'suspended')
            """).first(decoding: CountRow.self)?.n ?? 0
    }
}
