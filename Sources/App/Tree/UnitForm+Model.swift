struct UnitFormPage: Encodable, Sendable {
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    let heading: String
    let action: String
    let cancelURL: String
    let isNew: Bool
    let code: String
    let name: String
    let parentCode: String
    let cells: [Option]
    /// Effective date of an edit (dd/mm/yyyy), shown only when editing.
    let date: String
    let kinds: [Option]
    let errors: [String]
}
