import Foundation
import Testing
import VaporTesting
@testable import App

@Suite struct SiteTests {
    @Test func everyWordHasAnEnglishTwin() {
        let missing = Set(Strings.vi.keys).subtracting(Strings.en.keys)
        #expect(missing.isEmpty, "English table lacks \(missing.sorted())")
        #expect(Set(Strings.en.keys).subtracting(Strings.vi.keys).isEmpty)
    }

    /// The OpenAPI document is valid JSON and names every /api/v1 route that is registered.
    @Test func openAPIDescribesEveryRoute() async throws {
        try await withTestApp(.sqlite) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let spec = try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
            let paths = try #require(spec["paths"] as? [String: [String: Any]])
            for route in app.routes.all where route.path.first?.description == "api" {
                let path = "/" + route.path.dropFirst(2).map { $0.description.hasPrefix(":") ? "{\($0.description.dropFirst())}" : $0.description }.joined(separator: "/")
                if path == "/openapi.json" { continue }
                let operations = paths[path]
                #expect(operations?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(path) is not in openapi.json")
            }
        }
    }

    @Test(arguments: TestDB.enabled)
    func healthAndHeaders(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string.contains(#""database":"ok""#))
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(response.headers.first(name: .contentSecurityPolicy)?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test func pagesEscapeUserData() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            try await app.sql.raw("UPDATE units SET name = '<script>alert(1)</script>' WHERE id = \(bind: f.units["A1"]!.id)").run()
            let b = Browser(app)
            try await b.login("admin")
            let page = try await b.send(.GET, "/units/\(f.units["A1"]!.id)")
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;"))
        }
    }

    @Test func badFormInputGivesVietnameseMessagesAndWritesNothing() async throws {
        try await withTestApp(.sqlite) { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let before = try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n
            let response = try await b.send(.POST, "/members/new", form: ["fullName": "", "birthDate": "32/13/1990", "unitCode": "B1"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Chưa lưu được"))
            #expect(response.text.contains("Ngày sinh"))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM members").first(decoding: CountRow.self)!.n == before)
            // A transfer into another province's unit is refused the same way.
            let transfer = try await b.send(.POST, "/members/\(f.members["mA1"]!)/transfer", form: ["unit": "B1", "date": "01/01/2024"])
            #expect(transfer.status == .unprocessableEntity)
            #expect(transfer.text.contains("không có đơn vị nào khớp «B1» trong phạm vi bạn được dùng"))
            let wrongDate = try await b.send(.POST, "/members/\(f.members["mA1"]!)/transfer", form: ["unit": "A2", "date": "2024-13-01"])
            #expect(wrongDate.status == .unprocessableEntity)
            #expect(try await Members.find(id: f.members["mA1"]!, on: app.sql)?.unitId == f.units["A1"]!.id)
        }
    }
}

@Suite struct SnakeCaseTests {
    @Test(arguments: [("id", "id"), ("memberName", "member_name"), ("unitPath", "unit_path"), ("grantId", "grant_id"),
                      ("myURLValue", "my_url_value"), ("selfTotal", "self_total"), ("a", "a"), ("flagCount", "flag_count")])
    func columnsAreTheKeysInSnakeCase(key: String, column: String) {
        #expect(SnakeCase.convert(key) == column)
        #expect(SnakeCase.column(for: key) == column)
    }
}
