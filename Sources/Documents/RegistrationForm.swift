import Foundation

/// "Bản đăng ký việc làm cụ thể" printed the way the union's documents are laid out (QĐ 933/QĐ-TLĐ, following
/// Nghị định 30/2020/NĐ-CP): issuer and national motto side by side, place and date under the motto, the title,
/// the member's details, the actions table, the cell's appraisal and two signature blocks. One A4 page per form.
public enum RegistrationForm {
    public struct Day: Sendable, Equatable {
        public var day: Int
        public var month: Int
        public var year: Int

        public init(day: Int, month: Int, year: Int) {
            self.day = day
            self.month = month
            self.year = year
        }
    }

    public struct Action: Sendable, Equatable {
        public var action: String
        public var duty: String
        public var result: String
        public var deadline: String

        public init(action: String, duty: String, result: String, deadline: String) {
            self.action = action
            self.duty = duty
            self.result = result
            self.deadline = deadline
        }
    }

    public struct Appraisal: Sendable, Equatable {
        /// What the cell decided, as shown to users ("Đạt", "Đề nghị bổ sung…"); `nil` until appraised, and the
        /// form then leaves dotted lines to be filled in by hand.
        public var statusText: String?
        public var secretaryName: String?
        public var appraisedOn: Day?

        public init(statusText: String? = nil, secretaryName: String? = nil, appraisedOn: Day? = nil) {
            self.statusText = statusText
            self.secretaryName = secretaryName
            self.appraisedOn = appraisedOn
        }
    }

    public struct Data: Sendable, Equatable {
        public var parentUnitName: String?
        public var unitName: String
        /// Place name for the date line ("Hà Nội").
        public var place: String
        public var date: Day
        /// "Việc làm cụ thể học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"; the year is added.
        public var programmeTitle: String
        public var year: Int
        public var memberName: String
        public var position: String?
        public var cellName: String?
        public var duties: String
        public var actions: [Action]
        public var shortcomings: String
        public var appraisal: Appraisal

        public init(
            parentUnitName: String? = nil, unitName: String, place: String, date: Day, programmeTitle: String,
            year: Int, memberName: String, position: String? = nil, cellName: String? = nil, duties: String,
            actions: [Action], shortcomings: String, appraisal: Appraisal = Appraisal()
        ) {
            self.parentUnitName = parentUnitName
            self.unitName = unitName
            self.place = place
            self.date = date
            self.programmeTitle = programmeTitle
            self.year = year
            self.memberName = memberName
            self.position = position
            self.cellName = cellName
            self.duties = duties
            self.actions = actions
            self.shortcomings = shortcomings
            self.appraisal = appraisal
        }
    }

    /// All forms in one document, each starting on its own page, so a unit's registrations print in one go.
    public static func document(_ forms: [Data]) -> DocxDocument {
        var blocks: [DocxBlock] = []
        for (index, form) in forms.enumerated() {
            if index > 0 { blocks.append(.pageBreak) }
            blocks += page(form)
        }
        let title: String
        if forms.count == 1, let form = forms.first {
            title = "Bản đăng ký năm \(form.year) - \(clean(form.memberName))"
        } else if let form = forms.first {
            title = "Bản đăng ký năm \(form.year) - \(clean(form.unitName))"
        } else {
            title = "Bản đăng ký"
        }
        return DocxDocument(title: title, blocks: blocks)
    }

    /// "ngày 05 tháng 3 năm 2026": Nghị định 30 writes a leading zero for days below 10 and for months 1 and 2
    /// only (so "tháng 01", "tháng 02", but "tháng 3"), which keeps the date from being altered by hand.
    public static func dateLine(place: String, _ d: Day) -> String {
        let day = d.day < 10 ? "0\(d.day)" : "\(d.day)"
        let month = d.month < 3 ? "0\(d.month)" : "\(d.month)"
        let prefix = clean(place).isEmpty ? "" : "\(clean(place)), "
        return "\(prefix)ngày \(day) tháng \(month) năm \(d.year)"
    }

    // MARK: - Layout

    /// Widths add up to the 165 mm between the Nghị định 30 margins.
    private static let textWidth = PageSetup.a4Decree30.width - PageSetup.a4Decree30.left - PageSetup.a4Decree30.right
    private static let headerLeft = Length.mm(73)
    private static var headerRight: Length { textWidth - headerLeft }
    /// Nghị định 30 allows 12 to 13 pt for the issuer and the national name; at 13 pt bold the national name alone
    /// is 96 mm wide and would leave the issuer too narrow a column, so both sides use 12.
    private static let headerSize = 12.0
    private static let bodySize = 14.0
    private static let tableSize = 13.0
    private static let lineGap = Length.pt(3)

