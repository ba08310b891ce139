struct CorrectionsPage: Encodable, Sendable {
    struct Change: Encodable, Sendable { let label: String; let old: String; let new: String }
    struct Item: Encodable, Sendable {
        let member: String
        let memberURL: String
        let unit: String
        let at: String
        let note: String
        let changes: [Change]
        let approveURL: String
        let rejectURL: String
    }
    let items: [Item]
    let error: String?
}

/// The member's own corner on their record page.
struct OwnCorner: Encodable, Sendable {
    struct Request: Encodable, Sendable { let at: String; let what: String; let status: String; let decision: String? }
    let unitName: String
    let parentName: String?
    let officials: [String]
    let requests: [Request]
    let fields: [MemberFormPage.Field]
    let action: String
}
