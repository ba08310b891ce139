import Foundation
import Testing
import Domain
@testable import Spreadsheet

/// A workbook opened for an import streams from disk (`XLSXReader.open`): it must give the rows `read` gives, cell for
/// cell, and refuse what `read` refuses.
@Suite struct RowSpoolTests {
    func all(_ source: RowSource, chunk: Int = 7) throws -> [SheetRow] {
        var source = source
        var rows: [SheetRow] = []
        while case let next = try source.next(chunk), !next.isEmpty { rows += next }
        return rows
    }

    @Test func theSpoolGivesTheRowsReadingWholeGives() throws {
        // Every kind of cell, and text with the spool's own separators and escapes in it.
        var rows: [[XLSXWriter.Value]] = [[.text("Họ tên"), .text("Ngày"), .text("Số"), .text("Ghi chú")]]
        var rng = SplitMix64(seed: 12)
        let texts = ["Nguyễn Thị Đào", "a\tb", "dòng 1\ndòng 2", "gạch \\ chéo", "\\t không phải tab", "s", "n1", "", "  lề  ", "😀 Ê"]
        for i in 1 ... 3_000 {
            rows.append([.text(texts[Int.random(in: 0 ..< texts.count, using: &rng)]),
                         i % 5 == 0 ? .empty : .date(year: 1950 + i % 60, month: 1 + i % 12, day: 1 + i % 28),
                         .number(i % 3 == 0 ? Double(i) / 7 : Double(i * 1_000_003)), .text(i % 2 == 0 ? "x" : "0012")])
        }
        let data = try XLSXWriter.workbook(sheetName: "DS", rows: rows)
        let whole = try XLSXReader.read(data).rows
        let source = try XLSXReader.open(data)
        #expect(source.rowsLeft == whole.count)
        let streamed = try all(source)
        #expect(streamed.count == whole.count && streamed == whole)
        // A copy reads on from where it was taken; a rewound one from the start.
        var reader = source
        _ = try reader.next(100)
        let copy = reader
        #expect(try all(copy) == Array(whole.dropFirst(100)))
        reader.rewind()
        #expect(try all(reader, chunk: 5_000) == whole)
    }

    @Test func cellsRoundTripThroughTheSpool() throws {
        let writer = try RowSpoolWriter()
        let row = SheetRow(line: 42, cells: [.empty, .text("a\tb\\c\nd\re"), .number(-0.1), .number(1e300), .date(year: 1900, month: 1, day: 1),
                                            .bool(true), .bool(false), .text("\\"), .empty])
        try writer.append(row)
        try writer.append(SheetRow(line: 43, cells: []))
        var cursor = try writer.finish()
        #expect(try cursor.next(10) == [row, SheetRow(line: 43, cells: [])])
        #expect(try cursor.next(10).isEmpty)
    }

    /// The workbook the reader chooses from several, and the first sheet when none is chosen, as `read` does.
    @Test func aSheetIsChosenAsReadingWholeChoosesIt() throws {
        let data = try XLSXWriter.workbook(sheets: [
            .init(name: "Bìa", rows: [[.text("Báo cáo")]]),
            .init(name: "DS", rows: [[.text("Tiêu đề")], [.text("Họ tên")], [.text("An")]]),
        ])
        let chosen = try all(try XLSXReader.open(data) { $0.rows.contains { $0.cells.first == .text("Họ tên") } })
        #expect(chosen.map(\.line) == [1, 2, 3] && chosen[2].cells == [.text("An")])
        let none = try all(try XLSXReader.open(data) { _ in false })
        #expect(none.map(\.cells) == [[.text("Báo cáo")]])
    }

    /// A declaration split between two chunks of the inflated part is found; a comment split the same way is not one.
    @Test func aDeclarationSplitBetweenChunksIsFound() {
        let text = Data("<worksheet><!DOCTYPE x [<!ENTITY a \"b\">]><sheetData/></worksheet>".utf8)
        let comment = Data("<worksheet><!-- note --><sheetData/></worksheet>".utf8)
        for cut in 1 ..< text.count {
            var scan = XML.MarkupScan()
            let found = scan.feed(Data(text.prefix(cut)), part: "p") ?? scan.feed(Data(text.dropFirst(cut)), part: "p") ?? scan.finish(part: "p")
            #expect(found != nil, "cut at \(cut)")
        }
        for cut in 1 ..< comment.count {
            var scan = XML.MarkupScan()
            let found = scan.feed(Data(comment.prefix(cut)), part: "p") ?? scan.feed(Data(comment.dropFirst(cut)), part: "p") ?? scan.finish(part: "p")
            #expect(found == nil, "cut at \(cut)")
        }
    }

    /// The sheet inflated to disk gets the checks a part read into memory gets: no DTD, no wide encoding.
    @Test func aSheetWithADeclarationOrInUTF16IsRefusedOnTheWayToDisk() throws {
        let evil = xml("""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol">]>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData></worksheet>
            """)
        func with(sheet: Data) throws -> Data {
            try makeZip(XLSXHandBuiltTests.parts().map { $0.0 == "xl/worksheets/sheet1.xml" ? ($0.0, sheet) : $0 })
        }
        #expect { try XLSXReader.open(try with(sheet: evil)) } throws: { ($0 as? SpreadsheetError)?.message.contains("DOCTYPE") == true }
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("<worksheet><sheetData/></worksheet>".data(using: .utf16LittleEndian)!)
        #expect { try XLSXReader.open(try with(sheet: utf16)) } throws: { ($0 as? SpreadsheetError)?.message.contains("bị hỏng") == true }
        // The hand-built workbook itself streams as it reads.
        let good = try makeZip(XLSXHandBuiltTests.parts())
        #expect(try all(try XLSXReader.open(good)) == (try XLSXReader.read(good)).rows)
    }
}
