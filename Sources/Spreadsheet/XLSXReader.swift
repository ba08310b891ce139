import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a worksheet of an XLSX workbook: the first, or the first that `choose` accepts.
public enum XLSXReader {
    /// With `choose`, the sheets are read in order until one is accepted: an official's workbook often opens on a
    /// summary or a cover sheet, with the list behind it. When none is accepted, the first sheet with rows is returned,
    /// so that the caller's message about it names what it found there.
    public static func read(_ data: Data, limits: TabularFile.Limits = .init(),
                            choose: ((Table) -> Bool)? = nil) throws(SpreadsheetError) -> Table {
        let book = try Book(data, limits: limits)
        var fallback: Table?
        for (relId, sheetPath) in book.sheets(all: choose != nil) {
            guard let sheetPath, let sheetData = try book.package.read(sheetPath) else {
                if relId == book.firstSheetRelId { throw ZipPackage.invalid }
                continue
            }
            let sheet = book.handler(for: data, limits: limits)
            try XML.parse(sheetData, part: sheetPath, with: sheet)
            if sheet.rows.isEmpty { continue }
            let table = Table(rows: sheet.rows)
            if let choose, !choose(table) {
                if fallback == nil { fallback = table }
                continue
            }
            return table
        }
        guard let fallback else { throw .noData }
        return fallback
    }

    /// The rows of the sheet `read` would return, kept on disk and read back a chunk at a time (`RowSpool`): the
    /// sheet's XML is inflated into a temporary file and parsed from there, so neither it nor its rows are held in
    /// memory. `choose` is shown the sheet's first `firstRows` rows.
    public static func open(_ data: Data, limits: TabularFile.Limits = .init(), firstRows: Int = 20,
                            choose: ((Table) -> Bool)? = nil) throws(SpreadsheetError) -> RowSource {
        let book = try Book(data, limits: limits)
        var fallback: SpoolCursor?
        for (relId, sheetPath) in book.sheets(all: choose != nil) {
            guard let sheetPath, let file = try book.package.extract(sheetPath) else {
                if relId == book.firstSheetRelId { throw ZipPackage.invalid }
                continue
            }
            let spool = try RowSpoolWriter()
            let sheet = book.handler(for: data, limits: limits)
            sheet.spool(into: spool, keeping: firstRows)
            try XML.parse(file: file, part: sheetPath, with: sheet)
            if spool.count == 0 { continue }
            let cursor = try spool.finish()
            if let choose, !choose(Table(rows: sheet.rows)) {
                if fallback == nil { fallback = cursor }
                continue
            }
            return RowSource(backing: .spool(cursor), maxRows: limits.maxRows)
        }
        guard let fallback else { throw .noData }
        return RowSource(backing: .spool(fallback), maxRows: limits.maxRows)
    }

    /// What every sheet of a workbook is read with: its package, its sheets in order, its shared strings and the
    /// styles that are dates.
    struct Book {
        let package: ZipPackage
        let firstSheetRelId: String
        let sheetRelIds: [String]
        let rels: [Relationship]
        let sharedStrings: [String]
        let dateStyles: [Bool]
        let date1904: Bool

