import Foundation

/// A worksheet's rows kept on disk while an import reads them a chunk at a time. A workbook's rows come out of one XML
/// parse that runs to its end, and held in memory a province's list of 400 000 members would take a gigabyte; written
/// here as they are parsed, they are read back in chunks the way a CSV file streams, so memory stays flat.
///
/// One line a row: the row's line number, then its cells, separated by tabs. A cell is empty, or a letter and its
/// value: `s` text (with `\`, tab, LF and CR escaped), `n` a number, `d` a date (yyyy-mm-dd), `b` 0 or 1.
final class RowSpoolWriter {
    let file: TemporaryFile
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var count = 0

    init() throws(SpreadsheetError) {
        do {
            file = try TemporaryFile(Data(), suffix: "rows")
            handle = try FileHandle(forWritingTo: file.url)
        } catch {
            throw Self.failed
        }
        buffer.reserveCapacity(Self.flushAt + 4096)
    }

    static let flushAt = 1 << 20
    static let failed = SpreadsheetError("Không ghi được tệp tạm khi đọc tệp Excel; hãy thử lại.")

    func append(_ row: SheetRow) throws(SpreadsheetError) {
        buffer.append(contentsOf: String(row.line).utf8)
        for cell in row.cells {
            buffer.append(0x09)
            switch cell {
            case .empty: break
            case .text(let s):
                buffer.append(UInt8(ascii: "s"))
                if !s.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                    buffer.append(contentsOf: s.utf8)
                    continue
                }
                for byte in s.utf8 {
                    switch byte {
                    case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
                    case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                    case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                    case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                    default: buffer.append(byte)
                    }
                }
            case .number(let v):
                buffer.append(UInt8(ascii: "n"))
                // Whole numbers (ids, phones, counts) as integers; others as the shortest text that reads back as the
                // same Double.
                if v == v.rounded(), abs(v) < 1e15 { buffer.append(contentsOf: String(Int64(v)).utf8) } else { buffer.append(contentsOf: String(v).utf8) }
            case .date(let y, let m, let d): buffer.append(contentsOf: "d\(y)-\(m)-\(d)".utf8)
            case .bool(let b): buffer.append(contentsOf: [UInt8(ascii: "b"), b ? UInt8(ascii: "1") : UInt8(ascii: "0")])
            }
        }
        buffer.append(0x0A)
        count += 1
        if buffer.count >= Self.flushAt { try flush() }
    }

    private func flush() throws(SpreadsheetError) {
        do { try handle.write(contentsOf: buffer) } catch { throw Self.failed }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The rows written, to be read from the start.
    func finish() throws(SpreadsheetError) -> SpoolCursor {
        try flush()
        try? handle.close()
        return SpoolCursor(file: file, total: count)
    }
}

/// Reads a spool's rows back, a chunk at a time. A value: a copy reads on from where it was copied.
public struct SpoolCursor: Sendable {
    let file: TemporaryFile
    let total: Int
    var offset: UInt64 = 0
    var served = 0

    static let block = 1 << 20

    var rowsLeft: Int { total - served }

    mutating func rewind() {
        offset = 0
        served = 0
    }

    /// Up to `count` rows; empty at the end.
    mutating func next(_ count: Int) throws(SpreadsheetError) -> [SheetRow] {
        guard count > 0, served < total else { return [] }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: file.url)
            try handle.seek(toOffset: offset)
        } catch {
            throw RowSpoolWriter.failed
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var rows: [SheetRow] = []
        rows.reserveCapacity(min(count, total - served))
        var consumed = 0
        while rows.count < count {
            let chunk: Data
            do { chunk = try handle.read(upToCount: Self.block) ?? Data() } catch { throw RowSpoolWriter.failed }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = 0
            let decoded: Result<Void, SpreadsheetError> = pending.withUnsafeBufferPointer { bytes in
                do throws(SpreadsheetError) {
                    while rows.count < count, let end = bytes[start...].firstIndex(of: 0x0A) {
                        rows.append(try Self.decode(UnsafeBufferPointer(rebasing: bytes[start ..< end])))
                        start = end + 1
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            try decoded.get()
            consumed += start
            pending.removeFirst(start)
        }
        offset += UInt64(consumed)
        served += rows.count
        return rows
    }

    static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(SpreadsheetError) -> SheetRow {
        var cells: [Cell] = []
        var number: Int?
        var i = 0
        while i <= line.count {
            let end = line[i...].firstIndex(of: 0x09) ?? line.count
            let field = UnsafeBufferPointer(rebasing: line[i ..< end])
            if number == nil {
                guard let n = Int(String(decoding: field, as: UTF8.self)) else { throw RowSpoolWriter.failed }
                number = n
            } else if let kind = field.first {
                let value = UnsafeBufferPointer(rebasing: field[1...])
                switch kind {
                case UInt8(ascii: "s"):
                    cells.append(.text(value.contains(0x5C) ? unescape(value) : String(decoding: value, as: UTF8.self)))
                case UInt8(ascii: "n"):
                    guard let v = Double(String(decoding: value, as: UTF8.self)) else { throw RowSpoolWriter.failed }
                    cells.append(.number(v))
                case UInt8(ascii: "d"):
                    let parts = String(decoding: value, as: UTF8.self).split(separator: "-").compactMap { Int($0) }
                    guard parts.count == 3 else { throw RowSpoolWriter.failed }
                    cells.append(.date(year: parts[0], month: parts[1], day: parts[2]))
                case UInt8(ascii: "b"):
                    cells.append(.bool(value.first == UInt8(ascii: "1")))
                default:
                    throw RowSpoolWriter.failed
                }
            } else {
                cells.append(.empty)
            }
            i = end + 1
        }
        guard let number else { throw RowSpoolWriter.failed }
        return SheetRow(line: number, cells: cells)
    }

    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaped = false
        for byte in bytes {
            if escaped {
                switch byte {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(byte)
                }
                escaped = false
            } else if byte == 0x5C {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
