import Domain
import Foundation
import SQLKit
import Vapor

/// The organisation tree: reads, and the changes that keep its history (create, edit, move, merge, dissolve).
enum Units {
    static func find(id: Int, on sql: any SQLDatabase) async throws -> UnitRow? {
        try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.id = \(bind: id)")
            .first(decoding: UnitRow.self, with: snakeCase)
    }

    static func find(code: String, on sql: any SQLDatabase) async throws -> UnitRow? {
        try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.code = \(bind: code)")
            .first(decoding: UnitRow.self, with: snakeCase)
    }

    /// A unit the actor may read, or 404: a unit outside the caller's scope looks exactly like a missing one.
    static func readable(id: Int, scope: Scope, on sql: any SQLDatabase) async throws -> UnitRow {
        guard let unit = try await find(id: id, on: sql), scope.canRead(unit: unit) else { throw Abort(.notFound) }
        return unit
    }

    static func kinds(on sql: any SQLDatabase) async throws -> [UnitKindRow] {
        try await sql.raw("SELECT id, code, name, level, grassroots FROM unit_kinds WHERE valid_to IS NULL ORDER BY sort_order")
            .all(decoding: UnitKindRow.self, with: snakeCase)
    }

    static func kind(named text: String, in kinds: [UnitKindRow]) -> UnitKindRow? {
        let key = UnitKindName.key(text), folded = VietnameseText.fold(text)
        return kinds.first { UnitKindName.key($0.name) == key || $0.code.lowercased() == folded }
    }

    /// Ancestors from the root down to the parent, read off the path in one query.
    static func ancestors(of unit: UnitRow, on sql: any SQLDatabase) async throws -> [UnitRow] {
        let ids = unit.path.split(separator: "/").compactMap { Int($0) }.filter { $0 != unit.id }
        if ids.isEmpty { return [] }
        return try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.id IN (\(binds: ids)) ORDER BY u.depth")
            .all(decoding: UnitRow.self, with: snakeCase)
    }

    static func children(of id: Int?, on sql: any SQLDatabase) async throws -> [UnitRow] {
        let condition: SQLQueryString = id.map { "u.parent_id = \(bind: $0)" } ?? "u.parent_id IS NULL"
        return try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE \(condition) ORDER BY u.sort_key")
            .all(decoding: UnitRow.self, with: snakeCase)
    }

    /// The topmost units a scope can read (the roots of its tree view).
    static func roots(for scope: Scope, on sql: any SQLDatabase) async throws -> [UnitRow] {
        if scope.isAdmin { return try await children(of: nil, on: sql) }
        let all = try await sql.raw("""
            SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE \(scope.readFilter(members: false)) ORDER BY u.path
            """).all(decoding: UnitRow.self, with: snakeCase)
        // Keep the units whose parent is not readable too.
        var roots: [UnitRow] = []
        for unit in all where !roots.contains(where: { $0.subtree.contains(unit.path) }) {
            roots.append(unit)
        }
        return VietnameseText.sorted(roots, byName: \.name)
    }

