import Testing
import Domain

@Suite struct VNFormatTests {
    @Test(arguments: [
        (0, "0"), (12, "12"), (-12, "-12"), (999, "999"), (1000, "1.000"), (3037, "3.037"),
        (1_234_567, "1.234.567"), (-1_234_567, "-1.234.567"), (Int.min, "-9.223.372.036.854.775.808"),
    ])
    func integer(value: Int, expected: String) {
        #expect(VNFormat.integer(value) == expected)
    }

    @Test(arguments: [
        (74.5, 1, "74,5"), (74.45, 1, "74,5"), (-74.45, 1, "-74,5"), (1.005, 2, "1,01"), (2.5, 0, "3"),
        (-2.5, 0, "-3"), (0.04, 1, "0,0"), (-0.04, 1, "0,0"), (1234567.891, 2, "1.234.567,89"),
        (9.99, 1, "10,0"), (999.96, 1, "1.000,0"), (0.000012, 5, "0,00001"), (1e20, 0, "100.000.000.000.000.000.000"),
        (3, 2, "3,00"), (0.1 + 0.2, 2, "0,30"), (Double.nan, 1, "—"),
    ])
    func decimal(value: Double, digits: Int, expected: String) {
        #expect(VNFormat.decimal(value, digits: digits) == expected)
    }

    @Test func quantities() {
        #expect(VNFormat.number(1000) == "1.000" && VNFormat.number(97.5) == "97,5" && VNFormat.number(0.25) == "0,25" && VNFormat.number(3) == "3")
        for (text, value) in [("1.000", 1000.0), ("1.000.000", 1_000_000), ("97,5", 97.5), ("97.5", 97.5), ("1 000", 1000), ("0", 0), ("1.234,5", 1234.5)] {
            #expect(VNFormat.parseNumber(text) == value, "\(text)")
        }
        for text in ["", "abc", "1,2,3", "1.2.3", "12a"] { #expect(VNFormat.parseNumber(text) == nil, "\(text)") }
    }

    @Test func percent() {
        #expect(VNFormat.percent(part: 2190, whole: 3037) == "72,1%")
        #expect(VNFormat.percent(part: 1, whole: 8) == "12,5%")
        #expect(VNFormat.percent(part: 1, whole: 8, digits: 0) == "13%")
        #expect(VNFormat.percent(part: 1, whole: 3, digits: 2) == "33,33%")
        #expect(VNFormat.percent(part: 2, whole: 3, digits: 0) == "67%")
        #expect(VNFormat.percent(part: 3037, whole: 3037) == "100,0%")
        #expect(VNFormat.percent(part: 150_000, whole: 100) == "150.000,0%")
        #expect(VNFormat.percent(part: -1, whole: 8) == "-12,5%")
        #expect(VNFormat.percent(part: 5, whole: 0) == "—")
        #expect(VNFormat.percent(part: Int.max / 2, whole: Int.max) == "50,0%")
    }

    @Test func date() {
        #expect(VNFormat.date(CivilDate(year: 2022, month: 8, day: 5)!) == "05/08/2022")
    }
}
