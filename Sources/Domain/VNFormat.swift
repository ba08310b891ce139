/// Numbers and dates the way Vietnamese reports write them: "1.234.567", "74,5", "72,1%", "05/08/2022".
///
/// Done by hand rather than with `NumberFormatter`, whose vi_VN locale data is missing from some Linux
/// images (the output then silently falls back to "1,234,567" — the opposite meaning).
public enum VNFormat {

    /// "3.037", "1.234.567", "-12".
    public static func integer(_ n: Int) -> String {
        let grouped = group(String(n.magnitude))
        return n < 0 ? "-" + grouped : grouped
    }

    /// "1.000", "97,5", "0,25": a quantity with at most two decimals, none shown when it is whole.
    public static func number(_ x: Double) -> String {
        var text = decimal(x, digits: 2)
        if text.hasSuffix(",00") { text.removeLast(3) } else if text.contains(","), text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Reads a quantity as a Vietnamese user types it: "1.000" and "1.000.000" (dots group thousands), "97,5"
    /// (comma for decimals), "97.5" (a dot not followed by three digits is a decimal point), "1 000". Nil otherwise.
    public static func parseNumber(_ text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        guard !t.isEmpty, t.count <= 30 else { return nil }
        if t.contains(",") {
            t = t.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else {
            let parts = t.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count > 1, parts.dropFirst().allSatisfy({ $0.count == 3 }) { t = parts.joined() }
        }
        guard t.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), t.filter({ $0 == "." }).count <= 1 else { return nil }
        return Double(t)
    }

    /// "74,5": dot for thousands, comma for decimals, exactly `digits` decimals, half away from zero.
    /// Rounds the shortest decimal representation of `x` (what the user would see and expect), so
    /// 1.005 with 2 digits gives "1,01" although the binary double is slightly below 1.005.
    public static func decimal(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return "—" }
        let digits = max(0, min(digits, 20))
        var (whole, fraction) = decimalDigits(x.magnitude)
        if fraction.count > digits {
            let roundUp = fraction[digits] >= 5
            fraction.removeSubrange(digits...)
            if roundUp { increment(&whole, &fraction) }
        }
        fraction += Array(repeating: 0, count: digits - fraction.count)
        while whole.count > 1, whole.first == 0 { whole.removeFirst() }
        if whole.isEmpty { whole = [0] }
        let isZero = whole.allSatisfy { $0 == 0 } && fraction.allSatisfy { $0 == 0 }
        var text = group(String(whole.map { Character(String($0)) }))
        if digits > 0 { text += "," + String(fraction.map { Character(String($0)) }) }
        return x < 0 && !isZero ? "-" + text : text
    }

    /// "72,1%" for 2190 of 3037. "—" when the whole is 0, because a percentage of nothing is not 0%.
    public static func percent(part: Int, whole: Int, digits: Int = 1) -> String {
        guard whole != 0 else { return "—" }
        let digits = max(0, min(digits, 6))
        var scale = 100
        for _ in 0..<digits { scale *= 10 }
        // Exact integer arithmetic where it fits, so 1/8 is "12,5%" and never "12,4%".
        let (numerator, overflow) = part.multipliedReportingOverflow(by: scale)
        guard !overflow else {
            return decimal(Double(part) * 100 / Double(whole), digits: digits) + "%"
        }
        var quotient = numerator / whole
        let remainder = numerator % whole
        if remainder.magnitude >= whole.magnitude - remainder.magnitude {
            quotient += (numerator < 0) == (whole < 0) ? 1 : -1
        }
        let divisor = scale / 100
        var text = group(String(quotient.magnitude / UInt(divisor)))
        if digits > 0 {
            let fraction = String(quotient.magnitude % UInt(divisor))
            text += "," + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (quotient < 0 ? "-" : "") + text + "%"
    }

    /// "05/08/2022".
    public static func date(_ d: CivilDate) -> String {
        d.vietnamese
    }

    // MARK: Helpers

    private static func group(_ digits: String) -> String {
        guard digits.count > 3 else { return digits }
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(character)
        }
        return result
    }

    /// Integer and fraction digits of the shortest round-tripping representation of a non-negative
    /// finite double, expanding Swift's exponent form ("1e-05", "1.2e+20").
    private static func decimalDigits(_ x: Double) -> (whole: [UInt8], fraction: [UInt8]) {
        let text = "\(x)"
        let pieces = text.split(separator: "e", maxSplits: 1)
        let mantissa = pieces[0]
        let exponent = pieces.count > 1 ? Int(pieces[1]) ?? 0 : 0
        var digits: [UInt8] = []
        var pointPosition: Int? = nil
        for character in mantissa {
            if character == "." {
                pointPosition = digits.count
            } else if let value = character.wholeNumberValue {
                digits.append(UInt8(value))
            }
        }
        let point = (pointPosition ?? digits.count) + exponent
        if point <= 0 {
            return ([0], Array(repeating: 0, count: -point) + digits)
        }
        if point >= digits.count {
            return (digits + Array(repeating: 0, count: point - digits.count), [])
        }
        return (Array(digits[..<point]), Array(digits[point...]))
    }

    private static func increment(_ whole: inout [UInt8], _ fraction: inout [UInt8]) {
        var index = fraction.count - 1
        while index >= 0 {
            if fraction[index] == 9 {
                fraction[index] = 0
                index -= 1
            } else {
                fraction[index] += 1
                return
            }
        }
        index = whole.count - 1
        while index >= 0 {
            if whole[index] == 9 {
                whole[index] = 0
                index -= 1
            } else {
                whole[index] += 1
                return
            }
        }
        whole.insert(1, at: 0)
    }
}
