import Foundation

/// `Content-Disposition` header values for files whose names users typed (Vietnamese, with anything in them).
public enum ContentDisposition {
    public enum Kind: String, Sendable {
        /// Download (the safe default for anything a member uploaded).
        case attachment
        /// Shown in the browser, e.g. a PDF or an image preview.
        case inline
    }

    /// `attachment; filename="Ban dang ky.docx"; filename*=UTF-8''B%E1%BA%A3n%20%C4%91%C4%83ng%20k%C3%BD.docx`.
    /// The plain `filename` is an ASCII fallback for old clients (diacritics folded, "đ" as "d"); modern browsers
    /// take `filename*` (RFC 5987/6266). Quotes, backslashes, control characters (CR/LF would split the header)
    /// and path separators (a name is never a path) are removed from both.
    public static func value(_ kind: Kind = .attachment, fileName: String, fallback: String = "tep") -> String {
        let name = sanitized(fileName).isEmpty ? sanitized(fallback) : sanitized(fileName)
        let ascii = asciiFallback(name)
        return "\(kind.rawValue); filename=\"\(ascii)\"; filename*=UTF-8''\(percentEncoded(name))"
    }

    /// NFC; characters that could break the header or smuggle a path replaced or dropped; length capped at 150
    /// characters keeping the extension, since some file systems refuse longer names.
    static func sanitized(_ fileName: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in fileName.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch s.value {
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: continue
            case 0x22, 0x5C: continue  // " and \ would end or escape the quoted fallback
            case 0x2F: scalars.append("_")  // "/": keep the parts readable but never a path
            default: scalars.append(s)
            }
        }
        var name = String(scalars).trimmingCharacters(in: .whitespaces)
        // Leading dots make a hidden file or "..".
        while name.hasPrefix(".") { name.removeFirst() }
        if name.count > 150 {
            let ext = FileCheck.fileExtension(of: name).map { "." + $0 } ?? ""
            name = String(name.prefix(150 - ext.count)) + ext
        }
        return name
    }

    /// Vietnamese letters folded to their base letter; anything else outside printable ASCII becomes "_".
    /// "%" goes too: some browsers decode %XX even in the plain parameter.
    static func asciiFallback(_ name: String) -> String {
        var out = ""
        for s in name.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch s.value {
            case 0x0300...0x036F: continue  // the marks the decomposition split off
            case 0x0110: out.append("D")
            case 0x0111: out.append("d")
            case 0x25: out.append("_")
            case 0x20..<0x7F: out.unicodeScalars.append(s)
            default: out.append("_")
            }
        }
        return out
    }

    /// RFC 5987 `value-chars`: attr-chars as they are, every other UTF-8 byte as %XX.
    static func percentEncoded(_ name: String) -> String {
        let attrChars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        var out = ""
        for byte in name.utf8 {
            if attrChars.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
