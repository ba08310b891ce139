import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Programmes as data officials keep (issue 16 item 1): who adds, who changes, what is refused and why.
@Suite struct ProgrammeTests {
    static func audited(_ app: Application, _ action: String) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'programme' AND action = \(bind: action)")
            .first(decoding: CountRow.self)?.n ?? 0
    }

    @Test(arguments: TestDB.enabled)
    func officialsAddAndChangeTheirUnitsProgrammes(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let official = Browser(app)
            try await official.login("official")
            let list = try await official.send(.GET, SiteURL.programmes.path)
            #expect(list.status == .ok)
            #expect(list.text.contains("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh") && list.text.contains("Toàn quốc"))

            // Added for a unit the official writes to.
            let made = try await official.send(.POST, SiteURL.programmes.path, form: [
                "unit": "A1", "name": "Mỗi tuần một việc tốt", "kind": "emulation", "summary": "Mỗi đoàn viên một việc tốt mỗi tuần", "criteria": "Có sổ ghi chép",
            ])
            #expect(made.status == .seeOther)
            let id = try #require(try await app.sql.raw("SELECT id FROM programmes WHERE name = 'Mỗi tuần một việc tốt'").first(decoding: IDRow.self)?.id)
            #expect(try await Self.audited(app, "create") == 1)
            #expect(try await official.send(.GET, SiteURL.programmes.path).text.contains(SiteURL.programme(.id(id)).path))

            // Refused, with the reason in Vietnamese, and nothing written.
            let same = try await official.send(.POST, SiteURL.programmes.path, form: ["unit": "A1", "name": "MOI TUAN MOT VIEC TOT", "kind": "emulation"])
            #expect(same.status == .conflict && same.text.contains("Đã có chương trình tên"))
            let empty = try await official.send(.POST, SiteURL.programmes.path, form: ["unit": "A1", "name": "  ", "kind": "emulation"])
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Tên chương trình: không được để trống"))
            let badKind = try await official.send(.POST, SiteURL.programmes.path, form: ["unit": "A1", "name": "Thi đua khác", "kind": "party"])
            #expect(badKind.status == .unprocessableEntity && badKind.text.contains("Loại chương trình không hợp lệ"))
            let elsewhere = try await official.send(.POST, SiteURL.programmes.path, form: ["unit": "B1", "name": "Thi đua ở tỉnh khác", "kind": "emulation"])
            #expect(elsewhere.status == .unprocessableEntity)
            let noUnit = try await official.send(.POST, SiteURL.programmes.path, form: ["name": "Thi đua toàn quốc", "kind": "emulation"])
            #expect(noUnit.status == .unprocessableEntity && noUnit.text.contains("hãy chọn một đơn vị"))
            #expect(try await Self.audited(app, "create") == 1)

            // Changed, with the year's theme; the register keeps what changed.
            let edit = SiteURL.programme(.id(id)).path
            #expect(try await official.send(.GET, edit).status == .ok)
            let changed = try await official.send(.POST, edit, form: [
                "name": "Mỗi tuần một việc tốt vì đồng nghiệp", "kind": "campaign", "summary": "Mỗi đoàn viên một việc tốt mỗi tuần", "criteria": "Có sổ ghi chép",
                "source": "Kế hoạch 18/KH-CĐVC", "termTheme": "", "termFrom": "", "termTo": "", "year": "2026", "yearTheme": "Việc tốt vì đồng nghiệp",
            ])
            #expect(changed.status == .seeOther)
            #expect(try await Programmes.find(id: id, on: app.sql)?.name == "Mỗi tuần một việc tốt vì đồng nghiệp")
            #expect(try await Programmes.theme(programmeId: id, year: 2026, on: app.sql) == "Việc tốt vì đồng nghiệp")
            struct Change: Decodable { let changes: String? }
            let entry = try await app.sql.raw("SELECT changes FROM audit_log WHERE entity = 'programme' AND action = 'update' AND summary LIKE 'Sửa%'")
                .first(decoding: Change.self)
            #expect(entry?.changes?.contains("Mỗi tuần một việc tốt vì đồng nghiệp") == true && entry?.changes?.contains("campaign") == true)
            let badTerm = try await official.send(.POST, edit, form: ["name": "Mỗi tuần một việc tốt", "kind": "campaign", "termFrom": "2026", "termTo": "2021"])
            #expect(badTerm.status == .unprocessableEntity && badTerm.text.contains("Nhiệm kỳ"))
            let badYear = try await official.send(.POST, edit, form: ["name": "Mỗi tuần một việc tốt", "kind": "campaign", "termFrom": "hai nghìn"])
            #expect(badYear.status == .unprocessableEntity && badYear.text.contains("chữ số"))
            #expect(try await Programmes.find(id: id, on: app.sql)?.name == "Mỗi tuần một việc tốt vì đồng nghiệp")

            // The nationwide ones are the administrator's; another province's official and a viewer see a 404.
            #expect(try await official.send(.GET, SiteURL.programme(.id(1)).path).status == .notFound)
            #expect(try await official.send(.POST, SiteURL.programme(.id(1)).path, form: ["name": "Đổi", "kind": "movement"]).status == .notFound)
            let other = Browser(app)
            try await other.login("officialB")
            #expect(try await other.send(.GET, edit).status == .notFound)
            #expect(try await other.send(.POST, edit, form: ["name": "Đổi", "kind": "movement"]).status == .notFound)
            let viewer = Browser(app)
            try await viewer.login("viewer")
            #expect(try await viewer.send(.GET, SiteURL.programmes.path).status == .ok)
            #expect(try await viewer.send(.POST, SiteURL.programmes.path, form: ["unit": "A1", "name": "Thi đua của người xem", "kind": "emulation"]).status == .notFound)
            let admin = Browser(app)
            try await admin.login("admin")
            #expect(try await admin.send(.GET, SiteURL.programme(.id(1)).path).status == .ok)
            let nationwide = try await admin.send(.POST, SiteURL.programmes.path, form: ["name": "Thi đua yêu nước", "kind": "emulation"])
            #expect(nationwide.status == .seeOther)
            #expect(try await app.sql.raw("SELECT id FROM programmes WHERE name = 'Thi đua yêu nước' AND unit_id IS NULL").first(decoding: IDRow.self) != nil)
            _ = f
        }
    }
}
