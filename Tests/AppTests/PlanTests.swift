import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Yearly plans (issue 17): built from the plan above, adjusted, published, progress recorded; who may do what;
/// which units below have no plan yet.
@Suite struct PlanTests {
    static func planId(_ app: Application, unit: Int) async throws -> Int? {
        try await app.sql.raw("SELECT id FROM plans WHERE unit_id = \(bind: unit)").first(decoding: IDRow.self)?.id
    }

    @Test(arguments: TestDB.enabled)
    func plansByEveryRole(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let year = String(CivilDate.today().year)
            let official = Browser(app), viewer = Browser(app), secretary = Browser(app), other = Browser(app), member = Browser(app)
            for (b, name) in [(official, "official"), (viewer, "viewer"), (secretary, "secretary"), (other, "officialB"), (member, "member")] {
                try await b.login(name)
                try await b.send(.GET, SiteURL.plans.path)
            }
            // Only an official of the unit makes its plan.
            for b in [viewer, secretary, member] {
                #expect(try await b.send(.POST, SiteURL.plans.path, form: ["unit": "A", "programme": "1", "year": year]).status == .notFound)
            }
            #expect(try await other.send(.POST, SiteURL.plans.path, form: ["unit": "A", "programme": "1", "year": year]).status == .unprocessableEntity)
            #expect(try await official.send(.POST, SiteURL.plans.path, form: ["unit": "A", "programme": "1", "year": year]).status == .seeOther)
            let planA = try #require(try await Self.planId(app, unit: f.units["A"]!.id))
            #expect(try await official.send(.POST, SiteURL.plans.path, form: ["unit": "A", "programme": "1", "year": year]).status == .conflict)
            // Nothing to publish yet; a target with a bad value is refused and nothing is written.
            #expect(try await official.send(.POST, SiteURL.planPublish(.id(planA)).path, form: [:]).status == .unprocessableEntity)
            let bad = try await official.send(.POST, SiteURL.planTargets(.id(planA)).path, form: ["what": "Đoàn viên đăng ký", "measure": "%", "value": "nhiều"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Giá trị chỉ tiêu phải là một số"))
            #expect(try await Plans.targets(plan: planA, on: app.sql).isEmpty)
            let added = try await official.send(.POST, SiteURL.planTargets(.id(planA)).path,
                                                form: ["what": "Đoàn viên đăng ký việc làm làm theo Bác", "measure": "%", "value": "100", "deadline": "31/03/\(year)"])
            #expect(added.status == .seeOther)
            // Progress only on a published plan.
            let target = try #require(try await Plans.targets(plan: planA, on: app.sql).first)
            #expect(try await official.send(.POST, SiteURL.planTargetProgress(.id(target.id)).path, form: ["value": "50"]).status == .conflict)
            // Who reads and who writes the draft: A's official and viewer read it; B's official and A1's secretary do not.
            #expect(try await viewer.send(.GET, SiteURL.plan(.id(planA)).path).status == .ok)
            #expect(try await secretary.send(.GET, SiteURL.plan(.id(planA)).path).status == .notFound)
            #expect(try await other.send(.GET, SiteURL.plan(.id(planA)).path).status == .notFound)
            for b in [viewer, other] {
                #expect(try await b.send(.POST, SiteURL.planTargets(.id(planA)).path, form: ["what": "x", "measure": "%", "value": "1"]).status == .notFound)
                #expect(try await b.send(.POST, SiteURL.planPublish(.id(planA)).path, form: [:]).status == .notFound)
                #expect(try await b.send(.POST, SiteURL.planTarget(.id(target.id)).path, form: ["what": "x", "measure": "%", "value": "1"]).status == .notFound)
            }
            #expect(try await official.send(.POST, SiteURL.planPublish(.id(planA)).path, form: [:]).status == .seeOther)
            #expect(try await official.send(.POST, SiteURL.planPublish(.id(planA)).path, form: [:]).status == .conflict)
            // Published: the units below read it (A1's secretary).
            #expect(try await secretary.send(.GET, SiteURL.plan(.id(planA)).path).status == .ok)

            // A1's plan is built from A's: the target copied down, then adjusted.
            #expect(try await official.send(.POST, SiteURL.plans.path, form: ["unit": "A1", "programme": "1", "year": year]).status == .seeOther)
            let planA1 = try #require(try await Self.planId(app, unit: f.units["A1"]!.id))
            let copied = try await Plans.targets(plan: planA1, on: app.sql)
            #expect(copied.count == 1 && copied[0].parentTargetId == target.id && copied[0].targetValue == 100)
            #expect(try await official.send(.POST, SiteURL.planTarget(.id(copied[0].id)).path,
                                            form: ["what": copied[0].what, "measure": "%", "value": "97,5", "owner": "Chủ tịch CĐCS"]).status == .seeOther)
            #expect(try await Plans.targets(plan: planA1, on: app.sql)[0].targetValue == 97.5)
            // Which units below have a plan: none published yet, then A1.
            var page = try await official.send(.GET, SiteURL.plan(.id(planA)).path)
            #expect(page.text.contains("0/2 đơn vị trực thuộc đã ban hành kế hoạch") && page.text.contains("CĐCS đã ban hành kế hoạch: 0/2"))
            #expect(try await official.send(.POST, SiteURL.planPublish(.id(planA1)).path, form: [:]).status == .seeOther)
            page = try await official.send(.GET, SiteURL.plan(.id(planA)).path)
            #expect(page.text.contains("1/2 đơn vị trực thuộc đã ban hành kế hoạch") && page.text.contains("1/2 (50,0%)"))
            let unitPage = try await official.send(.GET, SiteURL.unit(.id(f.units["A"]!.id)).path)
            #expect(unitPage.text.contains("id=\"plan\"") && unitPage.text.contains("Công đoàn Sở Tư pháp"), "\(unitPage.status) \(unitPage.text.suffix(3000))")
            // Progress against the adjusted target.
            let t1 = try await Plans.targets(plan: planA1, on: app.sql)[0]
            #expect(try await official.send(.POST, SiteURL.planTargetProgress(.id(t1.id)).path, form: ["value": "abc"]).status == .unprocessableEntity)
            #expect(try await official.send(.POST, SiteURL.planTargetProgress(.id(t1.id)).path, form: ["value": "78", "note": "Quý I"]).status == .seeOther)
            #expect(try await official.send(.GET, SiteURL.plan(.id(planA1)).path).text.contains("80,0%"))
            let api = try await official.send(.GET, SiteURL.api(.plan(.id(planA))).path)
            #expect(api.status == .ok && api.text.contains("\"childrenWithPlan\":1") && api.text.contains("\"status\":\"published\""))
            #expect(try await other.send(.GET, SiteURL.api(.plan(.id(planA))).path).status == .notFound)
            #expect(try await official.send(.GET, SiteURL.api(.plans).with([("limit", "0")])).status == .badRequest)
            struct Entry: Decodable { let summary: String }
            let entries = try await app.sql.raw("SELECT summary FROM audit_log WHERE entity = 'plan' ORDER BY id").all(decoding: Entry.self)
            #expect(entries.contains { $0.summary.contains("chép chỉ tiêu từ kế hoạch của Liên đoàn Lao động tỉnh An Giang") })
            #expect(entries.contains { $0.summary.contains("78/97,5 %") })
        }
    }
}