    private static func page(_ f: Data) -> [DocxBlock] {
        var blocks: [DocxBlock] = [.table(header(f))]
        blocks.append(.paragraph(Paragraph(
            [Run("BẢN ĐĂNG KÝ", bold: true, size: 15)], alignment: .center, spaceBefore: .pt(12), keepWithNext: true
        )))
        let heading = "\(clean(f.programmeTitle)) năm \(f.year)"
        blocks.append(.paragraph(Paragraph(
            [Run(heading, bold: true)], alignment: .center, spaceAfter: .pt(10), indentLeft: .mm(10),
            indentRight: .mm(10), size: bodySize, keepWithNext: true
        )))
        blocks.append(.paragraph(field("Họ và tên", f.memberName, bold: true)))
        blocks.append(.paragraph(field("Chức vụ", f.position)))
        blocks.append(.paragraph(field("Đơn vị", f.unitName)))
        blocks.append(.paragraph(field("Chi bộ", f.cellName)))
        blocks.append(.paragraph(field("Nhiệm vụ được giao", f.duties)))
        blocks.append(.paragraph(Paragraph(
            [Run("Việc làm cụ thể đăng ký thực hiện:", bold: true)], spaceBefore: lineGap, spaceAfter: lineGap,
            size: bodySize, keepWithNext: true
        )))
        blocks.append(.table(actions(f.actions)))
        blocks.append(.paragraph(field("Những hạn chế, khuyết điểm cần khắc phục", f.shortcomings, spaceBefore: .pt(6))))
        blocks += appraisal(f.appraisal)
        blocks.append(.table(signatures(f)))
        return blocks
    }

