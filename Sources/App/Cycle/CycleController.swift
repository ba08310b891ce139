import Vapor

/// "Phong trào": the yearly cycle's sections in one place. On a wide screen the bar shows this one hub instead of
/// every section (they would not fit on one line); the phone menu lists them all.
enum CycleController {
    struct Section: Sendable {
        /// Menu label key; the hub shows `<nav>_help` under it.
        let nav: String
        let url: SiteURL
    }

    /// The sections this person has a use for, in the order of the year.
    static func sections(for p: Principal) -> [Section] {
        var out: [Section] = []
        if p.scope.canWriteSomething { out.append(Section(nav: "nav_programmes", url: .programmes)) }
        if p.scope.isAdmin { out.append(Section(nav: "nav_check_words", url: .checkWords)) }
        if p.scope.seesUnits { out.append(Section(nav: "nav_directives", url: .directives)) }
        if p.scope.isAdmin || !p.scope.readRoots.isEmpty { out.append(Section(nav: "nav_plans", url: .plans)) }
        out.append(Section(nav: "nav_rounds", url: .rounds))
        if !p.scope.cells.isEmpty { out.append(Section(nav: "nav_desk", url: .desk)) }
        out.append(Section(nav: "nav_sessions", url: .sessions))
        if p.scope.isAdmin || !p.scope.readRoots.isEmpty { out.append(Section(nav: "nav_attendance", url: .attendance)) }
        if p.scope.isAdmin || !p.scope.readRoots.isEmpty { out.append(Section(nav: "nav_inspections", url: .inspections)) }
        out.append(Section(nav: "nav_evaluation", url: .evaluationRounds))
        return out
    }

    struct Page: Encodable, Sendable {
        struct Item: Encodable, Sendable { let label: String; let help: String; let url: String }
        let items: [Item]
    }

    @Sendable
    static func index(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let t = req.strings
        let page = Page(items: sections(for: p).map { .init(label: t[$0.nav], help: t[$0.nav + "_help"], url: $0.url.path) })
        return try await req.page("cycle", title: t["nav_cycle"], page)
    }
}
