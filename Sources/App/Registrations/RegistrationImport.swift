import Domain
import Fluent
import Foundation
import Spreadsheet
import SQLKit
import Vapor

/// A unit's registrations from its spreadsheet, for members who never log in: entered on their behalf by the
/// official who uploads the file. All or nothing: every line is checked first and the report names each problem
/// by its line; only a file without problems is written, in one transaction. It runs as an import job
/// (`Importer.Kind.registrations`, `ImportJobs`): checked on upload, written on confirmation, with the same report
/// and progress bar as a members' file.
enum RegistrationImport {
    static let headers = ["Số CCCD hoặc hộ chiếu", "Họ và tên", "Việc làm 1", "Nhiệm vụ gắn với việc làm 1", "Kết quả 1", "Thời hạn 1",
                          "Việc làm 2", "Kết quả 2", "Thời hạn 2", "Hạn chế cần khắc phục", "Gửi chi bộ (x)"]

    /// More members than this are not listed in the template: a province's round is filled in unit by unit.
    static let templateLimit = 10_000

    /// How to write each column, on the template's second sheet.
    static let guide: [(column: String, required: String, how: String)] = [
        (headers[0], "Bắt buộc", "Số CCCD (12 chữ số) hoặc số hộ chiếu của đoàn viên; đã điền sẵn cho các đoàn viên của đơn vị."),
        (headers[1], "Không", "Để đối chiếu: nếu ghi, phải đúng họ tên của số giấy tờ."),
        (headers[2], "Bắt buộc khi đăng ký", "Việc cụ thể sẽ làm: làm gì, cho ai, bao nhiêu, khi nào. Không ghi khẩu hiệu chung chung."),
        (headers[3], "Không", "Tên (hoặc một phần tên) nhiệm vụ đang được giao mà việc làm phục vụ; đã điền sẵn khi đoàn viên có một nhiệm vụ. Để trống thì lấy nhiệm vụ đầu tiên."),
        (headers[4], "Không", "Kết quả đo được: số lượng, tỷ lệ, sản phẩm."),
        (headers[5], "Không", "Ngày hoàn thành (dd/mm/yyyy), hoặc tháng, quý."),
        (headers[6], "Không", "Việc làm thứ hai, nếu có."),
        (headers[7], "Không", "Kết quả của việc làm thứ hai."),
        (headers[8], "Không", "Thời hạn của việc làm thứ hai."),
        (headers[9], "Không", "Những hạn chế đoàn viên sẽ khắc phục."),
        (headers[10], "Không", "Ghi x để gửi ngay cho chi bộ; để trống thì bản đăng ký được lưu nháp."),
    ]

    /// The round's members already listed, one row each, so that the official only writes what each will do; and a
    /// sheet that says how to write each column.
    static func template(members all: [Registrations.TemplateMember]) throws -> Data {
        let members = all.prefix(templateLimit)
        let rows: [[XLSXWriter.Value]] = [headers.map { .text($0) }] + members.map { m in
            [.text(m.idNumber), .text(m.name), .empty, m.duty.map { .text($0) } ?? .empty]
        }
        var notes = [
            "Dòng chỉ có số giấy tờ, họ tên và nhiệm vụ (chưa ghi việc làm) được bỏ qua: đoàn viên đó chưa đăng ký.",
            "Tải tệp lên để kiểm tra trước: chưa ghi gì cho đến khi bấm xác nhận, và nếu có dòng lỗi thì không dòng nào được ghi.",
            "Có thể thêm dòng tên danh sách ở trên dòng tiêu đề.",
        ]
        if all.count > templateLimit {
            notes.append("Danh sách chỉ gồm \(VNFormat.integer(templateLimit)) đoàn viên đầu theo tên; đoàn viên khác thêm dòng với số giấy tờ của họ.")
        }
        let guideRows: [[XLSXWriter.Value]] = [["Cột", "Bắt buộc", "Cách ghi"].map { .text($0) }]
            + guide.map { [.text($0.column), .text($0.required), .text($0.how)] }
            + notes.enumerated().map { [.text($0.offset == 0 ? "Lưu ý" : ""), .empty, .text($0.element)] }
        return try XLSXWriter.workbook(sheets: [
            .init(name: "Đăng ký", rows: rows, columnWidths: [18, 24, 40, 28, 24, 14, 40, 24, 14, 30, 12], freezeHeader: true, textColumns: [0]),
            .init(name: "Hướng dẫn", rows: guideRows, columnWidths: [26, 20, 70], freezeHeader: true, wrapColumns: [0, 1, 2]),
        ])
    }

