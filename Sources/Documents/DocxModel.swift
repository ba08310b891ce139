import Foundation

/// A distance on the page, kept in twips (1/20 pt), WordprocessingML's own unit, so nothing is rounded twice.
public struct Length: Sendable, Equatable, Hashable {
    public var twips: Int

    public init(twips: Int) { self.twips = twips }

    public static func twips(_ value: Int) -> Length { Length(twips: value) }
    public static func pt(_ value: Double) -> Length { Length(twips: Int((value * 20).rounded())) }
    public static func mm(_ value: Double) -> Length { Length(twips: Int((value * 1440 / 25.4).rounded())) }
    public static let zero = Length(twips: 0)

    public static func + (a: Length, b: Length) -> Length { Length(twips: a.twips + b.twips) }
    public static func - (a: Length, b: Length) -> Length { Length(twips: a.twips - b.twips) }
}

/// A Word document as a list of blocks; written by `data()`.
public struct DocxDocument: Sendable {
    public var title: String
    public var blocks: [DocxBlock]
    public var page: PageSetup
    public var font: String
    /// Default text size in points; paragraphs and runs may override it.
    public var fontSize: Double
    /// BCP 47 tag Word uses for spell checking and hyphenation.
    public var language: String

    public init(
        title: String, blocks: [DocxBlock] = [], page: PageSetup = .a4Decree30,
        font: String = "Times New Roman", fontSize: Double = 14, language: String = "vi-VN"
    ) {
        self.title = title
        self.blocks = blocks
        self.page = page
        self.font = font
        self.fontSize = fontSize
        self.language = language
    }

    /// The page width left for text; tables laid out to it line up with the margins.
    public var textWidth: Length { page.width - page.left - page.right }
}

public struct PageSetup: Sendable, Equatable {
    public var width: Length
    public var height: Length
    public var top: Length
    public var bottom: Length
    public var left: Length
    public var right: Length

    public init(width: Length, height: Length, top: Length, bottom: Length, left: Length, right: Length) {
        self.width = width
        self.height = height
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }

    /// A4 portrait with the margins of Nghị định 30/2020/NĐ-CP (Phụ lục I): top and bottom 20 mm, left 30 mm,
    /// right 15 mm (the low ends of the ranges it allows, which leave the most room).
    public static let a4Decree30 = PageSetup(
        width: .twips(11906), height: .twips(16838),
        top: .mm(20), bottom: .mm(20), left: .mm(30), right: .mm(15)
    )
}

public enum DocxBlock: Sendable {
    case paragraph(Paragraph)
    case table(Table)
    /// The next block starts on a new page.
    case pageBreak
}

public struct Run: Sendable, Equatable {
    public var text: String
    public var bold: Bool
    public var italic: Bool
    public var underline: Bool
    /// Points; `nil` keeps the paragraph's size.
    public var size: Double?

    public init(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false, size: Double? = nil) {
        self.text = text
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.size = size
    }
}

public struct TabStop: Sendable, Equatable {
    public enum Alignment: String, Sendable { case left, center, right }
    public enum Leader: String, Sendable { case none, dot }

    public var position: Length
    public var alignment: Alignment
    public var leader: Leader

    public init(_ position: Length, alignment: Alignment = .left, leader: Leader = .none) {
        self.position = position
        self.alignment = alignment
        self.leader = leader
    }
}

public struct Paragraph: Sendable, Equatable {
    public enum Alignment: String, Sendable { case left, center, right, justify }

    /// A tab character (`\t`) in a run's text moves to the next stop; "\n" breaks the line inside the paragraph.
    public var runs: [Run]
    public var alignment: Alignment
    public var spaceBefore: Length
    public var spaceAfter: Length
    /// Line spacing as a multiple of single (1.0); `nil` keeps the document's default (single).
    public var lineSpacing: Double?
    public var indentLeft: Length
    public var indentRight: Length
    public var firstLineIndent: Length
    /// Default size (points) for the runs and the paragraph mark; also sets the height of an empty paragraph.
    public var size: Double?
    public var tabStops: [TabStop]
    /// A thin rule above the paragraph, as wide as the paragraph between its indents: the short lines under the
    /// issuer and the motto in the header of an administrative document are drawn this way.
    public var ruleAbove: Bool
    /// Keep on the same page as the next paragraph (headings, signature blocks).
    public var keepWithNext: Bool

    public init(
        _ runs: [Run] = [], alignment: Alignment = .left, spaceBefore: Length = .zero, spaceAfter: Length = .zero,
        lineSpacing: Double? = nil, indentLeft: Length = .zero, indentRight: Length = .zero,
        firstLineIndent: Length = .zero, size: Double? = nil, tabStops: [TabStop] = [], ruleAbove: Bool = false,
        keepWithNext: Bool = false
    ) {
        self.runs = runs
        self.alignment = alignment
        self.spaceBefore = spaceBefore
        self.spaceAfter = spaceAfter
        self.lineSpacing = lineSpacing
        self.indentLeft = indentLeft
        self.indentRight = indentRight
        self.firstLineIndent = firstLineIndent
        self.size = size
        self.tabStops = tabStops
        self.ruleAbove = ruleAbove
        self.keepWithNext = keepWithNext
    }

    /// One run of plain text with the given formatting.
    public init(
        _ text: String, bold: Bool = false, italic: Bool = false, alignment: Alignment = .left, size: Double? = nil,
        spaceAfter: Length = .zero
    ) {
        self.init([Run(text, bold: bold, italic: italic)], alignment: alignment, spaceAfter: spaceAfter, size: size)
    }
}

public struct TableCell: Sendable, Equatable {
    public enum VerticalAlignment: String, Sendable { case top, center, bottom }

    /// Never empty when written: Word requires a paragraph in every cell.
    public var paragraphs: [Paragraph]
    public var verticalAlignment: VerticalAlignment

    public init(_ paragraphs: [Paragraph], verticalAlignment: VerticalAlignment = .top) {
        self.paragraphs = paragraphs
        self.verticalAlignment = verticalAlignment
    }
}

public struct TableRow: Sendable, Equatable {
    public var cells: [TableCell]
    /// Repeated at the top of each page the table runs onto.
    public var isHeader: Bool
    /// A row is moved to the next page whole rather than split across two.
    public var cantSplit: Bool

    public init(_ cells: [TableCell], isHeader: Bool = false, cantSplit: Bool = true) {
        self.cells = cells
        self.isHeader = isHeader
        self.cantSplit = cantSplit
    }
}

public struct Table: Sendable, Equatable {
    public var columnWidths: [Length]
    public var borders: Bool
    public var rows: [TableRow]
    /// Space between a cell's border and its text, left and right.
    public var cellPadding: Length

    public init(columnWidths: [Length], borders: Bool = true, rows: [TableRow], cellPadding: Length = .mm(1.5)) {
        self.columnWidths = columnWidths
        self.borders = borders
        self.rows = rows
        self.cellPadding = cellPadding
    }
}
