import Foundation
import Testing
import Domain
@testable import Spreadsheet

/// Builds a zip in memory from (path, content) pairs, the way a third-party generator would.
func makeZip(_ parts: [(String, Data)], compress: Bool = true) throws -> Data {
    try ZipPackage.make(parts, compress: compress)
}

func xml(_ s: String) -> Data { Data(s.utf8) }

private func message(of error: any Error) -> String {
    (error as? SpreadsheetError)?.message ?? "\(error)"
}

@Suite struct XLSXRoundTripTests {
    @Test func writerToReader() throws {
        let data = try XLSXWriter.workbook(
            sheetName: "Đoàn viên [2024]: danh sách/chi tiết rất dài quá",
            rows: [
                [.text("Họ tên"), .text("Ngày sinh"), .text("Số"), .text("Ghi chú")],
                [.text("Nguyễn Thị Đào"), .date(year: 1990, month: 2, day: 1), .number(12), .text("<&>\"'")],
                [.text("Bell\u{7}x"), .date(year: 2024, month: 2, day: 29), .number(1.5), .empty, .text("_x0041_")],
                [.empty, .empty],
                [.text("Lê"), .date(year: 1900, month: 1, day: 1), .number(-0.25), .text("a\r\nb")],
                [.text("Cũ"), .date(year: 1850, month: 6, day: 7), .text("  lề  ")],
            ],
            columnWidths: [30, 12, 8]
        )
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let table = try TabularFile.read(data, fileName: "out.xlsx")
        #expect(table.rows.count == 5)
        #expect(table.rows.map(\.line) == [1, 2, 3, 5, 6])
        #expect(table.rows[0].cells == [.text("Họ tên"), .text("Ngày sinh"), .text("Số"), .text("Ghi chú")])
        #expect(table.rows[1].cells == [
            .text("Nguyễn Thị Đào"), .date(year: 1990, month: 2, day: 1), .number(12), .text("<&>\"'"),
        ])
        #expect(table.rows[2].cells == [
            .text("Bellx"), .date(year: 2024, month: 2, day: 29), .number(1.5), .empty, .text("_x0041_"),
        ])
        #expect(table.rows[3].cells == [
            .text("Lê"), .date(year: 1900, month: 1, day: 1), .number(-0.25), .text("a\nb"),
        ])
        #expect(table.rows[4].cells == [.text("Cũ"), .text("07/06/1850"), .text("  lề  ")])

        let package = try ZipPackage(data: data, limits: .init())
        let text = String(decoding: try #require(try package.read("xl/workbook.xml")), as: UTF8.self)
        #expect(text.contains(#"name="Đoàn viên 2024 danh sáchchi tiế""#))
        let sheetText = String(decoding: try #require(try package.read("xl/worksheets/sheet1.xml")), as: UTF8.self)
        #expect(sheetText.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>Họ tên</t></is></c>"#))
        #expect(sheetText.contains(#"<c r="B2" s="2"><v>32905</v></c>"#))
        #expect(!sheetText.contains("<f>"))
    }

    /// Several sheets, named apart; a reader that is told what it looks for reads the first sheet that has it, and
    /// the first sheet with rows when none has.
    @Test func severalSheetsAndChoosingOne() throws {
        let data = try XLSXWriter.workbook(sheets: [
            .init(name: "Bìa", rows: [[.text("Báo cáo")]]),
            .init(name: "bìa", rows: []),
            .init(name: "Danh sách", rows: [[.text("Họ tên")], [.text("A")]], lists: [
                .init(column: 0, sourceSheet: "Bìa", sourceColumn: 0, sourceRows: 1 ... 1, message: "Chọn trong danh sách"),
            ], textColumns: [0], wrapColumns: [0]),
        ])
        #expect(try XLSXReader.read(data).rows.first?.cells == [.text("Báo cáo")])
        #expect(try XLSXReader.read(data) { $0.rows.first?.cells.first == .text("Họ tên") }.rows.count == 2)
        #expect(try XLSXReader.read(data) { _ in false }.rows.first?.cells == [.text("Báo cáo")])
        let package = try ZipPackage(data: data, limits: .init())
        let workbook = String(decoding: try #require(try package.read("xl/workbook.xml")), as: UTF8.self)
        #expect(workbook.contains(#"<sheet name="Bìa" sheetId="1" r:id="rId1"/>"#) && workbook.contains(#"<sheet name="bìa 2""#))
        let sheet = String(decoding: try #require(try package.read("xl/worksheets/sheet3.xml")), as: UTF8.self)
        #expect(sheet.contains(#"<formula1>&apos;Bìa&apos;!$A$1:$A$1</formula1>"#) || sheet.contains("<formula1>'Bìa'!$A$1:$A$1</formula1>"), "\(sheet)")
        #expect(sheet.contains(#"sqref="A2:A1048576""#) && sheet.contains(#"style="4""#) && sheet.contains(#"s="5""#))
    }

    /// A damaged file whose directory points past its end: read from memory, ZIPFoundation trapped and took the server
    /// down with it. It is a damaged file, said in Vietnamese.
    @Test func aDirectoryPointingPastTheEndIsADamagedFile() throws {
        var z = [UInt8](try XLSXWriter.workbook(sheetName: "A", rows: [[.text("Họ tên")]]))
        let eocd = z.count - 22
        #expect(Array(z[eocd ..< eocd + 4]) == [0x50, 0x4B, 0x05, 0x06])
        let far = UInt32(z.count + 1000)
        for k in 0 ..< 4 { z[eocd + 16 + k] = UInt8((far >> (8 * UInt32(k))) & 0xFF) }
        #expect(throws: SpreadsheetError.self) { try TabularFile.read(Data(z), fileName: "hong.xlsx") }
        do { _ = try TabularFile.read(Data(z), fileName: "hong.xlsx") } catch { #expect(error.message.contains("không phải tệp Excel (.xlsx) hợp lệ")) }
    }

    /// Damaged workbooks of every kind (bytes changed anywhere, cut short, the directory at the end changed) are
    /// refused with a message or read, never a crash.
    @Test func damagedWorkbooksNeverCrash() throws {
        var rng = SplitMix64(seed: 20261206)
        let base = [UInt8](try XLSXWriter.workbook(sheets: [
            .init(name: "A", rows: [[.text("Họ tên"), .number(1)], [.date(year: 2020, month: 1, day: 2)]],
                  lists: [.init(column: 0, sourceSheet: "B", sourceColumn: 0, sourceRows: 1 ... 1, message: "x")]),
            .init(name: "B", rows: [[.text("x")]]),
        ]))
        for i in 0 ..< 1500 {
            var z = base
            switch i % 3 {
            case 0: for _ in 0 ..< Int.random(in: 1 ... 8, using: &rng) { z[Int.random(in: 0 ..< z.count, using: &rng)] = UInt8.random(in: 0 ... 255, using: &rng) }
            case 1: z = Array(z.prefix(Int.random(in: 0 ..< z.count, using: &rng)))
            default: z[Int.random(in: z.count - 200 ..< z.count, using: &rng)] = UInt8.random(in: 0 ... 255, using: &rng)
            }
            do { _ = try TabularFile.read(Data(z), fileName: "x.xlsx") { _ in i % 2 == 0 } } catch { #expect(!error.message.isEmpty) }
            // The import's way in: the sheet inflated to disk and its rows spooled, then read back.
            do {
                var source = try TabularFile.open(Data(z), fileName: "x.xlsx") { _ in i % 2 == 1 }
                while try !source.next(100).isEmpty {}
            } catch { #expect(!error.message.isEmpty) }
        }
    }

    /// A row holds a cell for every column up to its last value, so one value far to the right (a few bytes) would
    /// cost thousands of cells: a 12 KB workbook of such rows took the server past 1 GB. Values that far are refused,
    /// formatting that far is dropped, and a whole sheet's cells are bounded.
    @Test func farColumnsAndTooManyCellsAreRefusedCheaply() throws {
        func sheet(_ rows: String) throws -> Data {
            try ZipPackage.make([
                ("[Content_Types].xml", Data(XLSXWriter.contentTypes(sheets: 1).utf8)),
                ("_rels/.rels", Data(XLSXWriter.rootRels.utf8)),
                ("xl/workbook.xml", Data(XLSXWriter.workbookXML(sheetNames: ["A"]).utf8)),
                ("xl/_rels/workbook.xml.rels", Data(XLSXWriter.workbookRels(sheets: 1).utf8)),
                ("xl/styles.xml", Data(XLSXWriter.styles.utf8)),
                ("xl/worksheets/sheet1.xml", Data(#"<worksheet xmlns="\#(XLSXWriter.mainNS)"><sheetData>\#(rows)</sheetData></worksheet>"#.utf8)),
            ])
        }
        let far = (2 ... 2001).map { #"<row r="\#($0)"><c r="XFD\#($0)" t="inlineStr"><is><t>x</t></is></c></row>"# }.joined()
        #expect { try XLSXReader.read(try sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>Tên</t></is></c></row>"# + far)) } throws: {
            message(of: $0).contains("Dòng 2 có giá trị ở cột quá xa (quá 1.000 cột)")
        }
        // Formatting far to the right is no value: dropped, the row read as it is.
        let styled = try XLSXReader.read(try sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>Tên</t></is></c><c r="XFD1" s="1"/></row>"#))
        #expect(styled.rows.first?.cells == [.text("Tên")])
        var small = TabularFile.Limits()
        small.maxCells = 10
        #expect { try XLSXReader.read(try sheet(#"<row r="1"><c r="K1"><v>1</v></c></row>"#), limits: small) } throws: {
            message(of: $0).contains("quá nhiều ô (quá 10 ô)")
        }
        #expect { try TabularFile.read(Data("a;b;c;d\ne;f;g;h\ni;j;k;l\n".utf8), fileName: "x.csv", limits: small) } throws: {
            message(of: $0).contains("quá nhiều ô")
        }
        #expect(SpreadsheetError.grouped(12_000_000) == "12.000.000" && SpreadsheetError.grouped(1_000) == "1.000" && SpreadsheetError.grouped(999) == "999")
    }

    /// A cell names a shared string by its number: a 6 KB workbook of 480 rows naming one 30 000-character text took
    /// the member import 22 s and its messages 250 MB. The text the cells hold once written out is bounded by the file's
    /// size, so the work after the reader stays that of a CSV file a few times the size.
    @Test func oneLongSharedStringRepeatedEverywhereIsRefused() throws {
        func workbook(rows: Int, text: String) throws -> Data {
            let cells = (1 ... rows).map { #"<row r="\#($0)"><c r="A\#($0)" t="s"><v>0</v></c><c r="B\#($0)" t="s"><v>0</v></c></row>"# }.joined()
            return try ZipPackage.make([
                ("[Content_Types].xml", Data(XLSXWriter.contentTypes(sheets: 1).utf8)),
                ("_rels/.rels", Data(XLSXWriter.rootRels.utf8)),
                ("xl/workbook.xml", Data(XLSXWriter.workbookXML(sheetNames: ["A"]).utf8)),
                ("xl/_rels/workbook.xml.rels", Data(XLSXWriter.workbookRels(sheets: 1).utf8)),
                ("xl/sharedStrings.xml", Data(#"<sst xmlns="\#(XLSXWriter.mainNS)"><si><t>\#(text)</t></si></sst>"#.utf8)),
                ("xl/worksheets/sheet1.xml", Data(#"<worksheet xmlns="\#(XLSXWriter.mainNS)"><sheetData>\#(cells)</sheetData></worksheet>"#.utf8)),
            ])
        }
        var limits = TabularFile.Limits()
        limits.minSharedText = 100_000
        let long = String(repeating: "Nguyễn Văn A ", count: 1_000)
        let repeated = try workbook(rows: 200, text: long)
        #expect(repeated.count * limits.sharedTextPerFileByte < 200 * 2 * long.utf8.count)
        #expect { try XLSXReader.read(repeated, limits: limits) } throws: {
            message(of: $0).contains("lặp lại quá nhiều chữ so với cỡ tệp")
        }
        // The same text a few times, and a short one everywhere, are read.
        #expect(try XLSXReader.read(try workbook(rows: 3, text: long), limits: limits).rows.count == 3)
        #expect(try XLSXReader.read(try workbook(rows: 2_000, text: "Kinh"), limits: limits).rows.count == 2_000)
    }

    @Test func sheetNameFallback() {
        #expect(XLSXWriter.safeSheetName("[]:*?/\\") == "Sheet1")
        #expect(XLSXWriter.safeSheetName("'Tên'") == "Tên")
        #expect(XLSXWriter.columnName(0) == "A")
        #expect(XLSXWriter.columnName(25) == "Z")
        #expect(XLSXWriter.columnName(26) == "AA")
        #expect(XLSXWriter.columnName(16383) == "XFD")
    }
}

@Suite struct XLSXHandBuiltTests {
    static let contentTypes = xml("""
        <?xml version="1.0" encoding="UTF-8"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>
        """)
    static let rootRels = xml("""
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
        </Relationships>
        """)

    static func workbook(date1904: String?) -> Data {
        let pr = date1904.map { #"<workbookPr date1904="\#($0)"/>"# } ?? "<workbookPr/>"
        return xml("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            \(pr)
            <sheets><sheet name="Data" sheetId="7" rel:id="rId9"/><sheet name="Other" sheetId="8" rel:id="rId2"/></sheets>
            </workbook>
            """)
    }

    static let workbookRels = xml("""
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/other.xml"/>
        <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
        <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
        </Relationships>
        """)

    static let sharedStrings = xml("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
        <si><t>Họ tên</t></si>
        <si><r><rPr><b/></rPr><t xml:space="preserve">Nguyễn </t></r><r><rPr><i/></rPr><t>Thị Đào</t></r></si>
        <si><t xml:space="preserve">  </t></si>
        <si><t>Ngày</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
        <si><t>a_x000D_b &amp; &lt;c&gt;</t></si>
        </sst>
        """)

    static let styles = xml("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="3">
          <numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>
          <numFmt numFmtId="165" formatCode="&quot;Ngày&quot;\\ 0.00"/>
          <numFmt numFmtId="166" formatCode="[$-42A]dd/mm/yyyy"/>
        </numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs count="5">
          <xf numFmtId="0"/>
          <xf numFmtId="164" applyNumberFormat="1"/>
          <xf numFmtId="14" applyNumberFormat="1"/>
          <xf numFmtId="165" applyNumberFormat="1"/>
          <xf numFmtId="166" applyNumberFormat="1"/>
        </cellXfs>
        </styleSheet>
        """)

    static let sheet = xml("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <x:sheetData>
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>3</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Số</x:t></x:is></x:c></x:row>
        <x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="C2" s="1"><x:v>0</x:v></x:c><x:c r="D2" s="2"><x:v>30000.5</x:v></x:c><x:c r="E2" s="3"><x:v>7</x:v></x:c><x:c r="F2" s="4"><x:v>1462</x:v></x:c></x:row>
        <x:row r="3"><x:c r="A3" t="s"><x:v>2</x:v></x:c><x:c r="B3" s="2"/></x:row>
        <x:row r="5"><x:c r="A5" t="b"><x:v>1</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>x</x:v></x:c><x:c r="D5" t="d"><x:v>2024-03-15T00:00:00</x:v></x:c><x:c r="E5" t="s"><x:v>4</x:v></x:c><x:c r="F5" t="e"><x:v>#N/A</x:v></x:c></x:row>
        </x:sheetData>
        </x:worksheet>
        """)

    static func parts(date1904: String? = "1", sharedStrings: Data = sharedStrings) -> [(String, Data)] {
        [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRels),
            ("xl/workbook.xml", workbook(date1904: date1904)),
            ("xl/_rels/workbook.xml.rels", workbookRels),
            ("xl/sharedStrings.xml", sharedStrings),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/worksheets/other.xml", xml("<worksheet><sheetData/></worksheet>")),
        ]
    }

    @Test func handBuiltWorkbook1904() throws {
        let table = try TabularFile.read(try makeZip(Self.parts()), fileName: "x.xlsx")
        #expect(table.rows.map(\.line) == [1, 2, 5])  // row 3 is blank (whitespace text + styled empty)
        #expect(table.rows[0].cells == [.text("Họ tên"), .text("Ngày"), .text("Số")])
        // 1904 system: serial 0 = 1904-01-01; 30000 = 1986-02-19; 1462 = 1908-01-02.
        #expect(table.rows[1].cells == [
            .text("Nguyễn Thị Đào"), .empty, .date(year: 1904, month: 1, day: 1),
            .date(year: 1986, month: 2, day: 19), .number(7), .date(year: 1908, month: 1, day: 2),
        ])
        #expect(table.rows[2].cells == [
            .bool(true), .text("x"), .empty, .date(year: 2024, month: 3, day: 15), .text("a\rb & <c>"), .text("#N/A"),
        ])
    }

    @Test func handBuiltWorkbook1900() throws {
        for flag in [nil, "0", "false"] as [String?] {
            let table = try XLSXReader.read(try makeZip(Self.parts(date1904: flag)))
            // 1900 system: serial 0 is no date; 30000 = 1982-02-18; 1462 = 1904-01-01.
            #expect(table.rows[1].cells[2] == .number(0))
            #expect(table.rows[1].cells[3] == .date(year: 1982, month: 2, day: 18))
            #expect(table.rows[1].cells[5] == .date(year: 1904, month: 1, day: 1))
        }
        let table = try XLSXReader.read(try makeZip(Self.parts(date1904: "true"), compress: false))
        #expect(table.rows[1].cells[3] == .date(year: 1986, month: 2, day: 19))
    }

    @Test func dateFormatDetection() {
        #expect(Self.isDate("dd/mm/yyyy"))
        #expect(Self.isDate("d/m/yy;@"))
        #expect(Self.isDate("[$-42A]dd/mm/yyyy"))
        #expect(Self.isDate("mmm yyyy"))
        #expect(!Self.isDate("General"))
        #expect(!Self.isDate("0.00"))
        #expect(!Self.isDate("\"Ngày\" 0"))
        #expect(!Self.isDate("[Red]#,##0"))
        #expect(!Self.isDate("mm:ss"))
        #expect(!Self.isDate("#,##0\\ \"đ\";[Red]\\-#,##0\\ \"đ\""))
    }

    private static func isDate(_ code: String) -> Bool {
        // Exercise through a real styles part so the test covers the public path.
        let styles = xml("""
            <styleSheet><numFmts><numFmt numFmtId="200" formatCode="\(code.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;"))"/></numFmts>
            <cellXfs><xf numFmtId="0"/><xf numFmtId="200"/></cellXfs></styleSheet>
            """)
        var parts = Self.parts(date1904: nil)
        parts[5] = ("xl/styles.xml", styles)
        parts[6] = ("xl/worksheets/sheet1.xml", xml(#"<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>45366</v></c></row></sheetData></worksheet>"#))
        guard let table = try? XLSXReader.read(try makeZip(parts)) else { return false }
        return table.rows[0].cells[0] == .date(year: 2024, month: 3, day: 15)
    }

    @Test func relativeAndMissingParts() throws {
        // Missing sharedStrings/styles are fine when not referenced by cells.
        let parts: [(String, Data)] = [
            ("xl/workbook.xml", xml(#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
            ("xl/_rels/workbook.xml.rels", xml(#"<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/../worksheets/s.xml"/></Relationships>"#)),
            ("xl/worksheets/s.xml", xml(#"<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c></row></sheetData></worksheet>"#)),
        ]
        let table = try XLSXReader.read(try makeZip(parts))
        #expect(table.rows.map(\.line) == [1, 2])
        #expect(table.rows[0].cells == [.number(1), .number(2)])
        #expect(table.rows[1].cells == [.empty, .empty, .number(3)])

        let noSheet = Array(parts.prefix(2))
        #expect {
            try XLSXReader.read(try makeZip(noSheet))
        } throws: { message(of: $0) == "Tệp không phải tệp Excel (.xlsx) hợp lệ." }
    }
}

@Suite struct XLSXSafetyTests {
    @Test func notAZipNamedXlsx() {
        #expect {
            try TabularFile.read(Data("Họ tên;Tuổi\n".utf8), fileName: "danh sach.xlsx")
        } throws: { message(of: $0) == "Tệp “danh sach.xlsx” không phải tệp Excel (.xlsx) hợp lệ." }
    }

    @Test func brokenZip() {
        let data = Data([0x50, 0x4B, 0x03, 0x04]) + Data(repeating: 7, count: 100)
        #expect {
            try TabularFile.read(data)
        } throws: { message(of: $0) == "Tệp không phải tệp Excel (.xlsx) hợp lệ." }
    }

    @Test func oldXls() {
        let data = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(count: 504)
        #expect {
            try TabularFile.read(data, fileName: "ds.xls")
        } throws: { message(of: $0).contains(".xls") && message(of: $0).contains("CSV UTF-8") }
    }

    @Test func csvByContentDespiteName() throws {
        let table = try TabularFile.read(Data("a;b\n1;2".utf8), fileName: "danh-sach.csv")
        #expect(table.rows.count == 2)
    }

    static func bomb() throws -> Data {
        // 50 MB of zeros deflates to ~50 KB: ratio ≈ 1000.
        try makeZip(XLSXHandBuiltTests.parts() + [("xl/media/zeros.bin", Data(count: 50 * 1024 * 1024))])
    }

    @Test func zipBombRatio() throws {
        let data = try Self.bomb()
        #expect(data.count < 1024 * 1024)
        #expect {
            try TabularFile.read(data, fileName: "bomb.xlsx")
        } throws: { message(of: $0).contains("tỷ lệ nén bất thường") }
    }

    @Test func zipBombSizeLimit() throws {
        var limits = TabularFile.Limits()
        limits.maxUncompressedBytes = 1024 * 1024
        limits.maxCompressionRatio = 10_000
        #expect {
            try TabularFile.read(try Self.bomb(), limits: limits)
        } throws: { message(of: $0) == "Tệp Excel khi giải nén quá lớn (hơn 1 MB)." }
    }

    @Test func tooManyEntries() throws {
        var limits = TabularFile.Limits()
        limits.maxZipEntries = 5
        #expect {
            try XLSXReader.read(try makeZip(XLSXHandBuiltTests.parts()), limits: limits)
        } throws: { message(of: $0).contains("quá nhiều thành phần") }
    }

    @Test func maxRows() throws {
        var limits = TabularFile.Limits()
        limits.maxRows = 2
        #expect {
            try XLSXReader.read(try makeZip(XLSXHandBuiltTests.parts()), limits: limits)
        } throws: { message(of: $0).contains("quá nhiều dòng") }
    }

    @Test func pathTraversal() throws {
        let data = try makeZip(XLSXHandBuiltTests.parts() + [("../evil.txt", xml("x"))])
        #expect {
            try XLSXReader.read(data)
        } throws: { message(of: $0).contains("đường dẫn không hợp lệ") }
    }

    @Test func doctypeInSharedStrings() throws {
        let evil = xml("""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>
            """)
        let data = try makeZip(XLSXHandBuiltTests.parts(sharedStrings: evil))
        #expect {
            try XLSXReader.read(data)
        } throws: { message(of: $0).contains("DOCTYPE") }
    }

    @Test func utf16PartRejected() throws {
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("<sst><si><t>x</t></si></sst>".data(using: .utf16LittleEndian)!)
        let data = try makeZip(XLSXHandBuiltTests.parts(sharedStrings: utf16))
        #expect(throws: SpreadsheetError.self) { try XLSXReader.read(data) }
    }

    @Test func malformedXML() throws {
        let data = try makeZip(XLSXHandBuiltTests.parts(sharedStrings: xml("<sst><si><t>x</si>")))
        #expect {
            try XLSXReader.read(data)
        } throws: { message(of: $0).contains("bị hỏng") }
    }

    @Test func emptySheet() throws {
        var parts = XLSXHandBuiltTests.parts()
        parts[6] = ("xl/worksheets/sheet1.xml", xml("<worksheet><sheetData/></worksheet>"))
        #expect {
            try XLSXReader.read(try makeZip(parts))
        } throws: { message(of: $0) == "Tệp không có dữ liệu." }
    }
}
