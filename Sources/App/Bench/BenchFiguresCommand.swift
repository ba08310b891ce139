import Domain
import Foundation
import SQLKit
import Vapor

/// `noiguong bench-figures --unit ID [--users NAME,NAME] [--desk NAME] [--runs N]`: for `scripts/bench-cycle` and
/// `scripts/bench-registrations`. Times, in one process on the app's own database pool, the functions that build each
/// block of a unit page, the home page's "what awaits me" and a secretary's desk, called exactly as the pages call them: one warm-up, then N runs. Prints one line per block:
/// `label best-ms median-ms shown|none` (whether the block appears on the page). A page's time through HTTP is the
/// sum of its blocks; this tells them apart without timing code in the pages.
struct BenchFiguresCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "unit", help: "Mã số (id) đơn vị") var unit: Int?
        @Option(name: "users", help: "Tên đăng nhập, cách nhau bởi dấu phẩy") var users: String?
        @Option(name: "desk", help: "Tên đăng nhập của một bí thư chi bộ: đo hàng chờ thẩm định của họ") var desk: String?
        @Option(name: "runs", help: "Số lần đo sau một lần chạy khởi động (mặc định 5)") var runs: Int?
        @Option(name: "only", help: "Chỉ đo các khối có tên chứa chuỗi này (ví dụ: overdue), để xem riêng một khối bằng perf")
        var only: String?
    }

    var help: String { "Đo thời gian từng khối số liệu của trang đơn vị và trang chủ (cho scripts/bench-cycle)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let sql = app.reads
        let today = app.clock.today
        let t = Strings(language: .vi)
        let runs = max(1, signature.runs ?? 5)
        func time(_ label: String, _ body: () async throws -> Bool) async throws {
            if let only = signature.only, !label.contains(only) { return }
            let shown = try await body()
            var ms: [Double] = []
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try await body()
                ms.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            }
            ms.sort()
            print("\(label) \(String(format: "%.2f", ms[0])) \(String(format: "%.2f", ms[(runs - 1) / 2])) \(shown ? "shown" : "none")")
        }
        // What any query costs as the pages read (a hop to a reading thread and back, decoding): the floor under a figure.
        try await time("query-floor") { try await sql.raw("SELECT 1 AS n").first(decoding: CountRow.self)?.n == 1 }
        if let id = signature.unit {
            guard let unit = try await Units.find(id: id, on: sql) else { throw CLIError("Không có đơn vị #\(id).") }
            try await time("unit-stats") { _ = try await UnitStats.load(for: unit, t: t, on: sql); return true }
            try await time("unit-coverage") { try await UnitCoverage.load(for: unit, today: today, t: t, on: sql) != nil }
            try await time("unit-plan") { try await UnitPlan.load(for: unit, today: today, t: t, on: sql) != nil }
            try await time("unit-attendance") { try await UnitAttendance.load(for: unit, today: today, on: sql) != nil }
            try await time("unit-overdue") { try await UnitOverdue.load(for: unit, today: today, t: t, on: sql) != nil }
            try await time("unit-classification") { try await UnitClassification.load(for: unit, today: today, t: t, on: sql) != nil }
            try await time("unit-eligibility") { try await UnitGrassrootsEligibility.load(for: unit, today: today, t: t, on: sql) != nil }
        }
        func principal(_ name: String) async throws -> Principal {
            guard let user = try await sql.raw("SELECT id FROM users WHERE username = \(bind: name.lowercased())").first(decoding: IDRow.self),
                  let p = try await Principals.load(userId: user.id, via: .token(id: 0), today: today, on: sql) else {
                throw CLIError("Không có tài khoản \(name).")
            }
            return p
        }
        for name in (signature.users ?? "").split(separator: ",").map(String.init) {
            let p = try await principal(name)
            try await time("awaits-\(name)") { try await !Awaits.list(for: p, today: today, t: t, on: sql).isEmpty }
        }
        if let name = signature.desk {
            // The desk's queue with its actions, as `RegistrationController.desk` reads them.
            let p = try await principal(name)
            try await time("desk-\(name)") {
                try await Registrations.desk(cells: p.scope.cells, on: sql).contains { !$0.actions.isEmpty }
            }
        }
    }
}
