import Foundation

/// An e-mail address a person types for their daily digest. Deliberately plain: one `@`, a dotted domain, nothing
/// that could end a mail header (spaces, control characters, angle brackets, commas), at most 254 characters.
public enum EmailCheck {
    /// Trimmed and with the domain in lower case (the local part is the mail server's business).
    public static func normalized(_ raw: String) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let at = text.lastIndex(of: "@") else { return text }
        return String(text[..<at]) + "@" + text[text.index(after: at)...].lowercased()
    }

    /// nil when the address can be used, else what is wrong, in Vietnamese.
    public static func problem(_ address: String) -> String? {
        if address.isEmpty { return "Hãy ghi địa chỉ thư điện tử." }
        if address.count > 254 { return "Địa chỉ thư điện tử không quá 254 ký tự." }
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters).union(CharacterSet(charactersIn: "<>(),;:\\\"[]"))
        if address.unicodeScalars.contains(where: { forbidden.contains($0) || !$0.isASCII }) {
            return "Địa chỉ thư điện tử chỉ gồm chữ không dấu, số và các dấu . _ - + @, không có khoảng trắng."
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else {
            return "Địa chỉ thư điện tử phải có dạng ten@coquan.gov.vn."
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return "Tên miền của địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@congdoan.vn)."
        }
        return nil
    }
}
