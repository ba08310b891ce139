import Foundation

/// Entry point for uploads: picks CSV or XLSX from the bytes, not the extension,
/// because users routinely rename files.
public enum TabularFile {
    public struct Limits: Sendable {
        public var maxRows = 2_000_000
        public var maxUncompressedBytes = 512 * 1024 * 1024
        public var maxZipEntries = 1000
        /// Only checked for entries over 1 MB: small parts compress wildly but harmlessly.
        public var maxCompressionRatio = 200.0

        public init() {}
    }

    public static func read(_ data: Data, fileName: String? = nil, limits: Limits = .init()) throws(SpreadsheetError) -> Table {
        let lowerName = fileName?.lowercased() ?? ""
        let named = fileName.map { "Tệp “\($0)”" } ?? "Tệp"

        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try XLSXReader.read(data, limits: limits)
        }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            // This container holds both old .xls workbooks and password-protected .xlsx.
            if lowerName.hasSuffix(".xlsx") {
                throw SpreadsheetError(
                    "\(named) đang được đặt mật khẩu hoặc là tệp Excel cũ (.xls). Hãy bỏ mật khẩu rồi lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
                )
            }
            throw SpreadsheetError(
                "\(named) là định dạng Excel cũ (.xls). Hãy mở bằng Excel và lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
            )
        }
        if lowerName.hasSuffix(".xlsx") || lowerName.hasSuffix(".xlsm") {
            throw SpreadsheetError("\(named) không phải tệp Excel (.xlsx) hợp lệ.")
        }
        if lowerName.hasSuffix(".xls") {
            // Some systems export HTML or XML under .xls; it is not CSV either.
            throw SpreadsheetError(
                "\(named) không phải tệp Excel (.xlsx) hay CSV hợp lệ. Hãy mở bằng Excel và lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
            )
        }
        return try CSVReader.read(data, maxRows: limits.maxRows)
    }
}
