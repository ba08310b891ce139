import Domain
import Foundation
import Spreadsheet
import Vapor

enum ExportFormat: String, Sendable, CaseIterable {
    case xlsx, csv

    /// The `:format` path parameter; anything else is a 404 like an unknown page.
    init(_ req: Request) throws {
        guard let text = req.parameters.get("format"), let format = ExportFormat(rawValue: text) else { throw Abort(.notFound) }
        self = format
    }

    var mediaType: HTTPMediaType {
        switch self {
        case .xlsx: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        case .csv: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        }
    }
}

/// One column of an export: its Vietnamese heading and its width in Excel's character units.
struct ExportColumn: Sendable {
    let title: String
    let width: Double
    init(_ title: String, _ width: Double) { self.title = title; self.width = width }
}

/// An export being written to a temporary file, in flat memory whatever its length: XLSX through
/// `XLSXStreamWriter` (the sheet on disk, zipped from disk), CSV through `CSVStreamWriter` flushed every
/// megabyte. The caller streams the finished file and removes the directory.
final class ExportFile {
    let format: ExportFormat
    let directory: URL
    let url: URL
    private var xlsx: XLSXStreamWriter?
    private var csv = CSVStreamWriter()
    private var handle: FileHandle?
    /// Data rows written (the header is not counted).
    private(set) var rows = 0

    init(format: ExportFormat, sheetName: String, columns: [ExportColumn], directory: URL? = nil) throws {
        self.format = format
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("noiguong-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        self.directory = dir
        url = dir.appendingPathComponent("export.\(format.rawValue)")
        switch format {
        case .xlsx:
            xlsx = try XLSXStreamWriter(directory: dir, sheetName: sheetName, header: columns.map(\.title), columnWidths: columns.map(\.width))
        case .csv:
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw Abort(.internalServerError) }
            handle = try FileHandle(forWritingTo: url)
            csv.append(columns.map(\.title))
        }
    }

    func append(_ row: [XLSXWriter.Value]) throws {
        rows += 1
        if let xlsx {
            try xlsx.append(row)
        } else {
            csv.append(row.map(Self.csvText))
            if csv.bytes.count >= 1 << 20 { try handle?.write(contentsOf: csv.take()) }
        }
    }

    /// Dates as dd/mm/yyyy and whole numbers without separators, so the file reads back into the importer.
    static func csvText(_ value: XLSXWriter.Value) -> String {
        switch value {
        case .empty: ""
        case .text(let s): s
        case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .date(let y, let m, let d): CivilDate(year: y, month: m, day: d).map(VNFormat.date) ?? ""
        }
    }

    func finish() throws {
        if let xlsx {
            try xlsx.finish(to: url)
        } else if let handle {
            try handle.write(contentsOf: csv.take())
            try handle.close()
            self.handle = nil
        }
    }

    func discard() {
        try? handle?.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// "doan-vien-03-12-2026.xlsx": ASCII, so every browser keeps it.
    static func fileName(_ stem: String, on day: CivilDate, format: ExportFormat) -> String {
        "\(stem)-\(VNFormat.date(day).replacingOccurrences(of: "/", with: "-")).\(format.rawValue)"
    }
}

extension XLSXWriter.Value {
    /// An ISO date from the database as a date cell; empty when there is none.
    static func isoDate(_ iso: String?) -> XLSXWriter.Value {
        guard let iso, let d = CivilDate(iso: iso) else { return .empty }
        return .date(year: d.year, month: d.month, day: d.day)
    }

    static func optionalText(_ s: String?) -> XLSXWriter.Value { s.map { .text($0) } ?? .empty }
}

extension Request {
    /// Streams a finished export as an attachment and removes its directory once sent (or failed).
    func download(_ file: ExportFile, name: String) async throws -> Response {
        let directory = file.directory
        let response: Response
        do {
            response = try await fileio.asyncStreamFile(at: file.url.path, mediaType: file.format.mediaType) { _ in
                _ = try? FileManager.default.removeItem(at: directory)
            }
        } catch {
            file.discard()
            throw error
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
