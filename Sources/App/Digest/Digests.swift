import Domain
import Foundation
import SQLKit
import Vapor

/// The daily digest's SQL: who has an address and has not had today's digest, and the claim that makes each
/// person's digest go out once a day whatever the number of app servers.
enum Digests {
    struct Recipient: Decodable, Sendable { let id: Int; let username: String; let displayName: String; let email: String }

    /// A failed send is tried again (three times in all); a claim still `sending` is never taken over, so a server
    /// that died mid-send costs that person one digest rather than sending it twice.
    static let attemptsPerDay = 3

    static func recipients(day: CivilDate, only username: String? = nil, on sql: any SQLDatabase) async throws -> [Recipient] {
        let one: SQLQueryString = username.map { "AND u.username = \(bind: $0)" } ?? ""
        return try await sql.raw("""
            SELECT u.id, u.username, u.display_name, u.email FROM users u
            WHERE u.status = 'active' AND u.email IS NOT NULL \(one)
              AND NOT EXISTS (SELECT 1 FROM digest_sends d WHERE d.user_id = u.id AND d.day = \(bind: day.iso)
                              AND NOT (d.status = 'failed' AND d.attempts < \(literal: attemptsPerDay)))
            ORDER BY u.id
            """).all(decoding: Recipient.self, with: snakeCase)
    }

    /// Takes today's digest of this person for this server; nil when another server (or an earlier run) has it.
    static func claim(_ r: Recipient, day: CivilDate, items: Int, in tx: WriteTransaction) async throws -> Int? {
        let status = items == 0 ? "nothing" : "sending"
        let id = try await tx.sql.raw("""
            INSERT INTO digest_sends (user_id, day, status, attempts, item_count, claimed_at)
            VALUES (\(bind: r.id), \(bind: day.iso), \(bind: status), 1, \(bind: items), \(bind: tx.timestamp))
            ON CONFLICT (user_id, day) DO UPDATE SET status = excluded.status, attempts = digest_sends.attempts + 1,
                item_count = excluded.item_count, claimed_at = excluded.claimed_at, error = NULL
            WHERE digest_sends.status = 'failed' AND digest_sends.attempts < \(literal: attemptsPerDay)
            RETURNING id
            """).first(decoding: IDRow.self)?.id
        if id != nil, items > 0 {
            tx.audit("send", "digest", id: r.id, unit: nil, "Gửi thư tổng hợp ngày \(VNFormat.date(day)) cho \(r.username) (\(r.email)): \(items) việc đang chờ")
        }
        return id
    }

    static func finish(_ id: Int, recipient r: Recipient, error: String?, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("""
            UPDATE digest_sends SET status = \(bind: error == nil ? "sent" : "failed"), sent_at = \(bind: error == nil ? tx.timestamp : nil),
                   error = \(bind: error) WHERE id = \(bind: id)
            """).run()
        if let error {
            tx.audit("send_failed", "digest", id: r.id, unit: nil, "Gửi thư tổng hợp cho \(r.username) không được: \(error)")
        }
    }

    struct Sent: Decodable, Sendable { let userId: Int; let day: String; let status: String; let attempts: Int; let itemCount: Int; let error: String? }

    static func sends(day: CivilDate, on sql: any SQLDatabase) async throws -> [Sent] {
        try await sql.raw("""
            SELECT user_id, day, status, attempts, item_count, error FROM digest_sends WHERE day = \(bind: day.iso) ORDER BY user_id
            """).all(decoding: Sent.self, with: snakeCase)
    }

    static func email(userId: Int, on sql: any SQLDatabase) async throws -> String? {
        struct E: Decodable { let email: String? }
        return try await sql.raw("SELECT email FROM users WHERE id = \(bind: userId)").first(decoding: E.self)?.email
    }

    static func setEmail(userId: Int, email: String?, in tx: WriteTransaction) async throws {
        struct Old: Decodable { let username: String; let email: String? }
        guard let old = try await tx.sql.raw("SELECT username, email FROM users WHERE id = \(bind: userId)").first(decoding: Old.self) else {
            throw Abort(.notFound)
        }
        try await tx.sql.raw("UPDATE users SET email = \(bind: email) WHERE id = \(bind: userId)").run()
        tx.audit("update", "user", id: userId, unit: nil,
                 email.map { "Địa chỉ nhận thư tổng hợp của \(old.username): \($0)" } ?? "\(old.username) thôi nhận thư tổng hợp hằng ngày",
                 changes: ["email": [old.email, email]])
    }
}
