import Documents
import Domain
import Foundation
import SQLKit
import Vapor

/// The paper "Bản đăng ký": each registration as one page in the union's document form, as .docx and as a print
/// page (the browser's "Save as PDF"), with the signature blocks of the member and of the secretary who appraised it.
enum PaperForm {
    /// The forms of these registrations, in the order given.
    static func forms(_ rows: [Registrations.Row], on sql: any SQLDatabase) async throws -> [RegistrationForm.Data] {
        let actions = try await Registrations.actions(of: rows.map(\.id), on: sql)
        var out: [RegistrationForm.Data] = []
        var rounds: [Int: Rounds.Row] = [:]
        var parents: [Int: String?] = [:]
        for r in rows {
            if rounds[r.roundId] == nil { rounds[r.roundId] = try await Rounds.find(id: r.roundId, on: sql) }
            guard let round = rounds[r.roundId] else { continue }
            if parents[r.unitId] == nil {
                var parent: String?
                if let up = try await Units.find(id: r.unitId, on: sql)?.parentId { parent = try await Units.find(id: up, on: sql)?.name }
                parents[r.unitId] = .some(parent)
            }
            let day = Clock.parse(r.submittedAt ?? r.updatedAt).map { CivilDate($0, in: CivilDate.vietnam) } ?? CivilDate(year: round.year, month: 1, day: 1)!
            let appraised = r.appraisedAt.flatMap(Clock.parse).map { CivilDate($0, in: CivilDate.vietnam) }
            out.append(RegistrationForm.Data(
                parentUnitName: parents[r.unitId] ?? nil, unitName: r.unitName, place: "Thái Nguyên",
                date: .init(day: day.day, month: day.month, year: day.year),
                programmeTitle: round.programmeName, year: round.year, memberName: r.memberName, position: r.memberPosition,
                cellName: r.cellName, duties: r.memberDuties ?? "",
                actions: (actions[r.id] ?? []).map { .init(action: $0.action, duty: $0.dutyTitle ?? "", result: $0.result, deadline: $0.deadline) },
                shortcomings: r.shortcomings,
                appraisal: r.appraisedAt == nil ? .init() : .init(
                    statusText: r.state.isApproved ? "Đồng ý với bản đăng ký." + (r.appraisalNote.map { " " + $0 } ?? "") : "Trả lại để sửa: " + (r.appraisalNote ?? ""),
                    secretaryName: r.appraisedByName, appraisedOn: appraised.map { .init(day: $0.day, month: $0.month, year: $0.year) })))
        }
        return out
    }

    static func docx(_ forms: [RegistrationForm.Data], fileName: String) throws -> Response {
        let data = try RegistrationForm.document(forms).data()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: FileKind.docx.mimeType)
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.value(.attachment, fileName: fileName))
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// A unit's public registrations in a round, in name order, at most `limit` (one document per unit).
    static func unitRows(round: Rounds.Row, unit: UnitRow, limit: Int = 500, on sql: any SQLDatabase) async throws -> [Registrations.Row] {
        try await Registrations.list(round: round.id, range: unit.subtree, status: nil, includeDrafts: false, limit: limit, on: sql)
    }
}


/// The print page's model: the same forms, as HTML laid out like the paper.
struct PrintPage: Encodable, Sendable {
    struct Form: Encodable, Sendable {
        let parent: String?
        let unit: String
        let dateLine: String
        let programme: String
        let year: Int
        let member: String
        let position: String?
        let cell: String?
        let duties: String
        let actions: [RegistrationPage.Action]
        let shortcomings: String
        let appraisal: String?
        let secretary: String?
    }
    let title: String
    let lang: String
    let stylesheet: String
    let forms: [Form]

    init(title: String, forms: [RegistrationForm.Data], lang: String) {
        self.title = title
        self.lang = lang
        stylesheet = SiteURL.stylesheet.path
        self.forms = forms.map { f in
            Form(parent: f.parentUnitName, unit: f.unitName, dateLine: RegistrationForm.dateLine(place: f.place, f.date), programme: f.programmeTitle,
                 year: f.year, member: f.memberName, position: f.position, cell: f.cellName, duties: f.duties,
                 actions: f.actions.enumerated().map { i, a in .init(n: i + 1, action: a.action, duty: a.duty, result: a.result, deadline: a.deadline, flags: []) },
                 shortcomings: f.shortcomings, appraisal: f.appraisal.statusText, secretary: f.appraisal.secretaryName)
        }
    }
}
