import Domain
import Foundation
import SQLKit
import Vapor

enum UnitsAPIController {
    @Sendable
    static func list(req: Request) async throws -> ListResult<UnitDTO> {
        let p = try req.requirePrincipal()
        struct Params: Decodable { var q: String?; var parent: String?; var under: String?; var after: String?; var limit: String? }
        let params = try req.query.decode(Params.self)
        /// A number parameter: absent, or a whole number in range; anything else is a 400 that says so.
        func number(_ text: String?, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text, !text.isEmpty else { return nil }
            guard let n = Int(text), range.contains(n) else {
                throw Abort(.badRequest, reason: "\(name): số nguyên từ \(range.lowerBound) đến \(range.upperBound == Int.max ? "…" : String(range.upperBound)).")
            }
            return n
        }
        let limit = try number(params.limit, "limit", 1...500) ?? 100
        let parent = try number(params.parent, "parent", 1...Int.max)
        let after = try number(params.after, "after", 0...Int.max)
        let search = params.q.map(VietnameseText.fold).flatMap { $0.isEmpty ? nil : $0 }
        let under = try await number(params.under, "under", 1...Int.max).asyncMap { try await Units.readable(id: $0, scope: p.scope, on: req.sql).subtree }
        let rows = try await Units.list(scope: p.scope, search: search, parentId: parent, under: under, after: after,
                                        limit: limit, on: req.sql)
        let kinds = Dictionary(try await Units.kinds(on: req.sql).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let page = rows.prefix(limit)
        return ListResult(items: page.map { UnitDTO($0, kinds: kinds) }, total: nil, next: rows.count > limit ? page.last.map { String($0.id) } : nil)
    }

    @Sendable
    static func get(req: Request) async throws -> UnitDTO {
        let p = try req.requirePrincipal()
        let unit = try await Units.readable(id: try req.id(), scope: p.scope, on: req.sql)
        let kinds = Dictionary(try await Units.kinds(on: req.sql).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return UnitDTO(unit, kinds: kinds)
    }

    @Sendable
    static func create(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.canWriteSomething else { throw Abort(.forbidden, reason: "Bạn không có quyền thêm đơn vị.") }
        let body = try req.content.decode(UnitPayload.self)
        let code = VietnameseText.clean(body.code ?? ""), name = VietnameseText.clean(body.name ?? "")
        let kinds = try await Units.kinds(on: req.sql)
        var fields: [ValidationFailure.Field] = []
        if let problem = FieldRules.unitCodeProblem(code) { fields.append(.init(field: "Mã đơn vị", message: problem)) }
        else if try await Units.find(code: code, on: req.sql) != nil { fields.append(.init(field: "Mã đơn vị", message: "Mã \(code) đã được dùng.")) }
        if name.isEmpty || name.count > 200 { fields.append(.init(field: "Tên đơn vị", message: "Không được để trống và không quá 200 ký tự.")) }
        let kind = Units.kind(named: body.kind ?? "", in: kinds)
        if kind == nil { fields.append(.init(field: "Loại đơn vị", message: "Không có trong danh mục.")) }
        var parent: UnitRow?
        if let parentCode = body.parentCode.map(VietnameseText.clean), !parentCode.isEmpty {
            parent = try await Units.find(code: parentCode, on: req.sql)
            if parent == nil || !p.scope.canWrite(unitPath: parent!.path) {
                fields.append(.init(field: "Mã đơn vị cấp trên", message: "\(parentCode) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý."))
            }
        } else if !p.scope.isAdmin {
            fields.append(.init(field: "Mã đơn vị cấp trên", message: "Bắt buộc: chỉ quản trị hệ thống được tạo đơn vị gốc."))
        }
        let cellName = body.partyCell.map(VietnameseText.clean) ?? "", createCell = body.createPartyCell ?? false
        if !cellName.isEmpty, !createCell, let parent, try await PartyCells.find(named: cellName, for: parent.path, on: req.sql) == nil {
            fields.append(.init(field: "Chi bộ", message: PartyCells.unknown(cellName)))
        }
        if !fields.isEmpty { return try await ValidationFailure.response(fields, for: req) }
        let parentId = parent?.id, kindId = kind!.id
        let unit = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Units.create(.init(code: code, name: name, kindId: kindId, parentId: parentId, partyCellId: nil,
                                         on: tx.today, partyCellName: cellName, createPartyCell: createCell), in: tx)
        }
        return try await UnitDTO(unit, kinds: Dictionary(kinds.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
            .encodeResponse(status: .created, for: req)
    }

    /// Changes name, kind or Party cell; a different `parentCode` moves the unit with its subtree from today.
    @Sendable
    static func update(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let unit = try await Units.readable(id: try req.id(), scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        guard unit.isActive else { throw Abort(.unprocessableEntity, reason: "Đơn vị đã giải thể hoặc sáp nhập.") }
        let body = try req.content.decode(UnitPayload.self)
        let kinds = try await Units.kinds(on: req.sql)
        var fields: [ValidationFailure.Field] = []
        let name = body.name.map(VietnameseText.clean) ?? unit.name
        if name.isEmpty || name.count > 200 { fields.append(.init(field: "Tên đơn vị", message: "Không được để trống và không quá 200 ký tự.")) }
        var kindId = unit.kindId
        if let k = body.kind {
            if let kind = Units.kind(named: k, in: kinds) { kindId = kind.id } else { fields.append(.init(field: "Loại đơn vị", message: "Không có trong danh mục.")) }
        }
        var newParent: UnitRow?
        if let code = body.parentCode.map(VietnameseText.clean), !code.isEmpty {
            newParent = try await Units.find(code: code, on: req.sql)
            if newParent == nil || !p.scope.canWrite(unitPath: newParent!.path) {
                fields.append(.init(field: "Mã đơn vị cấp trên", message: "\(code) không tồn tại hoặc nằm ngoài phạm vi bạn quản lý."))
            }
        }
        let cellName = body.partyCell.map(VietnameseText.clean), createCell = body.createPartyCell ?? false
        if let cellName, !cellName.isEmpty, !createCell,
           try await PartyCells.find(named: cellName, for: (newParent.map { $0.path + "\(unit.id)/" }) ?? unit.path, on: req.sql) == nil {
            fields.append(.init(field: "Chi bộ", message: PartyCells.unknown(cellName)))
        }
        if !fields.isEmpty { return try await ValidationFailure.response(fields, for: req) }
        let parentId = newParent?.id, finalKind = kindId
        do {
            try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
                if let parentId, parentId != unit.parentId { try await Units.move(unit.id, under: parentId, on: tx.today, in: tx) }
                let current = try await Units.find(id: unit.id, on: tx.sql)!
                var cell = current.partyCellId
                if let cellName {
                    cell = try await PartyCells.resolve(named: cellName, for: current.path, create: createCell, in: tx)
                }
                try await Units.update(id: current.id, name: name, kindId: finalKind, partyCellId: cell, on: tx.today, in: tx)
            }
        } catch let abort as Abort where abort.status == .unprocessableEntity {
            return try await ValidationFailure.response([.init(field: "Mã đơn vị cấp trên", message: abort.reason)], for: req)
        }
        let updated = try await Units.find(id: unit.id, on: req.sql)!
        return try await UnitDTO(updated, kinds: Dictionary(kinds.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })).encodeResponse(for: req)
    }
}
