import Foundation

/// One cell value as read from a CSV or XLSX file.
///
/// CSV cells are always `.text` or `.empty`: CSV carries no types, and numbers in
/// Vietnamese files may use a decimal comma, so interpreting them is the caller's job.
public enum Cell: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    /// An XLSX numeric cell whose style is a date format (or a `t="d"` cell).
    case date(year: Int, month: Int, day: Int)
    case bool(Bool)

    /// `.empty`, or text made only of whitespace.
    public var isBlank: Bool {
        switch self {
        case .empty: return true
        case .text(let s): return s.allSatisfy(\.isWhitespace)
        default: return false
        }
    }

    /// What a user would expect to see for the cell.
    public var text: String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .number(let v): return Cell.displayNumber(v)
        case .date(let y, let m, let d): return Cell.displayDate(year: y, month: m, day: d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        }
    }

    static func displayNumber(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        // Integers (IDs, phone numbers, counts) must not get a ".0" suffix.
        if v == v.rounded(), abs(v) < 1e15 {
            return String(Int64(v))
        }
        // 15 significant digits is what Excel shows, so 0.1 + 0.2 reads "0.3"
        // rather than exposing binary floating-point noise.
        return String(format: "%.15g", v)
    }

    static func displayDate(year: Int, month: Int, day: Int) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(day, 2))/\(pad(month, 2))/\(pad(year, 4))"
    }
}

public struct SheetRow: Sendable, Equatable {
    /// 1-based line of the record in the file: for CSV the physical line where the
    /// record starts, for XLSX the row number — so error messages can point users at it.
    public let line: Int
    public let cells: [Cell]

    public init(line: Int, cells: [Cell]) {
        self.line = line
        self.cells = cells
    }
}

public struct Table: Sendable {
    /// The header row is `rows[0]`; completely blank rows are already dropped.
    public let rows: [SheetRow]

    public init(rows: [SheetRow]) {
        self.rows = rows
    }
}

public struct SpreadsheetError: Error, Sendable, CustomStringConvertible {
    /// Vietnamese text meant to be shown to the user as is.
    public let message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }

    static let noData = SpreadsheetError("Tệp không có dữ liệu.")

    static func tooManyRows(_ max: Int) -> SpreadsheetError {
        SpreadsheetError("Tệp có quá nhiều dòng (tối đa \(grouped(max)) dòng).")
    }

    /// A count as Vietnamese write it: 12.000.000.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0 ? ["."] : []) + [d] })
    }

    static func tooManyColumns(line: Int, max: Int) -> SpreadsheetError {
        SpreadsheetError("Dòng \(line) có giá trị ở cột quá xa (quá \(grouped(max)) cột). Hãy xóa các cột thừa ở bên phải rồi lưu lại tệp.")
    }

    static func tooMuchText(_ max: Int) -> SpreadsheetError {
        SpreadsheetError("Các ô của tệp lặp lại quá nhiều chữ so với cỡ tệp (quá \(grouped(max / 1024 / 1024)) MB khi đọc ra). Hãy xóa các ô chép lặp lại một đoạn văn dài, hoặc lưu thành CSV UTF-8 rồi nhập.")
    }

    static func tooManyCells(_ max: Int) -> SpreadsheetError {
        SpreadsheetError("Tệp có quá nhiều ô (quá \(grouped(max)) ô). Với danh sách lớn, hãy lưu thành CSV UTF-8 rồi nhập, hoặc chia thành nhiều tệp.")
    }
}
