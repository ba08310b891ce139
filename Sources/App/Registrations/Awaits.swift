import Domain
import Foundation
import SQLKit
import Vapor

/// "What awaits me" on the home page: registrations to appraise, returned ones to revise, drafts to send,
/// self-assessments due and rounds closing, nearest deadline first. Each item is one aggregate or one short list.
enum Awaits {
    struct Item: Encodable, Sendable {
        let label: String
        let url: String
        let due: String
        let dueISO: String
    }

    static func list(for p: Principal, today: CivilDate, t: Strings, on sql: any SQLDatabase) async throws -> [Item] {
        var items: [Item] = []
        func item(_ label: String, _ url: String, _ due: CivilDate) {
            items.append(Item(label: label, url: url, due: t.format("await_due", VNFormat.date(due)), dueISO: due.iso))
        }
        // The secretary's queue, due by the earliest closing round among what waits.
        if !p.scope.cells.isEmpty {
            struct Q: Decodable { let n: Int; let due: String? }
            if let q = try await sql.raw("""
                SELECT COUNT(*) AS n, MIN(rr.closes_on) AS due FROM registrations r JOIN registration_rounds rr ON rr.id = r.round_id
                WHERE r.cell_id IN (\(binds: p.scope.cells)) AND r.status = 'submitted'
                """).first(decoding: Q.self), q.n > 0, let due = q.due.flatMap(CivilDate.init(iso:)) {
                item(t.format("await_appraise", VNFormat.integer(q.n)), SiteURL.desk.path, due)
            }
        }
        // The member's own registrations and the open rounds they have not registered in.
        if let own = CorrectionController.ownMember(p), let m = try await Members.find(id: own, on: sql), let unit = try await Units.find(id: m.unitId, on: sql) {
            let mine = try await Registrations.of(member: own, on: sql)
            struct Done: Decodable { let registrationId: Int; let period: String }
            let assessed = mine.isEmpty ? [] : try await sql.raw("""
                SELECT registration_id, period FROM registration_assessments WHERE registration_id IN (\(binds: mine.map(\.id)))
                """).all(decoding: Done.self, with: snakeCase)
            let rounds = try await Rounds.covering(unitPath: unit.path, on: sql)
            for round in rounds where round.calendar.yearendOn.adding(days: 60) >= today {
                let cal = round.calendar
                guard let r = mine.first(where: { $0.roundId == round.id }) else {
                    if cal.isOpen(on: today) && m.status == MemberStatus.active.rawValue {
                        item(t.format("await_register", round.title), SiteURL.roundRegister(.id(round.id)).path, cal.closesOn)
                    }
                    continue
                }
                let url = SiteURL.registration(.id(r.id)).path
                switch r.state {
                case .returned: item(t.format("await_revise", round.title), SiteURL.roundRegister(.id(round.id)).path, cal.closesOn)
                case .draft: item(t.format("await_send", round.title), SiteURL.roundRegister(.id(round.id)).path, cal.closesOn)
                case .approved:
                    let done = Set(assessed.filter { $0.registrationId == r.id }.map(\.period))
                    if today >= cal.yearendOn && !done.contains("yearend") {
                        item(t.format("await_assess_yearend", round.title), url, cal.yearendOn.adding(days: 30))
                    } else if today >= cal.midyearOn && !done.contains("midyear") {
                        item(t.format("await_assess_midyear", round.title), url, cal.midyearOn.adding(days: 30))
                    }
                default: break
                }
            }
        }
        // Officials: open rounds in their scope, closing soonest first.
        if p.scope.canWriteSomething {
            let visible = try await Rounds.visible(scope: p.scope, ownUnitPath: nil, on: sql)
            for round in visible.filter({ $0.calendar.isOpen(on: today) }).prefix(5) {
                item(t.format("await_round_closing", round.title), SiteURL.round(.id(round.id)).path, round.calendar.closesOn)
            }
        }
        // Study sessions: to attend (members), to take attendance at (whoever holds them).
        if let own = CorrectionController.ownMember(p) {
            for s in try await StudySessions.upcoming(member: own, today: today, on: sql) {
                if let day = CivilDate(iso: s.heldOn) { item(t.format("await_session", s.theme), SiteURL.session(.id(s.id)).path, day) }
            }
        }
        if p.scope.canWriteSomething || !p.scope.cells.isEmpty {
            for s in try await StudySessions.unmarked(scope: p.scope, today: today, on: sql) {
                if let day = CivilDate(iso: s.heldOn) { item(t.format("await_attendance", s.theme), SiteURL.session(.id(s.id)).path, day) }
            }
        }
        // Corrections required by an inspection, on either side, until they are closed.
        if p.scope.canWriteSomething {
            for c in try await Inspections.due(scope: p.scope, on: sql) {
                if let day = CivilDate(iso: c.deadline) { item(t.format("await_correction", c.what, c.targetName), SiteURL.inspection(.id(c.inspectionId)).path, day) }
            }
        }
        // Directives one of the official's own units has yet to acknowledge, oldest first (Directives/).
        let directives = try await Directives.pendingSummary(p.scope, on: sql)
        if directives.count > 0, let oldest = directives.oldest {
            items.append(Item(label: t.format("await_directives", VNFormat.integer(directives.count)),
                              url: SiteURL.directives.path + "#pending", due: t.format("await_directives_since", VNFormat.date(oldest)), dueISO: oldest.iso))
        }
        // Evaluation and classification (issue 17).
        for e in try await EvaluationAwaits.items(for: p, today: today, t: t, on: sql) { item(e.label, e.url, e.due) }
        return items.sorted { $0.dueISO < $1.dueISO }
    }
}
