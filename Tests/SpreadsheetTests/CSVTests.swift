import Foundation
import Testing
@testable import Spreadsheet

@Suite struct CSVReaderTests {
    private func csv(_ s: String, bom: Bool = false) -> Data {
        (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(s.utf8)
    }

    @Test func bomAndSemicolons() throws {
        let table = try CSVReader.read(csv("Họ tên;Ngày sinh;Số\nNguyễn Văn A;01/02/1990;\n", bom: true))
        #expect(table.rows.count == 2)
        #expect(table.rows[0].cells == [.text("Họ tên"), .text("Ngày sinh"), .text("Số")])
        #expect(table.rows[1].cells == [.text("Nguyễn Văn A"), .text("01/02/1990"), .empty])
        #expect(table.rows[1].line == 2)
    }

    @Test func commaDelimiter() throws {
        let table = try CSVReader.read(csv("a,b;x,c\n1,2,3\n"))
        #expect(table.rows[0].cells == [.text("a"), .text("b;x"), .text("c")])
        #expect(table.rows[1].cells.map(\.text) == ["1", "2", "3"])
    }

    @Test func tabDelimiterAndTieGoesToSemicolon() throws {
        let tabs = try CSVReader.read(csv("a\tb\tc\n1\t2\t3"))
        #expect(tabs.rows[1].cells.count == 3)
        let tie = try CSVReader.read(csv("a;b,c\n1;2,3"))
        #expect(tie.rows[0].cells == [.text("a"), .text("b,c")])
    }

    /// Officials put a title above the header; its comma is text, and the header's semicolons decide.
    @Test func delimiterIsReadPastATitleLine() throws {
        let table = try CSVReader.read(csv("DANH SÁCH ĐOÀN VIÊN, NĂM 2026\r\nHọ tên;Ngày sinh;Số\r\nA;01/02/1990;1\r\n"))
        #expect(table.rows[0].cells == [.text("DANH SÁCH ĐOÀN VIÊN, NĂM 2026")])
        #expect(table.rows[1].cells.count == 3)
        let oldMac = try CSVReader.read(csv("Danh sách, 2026\rHọ tên;Ngày sinh;Số\rA;B;C"))
        #expect(oldMac.rows.last?.cells.count == 3)
    }

    /// Separators past the last column a list can have are a spreadsheet's trailing padding, dropped; a value there is
    /// refused with its line. A line of twenty million separators costs nothing.
    @Test func fieldsPastTheColumnLimit() throws {
        let padded = try CSVReader.read(csv("a;b\n1;2" + String(repeating: ";", count: 5000) + "\n"))
        #expect(padded.rows[1].cells.count == 1000)
        #expect { try CSVReader.read(csv("a;b\n1;2" + String(repeating: ";", count: 1500) + "x\n")) } throws: {
            ($0 as? SpreadsheetError)?.message.contains("Dòng 2 có giá trị ở cột quá xa") == true
        }
        #expect { try CSVReader.read(csv(String(repeating: ";", count: 2_000_000) + "\n")) } throws: { _ in true }
    }

    @Test func delimiterInsideQuotedHeaderIsIgnored() throws {
        let table = try CSVReader.read(csv("\"x;y;z\",b,c\n1,2,3"))
        #expect(table.rows[0].cells == [.text("x;y;z"), .text("b"), .text("c")])
    }

    @Test func quotedFieldsAndLineNumbers() throws {
        let text = "Tên;Ghi chú\n\"Lê; B\";\"nói \"\"xin chào\"\"\ndòng 2\r\ndòng 3\"\nC;\"\"\n\nD;x"
        let table = try CSVReader.read(csv(text))
        #expect(table.rows.count == 4)
        #expect(table.rows[1].cells == [.text("Lê; B"), .text("nói \"xin chào\"\ndòng 2\r\ndòng 3")])
        #expect(table.rows[1].line == 2)
        #expect(table.rows[2].cells == [.text("C"), .empty])
        #expect(table.rows[2].line == 5)
        #expect(table.rows[3].line == 7)
    }

    @Test func crlfAndCRLineEnds() throws {
        let crlf = try CSVReader.read(csv("a;b\r\n1;2\r\n3;4\r\n"))
        #expect(crlf.rows.map(\.line) == [1, 2, 3])
        #expect(crlf.rows[2].cells == [.text("3"), .text("4")])
        let cr = try CSVReader.read(csv("a;b\r1;2\r3;4"))
        #expect(cr.rows.map(\.line) == [1, 2, 3])
        #expect(cr.rows[2].cells == [.text("3"), .text("4")])
    }

    @Test func blankRowsDroppedAnywhere() throws {
        let table = try CSVReader.read(csv("\n\na;b\n;\n  ; \n1;2\n\n;;\n\r\n"))
        #expect(table.rows.count == 2)
        #expect(table.rows[0].line == 3)
        #expect(table.rows[1].line == 6)
    }

    @Test func trailingEmptyFieldsKept() throws {
        let table = try CSVReader.read(csv("a;b;c;d\n1;;;"))
        #expect(table.rows[1].cells == [.text("1"), .empty, .empty, .empty])
    }

    @Test func nfdPassesThroughUnchanged() throws {
        let nfd = "Nguye\u{302}\u{303}n"  // "Nguyễn" decomposed
        let table = try CSVReader.read(csv("h\n\(nfd)"))
        guard case .text(let s) = table.rows[1].cells[0] else {
            Issue.record("expected text")
            return
        }
        #expect(Array(s.unicodeScalars) == Array(nfd.unicodeScalars))
    }

