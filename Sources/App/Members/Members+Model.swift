import Domain

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
        /// The parent unit's name, shown after the unit's own ("Tổ Văn phòng — Công đoàn Sở Y tế").
        let unitParent: String?
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
    let pager: Pager
    let newURL: String?
    // audit & exports: the list with its filters as .xlsx and .csv
    var xlsxURL: String? = nil
    var csvURL: String? = nil
}

/// Previous and next pages of a key-set list, and where the reader is ("Trang 3 · 101–150 trong 1.234").
struct Pager: Encodable, Sendable {
    let position: String?
    let previousURL: String?
    let nextURL: String?
    /// Shown from page 3 on: one step back to the start.
    let firstURL: String?
}

extension MembersPage {
    static func pager(rows: Int, page: Int, limit: Int, total: (n: Int, capped: Bool), t: Strings,
                      next: String?, previous: String?, first: String) -> Pager {
        var position: String?
        if rows > 0 {
            let from = (page - 1) * limit + 1
            let to = from + rows - 1
            let of = total.capped ? t.format("pager_more_than", VNFormat.integer(total.n)) : VNFormat.integer(max(total.n, to))
            position = t.format("pager_page", VNFormat.integer(page)) + " · "
                + t.format("pager_range", VNFormat.integer(from), VNFormat.integer(to), of)
        }
        return Pager(position: position, previousURL: page > 1 ? previous : nil, nextURL: next, firstURL: page > 2 ? first : nil)
    }
}
