import Domain
import Fluent
import Foundation
import Spreadsheet
import SQLKit
import Vapor

/// What each export holds, row by row, read in key-set batches so that a million rows pass through in flat
/// memory. Headings are Vietnamese whatever the interface language (the files go to reports), and name the
/// columns as the import files do where the two share a column.
enum Exports {
    static let batch = 5_000

    // MARK: Members

    static let memberColumns: [ExportColumn] = [
        .init("Họ và tên", 28), .init("Ngày sinh", 12), .init("Giới tính", 9), .init("Trình độ chuyên môn", 20),
        .init("Ngày vào Đảng", 14), .init("Tình trạng", 16), .init("Chức vụ", 20), .init("Mã đơn vị", 12), .init("Đơn vị", 40),
    ]

    /// The member list as `/members` shows it: the same filter, the same scope, the same order.
    static func members(_ filter: MemberFilter, _ selection: MemberSelection, into file: ExportFile, on sql: any SQLDatabase) async throws {
        var f = filter
        f.limit = batch
        f.after = nil
        f.before = nil
        while true {
            let page = try await MemberQuery.page(f, selection, on: sql)
            let rows = page.rows, next = page.next
            for r in rows {
                try file.append([
                    .text(r.fullName), .isoDate(r.birthDate),
                    .text(Gender(rawValue: r.gender)?.label ?? r.gender),
                    .text(EducationLevel(rawValue: r.education)?.label ?? r.education),
                    .isoDate(r.partyJoinedOn),
                    .text(MemberStatus(rawValue: r.status)?.label ?? r.status),
                    .optionalText(r.position), .text(r.unitCode), .text(r.unitName),
                ])
            }
            guard let next else { return }
            f.after = next
        }
    }

    // MARK: Units

    static let unitColumns: [ExportColumn] = [
        .init("Mã đơn vị", 12), .init("Tên đơn vị", 40), .init("Loại đơn vị", 22), .init("Mã đơn vị cấp trên", 14),
        .init("Đơn vị cấp trên", 40), .init("Cấp", 6), .init("Tình trạng", 16), .init("Ngày thành lập", 14),
        .init("Ngày kết thúc", 14), .init("Số đoàn viên (trực tiếp)", 12),
    ]

    static func units(scope: Scope, subtree: PathRange?, into file: ExportFile, on sql: any SQLDatabase) async throws {
        var after: String?
        while true {
            let rows = try await ExportQueries.units(scope: scope, subtree: subtree, afterPath: after, limit: batch, on: sql)
            for u in rows {
                try file.append([
                    .text(u.code), .text(u.name), .text(u.kindName), .optionalText(u.parentCode), .optionalText(u.parentName),
                    .number(Double(u.depth)), .text(Strings.vi["unit.status." + u.status] ?? u.status),
                    .isoDate(u.establishedOn), .isoDate(u.endedOn), .number(Double(u.members)),
                ])
            }
            guard rows.count == batch, let last = rows.last else { return }
            after = last.path
        }
    }

    // MARK: Register

    static let auditColumns: [ExportColumn] = [
        .init("Ngày", 12), .init("Giờ", 7), .init("Người thực hiện", 24), .init("Tên đăng nhập", 16), .init("Thao tác", 18),
        .init("Loại hồ sơ", 16), .init("Mã đơn vị", 12), .init("Nội dung", 70),
    ]

    /// The register, newest first, with the page's filter and scope.
    static func audit(_ filter: AuditFilter, scope: Scope, into file: ExportFile, on sql: any SQLDatabase) async throws {
        var before: Int?
        while true {
            let (rows, more) = try await AuditLog.page(filter, scope: scope, direction: .olderThan(before), limit: batch, on: sql)
            for r in rows {
                let instant = Clock.parse(r.at)
                let day = instant.map { CivilDate($0, in: CivilDate.vietnam) }
                try file.append([
                    day.map { .date(year: $0.year, month: $0.month, day: $0.day) } ?? .text(r.at),
                    .text(instant.map(Clock.display).map { String($0.suffix(5)) } ?? ""),
                    .text(AuditText.who(r)), .optionalText(r.username),
                    .text(AuditText.action(r.action, strings: Strings(language: .vi))),
                    .text(AuditText.entity(r.entity, strings: Strings(language: .vi))),
                    .optionalText(r.unitCode), .text(r.summary),
                ])
            }
            guard more, let last = rows.last else { return }
            before = last.id
        }
    }

    /// Records the export in the register: lists of personal data leaving the system are worth knowing about.
    static func record(_ what: String, entity: String, unit: Int?, file: ExportFile, actor: Actor, on db: any Database) async throws {
        let summary = "Xuất \(what) (\(VNFormat.integer(file.rows)) dòng, .\(file.format.rawValue))"
        try await Writes.perform(on: db, actor: actor) { tx in
            tx.audit("export", entity, id: nil, unit: unit, summary)
        }
    }
}
