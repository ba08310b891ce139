import Domain
import Foundation
import Vapor

/// Directives in the JSON API, with the pages' scope rules.
enum DirectivesAPIController {
    struct DirectiveDTO: Content {
        let id: Int, kind: String, kindName: String, number: String, issuedOn: String
        let issuerId: Int, issuerName: String, targetId: Int, targetName: String, title: String, summary: String
        let createdBy: String, createdAt: String
        /// One of the caller's units has yet to acknowledge it.
        let acknowledgementDue: Bool

        init(_ r: Directives.Row, due: Bool) {
            id = r.id; kind = r.kind; kindName = r.kindValue?.label ?? r.kind; number = r.number; issuedOn = r.issuedOn
            issuerId = r.issuerId; issuerName = r.issuerName; targetId = r.targetId; targetName = r.targetName; title = r.title
            summary = r.summary; createdBy = r.createdByName; createdAt = r.createdAt; acknowledgementDue = due
        }
    }

    struct LineDTO: Content {
        let unitId: Int, name: String, mustAcknowledge: Bool, acknowledgedAt: String?, acknowledgedBy: String?
        /// Units of its subtree that must acknowledge, and those that have.
        let expected: Int, acknowledged: Int

        init(_ l: Directives.Line) {
            unitId = l.unitId; name = l.name; mustAcknowledge = l.selfRecipient == 1; acknowledgedAt = l.selfAt; acknowledgedBy = l.selfBy
            expected = l.expected; acknowledged = l.acknowledged
        }
    }

    struct FileDTO: Content { let id: Int, fileName: String, contentType: String, size: Int, url: String }

    struct DetailDTO: Content {
        let directive: DirectiveDTO
        let files: [FileDTO]
        let unit: LineDTO?
        let children: [LineDTO]
    }

    /// `q`: words of the number, symbol or title (no diacritics needed); `after`: the previous page's `next`;
    /// `limit` 1–200; `pending=true`: only those waiting for one of the caller's units.
    @Sendable static func list(req: Request) async throws -> ListResult<DirectiveDTO> {
        var limit = 50
        if let l = req.query[String.self, at: "limit"], !l.isEmpty {
            guard let n = Int(l), (1...200).contains(n) else { throw Abort(.badRequest, reason: "limit: số từ 1 đến 200.") }
            limit = n
        }
        var after: Directives.Cursor?
        if let a = req.query[String.self, at: "after"], !a.isEmpty {
            guard let c = Directives.Cursor(token: a) else { throw Abort(.badRequest, reason: "after: dùng giá trị next của trang trước.") }
            after = c
        }
        var pendingOnly = false
        if let s = req.query[String.self, at: "pending"], !s.isEmpty {
            guard s == "true" || s == "false" else { throw Abort(.badRequest, reason: "pending: chỉ nhận true hoặc false.") }
            pendingOnly = s == "true"
        }
        var box = Directives.Box.all
        if let b = req.query[String.self, at: "box"], !b.isEmpty {
            guard let v = Directives.Box(rawValue: b) else { throw Abort(.badRequest, reason: "box: chỉ nhận all, received hoặc sent.") }
            box = v
        }
        let q = req.query[String.self, at: "q"] ?? ""
        if q.count > 200 { throw Abort(.badRequest, reason: "q: tối đa 200 ký tự.") }
        let p = try req.requirePrincipal()
        let rows = try await Directives.list(scope: p.scope, query: q, box: box, pendingOnly: pendingOnly, after: after, limit: limit, on: req.sql)
        let next = rows.count == limit ? rows.last.map { Directives.Cursor(issuedOn: $0.row.issuedOn, id: $0.row.id).token } : nil
        return ListResult(items: rows.map { DirectiveDTO($0.row, due: $0.pending) }, total: nil, next: next)
    }

    /// A unit parameter: absent, or the id of a unit (a 400 otherwise).
    static func unitParameter(_ req: Request) throws {
        if let u = req.query[String.self, at: "unit"], !u.isEmpty, Int(u).map({ $0 > 0 }) != true {
            throw Abort(.badRequest, reason: "unit: phải là mã số (id) của một đơn vị.")
        }
    }

    @Sendable static func get(req: Request) async throws -> DetailDTO {
        try unitParameter(req)
        let p = try req.requirePrincipal()
        let d = try await Directives.readable(id: try req.id(), scope: p.scope, on: req.sql)
        return try await detail(req, d, p: p)
    }

    static func detail(_ req: Request, _ d: Directives.Row, p: Principal) async throws -> DetailDTO {
        let v = try await DirectiveController.view(req, d, p: p)
        let files = try await Directives.files(of: d.id, on: req.sql)
        return DetailDTO(
            directive: DirectiveDTO(d, due: !v.ackUnits.isEmpty),
            files: files.map { FileDTO(id: $0.id, fileName: $0.fileName, contentType: $0.contentType, size: $0.size, url: SiteURL.directiveFile(.id($0.id)).path) },
            unit: v.total.map(LineDTO.init), children: v.children.map(LineDTO.init))
    }

    struct AckPayload: Content { var unitId: Int? }

    struct AckDTO: Content {
        let directiveId: Int, unitId: Int, created: Bool, acknowledgedAt: String?, acknowledgedBy: String?
    }

    /// The caller acknowledges for one of their units (`unitId`, or the one that waits); a second call changes nothing.
    @Sendable static func acknowledge(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let d = try await Directives.readable(id: try req.id(), scope: p.scope, on: req.sql)
        var unitId: Int?
        if req.body.data.map({ $0.readableBytes > 0 }) == true {
            let payload: AckPayload
            do { payload = try req.content.decode(AckPayload.self) } catch {
                throw Abort(.badRequest, reason: "Nội dung gửi lên không đọc được: cần JSON {\"unitId\": số}.")
            }
            if let u = payload.unitId, u <= 0 { throw Abort(.badRequest, reason: "unitId: phải là mã số (id) của một đơn vị.") }
            unitId = payload.unitId
        }
        if unitId == nil {
            // The unit that waits, else one that has already acknowledged (a repeated call answers 200).
            let waiting = try await Directives.pendingUnits(d, scope: p.scope, on: req.sql)
            let mine = waiting.isEmpty ? try await Directives.pendingUnits(d, scope: p.scope, done: true, on: req.sql) : waiting
            guard let first = mine.first else {
                throw Abort(.forbidden, reason: "Không có đơn vị nào của bạn phải xác nhận văn bản này.")
            }
            unitId = first.id
        }
        let unit = unitId!
        let outcome = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await Directives.acknowledge(d, unitId: unit, in: tx) }
        let line = try await Directives.rollup(d, focusId: unit, on: req.sql).total
        return try await AckDTO(directiveId: d.id, unitId: unit, created: outcome == .recorded, acknowledgedAt: line?.selfAt, acknowledgedBy: line?.selfBy)
            .encodeResponse(status: outcome == .recorded ? .created : .ok, for: req)
    }
}
