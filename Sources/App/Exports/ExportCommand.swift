import Domain
import Foundation
import Vapor

/// `noiguong export members|units|audit --format xlsx|csv --out FILE`: the same files as the pages' downloads,
/// written by the command line (which reads everything, as the system administrator) and recorded in the
/// register. Members can be limited to a unit's subtree with `--unit CODE`.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "members | units | audit") var kind: String
        @Option(name: "format", help: "xlsx (mặc định) | csv") var format: String?
        @Option(name: "out", help: "Tệp kết quả") var out: String?
        @Option(name: "unit", help: "Mã đơn vị: chỉ đơn vị này và các đơn vị trực thuộc") var unit: String?
    }

    var help: String { "Xuất danh sách ra tệp: export members|units|audit --format xlsx|csv --out FILE [--unit MÃ]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let format = ExportFormat(rawValue: signature.format ?? "xlsx") else { throw CLIError("Định dạng phải là xlsx hoặc csv.") }
        guard let out = signature.out, !out.isEmpty else { throw CLIError("Cần --out TỆP.") }
        let app = context.application
        let actor = Actor.cli(app)
        let sql = app.sql
        var under: UnitRow?
        if let code = signature.unit.map(VietnameseText.clean), !code.isEmpty {
            guard let unit = try await Units.find(code: code, on: sql) else { throw CLIError("Không có đơn vị mã \(code).") }
            under = unit
        }
        let started = Date()
        let file: ExportFile
        let what: String
        let entity: String
        switch signature.kind {
        case "members":
            file = try ExportFile(format: format, sheetName: "Đoàn viên", columns: Exports.memberColumns)
            var filter = MemberFilter()
            filter.under = under?.id
            let selection = try await MemberQuery.select(filter, scope: actor.scope, subtree: under?.subtree, on: sql)
            try await run(file) { try await Exports.members(filter, selection, into: file, on: sql) }
            what = "danh sách đoàn viên"; entity = "member"
        case "units":
            file = try ExportFile(format: format, sheetName: "Đơn vị", columns: Exports.unitColumns)
            try await run(file) { try await Exports.units(scope: actor.scope, subtree: under?.subtree, into: file, on: sql) }
            what = "danh sách đơn vị"; entity = "unit"
        case "audit":
            file = try ExportFile(format: format, sheetName: "Nhật ký", columns: Exports.auditColumns)
            var filter = AuditFilter()
            filter.unit = under
            try await run(file) { try await Exports.audit(filter, scope: actor.scope, into: file, on: sql) }
            what = "nhật ký thay đổi"; entity = "audit_log"
        default:
            throw CLIError("Loại dữ liệu phải là members, units hoặc audit.")
        }
        defer { file.discard() }
        let target = URL(fileURLWithPath: out)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: file.url, to: target)
        try await Exports.record(what + (under.map { " thuộc \($0.code) – \($0.name)" } ?? ""), entity: entity, unit: under?.id,
                                 file: file, actor: actor, on: app.db)
        let seconds = Date().timeIntervalSince(started)
        context.console.print("Đã xuất \(VNFormat.integer(file.rows)) dòng vào \(out) (\(String(format: "%.2f", seconds)) s).")
    }

    private func run(_ file: ExportFile, _ body: () async throws -> Void) async throws {
        do {
            try await body()
            try file.finish()
        } catch {
            file.discard()
            throw error
        }
    }
}
