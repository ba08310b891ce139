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
}
