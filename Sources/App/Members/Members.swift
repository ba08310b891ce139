import Domain
import Foundation
import SQLKit
import Vapor

/// Members and their history. Unit, status, position and duties are kept as dated periods, so a report for
/// 2022 counts a member where they stood in 2022.
enum Members {
    static func find(id: Int, on sql: any SQLDatabase) async throws -> MemberRow? {
        try await sql.raw("SELECT \(unsafeRaw: MemberRow.columns) FROM members m WHERE m.id = \(bind: id)")
            .first(decoding: MemberRow.self, with: snakeCase)
    }

    /// A member the scope may read, with their unit; 404 otherwise, exactly as if it did not exist.
    static func readable(id: Int, scope: Scope, on sql: any SQLDatabase) async throws -> (MemberRow, UnitRow) {
        guard let member = try await find(id: id, on: sql),
              let unit = try await Units.find(id: member.unitId, on: sql),
              scope.isAdmin || scope.canRead(unit: unit) || scope.ownMember == member.id
        else { throw Abort(.notFound) }
        return (member, unit)
    }

    /// The record as this scope may see it: a Party cell secretary reads names, unit, position and duties to
    /// appraise registrations, not citizen ids, passports, phones, e-mail or ethnicity.
    static func visible(_ m: MemberRow, unitPath: String, scope: Scope) -> MemberRow {
        if scope.canSeePersonalData(unitPath: unitPath) || scope.ownMember == m.id { return m }
        var r = m
        r.cccd = nil; r.passportNo = nil; r.phone = nil; r.email = nil; r.ethnicity = nil
        return r
    }

    static func create(_ draft: MemberDraft, unitId: Int, on date: CivilDate, in tx: WriteTransaction) async throws -> Int {
        let unit = try await tx.requireWrite(unitId: unitId)
        guard unit.isActive else { throw Abort(.unprocessableEntity, reason: "Đơn vị \(unit.code) đã giải thể hoặc sáp nhập.") }
        try await requireUniqueIdentity(cccd: draft.citizenID, passport: draft.passportNumber, except: nil, in: tx)
        let row = MemberRow(draft: draft, unitId: unitId)
        let id = try await insert([row], in: tx).first!
        try await Periods.openMember(id, .init(unitId: unitId, status: MemberStatus.active.rawValue, position: row.position, duties: row.duties),
                                     from: date, reason: "join", in: tx)
        try await Periods.changeDuty(id, unitId: unitId, title: row.duties, on: date, subject: row.fullName, in: tx)
        tx.audit("create", "member", id: id, unit: unitId, "Thêm đoàn viên \(row.fullName)")
        return id
    }

    /// A citizen id, and a passport number, belong to one current member (the partial unique indexes say so too;
    /// this says it in Vietnamese before the database has to).
    static func requireUniqueIdentity(cccd: String?, passport: String?, except memberId: Int?, in tx: WriteTransaction) async throws {
        if let cccd {
            let clash = try await tx.sql.raw("""
                SELECT id FROM members WHERE cccd = \(bind: cccd) AND status IN ('active', 'suspended')
                """).all(decoding: IDRow.self).filter { $0.id != memberId }
            if !clash.isEmpty {
                throw Abort(.conflict, reason: "Số CCCD \(cccd) đã có ở một đoàn viên đang sinh hoạt khác.")
            }
        }
        if let passport {
            let clash = try await tx.sql.raw("""
                SELECT id FROM members WHERE passport_no = \(bind: passport) AND status IN ('active', 'suspended')
                """).all(decoding: IDRow.self).filter { $0.id != memberId }
            if !clash.isEmpty {
                throw Abort(.conflict, reason: "Số hộ chiếu \(passport) đã có ở một đoàn viên đang sinh hoạt khác.")
            }
        }
    }

    static let insertColumns: [BulkInsert.Column] = [
        .text("full_name"), .text("family_name"), .text("given_name"), .text("sort_key"), .text("search_name"),
        .text("birth_date"), .text("gender"), .text("ethnicity"), .text("nationality"), .text("cccd"), .text("passport_no"),
        .int("unit_id"), .text("union_joined_on"), .text("card_no"), .text("position"), .text("duties"), .text("education"),
        .text("political_theory"), .text("party_joined_on"), .text("phone"), .text("email"), .text("status"),
        .text("data_hash"), .text("created_at"), .text("updated_at"),
    ]

