import Crypto
import Domain
import Foundation
import Spreadsheet
import SQLKit
import Vapor

/// Upload, check, report, confirm, write. The uploaded file is kept in the database between the steps, so any app
/// server can take the confirmation; each step runs as a job (`ImportJobs`). A request waits for its job a few
/// seconds (`AppConfig.importWait`): a small file's report comes back at once, a large one's page shows the progress.
enum ImportController {
    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req: req, kind: .members, batch: nil, status: .ok)
    }

    /// The form, and below it a batch: its report when checked or written, its progress while a job runs.
    static func render(req: Request, kind: Importer.Kind, batch: ImportBatches.Batch?, report explicit: Importer.Report? = nil,
                       status: HTTPStatus) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let t = req.strings
        let report = explicit ?? batch?.decodedReport
        var job: ImportPage.Job?
        if let batch, batch.isRunning {
            let rows = await ImportJobs.rowsRead(batch, app: req.application)
            let total = batch.totalRows.map { max($0, rows) }
            job = .init(label: t[batch.status == "writing" ? "import_job_writing" : "import_job_checking"],
                        rows: t.format(total == nil ? "import_job_rows" : "import_job_rows_of", VNFormat.integer(rows), VNFormat.integer(total ?? 0)),
                        value: rows, max: total, percent: total.map { VNFormat.percent(part: rows, whole: max($0, 1)) })
        }
        // A round's registrations: the page speaks of the round, whose own page holds the form.
        var round: Rounds.Row?
        if let id = batch?.roundId { round = try await Rounds.find(id: id, on: req.sql) }
        let page = ImportPage(
            uploadURL: SiteURL.importUpload.path,
            kinds: Importer.Kind.general.map { .init(value: $0.rawValue, label: t["import_" + $0.rawValue], selected: $0 == kind) },
            templates: ["units.xlsx", "units.csv", "members.xlsx", "members.csv"].map {
                .init(label: (t[$0.hasPrefix("units") ? "import_units" : "import_members"]) + " (." + ($0.split(separator: ".").last ?? "") + ")",
                      url: SiteURL.importTemplate($0).path)
            },
            today: VNFormat.date(req.clock.today), report: job == nil ? report?.lines(withColumns: false) : nil, columnsRead: job == nil ? report?.columnsRead : nil,
            reportOK: report?.ok ?? false,
            confirmURL: batch?.status == "validated" ? SiteURL.importConfirm(.id(batch!.id)).path : nil,
            fileName: batch?.fileName, done: batch?.status == "applied" && explicit == nil, job: job,
            batchURL: batch.map { SiteURL.importBatch(.id($0.id)).path },
            roundTitle: round.map { "\($0.title) — \($0.unitName)" }, roundURL: round.map { SiteURL.round(.id($0.id)).path })
        let response = try await req.page("import", title: t["import_title"], page, status: status)
        // The page reloads itself while the job runs: no script needed, and coming back later shows where it is.
        if job != nil { response.headers.replaceOrAdd(name: "Refresh", value: "2") }
        return response
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
        guard let kind = Importer.Kind(rawValue: upload.kind), Importer.Kind.general.contains(kind) else {
            throw Abort(.badRequest, reason: "Loại dữ liệu không hợp lệ.")
        }
        guard let date = CivilDate(vietnamese: upload.date) else {
            var report = Importer.Report(kind: kind)
            report.problems = [.init(line: 0, message: CivilDate.problemSentence(upload.date, field: "Ngày hiệu lực"))]
            return try await render(req: req, kind: kind, batch: nil, report: report, status: .unprocessableEntity)
        }
        let data = Data(buffer: upload.file.data)
        let actor = try req.actor()
        let digest = Hex.encode(SHA256.hash(data: data))
        let fileName = upload.file.filename, userId = p.user.id
        let total = ImportJobs.estimateRows(data, fileName: fileName)
        let batchId = try await Writes.perform(on: req.db, actor: actor) { tx in
            try await ImportBatches.begin(kind: kind, userId: userId, fileName: fileName, sha256: digest, content: data, effective: date,
                                          totalRows: total, in: tx)
        }
        await ImportJobs.startCheck(app: req.application, .init(batchId: batchId, kind: kind, data: data, fileName: fileName, effective: date, actor: actor))
        return try await outcome(req: req, batchId: batchId, userId: userId)
    }

    /// The batch's report when its job ended within the wait, else a redirect to its page.
    static func outcome(req: Request, batchId: Int, userId: Int) async throws -> Response {
        let ended = await ImportJobs.wait(for: batchId, seconds: req.application.config.importWait, app: req.application)
        guard ended, let batch = try await ImportBatches.find(batchId, uploadedBy: userId, on: req.sql),
              let kind = Importer.Kind(rawValue: batch.kind) else {
            return req.redirect(to: SiteURL.importBatch(.id(batchId)).path, redirectType: .normal)
        }
        return try await render(req: req, kind: kind, batch: batch, status: batch.decodedReport?.ok == true ? .ok : .unprocessableEntity)
    }

    @Sendable
    static func batch(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        // Only the person who uploaded a file sees it.
        guard let batch = try await ImportBatches.find(try req.id(), uploadedBy: p.user.id, on: req.sql),
              let kind = Importer.Kind(rawValue: batch.kind) else { throw Abort(.notFound) }
        return try await render(req: req, kind: kind, batch: batch, status: .ok)
    }

    @Sendable
    static func confirm(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.notFound) }
        let id = try req.id()
        // Only the person who uploaded a file may confirm it.
        guard let batch = try await ImportBatches.find(id, uploadedBy: p.user.id, on: req.sql),
              let kind = Importer.Kind(rawValue: batch.kind) else { throw Abort(.notFound) }
        let actor = try req.actor(), userId = p.user.id
        do {
            try await Writes.perform(on: req.db, actor: actor) { tx in try await ImportBatches.claimWrite(id, userId: userId, in: tx) }
        } catch let abort as Abort where abort.status == .conflict {
            var failed = Importer.Report(kind: kind)
            failed.problems = [.init(line: 0, message: abort.reason)]
            return try await render(req: req, kind: kind, batch: batch, report: failed, status: .conflict)
        }
        let effective = batch.effectiveOn.flatMap(CivilDate.init(iso:)) ?? req.clock.today
        await ImportJobs.startWrite(app: req.application, .init(batchId: id, kind: kind, data: batch.content, fileName: batch.fileName,
                                                                effective: effective, actor: actor, roundId: batch.roundId))
        return try await outcome(req: req, batchId: id, userId: userId)
    }

    @Sendable
    static func template(req: Request) async throws -> Response {
        guard let name = req.parameters.get("name") else { throw Abort(.notFound) }
        let parts = name.split(separator: ".")
        guard parts.count == 2, let kind = Importer.Kind(rawValue: String(parts[0])), Importer.Kind.general.contains(kind) else { throw Abort(.notFound) }
        let data: Data
        let type: String
        switch parts[1] {
        case "csv":
            data = CSVWriter.write([kind.headers], delimiter: ";", bom: true)
            type = "text/csv; charset=utf-8"
        case "xlsx":
            // The lists offer only what this official may write to.
            let p = try req.requirePrincipal()
            let units = try await Units.writable(scope: p.scope, limit: ImportTemplate.unitLimit, on: req.sql)
            data = try ImportTemplate.workbook(kind, units: units, kinds: try await Units.kinds(on: req.sql).map(\.name))
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
