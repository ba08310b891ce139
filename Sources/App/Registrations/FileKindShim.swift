import Foundation

// Stand-in until the Documents library's content sniffing is merged.
enum FileKind: String, CaseIterable, Sendable {
    case pdf, png, jpeg, docx, xlsx
    var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }
    var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    struct Refusal: Error { let message: String; let isTooLarge: Bool }
    static func validate(data: Data, fileName: String, maxBytes: Int) -> Result<FileKind, Refusal> {
        if data.count > maxBytes { return .failure(Refusal(message: "Tệp quá lớn", isTooLarge: true)) }
        let b = [UInt8](data.prefix(8))
        if b.starts(with: Array("%PDF-".utf8)) { return .success(.pdf) }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .success(.png) }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return .success(.jpeg) }
        return .failure(Refusal(message: "Không nhận loại tệp này", isTooLarge: false))
    }
    static func contentDisposition(fileName: String, inline: Bool) -> String {
        (inline ? "inline" : "attachment") + "; filename=\"file\""
    }
}
