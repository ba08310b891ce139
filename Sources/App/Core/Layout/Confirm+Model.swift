import Vapor

/// The second step of anything that cannot be taken back in one tap: what will happen, in numbers, and a button
/// that sends the same form again with `confirmed=1`. It works without script; nothing is written before it.
struct ConfirmPage: Encodable, Sendable {
    struct Field: Encodable, Sendable { let name: String; let value: String }
    let heading: String
    /// Each consequence in its own sentence, with the figures ("32 đoàn viên thôi sinh hoạt từ 02/12/2026").
    let consequences: [String]
    let action: String
    let fields: [Field]
    let confirmLabel: String
    let cancelURL: String
    /// When set, the page itself asks for the reason (required) under this label.
    var reasonLabel: String? = nil
}

/// A form posted to a destructive route: unconfirmed, it only shows the confirmation page.
struct Confirmation: Content {
    var confirmed: String?
    var reason: String?
    var isConfirmed: Bool { confirmed == "1" }

    /// The reason, cleaned; a destructive change must say why.
    var cleanReason: String? {
        let text = reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        return text.isEmpty ? nil : String(text.prefix(500))
    }
}

extension Request {
    func confirm(_ page: ConfirmPage) async throws -> Response {
        try await self.page("confirm", title: page.heading, page)
    }

    /// Makes the change and rolls it back, so that a refusal by the rules (a backdated date, a lock-out) is said
    /// before the confirmation page, not after it.
    func dryRun(_ change: @escaping @Sendable (WriteTransaction) async throws -> Void) async throws {
        struct DryRun: Error {}
        do {
            try await Writes.perform(on: db, actor: try actor()) { tx in
                try await change(tx)
                throw DryRun()
            }
        } catch is DryRun {}
    }
}
