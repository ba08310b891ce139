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
        // The member's own sessions to attend and self-assessments to make.
        if let own = CorrectionController.ownMember(p) {
            for s in try await StudySessions.upcoming(member: own, today: today, on: sql) {
                if let day = CivilDate(iso: s.heldOn) { item(t.format("await_session", s.theme), SiteURL.session(.id(s.id)).path, day) }
            }
        }
        for e in try await EvaluationAwaits.items(for: p, today: today, t: t, on: sql) { item(e.label, e.url, e.due) }
        // What waits for an official or a secretary, from every feature, read in one query.
        for l in try await lines(for: p, today: today, on: sql) {
            guard let day = CivilDate(iso: l.due) else { continue }
            switch l.kind {
            case .appraise: item(t.format("await_appraise", VNFormat.integer(l.n)), SiteURL.desk.path, day)
            case .roundClosing:
                item(t.format("await_round_closing", Rounds.title(programme: l.label, year: l.year)), SiteURL.round(.id(l.id)).path, day)
            case .sessionUnmarked: item(t.format("await_attendance", l.label), SiteURL.session(.id(l.id)).path, day)
            case .correction: item(t.format("await_correction", l.label, l.detail), SiteURL.inspection(.id(l.ref)).path, day)
            case .directives:
                // Directives one of the official's own units has yet to acknowledge, since the oldest.
                items.append(Item(label: t.format("await_directives", VNFormat.integer(l.n)), url: SiteURL.directives.path + "#pending",
                                  due: t.format("await_directives_since", VNFormat.date(day)), dueISO: day.iso))
            case .evalReview, .evalUnitSelf, .evalUnitReview:
                let e = EvaluationAwaits.item(l, t: t)
                item(e.label, e.url, day)
            }
        }
        return items.sorted { $0.dueISO < $1.dueISO }
    }

    /// Every feature's part of an official's or a secretary's list, as one query: each part is a few index reads,
    /// and seven round trips cost a grassroots official 1 ms for 0,2 ms of SQL.
    static func lines(for p: Principal, today: CivilDate, on sql: any SQLDatabase) async throws -> [AwaitLine] {
        guard let query = query(for: p, today: today) else { return [] }
        return try await sql.raw(query).all(decoding: AwaitLine.self)
    }

    static func query(for p: Principal, today: CivilDate) -> SQLQueryString? {
        var parts: [SQLQueryString] = [Registrations.appraisePart(cells: p.scope.cells)].compactMap { $0 }
        if p.scope.canWriteSomething {
            parts += [Rounds.closingPart(scope: p.scope, today: today), Inspections.duePart(scope: p.scope)]
            parts += [Directives.pendingPart(p.scope)].compactMap { $0 }
        }
        if p.scope.canWriteSomething || !p.scope.cells.isEmpty { parts.append(StudySessions.unmarkedPart(scope: p.scope, today: today)) }
        parts += EvaluationAwaits.parts(for: p, today: today)
        guard !parts.isEmpty else { return nil }
        return parts.enumerated().map { i, part -> SQLQueryString in
            "SELECT kind, id, ref, n, year, label, detail, due FROM (\(part)) AS part\(unsafeRaw: String(i))"
        }.joined(separator: " UNION ALL ")
    }
}

/// One line of "what awaits me" in the shape every feature's part answers in (`Awaits.lines`): which part (`kind`),
/// the record it links to (`id`, and `ref` where a second one is needed), a count, a year, words to show and the
/// ISO date it is due.
struct AwaitLine: Decodable, Sendable {
    /// The parts' `kind` literals: a part whose literal is not one of these fails to decode instead of vanishing.
    enum Kind: String, Decodable, Sendable {
        case appraise, roundClosing = "round_closing", sessionUnmarked = "session_unmarked", correction, directives
        case evalReview = "eval_review", evalUnitSelf = "eval_unit_self", evalUnitReview = "eval_unit_review"
    }

    let kind: Kind
    let id: Int
    let ref: Int
    let n: Int
    let year: Int
    let label: String
    let detail: String
    let due: String
}
