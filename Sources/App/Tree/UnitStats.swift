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
        // The kept counts of the subtree's units (`KeptCount.unitMembers`), grouped finely; the page's figures are
        // sums of these groups.
        struct Group: Decodable { let education: String; let politicalTheory: String; let members: Int; let women: Int; let party: Int }
        let groups = try await sql.raw("""
            SELECT c.education, c.political_theory, CAST(SUM(c.members) AS BIGINT) AS members, CAST(SUM(c.women) AS BIGINT) AS women, CAST(SUM(c.party) AS BIGINT) AS party
            FROM unit_member_counts c JOIN units u ON u.id = c.unit_id
            WHERE \(range.sql("u.path"))
            GROUP BY c.education, c.political_theory
            """).all(decoding: Group.self, with: snakeCase)
        struct Totals { var total = 0, women = 0, party = 0 }
        var totals = Totals()
        var education: [String: Int] = [:], theory: [String: Int] = [:]
        for g in groups {
            totals.total += g.members
            totals.women += g.women
            totals.party += g.party
            education[g.education, default: 0] += g.members
            if !g.politicalTheory.isEmpty { theory[g.politicalTheory, default: 0] += g.members }
        }
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
                line(en ? level.labelEN : level.label, education[level.rawValue] ?? 0)
            },
            theory: PoliticalTheory.allCases.map { level in
                line(en ? level.labelEN : level.label, theory[level.rawValue] ?? 0)
            })
    }
}
