import Foundation

/// Writes a single-sheet workbook with just the parts Excel and LibreOffice require.
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
    }

    static let maxRows = 1_048_576
    private static let maxColumns = 16_384
    /// Excel refuses (and "repairs") cells longer than this many UTF-16 units.
    private static let maxCellLength = 32_767

    /// One worksheet; first row bold when `boldHeader`; dates written as serial numbers
    /// with a "dd/mm/yyyy" format; text always as inline strings, so nothing a user
    /// typed can become a formula. `columnWidths` are in Excel character units.
    public static func workbook(
        sheetName: String, rows: [[Value]], boldHeader: Bool = true, columnWidths: [Double] = []
    ) throws(SpreadsheetError) -> Data {
        guard rows.count <= maxRows, rows.allSatisfy({ $0.count <= maxColumns }) else {
            throw SpreadsheetError("Bảng quá lớn để ghi ra tệp Excel (tối đa \(maxRows) dòng, \(maxColumns) cột).")
        }
        let parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(contentTypes.utf8)),
            ("_rels/.rels", Data(rootRels.utf8)),
            ("xl/workbook.xml", Data(workbookXML(sheetName: safeSheetName(sheetName)).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRels.utf8)),
            ("xl/styles.xml", Data(styles.utf8)),
            ("xl/worksheets/sheet1.xml", sheetXML(rows: rows, boldHeader: boldHeader, columnWidths: columnWidths)),
        ]
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

    static let contentTypes = header + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let rootRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static let workbookRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relNS)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relNS)/styles" Target="styles.xml"/>\
        </Relationships>
        """

    static func workbookXML(sheetName: String) -> String {
        header + """
            <workbook xmlns="\(mainNS)" xmlns:r="\(relNS)">\
            <bookViews><workbookView/></bookViews>\
            <sheets><sheet name="\(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets>\
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
        <cellXfs count="4">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    /// Built as bytes rather than by String interpolation: exports of 100 000 members
    /// are otherwise dominated by string concatenation.
    private static func sheetXML(rows: [[Value]], boldHeader: Bool, columnWidths: [Double]) -> Data {
        var xml: [UInt8] = []
        xml.reserveCapacity(rows.count * 256 + 1024)
        xml += Array((header + #"<worksheet xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#).utf8)
        let widths = columnWidths.enumerated().filter { $0.element.isFinite && $0.element > 0 }
        if !widths.isEmpty {
            xml += Array("<cols>".utf8)
            for (index, width) in widths {
                let w = min(width, 255)
                xml += Array(#"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(w)" customWidth="1"/>"#.utf8)
            }
            xml += Array("</cols>".utf8)
        }
        xml += Array("<sheetData>".utf8)
        var encoder = RowEncoder()
        for (rowIndex, row) in rows.enumerated() {
            encoder.append(row, rowNumber: rowIndex + 1, bold: boldHeader && rowIndex == 0, to: &xml)
        }
        xml += "</sheetData></worksheet>".utf8
        return Data(xml)
    }

    /// Turns rows into `<row>` elements; shared by `workbook` and `XLSXStreamWriter`. Column names ("A", "AB")
    /// are computed once per column.
    struct RowEncoder {
        private var columnNames: [[UInt8]] = []
        private var rowXML: [UInt8] = []

        init() {}

        mutating func append(_ row: [Value], rowNumber: Int, bold: Bool, to xml: inout [UInt8]) {
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
                open(column, style: bold ? XLSXWriter.Style.bold : nil)
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
