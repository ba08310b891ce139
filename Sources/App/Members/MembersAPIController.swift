import Domain
import Foundation
import SQLKit
import Vapor

enum MembersAPIController {
    @Sendable
    static func list(req: Request) async throws -> ListResult<MemberDTO> {
        let p = try req.requirePrincipal()
        let filter = try MemberFilter(from: req)
        let subtree = try await filter.under.asyncMap { try await Units.readable(id: $0, scope: p.scope, on: req.sql).subtree }
        let selection = try await MemberQuery.select(filter, scope: p.scope, subtree: subtree, on: req.sql)
        let listPage = try await MemberQuery.page(filter, selection, on: req.sql)
        let (rows, next) = (listPage.rows, listPage.next)
        let members = try await MemberQuery.records(ids: rows.map(\.id), on: req.sql)
        let byId = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let codes = Dictionary(rows.map { ($0.unitId, $0.unitCode) }, uniquingKeysWith: { a, _ in a })
        let paths = Dictionary(rows.map { ($0.unitId, $0.unitPath) }, uniquingKeysWith: { a, _ in a })
        // The total comes with the first page only, and only while it is below the counting cap.
        let total = filter.after == nil && filter.before == nil ? try await MemberQuery.count(selection, on: req.sql) : nil
        return ListResult(items: rows.compactMap { byId[$0.id].map { MemberDTO(Members.visible($0, unitPath: paths[$0.unitId] ?? "", scope: p.scope), unitCode: codes[$0.unitId]) } },
                          total: total.flatMap { $0.capped ? nil : $0.n }, next: next?.token)
    }

    @Sendable
    static func get(req: Request) async throws -> MemberDTO {
        let p = try req.requirePrincipal()
        let (m, unit) = try await Members.readable(id: try req.id(), scope: p.scope, on: req.sql)
        return MemberDTO(Members.visible(m, unitPath: unit.path, scope: p.scope), unitCode: unit.code)
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.forbidden, reason: "Bạn không có quyền thêm đoàn viên.") }
        let payload = try req.content.decode(MemberPayload.self)
        switch MemberRules.validate(payload.input(over: nil), today: req.clock.today) {
        case .failure(let errors):
            return try await ValidationFailure.response(errors.map { .init(field: $0.field, message: $0.message) }, for: req)
        case .success(let draft):
            guard let unit = try await Units.find(code: draft.unitCode, on: req.sql), p.scope.canWrite(unitPath: unit.path) else {
                return try await ValidationFailure.response([.init(field: "Mã đơn vị", message: "\(draft.unitCode) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý.")], for: req)
            }
            let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                try await Members.create(draft, unitId: unit.id, on: tx.today, in: tx)
            }
            let member = try await Members.find(id: id, on: req.sql)!
            return try await MemberDTO(member, unitCode: unit.code).encodeResponse(status: .created, for: req)
        }
    }

    /// Changes personal data; a different `unitCode` is a transfer from today.
    @Sendable
    static func update(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let (m, unit) = try await Members.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        let payload = try req.content.decode(MemberPayload.self)
        switch MemberRules.validate(payload.input(over: MemberDTO(m, unitCode: unit.code)), today: req.clock.today) {
        case .failure(let errors):
            return try await ValidationFailure.response(errors.map { .init(field: $0.field, message: $0.message) }, for: req)
        case .success(let draft):
            var target = unit
            if draft.unitCode != unit.code {
                guard let t = try await Units.find(code: draft.unitCode, on: req.sql), p.scope.canWrite(unitPath: t.path) else {
                    return try await ValidationFailure.response([.init(field: "Mã đơn vị", message: "\(draft.unitCode) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý.")], for: req)
                }
                target = t
            }
            let targetId = target.id
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                if targetId != m.unitId { try await Members.transfer(memberId: m.id, to: targetId, on: tx.today, in: tx) }
                let current = try await Members.find(id: m.id, on: tx.sql)!
                try await Members.update(id: current.id, with: draft, on: tx.today, in: tx)
            }
            let member = try await Members.find(id: m.id, on: req.sql)!
            return try await MemberDTO(member, unitCode: target.code).encodeResponse(for: req)
        }
    }
}
