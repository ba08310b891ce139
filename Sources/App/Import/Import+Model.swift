struct ImportPage: Encodable, Sendable {
    struct Template: Encodable, Sendable { let label: String; let url: String }
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    let uploadURL: String
    let kinds: [Option]
    let templates: [Template]
    let today: String
    let report: [String]?
    let reportOK: Bool
    let confirmURL: String?
    let fileName: String?
    let done: Bool
}
