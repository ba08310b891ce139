import Vapor

/// The suggestions behind every picker: JSON for the script, scoped like everything else.
enum PickerController {
    struct Suggestion: Content {
        let label: String
        let value: String
        let id: Int
    }

    @Sendable
    static func units(req: Request) async throws -> [Suggestion] {
        let p = try req.requirePrincipal()
        let need = Picks.Need(rawValue: req.query[String.self, at: "need"] ?? "") ?? .read
        let q = req.query[String.self, at: "q"] ?? ""
        return try await Picks.units(matching: q, scope: p.scope, need: need, on: req.sql)
            .map { Suggestion(label: $0.label, value: $0.value, id: $0.id) }
    }

    @Sendable
    static func cells(req: Request) async throws -> [Suggestion] {
        let p = try req.requirePrincipal()
        let q = req.query[String.self, at: "q"] ?? ""
        return try await Picks.cells(matching: q, scope: p.scope, on: req.sql).map { Suggestion(label: $0.label, value: $0.name, id: $0.id) }
    }

    @Sendable
    static func members(req: Request) async throws -> [Suggestion] {
        let p = try req.requirePrincipal()
        let q = req.query[String.self, at: "q"] ?? ""
        return try await Picks.members(matching: q, scope: p.scope, on: req.sql)
            .map { Suggestion(label: $0.label, value: $0.fullName, id: $0.id) }
    }
}
