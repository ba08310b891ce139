import Domain
import Foundation
import Spreadsheet
import Vapor

/// `noiguong demo`: a realistic synthetic province federation in a fresh database, imported through the real
/// importer, plus a few users of every role.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "members", help: "Số đoàn viên (mặc định 3.000)") var members: Int?
        @Option(name: "password", help: "Mật khẩu chung của các tài khoản mẫu") var password: String?
    }

    var help: String { "Tạo dữ liệu mẫu: một LĐLĐ tỉnh với vài nghìn đoàn viên và tài khoản mỗi vai trò." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let password = signature.password ?? "noiguong-demo"
        let existing = try await app.sql.raw("SELECT COUNT(*) AS n FROM units").first(decoding: CountRow.self)?.n ?? 0
        if existing > 0 {
            context.console.print("Cơ sở dữ liệu đã có \(existing) đơn vị: giữ nguyên, không tạo thêm dữ liệu mẫu.")
        } else {
            try await Self.fill(app: app, members: signature.members ?? 3000, password: password, console: context.console)
        }
        context.console.print("""

        Dữ liệu mẫu đã sẵn sàng. Đăng nhập tại http://127.0.0.1:8080/login với một trong các tài khoản (mật khẩu: \(password)):
          admin        quản trị hệ thống
          lanh.dao     cán bộ công đoàn LĐLĐ tỉnh Thái Nguyên (TN)
          can.bo       cán bộ công đoàn Công đoàn ngành Giáo dục (TN-GD)
          kiem.tra     người xem / kiểm tra LĐLĐ tỉnh (TN)
          bi.thu       bí thư Chi bộ Trường THPT Chu Văn An
          doan.vien    đoàn viên (hồ sơ và bản đăng ký của mình); doan.vien.2 cũng vậy
          bi.thu.1 …   bí thư các chi bộ khác có bản đăng ký mẫu
        """)
    }

    /// The whole demo into an empty database: the tree and members through the real importer, the users, then a
    /// year of the cycle. Tests call it too.
    static func fill(app: Application, members: Int, password: String, console: any Console) async throws {
        let count = members
        var synthetic = Synthetic()
        let units = synthetic.units(grassroots: max(12, count / 60))
        let start = CivilDate(year: 2015, month: 1, day: 1)!
        for (kind, rows) in [(Importer.Kind.units, synthetic.unitRows(units)), (.members, synthetic.memberRows(count: count, units: units))] {
            let report = try await Importer.run(kind, data: CSVWriter.write(rows), fileName: "demo.csv", actor: .cli(app),
                                                effective: start, apply: true, on: app.db)
            for line in report.lines().prefix(20) { console.print(line) }
            guard report.ok else { throw CLIError("Dữ liệu mẫu không hợp lệ.") }
        }
        try await makeUsers(app: app, password: password)
        let own = try await app.sql.raw("SELECT member_id AS id FROM users WHERE member_id IS NOT NULL").all(decoding: IDRow.self)
        try await DemoRegistrations.fill(app: app, year: app.clock.today.year, skipping: Set(own.map(\.id)), console: console)
        try await DemoPlans.fill(app: app, year: app.clock.today.year, console: console)
        try await DemoSessions.fill(app: app, year: app.clock.today.year, console: console)
        try await DemoInspections.fill(app: app, year: app.clock.today.year, console: console)
        try await DemoDirectives.fill(app: app, year: app.clock.today.year)
        try await DemoEvaluations.fill(app: app, console: console)
    }

    private static func makeUsers(app: Application, password: String) async throws {
        struct Pick: Decodable { let id: Int; let fullName: String }
        let picked = try await app.sql.raw("""
            SELECT m.id, m.full_name FROM members m JOIN units u ON u.id = m.unit_id WHERE u.code = 'TN-CS0001' ORDER BY m.id LIMIT 2
            """).all(decoding: Pick.self, with: snakeCase)
        let member = picked.first, second = picked.dropFirst().first
        let users: [(String, String, Accounts.GrantRequest)] = [
            ("admin", "Quản trị hệ thống", .init(role: .admin)),
            ("lanh.dao", "Nguyễn Văn Thành", .init(role: .official, unitCode: "TN")),
            ("can.bo", "Trần Thị Hương", .init(role: .official, unitCode: "TN-GD")),
            ("kiem.tra", "Lê Văn Kiểm", .init(role: .viewer, unitCode: "TN")),
            ("bi.thu", "Phạm Thị Lan", .init(role: .secretary, unitCode: "TN-CS0001", cellName: "Chi bộ Trường THPT Chu Văn An")),
            // The member's account carries the member's own name: it is their record the home page opens.
            ("doan.vien", member?.fullName ?? "Đoàn viên", .init(role: .member, memberId: member?.id)),
            ("doan.vien.2", second?.fullName ?? "Đoàn viên", .init(role: .member, memberId: second?.id)),
        ]
        // Roles from the start of the year, so that the demo's year of registrations was appraised by a secretary
        // who held the grant on the day.
        var actor = Actor.cli(app)
        let today = app.clock.today
        actor.clock = .on(min(today, CivilDate(year: today.year, month: 1, day: 2)!))
        for (username, name, grant) in users {
            _ = try await Writes.perform(on: app.db, actor: actor) { tx in
                try await Accounts.create(username: username, password: password, displayName: name, grant: grant, in: tx,
                                          cost: app.config.bcryptCost, app: app)
            }
        }
    }
}

/// `noiguong generate --members N --out DIR`: writes units.csv and members.csv of the synthetic federation,
/// for benchmarks and for trying the import page.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "members", help: "Số đoàn viên") var members: Int?
        @Option(name: "out", help: "Thư mục ghi tệp") var out: String?
    }

    var help: String { "Sinh tệp CSV mẫu: generate --members N --out DIR" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = signature.members ?? 100_000
        let dir = signature.out ?? "."
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var synthetic = Synthetic()
        let units = synthetic.units(grassroots: max(12, count / 60))
        try CSVWriter.write(synthetic.unitRows(units)).write(to: URL(fileURLWithPath: dir + "/units.csv"))
        try CSVWriter.write(synthetic.memberRows(count: count, units: units)).write(to: URL(fileURLWithPath: dir + "/members.csv"))
        context.console.print("Đã ghi \(dir)/units.csv (\(units.count) đơn vị) và \(dir)/members.csv (\(count) đoàn viên).")
    }
}

extension Actor {
    /// The command line acting on `day`, never later than the application's today: the demo writes each step of
    /// its year on the day it would have happened.
    static func demo(_ app: Application, on day: CivilDate) -> Actor {
        var a = Actor.cli(app)
        a.clock = .on(min(day, app.clock.today))
        return a
    }
}
