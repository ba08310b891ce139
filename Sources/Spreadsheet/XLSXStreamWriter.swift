import Foundation
import ZIPFoundation

/// Writes a one-sheet workbook of any length in flat memory: rows are encoded as they come and appended to the
/// sheet's XML in a temporary file, and `finish` deflates that file into the .xlsx on disk, a chunk at a time.
/// The first row is a bold header, frozen so it stays in view while scrolling; dates are real date cells in
/// dd/mm/yyyy; text is always an inline string, so nothing can become a formula.
public final class XLSXStreamWriter {
    private let directory: URL
    private let sheetURL: URL
    private let sheetName: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var encoder = XLSXWriter.RowEncoder()
    private var finished = false
    /// Rows written so far, header included.
    public private(set) var rowCount = 0

    private static let flushAt = 1 << 20

    /// `directory` must exist; the writer keeps its work file there and removes it when done.
    public init(directory: URL, sheetName: String, header: [String], columnWidths: [Double] = []) throws(SpreadsheetError) {
        self.directory = directory
        self.sheetName = XLSXWriter.safeSheetName(sheetName)
        sheetURL = directory.appendingPathComponent("sheet-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: sheetURL.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: sheetURL) else {
            throw SpreadsheetError("Không tạo được tệp tạm để ghi tệp Excel.")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.flushAt + 64 * 1024)
        buffer += Array((XLSXWriter.header + #"<worksheet xmlns="\#(XLSXWriter.mainNS)" xmlns:r="\#(XLSXWriter.relNS)">"#).utf8)
        // The header row stays in view: the pane below row 1 scrolls, row 1 does not.
        buffer += Array(#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#.utf8)
        let widths = columnWidths.enumerated().filter { $0.element.isFinite && $0.element > 0 }
        if !widths.isEmpty {
            buffer += Array("<cols>".utf8)
            for (index, width) in widths {
                buffer += Array(#"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(min(width, 255))" customWidth="1"/>"#.utf8)
            }
            buffer += Array("</cols>".utf8)
        }
        buffer += Array("<sheetData>".utf8)
        try append(header.map { .text($0) }, bold: true)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: sheetURL)
    }

    public func append(_ row: [XLSXWriter.Value]) throws(SpreadsheetError) {
        try append(row, bold: false)
    }

    private func append(_ row: [XLSXWriter.Value], bold: Bool) throws(SpreadsheetError) {
        guard !finished else { throw SpreadsheetError("Tệp Excel đã ghi xong.") }
        guard rowCount < XLSXWriter.maxRows, row.count <= 16_384 else {
            throw SpreadsheetError("Bảng quá lớn để ghi ra tệp Excel (tối đa \(XLSXWriter.maxRows) dòng).")
        }
        rowCount += 1
        encoder.append(row, rowNumber: rowCount, bold: bold, to: &buffer)
        if buffer.count >= Self.flushAt { try flush() }
    }

    private func flush() throws(SpreadsheetError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SpreadsheetError("Không ghi được tệp tạm (đĩa đầy?).")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes the sheet and writes the package to `url` (replacing any file there).
    public func finish(to url: URL) throws(SpreadsheetError) {
        guard !finished else { return }
        buffer += Array("</sheetData></worksheet>".utf8)
        try flush()
        finished = true
        try? handle.close()
        defer { try? FileManager.default.removeItem(at: sheetURL) }
        try? FileManager.default.removeItem(at: url)
        do {
            let archive = try Archive(url: url, accessMode: .create)
            let parts: [(String, String)] = [
                ("[Content_Types].xml", XLSXWriter.contentTypes(sheets: 1)),
                ("_rels/.rels", XLSXWriter.rootRels),
                ("xl/workbook.xml", XLSXWriter.workbookXML(sheetNames: [XLSXWriter.safeSheetName(sheetName)])),
                ("xl/_rels/workbook.xml.rels", XLSXWriter.workbookRels(sheets: 1)),
                ("xl/styles.xml", XLSXWriter.styles),
            ]
            for (path, text) in parts {
                let data = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            // Read from disk in 256 KiB chunks and deflated as it goes: the sheet is never in memory whole.
            try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: sheetURL, compressionMethod: .deflate, bufferSize: 256 * 1024)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw SpreadsheetError("Không tạo được tệp Excel.")
        }
    }
}

/// Writes CSV a row at a time into a caller-drained buffer: UTF-8 with a BOM (so Excel reads Vietnamese), `;`
/// between fields as Vietnamese-locale Excel expects, CRLF, quotes where needed. Exported text that begins like
/// a formula (`=`, `+`, `-`, `@`, tab, CR) is neutralised with a leading apostrophe, so opening an export never
/// runs a formula someone typed into a name.
public struct CSVStreamWriter {
    public private(set) var bytes: [UInt8] = []
    private let delimiter: UInt8

    public init(delimiter: Character = ";", bom: Bool = true) {
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ";")
        if bom { bytes = [0xEF, 0xBB, 0xBF] }
    }

    public mutating func append(_ row: [String]) {
        CSVWriter.appendRow(row, delimiter: delimiter, guardFormulas: true, to: &bytes)
    }

    /// Hands out what was written so far and starts an empty buffer.
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
