import Foundation

/// Why an upload was refused, with a Vietnamese message to show as is.
public struct FileRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case empty
        case tooLarge(size: Int, limit: Int)
        case notAllowed
        /// The name says one thing, the content another (e.g. a PNG named .pdf).
        case extensionMismatch(extension: String, actual: FileKind)
    }

    public let reason: Reason
    public let message: String
    public var description: String { message }
}

public enum FileCheck {
    /// Decides what an upload really is and whether to take it: not empty, at most `maxBytes`, one of `allowed`
    /// by content, and not named as something else. A name without an extension is fine: the caller stores the
    /// file under `kind.fileExtension` anyway.
    public static func validate(
        _ data: Data, fileName: String, maxBytes: Int, allowed: Set<FileKind> = Set(FileKind.allCases)
    ) -> Result<FileKind, FileRefusal> {
        let name = displayName(fileName)
        guard !data.isEmpty else {
            return .failure(FileRefusal(reason: .empty, message: "Tệp \(name) không có nội dung (0 byte). Hãy chọn lại tệp."))
        }
        guard data.count <= maxBytes else {
            return .failure(FileRefusal(
                reason: .tooLarge(size: data.count, limit: maxBytes),
                message: "Tệp \(name) quá lớn (\(megabytes(data.count, roundingUp: true))); chỉ nhận tệp tối đa \(megabytes(maxBytes))."
            ))
        }
        let allowedList = FileKind.allCases.filter(allowed.contains).map(\.label).joined(separator: ", ")
        guard let kind = FileKind.sniff(data), allowed.contains(kind) else {
            return .failure(FileRefusal(
                reason: .notAllowed,
                message: "Tệp \(name) không thuộc loại được phép. Chỉ nhận: \(allowedList)."
            ))
        }
        if let ext = fileExtension(of: fileName), !kind.acceptedExtensions.contains(ext) {
            return .failure(FileRefusal(
                reason: .extensionMismatch(extension: ext, actual: kind),
                message: "Tệp \(name) có đuôi .\(ext) nhưng nội dung là \(kind.vietnameseDescription). "
                    + "Hãy đổi tên tệp cho đúng (đuôi .\(kind.fileExtension)) rồi tải lên lại."
            ))
        }
        return .success(kind)
    }

    /// Lower-cased extension, or `nil` when the name has none. A "suffix" without a letter ("Báo cáo v1.2") is
    /// part of the name, not an extension, so it cannot make an honest file look like a liar.
    public static func fileExtension(of fileName: String) -> String? {
        let base = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? fileName
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        let ext = base[base.index(after: dot)...].lowercased()
        guard !ext.isEmpty, ext.count <= 10, ext.contains(where: \.isLetter),
              ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return ext
    }

    /// "10 MB", "2,5 MB", "1.024 MB": megabytes of 1 048 576 bytes in Vietnamese notation, at most one decimal,
    /// trailing ",0" dropped. Sizes over a limit round up so "quá lớn (10 MB); tối đa 10 MB" cannot happen.
    public static func megabytes(_ bytes: Int, roundingUp: Bool = false) -> String {
        let tenths = Double(bytes) / 1_048_576 * 10
        let rounded = Int(roundingUp ? tenths.rounded(.up) : tenths.rounded())
        let whole = groupedThousands(rounded / 10)
        let fraction = rounded % 10
        return fraction == 0 ? "\(whole) MB" : "\(whole),\(fraction) MB"
    }

    static func groupedThousands(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(c)
        }
        return out
    }

    /// The name as quoted in messages: only its last component, control characters out, NFC, length capped so a
    /// hostile name cannot flood the page.
    static func displayName(_ fileName: String) -> String {
        let base = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(base.unicodeScalars.filter {
            !($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
        })).precomposedStringWithCanonicalMapping
        if cleaned.count > 80 { cleaned = String(cleaned.prefix(77)) + "…" }
        return cleaned.isEmpty ? "đã chọn" : "“\(cleaned)”"
    }
}