    /// Inserts members (one statement per chunk) and returns the new ids, in the order given.
    static func insert(_ rows: [MemberRow], in tx: WriteTransaction) async throws -> [Int] {
        let now = tx.timestamp
        let values: [[BulkInsert.Value]] = rows.map { r in
            [.text(r.fullName), .text(r.familyName), .text(r.givenName), .text(r.sortKey), .text(r.searchName),
             .text(r.birthDate), .text(r.gender), .text(r.ethnicity), .text(r.nationality), .text(r.cccd), .text(r.passportNo),
             .int(r.unitId), .text(r.unionJoinedOn), .text(r.cardNo), .text(r.position), .text(r.duties), .text(r.education),
             .text(r.politicalTheory), .text(r.partyJoinedOn), .text(r.phone), .text(r.email), .text(r.status),
             .text(r.dataHash), .text(now), .text(now)]
        }
        let ids = try await BulkInsert.insert(into: "members", insertColumns, rows: values, returningIds: true, in: tx)
        try await NameIndex.add(zip(ids, rows.map(\.searchName)), in: tx)
        return ids
    }

    /// Personal data edits. Position and duties are also history, so a change there opens a new period dated
    /// `date`. The record is read again inside the transaction: what the form saw may be stale.
    static func update(id: Int, with draft: MemberDraft, on date: CivilDate, in tx: WriteTransaction, audit: Bool = true) async throws {
        guard let old = try await find(id: id, on: tx.sql) else { throw Abort(.notFound) }
        _ = try await tx.requireWrite(unitId: old.unitId)
        var new = MemberRow(draft: draft, unitId: old.unitId)
        new.id = old.id
        new.status = old.status
        if old.samePersonalData(as: new) { return }
        if MemberStatus(rawValue: old.status)?.isCurrentMember == true {
            try await requireUniqueIdentity(cccd: new.cccd, passport: new.passportNo, except: old.id, in: tx)
        }
        try await tx.sql.raw("""
            UPDATE members SET full_name = \(bind: new.fullName), family_name = \(bind: new.familyName),
                given_name = \(bind: new.givenName), sort_key = \(bind: new.sortKey), search_name = \(bind: new.searchName),
                birth_date = \(bind: new.birthDate), gender = \(bind: new.gender), ethnicity = \(bind: new.ethnicity),
                nationality = \(bind: new.nationality), cccd = \(bind: new.cccd), passport_no = \(bind: new.passportNo),
                union_joined_on = \(bind: new.unionJoinedOn), card_no = \(bind: new.cardNo), position = \(bind: new.position),
                duties = \(bind: new.duties), education = \(bind: new.education), political_theory = \(bind: new.politicalTheory),
                party_joined_on = \(bind: new.partyJoinedOn), phone = \(bind: new.phone), email = \(bind: new.email),
                data_hash = \(bind: new.dataHash), updated_at = \(bind: tx.timestamp)
            WHERE id = \(bind: old.id)
            """).run()
        if old.searchName != new.searchName {
            try await NameIndex.replace(memberId: old.id, searchName: new.searchName, in: tx)
        }
        if old.position != new.position || old.duties != new.duties {
            try await Periods.changeMember(old.id, to: .init(unitId: old.unitId, status: old.status, position: new.position, duties: new.duties),
                                           on: date, reason: "duties", subject: old.fullName, in: tx)
        }
        if old.duties != new.duties {
            try await Periods.changeDuty(old.id, unitId: old.unitId, title: new.duties, on: date, subject: old.fullName, in: tx)
        }
        if audit {
            tx.audit("update", "member", id: old.id, unit: old.unitId, "Sửa hồ sơ đoàn viên \(new.fullName)", changes: old.changes(to: new))
        }
    }

