import Crypto
import Domain
import Foundation
import Spreadsheet
import SQLKit
import Vapor

/// Upload, dry run, report, confirm. The uploaded file is kept in the database between the two steps, so any
/// app server can take the confirmation.
enum ImportController {
    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req: req, kind: .members, report: nil, batchId: nil, fileName: nil, done: false, status: .ok)
    }

    static func render(req: Request, kind: Importer.Kind, report: Importer.Report?, batchId: Int?, fileName: String?, done: Bool, status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let t = req.strings
        let page = ImportPage(
            uploadURL: SiteURL.importUpload.path,
            kinds: Importer.Kind.allCases.map { .init(value: $0.rawValue, label: t["import_" + $0.rawValue], selected: $0 == kind) },
            templates: ["units.xlsx", "units.csv", "members.xlsx", "members.csv"].map {
                .init(label: (t[$0.hasPrefix("units") ? "import_units" : "import_members"]) + " (." + ($0.split(separator: ".").last ?? "") + ")",
                      url: SiteURL.importTemplate($0).path)
            },
            today: VNFormat.date(req.clock.today), report: report?.lines(), reportOK: report?.ok ?? false,
            confirmURL: (report?.ok == true && !done) ? batchId.map { SiteURL.importConfirm(.id($0)).path } : nil,
            fileName: fileName, done: done)
        return try await req.page("import", title: t["import_title"], page, status: status)
    }

    struct Upload: Content {
        var kind: String
        var date: String
        var file: File
    }

    @Sendable
    static func upload(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let upload = try req.content.decode(Upload.self)
        guard let kind = Importer.Kind(rawValue: upload.kind) else { throw Abort(.badRequest, reason: "Loại dữ liệu không hợp lệ.") }
        guard let date = CivilDate(vietnamese: upload.date) else {
            var report = Importer.Report(kind: kind)
            report.problems = [.init(line: 0, message: CivilDate.problemSentence(upload.date, field: "Ngày hiệu lực"))]
            return try await render(req: req, kind: kind, report: report, batchId: nil, fileName: upload.file.filename, done: false, status: .unprocessableEntity)
        }
        let data = Data(buffer: upload.file.data)
        let actor = try req.actor()
        let report = try await Importer.run(kind, data: data, fileName: upload.file.filename, actor: actor, effective: date, apply: false, on: req.db)
        let digest = Hex.encode(SHA256.hash(data: data))
        let encoder = JSONEncoder()
        let reportJSON = String(decoding: try encoder.encode(ReportEnvelope(report: report, effective: date.iso)), as: UTF8.self)
        let fileName = upload.file.filename, userId = p.user.id
        let batchId = try await Writes.perform(on: req.db, actor: actor) { tx in
            try await ImportBatches.store(kind: kind, userId: userId, fileName: fileName, sha256: digest, content: data,
                                          ok: report.ok, rows: report.rows, reportJSON: reportJSON, in: tx)
        }
        return try await render(req: req, kind: kind, report: report, batchId: batchId, fileName: upload.file.filename, done: false,
                                status: report.ok ? .ok : .unprocessableEntity)
    }

    struct ReportEnvelope: Codable { let report: Importer.Report; let effective: String }

    @Sendable
    static func confirm(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let id = try req.id()
        // Only the person who uploaded a file may confirm it.
        guard let batch = try await ImportBatches.find(id, uploadedBy: p.user.id, on: req.sql),
              let kind = Importer.Kind(rawValue: batch.kind) else { throw Abort(.notFound) }
        guard batch.status == "validated" else {
            throw Abort(.conflict, reason: batch.status == "applied" ? "Tệp này đã được ghi rồi." : "Tệp này có lỗi, không thể ghi.")
        }
        let effective = batch.report.flatMap { try? JSONDecoder().decode(ReportEnvelope.self, from: Data($0.utf8)) }
            .flatMap { CivilDate(iso: $0.effective) } ?? req.clock.today
        // The data may have changed since the dry run, so the whole file is checked again as it is written.
        let report: Importer.Report
        do {
            report = try await Importer.run(kind, data: batch.content, fileName: batch.fileName, actor: try req.actor(), effective: effective,
                                            apply: true, whenWriting: { tx in try await ImportBatches.markApplied(id, in: tx) }, on: req.db)
        } catch let abort as Abort where abort.status == .conflict {
            var failed = Importer.Report(kind: kind)
            failed.problems = [.init(line: 0, message: abort.reason)]
            return try await render(req: req, kind: kind, report: failed, batchId: id, fileName: batch.fileName, done: false, status: .conflict)
        }
        return try await render(req: req, kind: kind, report: report, batchId: id, fileName: batch.fileName, done: report.ok,
                                status: report.ok ? .ok : .unprocessableEntity)
    }

    @Sendable
    static func template(req: Request) async throws -> Response {
        guard let name = req.parameters.get("name") else { throw Abort(.notFound) }
        let parts = name.split(separator: ".")
        guard parts.count == 2, let kind = Importer.Kind(rawValue: String(parts[0])) else { throw Abort(.notFound) }
        let data: Data
        let type: String
        switch parts[1] {
        case "csv":
            data = CSVWriter.write([kind.headers], delimiter: ";", bom: true)
            type = "text/csv; charset=utf-8"
        case "xlsx":
            data = try XLSXWriter.workbook(sheetName: kind == .units ? "Don vi" : "Doan vien", rows: [kind.headers.map { .text($0) }],
                                           columnWidths: kind.headers.map { _ in 22 })
            type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default: throw Abort(.notFound)
        }
        let fileName = (kind == .units ? "mau-don-vi." : "mau-doan-vien.") + parts[1]
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
