import Domain
import Foundation
@testable import Spreadsheet
import SQLKit
import Testing
import VaporTesting
@testable import App

@Suite struct ImportTests {
    static let memberHeader = "Họ và tên;Ngày sinh;Giới tính;Dân tộc;Số CCCD;Mã đơn vị;Ngày vào Công đoàn;Số thẻ đoàn viên;Chức vụ;Nhiệm vụ được giao;Trình độ chuyên môn;Lý luận chính trị;Ngày vào Đảng;Số điện thoại;Email"

    static func row(_ name: String, _ birth: String = "15/03/1995", gender: String = "Nữ", cccd: String, unit: String = "A1",
                    joined: String = "01/09/2015", education: String = "Đại học", party: String = "") -> String {
        "\(name);\(birth);\(gender);Kinh;\(cccd);\(unit);\(joined);;Giáo viên;Giảng dạy môn Toán;\(education);Trung cấp;\(party);0912345678;"
    }

    static func csv(_ rows: [String], bom: Bool = true) -> Data {
        Data(((bom ? "\u{FEFF}" : "") + ([memberHeader] + rows).joined(separator: "\r\n") + "\r\n").utf8)
    }

    func counts(_ app: Application) async throws -> [Int] {
        var out: [Int] = []
        for table in ["members", "member_periods", "units", "unit_periods"] {
            out.append(try await app.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: CountRow.self)!.n)
        }
        return out
    }

    func run(_ app: Application, _ kind: Importer.Kind, _ data: Data, name: String = "t.csv", actor: Actor = .commandLine, apply: Bool = true) async throws -> Importer.Report {
        try await Importer.run(kind, data: data, fileName: name, actor: actor, effective: CivilDate(year: 2024, month: 1, day: 1)!, apply: apply, on: app.db)
    }

    @Test(arguments: TestDB.enabled)
    func badRowsAreAllReportedAndNothingIsWritten(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let before = try await counts(app)
            let data = Self.csv([
                Self.row("Hoàng Thị Mai", cccd: "001195000010"),                     // line 2: fine
                Self.row("Vũ Văn Nam", "31/02/1991", gender: "Nam", cccd: "001091000011"),   // line 3: no such date
                Self.row("Đỗ Thị Hoa", cccd: "001195000012", unit: "KHONG-CO"),      // line 4: unknown unit
                Self.row("Bùi Thị Lan", cccd: "001195000010"),                       // line 5: same CCCD as line 2
                Self.row("Ngô Văn Tú", gender: "Nam", cccd: "12345"),                 // line 6: not 12 digits
                Self.row("Mai Thị Thu", cccd: "001195000013", unit: "B1"),           // line 7: fine for admin
            ])
            let report = try await run(app, .members, data)
            #expect(!report.ok)
            let lines = Set(report.problems.map(\.line))
            #expect(lines == [3, 4, 5, 6])
            let text = report.lines().joined(separator: "\n")
            #expect(text.contains("Dòng 3: Ngày sinh"))
            #expect(text.contains("Dòng 4: Mã đơn vị: KHONG-CO không tồn tại"))
            #expect(text.contains("trùng với dòng 2"))
            #expect(text.contains("Dòng 6: Số CCCD"))
            #expect(try await counts(app) == before)
            // An official of A may not import into B's subtree: same all-or-nothing answer.
            let official = Actor(userId: nil, username: "official", address: nil, scope: Scope(grants: [
                GrantRow(id: 1, userId: 1, role: "official", unitId: nil, partyCellId: nil, unitPath: try await Units.find(code: "A", on: app.sql)!.path, validFrom: nil, validTo: nil)
            ], ownMember: nil), clock: .system)
            let scoped = try await run(app, .members, Self.csv([Self.row("Mai Thị Thu", cccd: "001195000013", unit: "B1")]), actor: official)
            #expect(scoped.problems.map(\.line) == [2])
            #expect(try await counts(app) == before)
        }
    }

    @Test(arguments: TestDB.enabled)
    func wrongHeaderIsRefused(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let data = Data("Tên người;Ngày sinh;Giới tính\nNguyễn Văn A;01/01/1990;Nam\n".utf8)
            let report = try await run(app, .members, data)
            #expect(report.problems.count == 1)
            #expect(report.problems[0].message.contains("thiếu cột \"Họ và tên\""))
            #expect(report.problems[0].message.contains("cột không nhận ra \"Tên người\""))
            let empty = try await run(app, .units, Data())
            #expect(!empty.ok)
        }
    }

    /// The .xlsx template: the columns on its first sheet (the one the import reads back), how to write each on the
    /// second, and the lists on the third with a drop-down on each listed column. The units listed are the official's.
    @Test func theTemplateSaysHowToFillItInAndOffersTheLists() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            func parts(_ name: String) async throws -> (first: [String], sheets: [String]) {
                let r = try await b.send(.GET, SiteURL.importTemplate(name).path)
                #expect(r.status == .ok)
                let data = Data(r.body.readableBytesView)
                let first = try XLSXReader.read(data).rows.first?.cells.map(\.text) ?? []
                let package = try ZipPackage(data: data, limits: .init())
                let sheets = try ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"].map {
                    String(decoding: try package.read($0) ?? Data(), as: UTF8.self)
                }
                return (first, sheets)
            }
            let members = try await parts("members.xlsx")
            #expect(members.first == Importer.Kind.members.headers)
            #expect(members.sheets[0].contains(#"<sheet name="Đoàn viên""#) && members.sheets[0].contains(#"<sheet name="Hướng dẫn""#))
            // Gender, ethnicity, unit, education and political theory are chosen from lists; ids and phones stay text.
            #expect(members.sheets[1].contains(#"<dataValidations count="5">"#), "\(members.sheets[1])")
            #expect(members.sheets[1].contains("&apos;Danh mục&apos;!$A$2:$A$3") || members.sheets[1].contains("'Danh mục'!$A$2:$A$3"))
            let cccdColumn = members.sheets[1].components(separatedBy: #"<col min="5" max="5""#).dropFirst().first?.prefix { $0 != "/" } ?? ""
            #expect(cccdColumn.contains(#"style="4""#), "\(members.sheets[1])")
            #expect(members.sheets[2].contains("Số CCCD") && members.sheets[2].contains("Cột STT") == false)
            #expect(members.sheets[3].contains(">A1<") && members.sheets[3].contains(">A2<") && !members.sheets[3].contains(">B1<"))
            #expect(members.sheets[3].contains(">Kinh<") && members.sheets[3].contains(">Nữ<"))
            let units = try await parts("units.xlsx")
            #expect(units.first == Importer.Kind.units.headers + ["Tạo chi bộ mới"])
            #expect(units.sheets[3].contains(">CĐCS<") && units.sheets[3].contains(">A<") && !units.sheets[3].contains(">TLD<"))
        }
    }

    /// Officials know their units by name: a member file may name the unit by its name, written with or without marks.
    /// A name two units share, or a unit outside the importer's scope, is the row's problem, named as such.
    @Test(arguments: TestDB.enabled)
    func unitsMayBeNamedInsteadOfCoded(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let kind = try #require(Units.kind(named: "CĐCS", in: try await Units.kinds(on: app.sql)))
            _ = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Units.create(.init(code: "A3", name: "Công đoàn Trường THPT Long Xuyên", kindId: kind.id, parentId: f.units["A"]!.id,
                                             partyCellId: nil, on: CivilDate(year: 2020, month: 1, day: 1)!), in: tx)
            }
            let good = try await run(app, .members, Self.csv([
                Self.row("Đặng Thu Hà", cccd: "001195000041", unit: "Công đoàn Sở Tư pháp"),
                Self.row("Vũ Minh Tâm", gender: "Nam", cccd: "001095000042", unit: "cong doan  so tu phap"),
            ]))
            #expect(good.ok && good.created == 2, "\(good.problems)")
            struct U: Decodable { let code: String }
            let codes = try await app.sql.raw("""
                SELECT u.code FROM members m JOIN units u ON u.id = m.unit_id WHERE m.cccd IN ('001195000041', '001095000042')
                """).all(decoding: U.self).map(\.code)
            #expect(codes == ["A2", "A2"])
            let bad = try await run(app, .members, Self.csv([
                Self.row("Ngô Thị Lan", cccd: "001195000043", unit: "Công đoàn Trường THPT Long Xuyên"),
                Self.row("Lý Văn Nam", gender: "Nam", cccd: "001095000044", unit: "Công đoàn không có"),
            ]))
            #expect(bad.problems.map(\.line) == [2, 3], "\(bad.problems)")
            #expect(bad.problems.first?.message.contains("là tên của 2 đơn vị (mã A1, A3)") == true, "\(bad.problems)")
            #expect(bad.problems.last?.message.contains("không phải mã hay tên của một đơn vị bạn quản lý") == true)
            // Another province's unit is not found by its name either.
            let p = try #require(try await Principals.load(userId: f.users["official"]!, via: .token(id: 0), today: .today(), on: app.sql))
            var actor = Actor(userId: f.users["official"]!, username: "official", address: nil, scope: Scope(admin: false), clock: app.clock)
            actor.scope = p.scope
            let other = try await run(app, .members, Self.csv([Self.row("Mai Văn Đức", gender: "Nam", cccd: "001095000045", unit: "Công đoàn Công ty CP Kính Đáp Cầu")]),
                                      actor: actor)
            #expect(other.problems.first?.message.contains("không phải mã hay tên của một đơn vị bạn quản lý") == true, "\(other.problems)")
        }
    }

    /// A unit file may name a parent by its name too: an existing unit, or a new unit of the same file.
    @Test(arguments: TestDB.enabled)
    func parentsMayBeNamedInsteadOfCoded(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let csv = """
            Mã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ
            A2-VP;Công đoàn bộ phận Văn phòng Sở;Công đoàn bộ phận;Công đoàn Sở Tư pháp;
            A2-VP-T1;Tổ công đoàn Hành chính;Tổ công đoàn;cong doan bo phan van phong so;
            """
            let report = try await run(app, .units, Data(csv.utf8))
            #expect(report.ok && report.created == 2, "\(report.problems)")
            let vp = try #require(try await Units.find(code: "A2-VP", on: app.sql))
            #expect(vp.parentId == f.units["A2"]!.id)
            #expect(try await Units.find(code: "A2-VP-T1", on: app.sql)?.parentId == vp.id)
            let unknown = try await run(app, .units, Data("Mã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ\nX9;Một;CĐCS;Công đoàn không có;\n".utf8))
            #expect(unknown.problems.first?.message.contains("Mã đơn vị cấp trên: «Công đoàn không có» không phải mã hay tên") == true, "\(unknown.problems)")
        }
    }

    /// Officials' own spreadsheets number their rows, keep notes and name columns their way ("Họ tên", "CCCD", "SĐT",
    /// "Ngày sinh (dd/mm/yyyy)"): such a file is read as the template, and only a real doubt sends it back.
    @Test func columnsAreFoundUnderTheNamesOfficialsGiveThem() throws {
        func header(_ titles: [String]) -> SheetRow { SheetRow(line: 1, cells: titles.map { .text($0) }) }
        let theirs = ["STT", "Họ tên", "Ngày sinh (dd/mm/yyyy)", "Nam/Nữ", "Dân tộc", "Số CCCD/CMND", "Mã đơn vị", "Ngày vào CĐ",
                      "Số thẻ", "Chức danh", "Nhiệm vụ", "Trình độ", "Trình độ LLCT", "Ngày kết nạp Đảng", "SĐT", "E-mail", "Ghi chú"]
        let columns = try Importer.headerMap(header(theirs), kind: .members).get()
        #expect(columns.count == Importer.Kind.members.headers.count)
        #expect(columns["Họ và tên"] == 1 && columns["Ngày sinh"] == 2 && columns["Số CCCD"] == 5 && columns["Email"] == 15)
        #expect(Set(columns.values).isDisjoint(with: [0, 16]))
        // Two columns for one field: which one holds the data would be a guess.
        guard case .failure(let twice) = Importer.headerMap(header(Importer.Kind.members.headers + ["CCCD"]), kind: .members) else {
            Issue.record("a second CCCD column was accepted"); return
        }
        #expect(twice.message.contains("có hai cột cùng là \"Số CCCD\""), "\(twice.message)")
        // A title nobody uses is still named, so a misspelt optional column is not lost without a word.
        guard case .failure(let odd) = Importer.headerMap(header(Importer.Kind.members.headers + ["Số hộ chiêu x"]), kind: .members) else {
            Issue.record("an unknown column was accepted"); return
        }
        #expect(odd.message.contains("cột không nhận ra \"Số hộ chiêu x\""))
        #expect(try Importer.headerMap(header(["Mã đơn vị", "Tên công đoàn", "Loại đơn vị", "Mã cấp trên", "Chi bộ Đảng"]), kind: .units).get().count == 5)
        // The name as two columns, family and middle names then the given name, as lists sorted by given name keep it.
        let split = ["Họ và tên đệm", "Tên"] + Importer.Kind.members.headers.dropFirst()
        let byParts = try Importer.headerMap(header(split), kind: .members).get()
        #expect(byParts["Họ đệm"] == 0 && byParts["Tên"] == 1 && byParts["Họ và tên"] == nil)
        let row = SheetRow(line: 2, cells: ["Nguyễn Thị", "Ánh", "15/03/1995"].map { .text($0) })
        #expect(MemberImport.memberInput(row, byParts).fullName == "Nguyễn Thị Ánh")
        guard case .failure(let half) = Importer.headerMap(header(["Tên"] + Importer.Kind.members.headers.dropFirst()), kind: .members) else {
            Issue.record("a given name without the family name was accepted"); return
        }
        #expect(half.message.contains("cột \"Họ đệm\" và \"Tên\" phải đi cùng nhau") && half.message.contains("thiếu cột \"Họ và tên\""), "\(half.message)")
        guard case .failure(let both) = Importer.headerMap(header(split + ["Họ và tên"]), kind: .members) else {
            Issue.record("the name given both ways was accepted"); return
        }
        #expect(both.message.contains("có hai cột cùng là \"Họ và tên\""))
    }

    /// A header drawn on two rows, as member lists in Excel are: "Ngày sinh" merged over "Nam" and "Nữ" (the birth date
    /// written under the member's gender), "Trình độ" over "Chuyên môn" and "Lý luận chính trị", the other titles merged
    /// down over both rows, and a row numbering the columns under it.
    static let twoRowHeader: [[String]] = [
        ["STT", "Họ và tên", "Ngày sinh", "", "Dân tộc", "Số CCCD", "Mã đơn vị", "Ngày vào Công đoàn", "Số thẻ đoàn viên", "Chức vụ",
         "Nhiệm vụ được giao", "Trình độ", "", "Ngày vào Đảng", "Số điện thoại", "Email"],
        ["", "", "Nam", "Nữ", "", "", "", "", "", "", "", "Chuyên môn", "Lý luận chính trị", "", "", ""],
    ]

    @Test func aHeaderOnTwoRowsIsReadAsOne() throws {
        func row(_ line: Int, _ titles: [String]) -> SheetRow { SheetRow(line: line, cells: titles.map { .text($0) }) }
        let (top, bottom) = (row(2, Self.twoRowHeader[0]), row(3, Self.twoRowHeader[1]))
        // Neither row alone is the header.
        for alone in [top, bottom] { guard case .failure = Importer.headerMap(alone, kind: .members) else { Issue.record("one row read as the header"); return } }
        let combined = Importer.combine(top, bottom, kind: .members)
        #expect(combined.line == 3)
        let columns = try Importer.headerMap(combined, kind: .members).get()
        #expect(columns["Nam"] == 2 && columns["Nữ"] == 3 && columns["Ngày sinh"] == nil && columns["Giới tính"] == nil)
        #expect(columns["Trình độ chuyên môn"] == 11 && columns["Lý luận chính trị"] == 12 && columns["Họ và tên"] == 1 && columns["Email"] == 15)
        #expect(Importer.hasHeader([row(1, ["DANH SÁCH"]), top, bottom], kind: .members))
        // The birth date under "Nữ": a woman born that day.
        let her = MemberImport.memberInput(row(5, ["1", "Lê Thị Mai", "", "12/05/1990"]), columns)
        #expect(her.gender == "Nữ" && her.birthDate == "12/05/1990")
        let him = MemberImport.memberInput(row(6, ["2", "Lê Văn Nam", "03/04/1988", ""]), columns)
        #expect(him.gender == "Nam" && him.birthDate == "03/04/1988")
        #expect(MemberImport.genderColumnsProblem(row(7, ["3", "X", "01/01/1990", "01/01/1990"]), columns)?.message.contains("cả hai cột") == true)
        #expect(MemberImport.genderColumnsProblem(row(7, ["3", "X", "", ""]), columns)?.message.contains("hãy ghi ngày sinh") == true)
        // With a birth date column of its own, "Nam" and "Nữ" only mark the gender.
        let marked = try Importer.headerMap(row(1, ["Họ và tên", "Ngày sinh", "Nam", "Nữ"] + Importer.Kind.members.headers.dropFirst(3)), kind: .members).get()
        let marker = MemberImport.memberInput(row(2, ["Trần An", "02/02/1992", "", "x"]), marked)
        #expect(marker.gender == "Nữ" && marker.birthDate == "02/02/1992")
        #expect(MemberImport.genderColumnsProblem(row(2, ["Trần An", "02/02/1992", "", ""]), marked)?.message.contains("dấu x") == true)
        // One of the two alone, or beside a gender column, is sent back.
        guard case .failure(let alone) = Importer.headerMap(row(1, Importer.Kind.members.headers.filter { $0 != "Giới tính" } + ["Nam"]), kind: .members) else {
            Issue.record("\"Nam\" without \"Nữ\" was accepted"); return
        }
        #expect(alone.message.contains("cột \"Nam\" và \"Nữ\" phải đi cùng nhau"), "\(alone.message)")
        guard case .failure(let both) = Importer.headerMap(row(1, Importer.Kind.members.headers + ["Nam", "Nữ"]), kind: .members) else {
            Issue.record("gender given both ways was accepted"); return
        }
        #expect(both.message.contains("có hai cột cùng là \"Giới tính\""), "\(both.message)")
        #expect(Importer.isColumnNumbering(row(4, (1 ... 16).map { "(\($0))" })) && Importer.isColumnNumbering(row(4, ["1", "2", "3", ""])))
        #expect(!Importer.isColumnNumbering(row(4, ["1", "Lê Văn A", "3"])) && !Importer.isColumnNumbering(row(4, ["3", "2", "1"])))
    }

    @Test(arguments: TestDB.enabled)
    func aFormDrawnInExcelIsImported(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            func texts(_ t: [String]) -> [XLSXWriter.Value] { t.map { $0.isEmpty ? .empty : .text($0) } }
            func member(_ n: Int, _ name: String, male: XLSXWriter.Value, female: XLSXWriter.Value, cccd: String) -> [XLSXWriter.Value] {
                // The CCCD and the phone in number cells, as officials' workbooks keep them: their leading zeros are put back.
                [.number(Double(n)), .text(name), male, female, .text("Kinh"), .number(Double(cccd)!), .text("A1"), .text("01/09/2015")]
                    + texts(["", "Giáo viên", "Dạy Toán", "Đại học", "", ""]) + [.number(912_345_678), .empty]
            }
            let rows: [[XLSXWriter.Value]] = [[.text("DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN TRƯỜNG A1")], texts(Self.twoRowHeader[0]), texts(Self.twoRowHeader[1]),
                                              (1 ... 16).map { .text("(\($0))") },
                                              member(1, "Phan Văn Lộc", male: .date(year: 1987, month: 6, day: 9), female: .empty, cccd: "001087000041"),
                                              member(2, "Phan Thị Hồng", male: .empty, female: .text("21/11/1992"), cccd: "001192000042")]
            let report = try await run(app, .members, try XLSXWriter.workbook(sheetName: "DS", rows: rows), name: "danh-sach.xlsx")
            #expect(report.ok && report.created == 2, "\(report.problems)")
            // The official sees how the form's titles were read before confirming.
            #expect(report.columnsRead == ["«Ngày sinh Nam» (cột C): Giới tính Nam, ngày sinh ghi ở cột này", "«Ngày sinh Nữ» (cột D): Giới tính Nữ, ngày sinh ghi ở cột này",
                                           "«Trình độ Lý luận chính trị» (cột M): Lý luận chính trị", "bỏ qua «STT» (cột A)"], "\(report.columnsRead ?? [])")
            #expect(report.lines().contains { $0.hasPrefix("Cột đọc theo tên trong tệp: «Ngày sinh Nam» (cột C)") })
            #expect(Importer.columnLetter(0) == "A" && Importer.columnLetter(25) == "Z" && Importer.columnLetter(26) == "AA" && Importer.columnLetter(701) == "ZZ")
            struct Stored: Decodable { let cccd: String; let gender: String; let birthDate: String; let phone: String? }
            let stored = try await app.sql.raw("SELECT cccd, gender, birth_date, phone FROM members WHERE cccd IN ('001087000041', '001192000042') ORDER BY cccd")
                .all(decoding: Stored.self, with: snakeCase)
            #expect(stored.map(\.gender) == ["male", "female"] && stored.map(\.birthDate) == ["1987-06-09", "1992-11-21"], "\(stored)")
            #expect(stored.map(\.phone) == ["0912345678", "0912345678"], "\(stored)")
            // A row with the birth date in both columns is named by its line; nothing is written.
            let twice = rows.prefix(4) + [member(1, "Đỗ Văn Hải", male: .text("01/01/1990"), female: .text("01/01/1990"), cccd: "001090000043")]
            let refused = try await run(app, .members, try XLSXWriter.workbook(sheetName: "DS", rows: Array(twice)), name: "x.xlsx")
            #expect(refused.problems.map(\.line) == [5] && refused.problems[0].message.contains("cả hai cột"), "\(refused.problems)")
        }
    }

    /// A sheet as unions keep it: a title and a blank line above the header, a numbering column. The header is found
    /// under the title; a file whose header is nowhere near the top is sent back with the closest row's problem.
    @Test(arguments: TestDB.enabled)
    func theHeaderIsFoundUnderTheSheetsTitle(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let rows = ["1;" + Self.row("Đặng Thu Hà", cccd: "001195000031"), "2;" + Self.row("Vũ Minh Tâm", gender: "Nam", cccd: "001095000032")]
            let text = (["DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN TRƯỜNG A1, NĂM 2026", ";;;", "STT;" + Self.memberHeader] + rows).joined(separator: "\r\n")
            let report = try await run(app, .members, Data(text.utf8))
            #expect(report.ok, "\(report.problems)")
            #expect(report.created == 2)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM members WHERE cccd IN ('001195000031', '001095000032')")
                .first(decoding: CountRow.self)!.n == 2)
            let far = (Array(repeating: "Tiêu đề", count: Importer.headerSearchRows) + [Self.memberHeader] + rows).joined(separator: "\n")
            let refused = try await run(app, .members, Data(far.utf8))
            #expect(!refused.ok && refused.problems.count == 1)
            #expect(refused.problems[0].line == 1 && refused.problems[0].message.contains("thiếu cột"), "\(refused.problems)")
            let misspelt = (["Danh sách", Self.memberHeader.replacingOccurrences(of: "Số CCCD", with: "Số CCC")] + rows).joined(separator: "\n")
            let closest = try await run(app, .members, Data(misspelt.utf8))
            #expect(closest.problems.first?.line == 2 && closest.problems[0].message.contains("cột không nhận ra \"Số CCC\""), "\(closest.problems)")
        }
    }

    @Test(arguments: TestDB.enabled)
    func commaSeparatedNoBOMAndNFDNamesAndReimport(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let nfdName = "Nguyễn Thị Ánh".decomposedStringWithCanonicalMapping
            #expect(nfdName.unicodeScalars.count > "Nguyễn Thị Ánh".unicodeScalars.count)
            let header = Self.memberHeader.replacingOccurrences(of: ";", with: ",")
            let rows = [
                "\(nfdName),01/02/1992,Nữ,Kinh,001192000021,A1,01/09/2016,,Giáo viên,\"Dạy Văn, chủ nhiệm lớp 10A\",Thạc sĩ,,,0987654321,anh@example.vn",
                "Lý Văn Khoa,3/4/1988,Nam,Tày,001088000022,A2,1/5/2012,CD123,Chuyên viên,Tham mưu,Đại học,Cao cấp,19/05/2010,,",
                ",,,,,,,,,,,,,,",   // blank trailing rows are ignored
                "",
            ]
            let data = Data(([header] + rows).joined(separator: "\n").utf8)
            let first = try await run(app, .members, data)
            #expect(first.ok, "\(first.problems)")
            #expect(first.created == 2)
            struct Name: Decodable { let fullName: String; let duties: String? }
            let stored = try await app.sql.raw("SELECT full_name, duties FROM members WHERE cccd = '001192000021'").first(decoding: Name.self, with: snakeCase)!
            #expect(stored.fullName == "Nguyễn Thị Ánh")
            #expect(stored.fullName.unicodeScalars.count == "Nguyễn Thị Ánh".precomposedStringWithCanonicalMapping.unicodeScalars.count)
            #expect(stored.duties == "Dạy Văn, chủ nhiệm lớp 10A")
            // Same file again: nothing changes, not even a history row.
            let before = try await counts(app)
            let second = try await run(app, .members, data)
            #expect(second.ok)
            #expect(second.created == 0 && second.updated == 0 && second.moved == 0 && second.unchanged == 2)
            #expect(try await counts(app) == before)
            // Same person in another unit: a transfer with history, not a second record.
            let moved = Data(([header, rows[1].replacingOccurrences(of: ",A2,", with: ",A1,")]).joined(separator: "\n").utf8)
            let third = try await run(app, .members, moved)
            #expect(third.moved == 1 && third.created == 0)
            let id = try await app.sql.raw("SELECT id FROM members WHERE cccd = '001088000022'").first(decoding: IDRow.self)!.id
            #expect(try await Members.history(of: id, on: app.sql).map(\.unitCode) == ["A2", "A1"])
        }
    }

    @Test(arguments: TestDB.enabled)
    func xlsxWithRealDateCells(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let header = Importer.Kind.members.headers.map { XLSXWriter.Value.text($0) }
            let row: [XLSXWriter.Value] = [.text("Đinh Thị Quyên"), .date(year: 1993, month: 7, day: 21), .text("Nữ"), .text("Kinh"),
                                           .text("001193000031"), .text("A1"), .date(year: 2018, month: 10, day: 1), .empty, .text("Kế toán"),
                                           .text("Kế toán thanh toán"), .text("Đại học"), .empty, .empty, .text("0912000111"), .empty]
            let data = try XLSXWriter.workbook(sheetName: "Đoàn viên", rows: [header, row, [.empty, .empty]])
            let report = try await run(app, .members, data, name: "doan-vien.xlsx")
            #expect(report.ok, "\(report.problems)")
            #expect(report.created == 1)
            struct Dates: Decodable { let birthDate: String; let unionJoinedOn: String }
            let d = try await app.sql.raw("SELECT birth_date, union_joined_on FROM members WHERE cccd = '001193000031'").first(decoding: Dates.self, with: snakeCase)!
            #expect(d.birthDate == "1993-07-21")
            #expect(d.unionJoinedOn == "2018-10-01")
            // An official's workbook that opens on a summary sheet: the list behind it is found and read.
            let second: [XLSXWriter.Value] = [.text("Hồ Văn Quý"), .text("02/02/1991"), .text("Nam"), .text("Kinh"), .text("001091000032"), .text("A1"),
                                              .text("01/10/2018"), .empty, .empty, .empty, .text("Đại học"), .empty, .empty, .empty, .empty]
            let workbook = try XLSXWriter.workbook(sheets: [
                .init(name: "Tổng hợp", rows: [[.text("TỔNG HỢP ĐOÀN VIÊN NĂM 2026")], [.text("Tổng số"), .number(2)]]),
                .init(name: "DS đoàn viên", rows: [[.text("DANH SÁCH ĐOÀN VIÊN")], ["STT"].map { XLSXWriter.Value.text($0) } + header, [.number(1)] + second]),
            ])
            let behind = try await run(app, .members, workbook, name: "bao-cao.xlsx")
            #expect(behind.ok && behind.created == 1, "\(behind.problems)")
            // A workbook with no such list anywhere is refused for its first sheet's header.
            let none = try await run(app, .members, try XLSXWriter.workbook(sheets: [.init(name: "A", rows: [[.text("Tổng số")]]),
                                                                                  .init(name: "B", rows: [[.text("Họ và tên")]])]), name: "x.xlsx")
            #expect(none.problems.first?.message.contains("cột không nhận ra \"Tổng số\"") == true, "\(none.problems)")
            // A file that claims to be .xlsx but is not a zip gets a clear message.
            let fake = try await run(app, .members, Data("not a zip".utf8), name: "gia.xlsx")
            #expect(fake.problems.first?.message.contains("không phải tệp Excel") == true)
        }
    }

    @Test(arguments: TestDB.enabled)
    func unitsImportBuildsTheTreeInAnyOrderAndIsIdempotent(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            let csv = """
            Mã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ;Tạo chi bộ mới
            A1b-T1;Tổ công đoàn Toán;Tổ công đoàn;A1b;Chi bo dien luc;
            A1b;Công đoàn bộ phận Chuyên môn;Công đoàn bộ phận;A1;Chi bộ A1;
            A3;Công đoàn Công ty Điện lực;Công đoàn cơ sở;A;Chi bộ Điện lực;x
            A3-T1;Tổ công đoàn Kỹ thuật;Tổ CĐ;A3;Chi bộ Điện lực;
            """
            // A kind is found however the file writes it: in full ("Công đoàn cơ sở" for the catalogue's "CĐCS") or
            // abbreviated ("Tổ CĐ").
            // A cell the file names but neither the system nor the file declares is a bad row: a typo does not
            // make a new cell.
            let typo = try await run(app, .units, Data(csv.replacingOccurrences(of: ";Chi bộ Điện lực;x", with: ";Chi bộ Điện lực;").utf8))
            #expect(!typo.ok)
            #expect(typo.problems.contains { $0.line == 4 && $0.message.contains("Tạo chi bộ mới") }, "\(typo.problems)")
            let cellsBefore = try await app.sql.raw("SELECT COUNT(*) AS n FROM party_cells").first(decoding: CountRow.self)!.n
            // A1b-T1 sits under A1 whose cell is "Chi bộ A1": "Chi bộ Điện lực" (declared at A3) is not above it.
            #expect(typo.problems.contains { $0.line == 2 }, "\(typo.problems)")
            let fixed = csv.replacingOccurrences(of: ";A1b;Chi bo dien luc;", with: ";A1b;;")
            let first = try await run(app, .units, Data(fixed.utf8))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM party_cells").first(decoding: CountRow.self)!.n == cellsBefore + 1)
            let a3 = try #require(try await Units.find(code: "A3", on: app.sql))
            let a3t1 = try #require(try await Units.find(code: "A3-T1", on: app.sql))
            #expect(a3.partyCellId != nil && a3t1.partyCellId == a3.partyCellId)
            #expect(first.ok, "\(first.problems)")
            #expect(first.created == 4)
            let t1 = try #require(try await Units.find(code: "A1b-T1", on: app.sql))
            let a1b = try #require(try await Units.find(code: "A1b", on: app.sql))
            #expect(t1.parentId == a1b.id)
            #expect(a1b.partyCellId == (try await Units.find(code: "A1", on: app.sql))!.partyCellId)
            // Created level by level, together: each new unit's path, depth, first period and audit entry are its own.
            for unit in [a1b, t1, a3, a3t1] {
                let parent = try #require(try await Units.find(id: unit.parentId!, on: app.sql))
                #expect(unit.path == parent.path + "\(unit.id)/" && unit.depth == parent.depth + 1)
                struct Period: Decodable { let path: String; let partyCellId: Int? }
                let periods = try await app.sql.raw("SELECT path, party_cell_id FROM unit_periods WHERE unit_id = \(bind: unit.id)")
                    .all(decoding: Period.self, with: snakeCase)
                #expect(periods.count == 1 && periods.first?.path == unit.path && periods.first?.partyCellId == unit.partyCellId)
                let entries = try await app.sql.raw("""
                    SELECT COUNT(*) AS n FROM audit_log WHERE action = 'create' AND entity = 'unit' AND entity_id = \(bind: unit.id)
                    """).first(decoding: CountRow.self)!.n
                #expect(entries == 1)
            }
            let before = try await counts(app)
            let again = try await run(app, .units, Data(fixed.utf8))
            #expect(again.unchanged == 4, "\(again)")
            #expect(try await counts(app) == before)
            // Loops and unknown parents are caught before anything is written.
            let bad = """
            Mã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ
            X1;Một;CĐCS;X2;
            X2;Hai;CĐCS;X1;
            X3;Ba;Loại lạ;A;
            X4;Bốn;CĐCS;KHONG-CO;
            """
            let report = try await run(app, .units, Data(bad.utf8))
            #expect(Set(report.problems.map(\.line)) == [2, 3, 4, 5])
            #expect(try await counts(app) == before)
        }
    }

    /// Two officials confirm the same new units at once: both succeed, the second finding the first's units unchanged.
    @Test(arguments: TestDB.enabled)
    func theSameUnitsImportedTwiceAtOnceBothSucceed(db: TestDB) async throws {
        try await withTestApp(db) { app in
            _ = try await Fixture.make(app)
            var csv = "Mã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ;Tạo chi bộ mới\n"
            for i in 1...40 {
                csv += "N\(i);Công đoàn Công ty số \(i);cđcs;A;Chi bộ Công ty \(i);x\nN\(i)-T1;Tổ công đoàn \(i);Tổ công đoàn;N\(i);Chi bộ Công ty \(i);\n"
            }
            let data = Data(csv.utf8)
            let before = try await counts(app)
            async let first = run(app, .units, data)
            async let second = run(app, .units, data)
            let reports = try await [first, second]
            #expect(reports.allSatisfy { $0.ok }, "\(reports.map(\.problems))")
            #expect(reports.map(\.created).sorted() == [0, 80], "\(reports)")
            #expect(try await counts(app)[2] == before[2] + 80)
            let cells = try await app.sql.raw("SELECT COUNT(*) AS n FROM party_cells WHERE name LIKE 'Chi bộ Công ty %'").first(decoding: CountRow.self)!.n
            #expect(cells == 40)
        }
    }

    @Test func uploadPageDryRunThenConfirm() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.login("official")
            let token = try #require(b.csrf)
            let boundary = "----noiguong"
            let file = String(decoding: Self.csv([Self.row("Hoàng Thị Mai", cccd: "001195000010")]), as: UTF8.self)
            let body = """
            --\(boundary)\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n\(token)\r\n\
            --\(boundary)\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmembers\r\n\
            --\(boundary)\r\nContent-Disposition: form-data; name="date"\r\n\r\n01/01/2024\r\n\
            --\(boundary)\r\nContent-Disposition: form-data; name="file"; filename="ds.csv"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n\
            --\(boundary)--\r\n
            """
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: b.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let dry = try await app.testing().sendRequest(.POST, "/import/upload", headers: headers, body: ByteBuffer(string: body))
            #expect(dry.status == .ok)
            #expect(dry.body.string.contains("Kiểm tra xong 1 dòng đoàn viên: 1 mới"))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM members WHERE cccd = '001195000010'").first(decoding: CountRow.self)!.n == 0)
            let batch = try await app.sql.raw("SELECT id FROM import_batches").first(decoding: IDRow.self)!.id
            // Another user cannot confirm someone else's upload.
            let other = Browser(app)
            try await other.login("admin")
            #expect(try await other.send(.POST, "/import/\(batch)/confirm", form: [:]).status == .notFound)
            let done = try await b.send(.POST, "/import/\(batch)/confirm", form: [:])
            #expect(done.status == .ok)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM members WHERE cccd = '001195000010'").first(decoding: CountRow.self)!.n == 1)
            #expect(try await b.send(.POST, "/import/\(batch)/confirm", form: [:]).status == .conflict)
            // Templates download with the right headers.
            let template = try await b.send(.GET, "/import/templates/members.csv")
            #expect(template.text.contains("Họ và tên;Ngày sinh"))
            #expect(try await b.send(.GET, "/import/templates/units.xlsx").status == .ok)
        }
    }
}
