import Domain
import Foundation
import SQLKit
import Vapor

/// The one place that writes history. A unit's or a member's state holds from `valid_from` (inclusive) to
/// `valid_to` (exclusive, NULL while current). A change closes the open period on its date and opens a new one;
/// a change dated the day the open period began changes that period in place; a change dated before it is
/// refused (`PeriodRules`). The schema backs this up: `valid_to > valid_from` and one open period per record.
enum Periods {
    /// What a member's period records.
    struct MemberState: Sendable, Equatable {
        var unitId: Int
        var status: String
        var position: String?
        var duties: String?
    }

    private struct OpenPeriod: Decodable { let id: Int; let validFrom: String }

    /// Opens the first period of a new member.
    static func openMember(_ memberId: Int, _ state: MemberState, from date: CivilDate, reason: String, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO member_periods (member_id, unit_id, status, position, duties, valid_from, reason)
            VALUES (\(bind: memberId), \(bind: state.unitId), \(bind: state.status), \(bind: state.position), \(bind: state.duties),
                    \(bind: date.iso), \(bind: reason))
            """).run()
    }

    /// The member's state from `date` on. `subject` names the member in the refusal message.
    static func changeMember(_ memberId: Int, to state: MemberState, on date: CivilDate, reason: String, subject: String, in tx: WriteTransaction) async throws {
        guard let open = try await tx.sql.raw("""
            SELECT id, valid_from FROM member_periods WHERE member_id = \(bind: memberId) AND valid_to IS NULL
            """).first(decoding: OpenPeriod.self, with: snakeCase),
            let openFrom = CivilDate(iso: open.validFrom)
        else {
            return try await openMember(memberId, state, from: date, reason: reason, in: tx)
        }
        switch PeriodRules.place(date, openFrom: openFrom, subject: "đoàn viên " + subject) {
        case .failure(let error):
            throw Abort(.unprocessableEntity, reason: error.message)
        case .success(.replace):
            try await tx.sql.raw("""
                UPDATE member_periods SET unit_id = \(bind: state.unitId), status = \(bind: state.status),
                    position = \(bind: state.position), duties = \(bind: state.duties)
                WHERE id = \(bind: open.id)
                """).run()
        case .success(.split):
            try await tx.sql.raw("UPDATE member_periods SET valid_to = \(bind: date.iso) WHERE id = \(bind: open.id)").run()
            try await openMember(memberId, state, from: date, reason: reason, in: tx)
        }
    }

    /// A member's assigned duty (nhiệm vụ được giao) from `date` on: a dated record a registration can point at
    /// as it stood when it was made. An empty title ends the open duty.
    static func changeDuty(_ memberId: Int, unitId: Int, title: String?, on date: CivilDate, subject: String, in tx: WriteTransaction) async throws {
        let open = try await tx.sql.raw("""
            SELECT id, valid_from FROM member_duties WHERE member_id = \(bind: memberId) AND valid_to IS NULL
            """).first(decoding: OpenPeriod.self, with: snakeCase)
        let title = title.flatMap { $0.isEmpty ? nil : $0 }
        if let open, let from = CivilDate(iso: open.validFrom) {
            switch PeriodRules.place(date, openFrom: from, subject: "nhiệm vụ của đoàn viên " + subject) {
            case .failure(let error): throw Abort(.unprocessableEntity, reason: error.message)
            case .success(.replace):
                if let title {
                    try await tx.sql.raw("UPDATE member_duties SET title = \(bind: title), unit_id = \(bind: unitId) WHERE id = \(bind: open.id)").run()
                } else {
                    try await tx.sql.raw("DELETE FROM member_duties WHERE id = \(bind: open.id)").run()
                }
                return
            case .success(.split):
                try await tx.sql.raw("UPDATE member_duties SET valid_to = \(bind: date.iso) WHERE id = \(bind: open.id)").run()
            }
        }
        guard let title else { return }
        try await tx.sql.raw("""
            INSERT INTO member_duties (member_id, unit_id, title, valid_from, created_at)
            VALUES (\(bind: memberId), \(bind: unitId), \(bind: title), \(bind: date.iso), \(bind: tx.timestamp))
            """).run()
    }

    /// Refuses a change dated before the open period of any unit the condition selects (over alias `u` of
    /// `units`); `subject` names the unit in the message.
    static func checkUnits(where condition: SQLQueryString, on date: CivilDate, subject: String, in tx: WriteTransaction) async throws {
        struct Latest: Decodable { let validFrom: String?; let name: String? }
        let latest = try await tx.sql.raw("""
            SELECT p.valid_from, p.name FROM unit_periods p
            WHERE p.valid_to IS NULL AND p.unit_id IN (SELECT u.id FROM units u WHERE \(condition))
            ORDER BY p.valid_from DESC LIMIT 1
            """).first(decoding: Latest.self, with: snakeCase)
        guard let from = latest?.validFrom.flatMap(CivilDate.init(iso:)) else { return }
        // A unit of the subtree other than the one named may be the one that blocks: say which.
        let who = latest?.name.map { $0 == subject ? "đơn vị " + subject : "đơn vị " + $0 + " (thuộc " + subject + ")" } ?? "đơn vị " + subject
        if case .failure(let error) = PeriodRules.place(date, openFrom: from, subject: who) {
            throw Abort(.unprocessableEntity, reason: error.message)
        }
    }

    /// Closes, on `date`, the open periods of the units the condition selects. Call `openUnits` after the
    /// change to the `units` rows; a period that began on `date` stays open and is rewritten there.
    static func closeUnits(where condition: SQLQueryString, on date: CivilDate, subject: String, in tx: WriteTransaction) async throws {
        try await checkUnits(where: condition, on: date, subject: subject, in: tx)
        try await tx.sql.raw("""
            UPDATE unit_periods SET valid_to = \(bind: date.iso)
            WHERE valid_to IS NULL AND valid_from < \(bind: date.iso)
              AND unit_id IN (SELECT u.id FROM units u WHERE \(condition))
            """).run()
    }

    /// Records the current state of the selected units from `date` on.
    static func openUnits(where condition: SQLQueryString, from date: CivilDate, reason: String, new: Bool = false,
                          in tx: WriteTransaction) async throws {
        // Periods that began on this very date take the new state in place (no period of zero length). Units made in
        // this transaction have none.
        if !new { try await tx.sql.raw("""
            UPDATE unit_periods SET
                parent_id = (SELECT u.parent_id FROM units u WHERE u.id = unit_periods.unit_id),
                path = (SELECT u.path FROM units u WHERE u.id = unit_periods.unit_id),
                name = (SELECT u.name FROM units u WHERE u.id = unit_periods.unit_id),
                kind_id = (SELECT u.kind_id FROM units u WHERE u.id = unit_periods.unit_id),
                party_cell_id = (SELECT u.party_cell_id FROM units u WHERE u.id = unit_periods.unit_id),
                status = (SELECT u.status FROM units u WHERE u.id = unit_periods.unit_id)
            WHERE valid_to IS NULL AND valid_from = \(bind: date.iso)
              AND unit_id IN (SELECT u.id FROM units u WHERE \(condition))
            """).run() }
        try await tx.sql.raw("""
            INSERT INTO unit_periods (unit_id, valid_from, valid_to, parent_id, path, name, kind_id, party_cell_id, status, reason)
            SELECT u.id, \(bind: date.iso), NULL, u.parent_id, u.path, u.name, u.kind_id, u.party_cell_id, u.status, \(bind: reason)
            FROM units u WHERE \(condition)
              AND NOT EXISTS (SELECT 1 FROM unit_periods p WHERE p.unit_id = u.id AND p.valid_to IS NULL)
            """).run()
    }
}
