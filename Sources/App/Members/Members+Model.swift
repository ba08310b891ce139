struct MembersPage: Encodable, Sendable {
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    struct Row: Encodable, Sendable {
        let name: String
        let url: String
        let birth: String
        let gender: String
        let education: String
        let party: String
        let unit: String
        let unitURL: String
        let status: String?
    }

    let action: String
    let query: String
    let underName: String?
    let under: String
    let unitCode: String
    let genders: [Option]
    let educations: [Option]
    let party: [Option]
    let statuses: [Option]
    let total: String
    let rows: [Row]
    let nextURL: String?
    let firstURL: String?
    let newURL: String?
    // audit & exports: the list with its filters as .xlsx and .csv
    var xlsxURL: String? = nil
    var csvURL: String? = nil
}
