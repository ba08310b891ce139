struct ImportPage: Encodable, Sendable {
    struct Template: Encodable, Sendable { let label: String; let url: String }
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    let uploadURL: String
    let kinds: [Option]
    let templates: [Template]
    let today: String
    let report: [String]?
    /// How the file's own column titles were read, a column a line.
    let columnsRead: [String]?
    let reportOK: Bool
    let confirmURL: String?
    let fileName: String?
    let done: Bool
    /// A job at work on the batch: what it does, the rows read, the bar (no maximum: the file's length is unknown).
    struct Job: Encodable, Sendable { let label: String; let rows: String; let value: Int; let max: Int?; let percent: String? }
    let job: Job?
    let batchURL: String?
    /// A round's registrations: its title and page (the import form is there).
    var roundTitle: String? = nil
    var roundURL: String? = nil
}
