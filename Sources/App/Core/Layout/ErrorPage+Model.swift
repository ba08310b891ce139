import Vapor

struct ErrorPage: Encodable, Sendable {
    let status: Int
    let message: String
    let homeURL: String
}

/// Turns failures into a Vietnamese page for people and JSON for the API. An anonymous visitor asking for a
/// page is sent to the log-in form instead of seeing a 401.
struct PageErrorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let status: HTTPStatus
            var reason: String?
            var headers = HTTPHeaders()
            if let abort = error as? any AbortError {
                status = abort.status
                headers = abort.headers
                // Reasons we write are Vietnamese sentences for users; Vapor's own defaults are not shown.
                if abort.reason != status.reasonPhrase { reason = abort.reason }
            } else if error is DecodingError {
                status = .badRequest
                reason = "Dữ liệu gửi lên không đúng định dạng."
            } else {
                status = .internalServerError
            }
            let t = req.strings
            let message: String
            switch status {
            case .notFound: message = t["error_404"]
            case .forbidden: message = reason ?? t["error_403"]
            case .internalServerError: message = t["error_generic"]
            default: message = reason ?? t["error_generic"]
            }
            if status.code >= 500 { req.logger.report(error: error) }
            // Vapor's media-type equality treats */* as matching JSON, so the header is read as text.
            let wantsJSON = req.headers.first(name: .accept)?.hasPrefix("application/json") ?? false
            if req.url.path.hasPrefix("/api/") || wantsJSON {
                struct APIError: Content { let error: String; let status: Int }
                let response = try await APIError(error: status == .unauthorized ? (reason ?? "Cần đăng nhập.") : message, status: Int(status.code))
                    .encodeResponse(status: status, headers: headers, for: req)
                return response
            }
            if status == .unauthorized {
                let next = req.method == .GET ? req.url.string : "/"
                return req.redirect(to: SiteURL.login.with([("next", next)]))
            }
            let response = try await req.page("error", title: t["error_title"],
                ErrorPage(status: Int(status.code), message: message, homeURL: SiteURL.home.path), status: status)
            for (name, value) in headers where name.lowercased() == "retry-after" {
                response.headers.replaceOrAdd(name: name, value: value)
            }
            return response
        }
    }
}
