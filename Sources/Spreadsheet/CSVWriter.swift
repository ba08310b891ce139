import Foundation

public enum CSVWriter {
    /// Defaults (`;`, BOM) are what Vietnamese-locale Excel expects when a user
    /// double-clicks the file; without the BOM Excel would misread UTF-8 as ANSI.
    /// `guardFormulas` neutralises text that Excel would run as a formula (see `neutralised`).
    public static func write(_ rows: [[String]], delimiter: Character = ";", bom: Bool = true, guardFormulas: Bool = false) -> Data {
        var out: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        let d = delimiter.asciiValue ?? UInt8(ascii: ";")
        for row in rows {
            appendRow(row, delimiter: d, guardFormulas: guardFormulas, to: &out)
        }
        return Data(out)
    }

    /// One row, CRLF-terminated. Fields holding the delimiter, a quote or a line break are quoted.
    public static func appendRow(_ row: [String], delimiter: UInt8, guardFormulas: Bool, to out: inout [UInt8]) {
        for (index, value) in row.enumerated() {
            if index > 0 { out.append(delimiter) }
            var field = guardFormulas ? neutralised(value) : value
            field.withUTF8 { bytes in
                if needsQuoting(bytes, delimiter: delimiter) {
                    out.append(UInt8(ascii: "\""))
                    for b in bytes {
                        if b == UInt8(ascii: "\"") { out.append(b) }
                        out.append(b)
                    }
                    out.append(UInt8(ascii: "\""))
                } else {
                    out.append(contentsOf: bytes)
                }
            }
        }
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
    }

    /// Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice
    /// ("=HYPERLINK(…)" typed into a name field); a leading apostrophe makes it plain text. Exports apply it to
    /// every field, so a phone number "+84…" reads "'+84…" — the safe side.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first else { return field }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + field
        default: return field
        }
    }

    private static func needsQuoting(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Bool {
        for b in bytes where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") || b == delimiter {
            return true
        }
        return false
    }
}
