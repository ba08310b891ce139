import Vapor

/// What every page's frame needs: the words of the chosen language, the menu, the CSRF token for forms.
struct Layout: Encodable, Sendable {
    struct NavItem: Encodable, Sendable {
        let label: String
        let url: String
        let current: Bool
    }

    let lang: String
    let t: [String: String]
    let title: String
    let userName: String?
    let csrf: String
    let nav: [NavItem]
    let langURL: String
    let flash: String?
    let stylesheet: String
    let script = SiteURL.pickerScript.path
    let logoutURL: String
    let loginURL: String
    /// "My account" sits with the user's name at the end of the bar, apart from the site's sections.
    let accountURL: String
    let accountCurrent: Bool

    init(req: Request, title: String) {
        let strings = req.strings
        lang = strings.language.rawValue
        t = strings.table
        self.title = title
        userName = req.principal?.user.displayName
        csrf = CSRFMiddleware.token(for: req)
        var items: [NavItem] = []
        if let p = req.principal {
            let path = req.url.path
            func item(_ key: String, _ url: SiteURL) {
                let u = url.path
                items.append(NavItem(label: strings[key], url: u, current: u == "/" ? path == "/" : path.hasPrefix(u)))
            }
            item("nav_home", .home)
            if p.scope.seesUnits { item("nav_units", .units) }
            item("nav_members", .members)
            item("nav_rounds", .rounds)
            if !p.scope.cells.isEmpty { item("nav_desk", .desk) }
            if p.scope.canWriteSomething { item("nav_import", .importPage) }
            if p.scope.canWriteSomething { item("nav_users", .users) }
            if p.scope.readsRegister { item("nav_audit", .audit) }
        }
        nav = items
        let other = strings.language == .vi ? "en" : "vi"
        var components = URLComponents(string: req.url.string) ?? URLComponents()
        var query = (components.queryItems ?? []).filter { $0.name != "lang" }
        query.append(URLQueryItem(name: "lang", value: other))
        components.queryItems = query
        langURL = (components.path.isEmpty ? "/" : components.path) + "?" + (components.percentEncodedQuery ?? "")
        flash = req.query[String.self, at: "msg"].flatMap { strings.table["msg_" + $0] }
        stylesheet = SiteURL.stylesheet.path
        logoutURL = SiteURL.logout.path
        loginURL = SiteURL.login.path
        accountURL = SiteURL.account.path
        accountCurrent = req.url.path.hasPrefix(SiteURL.account.path)
    }
}

struct Page<Model: Encodable & Sendable>: Encodable, Sendable {
    let layout: Layout
    let page: Model
}

extension Request {
    /// Renders a page in the layout. A `?lang=` choice is remembered in a cookie.
    func page<M: Encodable & Sendable>(_ template: String, title: String, _ model: M, status: HTTPStatus = .ok) async throws -> Response {
        let context = Page(layout: Layout(req: self, title: title), page: model)
        let view = try await self.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: self)
        response.headers.contentType = .init(type: "text", subType: "html", parameters: ["charset": "utf-8"])
        if let lang = query[String.self, at: "lang"], Language(rawValue: lang) != nil {
            response.cookies["ng_lang"] = HTTPCookies.Value(string: lang, maxAge: 365 * 86400, path: "/", isSecure: isSecure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    func redirect(_ url: SiteURL, message: String? = nil) -> Response {
        redirect(to: message.map { url.with([("msg", $0)]) } ?? url.path, redirectType: .normal)
    }
}
