import Domain
import Foundation
import SQLKit
import Vapor

/// The demo's directive documents: the province federation's plan and guidance to every unit below it (most units
/// have acknowledged the plan; the education union, `can.bo`'s, has not), and the education union's own plan to
/// its schools, so the list, the "who has not" table and the home page's waiting item all have data.
enum DemoDirectives {
    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    static func fill(app: Application, year: Int) async throws {
        let sql = app.sql
        let today = app.clock.today
        func day(_ m: Int, _ d: Int) -> CivilDate { min(CivilDate(year: year, month: m, day: d)!, today) }
        func actor(_ date: CivilDate) -> Actor { .demo(app, on: date) }
        guard let province = try await Units.find(code: "TN", on: sql) else { return }
        let sector = try await Units.find(code: "TN-GD", on: sql)
        let attachment = try Evidence.check(data: pdf, fileName: "ke-hoach.pdf")
        let specs: [(DirectiveKind, String, CivilDate, UnitRow, String, String, [Evidence.Checked])] = [
            (.keHoach, "18/KH-LĐLĐ", day(1, 10), province,
             "Thực hiện Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm \(year)",
             "Mỗi đoàn viên đăng ký ít nhất một việc làm cụ thể gắn với nhiệm vụ được giao; 100% CĐCS xây dựng kế hoạch.", [attachment]),
            (.huongDan, "02/HD-LĐLĐ", day(2, 20), province,
             "Hướng dẫn đánh giá, xếp loại đoàn viên và CĐCS năm \(year)", "Thang điểm 100, bốn mức HTXSNV, HTTNV, HTNV, KHTNV.", []),
        ] + (sector.map { s in
            [(.keHoach, "12/KH-CĐN", day(1, 20), s, "Triển khai Kế hoạch 18/KH-LĐLĐ trong ngành Giáo dục năm \(year)",
              "Các trường xây dựng mô hình «Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo».", [])]
        } ?? [])
        var first: Int?
        for (kind, number, date, issuer, title, summary, files) in specs {
            let input = Directives.Input(kind: kind, number: number, issuedOn: date, issuerId: issuer.id, targetId: nil,
                                         title: title, summary: summary, files: files)
            let id = try await Writes.perform(on: app.db, actor: actor(date)) { tx in try await Directives.create(input, in: tx) }
            if first == nil { first = id }
        }
        // Two units in three have acknowledged the plan, each by an official of its own (as the unit's scope).
        guard let firstId = first, let plan = try await Directives.find(id: firstId, on: sql) else { return }
        struct U: Decodable { let id: Int; let path: String }
        let units = try await sql.raw("""
            SELECT id, path FROM units WHERE \(province.subtree.sql("path")) AND id <> \(bind: province.id) AND status = 'active' ORDER BY path
            """).all(decoding: U.self)
        for (i, u) in units.enumerated() where i % 3 != 2 && u.id != sector?.id {
            var a = actor(day(1, 15 + i % 10))
            a.username = "demo"
            a.scope = Scope(grants: [GrantRow(id: 0, userId: 0, role: Role.official.rawValue, unitId: u.id, partyCellId: nil, unitPath: u.path,
                                              unitName: nil, unitCode: nil, cellName: nil, validFrom: nil, validTo: nil)], ownMember: nil)
            let scoped = a
            _ = try await Writes.perform(on: app.db, actor: scoped) { tx in try await Directives.acknowledge(plan, unitId: u.id, in: tx) }
        }
    }
}
