import Domain
import Foundation
import SQLKit

/// Page models of plans, built from rows.
struct PlansPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let title: String
        let unit: String
        let year: Int
        let published: Bool
        let url: String
        init(_ p: Plans.Row, t: Strings) {
            title = p.title; unit = p.unitName; year = p.year; published = p.published; url = SiteURL.plan(.id(p.id)).path
        }
    }
    struct Option: Encodable, Sendable { let id: Int; let name: String }
    let items: [Item]
    let canCreate: Bool
    let programmes: [Option]
    let year: String
    let postURL: String
    let error: String?
}

struct PlanPage: Encodable, Sendable {
    struct Target: Encodable, Sendable {
        let id: Int
        let n: Int
        let what: String
        let measure: String
        let value: String
        let owner: String
        let deadline: String
        let copied: Bool
        let progress: String
        let progressNote: String
        let share: String
        let width: Int
        let hasProgress: Bool
        let editURL: String
        let progressURL: String
    }
    struct Child: Encodable, Sendable { let name: String; let url: String; let state: String; let has: Bool }
    let title: String
    let unit: String
    let year: Int
    let programme: String
    let published: Bool
    let publishedLine: String
    let parentTitle: String?
    let parentURL: String?
    let targets: [Target]
    let children: [Child]
    let childrenLine: String
    let grassrootsLine: String?
    let canWrite: Bool
    let addURL: String
    let publishURL: String
    let error: String?

    init(_ p: Plans.Row, parent: Plans.Row?, targets rows: [Plans.Target], children kids: [Plans.ChildPlan], grassroots: Plans.Grassroots?,
         canWrite: Bool, t: Strings, error: String?) {
        title = p.title; unit = p.unitName; year = p.year; programme = p.programmeName; published = p.published
        publishedLine = p.published ? t.format("plan_published_on", p.publishedAt.map { String($0.prefix(10)) }.flatMap(CivilDate.init(iso:)).map(VNFormat.date) ?? "") : t["plan_draft"]
        parentTitle = parent.map { "\($0.title) — \($0.unitName)" }
        parentURL = parent.map { SiteURL.plan(.id($0.id)).path }
        targets = rows.enumerated().map { i, r in
            let share = r.progressValue.map { r.targetValue > 0 ? VNFormat.decimal(min($0 / r.targetValue, 9.99) * 100, digits: 1) + "%" : "—" } ?? "—"
            let width = r.progressValue.map { r.targetValue > 0 ? Int(min($0 / r.targetValue, 1) * 100) : 0 } ?? 0
            return Target(id: r.id, n: i + 1, what: r.what, measure: r.measure, value: VNFormat.number(r.targetValue), owner: r.owner,
                          deadline: r.deadline.flatMap(CivilDate.init(iso:)).map(VNFormat.date) ?? "", copied: r.parentTargetId != nil,
                          progress: r.progressValue.map(VNFormat.number) ?? "", progressNote: r.progressNote, share: share, width: width,
                          hasProgress: r.progressValue != nil, editURL: SiteURL.planTarget(.id(r.id)).path,
                          progressURL: SiteURL.planTargetProgress(.id(r.id)).path)
        }
        children = kids.map { c in
            Child(name: c.name, url: c.planId.map { SiteURL.plan(.id($0)).path } ?? SiteURL.unit(.id(c.unitId)).path,
                  state: c.status.map { $0 == "published" ? t["plan_state_published"] : t["plan_state_draft"] } ?? t["plan_state_none"],
                  has: c.status == "published")
        }
        childrenLine = t.format("plan_children_line", VNFormat.integer(kids.filter { $0.status == "published" }.count), VNFormat.integer(kids.count))
        grassrootsLine = grassroots.flatMap { g in
            g.total == 0 ? nil : t.format("plan_grassroots_line", VNFormat.integer(g.planned ?? 0), VNFormat.integer(g.total),
                                          VNFormat.percent(part: g.planned ?? 0, whole: g.total))
        }
        self.canWrite = canWrite
        addURL = SiteURL.planTargets(.id(p.id)).path
        publishURL = SiteURL.planPublish(.id(p.id)).path
        self.error = error
    }
}

/// The plan block of a unit page: the year's plan that covers the unit, and how many units below have theirs.
struct UnitPlan: Encodable, Sendable {
    let title: String
    let url: String
    let owner: String
    let childrenLine: String
    let grassrootsLine: String?
    let missing: String?

    static func load(for unit: UnitRow, today: CivilDate, t: Strings, on sql: any SQLDatabase) async throws -> UnitPlan? {
        guard let plan = try await Plans.covering(unit: unit, year: today.year, on: sql) else { return nil }
        let kids = try await Plans.children(of: unit.id, programmeId: plan.programmeId, year: plan.year, on: sql)
        let g = try await Plans.grassroots(under: unit, programmeId: plan.programmeId, year: plan.year, on: sql)
        return UnitPlan(title: plan.title, url: SiteURL.plan(.id(plan.id)).path, owner: plan.unitName,
                        childrenLine: t.format("plan_children_line", VNFormat.integer(kids.filter { $0.status == "published" }.count), VNFormat.integer(kids.count)),
                        grassrootsLine: g.total == 0 ? nil : t.format("plan_grassroots_line", VNFormat.integer(g.planned ?? 0), VNFormat.integer(g.total),
                                                                     VNFormat.percent(part: g.planned ?? 0, whole: g.total)),
                        missing: kids.filter { $0.status != "published" }.isEmpty ? nil
                            : kids.filter { $0.status != "published" }.prefix(20).map(\.name).joined(separator: "; "))
    }
}
