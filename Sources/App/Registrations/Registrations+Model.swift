import Domain
import Foundation

/// Page models of the registrations feature, built from rows by the controllers.
struct RoundsPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let title: String
        let unit: String
        let dates: String
        let open: Bool
        let url: String

        init(round r: Rounds.Row, today: CivilDate, t: Strings) {
            title = r.title
            unit = r.unitName
            dates = t.format("round_dates", VNFormat.date(r.calendar.opensOn), VNFormat.date(r.calendar.closesOn))
            open = r.calendar.isOpen(on: today)
            url = SiteURL.round(.id(r.id)).path
        }
    }
    struct Option: Encodable, Sendable { let id: Int; let name: String }
    let items: [Item]
    let canCreate: Bool
    let programmes: [Option]
    let year: String
    let opens: String
    let closes: String
    let midyear: String
    let yearend: String
    let postURL: String
    let error: String?
}

struct RoundPage: Encodable, Sendable {
    struct Coverage: Encodable, Sendable {
        let name: String
        let expected: String
        let approved: String
        let submitted: String
        let share: String
        let missingURL: String

        init(_ l: App.Coverage.Line, t: Strings, missingURL: String) {
            name = l.name
            expected = VNFormat.integer(l.expected)
            approved = VNFormat.integer(l.approved)
            submitted = VNFormat.integer(l.submitted)
            share = VNFormat.percent(part: l.approved, whole: l.expected)
            self.missingURL = missingURL
        }
    }
    struct Line: Encodable, Sendable {
        let name: String
        let url: String
        let expected: String
        let approved: String
        let share: String
        /// The bar's width in whole per cent, for the CSS.
        let width: Int

        init(_ l: App.Coverage.Line, url: String) {
            name = l.name
            self.url = url
            expected = VNFormat.integer(l.expected)
            approved = VNFormat.integer(l.approved)
            share = VNFormat.percent(part: l.approved, whole: l.expected)
            width = l.expected == 0 ? 0 : l.approved * 100 / l.expected
        }
    }
    struct Mine: Encodable, Sendable { let url: String?; let status: String; let registerURL: String? }
    struct Reg: Encodable, Sendable {
        let member: String
        let unit: String
        let status: String
        let flags: Int
        let url: String

        init(_ r: Registrations.Row, t: Strings) {
            member = r.memberName
            unit = r.unitName
            status = r.state.localized(t)
            flags = r.flagCount
            url = SiteURL.registration(.id(r.id)).path
        }
    }
    let title: String
    let unit: String
    let theme: String?
    let termTheme: String?
    let criteria: String?
    let source: String?
    let dates: String
    let assessDates: String
    let open: Bool
    let focus: String?
    let upURL: String?
    let coverage: Coverage?
    let lines: [Line]
    let mine: Mine?
    let onBehalfURL: String?
    let registrations: [Reg]
    /// A member's view: what their Party cell has made public, to read and comment on.
    let cellRegistrations: [Reg]
    struct Model: Encodable, Sendable { let name: String; let unit: String; let status: String; let members: Int; let url: String }
    let models: [Model]
    let proposeURL: String?
    let importURL: String?
    let templateURL: String
    let printURL: String?
    let docxURL: String?
}

struct MissingPage: Encodable, Sendable {
    struct Item: Encodable, Sendable { let name: String; let url: String; let unit: String; let status: String; let registrationURL: String? }
    let title: String
    let unit: String
    let backURL: String
    let items: [Item]
    let nextURL: String?
}

struct RegistrationFormPage: Encodable, Sendable {
    struct Duty: Encodable, Sendable { let id: Int; let title: String }
    struct Action: Encodable, Sendable {
        let n: Int
        let action: String
        let dutyId: Int?
        let result: String
        let deadline: String
        let flags: [String]
    }
    let round: String
    let postURL: String
    let checkURL: String
    var error: String?
    /// No member chosen yet: an official picks one.
    var picker: Bool
    var member: String?
    var memberId: Int?
    var duties: [Duty]
    var actions: [Action]
    var shortcomings: String
    var returned: String?
    var status: String?
    var open: Bool
    var onBehalf: Bool
}

struct RegistrationPage: Encodable, Sendable {
    struct Action: Encodable, Sendable { let n: Int; let action: String; let duty: String?; let result: String; let deadline: String; let flags: [String] }
    struct Appraisal: Encodable, Sendable { let by: String; let at: String; let note: String?; let approved: Bool }
    struct Event: Encodable, Sendable { let at: String; let step: String; let who: String; let reason: String?; let version: Int }
    struct Comment: Encodable, Sendable { let at: String; let who: String; let body: String }
    struct FileLink: Encodable, Sendable { let name: String; let url: String; let size: String }
    struct Progress: Encodable, Sendable { let at: String; let who: String; let note: String; let files: [FileLink] }
    struct Assessment: Encodable, Sendable { let period: String; let outcome: String; let achieved: String; let at: String; let who: String }
    struct Choice: Encodable, Sendable { let value: String; let label: String }
    let round: String
    let roundURL: String
    let member: String
    let memberURL: String?
    let unit: String
    let cell: String?
    let position: String?
    let duties: String?
    let status: String
    let statusCode: String
    let version: Int
    let onBehalf: Bool
    let actions: [Action]
    let shortcomings: String
    let appraisal: Appraisal?
    let events: [Event]
    let comments: [Comment]
    let progress: [Progress]
    let assessments: [Assessment]
    let editURL: String?
    let approveURL: String?
    let returnURL: String?
    let commentURL: String?
    let progressURL: String?
    let assessURL: String?
    let assessPeriods: [Choice]
    let outcomes: [Choice]
    let docxURL: String
    let printURL: String
    let error: String?
    let maxFile: String
}

struct DeskPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let member: String
        let unit: String
        let position: String?
        let duties: String?
        let version: Int
        let flagged: Bool
        let url: String
        let approveURL: String
        let returnURL: String
        let actions: [RegistrationPage.Action]
        let shortcomings: String
    }
    let items: [Item]
}