    /// Issuer on the left, national motto on the right, each with its short rule; the date sits under the motto.
    private static func header(_ f: Data) -> Table {
        var left: [Paragraph] = []
        if let parent = nonEmpty(f.parentUnitName) {
            left.append(Paragraph([Run(upper(parent))], alignment: .center, size: headerSize))
        }
        left.append(Paragraph([Run(upper(f.unitName), bold: true)], alignment: .center, size: headerSize))
        // Nghị định 30 asks for a rule a third to a half as long as the issuer's line; a fixed 22 mm does that for
        // the usual union names without measuring text.
        let leftRule = (headerLeft - .mm(22)).twips / 2
        left.append(Paragraph(
            alignment: .center, indentLeft: .twips(leftRule), indentRight: .twips(leftRule), size: 4, ruleAbove: true
        ))

        // The motto line is about 64 mm in bold 14 pt Times; the rule under it matches that length.
        let rightRule = (headerRight - .mm(64)).twips / 2
        let right = [
            Paragraph([Run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true)], alignment: .center, size: headerSize),
            Paragraph([Run("Độc lập - Tự do - Hạnh phúc", bold: true)], alignment: .center, size: 14),
            Paragraph(
                alignment: .center, indentLeft: .twips(rightRule), indentRight: .twips(rightRule), size: 4,
                ruleAbove: true
            ),
            Paragraph([Run(dateLine(place: f.place, f.date), italic: true)], alignment: .center, spaceBefore: .pt(4), size: 14),
        ]
        return Table(
            columnWidths: [headerLeft, headerRight], borders: false,
            rows: [TableRow([TableCell(left), TableCell(right)])], cellPadding: .zero
        )
    }

    /// "Label: value", or a dotted line to the margin when there is nothing to print, so the paper form can be
    /// completed by hand.
    private static func field(_ label: String, _ value: String?, bold: Bool = false, spaceBefore: Length = .zero) -> Paragraph {
        var runs = [Run("\(label): ")]
        if let value = nonEmpty(value) {
            runs.append(Run(clean(value), bold: bold))
            return Paragraph(runs, alignment: .justify, spaceBefore: spaceBefore, spaceAfter: lineGap, size: bodySize)
        }
        runs.append(Run("\t"))
        return Paragraph(
            runs, spaceBefore: spaceBefore, spaceAfter: lineGap, size: bodySize, tabStops: [dottedToMargin]
        )
    }

    private static var dottedToMargin: TabStop { TabStop(textWidth, alignment: .right, leader: .dot) }

    /// The action gets the widest column because it is the longest text; "Gắn với nhiệm vụ" then takes two lines
    /// in the heading, which costs less height than narrowing the action would.
    private static let actionColumns: [Length] = [.mm(13), .mm(52), .mm(34), .mm(40), .mm(26)]

    private static func actions(_ actions: [Action]) -> Table {
        func cell(_ text: String, bold: Bool = false, alignment: Paragraph.Alignment = .left) -> TableCell {
            TableCell(
                [Paragraph([Run(text, bold: bold)], alignment: alignment, spaceBefore: .pt(2), spaceAfter: .pt(2), size: tableSize)],
                verticalAlignment: bold ? .center : .top
            )
        }
        let headings = ["STT", "Việc làm cụ thể", "Gắn với nhiệm vụ", "Kết quả đo được", "Thời hạn"]
        var rows = [TableRow(headings.map { cell($0, bold: true, alignment: .center) }, isHeader: true)]
        let listed = actions.isEmpty ? [Action(action: "", duty: "", result: "", deadline: "")] : actions
        for (index, a) in listed.enumerated() {
            rows.append(TableRow([
                cell("\(index + 1)", alignment: .center),
                cell(clean(a.action)),
                cell(clean(a.duty)),
                cell(clean(a.result)),
                cell(clean(a.deadline), alignment: .center),
            ]))
        }
        return Table(columnWidths: actionColumns, borders: true, rows: rows)
    }

    /// Kept with the signatures that follow: an appraisal on one page and the secretary's signature on the next
    /// would not read as one act.
    private static func appraisal(_ a: Appraisal) -> [DocxBlock] {
        let label = "Ý kiến thẩm định của Chi bộ: "
        guard let status = nonEmpty(a.statusText) else {
            let dots = Paragraph([], spaceAfter: lineGap, size: bodySize, tabStops: [dottedToMargin])
            var line = dots
            line.runs = [Run("\t")]
            var first = line
            first.runs = [Run(label), Run("\t")]
            first.spaceBefore = .pt(3)
            first.keepWithNext = true
            line.keepWithNext = true
            return [.paragraph(first), .paragraph(line)]
        }
        var text = clean(status)
        if let d = a.appraisedOn { text += " (ngày \(two(d.day))/\(two(d.month))/\(d.year))" }
        return [.paragraph(Paragraph(
            [Run(label), Run(text)], alignment: .justify, spaceBefore: .pt(3), spaceAfter: lineGap, size: bodySize,
            keepWithNext: true
        ))]
    }

    /// Four empty lines for the handwritten signatures, in a borderless two-column table so the blocks stay side by
    /// side whatever the names' lengths.
    private static func signatures(_ f: Data) -> Table {
        func block(_ titles: [String], name: String?) -> TableCell {
            var ps = titles.map { Paragraph([Run($0, bold: true)], alignment: .center, size: bodySize) }
            ps.append(Paragraph([Run("(Ký, ghi rõ họ tên)", italic: true)], alignment: .center, size: bodySize))
            for _ in 0..<4 { ps.append(Paragraph(size: bodySize)) }
            ps.append(Paragraph([Run(nonEmpty(name).map(clean) ?? "", bold: true)], alignment: .center, size: bodySize))
            return TableCell(ps)
        }
        let half = Length(twips: textWidth.twips / 2)
        var row = TableRow([
            block(["XÁC NHẬN CỦA CHI BỘ", "BÍ THƯ"], name: f.appraisal.secretaryName),
            // The blank title line stands in for "BÍ THƯ" on the left, so both signature lines sit level.
            block(["NGƯỜI ĐĂNG KÝ", " "], name: f.memberName),
        ])
        row.cantSplit = true
        // A little air between the appraisal and the signatures without an empty paragraph that could spill.
        row.cells[0].paragraphs[0].spaceBefore = .pt(8)
        row.cells[1].paragraphs[0].spaceBefore = .pt(8)
        return Table(columnWidths: [half, textWidth - half], borders: false, rows: [row], cellPadding: .zero)
    }

    // MARK: - Text

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Whitespace runs collapsed and trimmed, NFC, so a value pasted with stray line breaks prints on its line.
    static func clean(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !clean(s).isEmpty else { return nil }
        return s
    }

    /// Vietnamese capitals ("đ" to "Đ" included); NFC first so tone marks stay on their letters.
    private static func upper(_ s: String) -> String {
        clean(s).uppercased(with: Locale(identifier: "vi_VN"))
    }
}
