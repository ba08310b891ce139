import Crypto
import Documents
import Domain
import Foundation
import SQLKit
import Vapor

/// Evidence files: checked by their content (not their name), kept in the database (outside any web root) and
/// served only to those who may read what they hang on.
enum Evidence {
    struct Checked: Sendable {
        let fileName: String
        let contentType: String
        let data: Data
    }

    static let maxBytes = 10 * 1024 * 1024

    /// The upload as a file we keep, or a 413/415 with a Vietnamese message.
    static func check(data: Data, fileName: String, maxBytes: Int = maxBytes) throws -> Checked {
        switch FileCheck.validate(data, fileName: fileName, maxBytes: maxBytes) {
        case .success(let kind):
            return Checked(fileName: safeName(fileName, kind: kind), contentType: kind.mimeType, data: data)
        case .failure(let refusal):
            switch refusal.reason {
            case .tooLarge: throw Abort(.payloadTooLarge, reason: refusal.message)
            case .empty: throw Abort(.unprocessableEntity, reason: refusal.message)
            default: throw Abort(.unsupportedMediaType, reason: refusal.message)
            }
        }
    }

    /// The name as uploaded, without any folder part, NFC, at most 150 characters, ending in the real kind's
    /// extension when it had none.
    static func safeName(_ name: String, kind: FileKind) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(VietnameseText.clean(base).filter { !$0.isNewline && $0 != "\"" }.prefix(150))
        if clean.isEmpty { return "minh-chung." + kind.fileExtension }
        return FileCheck.fileExtension(of: clean) == nil ? clean + "." + kind.fileExtension : clean
    }

    static func store(_ file: Checked, owner: String, ownerId: Int, in tx: WriteTransaction) async throws {
        let hash = Hex.encode(SHA256.hash(data: file.data))
        try await tx.sql.raw("""
            INSERT INTO stored_files (owner, owner_id, file_name, content_type, size, sha256, content, uploaded_by, at)
            VALUES (\(bind: owner), \(bind: ownerId), \(bind: file.fileName), \(bind: file.contentType), \(bind: file.data.count),
                    \(bind: hash), \(bind: file.data), \(bind: tx.actor.userId), \(bind: tx.timestamp))
            """).run()
    }

    struct Stored: Decodable, Sendable {
        let id: Int
        let owner: String
        let ownerId: Int
        let fileName: String
        let contentType: String
        let content: Data
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Stored? {
        try await sql.raw("SELECT id, owner, owner_id, file_name, content_type, content FROM stored_files WHERE id = \(bind: id)")
            .first(decoding: Stored.self, with: snakeCase)
    }

    /// The file as a download: its real type, a safe Content-Disposition, and no sniffing by the browser.
    static func response(_ file: Stored) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        let kind = FileKind.allCases.first { $0.mimeType == file.contentType }
        let inline = kind == .pdf || kind == .png || kind == .jpeg
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.value(inline ? .inline : .attachment, fileName: file.fileName))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: file.content))
    }
}
