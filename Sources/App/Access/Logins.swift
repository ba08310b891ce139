import Foundation
import SQLKit

/// What log-in reads and writes: the account a name belongs to, and the failed attempts that `LoginThrottle`
/// counts.
enum Logins {
    struct Candidate: Decodable { let id: Int; let passwordHash: String; let status: String }

    static func candidate(username: String, on sql: any SQLDatabase) async throws -> Candidate? {
        try await sql.raw("SELECT id, password_hash, status FROM users WHERE username = \(bind: username)")
            .first(decoding: Candidate.self, with: snakeCase)
    }

    /// A failed attempt has no signed-in actor and is not audited, so it is written outside `Writes`.
    static func recordFailure(username: String, address: String, at timestamp: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("INSERT INTO login_failures (username_key, address, at) VALUES (\(bind: username), \(bind: address), \(bind: timestamp))").run()
    }

    /// Only this address's failures are forgiven: a spread-out attack on the name keeps its count.
    static func forgiveFailures(username: String, address: String, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("DELETE FROM login_failures WHERE username_key = \(bind: username) AND address = \(bind: address)").run()
    }

    struct FailureCounts: Decodable { let pair: Int?; let name: Int?; let place: Int? }

    /// Failures since `since` for the (name, address) pair, for the name from anywhere, and from the address.
    static func failureCounts(username: String, address: String, since: String, on sql: any SQLDatabase) async throws -> FailureCounts? {
        try await sql.raw("""
            SELECT SUM(CASE WHEN username_key = \(bind: username) AND address = \(bind: address) THEN 1 ELSE 0 END) AS pair,
                   SUM(CASE WHEN username_key = \(bind: username) THEN 1 ELSE 0 END) AS name,
                   SUM(CASE WHEN address = \(bind: address) THEN 1 ELSE 0 END) AS place
            FROM login_failures WHERE at > \(bind: since) AND (username_key = \(bind: username) OR address = \(bind: address))
            """).first(decoding: FailureCounts.self)
    }

    /// Whether the register holds a successful log-in of this name from this address.
    static func hasSignedIn(username: String, from address: String, on sql: any SQLDatabase) async throws -> Bool {
        let known = try await sql.raw("""
            SELECT a.id FROM audit_log a JOIN users us ON us.id = a.entity_id
            WHERE a.entity = 'user' AND a.action = 'login' AND us.username = \(bind: username) AND a.address = \(bind: address)
            LIMIT 1
            """).first(decoding: IDRow.self)
        return known != nil
    }
}
