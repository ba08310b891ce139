struct AuditPage: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        let at: String
        let who: String
        let action: String
        let kind: String
        let unit: String?
        let summary: String
        let url: String?
    }
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    struct Failure: Encodable, Sendable { let at: String; let username: String; let address: String }

    let title: String
    let action: String
    let security: Bool
    let people: [Option]
    let kinds: [Option]
    let unit: String
    let from: String
    let to: String
    let problems: [String]
    let entries: [Entry]
    let position: String
    let newestURL: String?
    let newerURL: String?
    let olderURL: String?
    let xlsxURL: String?
    let csvURL: String?
    /// The other view (register ↔ security), for administrators.
    let otherURL: String?
    let otherLabel: String?
    let failures: [Failure]
}
