import Foundation
import Spreadsheet
import ZIPFoundation

public struct DocumentError: Error, Sendable, CustomStringConvertible {
    /// Vietnamese text meant to be shown to the user as is.
    public let message: String
    public var description: String { message }
}

extension DocxDocument {
    /// The .docx package: only the parts Word and LibreOffice need, byte-for-byte the same for the same document
    /// (fixed zip timestamps, no creation dates), so tests can compare outputs and caches can trust them.
    public func data() throws(DocumentError) -> Data {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", DocxParts.contentTypes),
            ("_rels/.rels", DocxParts.rootRels),
            ("docProps/core.xml", DocxParts.core(title: title, language: language)),
            ("word/_rels/document.xml.rels", DocxParts.documentRels),
            ("word/styles.xml", DocxParts.styles(font: font, size: fontSize, language: language)),
            ("word/settings.xml", DocxParts.settings(language: language)),
            ("word/document.xml", DocxParts.document(self)),
        ]
        do {
            return try OOXMLZip.make(parts.map { ($0.0, Data($0.1.utf8)) })
        } catch {
            throw DocumentError(message: "Không tạo được tệp Word (.docx).")
        }
    }
}

enum OOXMLZip {
    /// 1980-01-01 00:00 UTC, the first moment a zip (DOS) timestamp can say; ZIPFoundation converts with gmtime,
    /// so the bytes do not depend on the server's time zone either.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    static func make(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw DocumentError(message: "Không tạo được tệp nén.") }
        return data
    }
}

enum DocxParts {
    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let officeRels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let contentTypes = header + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        </Types>
        """

    static let rootRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(officeRels)/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" \
        Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
        Target="docProps/core.xml"/>\
        </Relationships>
        """