        init(_ data: Data, limits: TabularFile.Limits) throws(SpreadsheetError) {
            package = try ZipPackage(data: data, limits: limits)
            // The workbook is located through the package relationships; xl/workbook.xml is
            // the conventional fallback for packages with a sloppy _rels/.rels.
            var workbookPath = "xl/workbook.xml"
            if let rootRels = try package.read("_rels/.rels") {
                let rels = try parseRelationships(rootRels, part: "_rels/.rels", base: "")
                if let office = rels.first(where: { $0.type.hasSuffix("/officeDocument") }), package.contains(office.target) {
                    workbookPath = office.target
                }
            }
            guard let workbookData = try package.read(workbookPath) else { throw ZipPackage.invalid }
            let workbook = WorkbookHandler()
            try XML.parse(workbookData, part: workbookPath, with: workbook)
            guard let firstSheetRelId = workbook.sheetRelIds.first else { throw ZipPackage.invalid }
            self.firstSheetRelId = firstSheetRelId
            sheetRelIds = workbook.sheetRelIds
            date1904 = workbook.date1904

            let baseDir = directory(of: workbookPath)
            let relsPath = baseDir + "_rels/" + fileName(of: workbookPath) + ".rels"
            guard let relsData = try package.read(relsPath) else { throw ZipPackage.invalid }
            rels = try parseRelationships(relsData, part: relsPath, base: baseDir)
            guard rels.contains(where: { $0.id == firstSheetRelId }) else { throw ZipPackage.invalid }

            let sharedStringsPath = rels.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target
                ?? baseDir + "sharedStrings.xml"
            var sharedStrings: [String] = []
            if let data = try package.read(sharedStringsPath) {
                let handler = SharedStringsHandler()
                try XML.parse(data, part: sharedStringsPath, with: handler)
                sharedStrings = handler.strings
            }
            self.sharedStrings = sharedStrings

            let stylesPath = rels.first(where: { $0.type.hasSuffix("/styles") })?.target ?? baseDir + "styles.xml"
            var dateStyles: [Bool] = []
            if let data = try package.read(stylesPath) {
                let handler = StylesHandler()
                try XML.parse(data, part: stylesPath, with: handler)
                dateStyles = handler.dateStyles()
            }
            self.dateStyles = dateStyles
        }

        /// The sheets to try, in order, with their parts (nil when the relationship is missing): only the first unless
        /// a sheet is to be chosen.
        func sheets(all: Bool) -> [(relId: String, path: String?)] {
            (all ? sheetRelIds : [firstSheetRelId]).map { id in (id, rels.first { $0.id == id }?.target) }
        }

        func handler(for data: Data, limits: TabularFile.Limits) -> SheetHandler {
            SheetHandler(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904, maxRows: limits.maxRows,
                         maxColumns: limits.maxColumns, maxCells: limits.maxCells,
                         maxSharedText: limits.maxSharedText(forFileOf: data.count))
        }
    }

    // MARK: - Package paths

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private static func parseRelationships(_ data: Data, part: String, base: String) throws(SpreadsheetError) -> [Relationship] {
        let handler = RelationshipsHandler()
        try XML.parse(data, part: part, with: handler)
        return handler.relationships.compactMap { rel in
            guard !rel.external else { return nil }
            return Relationship(id: rel.id, type: rel.type, target: resolve(rel.target, base: base))
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Targets are relative to the source part's folder unless they start with "/".
    static func resolve(_ target: String, base: String) -> String {
        let cleaned = target.replacingOccurrences(of: "\\", with: "/")
        let joined = cleaned.hasPrefix("/") ? String(cleaned.dropFirst()) : base + cleaned
        var parts: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(segment)
        }
        let path = parts.joined(separator: "/")
        return path.removingPercentEncoding ?? path
    }

    /// Excel escapes characters XML cannot carry as `_xHHHH_` (e.g. `_x000D_` for CR).
    static func decodeEscapes(_ s: String) -> String {
        guard s.containsASCII("_x") else { return s }
        var result = ""
        var scalars = Array(s.unicodeScalars)[...]
        while let first = scalars.first {
            if first == "_", scalars.count >= 7 {
                let candidate = scalars.prefix(7)
                let chars = Array(candidate)
                if chars[1] == "x", chars[6] == "_",
                   let code = UInt32(String(String.UnicodeScalarView(chars[2...5])), radix: 16),
                   let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                    scalars = scalars.dropFirst(7)
                    continue
                }
            }
            result.unicodeScalars.append(first)
            scalars = scalars.dropFirst()
        }
        return result
    }
}

// MARK: - Handlers

private final class RelationshipsHandler: SAXHandler {
    var relationships: [(id: String, type: String, target: String, external: Bool)] = []

    override func start(_ name: String, _ attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        relationships.append((id, attributes["Type"] ?? "", target, attributes["TargetMode"] == "External"))
    }
}

