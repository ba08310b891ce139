import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App
@testable import Spreadsheet

/// The register (filters, scope, paging, the security view) and the exports (content, headers, scope).
@Suite struct AuditRegisterTests {
    /// An entry written straight into the register, with a summary the test can look for.
    static func entry(_ app: Application, at: String, user: Int?, username: String, action: String = "update", entity: String,
                      unit: Int?, summary: String) async throws {
        try await app.sql.raw("""
            INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, unit_id, summary)
            VALUES (\(bind: at), \(bind: user), \(bind: username), \(bind: action), \(bind: entity), NULL, \(bind: unit), \(bind: summary))
            """).run()
    }

    static func seed(_ app: Application, _ f: Fixture) async throws {
        try await entry(app, at: "2025-01-10T03:00:00Z", user: f.users["official"], username: "official", entity: "member",
                        unit: f.units["A1"]!.id, summary: "S-official-A1-member")
        try await entry(app, at: "2025-06-30T16:59:00Z", user: f.users["admin"], username: "admin", entity: "unit",
                        unit: f.units["A1a"]!.id, summary: "S-admin-A1a-unit-june")
        try await entry(app, at: "2025-06-30T17:00:00Z", user: f.users["admin"], username: "admin", entity: "unit",
                        unit: f.units["A2"]!.id, summary: "S-admin-A2-unit-july")
        try await entry(app, at: "2025-03-01T03:00:00Z", user: f.users["officialB"], username: "officialB", entity: "member",
                        unit: f.units["B1"]!.id, summary: "S-officialB-B1-member")
        try await entry(app, at: "2025-03-02T03:00:00Z", user: nil, username: "cli", entity: "user", unit: nil, summary: "S-cli-nounit")
    }

    @Test func scopeOfficialsTheirSubtreeAdminsAllOthers404() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            try await Self.seed(app, f)
            let official = Browser(app)
            try await official.login("official")
            let page = try await official.send(.GET, "/audit")
            #expect(page.status == .ok)
            #expect(page.text.contains("S-official-A1-member") && page.text.contains("S-admin-A2-unit-july"))
            #expect(!page.text.contains("S-officialB-B1-member"))
            #expect(!page.text.contains("S-cli-nounit"))
            #expect(!page.text.contains("Tạo đơn vị B1"))
            // Actions, kinds and the actor read in Vietnamese.
            #expect(page.text.contains(">Sửa</td>") && page.text.contains("Đoàn viên"))
            #expect(try await official.send(.GET, "/audit/security").status == .notFound)
            #expect(try await official.send(.GET, "/audit?unit=B1").status == .badRequest)

            let admin = Browser(app)
            try await admin.login("admin")
            let all = try await admin.send(.GET, "/audit")
            #expect(all.text.contains("S-officialB-B1-member") && all.text.contains("S-cli-nounit") && all.text.contains("Tạo đơn vị B1"))
            #expect(all.text.contains("Dòng lệnh"))
            // Log-ins are not in the register but in the security view.
            #expect(!all.text.contains(#"data-label="Nội dung">Đăng nhập<"#))
            let security = try await admin.send(.GET, "/audit/security")
            #expect(security.status == .ok)
            #expect(security.text.contains(#"data-label="Nội dung">Đăng nhập<"#))
            #expect(!security.text.contains("S-cli-nounit"))

