import Foundation
import SQLKit
import Vapor

/// A user's own API tokens. Only a digest of each token is stored; the prefix lets its owner tell them apart.
enum Tokens {
    struct Row: Decodable {
        let id: Int
        let name: String
        let prefix: String
        let createdAt: String
        let lastUsedAt: String?
        let revokedAt: String?
    }

    static func list(of userId: Int, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = \(bind: userId) ORDER BY id DESC
            """).all(decoding: Row.self, with: snakeCase)
    }

    static func create(userId: Int, name: String, token: String, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at)
            VALUES (\(bind: userId), \(bind: name), \(bind: Secrets.hash(token)), \(bind: String(token.prefix(8))), \(bind: tx.timestamp))
            """).run()
        tx.audit("create", "api_token", id: nil, unit: nil, "Tạo mã truy cập API \(name)")
    }

    static func revoke(_ id: Int, of userId: Int, note: String? = nil, in tx: WriteTransaction) async throws {
        // Someone else's token id answers 404 like a missing one.
        guard try await tx.sql.raw("SELECT id FROM api_tokens WHERE id = \(bind: id) AND user_id = \(bind: userId)").first(decoding: IDRow.self) != nil else {
            throw Abort(.notFound)
        }
        try await tx.sql.raw("UPDATE api_tokens SET revoked_at = \(bind: tx.timestamp) WHERE id = \(bind: id) AND revoked_at IS NULL").run()
        tx.audit("revoke", "api_token", id: id, unit: nil, "Thu hồi mã truy cập API" + AuditText.because(note))
    }
}
