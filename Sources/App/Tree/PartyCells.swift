import Domain
import SQLKit
import Vapor

/// Party cells (chi bộ) as records. A cell is declared at the unit that hosts it and serves that unit and the
/// units below it. Forms choose a cell from a list; a new cell is made only on purpose (its own form, the API's
/// `createPartyCell`, the import's "Tạo chi bộ mới" column), so a typo never makes a second cell.
enum PartyCells {
    struct Option: Decodable, Sendable, Equatable {
        let id: Int
        let name: String
        let homeUnitId: Int?
        let homeUnitName: String?
    }

    static func name(id: Int, on sql: any SQLDatabase) async throws -> String? {
        struct Name: Decodable { let name: String }
        return try await sql.raw("SELECT name FROM party_cells WHERE id = \(bind: id)").first(decoding: Name.self)?.name
    }

    /// Cells in force that a unit at `unitPath` may belong to: declared at it or above it, nearest first.
    static func available(for unitPath: String, on sql: any SQLDatabase) async throws -> [Option] {
        let ids = PathRange.ids(in: unitPath)
        guard !ids.isEmpty else { return [] }
        let cells = try await sql.raw("""
            SELECT c.id, c.name, c.home_unit_id, u.name AS home_unit_name
            FROM party_cells c LEFT JOIN units u ON u.id = c.home_unit_id
            WHERE c.home_unit_id IN (\(binds: ids)) AND c.valid_to IS NULL
            """).all(decoding: Option.self, with: snakeCase)
        let depth = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return cells.sorted {
            let (a, b) = (depth[$0.homeUnitId ?? 0] ?? 0, depth[$1.homeUnitId ?? 0] ?? 0)
            return a != b ? a > b : VietnameseText.sortKey($0.name) < VietnameseText.sortKey($1.name)
        }
    }

    /// The cell of that name declared at this unit or above it (nearest wins), compared without diacritics.
    static func find(named name: String, for unitPath: String, on sql: any SQLDatabase) async throws -> Int? {
        let key = VietnameseText.fold(VietnameseText.clean(name))
        if key.isEmpty { return nil }
        return try await available(for: unitPath, on: sql).first { VietnameseText.fold($0.name) == key }?.id
    }

    /// The cell a unit at `unitPath` names: an existing one, or — only when `create` says so — a new one declared
    /// at that unit. An unknown name otherwise is refused with a message that says how to create it.
    static func resolve(named name: String, for unitPath: String, create: Bool, in tx: WriteTransaction) async throws -> Int? {
        let clean = VietnameseText.clean(name)
        if clean.isEmpty { return nil }
        if let found = try await find(named: clean, for: unitPath, on: tx.sql) { return found }
        guard create, let host = PathRange.ids(in: unitPath).last else {
            throw Abort(.unprocessableEntity, reason: unknown(clean))
        }
        return try await self.create(name: clean, hostUnitId: host, committee: nil, from: tx.today, in: tx)
    }

    /// `resolve` for units just made together (an import of the tree), by the ids of those that name a cell. A new unit
    /// hosts no cell yet, so the cells it may name are those above it: read once for all the children of one parent.
    /// The cells to create are hosted by those new units, which the caller has just checked; they are written together.
    static func resolve(_ requests: [(unitId: Int, unitName: String, parentPath: String, name: String, create: Bool)],
                        in tx: WriteTransaction) async throws -> [Int: Int] {
        var above: [String: [Option]] = [:]
        var cells: [Int: Int] = [:]
        var new: [(unitId: Int, unitName: String, name: String)] = []
        for request in requests {
            let clean = VietnameseText.clean(request.name)
            if clean.isEmpty { continue }
            let options: [Option]
            if let known = above[request.parentPath] { options = known } else {
                options = try await available(for: request.parentPath, on: tx.sql)
                above[request.parentPath] = options
            }
            let key = VietnameseText.fold(clean)
            if let found = options.first(where: { VietnameseText.fold($0.name) == key }) {
                cells[request.unitId] = found.id
            } else if request.create {
                guard clean.count <= 200 else { throw Abort(.unprocessableEntity, reason: "Tên chi bộ: không được để trống và không quá 200 ký tự.") }
                new.append((request.unitId, request.unitName, clean))
            } else {
                throw Abort(.unprocessableEntity, reason: unknown(clean))
            }
        }
        let ids = try await BulkInsert.insert(into: "party_cells", [.text("name"), .text("name_key"), .int("home_unit_id"), .text("valid_from"), .text("created_at")],
                                              rows: new.map { [.text($0.name), .text(VietnameseText.fold($0.name)), .int($0.unitId), .text(tx.today.iso), .text(tx.timestamp)] },
                                              returningIds: true, in: tx)
        for (id, cell) in zip(ids, new) {
            cells[cell.unitId] = id
            tx.audit("create", "party_cell", id: id, unit: cell.unitId, "Tạo chi bộ \(cell.name) tại \(cell.unitName)")
        }
        return cells
    }

    static func unknown(_ name: String) -> String {
        "Chi bộ \"\(name)\" chưa có ở đơn vị này hay ở cấp trên của nó. Hãy chọn một chi bộ có sẵn, hoặc tạo chi bộ mới trước."
    }

    /// A new cell hosted by a unit the writer may change. Unique per host unit by folded name.
    @discardableResult
    static func create(name: String, hostUnitId: Int, committee: String?, from date: CivilDate, in tx: WriteTransaction) async throws -> Int {
        let host = try await tx.requireWrite(unitId: hostUnitId)
        let clean = VietnameseText.clean(name)
        guard !clean.isEmpty, clean.count <= 200 else {
            throw Abort(.unprocessableEntity, reason: "Tên chi bộ: không được để trống và không quá 200 ký tự.")
        }
        let key = VietnameseText.fold(clean)
        struct Found: Decodable { let id: Int }
        if try await tx.sql.raw("SELECT id FROM party_cells WHERE home_unit_id = \(bind: host.id) AND name_key = \(bind: key)")
            .first(decoding: Found.self) != nil {
            throw Abort(.conflict, reason: "Đơn vị \(host.name) đã có chi bộ tên \"\(clean)\".")
        }
        let committeeText = committee.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : $0 }
        let id = try await tx.sql.raw("""
            INSERT INTO party_cells (name, name_key, home_unit_id, committee, valid_from, created_at)
            VALUES (\(bind: clean), \(bind: key), \(bind: host.id), \(bind: committeeText), \(bind: date.iso), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("create", "party_cell", id: id, unit: host.id, "Tạo chi bộ \(clean) tại \(host.name)")
        return id
    }
}
