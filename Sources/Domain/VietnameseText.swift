import Foundation

/// Normalisation, searching and sorting of Vietnamese text.
///
/// Data arrives from Excel files, web forms and copy-paste from Word or Zalo, so the same name may be
/// stored precomposed or decomposed, with non-breaking spaces or invisible direction marks. Everything
/// that is stored or compared goes through these functions first.
public enum VietnameseText {

    /// Canonical composition, so that "ễ" typed as one code point and as e + ̂ + ̃ are the same string
    /// byte for byte (databases compare bytes, not canonical equivalence).
    public static func nfc(_ text: String) -> String {
        isKnownNFC(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// NFC, invisible characters removed, every kind of space turned into " ", trimmed, runs collapsed.
    /// A value as a message quotes it: at most `limit` characters, then "…". A message names the value so that the
    /// official can find it, and a long one pasted by mistake (or a file's one text repeated in every cell) must not
    /// make every message as long.
    public static func excerpt(_ text: String, limit: Int = 60) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    public static func clean(_ text: String) -> String {
        let stripped = cleanWithoutNormalizing(text)
        return isKnownNFC(stripped) ? stripped : stripped.precomposedStringWithCanonicalMapping
    }

    /// Search form: "Nguyễn Thị Đào" -> "nguyen thi dao". Runs once per row on imports of 100 000 rows,
    /// so it walks scalars directly instead of using `folding(options:)` (slower and locale-dependent).
    public static func fold(_ text: String) -> String {
        let stripped = cleanWithoutNormalizing(text)
        if isPlainASCII(stripped) { return asciiLowercased(stripped) }
        var output = String.UnicodeScalarView()
        // Spaces are re-collapsed here because dropping a stray mark (" ◌́ x") can leave a space at
        // an edge or next to another one.
        var pendingSpace = false
        func append(_ scalar: Unicode.Scalar) {
            if pendingSpace {
                output.append(" ")
                pendingSpace = false
            }
            output.append(scalar)
        }
        forEachDecomposedScalar(stripped) { scalar in
            let value = scalar.value
            switch value {
            case 0x20:
                pendingSpace = !output.isEmpty
            case 0x41...0x5A:
                append(Unicode.Scalar(UInt8(value + 0x20)))
            case 0..<0x80:
                append(scalar)
            case 0x0300...0x036F:
                break
            case 0x0110, 0x0111: // Đ, đ: a separate letter with no decomposition, but searched as "d"
                append("d")
            default:
                if isMark(scalar) { return }
                // Lower-casing can reintroduce a mark (İ -> i + ◌̇), hence the second filter.
                for lower in scalar.properties.lowercaseMapping.unicodeScalars where !isMark(lower) {
                    append(lower)
                }
            }
        }
        return String(output)
    }

    /// Vietnamese names are written family, middle, given; the given name is the last word.
    public static func splitName(_ fullName: String) -> (family: String, given: String) {
        let name = clean(fullName)
        guard let space = name.lastIndex(of: " ") else { return ("", name) }
        return (String(name[..<space]), String(name[name.index(after: space)...]))
    }

    // MARK: Sorting

    // Sort key encoding (ASCII only, compared with plain byte order):
    //
    //   key = primary + 0x01 + tones
    //
    // primary: one byte per unit of the cleaned, case-folded text:
    //   ' ' (0x20)        word break (spaces, hyphens, underscores; runs collapsed)
    //   '0'...'9'         ASCII digits, kept, so numbers sort before letters
    //   'A' (0x41) + i    letter i of the alphabet  a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z
    //                     (i = 0...32, so the last letter, z, is 'a' 0x61)
    //   '{' + 6 hex       any other letter or digit (by code point, after the Vietnamese letters)
    //   other punctuation and symbols are dropped.
    // tones: one byte per primary unit, '0' none, '1' huyền, '2' hỏi, '3' ngã, '4' sắc, '5' nặng.
    //
    // Every primary byte is ≥ 0x20, so the 0x01 separator makes a string sort before any longer string
    // that starts with it ("An" < "Anh"), and tones only matter once the whole base text is equal:
    // "Anh" < "Ánh" < "Anh Đào" (the base "anh" is a prefix of "anh đao").

    /// ASCII key whose byte order (strcmp, SQLite BINARY, PostgreSQL COLLATE "C") is Vietnamese
    /// alphabetical order, case-insensitive, with tones as the final tie-breaker.
    public static func sortKey(_ text: String) -> String {
        let parts = keyParts(cleanWithoutNormalizing(text))
        var bytes = parts.primary
        bytes.reserveCapacity(parts.primary.count * 2 + 1)
        bytes.append(0x01)
        bytes.append(contentsOf: parts.tones)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Key for listing people the Vietnamese way: by the whole given name — letters, then tones, so every "Anh"
    /// comes before every "Ánh" — then by family and middle names, letters then tones.
    /// Layout: primary(given) 0x01 tones(given) 0x02 primary(family) 0x01 tones(family). The separators are below
    /// ' ', so "An" sorts before "Anh" and a missing family name sorts first; equal primaries imply equal tone
    /// lengths, so a tone section never runs into the next part.
    public static func nameSortKey(fullName: String) -> String {
        let name = cleanWithoutNormalizing(fullName)
        let given: Substring
        let family: Substring
        if let space = name.lastIndex(of: " ") {
            family = name[..<space]
            given = name[name.index(after: space)...]
        } else {
            family = ""
            given = name[...]
        }
        let givenParts = keyParts(given)
        let familyParts = keyParts(family)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * (givenParts.primary.count + familyParts.primary.count) + 2)
        bytes.append(contentsOf: givenParts.primary)
        bytes.append(0x01)
        bytes.append(contentsOf: givenParts.tones)
        bytes.append(0x02)
        bytes.append(contentsOf: familyParts.primary)
        bytes.append(0x01)
        bytes.append(contentsOf: familyParts.tones)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Vietnamese alphabetical "less than", suitable for `sorted(by:)`.
    public static func compare(_ a: String, _ b: String) -> Bool {
        sortKey(a) < sortKey(b)
    }

    /// Items in Vietnamese alphabetical order of a name, each key made once (not twice per comparison).
    public static func sorted<T>(_ items: some Sequence<T>, byName name: (T) -> String) -> [T] {
        items.map { (sortKey(name($0)), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    // MARK: Implementation

    struct KeyParts {
        var primary: [UInt8] = []
        var tones: [UInt8] = []
    }

    /// Alphabet position of each ASCII letter a...z in the Vietnamese-extended alphabet above.
    private static let asciiLetterRank: [UInt8] = [
        0, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31, 32,
    ]
    private static let rankABreve: UInt8 = 1, rankACircumflex: UInt8 = 2, rankDStroke: UInt8 = 6
    private static let rankECircumflex: UInt8 = 8, rankOCircumflex: UInt8 = 19, rankOHorn: UInt8 = 20
    private static let rankUHorn: UInt8 = 27

    static func keyParts<S: StringProtocol>(_ text: S) -> KeyParts {
        var parts = KeyParts()
        parts.primary.reserveCapacity(text.utf8.count)
        parts.tones.reserveCapacity(text.utf8.count)

        // A letter is emitted only when the next base character arrives, because in NFD its
        // vowel-shape and tone marks follow it (in canonical, not typing, order).
        var pendingLetter: UInt8? = nil // ASCII lowercase base, or 0 for đ
        var breve = false, circumflex = false, horn = false
        var tone: UInt8 = 0
        var pendingSpace = false

        func flushLetter() {
            guard let base = pendingLetter else { return }
            var rank: UInt8
            if base == 0 {
                rank = rankDStroke
            } else {
                rank = asciiLetterRank[Int(base - 0x61)]
                switch base {
                case UInt8(ascii: "a"): if breve { rank = rankABreve } else if circumflex { rank = rankACircumflex }
                case UInt8(ascii: "e"): if circumflex { rank = rankECircumflex }
                case UInt8(ascii: "o"): if circumflex { rank = rankOCircumflex } else if horn { rank = rankOHorn }
                case UInt8(ascii: "u"): if horn { rank = rankUHorn }
                default: break
                }
            }
            parts.primary.append(0x41 + rank)
            parts.tones.append(0x30 + tone)
            pendingLetter = nil
            breve = false; circumflex = false; horn = false; tone = 0
        }
        func beginUnit() {
            flushLetter()
            if pendingSpace, !parts.primary.isEmpty {
                parts.primary.append(0x20)
                parts.tones.append(0x30)
            }
            pendingSpace = false
        }
        func emit(_ bytes: [UInt8]) {
            beginUnit()
            parts.primary.append(contentsOf: bytes)
            parts.tones.append(0x30)
        }
        func startLetter(_ base: UInt8) {
            beginUnit()
            pendingLetter = base
        }

        forEachDecomposedScalar(text) { scalar in
            let value = scalar.value
            switch value {
            case 0x61...0x7A: startLetter(UInt8(value))
            case 0x41...0x5A: startLetter(UInt8(value + 0x20))
            case 0x30...0x39: emit([UInt8(value)])
            case 0x0110, 0x0111: startLetter(0)
            case 0x20, 0x2D, 0x5F, 0x2010...0x2015:
                flushLetter()
                pendingSpace = true
            case 0..<0x80:
                break // ASCII punctuation carries no alphabetical meaning in names
            case 0x0300...0x036F where pendingLetter == nil:
                break // a stray mark on a digit or space must not leak onto the next letter
            // max() keeps the result independent of mark order when a letter has two tone marks.
            case 0x0300: tone = max(tone, 1)
            case 0x0309: tone = max(tone, 2)
            case 0x0303: tone = max(tone, 3)
            case 0x0301: tone = max(tone, 4)
            case 0x0323: tone = max(tone, 5)
            case 0x0306: breve = true
            case 0x0302: circumflex = true
            case 0x031B: horn = true
            default:
                if isMark(scalar) { return }
                let category = scalar.properties.generalCategory
                switch category {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                     .decimalNumber, .letterNumber, .otherNumber:
                    let lower = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
                    emit([UInt8(ascii: "{")] + hex6(lower.value))
                default:
                    if scalar.properties.isWhitespace { flushLetter(); pendingSpace = true }
                }
            }
        }
        flushLetter()
        return parts
    }

    // MARK: Decomposition

    /// Calls `body` with the NFD scalars of `text`. Vietnamese text (ASCII, precomposed Latin letters,
    /// combining marks) is decomposed from a precomputed table; Foundation's normaliser, several times
    /// slower per call, is only used for other scripts. Marks are passed in input order rather than
    /// canonical order, which callers must not depend on.
    static func forEachDecomposedScalar<S: StringProtocol>(_ text: S, _ body: (Unicode.Scalar) -> Void) {
        let table = latinDecompositions
        let quick = text.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            return value < 0x80 || (0x0300...0x036F).contains(value) || value == 0x0110 || value == 0x0111
                || LatinDecompositions.index(value).map { table.entries[$0] != nil } == true
        }
        guard quick else {
            for scalar in String(text).decomposedStringWithCanonicalMapping.unicodeScalars { body(scalar) }
            return
        }
        for scalar in text.unicodeScalars {
            if let index = LatinDecompositions.index(scalar.value), let entry = table.entries[index] {
                for part in entry { body(part) }
            } else {
                body(scalar)
            }
        }
    }

    /// NFD of the precomposed Latin letters (U+00C0–U+024F, U+1E00–U+1EFF) whose decomposition is an
    /// ASCII letter followed by combining marks; built once from Foundation so it cannot disagree with it.
    struct LatinDecompositions: Sendable {
        let entries: [[Unicode.Scalar]?]

        static func index(_ value: UInt32) -> Int? {
            switch value {
            case 0x00C0...0x024F: Int(value - 0x00C0)
            case 0x1E00...0x1EFF: Int(value - 0x1E00) + (0x0250 - 0x00C0)
            default: nil
            }
        }

        init() {
            var entries: [[Unicode.Scalar]?] = []
            for value in Array(0x00C0...0x024F) + Array(0x1E00...0x1EFF) {
                guard let scalar = Unicode.Scalar(UInt32(value)) else { entries.append(nil); continue }
                let parts = Array(String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
                let isLetterWithMarks = parts.count > 1 && parts[0].isASCII && parts[0].properties.isAlphabetic
                    && parts.dropFirst().allSatisfy { (0x0300...0x036F).contains($0.value) }
                entries.append(isLetterWithMarks ? parts : nil)
            }
            self.entries = entries
        }
    }

    private static let latinDecompositions = LatinDecompositions()

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex6(_ value: UInt32) -> [UInt8] {
        (0..<6).reversed().map { hexDigits[Int((value >> (UInt32($0) * 4)) & 0xF)] }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// True when every scalar lies in U+0000–U+02FF or U+1E00–U+1EFF (Latin, including every precomposed
    /// Vietnamese letter): no character there changes under NFC, so the text is already NFC. Foundation's
    /// normalisation costs microseconds a call on Linux, and an import of 100 000 rows makes a million of them.
    static func isKnownNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x1E00...0x1EFF).contains($0.value) }
    }

    static func isPlainASCII<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return text }
        return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// `clean` minus the final NFC step, for callers that decompose straight afterwards.
    static func cleanWithoutNormalizing(_ text: String) -> String {
        if isAlreadyClean(text) { return text }
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpaceLike(scalar) {
                pendingSpace = !output.isEmpty
                continue
            }
            if isInvisible(scalar.value) { continue }
            if pendingSpace {
                output.append(" ")
                pendingSpace = false
            }
            output.append(scalar)
        }
        return String(output)
    }

    /// Fast path: printable ASCII with single inner spaces needs no work (most rows of most files).
    private static func isAlreadyClean(_ text: String) -> Bool {
        var previousSpace = true // rejects a leading space
        for byte in text.utf8 {
            if byte == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else if byte < 0x20 || byte >= 0x7F {
                return false
            } else {
                previousSpace = false
            }
        }
        return !previousSpace || text.isEmpty
    }

    private static func isSpaceLike(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D, 0x85: return true // tabs and line breaks inside a cell are just word breaks
        case 0..<0xA0: return false
        default: return scalar.properties.isWhitespace // NBSP, thin spaces, ideographic space, U+2028...
        }
    }

    /// Control, bidi and zero-width characters: invisible, but they make equal-looking names unequal.
    private static func isInvisible(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x20, 0x7F...0x9F: return true
        case 0x200B...0x200F: return true // ZWSP, ZWNJ, ZWJ, LRM, RLM
        case 0x202A...0x202E: return true // bidi embeddings and overrides
        case 0x2060...0x2069: return true // word joiner, invisible operators, bidi isolates
        case 0xFEFF: return true // BOM / ZWNBSP, common at the start of CSV files
        default: return false
        }
    }
}
