import Foundation
import Testing
import ZIPFoundation
@testable import Documents
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Every part of a package, by path.
func parts(of docx: Data) throws -> [String: String] {
    let archive = try Archive(data: docx, accessMode: .read)
    var out: [String: String] = [:]
    for entry in archive {
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        out[entry.path] = String(decoding: data, as: UTF8.self)
    }
    return out
}

func isWellFormed(_ xml: String) -> Bool {
    XMLParser(data: Data(xml.utf8)).parse()
}

@Suite struct DocxWriterTests {
    let sample = DocxDocument(title: "Thử <nghiệm> & \"kiểm\"", blocks: [
        .paragraph(Paragraph([
            Run("  Đậm  ", bold: true), Run("nghiêng", italic: true), Run("gạch", underline: true), Run("to", size: 20),
        ], alignment: .center, spaceBefore: .pt(6), spaceAfter: .pt(12), lineSpacing: 1.5, indentLeft: .mm(10),
        firstLineIndent: .mm(-5))),
        .pageBreak,
        .table(Table(columnWidths: [.mm(20), .mm(40)], borders: true, rows: [
            TableRow([TableCell([Paragraph("A", bold: true)]), TableCell([Paragraph("B")])], isHeader: true),
            TableRow([TableCell([Paragraph("1")])]),
        ])),
        .table(Table(columnWidths: [.mm(60)], borders: false, rows: [TableRow([TableCell([])])])),
        .paragraph(Paragraph([Run("a < b && c > d\u{0}\u{1}\u{B}\u{FFFE}x\ty\r\nz")], alignment: .justify)),
    ])

    @Test func packageHasTheRequiredParts() throws {
        let p = try parts(of: sample.data())
        for name in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                     "word/_rels/document.xml.rels", "docProps/core.xml", "word/settings.xml"] {
            let part = try #require(p[name], "missing \(name)")
            #expect(isWellFormed(part), "\(name) is not well-formed")
        }
        #expect(p["docProps/core.xml"]?.contains("<dc:title>Thử &lt;nghiệm&gt; &amp; &quot;kiểm&quot;</dc:title>") == true)
    }

    @Test func deterministic() throws {
        let a = try sample.data()
        let b = try sample.data()
        #expect(a == b)
        // Fixed DOS timestamp 1980-01-01 00:00: date 0x0021, time 0, at offset 10 of the first local header.
        #expect(Array(a[10..<14]) == [0x00, 0x00, 0x21, 0x00])
    }

    @Test func pageSetupAndDefaults() throws {
        let p = try parts(of: sample.data())
        let doc = try #require(p["word/document.xml"])
        #expect(doc.contains(#"<w:pgSz w:w="11906" w:h="16838"/>"#))
        #expect(doc.contains(#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#))
        let styles = try #require(p["word/styles.xml"])
        #expect(styles.contains(#"w:ascii="Times New Roman""#))
        #expect(styles.contains(#"<w:sz w:val="28"/>"#))
        #expect(styles.contains(#"<w:lang w:val="vi-VN""#))
    }

    @Test func runsAndParagraphs() throws {
        let doc = try #require(try parts(of: sample.data())["word/document.xml"])
        #expect(doc.contains(#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">  Đậm  </w:t></w:r>"#))
        #expect(doc.contains(#"<w:rPr><w:i/><w:iCs/></w:rPr>"#))
        #expect(doc.contains(#"<w:rPr><w:u w:val="single"/></w:rPr>"#))
        #expect(doc.contains(#"<w:sz w:val="40"/>"#))
        #expect(doc.contains(#"<w:spacing w:before="120" w:after="240" w:line="360" w:lineRule="auto"/>"#))
        #expect(doc.contains(#"<w:ind w:left="567" w:right="0" w:hanging="283"/>"#))
        #expect(doc.contains(#"<w:jc w:val="center"/>"#))
        #expect(doc.contains(#"<w:jc w:val="both"/>"#))
    }

    @Test func textIsEscapedAndCleaned() throws {
        let doc = try #require(try parts(of: sample.data())["word/document.xml"])
        #expect(doc.contains(#"<w:t xml:space="preserve">a &lt; b &amp;&amp; c &gt; dx</w:t><w:tab/><w:t xml:space="preserve">y</w:t><w:br/><w:t xml:space="preserve">z</w:t>"#))
        #expect(isWellFormed(doc))
    }

    @Test func textIsNFC() throws {
        let decomposed = "Nguye\u{0302}\u{0303}n Thi\u{0323} Đa\u{0300}o"
        let doc = try #require(try parts(of: DocxDocument(title: "x", blocks: [.paragraph(Paragraph(decomposed))]).data())["word/document.xml"])
        #expect(doc.contains("Nguyễn Thị Đào"))
    }

    @Test func tablesAndBreaks() throws {
        let doc = try #require(try parts(of: sample.data())["word/document.xml"])
        // The page break lands on a 1 pt paragraph in front of the table, and another separates the two tables.
        #expect(doc.components(separatedBy: "<w:pageBreakBefore/>").count == 2)
        #expect(doc.contains(#"<w:tblGrid><w:gridCol w:w="1134"/><w:gridCol w:w="2268"/></w:tblGrid>"#))
        #expect(doc.contains("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"))
        #expect(doc.contains(#"<w:top w:val="single" w:sz="4""#))
        #expect(doc.contains(#"<w:top w:val="nil"/>"#))
        #expect(doc.contains("</w:tbl><w:p>"))
        #expect(!doc.contains("</w:tbl><w:tbl>"))
        // The short row is filled to the grid and every cell has a paragraph.
        #expect(doc.components(separatedBy: "<w:tc>").count - 1 == 5)
        #expect(!doc.contains("</w:tcPr></w:tc>"))
    }

    @Test func emptyDocumentStillHasABody() throws {
        let doc = try #require(try parts(of: DocxDocument(title: "").data())["word/document.xml"])
        #expect(doc.contains("<w:body><w:p>"))
        #expect(isWellFormed(doc))
    }
}

@Suite struct PageBreakEdgeTests {
    @Test func leadingBreakDoesNotMakeABlankPage() throws {
        let doc = try #require(try parts(of: DocxDocument(title: "", blocks: [.pageBreak, .paragraph(Paragraph("a"))]).data())["word/document.xml"])
        #expect(!doc.contains("<w:pageBreakBefore/>"))
    }
}
