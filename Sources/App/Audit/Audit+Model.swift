struct AuditPage: Encodable, Sendable {
    struct Entry: Encodable, Sendable { let at: String; let who: String; let action: String; let summary: String; let url: String? }
    let entries: [Entry]
    let olderURL: String?
}
