import Domain
import Foundation
import SQLKit
import Vapor

/// One year of registrations for the demo: a round held by the province federation, secretaries for a few Party
/// cells, and the members of those cells' units in every state — never registered, draft, waiting (flagged ones
/// among them), returned, approved with progress, assessed at mid-year and at year end. Each step is taken
/// through the same code as the pages, on the day it would have happened (never after the demo's today).
enum DemoRegistrations {
    /// Good actions for each duty the synthetic members hold: (action, result, deadline).
    static let actions: [String: [(String, String, String)]] = [
        "Giảng dạy môn Toán khối 10, chủ nhiệm lớp": [
            ("Xây dựng ngân hàng 200 câu hỏi trắc nghiệm Toán 10 theo chương trình mới, dùng chung cho tổ", "200 câu hỏi, cả tổ sử dụng", "trước 30/4"),
            ("Kèm cặp học sinh yếu môn Toán lớp chủ nhiệm mỗi tuần một buổi", "giảm số học sinh yếu từ 6 xuống 2", "hết học kỳ II")],
        "Giảng dạy môn Ngữ văn, phụ trách thư viện": [
            ("Số hóa danh mục sách thư viện và tổ chức Ngày hội đọc sách mỗi học kỳ", "100% đầu sách có trong danh mục số; 2 ngày hội", "trước 30/5"),
            ("Soạn 12 bài giảng điện tử Ngữ văn 11 có video minh họa", "12 bài giảng được tổ chuyên môn thông qua", "trước 31/3")],
        "Kế toán thanh toán, quản lý quỹ công đoàn": [
            ("Đối chiếu, quyết toán quỹ công đoàn hằng quý, công khai tại hội nghị", "4 lần công khai, không sai sót", "hằng quý"),
            ("Chuyển 100% chứng từ thanh toán sang hóa đơn điện tử", "100% chứng từ điện tử", "trước 30/6")],
        "Tham mưu công tác tổ chức cán bộ": [
            ("Rà soát, cập nhật 100% hồ sơ cán bộ trên phần mềm quản lý", "100% hồ sơ được cập nhật", "trước 30/6"),
            ("Xây dựng quy trình bổ nhiệm lại viên chức quản lý trình lãnh đạo", "1 quy trình được ban hành", "quý III")],
        "Vận hành dây chuyền may tổ 3": [
            ("Giảm tỷ lệ hàng lỗi của tổ 3 bằng kiểm tra chéo cuối ca", "tỷ lệ lỗi dưới 1,5%", "hết quý II"),
            ("Đề xuất một cải tiến thao tác may cổ áo", "tăng 5% năng suất công đoạn", "trước 30/9")],
        "Lắp ráp linh kiện điện tử ca 2": [
            ("Thực hiện đúng 5S tại vị trí lắp ráp, không để linh kiện rơi vãi", "không vi phạm 5S trong các đợt kiểm tra", "cả năm"),
            ("Hướng dẫn 2 công nhân mới thao tác lắp ráp đạt chuẩn", "2 công nhân đạt chuẩn tay nghề", "trước 30/6")],
        "Bảo trì thiết bị nhà máy": [
            ("Lập lịch bảo trì phòng ngừa cho 40 máy của xưởng và thực hiện đúng lịch", "không dừng máy đột xuất quá 2 giờ/tháng", "cả năm"),
            ("Cải tiến bộ gá thay khuôn máy ép", "giảm thời gian thay khuôn từ 40 xuống 25 phút", "trước 31/8")],
        "Văn thư, lưu trữ hồ sơ": [
            ("Số hóa toàn bộ hồ sơ lưu trữ năm 2020–2024 của cơ quan", "100% hồ sơ được số hóa và tra cứu được", "trước 31/10"),
            ("Vào sổ, chuyển văn bản đến trong ngày nhận", "100% văn bản chuyển trong ngày", "cả năm")],
        "Khám, điều trị tại khoa Nội": [
            ("Giải thích rõ phác đồ điều trị cho người bệnh và người nhà khi nhập viện", "khảo sát hài lòng trên 90%", "cả năm"),
            ("Rút ngắn thời gian chờ khám bằng hẹn giờ qua điện thoại", "thời gian chờ dưới 30 phút", "trước 30/6")],
        "Chăm sóc người bệnh khoa Nhi": [
            ("Hướng dẫn người nhà chăm sóc trẻ sau xuất viện bằng tờ rơi và gọi điện hỏi thăm", "100% trẻ xuất viện được gọi lại sau 3 ngày", "cả năm"),
            ("Thực hiện đúng quy trình 5 đúng khi dùng thuốc", "không có sai sót dùng thuốc", "cả năm")],
        "Phụ trách phòng Hành chính – Tổng hợp": [
            ("Triển khai ký số văn bản đi của phòng", "100% văn bản đi được ký số", "trước 30/6"),
            ("Giải quyết đơn thư đúng hạn, không để tồn đọng", "100% đơn thư đúng hạn", "cả năm")],
        "Điều hành tổ sản xuất, an toàn lao động": [
            ("Huấn luyện an toàn lao động đầu ca 10 phút mỗi tuần cho tổ", "không xảy ra tai nạn lao động", "cả năm"),
            ("Bố trí lại mặt bằng tổ để giảm quãng đường vận chuyển bán thành phẩm", "giảm 15% thời gian vận chuyển", "trước 30/9")],
    ]