    /// Checks every line; writes them all (as the actor, on behalf of each member) when none has a problem and
    /// `apply` is set.
    static func run(round: Rounds.Row, data: Data, fileName: String, actor: Actor, apply: Bool, whenWriting: Importer.Hook? = nil,
                    progress: Importer.Progress? = nil, on db: any Fluent.Database) async throws -> Importer.Report {
        var report = Importer.Report(kind: .registrations)
        let table: Table
        /// The columns every registration needs that a row, read as the header, does not have.
        func missing(_ row: SheetRow) -> [String] {
            let titles = row.cells.map { Importer.headerKey($0.text) }
            return headers.prefix(3).filter { !titles.contains(Importer.headerKey($0)) }
        }
        // In a workbook, the first sheet that has the registrations' header near its top.
        do { table = try TabularFile.read(data, fileName: fileName) { $0.rows.prefix(Importer.headerSearchRows).contains { missing($0).isEmpty } } } catch {
            report.add(line: 0, error.message)
            return report
        }
        guard !table.rows.isEmpty else {
            report.add(line: 0, "Tệp không có dữ liệu.")
            return report
        }
        // The header may sit under the sheet's title, as in the member import: the first of the first rows with the
        // columns every registration needs.
        let at = table.rows.prefix(Importer.headerSearchRows).firstIndex { missing($0).isEmpty } ?? 0
        let header = table.rows[at].cells.map { Importer.headerKey($0.text) }
        report.rows = table.rows.count - 1 - at
        func column(_ name: String) -> Int? { header.firstIndex(of: Importer.headerKey(name)) }
        guard missing(table.rows[at]).isEmpty else {
            report.add(line: table.rows[at].line, "thiếu cột " + missing(table.rows[at]).map { "«\($0)»" }.joined(separator: ", ") + ". Hãy dùng tệp mẫu.")
            return report
        }
        struct Planned: Sendable { let line: Int; let memberId: Int; let draft: RegistrationFlow.Draft; let submit: Bool; let name: String; let existing: Int? }
        var planned: [Planned] = []
        var seen: [Int: Int] = [:]
        let sql = db.sql
        var read = 0
        for row in table.rows.dropFirst(at + 1) {
            read += 1
            if read % 100 == 0 { await progress?(read) }
            func v(_ name: String) -> String {
                // The id column read as a CCCD: a number cell gets its leading zeros back.
                column(name).flatMap { $0 < row.cells.count ? VietnameseText.clean(Importer.text(of: row.cells[$0], field: name == headers[0] ? "Số CCCD" : name)) : nil } ?? ""
            }
            let line = row.line
            // A listed member with nothing written (the template lists them all) has not registered: left out.
            if [2, 4, 5, 6, 7, 8, 9, 10].allSatisfy({ v(headers[$0]).isEmpty }) {
                if !v(headers[0]).isEmpty || !v(headers[1]).isEmpty { report.unchanged += 1 }
                continue
            }
            let id = v(headers[0]).replacingOccurrences(of: " ", with: "")
            guard !id.isEmpty else { report.add(line: line, "thiếu số CCCD hoặc hộ chiếu của đoàn viên."); continue }
            struct Found: Decodable { let id: Int; let fullName: String; let unitId: Int; let status: String }
            let found = try await sql.raw("""
                SELECT id, full_name, unit_id, status FROM members WHERE cccd = \(bind: id) OR passport_no = \(bind: id.uppercased())
                """).all(decoding: Found.self, with: snakeCase)
            guard let m = found.first(where: { $0.status == MemberStatus.active.rawValue }) ?? found.first,
                  let unit = try await Units.find(id: m.unitId, on: sql), actor.scope.canWrite(unitPath: unit.path) else {
                report.add(line: line, "không có đoàn viên số \(id) trong các đơn vị bạn được nhập liệu.")
                continue
            }
            guard PathRange(path: round.unitPath).contains(unit.path) else {
                report.add(line: line, "\(m.fullName) thuộc \(unit.name), không nằm trong \(round.unitName) của đợt đăng ký này.")
                continue
            }
            if let name = Optional(v(headers[1])), !name.isEmpty, VietnameseText.fold(name) != VietnameseText.fold(m.fullName) {
                report.add(line: line, "số \(id) là của \(m.fullName), không phải «\(VietnameseText.excerpt(name))». Hãy kiểm tra lại số giấy tờ.")
                continue
            }
            if let earlier = seen[m.id] {
                report.add(line: line, "\(m.fullName) đã có ở dòng \(earlier); mỗi đoàn viên một dòng.")
                continue
            }
            seen[m.id] = line
            // The duty named in the file, matched to the member's duties of today by its words.
            let duties = try await Registrations.duties(of: m.id, on: actor.clock.today, sql: sql)
            let dutyText = VietnameseText.fold(v(headers[3]))
            let duty = dutyText.isEmpty ? duties.first : duties.first { VietnameseText.fold($0.title).contains(dutyText) || dutyText.contains(VietnameseText.fold($0.title)) }
            if !dutyText.isEmpty && duty == nil {
                report.add(line: line, "«\(VietnameseText.excerpt(v(headers[3])))» không khớp nhiệm vụ nào đang được giao cho \(m.fullName) (" +
                                       (duties.isEmpty ? "chưa có nhiệm vụ nào" : duties.map(\.title).joined(separator: "; ")) + ").")
                continue
            }
            let draft = RegistrationFlow.Draft(actions: [
                .init(action: v(headers[2]), dutyId: duty?.id, result: v(headers[4]), deadline: v(headers[5])),
                .init(action: v(headers[6]), dutyId: duty?.id, result: v(headers[7]), deadline: v(headers[8])),
            ], shortcomings: v(headers[9]))
            if case .failure(let problems) = RegistrationFlow.validate(draft) {
                report.add(line: line, "" + problems.messages.joined(separator: " "))
                continue
            }
            let submit = !v(headers[10]).isEmpty
            let existing = try await Registrations.find(round: round.id, member: m.id, on: sql)
            let existingId = existing?.id
            if let existing {
                if case .failure(let refusal) = RegistrationFlow.check(.save, status: existing.state, by: [.onBehalf], today: actor.clock.today, calendar: round.calendar) {
                    report.add(line: line, "\(m.fullName): " + refusal.message)
                    continue
                }
            } else if case .failure(let refusal) = RegistrationFlow.check(.save, status: nil, by: [.onBehalf], today: actor.clock.today, calendar: round.calendar) {
                report.add(line: line, "" + refusal.message)
                continue
            }
            planned.append(Planned(line: line, memberId: m.id, draft: draft, submit: submit, name: m.fullName, existing: existingId))
        }
        await progress?(read)
        if planned.isEmpty && report.ok { report.add(line: 0, "Tệp không có dòng bản đăng ký nào.") }
        report.created = planned.filter { $0.existing == nil }.count
        report.updated = planned.count - report.created
        guard report.ok, apply else { return report }
        let plan = planned
        try await Writes.perform(on: db, actor: actor) { tx in
            for p in plan {
                do {
                    try await Registrations.save(round: round, memberId: p.memberId, draft: p.draft, submit: p.submit, capacities: [.onBehalf], in: tx)
                } catch let abort as Abort {
                    // Nothing is written when one line fails inside the transaction either.
                    throw Abort(abort.status, reason: "Dòng \(p.line): \(p.name): \(abort.reason)")
                }
            }
            tx.audit("import", "registration_round", id: round.id, unit: round.unitId,
                     "Nhập \(plan.count) bản đăng ký từ tệp \(fileName) (nhập thay đoàn viên), \(round.title)")
            try await whenWriting?(tx)
        }
        report.applied = true
        return report
    }
}
