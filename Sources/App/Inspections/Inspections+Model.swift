import Domain
import Foundation
import SQLKit

/// Page models of inspections, built from rows.
struct InspectionsPage: Encodable, Sendable {
    struct Item: Encodable, Sendable { let title: String; let who: String; let when: String; let done: Bool; let url: String }
    struct Choice: Encodable, Sendable { let value: String; let label: String }
    let year: Int
    let previousURL: String
    let nextURL: String
    let previousYear: Int
    let nextYear: Int
    let items: [Item]
    let canCreate: Bool
    let day: String
    let subjects: [Choice]
    let postURL: String
    let error: String?

    init(year: Int, rows: [Inspections.Row], canCreate: Bool, day: String, subjects: [Choice], t: Strings, error: String?) {
        self.year = year
        previousYear = year - 1; nextYear = year + 1
        previousURL = SiteURL.inspections.with([("year", String(year - 1))])
        nextURL = SiteURL.inspections.with([("year", String(year + 1))])
        items = rows.map { r in
            Item(title: r.title, who: t.format("inspection_who", r.unitName, r.targetName),
                 when: (CivilDate(iso: r.heldOn ?? r.plannedOn).map(VNFormat.date) ?? "") + " · " + (Inspections.Subject(rawValue: r.subject)?.label(t) ?? r.subject),
                 done: r.status == "done", url: SiteURL.inspection(.id(r.id)).path)
        }
        self.canCreate = canCreate
        self.day = day
        self.subjects = subjects
        postURL = SiteURL.inspections.path
        self.error = error
    }
}

struct InspectionPage: Encodable, Sendable {
    struct Note: Encodable, Sendable { let when: String; let who: String; let note: String }
    struct Correction: Encodable, Sendable {
        let what: String
        let owner: String
        let deadline: String
        let open: Bool
        let overdue: Bool
        let closedLine: String
        let notes: [Note]
        let followURL: String
        let closeURL: String
    }
    let title: String
    let who: String
    let subject: String
    let planned: String
    let held: String
    let findings: String
    let done: Bool
    let corrections: [Correction]
    let canInspect: Bool
    let canFollowUp: Bool
    let today: String
    let findingsURL: String
    let correctionsURL: String
    let listURL: String
    let error: String?

    init(_ i: Inspections.Row, corrections rows: [Inspections.Correction], followups: [Inspections.Followup], canInspect: Bool, canFollowUp: Bool,
         today: CivilDate, t: Strings, error: String?) {
        func day(_ iso: String?) -> String { iso.flatMap { CivilDate(iso: String($0.prefix(10))) }.map(VNFormat.date) ?? "" }
        title = i.title
        who = t.format("inspection_who", i.unitName, i.targetName)
        subject = Inspections.Subject(rawValue: i.subject)?.label(t) ?? i.subject
        planned = day(i.plannedOn)
        held = day(i.heldOn)
        findings = i.findings
        done = i.status == "done"
        corrections = rows.map { c in
            Correction(what: c.what, owner: c.owner, deadline: day(c.deadline), open: c.status == "open",
                       overdue: c.status == "open" && c.deadline < today.iso,
                       closedLine: c.status == "closed" ? t.format("inspection_closed_line", day(c.closedAt), c.closedByName ?? "", c.closingNote ?? "") : "",
                       notes: followups.filter { $0.correctionId == c.id }.map { Note(when: day($0.at), who: $0.authorName, note: $0.note) },
                       followURL: SiteURL.correctionFollowUp(.id(c.id)).path, closeURL: SiteURL.correctionClose(.id(c.id)).path)
        }
        self.canInspect = canInspect
        self.canFollowUp = canFollowUp
        self.today = VNFormat.date(today)
        findingsURL = SiteURL.inspectionFindings(.id(i.id)).path
        correctionsURL = SiteURL.inspectionCorrections(.id(i.id)).path
        listURL = SiteURL.inspections.path
        self.error = error
    }
}

/// Overdue corrections on a unit page: those it must make and those it required of others.
struct UnitOverdue: Encodable, Sendable {
    struct Line: Encodable, Sendable { let what: String; let owner: String; let deadline: String; let who: String; let url: String }
    let lines: [Line]

    static func load(for unit: UnitRow, today: CivilDate, t: Strings, on sql: any SQLDatabase) async throws -> UnitOverdue? {
        let rows = try await Inspections.overdue(unit: unit, today: today, on: sql)
        guard !rows.isEmpty else { return nil }
        return UnitOverdue(lines: rows.map { r in
            Line(what: r.what, owner: r.owner, deadline: CivilDate(iso: r.deadline).map(VNFormat.date) ?? r.deadline,
                 who: t.format("inspection_who", r.unitName, r.targetName), url: SiteURL.inspection(.id(r.inspectionId)).path)
        })
    }
}
