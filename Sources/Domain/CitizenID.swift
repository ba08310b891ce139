/// Vietnamese citizen identity card number (CCCD): 12 digits =
/// province of birth registration (3) + gender/century code (1) + last two digits of the birth year (2)
/// + random serial (6). Only the structure can be checked offline; the serial carries no checksum.
public enum CitizenID {

    /// Province codes of the 63 provinces and cities (Circular 07/2016/TT-BCA), as they appear in the
    /// first three digits. A card keeps its code for life, so later boundary changes do not alter this list.
    public static let provinceCodes: Set<String> = [
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
        "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
        "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
        "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
        "089", "091", "092", "093", "094", "095", "096",
    ]

    /// nil when `id` is structurally valid (and agrees with the gender and birth year when given),
    /// otherwise a Vietnamese message saying what is wrong. Surrounding whitespace is ignored.
    public static func problem(_ id: String, gender: Gender?, birthYear: Int?) -> String? {
        let digits = Array(VietnameseText.clean(id).utf8)
        guard digits.count == 12, digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return "Số CCCD phải gồm đúng 12 chữ số."
        }
        let text = String(decoding: digits, as: UTF8.self)
        guard provinceCodes.contains(String(text.prefix(3))) else {
            return "Mã tỉnh nơi đăng ký khai sinh (3 chữ số đầu của CCCD) không hợp lệ."
        }
        var problems: [String] = []
        let code = Int(digits[3] - 0x30)
        let century = birthYear.flatMap(centuryBase)
        let describedCode = "Chữ số thứ 4 của CCCD (mã giới tính và thế kỷ sinh) là \(code)"
        switch (gender, birthYear, century) {
        case let (gender?, year?, base?):
            let expected = base + (gender == .female ? 1 : 0)
            if code != expected {
                problems.append("\(describedCode), không khớp với giới tính \(gender.label) và năm sinh \(year); cần là \(expected).")
            }
        case let (gender?, _, _):
            if code % 2 != (gender == .female ? 1 : 0) {
                let parity = gender == .female ? "số lẻ" : "số chẵn"
                problems.append("\(describedCode), không khớp với giới tính \(gender.label); cần là \(parity).")
            }
        case let (nil, year?, base?):
            if code / 2 != base / 2 {
                problems.append("\(describedCode), không khớp với năm sinh \(year); cần là \(base) hoặc \(base + 1).")
            }
        default:
            break
        }
        if let year = birthYear {
            let expected = twoDigits(year)
            let actual = String(text.dropFirst(4).prefix(2))
            if actual != expected {
                problems.append("Chữ số thứ 5 và 6 của CCCD (hai số cuối của năm sinh) là \(actual), không khớp với năm sinh \(year); cần là \(expected).")
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: " ")
    }

    /// A CCCD as a spreadsheet's number cell holds it: a number drops the leading zeros that every CCCD has (its
    /// province codes run from 001 to 096), so its 10 or 11 digits are padded back to 12. Exact, since a number loses
    /// nothing else. Other lengths (a 9-digit CMND, a typo) are left for `problem` to name.
    public static func fromNumber(_ digits: String) -> String {
        guard digits.allSatisfy(\.isASCIIDigit), (10 ... 11).contains(digits.count) else { return digits }
        return String(repeating: "0", count: 12 - digits.count) + digits
    }

    /// Builds a structurally valid number, for synthetic test data.
    public static func make(provinceCode: String, gender: Gender, birthYear: Int, serial: Int) -> String {
        precondition((0...999_999).contains(serial), "serial must be 0...999999")
        precondition(provinceCode.count <= 3 && provinceCode.allSatisfy(\.isASCII), "province code has 3 digits")
        let base = centuryBase(birthYear) ?? 0
        let province = String(repeating: "0", count: 3 - provinceCode.count) + provinceCode
        let serialText = String(serial)
        return province + String(base + (gender == .female ? 1 : 0)) + twoDigits(birthYear)
            + String(repeating: "0", count: 6 - serialText.count) + serialText
    }

    /// Male code of the birth century; the female code is one more.
    static func centuryBase(_ year: Int) -> Int? {
        switch year {
        case 1800...1899: 8
        case 1900...1999: 0
        case 2000...2099: 2
        case 2100...2199: 4
        case 2200...2299: 6
        default: nil
        }
    }

    private static func twoDigits(_ year: Int) -> String {
        let value = ((year % 100) + 100) % 100
        return value < 10 ? "0\(value)" : "\(value)"
    }
}
