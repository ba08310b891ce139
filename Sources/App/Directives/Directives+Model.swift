import Domain
import Foundation

/// Page models of the directives feature, built from rows by functions a test can call.
struct DirectivesPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let kind: String
        let number: String
        let issued: String
        let issuer: String
        let target: String
        let title: String
        let pending: Bool
        let url: String

        init(_ l: Directives.Listed, t: Strings) {
            let r = l.row
            kind = r.kindValue.map { t.language == .en ? $0.labelEN : $0.label } ?? r.kind
            number = r.number
            issued = r.issued.map(VNFormat.date) ?? r.issuedOn
            issuer = r.issuerName
            target = r.targetId == r.issuerId ? t.format("directive_to_below", r.targetName) : t.format("directive_to_subtree", r.targetName)
            title = r.title
            pending = l.pending
            url = SiteURL.directive(.id(r.id)).path
        }
    }

    struct Tab: Encodable, Sendable { let label: String; let url: String; let current: Bool }

    let query: String
    /// The tab kept by the search form; nil for "all".
    let box: String?
    let tabs: [Tab]
    let pending: [Item]
    let items: [Item]
    let nextURL: String?
    let newURL: String?
    let searchURL: String

    static func make(query: String, box: Directives.Box, pending: [Directives.Listed], items: [Directives.Listed], limit: Int, canCreate: Bool,
                     t: Strings) -> DirectivesPage {
        func url(_ b: Directives.Box, after: String? = nil) -> String {
            var q: [(String, String)] = []
            if !query.isEmpty { q.append(("q", query)) }
            if b != .all { q.append(("box", b.rawValue)) }
            if let after { q.append(("after", after)) }
            return SiteURL.directives.with(q)
        }
        var next: String?
        if items.count == limit, let last = items.last?.row {
            next = url(box, after: Directives.Cursor(issuedOn: last.issuedOn, id: last.id).token)
        }
        let tabs = Directives.Box.allCases.map { Tab(label: t["directives_box_" + $0.rawValue], url: url($0), current: $0 == box) }
        return DirectivesPage(query: query, box: box == .all ? nil : box.rawValue, tabs: tabs, pending: pending.map { Item($0, t: t) },
                              items: items.map { Item($0, t: t) }, nextURL: next,
                              newURL: canCreate ? SiteURL.directiveNew.path : nil, searchURL: SiteURL.directives.path)
    }
}

struct DirectiveFormPage: Encodable, Sendable {
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    let kinds: [Option]
    let number: String
    let issued: String
    let issuer: String
    let target: String
    let title: String
    let summary: String
    let postURL: String
    let maxFile: String
    let error: String?

    static func make(kind: String?, number: String?, issued: String?, issuer: String?, target: String?, title: String?, summary: String?,
                     today: CivilDate, error: String?, t: Strings) -> DirectiveFormPage {
        DirectiveFormPage(
            kinds: DirectiveKind.allCases.map { k in
                Option(value: k.rawValue, label: t.language == .en ? k.labelEN : k.label, selected: k.rawValue == (kind ?? DirectiveKind.keHoach.rawValue))
            },
            number: number ?? "", issued: issued ?? VNFormat.date(today), issuer: issuer ?? "", target: target ?? "",
            title: title ?? "", summary: summary ?? "", postURL: SiteURL.directives.path,
            maxFile: VNFormat.integer(Evidence.maxBytes / 1024 / 1024) + " MB", error: error)
    }
}

struct DirectivePage: Encodable, Sendable {
    struct File: Encodable, Sendable { let name: String; let url: String; let size: String }
    struct Line: Encodable, Sendable {
        let name: String
        let url: String?
        /// The unit itself must acknowledge (not the issuer).
        let recipient: Bool
        let acknowledged: Bool
        let state: String
        /// "x/y": units of its subtree that acknowledged, over those that must.
        let subtree: String
        let complete: Bool
        /// Some unit of its subtree must acknowledge.
        let counted: Bool
        let width: Int

        init(_ l: Directives.Line, url: String?, t: Strings) {
            name = l.name
            self.url = url
            recipient = l.selfRecipient == 1
            acknowledged = l.selfAt != nil
            if !recipient {
                state = t["directive_sender"]
            } else if let at = l.selfAt {
                state = t.format("directive_acked_by", Clock.parse(at).map(Clock.display) ?? at, l.selfBy ?? "")
            } else {
                state = t["directive_not_acked"]
            }
            subtree = "\(VNFormat.integer(l.acknowledged))/\(VNFormat.integer(l.expected))"
            complete = l.acknowledged == l.expected
            counted = l.expected > 0
            width = l.expected == 0 ? 0 : l.acknowledged * 100 / l.expected
        }
    }
    struct AckUnit: Encodable, Sendable { let id: Int; let name: String }

    let kind: String
    let number: String
    let title: String
    let summary: String
    let issued: String
    let issuer: String
    let target: String
    let createdBy: String
    let files: [File]
    let focus: Line?
    let lines: [Line]
    let upURL: String?
    let ackURL: String
    let ackUnits: [AckUnit]
    let backURL: String

    static func make(_ d: Directives.Row, files: [Directives.FileRow], focus: Directives.Line?, children: [Directives.Line],
                     upURL: String?, ackUnits: [Directives.UnitRef], t: Strings) -> DirectivePage {
        let directive = SiteURL.directive(.id(d.id))
        return DirectivePage(
            kind: d.kindValue.map { t.language == .en ? $0.labelEN : $0.label } ?? d.kind,
            number: d.number, title: d.title, summary: d.summary,
            issued: d.issued.map(VNFormat.date) ?? d.issuedOn, issuer: d.issuerName,
            target: d.targetId == d.issuerId ? t.format("directive_to_below", d.targetName) : t.format("directive_to_subtree", d.targetName),
            createdBy: t.format("directive_created_by_on", d.createdByName, Clock.parse(d.createdAt).map(Clock.display) ?? d.createdAt),
            files: files.map { File(name: $0.fileName, url: SiteURL.directiveFile(.id($0.id)).path, size: VNFormat.integer(max(1, ($0.size + 1023) / 1024)) + " KB") },
            focus: focus.map { Line($0, url: nil, t: t) },
            lines: children.map { Line($0, url: directive.with([("unit", String($0.unitId))]), t: t) },
            upURL: upURL, ackURL: SiteURL.directiveAcknowledge(.id(d.id)).path,
            ackUnits: ackUnits.map { AckUnit(id: $0.id, name: $0.name) }, backURL: SiteURL.directives.path)
    }
}
