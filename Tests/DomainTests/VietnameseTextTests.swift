import Foundation
import Testing
import Domain

@Suite struct VietnameseTextTests {
    @Test func nfc() {
        let decomposed = "Nguye\u{0302}\u{0303}n"
        #expect(VietnameseText.nfc(decomposed) == "Nguyễn")
        #expect(Array(VietnameseText.nfc(decomposed).unicodeScalars).count == 6)
        #expect(VietnameseText.nfc("abc") == "abc")
    }

    @Test(arguments: [
        ("  Nguyễn   Văn  A ", "Nguyễn Văn A"),
        ("Nguyễn\u{00A0}Văn\tA\n", "Nguyễn Văn A"),
        ("\u{FEFF}Trần\u{200B}Thị", "TrầnThị"),
        ("\u{202A}Lê\u{202C} \u{2066}Hà\u{2069}", "Lê Hà"),
        ("Đào\u{200E} \u{200F} Mai", "Đào Mai"),
        ("a\u{0007}b\u{0085}c\u{009F}d", "ab cd"),
        ("Ho\u{0300}a\u{2003}\u{3000}Bi\u{0300}nh", "Hòa Bình"),
        ("e\u{200D}\u{0301}", "é"),
        ("", ""),
        ("   ", ""),
        ("plain text", "plain text"),
    ])
    func clean(input: String, expected: String) {
        let output = VietnameseText.clean(input)
        #expect(output == expected)
        #expect(output.unicodeScalars.elementsEqual(expected.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test(arguments: [
        ("Nguyễn Thị Đào", "nguyen thi dao"),
        ("ĐẶNG VĂN HÀ", "dang van ha"),
        ("Nguye\u{0302}\u{0303}n  Thi\u{0323}", "nguyen thi"),
        ("Ưng Ơn Ắc", "ung on ac"),
        ("Mary-Jane O'Neil", "mary-jane o'neil"),
        ("Çelik Øster İz", "celik øster iz"),
        ("", ""),
    ])
    func fold(input: String, expected: String) {
        #expect(VietnameseText.fold(input) == expected)
    }

    @Test func splitName() {
        #expect(VietnameseText.splitName(" Nguyễn  Thị   Đào ") == ("Nguyễn Thị", "Đào"))
        #expect(VietnameseText.splitName("Đào") == ("", "Đào"))
        #expect(VietnameseText.splitName("") == ("", ""))
    }

    @Test func alphabetOrder() {
        let letters = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
                       "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
        let shuffled = letters.reversed().map { $0.uppercased() }
        #expect(shuffled.sorted(by: VietnameseText.compare).map { $0.lowercased() } == letters)
        // Space, then digits, then letters; a prefix sorts first.
        let words = ["b", "a b", "ab", "a", "1", "a1", "9z", " "]
        #expect(words.sorted(by: VietnameseText.compare) == [" ", "1", "9z", "a", "a b", "a1", "ab", "b"])
        // The same order with each key made once.
        struct Named { let name: String }
        #expect(VietnameseText.sorted(shuffled.map(Named.init), byName: \.name).map { $0.name.lowercased() } == letters)
        #expect(VietnameseText.sorted(["Anh Đào", "Ánh", "Anh"], byName: { $0 }) == ["Anh", "Ánh", "Anh Đào"])
    }

    @Test func toneOrderIsTieBreakerOnly() {
        let tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
        #expect(tones.reversed().sorted(by: VietnameseText.compare) == tones)
        // Base letters decide before any tone: "mạ" < "mac"; "Anh" < "Ánh" < "Anh Đào".
        #expect(VietnameseText.compare("mạ", "mac"))
        #expect(["Anh Đào", "Ánh", "Anh"].sorted(by: VietnameseText.compare) == ["Anh", "Ánh", "Anh Đào"])
        // Tones compare from the first syllable.
        #expect(VietnameseText.compare("ba bà", "bà ba"))
        // Case does not matter, NFD equals NFC.
        #expect(VietnameseText.sortKey("ĐỨC") == VietnameseText.sortKey("đức"))
        #expect(VietnameseText.sortKey("Đu\u{031B}\u{0301}c") == VietnameseText.sortKey("Đức"))
        #expect(VietnameseText.sortKey("a\u{0323}\u{0306}") == VietnameseText.sortKey("ặ"))
    }

    @Test func sortKeyEncoding() {
        #expect(VietnameseText.sortKey("Anh") == "ARL\u{01}000")
        #expect(VietnameseText.sortKey("Ánh") == "ARL\u{01}400")
        #expect(VietnameseText.sortKey("Ăn 2") == "BR 2\u{01}0000")
        #expect(VietnameseText.sortKey("  ") == "\u{01}")
        #expect(VietnameseText.sortKey("Bru - Vân Kiều") == VietnameseText.sortKey("Bru Vân Kiều"))
    }

    @Test func nameSortKeyOrdersVietnameseStyle() {
        let names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Đức", "Phạm Thị Ánh", "Hoàng Văn Anh", "Đỗ Văn Dũng",
                     "Vũ Thị Ân", "Bùi Văn Ăn", "Ngô Thị Hà", "Lý Văn Hạ", "Đặng Văn Hà"]
        let sorted = names.sorted { VietnameseText.nameSortKey(fullName: $0) < VietnameseText.nameSortKey(fullName: $1) }
        #expect(sorted == ["Nguyễn Thị An", "Hoàng Văn Anh", "Phạm Thị Ánh", "Bùi Văn Ăn", "Vũ Thị Ân",
                           "Trần Văn Bình", "Đỗ Văn Dũng", "Lê Văn Đức", "Đặng Văn Hà", "Ngô Thị Hà", "Lý Văn Hạ"])
    }

    /// The list a Vietnamese reader checks: the whole given name, tones included, before the family name, so every
    /// "Anh" comes before every "Ánh", and among the same given name the family names are in alphabet order.
    @Test func everyAnhBeforeEveryAnh() {
        let names = ["Trần Thị Ánh", "Nguyễn Văn Anh", "Lê Thị Ánh", "Bùi Thị Anh", "Đặng Ngọc Anh", "Âu Văn Ánh",
                     "Vũ Anh", "Ông Thị Ảnh", "Phạm Thị Ánh Hồng", "Hà Văn Bảo", "Đỗ Thị Ấn", "Ân Văn An"]
        let sorted = names.sorted { VietnameseText.nameSortKey(fullName: $0) < VietnameseText.nameSortKey(fullName: $1) }
        #expect(sorted == ["Ân Văn An", "Bùi Thị Anh", "Đặng Ngọc Anh", "Nguyễn Văn Anh", "Vũ Anh", "Ông Thị Ảnh",
                           "Âu Văn Ánh", "Lê Thị Ánh", "Trần Thị Ánh", "Đỗ Thị Ấn", "Hà Văn Bảo", "Phạm Thị Ánh Hồng"])
    }

    @Test func nameSortKeyTieBreaks() {
        func key(_ name: String) -> String { VietnameseText.nameSortKey(fullName: name) }
        // Same letters everywhere: the given name's tone decides before the family name's.
        #expect(key("Lễ Văn Anh") < key("Lê Văn Ánh"))
        #expect(key("Nguyễn Văn Anh") < key("Nguyễn Văn Ánh"))
        // Same given name and tones: family tones decide.
        #expect(key("Lê Văn Hà") < key("Lễ Văn Hà"))
        // Shorter given name first; a name without family name first.
        #expect(key("Zoãn An") < key("An Anh"))
        #expect(key("An") < key("Bùi An"))
        #expect(key("Bùi An") < key("Bùi Văn An"))
        #expect(key("  nguyễn   văn  AN ") == key("Nguyễn Văn An"))
    }

    @Test func randomStringsProperties() {
        var rng = SplitMix64(seed: 2024)
        let pool: [Unicode.Scalar] = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 -'.,!".unicodeScalars)
            + [0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0302, 0x0306, 0x031B, 0x20D0, 0x0488, 0x0903,
               0x00A0, 0x200B, 0x202E, 0xFEFF, 0x0009, 0x0000, 0x0085, 0x0130, 0x00DF, 0x4E2D, 0x0661, 0x1F600, 0xAC00]
                .map { Unicode.Scalar($0)! }
        for _ in 0..<3000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &rng) {
                scalars.append(pool.randomElement(using: &rng)!)
            }
            let text = String(scalars)
            let key = VietnameseText.sortKey(text)
            #expect(key.utf8.allSatisfy { (0x01...0x7E).contains($0) }, "\(text.unicodeScalars.map { $0.value })")
            let nameKey = VietnameseText.nameSortKey(fullName: text)
            #expect(nameKey.utf8.allSatisfy { (0x01...0x7E).contains($0) })
            let folded = VietnameseText.fold(text)
            #expect(!folded.unicodeScalars.contains { scalar in
                [.nonspacingMark, .spacingMark, .enclosingMark].contains(scalar.properties.generalCategory)
            }, "\(text.unicodeScalars.map { $0.value })")
            #expect(VietnameseText.fold(folded) == folded)
            let cleaned = VietnameseText.clean(text)
            #expect(VietnameseText.clean(cleaned) == cleaned)
            #expect(!cleaned.hasPrefix(" ") && !cleaned.hasSuffix(" ") && !cleaned.contains("  "))
            #expect(VietnameseText.sortKey(cleaned) == key)
        }
    }

    @Test func foldsManyNames() {
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
        let middles = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quốc"]
        let givens = ["An", "Ánh", "Bình", "Cường", "Dũng", "Đào", "Hà", "Hạ", "Khánh", "Linh", "Phương", "Yến"]
        var names: [String] = []
        names.reserveCapacity(100_000)
        for index in 0..<100_000 {
            names.append("\(families[index % 12]) \(middles[(index / 12) % 8]) \(givens[(index / 96) % 12])")
        }
        var asciiOnly = 0
        for name in names {
            let folded = VietnameseText.fold(name)
            let key = VietnameseText.nameSortKey(fullName: name)
            if folded.utf8.allSatisfy({ $0 < 0x80 }) && key.utf8.allSatisfy({ $0 < 0x80 }) { asciiOnly += 1 }
        }
        #expect(asciiOnly == 100_000)
    }
}

@Suite struct FoldConsistencyTests {
    /// The table-driven fast path must agree with Foundation's normaliser on every precomposed Latin letter.
    @Test func foldMatchesFoundationOnLatinLetters() {
        for value in Array(0x00C0...0x024F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(UInt32(value)), scalar.properties.isAlphabetic else { continue }
            let text = "x" + String(scalar) + "Y"
            let reference = String(String.UnicodeScalarView(
                text.decomposedStringWithCanonicalMapping.unicodeScalars.filter { !(0x0300...0x036F).contains($0.value) }
            )).lowercased().replacingOccurrences(of: "đ", with: "d")
            let referenceWithoutMarks = String(String.UnicodeScalarView(reference.unicodeScalars.filter {
                ![.nonspacingMark, .spacingMark, .enclosingMark].contains($0.properties.generalCategory)
            }))
            #expect(VietnameseText.fold(text) == referenceWithoutMarks, "U+\(String(value, radix: 16))")
            #expect(VietnameseText.sortKey(text) == VietnameseText.sortKey(text.decomposedStringWithCanonicalMapping))
        }
    }
}
