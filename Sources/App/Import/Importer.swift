import Domain
import Fluent
import Foundation
import Spreadsheet
import SQLKit
import Vapor

/// Imports the spreadsheets unions keep today. The whole file is read and checked first; nothing is written
/// unless every row is valid, and then everything is written in one transaction. Rows are keyed by unit code
/// and citizen id, so importing the same file again changes nothing.
enum Importer {
    enum Kind: String, Codable, Sendable, CaseIterable {
        case units, members, registrations

        /// What the import page offers; a round's registrations are imported from the round's page.
        static let general: [Kind] = [.units, .members]

        var headers: [String] {
            switch self {
            case .registrations: RegistrationImport.headers
            case .units: ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên", "Chi bộ"]
            case .members: ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Mã đơn vị", "Ngày vào Công đoàn",
                            "Số thẻ đoàn viên", "Chức vụ", "Nhiệm vụ được giao", "Trình độ chuyên môn", "Lý luận chính trị",
                            "Ngày vào Đảng", "Số điện thoại", "Email"]
            }
        }

        /// Other titles officials give these columns in their own spreadsheets, and the column each one is. Compared
        /// as `headerKey` compares titles, so case, marks and punctuation do not matter.
        var headerAliases: [String: String] {
            switch self {
            case .members: [
                "Họ tên": "Họ và tên", "Họ và tên đoàn viên": "Họ và tên", "Ngày tháng năm sinh": "Ngày sinh", "Nam/Nữ": "Giới tính",
                "CCCD": "Số CCCD", "Số căn cước": "Số CCCD", "Số căn cước công dân": "Số CCCD", "Số CCCD/CMND": "Số CCCD",
                "CCCD/CMND": "Số CCCD", "Số định danh cá nhân": "Số CCCD", "Số định danh": "Số CCCD",
                "Ngày vào CĐ": "Ngày vào Công đoàn", "Ngày gia nhập Công đoàn": "Ngày vào Công đoàn", "Ngày kết nạp Công đoàn": "Ngày vào Công đoàn",
                "Số thẻ": "Số thẻ đoàn viên", "Số thẻ ĐV": "Số thẻ đoàn viên", "Chức danh": "Chức vụ", "Nhiệm vụ": "Nhiệm vụ được giao",
                "Công việc được giao": "Nhiệm vụ được giao", "Trình độ": "Trình độ chuyên môn", "LLCT": "Lý luận chính trị",
                "Trình độ lý luận chính trị": "Lý luận chính trị", "Trình độ LLCT": "Lý luận chính trị",
                "Ngày kết nạp Đảng": "Ngày vào Đảng", "Điện thoại": "Số điện thoại", "SĐT": "Số điện thoại", "Số ĐT": "Số điện thoại",
                "Thư điện tử": "Email", "E-mail": "Email", "Địa chỉ email": "Email", "Hộ chiếu": "Số hộ chiếu",
                "Họ": "Họ đệm", "Họ và đệm": "Họ đệm", "Họ và tên đệm": "Họ đệm", "Họ, tên đệm": "Họ đệm", "Họ lót": "Họ đệm",
                "Ngày sinh Nam": "Nam", "Ngày sinh Nữ": "Nữ", "Ngày tháng năm sinh Nam": "Nam", "Ngày tháng năm sinh Nữ": "Nữ",
                "Giới tính Nam": "Nam", "Giới tính Nữ": "Nữ",
            ]
            case .units: ["Tên công đoàn": "Tên đơn vị", "Mã cấp trên": "Mã đơn vị cấp trên", "Chi bộ Đảng": "Chi bộ"]
            case .registrations: [:]
            }
        }

        /// Required columns a file may give as two: the name as family and middle names, then the given name, as many
        /// school and office lists keep it so that they sort by the given name.
        /// And the gender as two columns, "Nam" and "Nữ", with a mark or the birth date in the one that applies, as
        /// forms drawn in Excel keep it ("Ngày sinh" merged over "Nam" and "Nữ").
        var splitHeaders: [String: [String]] {
            self == .members ? ["Họ và tên": ["Họ đệm", "Tên"], "Giới tính": ["Nam", "Nữ"]] : [:]
        }

        /// Required columns that parts given for another column hold as well: the birth date is written in "Nam" or
        /// "Nữ" when the file has no column of its own for it.
        var alsoHeldBy: [String: [String]] {
            self == .members ? ["Ngày sinh": ["Nam", "Nữ"]] : [:]
        }

