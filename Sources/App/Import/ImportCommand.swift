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
        @Flag(name: "progress", help: "In tiến độ từng dòng ra stderr cả khi không chạy trên terminal") var progress: Bool
    }

    var help: String { "Nhập đơn vị hoặc đoàn viên từ CSV/XLSX: import units|members FILE [--dry-run] [--date dd/mm/yyyy]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let kind = Importer.Kind(rawValue: signature.kind) else { throw CLIError("Loại dữ liệu phải là units hoặc members.") }
        guard let file = MappedFile(path: signature.file) else { throw CLIError("Không đọc được tệp \(signature.file).") }
        let data = file.data
        let app = context.application
        var effective = app.clock.today
        if let text = signature.date {
            guard let d = CivilDate(vietnamese: text) else { throw CLIError(CivilDate.problemSentence(text, field: "Ngày hiệu lực")) }
            effective = d
        }
        let started = Date()
        let meter = ProgressMeter(total: ImportJobs.estimateRows(data, fileName: signature.file), doing: signature.dryRun ? "Đang kiểm tra" : "Đang kiểm tra và ghi",
                                  terminal: isatty(STDERR_FILENO) == 1, lines: signature.progress)
        let on = meter.isOn
        let progress: Importer.Progress = { @Sendable rows in
            file.forgetPagesRead()
            if on { await meter.show(rows) }
        }
        let total: Importer.Total = { @Sendable rows in await meter.setTotal(rows) }
        let report = try await Importer.run(kind, data: data, fileName: signature.file, actor: .cli(app), effective: effective,
                                            apply: !signature.dryRun, progress: progress, total: total, on: context.application.db)
        await meter.finish()
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

/// Rows read so far on standard error: one line redrawn in place on a terminal, or a line every two seconds with
/// `--progress` (a log, a pipe). Standard output keeps only the report.
actor ProgressMeter {
    private(set) var total: Int?
    let doing: String
    let terminal: Bool
    let lines: Bool
    private var last = Date.distantPast
    private var drawn = false

    init(total: Int?, doing: String, terminal: Bool, lines: Bool) {
        self.total = total
        self.doing = doing
        self.terminal = terminal
        self.lines = lines
    }

    nonisolated var isOn: Bool { terminal || lines }

    /// A workbook's rows, known once its sheet is read; a CSV's estimate stands.
    func setTotal(_ rows: Int) {
        if total == nil { total = rows }
    }

    func show(_ rows: Int) {
        let now = Date()
        guard now.timeIntervalSince(last) >= (terminal ? 0.2 : 2) else { return }
        last = now
        let text: String
        if let total, total > 0 {
            text = "\(doing): \(VNFormat.integer(rows)) / \(VNFormat.integer(max(total, rows))) dòng (\(VNFormat.percent(part: rows, whole: max(total, rows))))"
        } else {
            text = "\(doing): \(VNFormat.integer(rows)) dòng"
        }
        FileHandle.standardError.write(Data(((terminal ? "\r\u{1B}[K" : "") + text + (terminal ? "" : "\n")).utf8))
        drawn = true
    }

    /// Ends the redrawn line so that the report starts on its own.
    func finish() {
        if terminal && drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// A file mapped into memory, read-only. The import walks it a chunk at a time; after each chunk the pages read so far
/// are given back (`forgetPagesRead`), so a 400 000-row file costs no more memory than a 100 000-row one. Mapped
/// pages touched once would otherwise stay counted against the process until the import ends.
final class MappedFile: Sendable {
    let data: Data
    /// The mapping's address (0 when the file was read the plain way), kept as a number so the class stays Sendable.
    private let address: Int
    private let length: Int

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let length = Int(info.st_size)
        // An empty file (or one mmap refuses) is read the plain way; there is nothing to give back.
        guard length > 0, let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            (self.data, self.address, self.length) = (data, 0, 0)
            return
        }
        self.address = Int(bitPattern: mapped)
        self.length = length
        self.data = Data(bytesNoCopy: mapped, count: length, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    /// Drops the mapping's resident pages. The file is mapped private and never written, so a page read again is
    /// simply read from the file again.
    func forgetPagesRead() {
        guard let base = UnsafeMutableRawPointer(bitPattern: address) else { return }
        _ = madvise(base, length, MADV_DONTNEED)
    }
}
