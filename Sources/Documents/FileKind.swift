import Foundation
import ZIPFoundation
import Spreadsheet

/// The kinds of file members may attach (evidence for their registrations, later directive attachments).
/// Decided from the bytes, never from the name: a renamed file must be stored and served as what it really is.
public enum FileKind: String, Sendable, CaseIterable, Codable {
    case pdf, docx, xlsx, jpeg, png

    public var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// Without the dot; what a stored copy should be named with.
    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        case .docx: "docx"
        case .xlsx: "xlsx"
        }
    }

    /// Every extension that honestly names this kind (lower case, no dot).
    public var acceptedExtensions: Set<String> {
        switch self {
        case .jpeg: ["jpg", "jpeg", "jpe", "jfif"]
        default: [fileExtension]
        }
    }

    /// Short upper-case label, as listed in "allowed types" messages.
    public var label: String {
        switch self {
        case .pdf: "PDF"
        case .png: "PNG"
        case .jpeg: "JPEG"
        case .docx: "DOCX"
        case .xlsx: "XLSX"
        }
    }

    /// What the content is, in a sentence: "nội dung là ảnh PNG".
    public var vietnameseDescription: String {
        switch self {
        case .pdf: "tệp PDF"
        case .png: "ảnh PNG"
        case .jpeg: "ảnh JPEG"
        case .docx: "văn bản Word (DOCX)"
        case .xlsx: "bảng tính Excel (XLSX)"
        }
    }

    /// The kind the bytes really are, or `nil` for anything else (including truncated signatures, plain zips and
    /// other OOXML such as .pptx).
    public static func sniff(_ data: Data) -> FileKind? {
        let bytes = [UInt8](data.prefix(8))
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return officeKind(data) }
        return nil
    }

    /// Reads only the zip's central directory (nothing is inflated), so a zip bomb costs nothing here. From a file, not
    /// from memory: ZIPFoundation's in-memory archive traps on a directory that points past the end of the data.
    private static func officeKind(_ data: Data) -> FileKind? {
        let archive: Archive
        let file: TemporaryFile
        do {
            file = try TemporaryFile(data)
            archive = try Archive(url: file.url, accessMode: .read)
        } catch {
            return nil
        }
        defer { withExtendedLifetime(file) {} }
        var word = false
        var excel = false
        var count = 0
        for entry in archive {
            count += 1
            // A real document has dozens of parts; a directory this long is not worth walking.
            if count > 10_000 { return nil }
            // OPC part names are case-insensitive, and some producers write a leading slash or backslashes.
            var path = entry.path.replacingOccurrences(of: "\\", with: "/").lowercased()
            if path.hasPrefix("/") { path.removeFirst() }
            if path == "word/document.xml" { word = true }
            if path == "xl/workbook.xml" { excel = true }
        }
        switch (word, excel) {
        case (true, false): return .docx
        case (false, true): return .xlsx
        default: return nil  // neither, or a chimera that different readers would open differently
        }
    }
}
