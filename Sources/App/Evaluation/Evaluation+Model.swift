import Domain
import Vapor

/// Page models of the evaluation feature (templates beside them).
struct EvaluationRoundsPage: Encodable, Sendable {
    var rulesURL = SiteURL.classificationRules.path
    struct Item: Encodable, Sendable {
        let title: String
        let url: String
        let unit: String
        let dates: String
        let status: String
        let open: Bool
    }
    let items: [Item]
    let canCreate: Bool
    let programmes: [ProgrammeChoice]
    let year: String
    let opens: String
    let closes: String
    let sheet: String
    let postURL: String
    let error: String?
}

/// A programme in a picker of the evaluation forms; the first choice, "", is none (the unit's rules for any programme).
struct ProgrammeChoice: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool

    static func list(_ rows: [Programmes.Row], selected: String?, none: String) -> [ProgrammeChoice] {
        [.init(value: "", label: none, selected: (selected ?? "").isEmpty)]
            + rows.map { .init(value: String($0.id), label: $0.name, selected: selected == String($0.id)) }
    }

    /// The chosen programme's id: nil for none, or a problem when the value is not one of the list's.
    static func read(_ value: String?, problems: inout [String]) -> Int? {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let id = Int(text), id > 0 else { problems.append("Hãy chọn chương trình từ danh sách."); return nil }
        return id
    }
}

/// The classification split: counts and shares per level, for a unit and one level down.
struct SplitBlock: Encodable, Sendable {
    struct Cell: Encodable, Sendable { let label: String; let count: String; let share: String }
    struct Line: Encodable, Sendable {
        let name: String
        let url: String?
        let total: String
        let cells: [Cell]
    }
    let round: String
    let roundURL: String
    let approved: Bool
    let levels: [String]
    let total: Line
    let lines: [Line]

    static func make(title: String, approved: Bool, rules: ClassificationRules, split: (total: Evaluations.SplitLine, lines: [Evaluations.SplitLine]),
                     t: Strings, roundURL: String, lineURL: (Int) -> String?) -> SplitBlock {
        let names = rules.bands.map { t.language == .en ? (ClassificationLevel(rawValue: $0.code)?.nameEN ?? $0.name) : $0.name }
        func line(_ l: Evaluations.SplitLine, url: String?) -> Line {
            Line(name: l.name, url: url, total: VNFormat.integer(l.total), cells: zip(rules.bands, names).map { b, name in
                let n = l.counts[b.code] ?? 0
                return Cell(label: name, count: VNFormat.integer(n), share: VNFormat.percent(part: n, whole: l.total))
            })
        }
        return SplitBlock(round: title, roundURL: roundURL, approved: approved,
                          levels: names,
                          total: line(split.total, url: nil), lines: split.lines.map { line($0, url: lineURL($0.unitId)) })
    }
}

struct EvaluationRoundPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let name: String
        let unit: String
        let url: String
        let selfScore: String
        let selfLevel: String
        let reviewScore: String
        let reviewLevel: String
        let status: String
    }
    struct Event: Encodable, Sendable { let what: String; let at: String; let who: String; let reason: String? }
    let title: String
    let unit: String
    let dates: String
    let status: String
    let locked: Bool
    let rules: String
    let cap: String?
    let criteria: [String]
    let error: String?
    let assessURL: String?
    let onBehalfURL: String?
    let items: [Item]
    let split: SplitBlock?
    let capWarnings: [String]
    let approveURL: String?
    let reopenURL: String?
    let capURL: String?
    let capRaised: Bool
    let events: [Event]
    /// The next names, when the list goes on; and what the list shows (a page of names in order).
    let nextURL: String?
    let listNote: String?
    let upURL: String?
}

struct EvaluationSheetPage: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let id: Int
        let title: String
        let max: String
        let selfScore: String?
        let value: String
        let note: String?
    }
    let title: String
    /// "Đoàn viên" and the member's name, or "Công đoàn cơ sở" and the union's.
    var subjectLabel: String? = nil
    let member: String
    let unit: String
    let status: String?
    let review: Bool
    let postURL: String
    let memberId: Int?
    var unitId: Int? = nil
    let lines: [Line]
    let selfTotal: String?
    let selfLevel: String?
    let reviewTotal: String?
    let reviewLevel: String?
    let bands: String
    let problems: [String]
    let canSubmit: Bool
    let backURL: String
    let reviewURL: String?
}

/// What a sheet shows of an evaluation already written: a member's or a grassroots union's.
protocol ScoredEvaluation {
    var id: Int { get }
    var unitName: String { get }
    var unitPath: String { get }
    var selfTotal: Int { get }
    var selfLevel: String { get }
    var reviewTotal: Int? { get }
    var reviewLevel: String? { get }
    var finalLevel: String? { get }
    var state: EvaluationFlow.Status { get }
}

extension Evaluations.Row: ScoredEvaluation {}
extension UnitEvaluations.Row: ScoredEvaluation {}

extension EvaluationSheetPage {
    /// The one scoring sheet of members and of grassroots unions: each criterion's line shows the saved self score
    /// beside the value in the box (what was typed, else the reviewer's or the self score, else the suggestion), then
    /// the totals and levels named by the round's rules.
    init(round r: Evaluations.Round, rules: ClassificationRules, t: Strings, criteria: [Evaluations.Criterion],
         scores: [Int: Evaluations.ScoreRow], evaluation e: (any ScoredEvaluation)?, subject: String, unit: String, review: Bool,
         typed: [Int: String]?, postURL: String, memberId: Int?, problems: [String], canSubmit: Bool,
         suggestion: (Evaluations.Criterion) -> (note: String, score: Score?)? = { _ in nil }) {
        func levelName(_ code: String?) -> String? { code.map { rules.name(of: $0) ?? $0 } }
        func text(_ tenths: Int?) -> String? { tenths.map { Score(tenths: $0).description } }
        let lines = criteria.map { c -> Line in
            let saved = scores[c.id]
            let hint = suggestion(c)
            let fallback = review ? text(saved?.reviewTenths ?? saved?.selfTenths) : text(saved?.selfTenths)
            return Line(id: c.id, title: c.title, max: c.max.description, selfScore: text(saved?.selfTenths),
                        value: typed?[c.id] ?? fallback ?? hint?.score?.description ?? "", note: hint?.note)
        }
        self.init(title: r.title(t), member: subject, unit: unit, status: e.map { $0.state.localized(t) }, review: review,
                  postURL: postURL, memberId: memberId, lines: lines, selfTotal: text(e?.selfTotal), selfLevel: levelName(e?.selfLevel),
                  reviewTotal: text(e?.reviewTotal), reviewLevel: levelName(e?.finalLevel ?? e?.reviewLevel),
                  bands: rules.bands.map { "\($0.name) ≥ \($0.minimum)" }.joined(separator: " · "), problems: problems,
                  canSubmit: canSubmit, backURL: SiteURL.evaluationRound(.id(r.id)).path, reviewURL: nil)
    }
}
