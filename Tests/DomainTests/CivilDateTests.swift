import Foundation
import Testing
import Domain

@Suite struct CivilDateTests {
    @Test(arguments: [
        (2024, 2, 29, true), (2023, 2, 29, false), (1900, 2, 29, false), (2000, 2, 29, true),
        (2022, 4, 31, false), (2022, 12, 31, true), (2022, 13, 1, false), (2022, 0, 1, false),
        (2022, 1, 0, false), (1799, 12, 31, false), (1800, 1, 1, true), (2200, 12, 31, true), (2201, 1, 1, false),
    ])
    func validation(year: Int, month: Int, day: Int, valid: Bool) {
        #expect((CivilDate(year: year, month: month, day: day) != nil) == valid)
    }

    @Test func isoRoundTrip() throws {
        let date = try #require(CivilDate(iso: "2022-01-05"))
        #expect(date.year == 2022 && date.month == 1 && date.day == 5)
        #expect(date.iso == "2022-01-05")
        #expect(date.description == "2022-01-05")
        for bad in ["2022-1-05", "2022-01-5", "22-01-05", "2022/01/05", "2022-02-30", " 2022-01-05", "2022-01-05T00:00", "２０２２-01-05"] {
            #expect(CivilDate(iso: bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [
        ("05/01/2022", "2022-01-05"), ("5/1/2022", "2022-01-05"), ("5-1-2022", "2022-01-05"),
        ("05.01.2022", "2022-01-05"), ("  31/12/1999 ", "1999-12-31"), ("\u{00A0}29/02/2024\u{200B}", "2024-02-29"),
    ])
    func vietnameseParsing(text: String, iso: String) {
        #expect(CivilDate(vietnamese: text)?.iso == iso)
    }

    @Test(arguments: ["5/1/22", "05/01/22", "31/02/1990", "05/01-2022", "5//2022", "005/01/2022", "05/01/2022x", "", "1/1/1799", "a/b/cdef"])
    func vietnameseRejects(text: String) {
        #expect(CivilDate(vietnamese: text) == nil)
    }

    @Test func vietnameseFormatting() {
        #expect(CivilDate(year: 2022, month: 1, day: 5)!.vietnamese == "05/01/2022")
    }

    @Test(arguments: [
        (1.0, "1900-01-01"), (59.0, "1900-02-28"), (60.0, "1900-02-28"), (61.0, "1900-03-01"),
        (44_562.0, "2022-01-01"), (44_562.75, "2022-01-01"), (25_569.0, "1970-01-01"), (36_526.0, "2000-01-01"),
    ])
    func excel1900(serial: Double, iso: String) {
        #expect(CivilDate(excelSerial: serial).iso == iso)
    }

    @Test func excel1904() {
        #expect(CivilDate(excelSerial: 0, date1904: true).iso == "1904-01-01")
        #expect(CivilDate(excelSerial: 43_100, date1904: true).iso == "2022-01-01")
    }

    @Test func excelInverse() {
        for serial in [1, 2, 59, 61, 62, 25_569, 44_562, 60_000] {
            #expect(CivilDate(excelSerial: Double(serial)).excelSerial == serial)
        }
        #expect(CivilDate(iso: "2022-01-01")!.excelSerial == 44_562)
    }

    @Test func excelGarbageIsClamped() {
        #expect(CivilDate(excelSerial: .infinity).year == 2200)
        #expect(CivilDate(excelSerial: -1e300).year == 1800)
        #expect(CivilDate(excelSerial: .nan).year == 1899)
    }

    @Test func arithmetic() {
        let date = CivilDate(year: 2024, month: 2, day: 28)!
        #expect(date.adding(days: 1).iso == "2024-02-29")
        #expect(date.adding(days: 2).iso == "2024-03-01")
        #expect(date.adding(days: 366).iso == "2025-02-28")
        #expect(date.adding(days: -59).iso == "2023-12-31")
        #expect(date.days(until: CivilDate(year: 2025, month: 2, day: 28)!) == 366)
        var day = CivilDate(year: 1899, month: 12, day: 31)!
        for _ in 0..<200_000 {
            let next = day.adding(days: 1)
            #expect(next > day)
            day = next
        }
        #expect(day.iso == "2447-07-31")
    }

    @Test func ages() {
        let birth = CivilDate(year: 2000, month: 5, day: 10)!
        #expect(birth.years(until: CivilDate(year: 2015, month: 5, day: 9)!) == 14)
        #expect(birth.years(until: CivilDate(year: 2015, month: 5, day: 10)!) == 15)
        #expect(birth.years(until: CivilDate(year: 2000, month: 5, day: 10)!) == 0)
        let leap = CivilDate(year: 2004, month: 2, day: 29)!
        #expect(leap.years(until: CivilDate(year: 2019, month: 2, day: 28)!) == 14)
        #expect(leap.years(until: CivilDate(year: 2019, month: 3, day: 1)!) == 15)
        #expect(leap.anniversary(years: 15).iso == "2019-03-01")
        #expect(leap.anniversary(years: 16).iso == "2020-02-29")
    }

    @Test func comparisonAndCodable() throws {
        let a = CivilDate(year: 2021, month: 12, day: 31)!
        let b = CivilDate(year: 2022, month: 1, day: 1)!
        #expect(a < b)
        let data = try JSONEncoder().encode([a])
        #expect(String(decoding: data, as: UTF8.self) == #"["2021-12-31"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [a])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["31/12/2021"]"#.utf8))
        }
    }

    @Test func today() {
        let vietnam = CivilDate.today()
        let utc = CivilDate.today(in: TimeZone(identifier: "UTC")!)
        #expect(utc.days(until: vietnam) >= 0 && utc.days(until: vietnam) <= 1)
    }
}
