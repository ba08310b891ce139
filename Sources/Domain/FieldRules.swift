/// Validators for single contact and identity fields. Each `…Problem` returns nil when the value is
/// acceptable, otherwise a Vietnamese message naming the value and what is expected.
public enum FieldRules {

    /// Strips the separators people type ("0912 345 678", "0912.345.678", "091-234-5678") and turns
    /// "+84…" into the domestic "0…" form, so one number is stored one way and duplicates are found.
    /// Input that is not a valid number comes back with only the separators removed.
    public static func normalizePhone(_ phone: String) -> String {
        let stripped = String(VietnameseText.clean(phone).unicodeScalars.filter {
            $0 != " " && $0 != "." && $0 != "-"
        }.map(Character.init))
        if stripped.hasPrefix("+84") {
            let domestic = "0" + stripped.dropFirst(3)
            if isDomesticNumber(domestic) { return domestic }
        }
        return stripped
    }

    /// A phone number as a spreadsheet's number cell holds it: without its first 0 (9 digits of a mobile, 10 of a
    /// landline beginning with 2), or written as 84… with the "+" lost. Other digits are left for `phoneProblem`.
    public static func phoneFromNumber(_ digits: String) -> String {
        guard digits.allSatisfy(\.isASCIIDigit), !digits.hasPrefix("0") else { return digits }
        if digits.count == 9 || digits.count == 10 && digits.hasPrefix("2") { return "0" + digits }
        if digits.count == 11 && digits.hasPrefix("84") && !digits.dropFirst(2).hasPrefix("0") { return "0" + digits.dropFirst(2) }
        return digits
    }

    /// Mobile numbers have 10 digits (0 + 9). Landlines have had 11 since the 2017 renumbering
    /// (0 + 2x area code + 8 digits, e.g. 024 3825 1234), so those are accepted too.
    public static func phoneProblem(_ phone: String) -> String? {
        if isDomesticNumber(normalizePhone(phone)) { return nil }
        return "Số điện thoại \"\(VietnameseText.excerpt(VietnameseText.clean(phone)))\" không hợp lệ; cần 10 chữ số bắt đầu bằng 0 (ví dụ 0912345678), số cố định 11 chữ số bắt đầu bằng 02 (ví dụ 02438251234), hoặc +84 thay cho số 0 đầu."
    }

    private static func isDomesticNumber(_ digits: String) -> Bool {
        guard digits.allSatisfy(\.isASCIIDigit) else { return false }
        return (digits.count == 10 && digits.hasPrefix("0")) || (digits.count == 11 && digits.hasPrefix("02"))
    }

    /// Deliberately loose: the only way to know an address works is to send mail to it, so this
    /// only catches typing and column-mixing mistakes.
    public static func emailProblem(_ email: String) -> String? {
        let text = VietnameseText.clean(email)
        let expected = "cần có dạng ten@tenmien.vn."
        if text.isEmpty { return "Email không được để trống; \(expected)" }
        if text.utf8.count > 254 { return "Email dài quá 254 ký tự." }
        if text.contains(where: { $0.isWhitespace }) {
            return "Email \"\(VietnameseText.excerpt(text))\" không được chứa dấu cách; \(expected)"
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
              !domain.contains("..") else {
            return "Email \"\(VietnameseText.excerpt(text))\" không hợp lệ; \(expected)"
        }
        return nil
    }

    public static func unitCodeProblem(_ code: String) -> String? {
        let text = VietnameseText.clean(code)
        if text.isEmpty { return "Mã đơn vị không được để trống." }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
        if !allowed || text.count > 40 {
            return "Mã đơn vị \"\(VietnameseText.excerpt(text))\" không hợp lệ; cần từ 1 đến 40 ký tự, chỉ gồm chữ cái không dấu, chữ số, dấu chấm (.), dấu gạch dưới (_) và dấu gạch nối (-)."
        }
        return nil
    }

    /// A person's full name as it should be stored: letters with their diacritics, spaces and the few
    /// punctuation marks found in real names (H'Hen Niê, Ksor-Y, Jr.).
    public static func nameProblem(_ name: String) -> String? {
        let text = VietnameseText.clean(name)
        if text.isEmpty { return "Họ và tên không được để trống." }
        let length = text.count
        if length < 2 || length > 100 {
            return "Họ và tên \"\(VietnameseText.excerpt(text))\" có \(length) ký tự; cần từ 2 đến 100 ký tự."
        }
        var hasLetter = false
        var hasDigit = false
        var invalid: [Character] = []
        for character in text {
            if character.isLetter {
                hasLetter = true
            } else if character.isNumber {
                hasDigit = true
            } else if !" '’-‐.".contains(character) {
                if !invalid.contains(character) { invalid.append(character) }
            }
        }
        if hasDigit {
            return "Họ và tên \"\(VietnameseText.excerpt(text))\" không được chứa chữ số."
        }
        if !invalid.isEmpty {
            let listed = invalid.map { "\"\($0)\"" }.joined(separator: ", ")
            return "Họ và tên \"\(VietnameseText.excerpt(text))\" chứa ký tự không hợp lệ: \(listed); chỉ được dùng chữ cái, dấu cách, dấu nháy đơn ('), dấu gạch nối (-) và dấu chấm (.)."
        }
        if !hasLetter {
            return "Họ và tên \"\(VietnameseText.excerpt(text))\" phải có chữ cái."
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return (0x30...0x39).contains(ascii)
    }
}
