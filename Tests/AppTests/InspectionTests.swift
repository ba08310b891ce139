import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Inspection and supervision (issue 17): planned, held, corrections required and followed up until closed;
/// overdue ones on the unit pages; every step by the right side only.
@Suite struct InspectionTests {
    @Test(arguments: TestDB.enabled)
    func inspectionsByEveryRole(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let today = CivilDate.today()
            let official = Browser(app), viewer = Browser(app), secretary = Browser(app), other = Browser(app), member = Browser(app)
            for (b, name) in [(official, "official"), (viewer, "viewer"), (secretary, "secretary"), (other, "officialB"), (member, "member")] {
                try await b.login(name)
                try await b.send(.GET, SiteURL.inspections.path)
            }
            let form = ["unit": "A", "target": "A1", "subject": "registrations", "title": "Việc thực hiện đăng ký làm theo năm \(today.year)",
                        "day": VNFormat.date(today)]
            for b in [viewer, secretary, member] { #expect(try await b.send(.POST, SiteURL.inspections.path, form: form).status == .notFound) }
            #expect(try await other.send(.POST, SiteURL.inspections.path, form: form).status == .unprocessableEntity)
            // The inspected unit must be the inspector's or below it.
            var wrong = form; wrong["unit"] = "A1"; wrong["target"] = "A2"
            let refused = try await official.send(.POST, SiteURL.inspections.path, form: wrong)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("phải là Công đoàn Trường THPT Long Xuyên hoặc một đơn vị cấp dưới"))
            #expect(try await official.send(.POST, SiteURL.inspections.path, form: form).status == .seeOther)
            let id = try #require(try await app.sql.raw("SELECT id FROM inspections").first(decoding: IDRow.self)).id
            let url = SiteURL.inspection(.id(id)).path
            // Who reads it: both sides; not B.
            for b in [official, viewer, secretary] { #expect(try await b.send(.GET, url).status == .ok) }
            #expect(try await other.send(.GET, url).status == .notFound)
            #expect(try await member.send(.GET, url).status == .notFound)
            // Findings: the inspector only; not in the future; corrections only after the findings.
            let findings = SiteURL.inspectionFindings(.id(id)).path, corrections = SiteURL.inspectionCorrections(.id(id)).path
            for b in [viewer, secretary, other] {
                #expect(try await b.send(.POST, findings, form: ["day": VNFormat.date(today), "findings": "x"]).status == .notFound)
            }
            let early = try await official.send(.POST, corrections, form: ["what": "Sửa bản đăng ký chung chung", "owner": "Chủ tịch CĐCS",
                                                                             "deadline": VNFormat.date(today.adding(days: -3))])
            #expect(early.status == .conflict)
            #expect(try await official.send(.POST, findings, form: ["day": VNFormat.date(today.adding(days: 2)), "findings": "x"]).status == .unprocessableEntity)
            #expect(try await official.send(.POST, findings, form: ["day": VNFormat.date(today.adding(days: -5)),
                                                                    "findings": "12/40 bản đăng ký còn chung chung, chưa sát nhiệm vụ được giao."]).status == .seeOther)
            #expect(try await official.send(.POST, corrections, form: ["what": "Sửa 12 bản đăng ký chung chung", "owner": "", "deadline": "01/01/2026"]).status == .unprocessableEntity)
            #expect(try await official.send(.POST, corrections, form: ["what": "Sửa 12 bản đăng ký chung chung", "owner": "Chủ tịch CĐCS",
                                                                       "deadline": VNFormat.date(today.adding(days: -1))]).status == .seeOther)
            let cid = try #require(try await app.sql.raw("SELECT id FROM inspection_corrections").first(decoding: IDRow.self)).id
            // Overdue: on the inspected unit's page and on the inspector's.
            for unit in ["A1", "A"] {
                let page = try await official.send(.GET, SiteURL.unit(.id(f.units[unit]!.id)).path)
                #expect(page.text.contains("id=\"overdue\"") && page.text.contains("Sửa 12 bản đăng ký chung chung"), "\(unit)")
            }
            #expect(try await official.send(.GET, SiteURL.home.path).text.contains("Sửa 12 bản đăng ký chung chung"))
            // Follow-up by a writer of either side; closing by the inspector, once.
            let follow = SiteURL.correctionFollowUp(.id(cid)).path, close = SiteURL.correctionClose(.id(cid)).path
            for b in [viewer, secretary] { #expect(try await b.send(.POST, follow, form: ["note": "x"]).status == .notFound) }
            #expect(try await other.send(.POST, follow, form: ["note": "x"]).status == .notFound)
            #expect(try await official.send(.POST, follow, form: ["note": "Đã sửa 8/12 bản"]).status == .seeOther)
            #expect(try await viewer.send(.POST, close, form: ["note": "x"]).status == .notFound)
            #expect(try await official.send(.POST, close, form: ["note": ""]).status == .unprocessableEntity)
            #expect(try await official.send(.POST, close, form: ["note": "Đã sửa đủ 12 bản, bí thư chi bộ duyệt lại"]).status == .seeOther)
            #expect(try await official.send(.POST, close, form: ["note": "lần nữa"]).status == .conflict)
            #expect(try await official.send(.POST, follow, form: ["note": "muộn"]).status == .conflict)
            #expect(!(try await official.send(.GET, SiteURL.unit(.id(f.units["A1"]!.id)).path).text.contains("id=\"overdue\"")))
            let page = try await viewer.send(.GET, url)
            #expect(page.text.contains("Đã sửa 8/12 bản") && page.text.contains("Đã khắc phục"))
            let api = try await viewer.send(.GET, SiteURL.api(.inspection(.id(id))).path)
            #expect(api.status == .ok && api.text.contains("\"status\":\"closed\""))
            #expect(try await other.send(.GET, SiteURL.api(.inspection(.id(id))).path).status == .notFound)
            #expect(try await other.send(.GET, SiteURL.api(.inspections).path).text.contains("\"items\":[]"))
            struct Entry: Decodable { let summary: String }
            let entries = try await app.sql.raw("SELECT summary FROM audit_log WHERE entity = 'inspection' ORDER BY id").all(decoding: Entry.self)
            #expect(entries.count == 5)
        }
    }

    /// The API writes what a unit reports through the year: a target's progress, a correction's follow-up and its
    /// closing, with the pages' rules (404 out of scope, 403 not the inspector, 409 not from this state, 422 bad
    /// values, 400 a body that is not the declared JSON), each write audited.
    @Test(arguments: TestDB.enabled)
    func apiWrites(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            try await EvaluationTests.officialOfA1(app)
            let today = CivilDate.today()
            let a1 = f.units["A1"]!.id, a = f.units["A"]!.id
            let ids = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let plan = try await Plans.create(unitId: a1, programmeId: 1, year: today.year, in: tx)
                let target = try await Plans.addTarget(plan: plan, .init(what: "Đoàn viên đăng ký việc làm", measure: "%", targetValue: 100, owner: "Chủ tịch", deadline: nil), in: tx)
                let inspection = try await Inspections.create(.init(unitId: a, targetUnitId: a1, subject: .unit, title: "Kiểm tra năm", plannedOn: today), in: tx)
                try await Inspections.recordFindings(inspection: inspection, heldOn: today, findings: "Sổ sách chưa đủ", in: tx)
                let correction = try await Inspections.addCorrection(inspection: inspection, what: "Bổ sung sổ sách", owner: "Chủ tịch", deadline: today, in: tx)
                return (plan, target, correction)
            }
            let province = Browser(app), union = Browser(app), viewer = Browser(app), other = Browser(app)
            for (b, name) in [(province, "official"), (union, "officialA1"), (viewer, "viewer"), (other, "officialB")] { try await b.login(name) }
            let progress = SiteURL.api(.planTargetProgress(.id(ids.1))).path
            #expect(try await union.send(.POST, progress, json: #"{"value": 40}"#).status == .conflict)   // a draft
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in try await Plans.publish(plan: ids.0, in: tx) }
            #expect(try await other.send(.POST, progress, json: #"{"value": 40}"#).status == .notFound)
            #expect(try await viewer.send(.POST, progress, json: #"{"value": 40}"#).status == .notFound)
            #expect(try await union.send(.POST, progress, json: #"{"value": -1}"#).status == .unprocessableEntity)
            #expect(try await union.send(.POST, progress, json: #"{"value": "nhiều"}"#).status == .badRequest)
            let recorded = try await union.send(.POST, progress, json: #"{"value": 87.5, "note": "35/40 đoàn viên"}"#)
            #expect(recorded.status == .ok && recorded.text.contains("\"progressValue\":87.5") && recorded.text.contains("35\\/40 đoàn viên"))
            #expect(try await union.send(.GET, SiteURL.plan(.id(ids.0)).path).text.contains("87,5"))

            let follow = SiteURL.api(.correctionFollowUp(.id(ids.2))).path, close = SiteURL.api(.correctionClose(.id(ids.2))).path
            #expect(try await other.send(.POST, follow, json: #"{"note": "x"}"#).status == .notFound)
            #expect(try await viewer.send(.POST, follow, json: #"{"note": "x"}"#).status == .notFound)
            #expect(try await union.send(.POST, follow, json: #"{"note": "  "}"#).status == .unprocessableEntity)
            #expect(try await union.send(.POST, follow, json: #"{}"#).status == .badRequest)
            let followed = try await union.send(.POST, follow, json: #"{"note": "Đã bổ sung sổ theo dõi đoàn viên"}"#)
            #expect(followed.status == .ok && followed.text.contains("Đã bổ sung sổ theo dõi đoàn viên") && followed.text.contains("\"followUps\":[{"))
            // Only the inspector closes it, once.
            #expect(try await union.send(.POST, close, json: #"{"note": "Xong"}"#).status == .forbidden)
            let closed = try await province.send(.POST, close, json: #"{"note": "Đã kiểm tra lại: đủ sổ sách"}"#)
            #expect(closed.status == .ok && closed.text.contains("\"status\":\"closed\""))
            #expect(try await province.send(.POST, close, json: #"{"note": "lần nữa"}"#).status == .conflict)
            #expect(try await union.send(.POST, follow, json: #"{"note": "muộn"}"#).status == .conflict)
            let detail = try await viewer.send(.GET, SiteURL.api(.inspection(.id(try await Inspections.correction(ids.2, on: app.sql)!.inspectionId))).path)
            #expect(detail.text.contains("\"followUps\":[{") && detail.text.contains("Đã kiểm tra lại"))
            struct Entry: Decodable { let summary: String }
            let entries = try await app.sql.raw("SELECT summary FROM audit_log WHERE entity IN ('inspection', 'plan') AND user_id IS NOT NULL ORDER BY id").all(decoding: Entry.self)
            #expect(entries.map(\.summary).contains { $0.contains("87,5/100") } && entries.contains { $0.summary.hasPrefix("Theo dõi khắc phục") }
                    && entries.contains { $0.summary.hasPrefix("Đóng việc khắc phục") })
        }
    }
}
