import Foundation

/// Writes a workbook with just the parts Excel and LibreOffice require.
public enum XLSXWriter {
    public enum Value: Sendable {
        case text(String)
        case number(Double)
        case date(year: Int, month: Int, day: Int)
        case empty
    }

    /// Style indexes into `cellXfs` in styles.xml below.
    enum Style {
        static let bold = 1
        static let date = 2
        static let boldDate = 3
        /// Typed values stay text: a citizen id or a phone number keeps its leading 0.
        static let text = 4
        /// Long text wrapped within its column, read from the top.
        static let wrap = 5
    }

    static let maxRows = 1_048_576
    private static let maxColumns = 16_384
    /// Excel refuses (and "repairs") cells longer than this many UTF-16 units.
    private static let maxCellLength = 32_767

    /// One worksheet of a workbook.
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Value]]
        public var boldHeader: Bool
        /// In Excel character units.
        public var columnWidths: [Double]
        /// The header row stays in view while the sheet scrolls.
        public var freezeHeader: Bool
        public var lists: [ListChoice]
        /// Columns whose cells keep what is typed as text (ids, phone numbers).
        public var textColumns: Set<Int>
        /// Columns whose text wraps within the column's width (below the header).
        public var wrapColumns: Set<Int>

        public init(name: String, rows: [[Value]], boldHeader: Bool = true, columnWidths: [Double] = [], freezeHeader: Bool = false,
                    lists: [ListChoice] = [], textColumns: Set<Int> = [], wrapColumns: Set<Int> = []) {
            self.name = name
            self.rows = rows
            self.boldHeader = boldHeader
            self.columnWidths = columnWidths
            self.freezeHeader = freezeHeader
            self.lists = lists
            self.textColumns = textColumns
            self.wrapColumns = wrapColumns
        }
    }

    /// A drop-down on a column's cells from `firstRow` down, offering the values of a range of another sheet. A value
    /// typed outside the list gets a warning, not a refusal: the list may not hold every value the import accepts.
    public struct ListChoice: Sendable {
        public var column: Int
        public var firstRow: Int
        /// The sheet and the 0-based column and 1-based rows of the values offered.
        public var sourceSheet: String
        public var sourceColumn: Int
        public var sourceRows: ClosedRange<Int>
        public var message: String

        public init(column: Int, firstRow: Int = 2, sourceSheet: String, sourceColumn: Int, sourceRows: ClosedRange<Int>, message: String) {
            self.column = column
            self.firstRow = firstRow
            self.sourceSheet = sourceSheet
            self.sourceColumn = sourceColumn
            self.sourceRows = sourceRows
            self.message = message
        }
    }

    /// One worksheet; first row bold when `boldHeader`; dates written as serial numbers
    /// with a "dd/mm/yyyy" format; text always as inline strings, so nothing a user
    /// typed can become a formula. `columnWidths` are in Excel character units.
    public static func workbook(
        sheetName: String, rows: [[Value]], boldHeader: Bool = true, columnWidths: [Double] = []
    ) throws(SpreadsheetError) -> Data {
        try workbook(sheets: [Sheet(name: sheetName, rows: rows, boldHeader: boldHeader, columnWidths: columnWidths)])
    }

    /// Several worksheets, the first one first: it is the one an import reads.
    public static func workbook(sheets: [Sheet]) throws(SpreadsheetError) -> Data {
        guard !sheets.isEmpty, sheets.allSatisfy({ $0.rows.count <= maxRows && $0.rows.allSatisfy { $0.count <= maxColumns } }) else {
            throw SpreadsheetError("Bảng quá lớn để ghi ra tệp Excel (tối đa \(maxRows) dòng, \(maxColumns) cột).")
        }
        // Names as Excel shows them: safe, and unique, or Excel repairs the file.
        var names: [String] = []
        for sheet in sheets {
            let base = safeSheetName(sheet.name)
            var name = base, n = 2
            while names.contains(where: { $0.lowercased() == name.lowercased() }) { name = String(base.prefix(28)) + " \(n)"; n += 1 }
            names.append(name)
        }
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(contentTypes(sheets: sheets.count).utf8)),
            ("_rels/.rels", Data(rootRels.utf8)),
            ("xl/workbook.xml", Data(workbookXML(sheetNames: names).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRels(sheets: sheets.count).utf8)),
            ("xl/styles.xml", Data(styles.utf8)),
        ]
        for (i, sheet) in sheets.enumerated() {
            let lists = sheet.lists.map { list in
                let source = names.first { $0 == safeSheetName(list.sourceSheet) } ?? safeSheetName(list.sourceSheet)
                return (list, source)
            }
            parts.append(("xl/worksheets/sheet\(i + 1).xml", sheetXML(rows: sheet.rows, boldHeader: sheet.boldHeader, columnWidths: sheet.columnWidths,
                                                                     freezeHeader: sheet.freezeHeader, lists: lists, textColumns: sheet.textColumns,
                                                                     wrapColumns: sheet.wrapColumns)))
        }
        do {
            return try ZipPackage.make(parts)
        } catch {
            throw SpreadsheetError("Không tạo được tệp Excel.")
        }
    }

    // MARK: - Parts

    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheets: Int) -> String {
        header + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            \((1 ... sheets).map { #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"# }.joined())\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            </Types>
            """
    }

    static let rootRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    /// The styles take the id after the sheets' ids.
    static func workbookRels(sheets: Int) -> String {
        header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \((1 ... sheets).map { #"<Relationship Id="rId\#($0)" Type="\#(relNS)/worksheet" Target="worksheets/sheet\#($0).xml"/>"# }.joined())\
            <Relationship Id="rId\(sheets + 1)" Type="\(relNS)/styles" Target="styles.xml"/>\
            </Relationships>
            """
    }

    static func workbookXML(sheetNames: [String]) -> String {
        header + """
            <workbook xmlns="\(mainNS)" xmlns:r="\(relNS)">\
            <bookViews><workbookView/></bookViews>\
            <sheets>\(sheetNames.enumerated().map { #"<sheet name="\#(escape($0.element))" sheetId="\#($0.offset + 1)" r:id="rId\#($0.offset + 1)"/>"# }.joined())</sheets>\
            </workbook>
            """
    }

    static let styles = header + """
        <styleSheet xmlns="\(mainNS)">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
        <fonts count="2">\
        <font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        </fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="6">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    /// Built as bytes rather than by String interpolation: exports of 100 000 members
    /// are otherwise dominated by string concatenation.
    private static func sheetXML(rows: [[Value]], boldHeader: Bool, columnWidths: [Double], freezeHeader: Bool = false,
                                 lists: [(ListChoice, String)] = [], textColumns: Set<Int> = [], wrapColumns: Set<Int> = []) -> Data {
        var xml: [UInt8] = []
        xml.reserveCapacity(rows.count * 256 + 1024)
        xml += Array((header + #"<worksheet xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#).utf8)
        if freezeHeader {
            xml += Array(#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#.utf8)
        }
        let widths = columnWidths.enumerated().filter { $0.element.isFinite && $0.element > 0 }.map { ($0.offset, Optional($0.element)) }
        let cols = (widths + textColumns.filter { $0 >= columnWidths.count || !(columnWidths[$0].isFinite && columnWidths[$0] > 0) }.map { ($0, nil) })
            .sorted { $0.0 < $1.0 }
        if !cols.isEmpty {
            xml += Array("<cols>".utf8)
            for (index, width) in cols {
                let size = width.map { #" width="\#(min($0, 255))" customWidth="1""# } ?? #" width="9.140625""#
                let style = textColumns.contains(index) ? #" style="\#(Style.text)""# : ""
                xml += Array(#"<col min="\#(index + 1)" max="\#(index + 1)"\#(size)\#(style)/>"#.utf8)
            }
            xml += Array("</cols>".utf8)
        }
        xml += Array("<sheetData>".utf8)
        var encoder = RowEncoder()
        for (rowIndex, row) in rows.enumerated() {
            let header = boldHeader && rowIndex == 0
            encoder.append(row, rowNumber: rowIndex + 1, bold: header, wrap: header ? [] : wrapColumns,
                           height: header ? nil : wrappedHeight(row, wrapColumns: wrapColumns, columnWidths: columnWidths), to: &xml)
        }
        xml += "</sheetData>".utf8
        if !lists.isEmpty {
            xml += Array(#"<dataValidations count="\#(lists.count)">"#.utf8)
            for (list, sheet) in lists {
                let column = columnName(list.column)
                let source = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'!$" + columnName(list.sourceColumn) + "$"
                    + String(list.sourceRows.lowerBound) + ":$" + columnName(list.sourceColumn) + "$" + String(list.sourceRows.upperBound)
                xml += Array(#"<dataValidation type="list" errorStyle="warning" allowBlank="1" showErrorMessage="1" error=""#.utf8)
                appendEscaped(String(list.message.prefix(255)), to: &xml)
                xml += Array(#"" sqref="\#(column)\#(list.firstRow):\#(column)\#(maxRows)"><formula1>"#.utf8)
                appendEscaped(source, to: &xml)
                xml += Array("</formula1></dataValidation>".utf8)
            }
            xml += Array("</dataValidations>".utf8)
        }
        xml += "</worksheet>".utf8
        return Data(xml)
    }

    /// Neither Excel nor LibreOffice grows a row to fit wrapped text it did not lay out itself, so the height is set:
    /// one 15-point line for each column width's worth of characters in the longest wrapped cell.
    static func wrappedHeight(_ row: [Value], wrapColumns: Set<Int>, columnWidths: [Double]) -> Double? {
        let lines = wrapColumns.filter { $0 < row.count && $0 < columnWidths.count }.map { column -> Int in
            guard case .text(let text) = row[column], columnWidths[column] > 2 else { return 1 }
            return Int((Double(text.count) / (columnWidths[column] - 2)).rounded(.up))
        }.max() ?? 1
        return lines > 1 ? Double(lines) * 15 : nil
    }

    /// Turns rows into `<row>` elements; shared by `workbook` and `XLSXStreamWriter`. Column names ("A", "AB")
    /// are computed once per column.
    struct RowEncoder {
        private var columnNames: [[UInt8]] = []
        private var rowXML: [UInt8] = []

        init() {}

        mutating func append(_ row: [Value], rowNumber: Int, bold: Bool, wrap: Set<Int> = [], height: Double? = nil, to xml: inout [UInt8]) {
            while columnNames.count < row.count { columnNames.append(Array(XLSXWriter.columnName(columnNames.count).utf8)) }
            let columnNames = self.columnNames
            let r = Array(String(rowNumber).utf8)
            var rowXML = self.rowXML
            rowXML.removeAll(keepingCapacity: true)
            func open(_ column: Int, style: Int?) {
                rowXML += #"<c r=""#.utf8
                rowXML += columnNames[column]
                rowXML += r
                rowXML.append(UInt8(ascii: "\""))
                if let style {
                    rowXML += #" s=""#.utf8
                    rowXML += String(style).utf8
                    rowXML.append(UInt8(ascii: "\""))
                }
            }
            func inlineText(_ column: Int, _ text: String) {
                open(column, style: bold ? XLSXWriter.Style.bold : wrap.contains(column) ? XLSXWriter.Style.wrap : nil)
                // xml:space only where it matters keeps large exports ~30% smaller.
                let edges = [text.utf8.first, text.utf8.last]
                if edges.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                    rowXML += #" t="inlineStr"><is><t xml:space="preserve">"#.utf8
                } else {
                    rowXML += #" t="inlineStr"><is><t>"#.utf8
                }
                XLSXWriter.appendEscaped(text, to: &rowXML)
                rowXML += "</t></is></c>".utf8
            }
            for (column, value) in row.enumerated() {
                switch value {
                case .empty:
                    continue
                case .text(let s):
                    let text = XLSXWriter.truncated(XLSXWriter.excelEscapes(XLSXWriter.normalizedLineEnds(s)))
                    if text.isEmpty { continue }
                    inlineText(column, text)
                case .number(let v):
                    guard v.isFinite else { continue }
                    open(column, style: bold ? XLSXWriter.Style.bold : nil)
                    rowXML += "><v>".utf8
                    rowXML += XLSXWriter.numberText(v).utf8
                    rowXML += "</v></c>".utf8
                case .date(let y, let m, let d):
                    if let serial = ExcelDate.serial(year: y, month: m, day: d) {
                        open(column, style: bold ? XLSXWriter.Style.boldDate : XLSXWriter.Style.date)
                        rowXML += "><v>".utf8
                        rowXML += String(serial).utf8
                        rowXML += "</v></c>".utf8
                    } else {
                        // Excel has no serial for it; show the same text a user would type.
                        inlineText(column, Cell.displayDate(year: y, month: m, day: d))
                    }
                }
            }
            if !rowXML.isEmpty {
                xml += #"<row r=""#.utf8
                xml += r
                if let height {
                    xml += #"" ht="\#(height)" customHeight="1"#.utf8
                }
                xml += #"">"#.utf8
                xml += rowXML
                xml += "</row>".utf8
            }
            self.rowXML = rowXML
        }
    }

    // MARK: - Helpers

    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var scalars: [Unicode.Scalar] = []
        while n > 0 {
            let rem = (n - 1) % 26
            scalars.append(Unicode.Scalar(UInt8(65 + rem)))
            n = (n - 1) / 26
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    static func numberText(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"  // shortest round-tripping form, always with "." as decimal point
    }

    /// Excel stores line breaks in cells as LF; a CR would come back as "_x000D_".
    static func normalizedLineEnds(_ s: String) -> String {
        guard s.containsASCII("\r") else { return s }
        return s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Excel reads "_xHHHH_" in text as an escaped character; protect literal ones.
    static func excelEscapes(_ s: String) -> String {
        guard s.containsASCII("_x") else { return s }
        var out = ""
        let scalars = Array(s.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            if c == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
               scalars[(i + 2)...(i + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                out += "_x005F_"
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func truncated(_ s: String) -> String {
        guard s.utf8.count > maxCellLength, s.utf16.count > maxCellLength else { return s }
        var out = ""
        var length = 0
        for c in s {
            length += c.utf16.count
            if length > maxCellLength { break }
            out.append(c)
        }
        return out
    }

    /// Escapes markup characters and drops characters XML 1.0 cannot represent at all
    /// (they would make Excel declare the whole file corrupt).
    static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        appendEscaped(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                switch b {
                case UInt8(ascii: "&"): out += "&amp;".utf8
                case UInt8(ascii: "<"): out += "&lt;".utf8
                case UInt8(ascii: ">"): out += "&gt;".utf8
                case UInt8(ascii: "\""): out += "&quot;".utf8
                case UInt8(ascii: "'"): out += "&apos;".utf8
                case 0x09, 0x0A, 0x0D: out.append(b)
                case 0..<0x20: break
                case 0xEF where i + 2 < n && utf8[i + 1] == 0xBF && (utf8[i + 2] == 0xBE || utf8[i + 2] == 0xBF):
                    i += 2  // U+FFFE / U+FFFF
                default: out.append(b)
                }
                i += 1
            }
        }
    }

    /// Excel rejects sheet names with []:*?/\ , longer than 31 units, or wrapped in
    /// apostrophes.
    static func safeSheetName(_ name: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var cleaned = String(name.filter { !forbidden.contains($0) })
        cleaned = String(cleaned.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0xFFFE && $0.value != 0xFFFF }
            .map(Character.init))
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        var out = ""
        var length = 0
        for c in cleaned {
            length += c.utf16.count
            if length > 31 { break }
            out.append(c)
        }
        while out.hasSuffix("'") { out.removeLast() }
        let trimmed = out.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "Sheet1" : out
    }
}