    /// Units whose name contains `q` or whose code is exactly `q`, in tree order; the search list shows at most 200.
    static func search(_ q: String, scope: Scope, on sql: any SQLDatabase) async throws -> [UnitRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: UnitRow.columns) FROM units u
            WHERE \(scope.readFilter(members: false)) AND (\(Search.contains("u.search_name", q)) OR u.code = \(bind: q))
            ORDER BY u.sort_key LIMIT 200
            """).all(decoding: UnitRow.self, with: snakeCase)
    }

    /// Names by id, unfiltered by scope: breadcrumbs and history show the names of units the reader may not open.
    static func names(ids: Set<Int>, on sql: any SQLDatabase) async throws -> [Int: String] {
        if ids.isEmpty { return [:] }
        return Dictionary(try await sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.id IN (\(binds: Array(ids)))")
            .all(decoding: UnitRow.self, with: snakeCase).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The readable children of every open node of the tree view in one query, instead of one per node.
    static func children(ofAny parentIds: Set<Int>, scope: Scope, on sql: any SQLDatabase) async throws -> [UnitRow] {
        if parentIds.isEmpty { return [] }
        return try await sql.raw("""
            SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.parent_id IN (\(binds: Array(parentIds))) AND \(scope.readFilter(members: false))
            ORDER BY u.sort_key
            """).all(decoding: UnitRow.self, with: snakeCase)
    }

    struct ParentCount: Decodable { let id: Int; let n: Int }

    /// How many readable children each unit has, so the tree view knows which nodes can open.
    static func childCounts(of parentIds: [Int], scope: Scope, on sql: any SQLDatabase) async throws -> [Int: Int] {
        // 0 is no unit's id: it keeps the IN list non-empty.
        Dictionary(try await sql.raw("""
            SELECT u.parent_id AS id, COUNT(*) AS n FROM units u WHERE u.parent_id IN (\(binds: parentIds + [0]))
              AND \(scope.readFilter(members: false)) GROUP BY u.parent_id
            """).all(decoding: ParentCount.self).map { ($0.id, $0.n) }, uniquingKeysWith: { a, _ in a })
    }

    /// One page of the API's unit list in id order (key set: after the last id seen). One row more than `limit`
    /// is read, so the caller can tell whether another page follows.
    static func list(scope: Scope, search: String?, parentId: Int?, under: PathRange?, after: Int?, limit: Int,
                     on sql: any SQLDatabase) async throws -> [UnitRow] {
        var parts: [SQLQueryString] = [scope.readFilter(members: false)]
        if let search { parts.append(Search.contains("u.search_name", search)) }
        if let parentId { parts.append("u.parent_id = \(bind: parentId)") }
        if let under { parts.append(under.sql("u.path")) }
        if let after { parts.append("u.id > \(bind: after)") }
        return try await sql.raw("""
            SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE \(parts.joined(separator: " AND ")) ORDER BY u.id LIMIT \(literal: limit + 1)
            """).all(decoding: UnitRow.self, with: snakeCase)
    }

    /// The active units an official may write to, in name order, for the lists of an import template: at most `limit`
    /// and one more, so the caller can tell the list was cut.
    static func writable(scope: Scope, limit: Int, on sql: any SQLDatabase) async throws -> [(code: String, name: String)] {
        struct Row: Decodable { let code: String; let name: String }
        return try await sql.raw("""
            SELECT u.code, u.name FROM units u WHERE \(scope.writeFilter()) AND u.status = \(bind: UnitStatus.active)
            ORDER BY u.sort_key, u.id LIMIT \(literal: limit + 1)
            """).all(decoding: Row.self).map { ($0.code, $0.name) }
    }

    /// Every active unit an official may write to, as code and name: what a member file may name a unit by.
    static func writableNames(scope: Scope, on sql: any SQLDatabase) async throws -> [(code: String, name: String)] {
        struct Row: Decodable { let code: String; let name: String }
        return try await sql.raw("""
            SELECT u.code, u.name FROM units u WHERE \(scope.writeFilter()) AND u.status = \(bind: UnitStatus.active)
            """).all(decoding: Row.self).map { ($0.code, $0.name) }
    }

    // MARK: - Changes

    struct NewUnit: Sendable {
        var code: String
        var name: String
        var kindId: Int
        var parentId: Int?
        var partyCellId: Int?
        var on: CivilDate
        /// A Party cell named here is looked up at the unit or above it; it is declared at the unit only when
        /// `createPartyCell` says so.
        var partyCellName: String? = nil
        var createPartyCell = false
    }

    @discardableResult
    static func create(_ new: NewUnit, in tx: WriteTransaction) async throws -> UnitRow {
        let id = try await create([new], in: tx)[0]
        return try await find(id: id, on: tx.sql)!
    }

    /// New units under parents already in the tree (or at its root), in a few statements however many there are: an
    /// import of the country's tree creates 130 000 of them. Returns their ids in the order given. Each parent is read
    /// again inside the transaction and must be active and in the actor's write scope.
    static func create(_ news: [NewUnit], in tx: WriteTransaction) async throws -> [Int] {
        guard !news.isEmpty else { return [] }
        var parents: [Int: UnitRow] = [:]
        for chunk in Array(Set(news.compactMap(\.parentId))).chunked(500) {
            for unit in try await tx.sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE u.id IN (\(binds: Array(chunk)))")
                .all(decoding: UnitRow.self, with: snakeCase) { parents[unit.id] = unit }
        }
        for new in news {
            guard let parentId = new.parentId else {
                guard tx.actor.scope.isAdmin else { throw Abort(.forbidden, reason: "Chỉ quản trị hệ thống được tạo đơn vị gốc.") }
                continue
            }
            guard let parent = parents[parentId], tx.actor.scope.canWrite(unitPath: parent.path) else { throw Abort(.notFound) }
            guard parent.isActive else { throw Abort(.unprocessableEntity, reason: "Đơn vị cấp trên đã giải thể hoặc sáp nhập.") }
        }
        let now = tx.timestamp
        // The path holds the unit's own id, known only after the insert: paths are unique, so each is written first as
        // a placeholder of its own code, then from the parent's.
        let ids = try await BulkInsert.insert(into: "units", insertColumns, rows: news.map { new in
            [.text(new.code), .text(new.name), .int(new.kindId), .int(new.parentId), .text("~" + new.code),
             .int((new.parentId.flatMap { parents[$0]?.depth } ?? -1) + 1), .int(new.partyCellId), .text("active"), .text(new.on.iso),
             .text(VietnameseText.sortKey(new.name)), .text(VietnameseText.fold(new.name)), .text(now), .text(now)]
        }, returningIds: true, in: tx)
        for chunk in ids.chunked(500) {
            try await tx.sql.raw("""
                UPDATE units SET path = COALESCE((SELECT p.path FROM units p WHERE p.id = units.parent_id), '/') || CAST(units.id AS TEXT) || '/'
                WHERE units.id IN (\(binds: Array(chunk)))
                """).run()
        }
        // The cell is resolved against the path, so it is set before the first period opens.
        let cells = try await PartyCells.resolve(zip(ids, news).compactMap { id, new in
            new.partyCellName.map { (id, new.name, new.parentId.flatMap { parents[$0]?.path } ?? "/", $0, new.createPartyCell) }
        }, in: tx)
        let assigned = cells.sorted { $0.key < $1.key }
        for chunk in assigned.chunked(500) {
            let cases: SQLQueryString = chunk.map { "WHEN \(bind: $0.key) THEN CAST(\(bind: $0.value) AS BIGINT)" as SQLQueryString }.joined(separator: " ")
            try await tx.sql.raw("UPDATE units SET party_cell_id = CASE id \(cases) END WHERE id IN (\(binds: chunk.map(\.key)))").run()
        }
        // Units of one call may begin on different dates: each date's units open their first period together.
        for group in Dictionary(grouping: zip(ids, news), by: { $0.1.on }).values {
            for chunk in group.chunked(500) {
                try await Periods.openUnits(where: "u.id IN (\(binds: chunk.map(\.0)))", from: group[0].1.on, reason: "create", new: true, in: tx)
            }
        }
        for (id, new) in zip(ids, news) {
            tx.audit("create", "unit", id: id, unit: id, "Tạo đơn vị \(new.code) – \(new.name)")
        }
        return ids
    }

    static let insertColumns: [BulkInsert.Column] = [
        .text("code"), .text("name"), .int("kind_id"), .int("parent_id"), .text("path"), .int("depth"), .int("party_cell_id"),
        .text("status"), .text("established_on"), .text("sort_key"), .text("search_name"), .text("created_at"), .text("updated_at"),
    ]

    /// Name, kind and Party cell. A change opens a new period so reports for earlier dates keep the old values.
    /// The unit is read again inside the transaction.
    static func update(id: Int, name: String, kindId: Int, partyCellId: Int?, on date: CivilDate, in tx: WriteTransaction) async throws {
        let unit = try await tx.requireWrite(unitId: id)
        var changes: [String: [String?]] = [:]
        if unit.name != name { changes["Tên đơn vị"] = [unit.name, name] }
        if unit.kindId != kindId { changes["Loại đơn vị"] = [String(unit.kindId), String(kindId)] }
        if unit.partyCellId != partyCellId { changes["Chi bộ"] = [unit.partyCellId.map(String.init), partyCellId.map(String.init)] }
        if changes.isEmpty { return }
        try await Periods.closeUnits(where: "u.id = \(bind: unit.id)", on: date, subject: unit.name, in: tx)
        try await tx.sql.raw("""
            UPDATE units SET name = \(bind: name), kind_id = \(bind: kindId), party_cell_id = \(bind: partyCellId),
                sort_key = \(bind: VietnameseText.sortKey(name)), search_name = \(bind: VietnameseText.fold(name)),
                updated_at = \(bind: tx.timestamp) WHERE id = \(bind: unit.id)
            """).run()
        try await Periods.openUnits(where: "u.id = \(bind: unit.id)", from: date, reason: "update", in: tx)
        tx.audit("update", "unit", id: unit.id, unit: unit.id, "Sửa đơn vị \(unit.code)", changes: changes)
    }

    /// Moves a unit and its whole subtree under a new parent, as a change that can be reversed.
    static func move(_ unitId: Int, under newParentId: Int, on date: CivilDate, reason: String? = nil, in tx: WriteTransaction) async throws {
        try await TreeChanges.recorded(.move, unitId: unitId, targetId: newParentId, on: date, reason: reason, touches: .none, in: tx) {
            try await moveSubtree(unitId, under: newParentId, on: date, reason: reason, in: tx)
        }
    }

    /// One UPDATE rewrites every path in the range.
    private static func moveSubtree(_ unitId: Int, under newParentId: Int, on date: CivilDate, reason: String?, in tx: WriteTransaction) async throws {
        let unit = try await tx.requireWrite(unitId: unitId)
        let parent = try await tx.requireWrite(unitId: newParentId)
        if unit.parentId == nil && !tx.actor.scope.isAdmin { throw Abort(.notFound) }
        if unit.subtree.contains(parent.path) {
            throw Abort(.unprocessableEntity, reason: "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
        }
        guard parent.isActive, unit.isActive else {
            throw Abort(.unprocessableEntity, reason: "Đơn vị đã giải thể hoặc sáp nhập không thể chuyển.")
        }
        if unit.parentId == parent.id { return }
        let oldPath = unit.path, newPath = parent.path + "\(unit.id)/"
        let depthShift = parent.depth + 1 - unit.depth
        try await Periods.closeUnits(where: unit.subtree.sql("u.path"), on: date, subject: unit.name, in: tx)
        try await tx.sql.raw("""
            UPDATE units SET path = \(bind: newPath) || substr(path, CAST(\(bind: oldPath.count + 1) AS INTEGER)),
                depth = depth + \(bind: depthShift), updated_at = \(bind: tx.timestamp)
            WHERE path >= \(bind: unit.subtree.low) AND path < \(bind: unit.subtree.high)
            """).run()
        try await tx.sql.raw("UPDATE units SET parent_id = \(bind: parent.id) WHERE id = \(bind: unit.id)").run()
        try await Periods.openUnits(where: PathRange(path: newPath).sql("u.path"), from: date, reason: "move", in: tx)
        tx.audit("move", "unit", id: unit.id, unit: unit.id, "Chuyển đơn vị \(unit.code) sang \(parent.code)" + AuditText.because(reason),
                 changes: ["Đơn vị cấp trên": [unit.parentId.map(String.init), String(parent.id)]])
    }

    /// Merges `unitId` into `targetId`: its sub-units move under the target, its current members transfer to
    /// it, and the unit stays on record as merged.
    static func merge(_ unitId: Int, into targetId: Int, on date: CivilDate, reason: String? = nil, in tx: WriteTransaction) async throws {
        try await TreeChanges.recorded(.merge, unitId: unitId, targetId: targetId, on: date, reason: reason, touches: .own, in: tx) {
            try await mergeUnit(unitId, into: targetId, on: date, reason: reason, in: tx)
        }
    }

    private static func mergeUnit(_ unitId: Int, into targetId: Int, on date: CivilDate, reason: String?, in tx: WriteTransaction) async throws {
        let unit = try await tx.requireWrite(unitId: unitId)
        let target = try await tx.requireWrite(unitId: targetId)
        if unit.id == target.id || unit.subtree.contains(target.path) {
            throw Abort(.unprocessableEntity, reason: "Không thể sáp nhập một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
        }
        guard unit.isActive, target.isActive else {
            throw Abort(.unprocessableEntity, reason: "Đơn vị đã giải thể hoặc sáp nhập.")
        }
        for child in try await children(of: unit.id, on: tx.sql) where child.isActive {
            try await moveSubtree(child.id, under: target.id, on: date, reason: nil, in: tx)
        }
        let members = try await tx.sql.raw("SELECT id FROM members WHERE unit_id = \(bind: unit.id) AND status IN ('active', 'suspended')")
            .all(decoding: IDRow.self)
        for m in members {
            try await Members.transfer(memberId: m.id, to: target.id, on: date, reason: "merge", in: tx, audit: false)
        }
        try await end(unit, status: UnitStatus.merged, mergedInto: target.id, on: date, in: tx)
        tx.audit("merge", "unit", id: unit.id, unit: unit.id,
                 "Sáp nhập \(unit.code) vào \(target.code) (\(members.count) đoàn viên chuyển theo)" + AuditText.because(reason))
    }

    /// Dissolves a unit and everything under it (as CV 4173/TLĐ-ToC did in 2025): the units stay on record
    /// as dissolved, and their current members leave the union on that date.
    static func dissolve(_ unitId: Int, on date: CivilDate, reason: String? = nil, in tx: WriteTransaction) async throws {
        try await TreeChanges.recorded(.dissolve, unitId: unitId, targetId: nil, on: date, reason: reason, touches: .subtree, in: tx) {
            try await dissolveSubtree(unitId, on: date, reason: reason, in: tx)
        }
    }

    private static func dissolveSubtree(_ unitId: Int, on date: CivilDate, reason: String?, in tx: WriteTransaction) async throws {
        let unit = try await tx.requireWrite(unitId: unitId)
        guard unit.isActive else { throw Abort(.unprocessableEntity, reason: "Đơn vị đã giải thể hoặc sáp nhập.") }
        let members = try await tx.sql.raw("""
            SELECT m.id FROM members m JOIN units u ON u.id = m.unit_id
            WHERE \(unit.subtree.sql("u.path")) AND m.status IN ('active', 'suspended')
            """).all(decoding: IDRow.self)
        for m in members {
            try await Members.changeStatus(memberId: m.id, to: .left, on: date, reason: "dissolution", in: tx, audit: false)
        }
        let units = try await tx.sql.raw("SELECT \(unsafeRaw: UnitRow.columns) FROM units u WHERE \(unit.subtree.sql("u.path")) AND u.status = 'active'")
            .all(decoding: UnitRow.self, with: snakeCase)
        for u in units {
            try await end(u, status: UnitStatus.dissolved, mergedInto: nil, on: date, in: tx)
        }
        tx.audit("dissolve", "unit", id: unit.id, unit: unit.id,
                 "Giải thể \(unit.code) cùng \(units.count - 1) đơn vị trực thuộc; \(members.count) đoàn viên thôi sinh hoạt" + AuditText.because(reason))
    }

    private static func end(_ unit: UnitRow, status: String, mergedInto: Int?, on date: CivilDate, in tx: WriteTransaction) async throws {
        try await Periods.closeUnits(where: "u.id = \(bind: unit.id)", on: date, subject: unit.name, in: tx)
        try await tx.sql.raw("""
            UPDATE units SET status = \(bind: status), ended_on = \(bind: date.iso), merged_into_id = \(bind: mergedInto),
                updated_at = \(bind: tx.timestamp) WHERE id = \(bind: unit.id)
            """).run()
        try await Periods.openUnits(where: "u.id = \(bind: unit.id)", from: date, reason: status, in: tx)
    }

    // MARK: - Periods

    struct PeriodRow: Decodable, Sendable {
        var validFrom: String
        var validTo: String?
        var parentId: Int?
        var path: String
        var name: String
        var kindId: Int
        var status: String
        var reason: String
    }

    static func history(of unitId: Int, on sql: any SQLDatabase) async throws -> [PeriodRow] {
        try await sql.raw("""
            SELECT valid_from, valid_to, parent_id, path, name, kind_id, status, reason FROM unit_periods
            WHERE unit_id = \(bind: unitId) ORDER BY valid_from, id
            """).all(decoding: PeriodRow.self, with: snakeCase)
    }
}
