import Domain
import Foundation
import SQLKit

/// The figures of a unit page, all for the unit's whole subtree as it stands today, each one SQL aggregate.
struct UnitStats: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let label: String
        let count: String
        let share: String
    }

    let members: String
    let women: String
    let womenShare: String
    let party: String
    let partyShare: String
    let unitsByKind: [Line]
    let education: [Line]
    let theory: [Line]

    static func load(for unit: UnitRow, t: Strings, on sql: any SQLDatabase) async throws -> UnitStats {
        let range = unit.subtree
        struct Totals: Decodable { let total: Int; let women: Int; let party: Int }
        let totals = try await sql.raw("""
            SELECT COUNT(*) AS total,
                   COALESCE(SUM(CASE WHEN m.gender = 'female' THEN 1 ELSE 0 END), 0) AS women,
                   COALESCE(SUM(CASE WHEN m.party_joined_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS party
            FROM members m JOIN units u ON u.id = m.unit_id
            WHERE \(range.sql("u.path")) AND m.status IN ('active', 'suspended')
            """).first(decoding: Totals.self)!
        struct Group: Decodable { let key: String?; let n: Int }
        let education = try await sql.raw("""
            SELECT m.education AS key, COUNT(*) AS n FROM members m JOIN units u ON u.id = m.unit_id
            WHERE \(range.sql("u.path")) AND m.status IN ('active', 'suspended') GROUP BY m.education
            """).all(decoding: Group.self)
        let theory = try await sql.raw("""
            SELECT m.political_theory AS key, COUNT(*) AS n FROM members m JOIN units u ON u.id = m.unit_id
            WHERE \(range.sql("u.path")) AND m.status IN ('active', 'suspended') AND m.political_theory IS NOT NULL
            GROUP BY m.political_theory
            """).all(decoding: Group.self)
        struct KindGroup: Decodable { let name: String; let sortOrder: Int; let n: Int }
        let kinds = try await sql.raw("""
            SELECT k.name, k.sort_order, COUNT(*) AS n FROM units u JOIN unit_kinds k ON k.id = u.kind_id
            WHERE \(range.sql("u.path")) AND u.id <> \(bind: unit.id) AND u.status = 'active'
            GROUP BY k.name, k.sort_order ORDER BY k.sort_order
            """).all(decoding: KindGroup.self, with: snakeCase)
        let total = totals.total
        func line(_ label: String, _ n: Int) -> Line {
            Line(label: label, count: VNFormat.integer(n), share: VNFormat.percent(part: n, whole: total))
        }
        let en = t.language == .en
        return UnitStats(
            members: VNFormat.integer(total),
            women: VNFormat.integer(totals.women),
            womenShare: VNFormat.percent(part: totals.women, whole: total),
            party: VNFormat.integer(totals.party),
            partyShare: VNFormat.percent(part: totals.party, whole: total),
            unitsByKind: kinds.map { Line(label: $0.name, count: VNFormat.integer($0.n), share: "") },
            education: EducationLevel.allCases.map { level in
                line(en ? level.labelEN : level.label, education.first { $0.key == level.rawValue }?.n ?? 0)
            },
            theory: PoliticalTheory.allCases.map { level in
                line(en ? level.labelEN : level.label, theory.first { $0.key == level.rawValue }?.n ?? 0)
            })
    }
}
