import Domain
import Foundation
import SQLKit
import Vapor

/// An uploaded file and the job that checks it, then writes it (`ImportJobs`). Its rows are personal data: storing
/// it is an audited write, its content is emptied once it is written or after a day (`Housekeeping`), and marking it
/// applied happens inside the import's own transaction.
///
/// Statuses: `checking` → `validated` or `failed`; `validated` → `writing` → `applied` (or `failed` when a row went
/// bad since the check; nothing is written then); `validated` → `expired` a day after upload.
enum ImportBatches {
    /// A new upload, to be checked by a job.
    static func begin(kind: Importer.Kind, roundId: Int? = nil, userId: Int, fileName: String?, sha256: String, content: Data, effective: CivilDate,
                      totalRows: Int?, in tx: WriteTransaction) async throws -> Int {
        let id = try await tx.sql.raw("""
            INSERT INTO import_batches (kind, round_id, user_id, file_name, sha256, content, status, row_count, created_at, effective_on, total_rows, heartbeat_at)
            VALUES (\(bind: kind.rawValue), \(bind: roundId), \(bind: userId), \(bind: fileName ?? ""), \(bind: sha256), \(bind: content), 'checking', 0,
                    \(bind: tx.timestamp), \(bind: effective.iso), \(bind: totalRows), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("upload", "import_batch", id: id, unit: nil,
                 "Tải lên tệp \(fileName ?? "")\(totalRows.map { " (khoảng \(VNFormat.integer($0)) dòng)" } ?? "") để kiểm tra")
        return id
    }

    /// The check's outcome: the report, and whether the file may be written.
    static func finishCheck(_ id: Int, report: Importer.Report, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("""
            UPDATE import_batches SET status = \(bind: report.ok ? "validated" : "failed"), row_count = \(bind: report.rows),
                   progress_rows = \(bind: report.rows), report = \(bind: try json(report)), heartbeat_at = \(bind: tx.timestamp)
            WHERE id = \(bind: id) AND status = 'checking'
            """).run()
        tx.audit("check", "import_batch", id: id, unit: nil, report.ok
                 ? "Kiểm tra xong tệp: \(VNFormat.integer(report.rows)) dòng hợp lệ, chờ xác nhận ghi"
                 : "Kiểm tra xong tệp: \(VNFormat.integer(report.problems.count + report.omitted)) lỗi, không ghi")
    }

    /// The uploader's confirmation takes the batch for writing; a second confirmation finds it taken.
    static func claimWrite(_ id: Int, userId: Int, in tx: WriteTransaction) async throws {
        let claimed = try await tx.sql.raw("""
            UPDATE import_batches SET status = 'writing', progress_rows = 0, heartbeat_at = \(bind: tx.timestamp)
            WHERE id = \(bind: id) AND user_id = \(bind: userId) AND status = 'validated' RETURNING id
            """).first(decoding: IDRow.self)
        guard claimed != nil else {
            let status = try await tx.sql.raw("SELECT status AS s FROM import_batches WHERE id = \(bind: id) AND user_id = \(bind: userId)")
                .first(decoding: StatusRow.self)?.s
            switch status {
            case nil: throw Abort(.notFound)
            case "writing": throw Abort(.conflict, reason: "Tệp này đang được ghi.")
            case "applied": throw Abort(.conflict, reason: "Tệp này đã được ghi rồi.")
            case "checking": throw Abort(.conflict, reason: "Tệp này đang được kiểm tra, chưa thể ghi.")
            case "expired": throw Abort(.conflict, reason: "Tệp này đã quá một ngày và đã được xóa; hãy tải lên lại.")
            default: throw Abort(.conflict, reason: "Tệp này có lỗi, không thể ghi.")
            }
        }
        tx.audit("write", "import_batch", id: id, unit: nil, "Xác nhận ghi tệp đã kiểm tra")
    }

    /// Inside the import's transaction: only the job that claimed the batch marks it, so two cannot both write it.
    /// The batch stays `writing` until `finishWrite` stores the report with `applied`, so that no page shows it
    /// applied with the check's report in between.
    static func markApplied(_ id: Int, in tx: WriteTransaction) async throws {
        let marked = try await tx.sql.raw("""
            UPDATE import_batches SET applied_at = \(bind: tx.timestamp), content = \(bind: Data())
            WHERE id = \(bind: id) AND status = 'writing' AND applied_at IS NULL RETURNING id
            """).first(decoding: IDRow.self)
        guard marked != nil else { throw Abort(.conflict, reason: "Tệp này đã được ghi rồi.") }
        tx.audit("apply", "import_batch", id: id, unit: nil, "Ghi tệp đã kiểm tra vào cơ sở dữ liệu; nội dung tệp đã được xóa")
    }

    /// The write's report. A refused file (a row went bad since the check) ends `failed`, nothing written.
    static func finishWrite(_ id: Int, report: Importer.Report, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("""
            UPDATE import_batches SET report = \(bind: try json(report)), progress_rows = \(bind: report.rows), heartbeat_at = \(bind: tx.timestamp),
                   status = CASE WHEN applied_at IS NULL THEN 'failed' ELSE 'applied' END, content = \(bind: Data())
            WHERE id = \(bind: id) AND status = 'writing'
            """).run()
        if !report.ok {
            tx.audit("refuse", "import_batch", id: id, unit: nil,
                     "Không ghi tệp: \(VNFormat.integer(report.problems.count + report.omitted)) lỗi phát hiện khi ghi; chưa ghi gì")
        }
    }

    /// A job that stopped without an outcome (its server went down, or an error no report covers).
    static func fail(_ id: Int, message: String, in tx: WriteTransaction) async throws {
        var report = Importer.Report(kind: .members)
        report.problems = [.init(line: 0, message: message)]
        try await tx.sql.raw("""
            UPDATE import_batches SET status = 'failed', report = \(bind: try json(report)), content = \(bind: Data()), heartbeat_at = \(bind: tx.timestamp)
            WHERE id = \(bind: id) AND status IN ('checking', 'writing')
            """).run()
        tx.audit("fail", "import_batch", id: id, unit: nil, message)
    }

    /// A write whose server went down: rolled back whole, the batch is again ready to be confirmed; committed (the
    /// server stopped between the commit and the report), it is applied.
    static func reopen(_ id: Int, in tx: WriteTransaction) async throws {
        struct Applied: Decodable { let appliedAt: String? }
        let done = try await tx.sql.raw("SELECT applied_at FROM import_batches WHERE id = \(bind: id) AND status = 'writing'")
            .first(decoding: Applied.self, with: snakeCase)
        guard let done else { return }
        if done.appliedAt != nil {
            // The page then says it was written, without the counts the report would have given.
            try await tx.sql.raw("""
                UPDATE import_batches SET status = 'applied', report = NULL, heartbeat_at = \(bind: tx.timestamp) WHERE id = \(bind: id)
                """).run()
            tx.audit("apply", "import_batch", id: id, unit: nil, "Tệp đã được ghi trước khi máy chủ dừng; báo cáo chi tiết không còn")
            return
        }
        try await tx.sql.raw("""
            UPDATE import_batches SET status = 'validated', progress_rows = 0, heartbeat_at = \(bind: tx.timestamp)
            WHERE id = \(bind: id) AND status = 'writing'
            """).run()
        tx.audit("reopen", "import_batch", id: id, unit: nil, "Việc ghi tệp bị gián đoạn, chưa ghi gì; tệp chờ xác nhận lại")
    }

    /// A job's rows read so far. Bookkeeping of a job, not a change to a record: written straight, not audited,
    /// and never allowed to fail the job.
    static func tick(_ id: Int, rows: Int, at: String, on sql: any SQLDatabase) async {
        _ = try? await sql.raw("""
            UPDATE import_batches SET progress_rows = \(bind: rows), heartbeat_at = \(bind: at) WHERE id = \(bind: id) AND status IN ('checking', 'writing')
            """).run()
    }

    /// The rows of a file whose length was unknown at upload (a workbook's), once the job has read them. Bookkeeping,
    /// like `tick`.
    static func setTotal(_ id: Int, rows: Int, on sql: any SQLDatabase) async {
        _ = try? await sql.raw("""
            UPDATE import_batches SET total_rows = \(bind: rows) WHERE id = \(bind: id) AND total_rows IS NULL AND status = 'checking'
            """).run()
    }

    private struct StatusRow: Decodable { let s: String }

    struct Batch: Decodable, Sendable {
        let id: Int
        let kind: String
        let roundId: Int?
        let fileName: String
        let content: Data
        let status: String
        let rowCount: Int
        let progressRows: Int
        let totalRows: Int?
        let heartbeatAt: String?
        let effectiveOn: String?
        let report: String?
        let createdAt: String

        var isRunning: Bool { status == "checking" || status == "writing" }
        var decodedReport: Importer.Report? { report.flatMap { try? JSONDecoder().decode(Importer.Report.self, from: Data($0.utf8)) } }
    }

    private static let columns: SQLQueryString = """
        id, kind, round_id, file_name, content, status, row_count, progress_rows, total_rows, heartbeat_at, effective_on, report, created_at
        """

    /// A batch only as seen by its uploader: anyone else's id reads as missing.
    static func find(_ id: Int, uploadedBy userId: Int, on sql: any SQLDatabase) async throws -> Batch? {
        try await sql.raw("SELECT \(columns) FROM import_batches WHERE id = \(bind: id) AND user_id = \(bind: userId)")
            .first(decoding: Batch.self, with: snakeCase)
    }

    struct Running: Decodable, Sendable { let id: Int; let status: String }

    /// Jobs that have not reported since `before`.
    static func silent(before: String, on sql: any SQLDatabase) async throws -> [Running] {
        try await sql.raw("""
            SELECT id, status FROM import_batches WHERE status IN ('checking', 'writing') AND (heartbeat_at IS NULL OR heartbeat_at < \(bind: before))
            """).all(decoding: Running.self)
    }

    static func json(_ report: Importer.Report) throws -> String {
        String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
    }
}
