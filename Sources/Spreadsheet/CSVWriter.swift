import Foundation

public enum CSVWriter {
    /// Defaults (`;`, BOM) are what Vietnamese-locale Excel expects when a user
    /// double-clicks the file; without the BOM Excel would misread UTF-8 as ANSI.
    public static func write(_ rows: [[String]], delimiter: Character = ";", bom: Bool = true) -> Data {
        var out: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        let delimiterBytes = Array(String(delimiter).utf8)
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { out.append(contentsOf: delimiterBytes) }
                let bytes = Array(field.utf8)
                if needsQuoting(bytes, delimiter: delimiterBytes) {
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
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
        }
        return Data(out)
    }

    private static func needsQuoting(_ bytes: [UInt8], delimiter: [UInt8]) -> Bool {
        for b in bytes where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") {
            return true
        }
        if delimiter.count == 1 {
            return bytes.contains(delimiter[0])
        }
        // Multi-byte delimiter (unusual); compare as strings.
        return String(decoding: bytes, as: UTF8.self).contains(String(decoding: delimiter, as: UTF8.self))
    }
}
