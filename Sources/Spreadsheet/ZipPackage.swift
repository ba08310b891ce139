import Foundation
import ZIPFoundation

/// Read-only view of an XLSX (OPC) package, with zip-bomb guards applied before anything is inflated.
///
/// The bytes are read from a temporary file, not from memory: ZIPFoundation's in-memory archive traps (crashing the
/// server) when a damaged directory points past the end of the data, while reading a file past its end just comes
/// up short and is reported as a damaged file.
struct ZipPackage {
    private let archive: Archive
    private let file: TemporaryFile
    /// Keyed by lower-cased path: OPC part names are case-insensitive and some
    /// generators disagree with their own relationship targets about case.
    private let entries: [String: Entry]

    static let invalid = SpreadsheetError("Tệp không phải tệp Excel (.xlsx) hợp lệ.")

    init(data: Data, limits: TabularFile.Limits) throws(SpreadsheetError) {
        let archive: Archive
        let file: TemporaryFile
        do {
            file = try TemporaryFile(data)
            archive = try Archive(url: file.url, accessMode: .read)
        } catch {
            throw Self.invalid
        }
        var entries: [String: Entry] = [:]
        var count = 0
        var total: UInt64 = 0
        let maxTotal = UInt64(max(0, limits.maxUncompressedBytes))
        for entry in archive {
            count += 1
            guard count <= limits.maxZipEntries else {
                throw SpreadsheetError(
                    "Tệp Excel có quá nhiều thành phần (hơn \(limits.maxZipEntries)); tệp có thể bị hỏng hoặc không an toàn."
                )
            }
            let path = entry.path.replacingOccurrences(of: "\\", with: "/")
            guard !path.split(separator: "/").contains("..") else {
                throw SpreadsheetError("Tệp Excel chứa đường dẫn không hợp lệ; tệp có thể không an toàn.")
            }
            guard entry.type == .file else { continue }
            let size = entry.uncompressedSize
            guard size <= maxTotal, total + size <= maxTotal else { throw Self.tooLarge(limits) }
            total += size
            if size > 1_048_576 {
                let ratio = Double(size) / Double(max(entry.compressedSize, 1))
                guard ratio <= limits.maxCompressionRatio else { throw Self.suspiciousRatio }
            }
            var key = path.lowercased()
            if key.hasPrefix("/") { key.removeFirst() }
            if entries[key] == nil { entries[key] = entry }
        }
        self.archive = archive
        self.file = file
        self.entries = entries
    }

    static func tooLarge(_ limits: TabularFile.Limits) -> SpreadsheetError {
        let mb = max(1, limits.maxUncompressedBytes / (1024 * 1024))
        return SpreadsheetError("Tệp Excel khi giải nén quá lớn (hơn \(mb) MB).")
    }

    static let suspiciousRatio = SpreadsheetError(
        "Tệp Excel có tỷ lệ nén bất thường (nghi là “bom nén”) nên đã bị từ chối."
    )

    func contains(_ path: String) -> Bool {
        entries[path.lowercased()] != nil
    }

    /// `nil` if the part does not exist.
    func read(_ path: String) throws(SpreadsheetError) -> Data? {
        guard let entry = entries[path.lowercased()] else { return nil }
        let declared = entry.uncompressedSize
        var out = Data()
        out.reserveCapacity(Int(clamping: min(declared, 64 * 1024 * 1024)))
        var produced: UInt64 = 0
        do {
            let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                produced += UInt64(chunk.count)
                // Sizes in the directory were vetted; a stream that inflates past its
                // declared size is lying, so stop before it eats memory.
                guard produced <= declared else { throw Overrun() }
                out.append(chunk)
            }
            guard checksum == entry.checksum else { throw Self.invalid }
        } catch is Overrun {
            throw Self.suspiciousRatio
        } catch {
            throw Self.invalid
        }
        return out
    }

    private struct Overrun: Error {}

    /// A part inflated into a temporary file instead of memory (a worksheet of 400 000 rows is 270 MB of XML), with the
    /// checks `XML.parse` makes on data run on each chunk as it comes. `nil` if the part does not exist.
    func extract(_ path: String) throws(SpreadsheetError) -> TemporaryFile? {
        guard let entry = entries[path.lowercased()] else { return nil }
        let declared = entry.uncompressedSize
        let file: TemporaryFile
        let handle: FileHandle
        do {
            file = try TemporaryFile(Data(), suffix: "xml")
            handle = try FileHandle(forWritingTo: file.url)
        } catch {
            throw RowSpoolWriter.failed
        }
        defer { try? handle.close() }
        var produced: UInt64 = 0
        var scan = XML.MarkupScan()
        do {
            let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                produced += UInt64(chunk.count)
                guard produced <= declared else { throw Overrun() }
                if let problem = scan.feed(chunk, part: path) { throw problem }
                try handle.write(contentsOf: chunk)
            }
            guard checksum == entry.checksum else { throw Self.invalid }
            if let problem = scan.finish(part: path) { throw problem }
        } catch is Overrun {
            throw Self.suspiciousRatio
        } catch let problem as SpreadsheetError {
            throw problem
        } catch {
            throw Self.invalid
        }
        return file
    }

    /// Builds an in-memory zip from (path, content) pairs.
    static func make(_ parts: [(String, Data)], compress: Bool = true) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: compress ? .deflate : .none
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ZipPackage.invalid }
        return data
    }
}

/// A file that lives as long as its owner: written once, removed when the last reference goes. Uploaded zips are
/// read through one (see `ZipPackage`).
public final class TemporaryFile: Sendable {
    public let url: URL

    public init(_ data: Data, suffix: String = "zip") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("noiguong-\(UUID().uuidString).\(suffix)")
        try data.write(to: url)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
