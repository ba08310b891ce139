import Foundation
import Vapor

/// Vapor 4 has no CSRF protection. Every unsafe request must carry a token equal to the session's (or, before
/// log-in, to the anonymous `ng_csrf` cookie) in the form field `_csrf` or the `X-CSRF-Token` header, and must
/// not come from another site. Requests with a bearer token carry no ambient credential and need no token.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"
    static let header = "X-CSRF-Token"

    static func cookieName(secure: Bool) -> String { secure ? "__Host-ng_csrf" : "ng_csrf" }

    /// The token a page must embed in its forms for this request.
    static func token(for req: Request) -> String {
        if let csrf = req.principal?.csrfToken { return csrf }
        if let existing = req.storage[AnonymousToken.self] { return existing }
        let token = req.cookies[cookieName(secure: req.isSecure)]?.string ?? Secrets.token()
        req.storage[AnonymousToken.self] = token
        return token
    }

    struct AnonymousToken: StorageKey { typealias Value = String }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let unsafe = ![.GET, .HEAD, .OPTIONS].contains(req.method)
        if unsafe {
            if case .token = req.principal?.via {
                // Bearer-token call: nothing for another site to borrow.
            } else {
                try await check(req)
            }
        }
        let response = try await next.respond(to: req)
        // Hand a browser with no session an anonymous token cookie for the log-in form.
        if req.principal == nil, let token = req.storage[AnonymousToken.self],
           req.cookies[Self.cookieName(secure: req.isSecure)]?.string != token {
            response.cookies[Self.cookieName(secure: req.isSecure)] = Sessions.cookie(token, secure: req.isSecure, maxAge: nil)
        }
        return response
    }

    private func check(_ req: Request) async throws {
        if req.headers.first(name: "Sec-Fetch-Site") == "cross-site" {
            throw Abort(.forbidden, reason: "Yêu cầu từ trang web khác bị từ chối.")
        }
        if let origin = req.headers.first(name: .origin) {
            let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
            if origin == "null" || originHost == nil || originHost != req.headers.first(name: .host) {
                throw Abort(.forbidden, reason: "Yêu cầu từ trang web khác bị từ chối.")
            }
        }
        let expected: String?
        if let csrf = req.principal?.csrfToken {
            expected = csrf
        } else {
            expected = req.cookies[Self.cookieName(secure: req.isSecure)]?.string
        }
        var provided = req.headers.first(name: Self.header)
        if provided == nil, let type = req.headers.contentType,
           type == .urlEncodedForm || type.type == "multipart" {
            let limit = req.url.path.hasPrefix("/import") ? req.application.config.maxUploadBytes : 1 << 20
            _ = try await req.body.collect(max: limit).get()
            provided = try? req.content.get(String.self, at: Self.field)
        }
        guard let expected, let provided, Secrets.equal(expected, provided) else {
            throw Abort(.forbidden, reason: "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (thiếu mã CSRF). Hãy tải lại trang và thử lại.")
        }
    }
}

/// Headers every response carries: no framing, no sniffing, a strict content policy (the app loads nothing
/// from elsewhere), and no caching of pages with personal data.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        let h = response.headers
        if !h.contains(name: .contentSecurityPolicy) {
            response.headers.replaceOrAdd(name: .contentSecurityPolicy, value:
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if !req.url.path.hasPrefix("/static/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if req.isSecure {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}
