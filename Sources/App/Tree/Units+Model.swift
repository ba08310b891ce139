/// The tree page: visible rows in tree order with their indentation, expanded on the server (no script).
struct UnitsPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        /// The row's anchor: a toggle link returns to it.
        let id: Int
        let name: String
        /// Search results name the parent beside the unit; in the tree the indentation says it.
        let parent: String?
        let code: String
        let kind: String
        let url: String
        let indent: Int
        let toggleURL: String?
        let open: Bool
        let status: String?
        let trail: String?
    }

    let query: String
    let searchURL: String
    let rows: [Row]
    let isSearch: Bool
    let newURL: String?
    // audit & exports: the units in scope as .xlsx and .csv
    var xlsxURL: String? = SiteURL.unitsExport("xlsx").path
    var csvURL: String? = SiteURL.unitsExport("csv").path
}