    static let vague = [
        "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
        "Hoàn thành tốt nhiệm vụ được giao",
        "Nâng cao tinh thần trách nhiệm trong công việc",
    ]
    static let untied = [("Tổ chức đêm văn nghệ chào mừng ngày thành lập Đoàn cho thanh niên khu phố", "1 đêm văn nghệ", "26/3")]

    /// Two collective models in the first grassroots union: one confirmed by the committee with members in it, one
    /// still taking comments.
    static func models(app: Application, round: Rounds.Row, day: @Sendable (Int, Int) -> CivilDate, actor: (CivilDate) -> Actor) async throws {
        // Only a demo made after the models' days shows them; one made in early January has none yet.
        guard day(3, 2) <= app.clock.today else { return }
        let sql = app.sql
        struct U: Decodable { let id: Int }
        func principal(_ username: String, _ on: CivilDate) async throws -> Principal? {
            guard let u = try await sql.raw("SELECT id FROM users WHERE username = \(bind: username)").first(decoding: U.self) else { return nil }
            return try await Principals.load(userId: u.id, via: .token(id: 0), today: on, on: sql)
        }
        guard let unit = try await Units.find(code: "TN-CS0001", on: sql),
              let official = try await principal("lanh.dao", day(1, 20)), let secretary = try await principal("bi.thu", day(2, 1)) else { return }
        let first = try await Writes.perform(on: app.db, actor: actor(day(1, 20))) { tx in
            try await CollectiveModels.propose(round: round, unitId: unit.id, name: "Mỗi tuần một việc tốt",
                                               description: "Mỗi tổ công đoàn chọn và làm một việc tốt mỗi tuần (giúp học sinh khó khăn, dọn vệ sinh khuôn viên, sửa đồ dùng dạy học), ghi vào sổ của tổ; tổng kết mỗi học kỳ.",
                                               by: official, in: tx)
        }
        try await Writes.perform(on: app.db, actor: actor(day(1, 25))) { tx in
            try await CollectiveModels.comment(first, body: "Đề nghị mỗi tổ báo cáo vào thứ Sáu hằng tuần.", by: official, in: tx)
            try await CollectiveModels.advance(first, to: .agreed, note: nil, by: official, in: tx)
        }
        try await Writes.perform(on: app.db, actor: actor(day(2, 1))) { tx in
            try await CollectiveModels.advance(first, to: .confirmed, note: "Cấp ủy theo dõi, sơ kết vào tháng 6.", by: secretary, in: tx)
        }
        let joiners = try await sql.raw("""
            SELECT m.id FROM members m WHERE m.unit_id = \(bind: unit.id) AND m.status = 'active' ORDER BY m.id LIMIT 8 OFFSET 2
            """).all(decoding: U.self)
        try await Writes.perform(on: app.db, actor: actor(day(2, 3))) { tx in
            for j in joiners { try await CollectiveModels.join(first, memberId: j.id, by: official, in: tx) }
        }
        _ = try await Writes.perform(on: app.db, actor: actor(day(3, 2))) { tx in
            try await CollectiveModels.propose(round: round, unitId: unit.id, name: "Công sở không giấy",
                                               description: "Văn bản đi, đến của trường được số hóa và ký số; họp tổ chuyên môn không dùng giấy in.", by: official, in: tx)
        }
    }

