import Testing
import Domain

@Suite struct CitizenIDTests {
    @Test func valid() {
        #expect(CitizenID.problem("001090123456", gender: .male, birthYear: 1990) == nil)
        #expect(CitizenID.problem("079195000001", gender: .female, birthYear: 1995) == nil)
        #expect(CitizenID.problem("001303000001", gender: .female, birthYear: 2003) == nil)
        #expect(CitizenID.problem("096805000001", gender: .male, birthYear: 1805) == nil)
        #expect(CitizenID.problem(" 001090123456 ", gender: nil, birthYear: nil) == nil)
        #expect(CitizenID.problem("001190123456", gender: nil, birthYear: nil) == nil)
    }

    @Test(arguments: ["", "00109012345", "0010901234567", "00109012345a", "001 90123456", "００1090123456"])
    func wrongLength(id: String) {
        #expect(CitizenID.problem(id, gender: nil, birthYear: nil) == "Số CCCD phải gồm đúng 12 chữ số.")
    }

    @Test(arguments: ["000090123456", "003090123456", "097090123456", "999090123456"])
    func wrongProvince(id: String) {
        #expect(CitizenID.problem(id, gender: .male, birthYear: 1990)
            == "Mã tỉnh nơi đăng ký khai sinh (3 chữ số đầu của CCCD) không hợp lệ.")
    }

    @Test func everyProvinceCodeAccepted() {
        #expect(CitizenID.provinceCodes.count == 63)
        for code in CitizenID.provinceCodes {
            #expect(CitizenID.problem(code + "090123456", gender: .male, birthYear: 1990) == nil)
        }
    }

    @Test func genderAndCenturyDigit() throws {
        let femaleAsMale = try #require(CitizenID.problem("001190123456", gender: .male, birthYear: 1990))
        #expect(femaleAsMale.contains("Chữ số thứ 4"))
        #expect(femaleAsMale.contains("cần là 0"))
        let wrongCentury = try #require(CitizenID.problem("001290123456", gender: .male, birthYear: 1990))
        #expect(wrongCentury.contains("cần là 0"))
        let genderOnly = try #require(CitizenID.problem("001190123456", gender: .male, birthYear: nil))
        #expect(genderOnly.contains("số chẵn"))
        let yearOnly = try #require(CitizenID.problem("001290123456", gender: nil, birthYear: 1990))
        #expect(yearOnly.contains("0 hoặc 1"))
        #expect(CitizenID.problem("001190123456", gender: nil, birthYear: 1990) == nil)
    }

    @Test func birthYearDigits() throws {
        let message = try #require(CitizenID.problem("001085123456", gender: .male, birthYear: 1990))
        #expect(message.contains("Chữ số thứ 5 và 6"))
        #expect(message.contains("85"))
        #expect(message.contains("cần là 90"))
        // Both problems are reported together.
        let both = try #require(CitizenID.problem("001185123456", gender: .male, birthYear: 1990))
        #expect(both.contains("Chữ số thứ 4") && both.contains("Chữ số thứ 5 và 6"))
    }

    @Test func make() {
        #expect(CitizenID.make(provinceCode: "1", gender: .male, birthYear: 1990, serial: 42) == "001090000042")
        #expect(CitizenID.make(provinceCode: "079", gender: .female, birthYear: 2005, serial: 999_999) == "079305999999")
        var rng = SplitMix64(seed: 7)
        let codes = CitizenID.provinceCodes.sorted()
        for _ in 0..<500 {
            let gender: Gender = Bool.random(using: &rng) ? .male : .female
            let year = Int.random(in: 1800...2299, using: &rng)
            let id = CitizenID.make(provinceCode: codes.randomElement(using: &rng)!, gender: gender, birthYear: year,
                                    serial: Int.random(in: 0...999_999, using: &rng))
            #expect(CitizenID.problem(id, gender: gender, birthYear: year) == nil, "\(id) \(gender) \(year)")
        }
    }

    /// Every CCCD begins with 0 (province codes 001–096), which a number cell drops: 10 or 11 digits are padded back to
    /// 12, exactly; a 9-digit CMND or a typo is left as it is, for the check to name.
    @Test func numberCellsGetTheirLeadingZerosBack() {
        #expect(CitizenID.fromNumber("1195000031") == "001195000031")
        #expect(CitizenID.fromNumber("79090123456") == "079090123456")
        #expect(CitizenID.fromNumber("079090123456") == "079090123456")
        #expect(CitizenID.fromNumber("123456789") == "123456789")
        #expect(CitizenID.fromNumber("1234567890123") == "1234567890123")
        var rng = SplitMix64(seed: 16)
        for _ in 0 ..< 200 {
            let id = CitizenID.make(provinceCode: CitizenID.provinceCodes.randomElement(using: &rng)!, gender: .female,
                                    birthYear: Int.random(in: 1960 ... 2005, using: &rng), serial: Int.random(in: 0 ... 999_999, using: &rng))
            #expect(CitizenID.fromNumber(String(Int(id)!)) == id)
        }
    }
}
