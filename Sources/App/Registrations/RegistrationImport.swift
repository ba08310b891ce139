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

    static func template() throws -> Data {
        try XLSXWriter.workbook(sheetName: "Dang ky", rows: [headers.map { .text($0) }], columnWidths: [18, 24, 40, 28, 24, 14, 40, 24, 14, 30, 12])
    }

    /// Checks every line; writes them all (as the actor, on behalf of each member) when none has a problem and
    /// `apply` is set.
    static func run(round: Rounds.Row, data: Data, fileName: String, actor: Actor, apply: Bool, whenWriting: Importer.Hook? = nil,
                    progress: Importer.Progress? = nil, on db: any Fluent.Database) async throws -> Importer.Report {
        var report = Importer.Report(kind: .registrations)
        let table: Table
        do { table = try TabularFile.read(data, fileName: fileName) } catch {
            report.add(line: 0, error.message)
            return report
        }
        guard !table.rows.isEmpty else {
            report.add(line: 0, "Tệp không có dữ liệu.")
            return report
        }
        // The header may sit under the sheet's title, as in the member import: the first of the first rows with the
        // columns every registration needs.
        let titles = table.rows.prefix(Importer.headerSearchRows).map { $0.cells.map { Importer.headerKey($0.text) } }
        func missing(in header: [String]) -> [String] { headers.prefix(3).filter { !header.contains(Importer.headerKey($0)) } }
        let at = titles.firstIndex { missing(in: $0).isEmpty } ?? 0
        let header = titles[at]
        report.rows = table.rows.count - 1 - at
        func column(_ name: String) -> Int? { header.firstIndex(of: Importer.headerKey(name)) }
        guard missing(in: header).isEmpty else {
            report.add(line: table.rows[at].line, "thiếu cột " + missing(in: header).map { "«\($0)»" }.joined(separator: ", ") + ". Hãy dùng tệp mẫu.")
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
            func v(_ name: String) -> String { column(name).flatMap { $0 < row.cells.count ? VietnameseText.clean(row.cells[$0].text) : nil } ?? "" }
            let line = row.line
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
                report.add(line: line, "số \(id) là của \(m.fullName), không phải «\(name)». Hãy kiểm tra lại số giấy tờ.")
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
                report.add(line: line, "«\(v(headers[3]))» không khớp nhiệm vụ nào đang được giao cho \(m.fullName) (" +
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