    struct MemberPick: Decodable { let id: Int; let fullName: String; let duties: String?; let cellId: Int? }

    static func fill(app: Application, year: Int, skipping skip: Set<Int>, console: any Console) async throws {
        let sql = app.sql
        let today = app.clock.today
        @Sendable func day(_ m: Int, _ d: Int) -> CivilDate { CivilDate(year: year, month: m, day: d)! }
        func actor(_ date: CivilDate) -> Actor { .demo(app, on: date) }
        guard let province = try await Units.find(code: "TN", on: sql) else { return }
        let roundId = try await Writes.perform(on: app.db, actor: actor(day(1, 3))) { tx in
            try await Rounds.create(.init(programmeId: 1, year: year, unitId: province.id, opensOn: day(1, 5), closesOn: day(3, 31),
                                          midyearOn: day(6, 15), yearendOn: day(11, 25),
                                          theme: "Học tập và làm theo Bác về tinh thần trách nhiệm, đổi mới, sáng tạo trong thực hiện nhiệm vụ được giao"), in: tx)
        }
        guard let round = try await Rounds.find(id: roundId, on: sql) else { return }
        // Secretaries: the cells of the first grassroots unions, each with a holder from the round's start.
        struct Cell: Decodable { let id: Int; let name: String; let homeUnitId: Int?; let homeCode: String }
        let cells = try await sql.raw("""
            SELECT c.id, c.name, c.home_unit_id, u.code AS home_code FROM party_cells c JOIN units u ON u.id = c.home_unit_id
            JOIN unit_kinds k ON k.id = u.kind_id WHERE k.grassroots = 1 ORDER BY u.code LIMIT 6
            """).all(decoding: Cell.self, with: snakeCase)
        var secretaries: [Int: (grant: Int, name: String)] = [:]
        struct Grant: Decodable { let id: Int; let partyCellId: Int?; let displayName: String }
        for g in try await sql.raw("""
            SELECT g.id, g.party_cell_id, us.display_name FROM role_grants g JOIN users us ON us.id = g.user_id WHERE g.role = 'secretary'
            """).all(decoding: Grant.self, with: snakeCase) {
            if let c = g.partyCellId { secretaries[c] = (g.id, g.displayName) }
        }
        for (i, cell) in cells.enumerated() where secretaries[cell.id] == nil {
            let names = ["Hoàng Văn Minh", "Đỗ Thị Thu", "Vũ Đức Long", "Ngô Thị Hạnh", "Bùi Quang Huy", "Đặng Thị Mai"]
            let username = "bi.thu.\(i + 1)"
            let name = names[i % names.count]
            _ = try await Writes.perform(on: app.db, actor: actor(day(1, 2))) { tx in
                try await Accounts.create(username: username, password: "noiguong-demo", displayName: name,
                                          grant: .init(role: .secretary, unitCode: cell.homeCode, cellName: cell.name), in: tx, cost: app.config.bcryptCost, app: app)
            }
            if let g = try await sql.raw("SELECT id FROM role_grants WHERE party_cell_id = \(bind: cell.id) AND role = 'secretary'").first(decoding: IDRow.self) {
                secretaries[cell.id] = (g.id, name)
            }
        }
        // The members of units in those cells, as they stand.
        var members: [MemberPick] = []
        for cell in cells {
            guard let host = cell.homeUnitId, let unit = try await Units.find(id: host, on: sql) else { continue }
            members += try await sql.raw("""
                SELECT m.id, m.full_name, m.duties, u.party_cell_id AS cell_id FROM members m JOIN units u ON u.id = m.unit_id
                WHERE \(unit.subtree.sql("u.path")) AND m.status = 'active' ORDER BY m.id
                """).all(decoding: MemberPick.self, with: snakeCase).map { MemberPick(id: $0.id, fullName: $0.fullName, duties: $0.duties, cellId: cell.id) }
        }
        var rng = SystemRandomNumberGenerator()
        var counts: [String: Int] = [:]
        for (i, m) in members.enumerated() where !skip.contains(m.id) {
            let r = Double(i % 100) / 100
            if r < 0.03 { counts["none", default: 0] += 1; continue }
            let pool = actions[m.duties ?? ""] ?? actions.values.first!
            var chosen: [(String, String, String)] = [pool[i % pool.count]]
            if i % 3 == 0 { chosen.append(pool[(i + 1) % pool.count]) }
            let flagged = i % 17 == 5
            if flagged { chosen = i % 2 == 0 ? [(vague[i % vague.count], "", "")] : untied }
            let draft = RegistrationFlow.Draft(actions: chosen.map { .init(action: $0.0, dutyId: nil, result: $0.1, deadline: $0.2) },
                                               shortcomings: i % 4 == 0 ? "Đôi khi còn chậm trong việc cập nhật văn bản mới" : "")
            let submit = r >= 0.06
            let registered = day(1, 10).adding(days: i % 60)
            guard registered <= today else { break }
            let duties = try await Registrations.duties(of: m.id, on: registered, sql: sql)
            var withDuty = draft
            withDuty.actions = draft.actions.map { var a = $0; a.dutyId = flagged ? nil : duties.first?.id; return a }
            let capacities: Set<RegistrationFlow.Capacity> = i % 5 == 0 ? [.onBehalf] : [.owner]
            let final = withDuty
            let id = try await Writes.perform(on: app.db, actor: actor(registered)) { tx in
                try await Registrations.save(round: round, memberId: m.id, draft: final, submit: submit, capacities: capacities, in: tx)
            }
            guard submit else { counts["draft", default: 0] += 1; continue }
            guard let cell = m.cellId, let secretary = secretaries[cell] else { counts["submitted", default: 0] += 1; continue }
            if flagged || r < 0.10 {
                if r < 0.08 && !flagged { counts["submitted", default: 0] += 1; continue }
                let returned = registered.adding(days: 5)
                guard returned <= today else { continue }
                try await Writes.perform(on: app.db, actor: actor(returned)) { tx in
                    try await Registrations.appraise(id, approve: false, reason: "Việc làm còn chung chung, chưa gắn với nhiệm vụ được giao; đề nghị ghi rõ việc, kết quả và thời hạn.",
                                                     by: .system([.secretary], grantId: secretary.grant, name: secretary.name), in: tx)
                }
                counts["returned", default: 0] += 1
                continue
            }
            let approved = registered.adding(days: 7)
            guard approved <= today else { continue }
            try await Writes.perform(on: app.db, actor: actor(approved)) { tx in
                try await Registrations.appraise(id, approve: true, reason: nil, by: .system([.secretary], grantId: secretary.grant, name: secretary.name), in: tx)
            }
            if i % 7 == 0, Bool.random(using: &rng) {
                try await Writes.perform(on: app.db, actor: actor(approved.adding(days: 2))) { tx in
                    try await Registrations.comment(id, body: "Đồng ý, việc làm sát với nhiệm vụ của đồng chí.", by: .system([.secretary], grantId: secretary.grant, name: secretary.name), in: tx)
                }
            }
            let me: Registrations.Who = .system([.owner], grantId: nil, name: m.fullName)
            if day(5, 10) <= today {
                try await Writes.perform(on: app.db, actor: actor(day(5, 10))) { tx in
                    try await Registrations.addProgress(id, note: "Đã thực hiện được khoảng một nửa khối lượng công việc đăng ký.", file: nil, by: me, in: tx)
                }
            }
            if day(6, 20) <= today {
                try await Writes.perform(on: app.db, actor: actor(day(6, 20))) { tx in
                    try await Registrations.assess(id, period: "midyear", outcome: .partly, achieved: "Đạt khoảng 50% kết quả đăng ký, đúng tiến độ.", by: me, in: tx)
                }
            }
            if r >= 0.40, day(11, 28) <= today {
                let outcome: RegistrationFlow.Outcome = r < 0.9 ? .done : .partly
                try await Writes.perform(on: app.db, actor: actor(day(11, 28))) { tx in
                    try await Registrations.assess(id, period: "yearend", outcome: outcome, achieved: "Hoàn thành các việc đã đăng ký, kết quả như cam kết.", by: me, in: tx)
                }
                counts["completed", default: 0] += 1
            } else {
                counts["approved", default: 0] += 1
            }
        }
        try await models(app: app, round: round, day: day, actor: actor)
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.key) \(VNFormat.integer($0.value))" }.joined(separator: ", ")
        console.print("Đợt đăng ký \(round.title): \(VNFormat.integer(members.count)) đoàn viên trong \(cells.count) chi bộ có bí thư — \(summary).")
    }
}