private final class WorkbookHandler: SAXHandler {
    /// The worksheets in the workbook's order.
    var sheetRelIds: [String] = []
    var date1904 = false

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "workbookPr":
            let value = attributes["date1904"]?.lowercased()
            date1904 = value == "1" || value == "true"
        case "sheet":
            if let id = attribute(attributes, local: "id") { sheetRelIds.append(id) }
        default:
            break
        }
    }
}

private final class SharedStringsHandler: SAXHandler {
    var strings: [String] = []
    private var inItem = false
    private var phoneticDepth = 0
    private var item = ""

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "si":
            inItem = true
            item = ""
        // Phonetic guides (furigana) are annotations, not part of the cell text.
        case "rPh":
            phoneticDepth += 1
        case "t" where inItem && phoneticDepth == 0:
            capturing = true
            buffer = ""
        default:
            break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "si":
            strings.append(XLSXReader.decodeEscapes(item))
            inItem = false
        case "rPh":
            phoneticDepth -= 1
        case "t" where capturing:
            item += buffer
            capturing = false
        default:
            break
        }
    }
}

private final class StylesHandler: SAXHandler {
    private var customFormats: [Int: String] = [:]
    private var cellFormatIds: [Int] = []
    private var inCellXfs = false

    /// Built-in number formats that display dates (and times, which still carry a date part).
    private static let builtInDateIds: Set<Int> = Set(14...22).union(45...47)

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                customFormats[id] = code
            }
        case "cellXfs":
            inCellXfs = true
        case "xf" where inCellXfs:
            cellFormatIds.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default:
            break
        }
    }

    override func end(_ name: String) {
        if name == "cellXfs" { inCellXfs = false }
    }

    func dateStyles() -> [Bool] {
        cellFormatIds.map { id in
            if let code = customFormats[id] { return Self.isDateFormat(code) }
            return Self.builtInDateIds.contains(id)
        }
    }

    /// A format is a date format if, ignoring quoted literals, `[...]` sections
    /// (locale, colour, elapsed-time) and escaped characters, it uses d, m or y.
    /// `m` next to h/s only (as in "mm:ss") means minutes, not months.
    static func isDateFormat(_ code: String) -> Bool {
        var hasDay = false, hasMonthOrMinute = false, hasYear = false, hasTime = false
        var iterator = code.lowercased().unicodeScalars.makeIterator()
        while let c = iterator.next() {
            switch c {
            case "\"":
                while let q = iterator.next(), q != "\"" {}
            case "[":
                while let q = iterator.next(), q != "]" {}
            case "\\", "_", "*":
                _ = iterator.next()
            case "d": hasDay = true
            case "m": hasMonthOrMinute = true
            case "y": hasYear = true
            case "h", "s": hasTime = true
            case ";":
                // Only the first section (positive numbers) decides how dates display.
                return hasDay || hasYear || (hasMonthOrMinute && !hasTime)
            default:
                break
            }
        }
        return hasDay || hasYear || (hasMonthOrMinute && !hasTime)
    }
}

final class SheetHandler: SAXHandler {
    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let date1904: Bool
    private let maxRows: Int

    /// Every row, or with a spool only the first few (for choosing the sheet).
    private(set) var rows: [SheetRow] = []
    private var spool: RowSpoolWriter?
    private var keeping = 0
    private var rowCount = 0

    /// Rows go to `spool` as they are read; only the first `keeping` stay in `rows`.
    func spool(into spool: RowSpoolWriter, keeping: Int) {
        self.spool = spool
        self.keeping = keeping
    }

    private var rowNumber = 0
    private var cells: [Cell] = []
    private var nextColumn = 0

    private var column = 0
    private var type = ""
    private var style = 0
    private var value: String?
    private var inlineText = ""
    private var inInline = false
    private var phoneticDepth = 0

    /// A row is stored with a cell for every column up to its last value: one value far to the right would cost
    /// thousands of cells, so the columns and the cells of the whole sheet are bounded (`TabularFile.Limits`).
    private let maxColumns: Int
    private let maxCells: Int
    private var storedCells = 0
    private let maxSharedText: Int
    private var sharedText = 0