        /// Columns a file may add after the required ones (foreign members), or give instead of one (`splitHeaders`).
        var optionalHeaders: [String] {
            // A unit row declares a new Party cell only when it says so: a typo must not make one.
            switch self {
            case .members: ["Quốc tịch", "Số hộ chiếu", "Họ đệm", "Tên", "Nam", "Nữ"]
            case .units: ["Tạo chi bộ mới"]
            case .registrations: []
            }
        }
    }

    struct Problem: Codable, Sendable, Equatable, Error {
        var line: Int
        var message: String
    }

    struct Report: Codable, Sendable {
        var kind: Kind
        var rows = 0
        var created = 0
        var updated = 0
        var moved = 0
        var unchanged = 0
        var applied = false
        var problems: [Problem] = []
        /// Problems past the first `maxListed`: counted, not listed (a file of a million bad rows would otherwise
        /// make a report larger than the file).
        var omitted = 0
        /// Seconds per phase, for benchmarks (`import … --timings`).
        var timings: [String: Double] = [:]
        /// How the file's own column titles were read (`Importer.readAs`). Optional: reports stored before it decode.
        var columnsRead: [String]?

        var ok: Bool { problems.isEmpty }
        static let maxListed = 1000

        mutating func add(line: Int, _ message: String) {
            if problems.count < Self.maxListed { problems.append(Problem(line: line, message: message)) } else { omitted += 1 }
        }

        /// The same text on the page and on the command line. The page lists how the columns were read apart, a
        /// column a line (`withColumns` false).
        func lines(withColumns: Bool = true) -> [String] {
            let columnsReadLine = withColumns ? columnsRead.map { ["Cột đọc theo tên trong tệp: " + $0.joined(separator: "; ") + "."] } ?? [] : []
            var out: [String] = []
            if ok {
                switch kind {
                case .registrations:
                    // `unchanged` counts the members listed with nothing written: they have not registered.
                    let blank = unchanged > 0 ? ", \(VNFormat.integer(unchanged)) để trống (chưa đăng ký)" : ""
                    out.append("\(applied ? "Đã ghi" : "Kiểm tra xong") \(VNFormat.integer(rows)) dòng bản đăng ký (nhập thay đoàn viên): \(VNFormat.integer(created)) mới, \(VNFormat.integer(updated)) sửa lại\(blank).")
                case .units, .members:
                    let what = kind == .units ? "đơn vị" : "đoàn viên"
                    out.append("\(applied ? "Đã nhập" : "Kiểm tra xong") \(VNFormat.integer(rows)) dòng \(what): \(VNFormat.integer(created)) mới, \(VNFormat.integer(updated)) cập nhật, \(VNFormat.integer(moved)) chuyển đơn vị, \(VNFormat.integer(unchanged)) không đổi.")
                }
                out += columnsReadLine

            } else {
                out.append("Tệp có \(VNFormat.integer(problems.count + omitted)) lỗi; chưa ghi gì vào cơ sở dữ liệu.")
                // How the columns were read explains the problems found in them, so it comes before them.
                out += columnsReadLine
                for p in problems {
                    out.append(p.line > 0 ? "Dòng \(p.line): \(p.message)" : p.message)
                }
                if omitted > 0 { out.append("… và \(VNFormat.integer(omitted)) lỗi khác (chỉ liệt kê \(VNFormat.integer(Self.maxListed)) lỗi đầu).") }
            }
            return out
        }
    }

    /// `whenWriting` runs inside the import's transaction, after its rows: the page marks its batch applied there, so
    /// that two confirmations cannot both write the file.
    typealias Hook = @Sendable (WriteTransaction) async throws -> Void
    /// Told the number of data rows read so far, after each chunk: a job's progress bar, the command line's.
    typealias Progress = @Sendable (Int) async -> Void
    /// Told the number of data rows once the file has been read far enough to know it: a workbook's, after its sheet
    /// is spooled (a CSV's is estimated beforehand from its lines).
    typealias Total = @Sendable (Int) async -> Void

    static func run(_ kind: Kind, data: Data, fileName: String?, actor: Actor, effective: CivilDate, apply: Bool,
                    whenWriting: Hook? = nil, progress: Progress? = nil, total: Total? = nil, round: Rounds.Row? = nil,
                    on db: any Database) async throws -> Report {
        var report = Report(kind: kind)
        let clock = Date()
        if kind == .registrations {
            guard let round else {
                report.problems.append(Problem(line: 0, message: "Bản đăng ký được nhập từ trang của đợt đăng ký."))
                return report
            }
            report = try await RegistrationImport.run(round: round, data: data, fileName: fileName ?? "", actor: actor, apply: apply,
                                                      whenWriting: whenWriting, progress: progress, on: db)
            report.problems = report.problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
            return report
        }
        var source: RowSource
        do {
            // In a workbook, the first sheet that has this kind's header near its top.
            source = try TabularFile.open(data, fileName: fileName) { table in
                hasHeader(Array(table.rows.prefix(headerSearchRows)), kind: kind)
            }
        } catch {
            report.problems.append(Problem(line: 0, message: error.message))
            return report
        }
        let columns: [String: Int]
        do {
            switch try findHeader(in: &source, kind: kind) {
            case .failure(let problem):
                report.problems.append(problem)
                return report
            case .success(let found):
                columns = found.columns
                report.columnsRead = readAs(found.columns, header: found.header, kind: kind)
            }
        } catch {
            report.problems.append(Problem(line: 0, message: error.message))
            return report
        }
        if let left = source.rowsLeft { await total?(left) }
        switch kind {
        case .units:
            // A unit file is small (a province has a few thousand units): read it whole.
            var rows: [SheetRow] = []
            do {
                while case let chunk = try source.next(10_000), !chunk.isEmpty { rows += chunk }
            } catch {
                report.problems.append(Problem(line: 0, message: error.message))
                return report
            }
            report.rows = rows.count
            if rows.isEmpty { break }
            await progress?(rows.count)
            try await UnitImport.run(rows: rows, columns: columns, actor: actor, effective: effective, apply: apply, whenWriting: whenWriting, report: &report, db: db)
        case .registrations:
            break
        case .members:
            try await MemberImport.run(source: source, columns: columns, actor: actor, effective: effective, apply: apply, whenWriting: whenWriting,
                                       progress: progress, expectedRows: ImportJobs.estimateRows(data, fileName: fileName) ?? source.rowsLeft,
                                       report: &report, db: db)
        }
        if report.rows == 0 && report.ok {
            report.problems.append(Problem(line: 0, message: "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
        }
        report.applied = apply && report.ok
        // By line, keeping each line's problems in the order they were found.
        report.problems = report.problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        report.timings["total"] = Date().timeIntervalSince(clock)
        return report
    }

    /// Officials know their units by name, not by code: a file may name a unit either way. The names are
    /// those of the active units in the importer's scope, folded; a name two units share is not guessed.
    struct UnitNames: Sendable {
        var codes: [String: [String]] = [:]

        init(_ units: [(code: String, name: String)] = []) {
            for u in units where !(codes[Self.key(u.name)]?.contains(u.code) ?? false) { codes[Self.key(u.name), default: []].append(u.code) }
        }

        static func key(_ name: String) -> String { VietnameseText.fold(name).split(separator: " ").joined(separator: " ") }

        /// The code a unit cell stands for: the cell itself when it is written as a code (or empty), the one unit of that
        /// name, or what is wrong.
        func resolve(_ text: String, field: String = "Mã đơn vị") -> Resolved {
            let text = VietnameseText.clean(text)
            if text.isEmpty || FieldRules.unitCodeProblem(text) == nil { return .code(text) }
            let found = codes[Self.key(text)] ?? []
            switch found.count {
            case 1: return .code(found[0])
            case 0: return .problem(FieldError(field: field, message: "\(field): «\(VietnameseText.excerpt(text))» không phải mã hay tên của một đơn vị bạn quản lý; hãy chọn mã trong danh sách của tệp mẫu."))
            default: return .problem(FieldError(field: field, message: "\(field): «\(VietnameseText.excerpt(text))» là tên của \(found.count) đơn vị (mã \(found.sorted().joined(separator: ", "))); hãy ghi mã đơn vị."))
            }
        }

        enum Resolved { case code(String), problem(FieldError) }

        static func load(scope: Scope, on sql: any SQLDatabase) async throws -> UnitNames {
            UnitNames(try await Units.writableNames(scope: scope, on: sql))
        }
    }

    /// A column's title as it is compared: folded, a hint in brackets left out ("Ngày sinh (dd/mm/yyyy)"), punctuation
    /// as spaces ("Số CCCD/CMND" is "so cccd cmnd").
    static func headerKey(_ text: String) -> String {
        var depth = 0
        let plain = String(VietnameseText.fold(text).map { (c: Character) -> Character in
            if c == "(" || c == "[" { depth += 1; return " " }
            if c == ")" || c == "]" { depth = max(0, depth - 1); return " " }
            return depth == 0 && (c.isLetter || c.isNumber) ? c : " "
        })
        return plain.split(separator: " ").joined(separator: " ")
    }

    /// Numbering and notes columns that officials' own spreadsheets carry ("STT", "Ghi chú"): read past, never stored.
    static let ignoredColumns: Set<String> = ["stt", "tt", "so tt", "so thu tu", "ghi chu"]

    /// How far down a sheet its header may sit, under the title lines officials put above it ("DANH SÁCH ĐOÀN VIÊN…").
    static let headerSearchRows = 10

    /// The header row and its columns: the first of the file's first rows that has every column the template needs.
    /// The title lines above it are read past. A header may take two rows, as forms drawn in Excel do ("Ngày sinh"
    /// merged over "Nam" and "Nữ"), and a row numbering the columns ("(1) (2) (3)…") under it is read past too. When
    /// no row has them all, the problem named is that of the row that came closest, which is the header the official
    /// meant.
    static func findHeader(in source: inout RowSource, kind: Kind) throws(SpreadsheetError) -> Result<(columns: [String: Int], header: SheetRow), Problem> {
        var closest: (known: Int, problem: Problem)?
        var previous: SheetRow?
        for _ in 0 ..< headerSearchRows {
            guard let row = try source.next(1).first else { break }
            if row.cells.allSatisfy({ VietnameseText.clean($0.text).isEmpty }) { previous = nil; continue }
            let candidates = [row] + (previous.map { [combine($0, row, kind: kind)] } ?? [])
            for candidate in candidates {
                switch headerMap(candidate, kind: kind) {
                case .success(let columns):
                    if let next = try source.next(1).first, !isColumnNumbering(next) { source.putBack(next) }
                    return .success((columns, candidate))
                case .failure(let problem):
                    let known = recognised(candidate, kind: kind)
                    if closest.map({ known > $0.known }) ?? true { closest = (known, problem) }
                }
            }
            previous = row
        }
        return .failure(closest?.problem ?? Problem(line: 0, message: "Tệp không có dữ liệu."))
    }

    /// How the file's own titles were read, for the official to see before confirming: the columns read under another
    /// title than the template's ("«Họ tên» (cột B): Họ và tên"), and those read past. Nil when the file uses the
    /// template's titles and no other.
    static func readAs(_ columns: [String: Int], header: SheetRow, kind: Kind) -> [String]? {
        let titles = header.cells.map { VietnameseText.clean($0.text) }
        func quoted(_ i: Int) -> String { "«\(VietnameseText.excerpt(titles[i], limit: 40))» (cột \(columnLetter(i)))" }
        var out: [String] = []
        // The gender columns are always named: what is written in them means more than their titles say.
        let genderColumns = ["Nam", "Nữ"]
        for (field, i) in columns.sorted(by: { $0.value < $1.value })
        where i < titles.count && (headerKey(titles[i]) != headerKey(field) || genderColumns.contains(field)) {
            let meaning: String
            if genderColumns.contains(field) {
                meaning = columns["Ngày sinh"] == nil ? "Giới tính \(field), ngày sinh ghi ở cột này" : "Giới tính \(field) khi có đánh dấu"
            } else if field == "Họ đệm" || field == "Tên" {
                meaning = "\(field) (ghép thành Họ và tên)"
            } else {
                meaning = field
            }
            out.append("\(quoted(i)): \(meaning)")
        }
        let skipped = titles.indices.filter { ignoredColumns.contains(headerKey(titles[$0])) }.map(quoted)
        if !skipped.isEmpty { out.append("bỏ qua " + skipped.joined(separator: ", ")) }
        return out.isEmpty ? nil : out
    }

    /// "A", "B", … "Z", "AA": a column as the spreadsheet names it.
    static func columnLetter(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// Whether these first rows of a sheet hold this kind's header, on one row or on two.
    static func hasHeader(_ rows: [SheetRow], kind: Kind) -> Bool {
        rows.indices.contains { i in
            let candidates = [rows[i]] + (i > 0 ? [combine(rows[i - 1], rows[i], kind: kind)] : [])
            return candidates.contains { if case .success = headerMap($0, kind: kind) { true } else { false } }
        }
    }

    /// A header drawn on two rows read as one: a title over several columns ("Ngày sinh" merged over "Nam" and "Nữ",
    /// "Trình độ" over "Chuyên môn" and "Lý luận chính trị") names each column under it together with that column's
    /// own title; a title merged down over both rows is the column's. A merged cell keeps its text in its first cell
    /// only, so a title runs right over the empty cells beside it as long as there are titles under them.
    static func combine(_ top: SheetRow, _ bottom: SheetRow, kind: Kind) -> SheetRow {
        let names = titles(kind)
        let width = max(top.cells.count, bottom.cells.count)
        func text(_ row: SheetRow, _ i: Int) -> String { i < row.cells.count ? VietnameseText.clean(row.cells[i].text) : "" }
        var group = ""
        var cells: [Cell] = []
        for i in 0 ..< width {
            let (over, under) = (text(top, i), text(bottom, i))
            if !over.isEmpty { group = under.isEmpty ? "" : over } else if under.isEmpty { group = "" }
            let title: String
            if under.isEmpty {
                title = over
            } else if group.isEmpty {
                title = under
            } else if names[headerKey(group + " " + under)] != nil || names[headerKey(under)] == nil && !ignoredColumns.contains(headerKey(under)) {
                title = group + " " + under
            } else {
                title = under
            }
            cells.append(.text(title))
        }
        return SheetRow(line: bottom.line, cells: cells)
    }

    /// A row that only numbers the columns, as forms do under their header: "1, 2, 3…" or "(1), (2), (3)…", rising.
    static func isColumnNumbering(_ row: SheetRow) -> Bool {
        let texts = row.cells.map { VietnameseText.clean($0.text) }.filter { !$0.isEmpty }
        let numbers = texts.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "()[]."))) }
        return numbers.count >= 3 && numbers.count == texts.count && zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }
    }

    /// The field each title this kind knows stands for, keyed as `headerKey` compares titles.
    static func titles(_ kind: Kind) -> [String: String] {
        Dictionary((kind.headers + kind.optionalHeaders).map { (headerKey($0), $0) }, uniquingKeysWith: { a, _ in a })
            .merging(kind.headerAliases.map { (headerKey($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// How many of a row's cells are titles of this kind's columns.
    static func recognised(_ row: SheetRow, kind: Kind) -> Int {
        let names = titles(kind)
        return row.cells.filter { names[headerKey(VietnameseText.clean($0.text))] != nil }.count
    }

    static func headerMap(_ header: SheetRow, kind: Kind) -> Result<[String: Int], Problem> {
        var found: [String: Int] = [:]
        var unknown: [String] = [], twice: [String] = [], alone: [String] = []
        let names = titles(kind)
        for (i, cell) in header.cells.enumerated() {
            let text = VietnameseText.clean(cell.text)
            if text.isEmpty || ignoredColumns.contains(headerKey(text)) { continue }
            if let name = names[headerKey(text)] {
                // Two columns for one field: which one holds the data is a guess, so the file is sent back instead.
                if found[name] != nil { twice.append(name) } else { found[name] = i }
            } else {
                unknown.append(text)
            }
        }
        // A column given as its parts is there; given both ways, which one holds the data is a guess.
        for (whole, parts) in kind.splitHeaders where parts.allSatisfy({ found[$0] != nil }) && found[whole] != nil { twice.append(whole) }
        for (_, parts) in kind.splitHeaders where parts.contains(where: { found[$0] != nil }) && !parts.allSatisfy({ found[$0] != nil }) {
            alone.append("cột " + parts.map { "\"\($0)\"" }.joined(separator: " và ") + " phải đi cùng nhau")
        }
        let missing = kind.headers.filter { name in
            found[name] == nil && ![kind.splitHeaders[name], kind.alsoHeldBy[name]].contains { $0?.allSatisfy { found[$0] != nil } ?? false }
        }
        if !missing.isEmpty || !unknown.isEmpty || !twice.isEmpty || !alone.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("thiếu cột " + missing.map { "\"\($0)\"" }.joined(separator: ", ")) }
            if !unknown.isEmpty { parts.append("cột không nhận ra " + unknown.map { "\"\(VietnameseText.excerpt($0))\"" }.joined(separator: ", ")) }
            if !twice.isEmpty { parts.append("có hai cột cùng là " + twice.map { "\"\($0)\"" }.joined(separator: ", ")) }
            parts += alone
            return .failure(Problem(line: header.line, message: "Dòng tiêu đề không đúng mẫu: " + parts.joined(separator: "; ")
                + ". Cần: " + kind.headers.joined(separator: "; ") + "."))
        }
        return .success(found)
    }

    static func value(_ row: SheetRow, _ columns: [String: Int], _ name: String) -> String {
        guard let i = columns[name], i < row.cells.count else { return "" }
        return text(of: row.cells[i], field: name)
    }

    /// A cell as the field's checks read it. A real date cell is written back as dd/mm/yyyy so both file kinds go
    /// through the same checks. A CCCD or a phone number typed into a number cell lost its leading zeros, which are
    /// put back: officials' workbooks keep these columns as numbers more often than not.
    static func text(of cell: Cell, field: String) -> String {
        switch cell {
        case .date(let y, let m, let d): return String(format: "%02d/%02d/%04d", d, m, y)
        case .number(let n) where n >= 0 && n == n.rounded():
            switch field {
            case "Số CCCD": return CitizenID.fromNumber(cell.text)
            case "Số điện thoại": return FieldRules.phoneFromNumber(cell.text)
            default: return cell.text
            }
        default: return cell.text
        }
    }

    /// Looks rows up by a key column in chunks, keeping each statement's parameters bounded.
    static func chunked<Key, T>(_ keys: [Key], size: Int = 500, _ fetch: ([Key]) async throws -> [T]) async throws -> [T] {
        var out: [T] = []
        for start in stride(from: 0, to: keys.count, by: size) {
            out += try await fetch(Array(keys[start..<min(start + size, keys.count)]))
        }
        return out
    }
}

// MARK: - Units

enum UnitImport {
    struct Row {
        var line: Int
        var code: String
        var name: String
        var kind: UnitKindRow
        var parentCode: String?
        var cell: String?
        var createCell = false
    }

    static func run(rows sheet: [SheetRow], columns: [String: Int], actor: Actor, effective: CivilDate, apply: Bool,
                    whenWriting: Importer.Hook?, report: inout Importer.Report, db: any Database) async throws {
        let sql = db.sql
        let kinds = try await Units.kinds(on: sql)
        var rows: [Row] = []
        var firstLine: [String: Int] = [:]
        // A parent may be named by its name: an existing unit the importer may write to, or a unit of this file.
        let named = sheet.map { (code: VietnameseText.clean(Importer.value($0, columns, "Mã đơn vị")), name: VietnameseText.clean(Importer.value($0, columns, "Tên đơn vị"))) }
        let units = Importer.UnitNames(try await Units.writableNames(scope: actor.scope, on: sql) + named.filter { !$0.code.isEmpty && !$0.name.isEmpty })
        for r in sheet {
            var messages: [String] = []
            let code = VietnameseText.clean(Importer.value(r, columns, "Mã đơn vị"))
            let name = VietnameseText.clean(Importer.value(r, columns, "Tên đơn vị"))
            let kindText = VietnameseText.clean(Importer.value(r, columns, "Loại đơn vị"))
            var parent = VietnameseText.clean(Importer.value(r, columns, "Mã đơn vị cấp trên"))
            switch units.resolve(parent, field: "Mã đơn vị cấp trên") {
            case .code(let code): parent = code
            case .problem(let problem): messages.append(problem.message); parent = ""
            }
            let cell = VietnameseText.clean(Importer.value(r, columns, "Chi bộ"))
            let createText = VietnameseText.fold(VietnameseText.clean(Importer.value(r, columns, "Tạo chi bộ mới")))
            let createCell = ["x", "co", "1", "yes", "true"].contains(createText)
            if !createText.isEmpty && !createCell && !["khong", "0", "no", "false"].contains(createText) {
                messages.append("Tạo chi bộ mới: ghi \"x\" (hoặc \"có\") để tạo, để trống nếu không.")
            }
            if createCell && cell.isEmpty { messages.append("Tạo chi bộ mới: cần tên chi bộ ở cột \"Chi bộ\".") }
            if let p = FieldRules.unitCodeProblem(code) { messages.append("Mã đơn vị: \(p)") }
            if name.isEmpty { messages.append("Tên đơn vị: không được để trống.") }
            if name.count > 200 { messages.append("Tên đơn vị: dài quá 200 ký tự.") }
            let kind = Units.kind(named: kindText, in: kinds)
            if kind == nil {
                messages.append("Loại đơn vị \"\(VietnameseText.excerpt(kindText))\" không có trong danh mục (" + kinds.map(\.name).joined(separator: ", ") + ").")
            }
            if !parent.isEmpty, let p = FieldRules.unitCodeProblem(parent) { messages.append("Mã đơn vị cấp trên: \(p)") }
            if parent == code && !code.isEmpty { messages.append("Mã đơn vị cấp trên không được trùng mã đơn vị.") }
            if let first = firstLine[code], !code.isEmpty {
                messages.append("Mã đơn vị \(code) trùng với dòng \(first).")
            } else if !code.isEmpty {
                firstLine[code] = r.line
            }
            if cell.count > 200 { messages.append("Chi bộ: dài quá 200 ký tự.") }
            if messages.isEmpty, let kind {
                rows.append(Row(line: r.line, code: code, name: name, kind: kind, parentCode: parent.isEmpty ? nil : parent, cell: cell.isEmpty ? nil : cell,
                                createCell: createCell))
            } else {
                report.problems += messages.map { Importer.Problem(line: r.line, message: $0) }
            }
        }
        guard apply else {
            _ = try await plan(rows, actor: actor, report: &report, sql: sql)
            return
        }
        // Applying, the file is checked again inside the write transaction, against the tree as it stands there: two
        // officials importing the same new units at once then find the other's units (the second waits for the
        // first on SQLite, and runs again on PostgreSQL) instead of failing on a duplicate code.
        let (checked, parsed) = (report, rows)
        do {
            report = try await Writes.perform(on: db, actor: actor) { tx in
                var report = checked
                guard let (order, byCode) = try await plan(parsed, actor: actor, report: &report, sql: tx.sql) else {
                    throw Refused(report: report)
                }
                try await write(order, existing: byCode, effective: effective, report: report, in: tx)
                try await whenWriting?(tx)
                return report
            }
        } catch let refused as Refused {
            report = refused.report
        }
    }

    /// A file with a bad row, found inside the write transaction: it rolls back and the report goes to the page.
    struct Refused: Error { let report: Importer.Report }

    /// Checks the parsed rows against the tree and counts what would change; the rows in the order to write them and
    /// the units the file names that exist already, or nil when the report has problems.
    static func plan(_ rows: [Row], actor: Actor, report: inout Importer.Report, sql: any SQLDatabase) async throws
        -> (order: [Row], existing: [String: UnitRow])? {
        // Existing units named by the file, as codes or as parents.
        let codes = Array(Set(rows.map(\.code) + rows.compactMap(\.parentCode)))
        let existing = try await Importer.chunked(codes) { chunk in
            try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.code IN (\(binds: chunk))")
                .all(decoding: UnitRow.self, with: snakeCase)
        }
        let byCode = Dictionary(existing.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let inFile = Dictionary(rows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let scope = actor.scope
        var valid: [Row] = []
        for row in rows {
            var messages: [String] = []
            if let unit = byCode[row.code] {
                if !scope.canWrite(unitPath: unit.path) {
                    messages.append("Đơn vị \(row.code) đã có trong hệ thống và nằm ngoài phạm vi bạn được sửa.")
                } else if !unit.isActive {
                    messages.append("Đơn vị \(row.code) đã giải thể hoặc sáp nhập.")
                }
            }
            if let parentCode = row.parentCode {
                if let parent = byCode[parentCode] {
                    if !scope.canWrite(unitPath: parent.path) {
                        messages.append("Đơn vị cấp trên \(parentCode) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý.")
                    } else if !parent.isActive {
                        messages.append("Đơn vị cấp trên \(parentCode) đã giải thể hoặc sáp nhập.")
                    } else if let unit = byCode[row.code], unit.subtree.contains(parent.path) {
                        messages.append("Không thể đặt \(row.code) dưới chính đơn vị cấp dưới của nó (\(parentCode)).")
                    }
                } else if inFile[parentCode] == nil {
                    messages.append("Mã đơn vị cấp trên \(parentCode) không có trong hệ thống, cũng không có trong tệp.")
                }
            } else if !scope.isAdmin {
                let unit = byCode[row.code]
                if unit?.parentId != nil || unit == nil {
                    messages.append("Thiếu mã đơn vị cấp trên: chỉ quản trị hệ thống được tạo đơn vị gốc.")
                }
            }
            if messages.isEmpty { valid.append(row) } else { report.problems += messages.map { Importer.Problem(line: row.line, message: $0) } }
        }
        // Parents named only in the file must chain up to a unit already in the system, without a loop.
        let order = try topologicalOrder(valid, existing: byCode, report: &report)
        guard report.ok else { return nil }
        try await checkPartyCells(order, existing: byCode, report: &report, sql: sql)
        guard report.ok else { return nil }

        // Count what would change, so a dry run can say it.
        for row in order {
            guard let unit = byCode[row.code] else { report.created += 1; continue }
            let parentChanged = row.parentCode.map { byCode[$0]?.id != unit.parentId || byCode[$0] == nil } ?? (unit.parentId != nil)
            if parentChanged { report.moved += 1 }
            let cellId = try await row.cell.asyncMap { try await PartyCells.find(named: $0, for: unit.path, on: sql) } ?? nil
            let cellChanged = (row.cell == nil) != (unit.partyCellId == nil) || (row.cell != nil && cellId != unit.partyCellId)
            if unit.name != row.name || unit.kindId != row.kind.id || cellChanged { report.updated += 1 }
            else if !parentChanged { report.unchanged += 1 }
        }
        return (order, byCode)
    }

    /// Writes the planned rows: units already there are moved and changed one by one, new ones made together.
    static func write(_ order: [Row], existing byCode: [String: UnitRow], effective: CivilDate, report: Importer.Report,
                      in tx: WriteTransaction) async throws {
        let summary = "Nhập danh sách đơn vị: \(VNFormat.integer(report.created)) mới, \(VNFormat.integer(report.updated)) cập nhật, \(VNFormat.integer(report.moved)) chuyển"
        var ids: [String: Int] = byCode.mapValues(\.id)
        // New units wait to be created together, until a row needs one of them as its parent or changes a unit
        // already there (whose move or cell may concern them).
        var waiting: [Row] = []
        func createWaiting() async throws {
            let made = try await Units.create(waiting.map { row in
                .init(code: row.code, name: row.name, kindId: row.kind.id, parentId: row.parentCode.flatMap { ids[$0] },
                      partyCellId: nil, on: effective, partyCellName: row.cell, createPartyCell: row.createCell)
            }, in: tx)
            for (row, id) in zip(waiting, made) { ids[row.code] = id }
            waiting = []
        }
        for row in order {
            let existingUnit = byCode[row.code]
            if existingUnit != nil || row.parentCode.map({ ids[$0] == nil }) == true { try await createWaiting() }
            guard let existingUnit else {
                waiting.append(row)
                continue
            }
            if let parentId = row.parentCode.flatMap({ ids[$0] }), parentId != existingUnit.parentId {
                try await Units.move(existingUnit.id, under: parentId, on: effective, in: tx)
            }
            let current = try await Units.find(id: existingUnit.id, on: tx.sql)!
            let cellId = try await row.cell.asyncMap { try await PartyCells.resolve(named: $0, for: current.path, create: row.createCell, in: tx) } ?? nil
            try await Units.update(id: current.id, name: row.name, kindId: row.kind.id, partyCellId: cellId, on: effective, in: tx)
        }
        try await createWaiting()
        tx.audit("import", "unit", id: nil, unit: nil, summary)
    }

    /// A cell a row names must be declared at its unit or above it — in the system, or by a row of the file that
    /// says "Tạo chi bộ mới" — as the tree will stand once the file is applied.
    static func checkPartyCells(_ rows: [Row], existing: [String: UnitRow], report: inout Importer.Report, sql: any SQLDatabase) async throws {
        let inFile = Dictionary(rows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var declared: [String: Set<String>] = [:]
        for row in rows where row.createCell { if let cell = row.cell { declared[row.code, default: []].insert(VietnameseText.fold(cell)) } }
        for row in rows {
            guard let cell = row.cell, !row.createCell else { continue }
            let key = VietnameseText.fold(cell)
            var code: String? = row.code, found = false, steps = 0
            while let c = code, !found, steps < 100 {
                steps += 1
                if declared[c]?.contains(key) == true { found = true; break }
                if let fileRow = inFile[c], fileRow.parentCode != nil {
                    // Declared at this unit itself (it may be moving): then on up the file's own chain.
                    if let unit = existing[c] { found = try await PartyCells.find(named: cell, for: "/\(unit.id)/", on: sql) != nil }
                    code = fileRow.parentCode
                } else {
                    if let unit = existing[c] { found = try await PartyCells.find(named: cell, for: unit.path, on: sql) != nil }
                    code = nil
                }
            }
            if !found {
                report.problems.append(.init(line: row.line, message: "Chi bộ \"\(cell)\" chưa có ở đơn vị này hay ở cấp trên của nó. Nếu cần tạo chi bộ mới tại đơn vị \(row.code), ghi \"x\" ở cột \"Tạo chi bộ mới\"."))
            }
        }
    }

    /// Rows ordered so that every parent comes before its children.
    static func topologicalOrder(_ rows: [Row], existing: [String: UnitRow], report: inout Importer.Report) throws -> [Row] {
        let byCode = Dictionary(rows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var placed = Set<String>(), order: [Row] = []
        var visiting = Set<String>()
        func place(_ row: Row) -> Bool {
            if placed.contains(row.code) { return true }
            if visiting.contains(row.code) { return false }
            visiting.insert(row.code)
            defer { visiting.remove(row.code) }
            if let parent = row.parentCode, let parentRow = byCode[parent], !place(parentRow) { return false }
            placed.insert(row.code)
            order.append(row)
            return true
        }
        for row in rows where !place(row) {
            report.problems.append(Importer.Problem(line: row.line, message: "Đơn vị \(row.code) nằm trong một vòng lặp cấp trên – cấp dưới."))
        }
        // Level by level, each level in the order above: the new units of a level are then created together.
        var level: [String: Int] = [:]
        for row in order { level[row.code] = row.parentCode.flatMap { level[$0].map { $0 + 1 } } ?? 0 }
        return order.enumerated().sorted { (level[$0.element.code]!, $0.offset) < (level[$1.element.code]!, $1.offset) }.map(\.element)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}

// MARK: - Members

/// What an import reads back of a member it may update: its keys and the digest of its personal data.
struct ExistingMember: Decodable, Sendable {
    var id: Int
    var cccd: String?
    var passportNo: String?
    var unitId: Int
    var status: String
    var dataHash: String
    /// Start of the open history period: an import dated before it would backdate history.
    var openFrom: String?

    var isCurrent: Bool { MemberStatus(rawValue: status)?.isCurrentMember == true }

    /// Read column by column: the Codable row decoder costs tens of microseconds a row, and an import of a
    /// whole province reads back every member it already has.
    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int.self)
        cccd = try row.decode(column: "cccd", as: String?.self)
        passportNo = try row.decode(column: "passport_no", as: String?.self)
        unitId = try row.decode(column: "unit_id", as: Int.self)
        status = try row.decode(column: "status", as: String.self)
        dataHash = try row.decode(column: "data_hash", as: String.self)
        openFrom = try row.decode(column: "open_from", as: String?.self)
    }

    static let select = """
        SELECT m.id, m.cccd, m.passport_no, m.unit_id, m.status, m.data_hash, p.valid_from AS open_from
        FROM members m LEFT JOIN member_periods p ON p.member_id = m.id AND p.valid_to IS NULL
        """
}

enum MemberImport {
    /// Rows checked and written at a time: memory stays flat however long the file is.
    static let chunkSize = 5000

    /// A row read as a member, its unit named by code or by name; an unknown or shared name is the row's problem.
    static func check(_ r: SheetRow, _ columns: [String: Int], units: Importer.UnitNames, today: CivilDate) -> Result<MemberDraft, [FieldError]> {
        var input = memberInput(r, columns)
        // The row's problems of reading (its unit, its gender columns) replace what the rules say of the same field, and
        // its other problems are named too, so one pass over the report shows them all.
        var problems: [FieldError] = []
        switch units.resolve(input.unitCode) {
        case .code(let code): input.unitCode = code
        case .problem(let problem): problems.append(problem)
        }
        var covered: Set<String> = []
        if let problem = genderColumnsProblem(r, columns) {
            problems.append(problem)
            // Its message already asks for the birth date when that is where the file keeps it.
            if columns["Ngày sinh"] == nil && VietnameseText.clean(input.birthDate).isEmpty { covered.insert(MemberRules.Field.birthDate) }
        }
        let checked = MemberRules.validate(input, today: today)
        guard !problems.isEmpty else { return checked }
        covered.formUnion(problems.map(\.field))
        guard case .failure(let errors) = checked else { return .failure(problems) }
        return .failure(problems + errors.filter { !covered.contains($0.field) })
    }

    /// A row of a file that gives the gender as the columns "Nam" and "Nữ" must write in exactly one of them.
    static func genderColumnsProblem(_ r: SheetRow, _ columns: [String: Int]) -> FieldError? {
        guard columns["Nam"] != nil else { return nil }
        let filled = ["Nam", "Nữ"].filter { !VietnameseText.clean(Importer.value(r, columns, $0)).isEmpty }
        guard filled.count != 1 else { return nil }
        let what = columns["Ngày sinh"] == nil ? "ngày sinh" : "dấu x"
        return FieldError(field: "Giới tính", message: filled.isEmpty
            ? "Giới tính: chưa ghi; hãy ghi \(what) vào cột \"Nam\" hoặc cột \"Nữ\"."
            : "Giới tính: ghi ở cả hai cột \"Nam\" và \"Nữ\"; chỉ ghi vào một cột.")
    }

    static func memberInput(_ r: SheetRow, _ columns: [String: Int]) -> MemberInput {
        let v = { (name: String) in Importer.value(r, columns, name) }
        // The name given as its parts is read as one, as it is written: family and middle names, then the given name.
        let fullName = columns["Họ và tên"] != nil ? v("Họ và tên") : VietnameseText.clean(v("Họ đệm") + " " + v("Tên"))
        var (birthDate, gender) = (v("Ngày sinh"), v("Giới tính"))
        if columns["Nam"] != nil {
            // Written in one of the two columns: that one is the gender, and what is written there the birth date when
            // the file has no column of its own for it. Both or neither is `genderColumnsProblem`.
            let (male, female) = (VietnameseText.clean(v("Nam")), VietnameseText.clean(v("Nữ")))
            gender = male.isEmpty == female.isEmpty ? "" : male.isEmpty ? Gender.female.label : Gender.male.label
            if columns["Ngày sinh"] == nil { birthDate = male.isEmpty ? female : male }
        }
        var input = MemberInput(
            fullName: fullName, birthDate: birthDate, gender: gender, ethnicity: v("Dân tộc"),
            citizenID: v("Số CCCD"), unitCode: v("Mã đơn vị"), unionJoinDate: v("Ngày vào Công đoàn"),
            cardNumber: v("Số thẻ đoàn viên"), position: v("Chức vụ"), duties: v("Nhiệm vụ được giao"),
            education: v("Trình độ chuyên môn"), politicalTheory: v("Lý luận chính trị"), partyJoinDate: v("Ngày vào Đảng"),
            phone: v("Số điện thoại"), email: v("Email"))
        if columns["Quốc tịch"] != nil { input.nationality = v("Quốc tịch") }
        if columns["Số hộ chiếu"] != nil { input.passportNumber = v("Số hộ chiếu") }
        return input
    }

    /// What one pass over the file remembers: the keys seen (for duplicates within the file) and the units looked
    /// up so far. Nothing per row is kept beyond the chunk being checked.
    struct Pass {
        var seenCCCD: [String: Int] = [:]
        var seenPassport: [String: Int] = [:]
        var unitsByCode: [String: UnitRow] = [:]
        var codesLooked: Set<String> = []
        var unitsById: [Int: UnitRow] = [:]
        /// False when the members table was empty before this pass: nothing there to find.
        var lookUp = true
    }

    struct Planned: Sendable {
        var line: Int
        var draft: MemberDraft
        var unit: UnitRow
        var existing: ExistingMember?
        var dataHash: String
        var moved: Bool { existing.map { $0.unitId != unit.id } ?? false }
        var changes: Bool { existing.map { !$0.isCurrent || $0.unitId != unit.id || $0.dataHash != dataHash } ?? true }
    }

    /// A file with a bad row, found while writing: the transaction rolls back and the report goes to the page.
    struct Refused: Error { let report: Importer.Report }

    /// The member tables' indexes that nothing in an import reads, built once at the end of a first load; and the
    /// two it reads only to find members already there, deferred too when there are none.
    static let deferredIndexes: [DeferredIndexes.Table] = [
        .init(name: "members", indexes: ["members_sort", "members_unit", "members_cccd_current", "members_passport_current"],
              whenEmpty: ["members_cccd", "members_passport"]),
        .init(name: "member_name_words", indexes: ["member_name_words_word"]),
        .init(name: "member_periods", indexes: ["member_periods_on_date"]),
        .init(name: "audit_log", indexes: ["audit_unit"]),
    ]

    /// One pass over the file. A dry run only checks. An import checks and writes each chunk inside one
    /// transaction; at the first bad row it stops writing but goes on checking (so that the report lists every
    /// problem), then rolls everything back: all or nothing, with each row read and checked once.
    static func run(source: RowSource, columns: [String: Int], actor: Actor, effective: CivilDate, apply: Bool,
                    whenWriting: Importer.Hook?, progress: Importer.Progress? = nil, expectedRows: Int? = nil,
                    report: inout Importer.Report, db: any Database) async throws {
        let began = Date()
        guard apply else {
            try await pass(source, columns: columns, actor: actor, effective: effective, report: &report, sql: db.sql, writing: nil, progress: progress)
            report.timings["check"] = Date().timeIntervalSince(began)
            return
        }
        let deferral = DeferredIndexes.Load(deferredIndexes, expectedRows: expectedRows)
        do {
            let read = report.columnsRead
            report = try await Writes.perform(on: db, actor: actor) { tx in
                // Afresh each time: on PostgreSQL a transaction that meets a conflict runs again.
                var report = Importer.Report(kind: .members)
                report.columnsRead = read
                try await pass(source, columns: columns, actor: actor, effective: effective, report: &report, sql: tx.sql, writing: tx,
                               progress: progress, deferral: deferral)
                guard report.ok else { throw Refused(report: report) }
                if let seconds = try await deferral.finish(in: tx) { report.timings["write: indexes built at the end"] = seconds }
                if report.rows > 0 {
                    tx.audit("import", "member", id: nil, unit: nil,
                             "Nhập danh sách đoàn viên: \(VNFormat.integer(report.created)) mới, \(VNFormat.integer(report.updated)) cập nhật, \(VNFormat.integer(report.moved)) chuyển đơn vị")
                    try await whenWriting?(tx)
                }
                return report
            }
        } catch let refused as Refused {
            report = refused.report
        }
        report.timings["check and write"] = Date().timeIntervalSince(began)
    }

    static func pass(_ start: RowSource, columns: [String: Int], actor: Actor, effective: CivilDate,
                     report: inout Importer.Report, sql: any SQLDatabase, writing tx: WriteTransaction?, progress: Importer.Progress? = nil,
                     deferral: DeferredIndexes.Load? = nil) async throws {
        var pass = Pass()
        if let tx, let deferral { pass.lookUp = try await !deferral.isEmpty(in: tx) }
        let today = actor.clock.today
        // The next chunk is read and checked on the other core while this one is written: reading and checking is
        // pure work, and the database works on a thread of its own.
        let units = try await Importer.UnitNames.load(scope: actor.scope, on: sql)
        var ahead = Task { await readAndCheck(start, columns: columns, units: units, today: today) }
        defer { ahead.cancel() }
        while true {
            var clock = Date()
            let chunk = await ahead.value
            if let failure = chunk.failure {
                report.problems.append(.init(line: 0, message: failure))
                return
            }
            if chunk.checked.isEmpty { break }
            let rest = chunk.rest
            ahead = Task { await readAndCheck(rest, columns: columns, units: units, today: today) }
            report.rows += chunk.checked.count
            let planned = try await plan(chunk.checked, columns: columns, units: units, actor: actor, effective: effective, pass: &pass,
                                         report: &report, sql: sql)
            report.timings["check", default: 0] += Date().timeIntervalSince(clock)
            clock = Date()
            for p in planned {
                guard let old = p.existing else { report.created += 1; continue }
                if p.moved { report.moved += 1 }
                if old.isCurrent && !p.moved && old.dataHash == p.dataHash { report.unchanged += 1 } else if old.dataHash != p.dataHash || !old.isCurrent { report.updated += 1 }
            }
            if let tx, report.ok {
                try await write(planned, effective: effective, in: tx, deferral: deferral, timings: &report.timings)
                let audit = Date()
                try await tx.flushAudit()
                report.timings["write: audit", default: 0] += Date().timeIntervalSince(audit)
            }
            await progress?(report.rows)
        }
    }

    typealias Checked = [(row: SheetRow, result: Result<MemberDraft, [FieldError]>)]

    /// One chunk read from the file and checked row by row, and where the file goes on.
    struct CheckedChunk: Sendable {
        var checked: Checked = []
        var rest: RowSource
        var failure: String?
    }

    /// Reads the next chunk and checks each row on its own, spread over the cores, in file order.
    static func readAndCheck(_ start: RowSource, columns: [String: Int], units: Importer.UnitNames, today: CivilDate) async -> CheckedChunk {
        var source = start
        let sheet: [SheetRow]
        do { sheet = try source.next(chunkSize) } catch {
            return CheckedChunk(rest: source, failure: error.message)
        }
        let halves = sheet.count > 500 ? [Array(sheet[..<(sheet.count / 2)]), Array(sheet[(sheet.count / 2)...])] : [sheet]
        let checked = await withTaskGroup(of: (Int, Checked).self) { group in
            for (index, part) in halves.enumerated() {
                group.addTask { (index, part.map { r in (r, check(r, columns, units: units, today: today)) }) }
            }
            var parts = Array(repeating: Checked(), count: halves.count)
            for await (index, part) in group { parts[index] = part }
            return parts.flatMap { $0 }
        }
        return CheckedChunk(checked: checked, rest: source)
    }

    /// Looks up what a checked chunk refers to and decides each row; problems go to the report, the rows to
    /// write come back.
    static func plan(_ checked: Checked, columns: [String: Int], units: Importer.UnitNames, actor: Actor, effective: CivilDate, pass: inout Pass,
                     report: inout Importer.Report, sql: any SQLDatabase) async throws -> [Planned] {
        var drafts: [(line: Int, draft: MemberDraft)] = []
        var failedUnitCodes: [(line: Int, code: String)] = []
        for (r, result) in checked {
            switch result {
            case .failure(let errors):
                for e in errors { report.add(line: r.line, e.sentence) }
                // The unit is checked too, so one pass over the report shows every problem of the row.
                let code = if case .code(let code) = units.resolve(Importer.value(r, columns, "Mã đơn vị")) { code } else { "" }
                if !errors.contains(where: { $0.field == "Mã đơn vị" }), !code.isEmpty { failedUnitCodes.append((r.line, code)) }
            case .success(let draft):
                if let cccd = draft.citizenID {
                    if let first = pass.seenCCCD[cccd] {
                        report.add(line: r.line, "Số CCCD: \(cccd) trùng với dòng \(first) trong tệp.")
                        continue
                    }
                    pass.seenCCCD[cccd] = r.line
                }
                // A passport is unique among current members whether or not the row has a citizen id too.
                if let passport = draft.passportNumber {
                    if let first = pass.seenPassport[passport] {
                        report.add(line: r.line, "Số hộ chiếu: \(passport) trùng với dòng \(first) trong tệp.")
                        continue
                    }
                    pass.seenPassport[passport] = r.line
                }
                drafts.append((r.line, draft))
            }
        }
        // Units named by the chunk and not looked up yet. An unknown code and one outside the importer's scope get
        // the same answer.
        let newCodes = Array(Set(drafts.map(\.draft.unitCode) + failedUnitCodes.map(\.code)).subtracting(pass.codesLooked))
        pass.codesLooked.formUnion(newCodes)
        for unit in try await Importer.chunked(newCodes, { chunk in
            try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.code IN (\(binds: chunk))")
                .all(decoding: UnitRow.self, with: snakeCase)
        }) {
            pass.unitsByCode[unit.code] = unit
            pass.unitsById[unit.id] = unit
        }
        for (line, code) in failedUnitCodes where pass.unitsByCode[code].map({ !actor.scope.canWrite(unitPath: $0.path) }) ?? true {
            report.add(line: line, "Mã đơn vị: \(code) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý.")
        }
        // Existing records by citizen id (and passport for foreign members): only keys and a digest are read back.
        let cccds = pass.lookUp ? drafts.compactMap(\.draft.citizenID) : []
        let dialect = Dialect(sql)
        var existing = try await Importer.chunked(cccds, size: chunkSize) { chunk in
            try await sql.raw("\(unsafeRaw: ExistingMember.select) WHERE \(KeyList.contains("m.cccd", chunk, dialect)) ORDER BY m.id")
                .all().map(ExistingMember.init(row:))
        }
        let passports = pass.lookUp ? drafts.filter { $0.draft.citizenID == nil }.compactMap(\.draft.passportNumber) : []
        existing += try await Importer.chunked(passports, size: chunkSize) { chunk in
            try await sql.raw("\(unsafeRaw: ExistingMember.select) WHERE m.cccd IS NULL AND \(KeyList.contains("m.passport_no", chunk, dialect)) ORDER BY m.id")
                .all().map(ExistingMember.init(row:))
        }
        var byKey: [String: ExistingMember] = [:]
        for m in existing {
            guard let key = m.cccd ?? m.passportNo.map({ "P:" + $0 }) else { continue }
            // A current member wins over an old record of someone who left.
            if let seen = byKey[key], seen.isCurrent { continue }
            byKey[key] = m
        }
        let unknownUnitIds = Array(Set(byKey.values.map(\.unitId)).subtracting(pass.unitsById.keys))
        for unit in try await Importer.chunked(unknownUnitIds, { chunk in
            try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.id IN (\(binds: chunk))")
                .all(decoding: UnitRow.self, with: snakeCase)
        }) { pass.unitsById[unit.id] = unit }

        var plan: [Planned] = []
        for (line, draft) in drafts {
            guard let unit = pass.unitsByCode[draft.unitCode], actor.scope.canWrite(unitPath: unit.path) else {
                report.add(line: line, "Mã đơn vị: \(draft.unitCode) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý.")
                continue
            }
            if !unit.isActive {
                report.add(line: line, "Mã đơn vị: đơn vị \(draft.unitCode) đã giải thể hoặc sáp nhập.")
                continue
            }
            let key = draft.citizenID ?? draft.passportNumber.map { "P:" + $0 }
            let old = key.flatMap { byKey[$0] }
            // A current member elsewhere is not the importer's to move; a former member may re-join here even when
            // their old unit (often dissolved in 2025) is outside the importer's scope.
            if let old, old.isCurrent, let oldUnit = pass.unitsById[old.unitId], !actor.scope.canWrite(unitPath: oldUnit.path) {
                let what = draft.citizenID.map { "Số CCCD: \($0)" } ?? "Số hộ chiếu: \(draft.passportNumber ?? "")"
                report.add(line: line, "\(what) đã thuộc một đoàn viên đang sinh hoạt ở đơn vị ngoài phạm vi bạn quản lý.")
                continue
            }
            let planned = Planned(line: line, draft: draft, unit: unit, existing: old,
                                  dataHash: old == nil ? "" : MemberRow(draft: draft, unitId: unit.id).dataHash)
            // A change to an existing member is dated `effective`: it may not fall before their open period.
            if let old, planned.changes, let from = old.openFrom.flatMap(CivilDate.init(iso:)),
               case .failure(let error) = PeriodRules.place(effective, openFrom: from, subject: "đoàn viên \(draft.fullName)") {
                report.add(line: line, error.message)
                continue
            }
            plan.append(planned)
        }
        return plan
    }

    /// Writes one checked chunk: new members in a few statements, changes to existing ones through the same
    /// functions as the pages.
    static func write(_ plan: [Planned], effective: CivilDate, in tx: WriteTransaction, deferral: DeferredIndexes.Load?,
                      timings: inout [String: Double]) async throws {
        var clock = Date()
        func lap(_ name: String) {
            timings["write: " + name, default: 0] += Date().timeIntervalSince(clock)
            clock = Date()
        }
        let rows = plan.filter { $0.existing == nil }.map { MemberRow(draft: $0.draft, unitId: $0.unit.id) }
        if !rows.isEmpty { try await deferral?.beforeInserting(in: tx) }
        let ids = try await Members.insert(rows, in: tx)
        lap("members and name words")
        // Each new member's record starts with its own entry in the register, as one added by hand does.
        for (id, row) in zip(ids, rows) {
            tx.audit("create", "member", id: id, unit: row.unitId, "Thêm đoàn viên \(row.fullName) (nhập từ tệp)")
        }
        // Each new member's history starts when they joined, or when their unit was set up if later. One
        // statement derives every period from the rows just written, instead of binding them all again.
        if let low = ids.min(), let high = ids.max() {
            try await tx.sql.raw("""
                INSERT INTO member_periods (member_id, unit_id, status, position, duties, valid_from, reason)
                SELECT m.id, m.unit_id, 'active', m.position, m.duties,
                       CASE WHEN m.union_joined_on > u.established_on THEN m.union_joined_on ELSE u.established_on END, 'import'
                FROM members m JOIN units u ON u.id = m.unit_id
                WHERE m.id BETWEEN \(bind: low) AND \(bind: high)
                  AND NOT EXISTS (SELECT 1 FROM member_periods p WHERE p.member_id = m.id)
                """).run()
            lap("periods")
            // Their duties become dated records from the same day.
            try await tx.sql.raw("""
                INSERT INTO member_duties (member_id, unit_id, title, valid_from, created_at)
                SELECT p.member_id, p.unit_id, m.duties, p.valid_from, \(bind: tx.timestamp)
                FROM members m JOIN member_periods p ON p.member_id = m.id AND p.valid_to IS NULL
                WHERE m.id BETWEEN \(bind: low) AND \(bind: high) AND m.duties IS NOT NULL AND m.duties <> ''
                  AND NOT EXISTS (SELECT 1 FROM member_duties d WHERE d.member_id = m.id)
                """).run()
            lap("duties")
        }
        for p in plan {
            guard let old = p.existing, p.changes else { continue }
            if !old.isCurrent {
                try await Members.rejoin(memberId: old.id, to: p.unit.id, on: effective, in: tx)
            } else if old.unitId != p.unit.id {
                try await Members.transfer(memberId: old.id, to: p.unit.id, on: effective, in: tx)
            }
            try await Members.update(id: old.id, with: p.draft, on: effective, in: tx)
        }
    }
}
