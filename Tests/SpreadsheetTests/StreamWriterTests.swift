import Foundation
import Testing
@testable import Spreadsheet

@Suite struct XLSXStreamWriterTests {
    private func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func headerIsBoldAndFrozenDatesAreDateCells() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try XLSXStreamWriter(directory: dir, sheetName: "Đoàn viên", header: ["Họ và tên", "Ngày sinh", "Số"], columnWidths: [30, 12])
        try writer.append([.text("Nguyễn Thị Đào"), .date(year: 1990, month: 3, day: 15), .number(3037)])
        try writer.append([.text("=HYPERLINK(\"x\")"), .empty, .number(1.5)])
        let out = dir.appendingPathComponent("out.xlsx")
        try writer.finish(to: out)
        #expect(writer.rowCount == 3)
        let data = try Data(contentsOf: out)
        let table = try XLSXReader.read(data)
        #expect(table.rows.map(\.cells) == [
            [.text("Họ và tên"), .text("Ngày sinh"), .text("Số")],
            [.text("Nguyễn Thị Đào"), .date(year: 1990, month: 3, day: 15), .number(3037)],
            [.text("=HYPERLINK(\"x\")"), .empty, .number(1.5)],
        ])
        let package = try ZipPackage(data: data, limits: .init())
        let sheet = String(decoding: try #require(try package.read("xl/worksheets/sheet1.xml")), as: UTF8.self)
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>Họ và tên</t></is></c>"#))
        #expect(sheet.contains(#"<c r="B2" s="2"><v>"#))
        #expect(!sheet.contains("<f>"))
        let styles = String(decoding: try #require(try package.read("xl/styles.xml")), as: UTF8.self)
        #expect(styles.contains(#"formatCode="dd/mm/yyyy""#))
        // Only the package is left behind: the work file is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.xlsx"])
    }

    @Test func manyRowsAcrossFlushes() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try XLSXStreamWriter(directory: dir, sheetName: "Dữ liệu", header: ["Số thứ tự", "Tên"])
        for i in 1...30_000 { try writer.append([.number(Double(i)), .text("Đoàn viên số \(i) <&>")]) }
        let out = dir.appendingPathComponent("big.xlsx")
        try writer.finish(to: out)
        let table = try XLSXReader.read(try Data(contentsOf: out))
        #expect(table.rows.count == 30_001)
        #expect(table.rows.last?.cells == [.number(30_000), .text("Đoàn viên số 30000 <&>")])
        #expect(table.rows.last?.line == 30_001)
    }
}

@Suite struct CSVStreamWriterTests {
    @Test func bomCRLFQuotingAndFormulaGuard() throws {
        var w = CSVStreamWriter()
        w.append(["Họ và tên", "Ghi chú"])
        w.append(["Nguyễn Thị Đào", "có ; và \"ngoặc\""])
        w.append(["=1+2", "+84912345678"])
        w.append(["-x", "@SUM(A1)"])
        let text = String(decoding: w.take(), as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}"))
        #expect(text == "\u{FEFF}Họ và tên;Ghi chú\r\nNguyễn Thị Đào;\"có ; và \"\"ngoặc\"\"\"\r\n'=1+2;'+84912345678\r\n'-x;'@SUM(A1)\r\n")
        #expect(w.bytes.isEmpty)
        w.append(["a"])
        #expect(String(decoding: w.take(), as: UTF8.self) == "a\r\n")
        // And it reads back with the repo's own reader.
        var again = CSVStreamWriter()
        again.append(["Mã", "Tên"])
        again.append(["A1", "Công đoàn; Trường \"THPT\""])
        let table = try TabularFile.read(Data(again.take()), fileName: "x.csv")
        #expect(table.rows.map(\.cells) == [[.text("Mã"), .text("Tên")], [.text("A1"), .text("Công đoàn; Trường \"THPT\"")]])
    }
}
