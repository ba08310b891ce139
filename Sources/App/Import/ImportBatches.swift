import Domain
import Foundation
import SQLKit
import Vapor

/// An uploaded file between its dry run and its confirmation. Its rows are personal data: storing it is an
/// audited write, its content is emptied once it is written or after a day (`Housekeeping`), and marking it
/// applied happens inside the import's own transaction.
enum ImportBatches {
    static func store(kind: Importer.Kind, userId: Int, fileName: String?, sha256: String, content: Data, ok: Bool,
                      rows: Int, reportJSON: String, in tx: WriteTransaction) async throws -> Int {
        let id = try await tx.sql.raw("""
            INSERT INTO import_batches (kind, user_id, file_name, sha256, content, status, row_count, report, created_at)
            VALUES (\(bind: kind.rawValue), \(bind: userId), \(bind: fileName ?? ""), \(bind: sha256), \(bind: content),
                    \(bind: ok ? "validated" : "failed"), \(bind: rows), \(bind: reportJSON), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("upload", "import_batch", id: id, unit: nil, "Tải lên tệp \(fileName ?? "") (\(VNFormat.integer(rows)) dòng) để kiểm tra")
        return id
    }

    struct Batch: Decodable { let kind: String; let fileName: String; let content: Data; let status: String; let report: String? }

    /// A batch only as seen by its uploader: anyone else's id reads as missing.
    static func find(_ id: Int, uploadedBy userId: Int, on sql: any SQLDatabase) async throws -> Batch? {
        try await sql.raw("""
            SELECT kind, file_name, content, status, report FROM import_batches WHERE id = \(bind: id) AND user_id = \(bind: userId)
            """).first(decoding: Batch.self, with: snakeCase)
    }

    /// The second of two confirmations finds the batch already applied and rolls its whole import back.
    static func markApplied(_ id: Int, in tx: WriteTransaction) async throws {
        let marked = try await tx.sql.raw("""
            UPDATE import_batches SET status = 'applied', applied_at = \(bind: tx.timestamp), content = \(bind: Data())
            WHERE id = \(bind: id) AND status = 'validated' RETURNING id
            """).first(decoding: IDRow.self)
        guard marked != nil else { throw Abort(.conflict, reason: "Tệp này đã được ghi rồi.") }
        tx.audit("apply", "import_batch", id: id, unit: nil, "Ghi tệp đã kiểm tra vào cơ sở dữ liệu; nội dung tệp đã được xóa")
    }
}
