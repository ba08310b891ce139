import Domain
import Fluent
import Foundation
import Spreadsheet
import SQLKit
import Vapor

/// A unit's registrations from its spreadsheet, for members who never log in: entered on their behalf by the
/// official who uploads the file. All or nothing: every line is checked first and the report names each problem
/// by its line; only a file without problems is written, in one transaction.
enum RegistrationImport {
    static let headers = ["Số CCCD hoặc hộ chiếu", "Họ và tên", "Việc làm 1", "Nhiệm vụ gắn với việc làm 1", "Kết quả 1", "Thời hạn 1",
                          "Việc làm 2", "Kết quả 2", "Thời hạn 2", "Hạn chế cần khắc phục", "Gửi chi bộ (x)"]

    struct Report: Sendable {
        var lines: [String] = []
        var problems: [String] = []
        var written = 0
        var ok: Bool { problems.isEmpty }
    }

    static func template() throws -> Data {
        try XLSXWriter.workbook(sheetName: "Dang ky", rows: [headers.map { .text($0) }], columnWidths: [18, 24, 40, 28, 24, 14, 40, 24, 14, 30, 12])
    }

    /// Checks every line; writes them all (as the actor, on behalf of each member) when none has a problem and
    /// `apply` is set.
    static func run(round: Rounds.Row, data: Data, fileName: String, actor: Actor, apply: Bool, on db: any Fluent.Database) async throws -> Report {
        var report = Report()
        let table: Table
        do { table = try TabularFile.read(data, fileName: fileName) } catch {
            report.problems.append(error.message)
            return report
        }
        let header = table.rows[0].cells.map { VietnameseText.fold($0.text) }
        func column(_ name: String) -> Int? { header.firstIndex(of: VietnameseText.fold(name)) }
        let missing = headers.prefix(3).filter { column($0) == nil }
        guard missing.isEmpty else {
            report.problems.append("Dòng 1: thiếu cột " + missing.map { "«\($0)»" }.joined(separator: ", ") + ". Hãy dùng tệp mẫu.")
            return report
        }
        struct Planned: Sendable { let line: Int; let memberId: Int; let draft: RegistrationFlow.Draft; let submit: Bool; let name: String }
        var planned: [Planned] = []
        var seen: [Int: Int] = [:]
        let sql = db.sql
        for row in table.rows.dropFirst() {
            func v(_ name: String) -> String { column(name).flatMap { $0 < row.cells.count ? VietnameseText.clean(row.cells[$0].text) : nil } ?? "" }
            let line = row.line
            let id = v(headers[0]).replacingOccurrences(of: " ", with: "")
            guard !id.isEmpty else { report.problems.append("Dòng \(line): thiếu số CCCD hoặc hộ chiếu của đoàn viên."); continue }
            struct Found: Decodable { let id: Int; let fullName: String; let unitId: Int; let status: String }
            let found = try await sql.raw("""
                SELECT id, full_name, unit_id, status FROM members WHERE cccd = \(bind: id) OR passport_no = \(bind: id.uppercased())
                """).all(decoding: Found.self, with: snakeCase)
            guard let m = found.first(where: { $0.status == MemberStatus.active.rawValue }) ?? found.first,
                  let unit = try await Units.find(id: m.unitId, on: sql), actor.scope.canWrite(unitPath: unit.path) else {
                report.problems.append("Dòng \(line): không có đoàn viên số \(id) trong các đơn vị bạn được nhập liệu.")
                continue
            }
            guard PathRange(path: round.unitPath).contains(unit.path) else {
                report.problems.append("Dòng \(line): \(m.fullName) thuộc \(unit.name), không nằm trong \(round.unitName) của đợt đăng ký này.")
                continue
            }
            if let name = Optional(v(headers[1])), !name.isEmpty, VietnameseText.fold(name) != VietnameseText.fold(m.fullName) {
                report.problems.append("Dòng \(line): số \(id) là của \(m.fullName), không phải «\(name)». Hãy kiểm tra lại số giấy tờ.")
                continue
            }
            if let earlier = seen[m.id] {
                report.problems.append("Dòng \(line): \(m.fullName) đã có ở dòng \(earlier); mỗi đoàn viên một dòng.")
                continue
            }
            seen[m.id] = line
            // The duty named in the file, matched to the member's duties of today by its words.
            let duties = try await Registrations.duties(of: m.id, on: actor.clock.today, sql: sql)
            let dutyText = VietnameseText.fold(v(headers[3]))
            let duty = dutyText.isEmpty ? duties.first : duties.first { VietnameseText.fold($0.title).contains(dutyText) || dutyText.contains(VietnameseText.fold($0.title)) }
            if !dutyText.isEmpty && duty == nil {
                report.problems.append("Dòng \(line): «\(v(headers[3]))» không khớp nhiệm vụ nào đang được giao cho \(m.fullName) (" +
                                       (duties.isEmpty ? "chưa có nhiệm vụ nào" : duties.map(\.title).joined(separator: "; ")) + ").")
                continue
            }
            let draft = RegistrationFlow.Draft(actions: [
                .init(action: v(headers[2]), dutyId: duty?.id, result: v(headers[4]), deadline: v(headers[5])),
                .init(action: v(headers[6]), dutyId: duty?.id, result: v(headers[7]), deadline: v(headers[8])),
            ], shortcomings: v(headers[9]))
            if case .failure(let problems) = RegistrationFlow.validate(draft) {
                report.problems.append("Dòng \(line): " + problems.messages.joined(separator: " "))
                continue
            }
            let submit = !v(headers[10]).isEmpty
            if let existing = try await Registrations.find(round: round.id, member: m.id, on: sql) {
                if case .failure(let refusal) = RegistrationFlow.check(.save, status: existing.state, by: [.onBehalf], today: actor.clock.today, calendar: round.calendar) {
                    report.problems.append("Dòng \(line): \(m.fullName): " + refusal.message)
                    continue
                }
            } else if case .failure(let refusal) = RegistrationFlow.check(.save, status: nil, by: [.onBehalf], today: actor.clock.today, calendar: round.calendar) {
                report.problems.append("Dòng \(line): " + refusal.message)
                continue
            }
            planned.append(Planned(line: line, memberId: m.id, draft: draft, submit: submit, name: m.fullName))
        }
        if planned.isEmpty && report.problems.isEmpty { report.problems.append("Tệp không có dòng bản đăng ký nào.") }
        guard report.ok, apply else {
            report.lines.append("Đã kiểm tra \(VNFormat.integer(table.rows.count - 1)) dòng: " +
                                (report.ok ? "không có lỗi, chưa ghi gì." : "\(VNFormat.integer(report.problems.count)) lỗi, chưa ghi gì."))
            return report
        }
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
        }
        report.written = plan.count
        report.lines.append("Đã ghi \(VNFormat.integer(plan.count)) bản đăng ký (nhập thay đoàn viên).")
        return report
    }
}
