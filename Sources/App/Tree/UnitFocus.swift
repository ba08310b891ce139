import SQLKit
import Vapor

/// Which unit a page about something held by a unit (a round, an evaluation) shows figures for: the one asked for in
/// `?unit=` if it is inside the holder's subtree and readable (404 otherwise), else the holder itself if readable,
/// else the person's highest readable unit inside it.
enum UnitFocus {
    static func pick(_ req: Request, rootId: Int, rootPath: String, scope: Scope) async throws -> UnitRow? {
        let range = PathRange(path: rootPath)
        if let asked = req.query[Int.self, at: "unit"] {
            guard let u = try await Units.find(id: asked, on: req.sql), range.contains(u.path), scope.canRead(unit: u) else { throw Abort(.notFound) }
            return u
        }
        if let u = try await Units.find(id: rootId, on: req.sql), scope.canRead(unit: u) { return u }
        for root in scope.readRoots where range.contains(root.low) {
            if let id = PathRange.ids(in: root.low).last, let u = try await Units.find(id: id, on: req.sql) { return u }
        }
        return nil
    }
}