    init(sharedStrings: [String], dateStyles: [Bool], date1904: Bool, maxRows: Int, maxColumns: Int, maxCells: Int, maxSharedText: Int) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxCells = maxCells
        self.maxSharedText = maxSharedText
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            nextColumn = 0
        case "c":
            column = attributes["r"].flatMap(Self.columnIndex) ?? nextColumn
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = nil
            inlineText = ""
        case "v":
            capturing = true
            buffer = ""
        case "is":
            inInline = true
        case "rPh":
            phoneticDepth += 1
        case "t" where inInline && phoneticDepth == 0:
            capturing = true
            buffer = ""
        default:
            break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "v":
            value = buffer
            capturing = false
        case "t" where capturing:
            inlineText += buffer
            capturing = false
        case "rPh":
            phoneticDepth -= 1
        case "is":
            inInline = false
        case "c":
            let cell = makeCell()
            guard column < maxColumns else {
                // Formatting far to the right is harmless and dropped; a value there is refused.
                if cell != .empty { failure = .tooManyColumns(line: rowNumber, max: maxColumns) }
                return
            }
            nextColumn = column + 1
            if column < cells.count {
                cells[column] = cell
            } else if cell != .empty {
                // Styled-but-empty cells past the last value are not stored, so rows
                // don't grow to the edge of whatever range someone once formatted.
                cells.append(contentsOf: repeatElement(.empty, count: column - cells.count))
                cells.append(cell)
            }
        case "row":
            guard !cells.allSatisfy(\.isBlank) else { return }
            guard rowCount < maxRows else {
                failure = .tooManyRows(maxRows)
                return
            }
            storedCells += cells.count
            guard storedCells <= maxCells else {
                failure = .tooManyCells(maxCells)
                return
            }
            rowCount += 1
            let row = SheetRow(line: rowNumber, cells: cells)
            if let spool {
                do { try spool.append(row) } catch { failure = error; return }
                if rows.count < keeping { rows.append(row) }
            } else {
                rows.append(row)
            }
        default:
            break
        }
        if failure != nil { capturing = false }
    }

    private func makeCell() -> Cell {
        switch type {
        case "s":
            guard let index = value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else { return .empty }
            guard sharedStrings.indices.contains(index) else {
                failure = XML.broken("chuỗi dùng chung")
                return .empty
            }
            sharedText += sharedStrings[index].utf8.count
            guard sharedText <= maxSharedText else {
                failure = .tooMuchText(maxSharedText)
                return .empty
            }
            return textCell(sharedStrings[index])
        case "inlineStr":
            return textCell(XLSXReader.decodeEscapes(inlineText))
        case "str", "e":
            return textCell(XLSXReader.decodeEscapes(value ?? ""))
        case "b":
            guard let v = value?.trimmingCharacters(in: .whitespaces) else { return .empty }
            return .bool(v == "1" || v.lowercased() == "true")
        case "d":
            guard let v = value, !v.isEmpty else { return .empty }
            if let date = Self.isoDate(v) { return .date(year: date.0, month: date.1, day: date.2) }
            return .text(v)
        default:
            guard let raw = value, !raw.isEmpty else { return .empty }
            guard let number = Double(raw) ?? Double(raw.trimmingCharacters(in: .whitespaces)) else {
                return raw.allSatisfy(\.isWhitespace) ? .empty : .text(raw)
            }
            if dateStyles.indices.contains(style), dateStyles[style],
               let date = ExcelDate.date(fromSerial: number, date1904: date1904) {
                return .date(year: date.year, month: date.month, day: date.day)
            }
            return .number(number)
        }
    }

    private func textCell(_ s: String) -> Cell {
        s.isEmpty ? .empty : .text(s)
    }

    /// "AB12" -> 27 (0-based). `nil` if the reference has no column letters.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            let upper = byte & ~0x20
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { break }
            index = index * 26 + Int(upper - UInt8(ascii: "A")) + 1
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : index - 1
    }

    /// "2024-03-15", optionally followed by a time part.
    static func isoDate(_ s: String) -> (Int, Int, Int)? {
        let bytes = Array(s.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for b in bytes[range] {
                guard b >= 48, b <= 57 else { return nil }
                n = n * 10 + Int(b - 48)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return (y, m, d)
    }
}