    @Test func invalidUTF8() {
        // "Nguyễn" in Windows-1258 is not valid UTF-8.
        let data = Data("Ho ten\nNguy".utf8) + Data([0xEA, 0xDE, 0x6E])
        #expect {
            try CSVReader.read(data)
        } throws: { error in
            (error as? SpreadsheetError)?.message
                == "Tệp CSV không phải mã UTF-8 (có thể là Windows-1258 hoặc TCVN3). Hãy lưu lại tệp dưới dạng CSV UTF-8."
        }
    }

    @Test func unterminatedQuoteNamesLine() {
        #expect {
            try CSVReader.read(csv("a;b\n1;2\n3;\"abc\n4;5\n"))
        } throws: { error in
            (error as? SpreadsheetError)?.message.contains("dòng 3") == true
        }
    }

    @Test func emptyFile() {
        for data in [Data(), csv("\n\r\n ; \n"), Data([0xEF, 0xBB, 0xBF])] {
            #expect {
                try CSVReader.read(data)
            } throws: { error in
                (error as? SpreadsheetError)?.message == "Tệp không có dữ liệu."
            }
        }
    }

    @Test func maxRows() {
        #expect(throws: SpreadsheetError.self) {
            try CSVReader.read(csv("a\n1\n2\n3"), maxRows: 3)
        }
    }

    @Test func largeFile() throws {
        let count = 100_000
        var text = (1...15).map { "Cột \($0)" }.joined(separator: ";") + "\n"
        text.reserveCapacity(count * 120)
        for i in 1...count {
            text += "\(i);Nguyễn Thị Đào;\"Hà Nội; Việt Nam\";01/02/1990;0912345678;a;b;c;d;e;f;g;h;i;\(i * 2)\n"
        }
        let clock = ContinuousClock()
        let start = clock.now
        let table = try CSVReader.read(Data(text.utf8))
        print("CSV 100k×15 parsed in \(clock.now - start)")
        #expect(table.rows.count == count + 1)
        #expect(table.rows.last?.line == count + 1)
        #expect(table.rows.last?.cells.count == 15)
        #expect(table.rows.last?.cells[2] == .text("Hà Nội; Việt Nam"))
        #expect(table.rows.last?.cells[14] == .text("\(count * 2)"))
    }
}

@Suite struct CSVWriterTests {
    @Test func quotingAndLineEnds() {
        let data = CSVWriter.write([["a", "b;c", "say \"hi\""], ["x\ny", "", "Đào"]])
        let expected = "\u{FEFF}a;\"b;c\";\"say \"\"hi\"\"\"\r\n\"x\ny\";;Đào\r\n"
        #expect(data == Data(expected.utf8))
    }

    @Test func roundTripThroughReader() throws {
        let rows = [["Họ tên", "Ghi chú"], ["Trần \"B\"", "a,b;c\r\nd"]]
        let data = CSVWriter.write(rows, delimiter: ",", bom: false)
        #expect(data.first == UInt8(ascii: "H"))
        let table = try CSVReader.read(data)
        #expect(table.rows.map { $0.cells.map(\.text) } == rows)
    }
}

@Suite struct CellTests {
    @Test func displayText() {
        #expect(Cell.number(12).text == "12")
        #expect(Cell.number(1.5).text == "1.5")
        #expect(Cell.number(-3).text == "-3")
        #expect(Cell.number(0.1 + 0.2).text == "0.3")
        #expect(Cell.number(912_345_678).text == "912345678")
        #expect(Cell.date(year: 2024, month: 3, day: 5).text == "05/03/2024")
        #expect(Cell.bool(true).text == "TRUE")
        #expect(Cell.empty.text == "")
        #expect(Cell.text(" \t").isBlank)
        #expect(!Cell.number(0).isBlank)
    }

    @Test func serialDates() {
        #expect(ExcelDate.date(fromSerial: 1, date1904: false)! == (1900, 1, 1))
        #expect(ExcelDate.date(fromSerial: 59, date1904: false)! == (1900, 2, 28))
        #expect(ExcelDate.date(fromSerial: 60, date1904: false)! == (1900, 2, 29))
        #expect(ExcelDate.date(fromSerial: 61, date1904: false)! == (1900, 3, 1))
        #expect(ExcelDate.date(fromSerial: 45366.75, date1904: false)! == (2024, 3, 15))
        #expect(ExcelDate.date(fromSerial: 0, date1904: true)! == (1904, 1, 1))
        #expect(ExcelDate.date(fromSerial: 0.5, date1904: false) == nil)
        for (y, m, d) in [(1900, 1, 1), (1900, 2, 28), (1900, 2, 29), (1900, 3, 1), (1990, 2, 1), (2024, 2, 29), (9999, 12, 31)] {
            let serial = ExcelDate.serial(year: y, month: m, day: d)!
            #expect(ExcelDate.date(fromSerial: Double(serial), date1904: false)! == (y, m, d))
        }
        #expect(ExcelDate.serial(year: 2024, month: 3, day: 15) == 45366)
        #expect(ExcelDate.serial(year: 2023, month: 2, day: 29) == nil)
        #expect(ExcelDate.serial(year: 1899, month: 12, day: 31) == nil)
    }
}
