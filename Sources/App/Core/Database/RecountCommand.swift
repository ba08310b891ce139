import Vapor

/// `noiguong recount [--check]`: compares each kept count (`KeptCount`) with a recount of its source and, unless
/// `--check`, counts again the ones that disagree. The triggers keep them right; this is for after a restore or a
/// hand edit of the database that bypassed them (a trigger dropped, a table rebuilt by hand).
struct RecountCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "check", help: "Chỉ kiểm tra, không sửa; mã thoát 1 nếu có số liệu lệch") var check: Bool
    }

    var help: String { "Kiểm tra các bảng số liệu tổng hợp (đoàn viên, điểm danh, xếp loại) với số đếm lại, và đếm lại bảng lệch" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let wrong = try await Self.recount(app: context.application, check: signature.check) { context.console.print($0) }
        if signature.check && wrong > 0 { throw CLIError("Có \(wrong) bảng số liệu lệch: chạy noiguong recount để đếm lại.") }
    }

    /// Returns how many counts disagreed with their recount; each one is counted again unless `check`.
    static func recount(app: Application, check: Bool, print: (String) -> Void) async throws -> Int {
        let d = Dialect(app.sql)
        var wrong = 0
        for count in KeptCount.all(d) {
            let n = try await count.differences(on: app.sql)
            guard n > 0 else {
                print("\(count.table): khớp với số đếm lại.")
                continue
            }
            wrong += 1
            if check {
                print("\(count.table): lệch \(n) nhóm so với số đếm lại.")
                continue
            }
            try await Writes.perform(on: app.db, actor: .cli(app)) { tx in
                try await count.recount(on: tx.sql)
                tx.audit("recount", "kept_count", id: nil, unit: nil, "Đếm lại bảng số liệu \(count.table) (lệch \(n) nhóm)")
            }
            print("\(count.table): lệch \(n) nhóm, đã đếm lại.")
        }
        return wrong
    }
}
