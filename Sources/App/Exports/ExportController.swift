import Domain
import Vapor

/// Downloads of the member list (with the list's filters) and of the unit tree, as .xlsx or .csv. Scope is the
/// list's scope; each download is recorded in the register.
enum ExportController {
    @Sendable
    static func members(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let format = try ExportFormat(req)
        var filter = try MemberFilter(from: req)
        // The same reading of the filter as the list page: a unit code, or the id links carry.
        if let code = req.query[String.self, at: "unit"].map(VietnameseText.clean), !code.isEmpty {
            guard let unit = try await Units.find(code: code, on: req.sql), p.scope.canRead(unit: unit) else { throw Abort(.notFound) }
            filter.under = unit.id
        }
        let under = try await filter.under.asyncMap { try await Units.readable(id: $0, scope: p.scope, on: req.sql) }
        let selection = try await MemberQuery.select(filter, scope: p.scope, subtree: under?.subtree, on: req.sql)
        let file = try ExportFile(format: format, sheetName: "Đoàn viên", columns: Exports.memberColumns)
        do {
            try await Exports.members(filter, selection, into: file, on: req.sql)
            try file.finish()
            let what = "danh sách đoàn viên" + (under.map { " thuộc \($0.code) – \($0.name)" } ?? "")
            try await Exports.record(what, entity: "member", unit: under?.id ?? p.scope.homeUnitId, file: file, actor: try req.actor(), on: req.db)
        } catch {
            file.discard()
            throw error
        }
        return try await req.download(file, name: ExportFile.fileName("doan-vien", on: req.clock.today, format: format))
    }

    @Sendable
    static func units(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard p.scope.seesUnits else { throw Abort(.notFound) }
        let format = try ExportFormat(req)
        let under = try await req.query[Int.self, at: "under"].asyncMap { try await Units.readable(id: $0, scope: p.scope, on: req.sql) }
        let file = try ExportFile(format: format, sheetName: "Đơn vị", columns: Exports.unitColumns)
        do {
            try await Exports.units(scope: p.scope, subtree: under?.subtree, into: file, on: req.sql)
            try file.finish()
            let what = "danh sách đơn vị" + (under.map { " thuộc \($0.code) – \($0.name)" } ?? "")
            try await Exports.record(what, entity: "unit", unit: under?.id ?? p.scope.homeUnitId, file: file, actor: try req.actor(), on: req.db)
        } catch {
            file.discard()
            throw error
        }
        return try await req.download(file, name: ExportFile.fileName("don-vi", on: req.clock.today, format: format))
    }
}