    static let documentRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(officeRels)/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="\(officeRels)/settings" Target="settings.xml"/>\
        </Relationships>
        """

    static func core(title: String, language: String) -> String {
        header + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(text(title))</dc:title><dc:language>\(text(language))</dc:language>\
            </cp:coreProperties>
            """
    }

    /// Compatibility mode 15 (Word 2013+) keeps Word from opening the file in "Compatibility Mode"; without
    /// a settings part it assumes an old layout engine.
    static func settings(language: String) -> String {
        header + """
            <w:settings xmlns:w="\(w)"><w:defaultTabStop w:val="720"/>\
            <w:characterSpacingControl w:val="doNotCompress"/>\
            <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" \
            w:val="15"/></w:compat><w:themeFontLang w:val="\(text(language))"/></w:settings>
            """
    }

    /// The defaults live in docDefaults so every paragraph, table cell and paragraph mark inherits the font, size
    /// and language; a default table style is needed or Word pads cells by its own 0.19 cm.
    static func styles(font: String, size: Double, language: String) -> String {
        let f = text(font)
        let lang = text(language)
        return header + """
            <w:styles xmlns:w="\(w)"><w:docDefaults><w:rPrDefault><w:rPr>\
            <w:rFonts w:ascii="\(f)" w:hAnsi="\(f)" w:eastAsia="\(f)" w:cs="\(f)"/>\
            <w:sz w:val="\(halfPoints(size))"/><w:szCs w:val="\(halfPoints(size))"/>\
            <w:lang w:val="\(lang)" w:eastAsia="\(lang)" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>\
            <w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>\
            </w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
            <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">\
            <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>\
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
            <w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
            <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>\
            <w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
            </w:styles>
            """
    }

    // MARK: - Body

    static func document(_ doc: DocxDocument) -> String {
        var out = header + #"<w:document xmlns:w="\#(w)" xmlns:r="\#(officeRels)"><w:body>"#
        var breakBeforeNext = false
        var previousWasTable = false
        for block in doc.blocks {
            switch block {
            case .pageBreak:
                // Nothing above it yet: a break there would only print a blank first page.
                breakBeforeNext = !out.hasSuffix("<w:body>")
            case .paragraph(let p):
                paragraph(p, breakBefore: breakBeforeNext, into: &out)
                breakBeforeNext = false
                previousWasTable = false
            case .table(let t):
                // A table cannot start a page by itself, and two tables in a row would be merged into one by
                // Word; a 1 pt empty paragraph does both jobs without showing.
                if breakBeforeNext || previousWasTable {
                    paragraph(Paragraph(size: 1), breakBefore: breakBeforeNext, into: &out)
                    breakBeforeNext = false
                }
                table(t, into: &out)
                previousWasTable = true
            }
        }
        // The body must end with a paragraph (Word adds one after a final table anyway), and a trailing page
        // break still needs something to break before.
        if previousWasTable || breakBeforeNext || doc.blocks.isEmpty {
            paragraph(Paragraph(size: 1), breakBefore: breakBeforeNext, into: &out)
        }
        let p = doc.page
        out += "<w:sectPr><w:pgSz w:w=\"\(p.width.twips)\" w:h=\"\(p.height.twips)\"/>"
        out += "<w:pgMar w:top=\"\(p.top.twips)\" w:right=\"\(p.right.twips)\" w:bottom=\"\(p.bottom.twips)\" "
        out += "w:left=\"\(p.left.twips)\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
        out += "<w:cols w:space=\"720\"/></w:sectPr></w:body></w:document>"
        return out
    }

    /// Element order inside pPr and rPr follows the schema's sequence: Word refuses files that do not.
    static func paragraph(_ p: Paragraph, breakBefore: Bool, into out: inout String) {
        out += "<w:p><w:pPr>"
        if p.keepWithNext { out += "<w:keepNext/>" }
        if breakBefore { out += "<w:pageBreakBefore/>" }
        if p.ruleAbove {
            out += #"<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>"#
        }
        if !p.tabStops.isEmpty {
            out += "<w:tabs>"
            for t in p.tabStops {
                out += "<w:tab w:val=\"\(t.alignment.rawValue)\""
                if t.leader != .none { out += " w:leader=\"\(t.leader.rawValue)\"" }
                out += " w:pos=\"\(t.position.twips)\"/>"
            }
            out += "</w:tabs>"
        }
        out += "<w:spacing w:before=\"\(p.spaceBefore.twips)\" w:after=\"\(p.spaceAfter.twips)\""
        if let line = p.lineSpacing { out += " w:line=\"\(Int((line * 240).rounded()))\" w:lineRule=\"auto\"" }
        out += "/>"
        if p.indentLeft != .zero || p.indentRight != .zero || p.firstLineIndent != .zero {
            out += "<w:ind w:left=\"\(p.indentLeft.twips)\" w:right=\"\(p.indentRight.twips)\""
            if p.firstLineIndent.twips >= 0 {
                out += " w:firstLine=\"\(p.firstLineIndent.twips)\"/>"
            } else {
                out += " w:hanging=\"\(-p.firstLineIndent.twips)\"/>"
            }
        }
        // "justify" is "both" in WordprocessingML; "left" is written as "left" which both Word and LibreOffice read.
        out += "<w:jc w:val=\"\(p.alignment == .justify ? "both" : p.alignment.rawValue)\"/>"
        if let size = p.size { out += "<w:rPr>\(sizeXML(size))</w:rPr>" }
        out += "</w:pPr>"
        for run in p.runs {
            self.run(run, paragraphSize: p.size, into: &out)
        }
        out += "</w:p>"
    }

    static func run(_ r: Run, paragraphSize: Double?, into out: inout String) {
        var props = ""
        if r.bold { props += "<w:b/><w:bCs/>" }
        if r.italic { props += "<w:i/><w:iCs/>" }
        if let size = r.size ?? paragraphSize { props += sizeXML(size) }
        if r.underline { props += #"<w:u w:val="single"/>"# }
        out += "<w:r>"
        if !props.isEmpty { out += "<w:rPr>\(props)</w:rPr>" }
        // Tabs and line breaks are elements of their own in a run, not characters of w:t.
        let normalized = normalize(r.text)
        var first = true
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { out += "<w:br/>" }
            first = false
            var firstPiece = true
            for piece in line.split(separator: "\t", omittingEmptySubsequences: false) {
                if !firstPiece { out += "<w:tab/>" }
                firstPiece = false
                if !piece.isEmpty { out += "<w:t xml:space=\"preserve\">\(text(String(piece)))</w:t>" }
            }
        }
        out += "</w:r>"
    }

    static func table(_ t: Table, into out: inout String) {
        let total = t.columnWidths.reduce(0) { $0 + $1.twips }
        out += "<w:tbl><w:tblPr><w:tblW w:w=\"\(total)\" w:type=\"dxa\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
        let edge = t.borders ? #"w:val="single" w:sz="4" w:space="0" w:color="000000""# : #"w:val="nil""#
        out += "<w:tblBorders>"
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] { out += "<w:\(side) \(edge)/>" }
        out += "</w:tblBorders>"
        // Fixed layout: the widths we give are the widths printed, not a hint LibreOffice and Word each
        // reinterpret from the content.
        out += #"<w:tblLayout w:type="fixed"/>"#
        let pad = t.cellPadding.twips
        out += "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"\(pad)\" w:type=\"dxa\"/>"
        out += "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"\(pad)\" w:type=\"dxa\"/></w:tblCellMar>"
        out += #"<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>"#
        out += "</w:tblPr><w:tblGrid>"
        for width in t.columnWidths { out += "<w:gridCol w:w=\"\(width.twips)\"/>" }
        out += "</w:tblGrid>"
        for row in t.rows {
            out += "<w:tr>"
            if row.cantSplit || row.isHeader {
                out += "<w:trPr>"
                if row.cantSplit { out += "<w:cantSplit/>" }
                if row.isHeader { out += "<w:tblHeader/>" }
                out += "</w:trPr>"
            }
            // Cells beyond the grid are dropped and missing ones filled, so a ragged row cannot corrupt the file.
            for (index, width) in t.columnWidths.enumerated() {
                let cell = index < row.cells.count ? row.cells[index] : TableCell([])
                out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width.twips)\" w:type=\"dxa\"/>"
                out += "<w:vAlign w:val=\"\(cell.verticalAlignment.rawValue)\"/></w:tcPr>"
                for p in cell.paragraphs.isEmpty ? [Paragraph()] : cell.paragraphs {
                    paragraph(p, breakBefore: false, into: &out)
                }
                out += "</w:tc>"
            }
            out += "</w:tr>"
        }
        out += "</w:tbl>"
    }

    static func sizeXML(_ points: Double) -> String {
        let half = halfPoints(points)
        return "<w:sz w:val=\"\(half)\"/><w:szCs w:val=\"\(half)\"/>"
    }

    static func halfPoints(_ points: Double) -> Int { max(1, Int((points * 2).rounded())) }

    /// NFC, because Vietnamese typed on some systems arrives decomposed and Word then draws the tone marks
    /// detached from their letters; line ends unified to "\n".
    static func normalize(_ s: String) -> String {
        var s = s.precomposedStringWithCanonicalMapping
        if s.unicodeScalars.contains("\r") {
            s = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return s
    }

    static func text(_ s: String) -> String { XMLText.escaped(normalize(s)) }
}
