import Domain
import Foundation
import SQLKit
import Vapor

/// The year's inspections for the demo: the province federation inspects the first grassroots union's
/// registrations in the spring (one correction closed, one overdue), and another union is planned for later.
enum DemoInspections {
    static func fill(app: Application, year: Int, console: any Console) async throws {
        let sql = app.sql
        let today = app.clock.today
        func actor(_ d: CivilDate) -> Actor { .demo(app, on: d) }
        guard let province = try await Units.find(code: "TN", on: sql), let first = try await Units.find(code: "TN-CS0001", on: sql) else { return }
        let held = CivilDate(year: year, month: 4, day: 16)!
        guard held <= today else { return }
        let id = try await Writes.perform(on: app.db, actor: actor(CivilDate(year: year, month: 1, day: 15)!)) { tx in
            try await Inspections.create(.init(unitId: province.id, targetUnitId: first.id, subject: .registrations,
                                               title: "Việc đăng ký và thực hiện việc làm cụ thể làm theo Bác của đoàn viên", plannedOn: held), in: tx)
        }
        try await Writes.perform(on: app.db, actor: actor(held)) { tx in
            try await Inspections.recordFindings(inspection: id, heldOn: held, findings: """
                Đoàn viên đã đăng ký đầy đủ; một số bản đăng ký còn chung chung, chưa sát nhiệm vụ được giao. \
                Chưa có sổ theo dõi tiến độ thực hiện tại các tổ công đoàn.
                """, in: tx)
            let c1 = try await Inspections.addCorrection(inspection: id, what: "Hướng dẫn đoàn viên sửa các bản đăng ký chung chung cho sát nhiệm vụ",
                                                         owner: "Chủ tịch công đoàn cơ sở", deadline: CivilDate(year: year, month: 5, day: 31)!, in: tx)
            _ = try await Inspections.addCorrection(inspection: id, what: "Lập sổ theo dõi tiến độ thực hiện đăng ký tại từng tổ công đoàn",
                                                    owner: "Các tổ trưởng công đoàn", deadline: CivilDate(year: year, month: 6, day: 30)!, in: tx)
            _ = c1
        }
        let corrections = try await Inspections.corrections(inspection: id, on: sql)
        if let c1 = corrections.first(where: { $0.what.hasPrefix("Hướng dẫn") }) {
            try await Writes.perform(on: app.db, actor: actor(CivilDate(year: year, month: 5, day: 20)!)) { tx in
                try await Inspections.followUp(correction: c1.id, note: "Đã họp các tổ, 9/12 bản đã sửa.", in: tx)
            }
            try await Writes.perform(on: app.db, actor: actor(CivilDate(year: year, month: 5, day: 29)!)) { tx in
                try await Inspections.close(correction: c1.id, note: "Đủ 12 bản đã sửa, bí thư chi bộ thẩm định lại.", in: tx)
            }
        }
        struct U: Decodable { let id: Int }
        if let second = try await sql.raw("SELECT id FROM units WHERE code = 'TN-CS0002'").first(decoding: U.self) {
            _ = try await Writes.perform(on: app.db, actor: actor(CivilDate(year: year, month: 1, day: 15)!)) { tx in
                try await Inspections.create(.init(unitId: province.id, targetUnitId: second.id, subject: .unit,
                                                   title: "Công tác tuyên truyền, học tập chuyên đề năm", plannedOn: CivilDate(year: year, month: 12, day: 15)!), in: tx)
            }
        }
        console.print("Kiểm tra: 2 cuộc trong kế hoạch năm, 1 đã kiểm tra với 1 việc khắc phục quá hạn.")
    }
}
