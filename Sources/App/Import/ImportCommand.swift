import Domain
import Foundation
import Vapor

/// `noiguong import units FILE` and `noiguong import members FILE`: the same checks and report as the page.
/// Prints every bad row and exits non-zero when the file is not valid; nothing is written then.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "units | members") var kind: String
        @Argument(name: "file", help: "Tệp .csv hoặc .xlsx") var file: String
        @Flag(name: "dry-run", help: "Chỉ kiểm tra, không ghi") var dryRun: Bool
        @Option(name: "date", help: "Ngày hiệu lực dd/mm/yyyy (mặc định hôm nay)") var date: String?
        @Flag(name: "timings", help: "In thời gian từng bước") var timings: Bool
    }

    var help: String { "Nhập đơn vị hoặc đoàn viên từ CSV/XLSX: import units|members FILE [--dry-run] [--date dd/mm/yyyy]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let kind = Importer.Kind(rawValue: signature.kind) else { throw CLIError("Loại dữ liệu phải là units hoặc members.") }
        // Mapped, not read: the import walks the file a chunk at a time, so its pages need not all be in memory.
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: signature.file), options: .alwaysMapped) else { throw CLIError("Không đọc được tệp \(signature.file).") }
        let app = context.application
        var effective = app.clock.today
        if let text = signature.date {
            guard let d = CivilDate(vietnamese: text) else { throw CLIError(CivilDate.problemSentence(text, field: "Ngày hiệu lực")) }
            effective = d
        }
        let started = Date()
        let report = try await Importer.run(kind, data: data, fileName: signature.file, actor: .cli(app), effective: effective,
                                            apply: !signature.dryRun, on: context.application.db)
        for line in report.lines() { context.console.print(line) }
        if !report.ok { throw CLIError("Nhập thất bại: \(report.problems.count) lỗi.") }
        let seconds = Date().timeIntervalSince(started)
        context.console.print(String(format: "Thời gian: %.2f s (%.0f dòng/giây)", seconds, Double(report.rows) / max(seconds, 0.001)))
        if signature.timings {
            for (phase, s) in report.timings.sorted(by: { $0.value > $1.value }) {
                context.console.print(String(format: "  %@: %.2f s", phase, s))
            }
        }
    }
}
