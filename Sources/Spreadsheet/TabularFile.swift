import Foundation

/// Entry point for uploads: picks CSV or XLSX from the bytes, not the extension,
/// because users routinely rename files.
public enum TabularFile {
    public struct Limits: Sendable {
        public var maxRows = 2_000_000
        public var maxUncompressedBytes = 512 * 1024 * 1024
        public var maxZipEntries = 1000
        /// Only checked for entries over 1 MB: small parts compress wildly but harmlessly.
        public var maxCompressionRatio = 200.0
        /// A value further right than this is refused: no list has that many columns, and a row is stored with a cell
        /// for every column up to its last value, so one far cell (a few bytes of XML) would cost thousands of cells.
        public var maxColumns = 1_000
        /// Cells a whole sheet may hold once read (about 30 bytes each): a million members of 12 columns fit. A larger
        /// list streams as CSV.
        public var maxCells = 12_000_000
        /// Bytes of text the cells may hold once their shared strings are written out, per byte of the file, and at
        /// least `minSharedText`. A cell names a shared string by its number, so a few bytes of XML can repeat one long
        /// text in a million cells, and everything after the reader costs time by the text it is given: the work stays
        /// that of a CSV file a few times the size. A member list's cells hold 1,6 bytes of text per byte of its workbook
        /// (100 000 members saved by LibreOffice), more when long texts repeat.
        public var sharedTextPerFileByte = 16
        public var minSharedText = 64 * 1024 * 1024

        func maxSharedText(forFileOf bytes: Int) -> Int { max(minSharedText, sharedTextPerFileByte * bytes) }

        public init() {}
    }

    public static func read(_ data: Data, fileName: String? = nil, limits: Limits = .init(),
                            choose: ((Table) -> Bool)? = nil) throws(SpreadsheetError) -> Table {
        var source = try open(data, fileName: fileName, limits: limits, choose: choose)
        var rows: [SheetRow] = []
        var cells = 0
        while true {
            let chunk = try source.next(10_000)
            if chunk.isEmpty { break }
            cells += chunk.reduce(0) { $0 + $1.cells.count }
            guard cells <= limits.maxCells else { throw .tooManyCells(limits.maxCells) }
            rows += chunk
        }
        guard !rows.isEmpty else { throw .noData }
        return Table(rows: rows)
    }

    /// The rows of an upload, a chunk at a time. CSV is parsed as it is read; an XLSX workbook's sheet is parsed into a
    /// file of rows on disk (`XLSXReader.open`), then read back in chunks the same way. `choose` picks the
    /// workbook's sheet (see `XLSXReader.read`); a CSV file has one.
    public static func open(_ data: Data, fileName: String? = nil, limits: Limits = .init(),
                            choose: ((Table) -> Bool)? = nil) throws(SpreadsheetError) -> RowSource {
        let lowerName = fileName?.lowercased() ?? ""
        let named = fileName.map { "Tệp “\($0)”" } ?? "Tệp"

        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try XLSXReader.open(data, limits: limits, choose: choose)
        }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            // This container holds both old .xls workbooks and password-protected .xlsx.
            if lowerName.hasSuffix(".xlsx") {
                throw SpreadsheetError(
                    "\(named) đang được đặt mật khẩu hoặc là tệp Excel cũ (.xls). Hãy bỏ mật khẩu rồi lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
                )
            }
            throw SpreadsheetError(
                "\(named) là định dạng Excel cũ (.xls). Hãy mở bằng Excel và lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
            )
        }
        if lowerName.hasSuffix(".xlsx") || lowerName.hasSuffix(".xlsm") {
            throw SpreadsheetError("\(named) không phải tệp Excel (.xlsx) hợp lệ.")
        }
        if lowerName.hasSuffix(".xls") {
            // Some systems export HTML or XML under .xls; it is not CSV either.
            throw SpreadsheetError(
                "\(named) không phải tệp Excel (.xlsx) hay CSV hợp lệ. Hãy mở bằng Excel và lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
            )
        }
        return RowSource(backing: .csv(try CSVCursor(data, maxColumns: limits.maxColumns)), maxRows: limits.maxRows)
    }
}

public struct RowSource: Sendable {
    enum Backing: Sendable {
        case csv(CSVCursor)
        case table([SheetRow], Int)
        /// A workbook's sheet, kept on disk (`XLSXReader.open`).
        case spool(SpoolCursor)
    }

    var backing: Backing
    let maxRows: Int
    var served = 0
    /// A row read to look at and given back (`putBack`): served first.
    var pending: SheetRow?

    /// Up to `count` rows (the header first); empty at the end.
    public mutating func next(_ count: Int) throws(SpreadsheetError) -> [SheetRow] {
        if let row = pending, count > 0 {
            pending = nil
            served += 1
            return count == 1 ? [row] : [row] + (try next(count - 1))
        }
        let rows: [SheetRow]
        switch backing {
        case .csv(var cursor):
            rows = try cursor.next(count)
            backing = .csv(cursor)
        case .table(let all, let at):
            let end = min(at + count, all.count)
            rows = Array(all[at..<end])
            backing = .table(all, end)
        case .spool(var cursor):
            rows = try cursor.next(count)
            backing = .spool(cursor)
        }
        served += rows.count
        // The header row does not count against the limit.
        if served > maxRows + 1 { throw .tooManyRows(maxRows) }
        return rows
    }

    /// The rows not served yet, when the whole table is already read (an .xlsx sheet); nil while a CSV file streams.
    public var rowsLeft: Int? {
        switch backing {
        case .table(let all, let at): return all.count - at + (pending == nil ? 0 : 1)
        case .spool(let cursor): return cursor.rowsLeft + (pending == nil ? 0 : 1)
        case .csv: return nil
        }
    }

    /// Gives back the row last read, when it turned out not to be the caller's (a header looks at the row under it).
    public mutating func putBack(_ row: SheetRow) {
        pending = row
        served -= 1
    }

    /// Back to the header, for a second pass over the file.
    public mutating func rewind() {
        served = 0
        pending = nil
        switch backing {
        case .csv(var cursor):
            cursor.rewind()
            backing = .csv(cursor)
        case .table(let all, _):
            backing = .table(all, 0)
        case .spool(var cursor):
            cursor.rewind()
            backing = .spool(cursor)
        }
    }
}
