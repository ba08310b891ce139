import Domain
import Foundation
import SQLKit
import Vapor

/// The year's plans for the demo: the province federation's plan published in January, the education union's
/// built from it and adjusted, most of its grassroots unions' plans (a few still missing, as the reports ask), and
/// results recorded mid-year. Each step through the same code as the pages, on its own day.
enum DemoPlans {
    static func fill(app: Application, year: Int, console: any Console) async throws {
        let sql = app.sql
        let today = app.clock.today
        func actor(_ m: Int, _ d: Int) -> Actor { .demo(app, on: CivilDate(year: year, month: m, day: d)!) }
        guard let province = try await Units.find(code: "TN", on: sql) else { return }
        let targets: [(String, String, Double, String, String)] = [
            ("Đoàn viên đăng ký việc làm cụ thể làm theo Bác", "%", 100, "Ban Tuyên giáo", "31/03"),
            ("Đoàn viên được học tập chuyên đề năm", "%", 95, "Ban Tuyên giáo", "30/06"),
            ("CĐCS có mô hình làm theo Bác", "%", 100, "Ban Tổ chức", "30/09"),
            ("Đoàn viên đạt Hoàn thành nhiệm vụ trở lên", "%", 97, "Ban Tổ chức", "15/12"),
        ]
        let provincePlan = try await Writes.perform(on: app.db, actor: actor(1, 8)) { tx in
            let id = try await Plans.create(unitId: province.id, programmeId: 1, year: year, in: tx)
            for (what, measure, value, owner, due) in targets {
                _ = try await Plans.addTarget(plan: id, .init(what: what, measure: measure, targetValue: value, owner: owner,
                                                              deadline: try? CivilDate.read(due + "/\(year)").get()), in: tx)
            }
            try await Plans.publish(plan: id, in: tx)
            return id
        }
        var made = 1
        // Below: the branch unions and most grassroots unions build theirs from it; every seventh has none yet.
        struct U: Decodable { let id: Int; let code: String }
        let below = try await sql.raw("""
            SELECT u.id, u.code FROM units u WHERE \(province.subtree.sql("u.path")) AND u.id <> \(bind: province.id) AND u.status = 'active'
              AND u.depth <= \(bind: province.depth + 2) ORDER BY u.depth, u.code LIMIT 60
            """).all(decoding: U.self)
        for (i, u) in below.enumerated() where i % 7 != 6 {
            _ = try await Writes.perform(on: app.db, actor: actor(1, 20 + i % 10)) { tx in
                let id = try await Plans.create(unitId: u.id, programmeId: 1, year: year, in: tx)
                let copied = try await Plans.targets(plan: id, on: tx.sql)
                if let first = copied.dropFirst().first {
                    try await Plans.updateTarget(plan: id, target: first.id, .init(what: first.what, measure: first.measure, targetValue: 100,
                                                                                   owner: "Chủ tịch công đoàn", deadline: first.deadline.flatMap(CivilDate.init(iso:))), in: tx)
                }
                try await Plans.publish(plan: id, in: tx)
            }
            made += 1
        }
        // Results at mid-year on the province's plan.
        if CivilDate(year: year, month: 7, day: 5)! <= today {
            let results: [Double] = [98.6, 91.2, 84, 0]
            try await Writes.perform(on: app.db, actor: actor(7, 5)) { tx in
                for (t, value) in zip(try await Plans.targets(plan: provincePlan, on: tx.sql), results) where value > 0 {
                    try await Plans.recordProgress(plan: provincePlan, target: t.id, value: value, note: "Sơ kết 6 tháng", in: tx)
                }
            }
        }
        console.print("Kế hoạch: \(made) đơn vị đã ban hành kế hoạch năm \(year).")
    }
}
