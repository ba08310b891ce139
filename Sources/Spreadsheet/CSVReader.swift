import Foundation

/// RFC 4180 CSV reader working on raw bytes: building `String`s per field from UTF-8
/// slices is an order of magnitude faster than walking `Character`s, which matters for
/// uploads with hundreds of thousands of members.
public enum CSVReader {
    public static func read(_ data: Data, maxRows: Int = 2_000_000) throws(SpreadsheetError) -> Table {
        var cursor = try CSVCursor(data, maxColumns: TabularFile.Limits().maxColumns)
        var rows: [SheetRow] = []
        while true {
            let chunk = try cursor.next(10_000)
            if chunk.isEmpty { break }
            guard rows.count + chunk.count <= maxRows else { throw .tooManyRows(maxRows) }
            rows += chunk
        }
        guard !rows.isEmpty else { throw .noData }
        return Table(rows: rows)
    }

    static let notUTF8 = SpreadsheetError(
        "Tệp CSV không phải mã UTF-8 (có thể là Windows-1258 hoặc TCVN3). Hãy lưu lại tệp dưới dạng CSV UTF-8."
    )

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Parses records from `start` until `limit` non-blank rows are read or the bytes end. Returns the rows, the
    /// offset after the last record read and the line it starts on.
    /// Fields past `maxColumns` are dropped while empty (a spreadsheet's trailing separators) and refused when not.
    static func parseRecords(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line startLine: Int, delimiter: UInt8,
                             limit: Int, maxColumns: Int = .max) throws(SpreadsheetError) -> (rows: [SheetRow], next: Int, line: Int) {
        let n = bytes.count
        var i = start
        var rows: [SheetRow] = []
        var cells: [Cell] = []
        cells.reserveCapacity(32)
        var scratch: [UInt8] = []
        var line = startLine

        while i < n && rows.count < limit {
            let recordLine = line
            cells.removeAll(keepingCapacity: true)
            while true {
                if i < n, bytes[i] == quote {
                    let quoteLine = line
                    i += 1
                    scratch.removeAll(keepingCapacity: true)
                    var closed = false
                    while i < n {
                        let b = bytes[i]
                        if b == quote {
                            if i + 1 < n, bytes[i + 1] == quote {
                                scratch.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if b == lf {
                            line += 1
                        } else if b == cr, !(i + 1 < n && bytes[i + 1] == lf) {
                            line += 1
                        }
                        scratch.append(b)
                        i += 1
                    }
                    guard closed else {
                        throw SpreadsheetError(
                            "Tệp CSV có dấu ngoặc kép (\") chưa được đóng, bắt đầu ở dòng \(quoteLine)."
                        )
                    }
                    // Lenient about `"abc"def`: spreadsheet apps keep the tail, so do we.
                    while i < n {
                        let b = bytes[i]
                        if b == delimiter || b == cr || b == lf { break }
                        scratch.append(b)
                        i += 1
                    }
                    if cells.count < maxColumns {
                        cells.append(scratch.withUnsafeBufferPointer { makeCell($0) })
                    } else if !scratch.isEmpty {
                        throw .tooManyColumns(line: recordLine, max: maxColumns)
                    }
                } else {
                    let start = i
                    while i < n {
                        let b = bytes[i]
                        if b == delimiter || b == cr || b == lf { break }
                        i += 1
                    }
                    if cells.count < maxColumns {
                        cells.append(makeCell(UnsafeBufferPointer(rebasing: bytes[start..<i])))
                    } else if i > start {
                        throw .tooManyColumns(line: recordLine, max: maxColumns)
                    }
                }
                if i < n, bytes[i] == delimiter {
                    i += 1
                    continue
                }
                break
            }
            if i < n {
                if bytes[i] == cr {
                    i += 1
                    if i < n, bytes[i] == lf { i += 1 }
                } else {
                    i += 1  // LF
                }
                line += 1
            }
            if !cells.allSatisfy(\.isBlank) {
                rows.append(SheetRow(line: recordLine, cells: cells))
            }
        }
        return (rows, i, line)
    }

    private static func makeCell(_ field: UnsafeBufferPointer<UInt8>) -> Cell {
        field.isEmpty ? .empty : .text(String(decoding: field, as: UTF8.self))
    }

    /// The delimiter is the one of `;` `,` TAB that one of the first records holds most of, outside quotes: the header
    /// may sit under a title line ("DANH SÁCH ĐOÀN VIÊN, NĂM 2026") whose only comma is text. Ties go to `;` because
    /// Vietnamese-locale Excel exports use it.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, records: Int = 10) -> UInt8 {
        var i = start
        let n = bytes.count
        while i < n, bytes[i] == cr || bytes[i] == lf { i += 1 }
        var semicolons = 0, commas = 0, tabs = 0
        var most = (semicolons: 0, commas: 0, tabs: 0)
        var inQuotes = false, seen = 0
        while i < n, seen < records {
            let b = bytes[i]
            if b == quote {
                inQuotes.toggle()  // "" inside quotes toggles twice, which is harmless
            } else if !inQuotes {
                switch b {
                case UInt8(ascii: ";"): semicolons += 1
                case UInt8(ascii: ","): commas += 1
                case UInt8(ascii: "\t"): tabs += 1
                case cr, lf:
                    if b == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
                    most = (max(most.semicolons, semicolons), max(most.commas, commas), max(most.tabs, tabs))
                    (semicolons, commas, tabs) = (0, 0, 0)
                    seen += 1
                default: break
                }
            }
            i += 1
        }
        most = (max(most.semicolons, semicolons), max(most.commas, commas), max(most.tabs, tabs))
        if most.commas > most.semicolons, most.commas >= most.tabs { return UInt8(ascii: ",") }
        if most.tabs > most.semicolons, most.tabs > most.commas { return UInt8(ascii: "\t") }
        return UInt8(ascii: ";")
    }

    static func isValidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var i = 0
        while i < n {
            let b0 = p[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func isCont(_ k: Int) -> Bool { p[k] & 0xC0 == 0x80 }
            if b0 < 0xC2 { return false }
            if b0 < 0xE0 {
                guard i + 1 < n, isCont(i + 1) else { return false }
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < n else { return false }
                let b1 = p[i + 1]
                let ok: Bool
                switch b0 {
                case 0xE0: ok = (0xA0...0xBF).contains(b1)
                case 0xED: ok = (0x80...0x9F).contains(b1)  // no UTF-16 surrogates
                default: ok = b1 & 0xC0 == 0x80
                }
                guard ok, isCont(i + 2) else { return false }
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < n else { return false }
                let b1 = p[i + 1]
                let ok: Bool
                switch b0 {
                case 0xF0: ok = (0x90...0xBF).contains(b1)
                case 0xF4: ok = (0x80...0x8F).contains(b1)
                default: ok = b1 & 0xC0 == 0x80
                }
                guard ok, isCont(i + 2), isCont(i + 3) else { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}

/// Reads a CSV file a chunk of rows at a time, so that an import of a million rows never holds them all: the
/// bytes are checked for UTF-8 once, then parsed from where the last chunk stopped.
public struct CSVCursor: Sendable {
    let data: Data
    let start: Int
    let delimiter: UInt8
    let maxColumns: Int
    var offset: Int
    var line = 1

    public init(_ data: Data, maxColumns: Int = TabularFile.Limits().maxColumns) throws(SpreadsheetError) {
        let checked: Result<(Int, UInt8), SpreadsheetError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
            // Validating once up front lets every field be decoded without repair and gives the user one clear
            // message instead of mojibake in names.
            guard CSVReader.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[i...])) else { return .failure(CSVReader.notUTF8) }
            return .success((i, CSVReader.detectDelimiter(bytes, from: i)))
        }
        let (start, delimiter) = try checked.get()
        self.data = data
        self.start = start
        self.delimiter = delimiter
        self.maxColumns = maxColumns
        self.offset = start
    }

    /// Up to `count` non-blank rows; empty at the end of the file.
    public mutating func next(_ count: Int) throws(SpreadsheetError) -> [SheetRow] {
        let (offset, line, delimiter, maxColumns) = (self.offset, self.line, self.delimiter, self.maxColumns)
        let result: Result<(rows: [SheetRow], next: Int, line: Int), SpreadsheetError> = data.withUnsafeBytes { raw in
            do throws(SpreadsheetError) {
                return .success(try CSVReader.parseRecords(raw.bindMemory(to: UInt8.self), from: offset, line: line, delimiter: delimiter, limit: count,
                                                           maxColumns: maxColumns))
            } catch {
                return .failure(error)
            }
        }
        let parsed = try result.get()
        self.offset = parsed.next
        self.line = parsed.line
        return parsed.rows
    }

    public mutating func rewind() {
        offset = start
        line = 1
    }
}