            for role in ["secretary", "member", "viewer"] {
                let b = Browser(app)
                try await b.login(role)
                #expect(try await b.send(.GET, "/audit").status == .notFound, "\(role)")
                #expect(try await b.send(.GET, "/audit/export/csv").status == .notFound, "\(role)")
                #expect(try await b.send(.GET, "/audit/security").status == .notFound, "\(role)")
            }
        }
    }

    @Test func filtersPersonKindSubtreeDates() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            try await Self.seed(app, f)
            let b = Browser(app)
            try await b.login("admin")
            let person = try await b.send(.GET, "/audit?user=\(f.users["official"]!)")
            #expect(person.text.contains("S-official-A1-member") && !person.text.contains("S-admin-A1a-unit-june"))
            let kind = try await b.send(.GET, "/audit?entity=member")
            #expect(kind.text.contains("S-official-A1-member") && kind.text.contains("S-officialB-B1-member"))
            #expect(!kind.text.contains("S-admin-A1a-unit-june"))
            let subtree = try await b.send(.GET, "/audit?unit=A1")
            #expect(subtree.text.contains("S-official-A1-member") && subtree.text.contains("S-admin-A1a-unit-june"))
            #expect(!subtree.text.contains("S-admin-A2-unit-july") && !subtree.text.contains("S-officialB-B1-member"))
            // A unit by part of its name, without diacritics.
            let byName = try await b.send(.GET, "/audit?unit=bac%20ninh")
            #expect(byName.text.contains("S-officialB-B1-member") && !byName.text.contains("S-official-A1-member"))
            let ambiguous = try await b.send(.GET, "/audit?unit=cong%20doan")
            #expect(ambiguous.status == .badRequest && ambiguous.text.contains("có nhiều đơn vị khớp «cong doan»") && ambiguous.text.contains("ghi mã của đơn vị"))
            // Days are Vietnamese days: 23:59 on 30/06 is in June, 00:00 on 01/07 is not.
            let june = try await b.send(.GET, "/audit?from=01/06/2025&to=30/06/2025")
            #expect(june.text.contains("S-admin-A1a-unit-june") && !june.text.contains("S-admin-A2-unit-july"))
            #expect(!june.text.contains("S-official-A1-member"))
            let july = try await b.send(.GET, "/audit?from=01/07/2025&to=01/07/2025")
            #expect(july.text.contains("S-admin-A2-unit-july") && !july.text.contains("S-admin-A1a-unit-june"))
            let bad = try await b.send(.GET, "/audit?from=31/02/2025")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("Từ ngày"))
            let reversed = try await b.send(.GET, "/audit?from=02/02/2025&to=01/02/2025")
            #expect(reversed.status == .badRequest && reversed.text.contains("trước Từ ngày"))
            // Combined: person and kind and subtree.
            let combined = try await b.send(.GET, "/audit?user=\(f.users["admin"]!)&entity=unit&unit=A")
            #expect(combined.text.contains("S-admin-A1a-unit-june") && combined.text.contains("S-admin-A2-unit-july"))
            #expect(!combined.text.contains("S-official-A1-member"))
        }
    }

    @Test func pagingBothWays() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            for i in 1...250 {
                try await Self.entry(app, at: "2025-02-01T03:00:00Z", user: f.users["admin"], username: "admin", entity: "member",
                                     unit: f.units["B1"]!.id, summary: "P-\(i)-end")
            }
            let b = Browser(app)
            try await b.login("admin")
            func summaries(_ text: String) -> [Int] {
                text.components(separatedBy: "P-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            }
            func link(_ text: String, rel: String) -> String? {
                guard let r = text.range(of: "rel=\"\(rel)\"") else { return nil }
                let before = text[..<r.lowerBound]
                guard let h = before.range(of: "href=\"", options: .backwards) else { return nil }
                return String(before[h.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            }
            let first = try await b.send(.GET, "/audit?entity=member&unit=B1")
            #expect(summaries(first.text) == Array((151...250).reversed()))
            #expect(first.text.contains("100 mục, mới nhất trước"))
            #expect(link(first.text, rel: "prev") == nil)
            let secondURL = try #require(link(first.text, rel: "next"))
            #expect(secondURL.contains("entity=member") && secondURL.contains("unit=B1"))
            let second = try await b.send(.GET, secondURL)
            #expect(summaries(second.text) == Array((51...150).reversed()))
            let third = try await b.send(.GET, try #require(link(second.text, rel: "next")))
            // The fixture's "Thêm đoàn viên Phạm Thị Hà" is a member entry of B1 too, older than all of them.
            #expect(summaries(third.text) == Array((1...50).reversed()))
            #expect(third.text.contains("Phạm Thị Hà"))
            #expect(link(third.text, rel: "next") == nil)
            let back = try await b.send(.GET, try #require(link(third.text, rel: "prev")))
            #expect(summaries(back.text) == Array((51...150).reversed()))
            let top = try await b.send(.GET, try #require(link(back.text, rel: "prev")))
            #expect(summaries(top.text) == Array((151...250).reversed()))
            #expect(link(top.text, rel: "prev") == nil)
        }
    }

    @Test func writersUseVietnameseRoleNamesAndNumbers() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            struct S: Decodable { let summary: String }
            let grants = try await app.sql.raw("SELECT summary FROM audit_log WHERE action = 'grant' ORDER BY id").all(decoding: S.self).map(\.summary)
            #expect(grants.contains("Giao vai trò Cán bộ công đoàn cho tài khoản official"))
            #expect(grants.contains("Giao vai trò Bí thư chi bộ cho tài khoản secretary"))
            #expect(!grants.contains { $0.contains("official cho") || $0.contains("#") })
        }
    }
}

@Suite struct ExportTests {
    static func csvRows(_ text: String) -> [String] {
        text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func memberCSVHasBOMHeadersCRLFAndKeepsToScope() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let page = try await b.send(.GET, "/members")
            #expect(page.text.contains("/members/export/xlsx") && page.text.contains("/members/export/csv"))
            let r = try await b.send(.GET, "/members/export/csv")
            #expect(r.status == .ok)
            #expect(r.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let disposition = try #require(r.headers.first(name: .contentDisposition))
            #expect(disposition.hasPrefix("attachment;") && disposition.contains("doan-vien-") && disposition.contains(".csv"))
            let bytes = Array(r.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(text.contains("\r\n"))
            let rows = Self.csvRows(text)
            #expect(rows.first == "Họ và tên;Ngày sinh;Giới tính;Trình độ chuyên môn;Ngày vào Đảng;Tình trạng;Chức vụ;Mã đơn vị;Đơn vị")
            #expect(rows.count == 4)
            #expect(text.contains("Nguyễn Thị Đào;15/03/1990;Nữ;") && text.contains("Lê Văn Ân") && text.contains("Trần Văn Bình"))
            #expect(!text.contains("Phạm Thị Hà"))
            // With the list's filters: a unit's subtree, and outside scope is a 404.
            let sub = Self.csvRows(try await b.send(.GET, "/members/export/csv?under=\(f.units["A1"]!.id)").text)
            #expect(sub.count == 3)
            #expect(try await b.send(.GET, "/members/export/csv?unit=B1").status == .notFound)
            #expect(try await b.send(.GET, "/members/export/csv?under=\(f.units["B"]!.id)").status == .notFound)
            #expect(try await b.send(.GET, "/members/export/pdf").status == .notFound)
            // Each export is in the register.
            struct S: Decodable { let summary: String }
            let logged = try await app.sql.raw("SELECT summary FROM audit_log WHERE action = 'export' ORDER BY id").all(decoding: S.self).map(\.summary)
            #expect(logged.first == "Xuất danh sách đoàn viên (3 dòng, .csv)")
            #expect(logged.count == 2)
            // Done across the official's whole scope, the export is filed under their unit: their register shows it.
            let register = try await b.send(.GET, "/audit?entity=member")
            #expect(register.text.contains("Xuất danh sách đoàn viên (3 dòng, .csv)"))
        }
    }

    @Test func memberXLSXReadsBackWithDateCellsAndFrozenBoldHeader() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("admin")
            let r = try await b.send(.GET, "/members/export/xlsx?gender=female")
            #expect(r.status == .ok)
            #expect(r.headers.first(name: .contentType) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(r.headers.first(name: .contentDisposition)?.contains(".xlsx") == true)
            let data = Data(r.body.readableBytesView)
            let table = try XLSXReader.read(data)
            #expect(table.rows.first?.cells.first == .text("Họ và tên"))
            #expect(table.rows.count == 3)
            let dao = try #require(table.rows.first { $0.cells.first == .text("Nguyễn Thị Đào") })
            #expect(dao.cells[1] == .date(year: 1990, month: 3, day: 15))
            #expect(dao.cells[7] == .text("A1"))
            let package = try ZipPackage(data: data, limits: .init())
            let sheet = String(decoding: try #require(try package.read("xl/worksheets/sheet1.xml")), as: UTF8.self)
            #expect(sheet.contains(#"state="frozen""#) && sheet.contains(#"ySplit="1""#))
            #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>Họ và tên</t></is></c>"#))
        }
    }

    @Test func unitsAndRegisterExportsKeepToScope() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            try await AuditRegisterTests.seed(app, f)
            let b = Browser(app)
            try await b.login("official")
            let units = Self.csvRows(String(decoding: Array(try await b.send(.GET, "/units/export/csv").body.readableBytesView).dropFirst(3), as: UTF8.self))
            #expect(units.first?.hasPrefix("Mã đơn vị;Tên đơn vị;Loại đơn vị") == true)
            #expect(units.dropFirst().map { String($0.prefix { $0 != ";" }) } == ["A", "A1", "A1a", "A2"])
            #expect(units.contains { $0.hasPrefix("A1;") && $0.hasSuffix(";1") })

            let xlsx = try await b.send(.GET, "/audit/export/xlsx?entity=member")
            #expect(xlsx.status == .ok)
            let table = try XLSXReader.read(Data(xlsx.body.readableBytesView))
            #expect(table.rows.first?.cells.first == .text("Ngày"))
            let texts = table.rows.map { $0.cells.map(\.text).joined(separator: "|") }
            #expect(texts.contains { $0.contains("S-official-A1-member") })
            #expect(!texts.contains { $0.contains("S-officialB-B1-member") || $0.contains("Phạm Thị Hà") })
            let entry = try #require(table.rows.first { $0.cells.map(\.text).contains("S-official-A1-member") })
            #expect(entry.cells[0] == .date(year: 2025, month: 1, day: 10))
            #expect(entry.cells[1] == .text("10:00"))
            #expect(entry.cells[4] == .text("Sửa") && entry.cells[5] == .text("Đoàn viên"))
            let csv = try await b.send(.GET, "/audit/export/csv?from=31/02/2025")
            #expect(csv.status == .badRequest)
        }
    }
}