    /// Moves a member to another unit from `date` on. Both units must be in the actor's write scope.
    static func transfer(memberId: Int, to unitId: Int, on date: CivilDate, reason: String = "transfer", in tx: WriteTransaction, audit: Bool = true) async throws {
        guard let member = try await find(id: memberId, on: tx.sql) else { throw Abort(.notFound) }
        let from = try await tx.requireWrite(unitId: member.unitId)
        let to = try await tx.requireWrite(unitId: unitId)
        guard to.isActive else { throw Abort(.unprocessableEntity, reason: "Đơn vị nhận đã giải thể hoặc sáp nhập.") }
        if from.id == to.id { return }
        try await tx.sql.raw("UPDATE members SET unit_id = \(bind: to.id), updated_at = \(bind: tx.timestamp) WHERE id = \(bind: memberId)").run()
        try await Periods.changeMember(memberId, to: .init(unitId: to.id, status: member.status, position: member.position, duties: member.duties),
                                       on: date, reason: reason, subject: member.fullName, in: tx)
        if audit {
            tx.audit("transfer", "member", id: memberId, unit: to.id, "Chuyển sinh hoạt \(member.fullName): \(from.code) → \(to.code)",
                     changes: ["Đơn vị": [from.code, to.code], "Ngày": [nil, date.iso]])
        }
    }

    /// A former member joins again, in a unit of the actor's scope. Their old unit may be outside it (many were
    /// dissolved in 2025): what they did there stays on record, but it is not the actor's to change.
    static func rejoin(memberId: Int, to unitId: Int, on date: CivilDate, in tx: WriteTransaction) async throws {
        guard let member = try await find(id: memberId, on: tx.sql) else { throw Abort(.notFound) }
        guard MemberStatus(rawValue: member.status)?.isCurrentMember != true else {
            throw Abort(.conflict, reason: "\(member.fullName) đang sinh hoạt, không cần kết nạp lại.")
        }
        let to = try await tx.requireWrite(unitId: unitId)
        guard to.isActive else { throw Abort(.unprocessableEntity, reason: "Đơn vị nhận đã giải thể hoặc sáp nhập.") }
        try await requireUniqueIdentity(cccd: member.cccd, passport: member.passportNo, except: member.id, in: tx)
        try await tx.sql.raw("""
            UPDATE members SET unit_id = \(bind: to.id), status = 'active', updated_at = \(bind: tx.timestamp) WHERE id = \(bind: memberId)
            """).run()
        try await Periods.changeMember(memberId, to: .init(unitId: to.id, status: MemberStatus.active.rawValue, position: member.position, duties: member.duties),
                                       on: date, reason: "rejoin", subject: member.fullName, in: tx)
        tx.audit("rejoin", "member", id: memberId, unit: to.id, "\(member.fullName) sinh hoạt lại tại \(to.code)",
                 changes: ["Tình trạng": [member.status, MemberStatus.active.rawValue], "Ngày": [nil, date.iso]])
    }

    static func changeStatus(memberId: Int, to status: MemberStatus, on date: CivilDate, reason: String, note: String? = nil,
                             in tx: WriteTransaction, audit: Bool = true) async throws {
        guard let member = try await find(id: memberId, on: tx.sql) else { throw Abort(.notFound) }
        _ = try await tx.requireWrite(unitId: member.unitId)
        if member.status == status.rawValue { return }
        if status.isCurrentMember {
            try await requireUniqueIdentity(cccd: member.cccd, passport: member.passportNo, except: member.id, in: tx)
        }
        try await tx.sql.raw("UPDATE members SET status = \(bind: status.rawValue), updated_at = \(bind: tx.timestamp) WHERE id = \(bind: memberId)").run()
        try await Periods.changeMember(memberId, to: .init(unitId: member.unitId, status: status.rawValue, position: member.position, duties: member.duties),
                                       on: date, reason: reason, subject: member.fullName, in: tx)
        if audit {
            tx.audit("status", "member", id: memberId, unit: member.unitId, "Đổi tình trạng \(member.fullName)" + AuditText.because(note),
                     changes: ["Tình trạng": [member.status, status.rawValue], "Ngày": [nil, date.iso]])
        }
    }

    struct PeriodRow: Decodable, Sendable {
        var unitId: Int
        var unitCode: String
        var unitName: String
        var status: String
        var position: String?
        var duties: String?
        var validFrom: String
        var validTo: String?
        var reason: String
    }

    static func history(of memberId: Int, on sql: any SQLDatabase) async throws -> [PeriodRow] {
        try await sql.raw("""
            SELECT p.unit_id, u.code AS unit_code, u.name AS unit_name, p.status, p.position, p.duties, p.valid_from, p.valid_to, p.reason
            FROM member_periods p JOIN units u ON u.id = p.unit_id
            WHERE p.member_id = \(bind: memberId) ORDER BY p.valid_from, p.id
            """).all(decoding: PeriodRow.self, with: snakeCase)
    }
}
