import Domain
import Foundation
import SQLKit
import Vapor

/// Directive documents (văn bản chỉ đạo): a unit issues one and sends it to a unit's subtree (its own, or one
/// below it); every active unit of that subtree other than the issuer acknowledges reading it, once. All the
/// feature's SQL is here.
///
/// Who reads a directive: anyone whose read scope holds the issuing unit, or any unit of the target subtree.
/// Who acknowledges for a unit: a person who may write that unit and may not write the issuing unit (the sender
/// does not acknowledge its own directive for its units).
enum Directives {
    struct Row: Codable, Sendable, Equatable {
        let id: Int
        let kind: String
        let number: String
        let issuedOn: String
        let issuerId: Int
        let issuerName: String
        let issuerPath: String
        let targetId: Int
        let targetName: String
        let targetPath: String
        let title: String
        let summary: String
        let createdByName: String
        let createdAt: String

        static let columns = """
            d.id, d.kind, d.number, d.issued_on, d.issuer_id, i.name AS issuer_name, d.issuer_path,
            d.target_id, t.name AS target_name, d.target_path, d.title, d.summary, d.created_by_name, d.created_at
            """
        static let from = "FROM directives d JOIN units i ON i.id = d.issuer_id JOIN units t ON t.id = d.target_id"

        var kindValue: DirectiveKind? { DirectiveKind(rawValue: kind) }
        var target: PathRange { PathRange(path: targetPath) }
        var issued: CivilDate? { CivilDate(iso: issuedOn) }
        /// "Kế hoạch số 18/KH-CĐVC": how the register and messages name it.
        var name: String { "\(kindValue?.label ?? kind) số \(number)" }

        /// Whether a unit at `path` (id `unitId`) is one of those that must acknowledge.
        func receives(unitId: Int, path: String) -> Bool { target.contains(path) && unitId != issuerId }
    }

    /// The end of a stored path's subtree, in SQL: "/1/5/" → "/1/50" (see `PathRange`).
    static func high(_ column: String) -> String { "(substr(\(column), 1, length(\(column)) - 1) || '0')" }

    /// Directives `d` the scope may read: the issuer in it, the target in it, or one of its roots inside the target.
    static func readable(_ scope: Scope) -> SQLQueryString {
        if scope.isAdmin { return "1 = 1" }
        let parts: [SQLQueryString] = scope.readRoots.map { r in
            "(\(r.sql("d.issuer_path")) OR \(r.sql("d.target_path")) OR (d.target_path <= \(bind: r.low) AND \(bind: r.low) < \(unsafeRaw: high("d.target_path"))))"
        }
        return parts.isEmpty ? "1 = 0" : "(" + parts.joined(separator: " OR ") + ")"
    }

    /// Directives `d` sent from the person's side: the issuer is in their read scope.
    static func sent(_ scope: Scope) -> SQLQueryString {
        if scope.isAdmin { return "1 = 1" }
        let parts: [SQLQueryString] = scope.readRoots.map { $0.sql("d.issuer_path") }
        return parts.isEmpty ? "1 = 0" : "(" + parts.joined(separator: " OR ") + ")"
    }

    /// Which directives a list shows: all it may read, those sent to the person's units from above, or those its
    /// side sent.
    enum Box: String, Sendable, CaseIterable { case all, received, sent }

    /// The units a person acknowledges for without looking further: those their write grants are held at.
    struct OwnUnit: Sendable, Equatable { let id: Int; let path: String }

    static func ownUnits(_ scope: Scope) -> [OwnUnit] {
        scope.writeRoots.compactMap { r in PathRange.ids(in: r.low).last.map { OwnUnit(id: $0, path: r.low) } }
    }

    /// Directive `d` still waits for one of the person's own units, and they are not on the sending side.
    static func pending(_ scope: Scope) -> SQLQueryString {
        let own = ownUnits(scope)
        if own.isEmpty { return "1 = 0" }
        let notSender: [SQLQueryString] = scope.writeRoots.map { "NOT \($0.sql("d.issuer_path"))" }
        let waits: [SQLQueryString] = own.map { u in
            """
            (d.target_path <= \(bind: u.path) AND \(bind: u.path) < \(unsafeRaw: high("d.target_path")) AND d.issuer_id <> \(bind: u.id)
             AND NOT EXISTS (SELECT 1 FROM directive_acknowledgements a WHERE a.directive_id = d.id AND a.unit_id = \(bind: u.id)))
            """
        }
        return "(" + notSender.joined(separator: " AND ") + " AND (" + waits.joined(separator: " OR ") + "))"
    }

    /// Every word of the query (folded: no diacritics, đ as d) somewhere in the kind, number and title.
    static func matches(_ query: String?) -> SQLQueryString? {
        let words = VietnameseText.clean(query ?? "").split(separator: " ").prefix(8).map(String.init).filter { Search.pattern($0) != nil }
        if words.isEmpty { return nil }
        let all: SQLQueryString = "(" + words.map { Search.contains("d.search_text", $0) }.joined(separator: " AND ") + ")"
        return all
    }

    /// Key-set position in the list: issued date, then id, both descending.
    struct Cursor: Sendable, Equatable {
        let issuedOn: String
        let id: Int

        var token: String { "\(issuedOn)_\(id)" }

        init(issuedOn: String, id: Int) { self.issuedOn = issuedOn; self.id = id }

        init?(token: String) {
            let parts = token.split(separator: "_")
            guard parts.count == 2, let date = CivilDate(iso: String(parts[0])), let id = Int(parts[1]), id > 0 else { return nil }
            self.init(issuedOn: date.iso, id: id)
        }
    }

    struct Listed: Sendable {
        let row: Row
        /// One of the person's units has yet to acknowledge it.
        let pending: Bool
    }

    /// What the person may read, newest first; `pendingOnly` keeps those waiting for one of their units.
    static func list(scope: Scope, query: String?, box: Box = .all, pendingOnly: Bool, after: Cursor?, limit: Int,
                     on sql: any SQLDatabase) async throws -> [Listed] {
        var conditions: [SQLQueryString] = [readable(scope)]
        switch box {
        case .all: break
        case .sent: conditions.append(sent(scope))
        case .received: conditions.append("NOT " + sent(scope))
        }
        if let m = matches(query) { conditions.append(m) }
        if pendingOnly { conditions.append(pending(scope)) }
        if let after { conditions.append("(d.issued_on, d.id) < (\(bind: after.issuedOn), \(bind: after.id))") }
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: Row.columns), CASE WHEN \(pending(scope)) THEN 1 ELSE 0 END AS pending
            \(unsafeRaw: Row.from)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY d.issued_on DESC, d.id DESC LIMIT \(literal: limit)
            """).all()
        return try rows.map { Listed(row: try $0.decode(model: Row.self, with: snakeCase), pending: try $0.decode(column: "pending", as: Int.self) == 1) }
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("SELECT \(unsafeRaw: Row.columns) \(unsafeRaw: Row.from) WHERE d.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    /// The directive if the scope may read it; a 404 otherwise, like a directive that does not exist.
    static func readable(id: Int, scope: Scope, on sql: any SQLDatabase) async throws -> Row {
        guard let row = try await sql.raw("""
            SELECT \(unsafeRaw: Row.columns) \(unsafeRaw: Row.from) WHERE d.id = \(bind: id) AND \(readable(scope))
            """).first(decoding: Row.self, with: snakeCase) else { throw Abort(.notFound) }
        return row
    }

    /// How many directives wait for one of the person's units, and since when (the home page's list).
    static func pendingPart(_ scope: Scope) -> SQLQueryString? {
        if ownUnits(scope).isEmpty { return nil }
        return """
            SELECT 'directives' AS kind, 0 AS id, 0 AS ref, COUNT(*) AS n, 0 AS year, '' AS label, '' AS detail, MIN(d.issued_on) AS due
            FROM directives d WHERE \(pending(scope)) HAVING COUNT(*) > 0
            """
    }

    struct UnitRef: Decodable, Sendable, Equatable { let id: Int; let name: String }

    /// The person's own units that must still acknowledge this directive (with `done`, those that already have too).
    static func pendingUnits(_ d: Row, scope: Scope, done: Bool = false, on sql: any SQLDatabase) async throws -> [UnitRef] {
        if scope.canWrite(unitPath: d.issuerPath) { return [] }
        let own = ownUnits(scope).filter { d.receives(unitId: $0.id, path: $0.path) }
        if own.isEmpty { return [] }
        return try await sql.raw("""
            SELECT u.id, u.name FROM units u
            WHERE u.id IN (\(binds: own.map(\.id))) AND u.status = 'active'
              AND (\(literal: done ? 1 : 0) = 1 OR NOT EXISTS (SELECT 1 FROM directive_acknowledgements a WHERE a.directive_id = \(bind: d.id) AND a.unit_id = u.id))
            ORDER BY u.path
            """).all(decoding: UnitRef.self)
    }

    // MARK: - Who has acknowledged, one level down

    /// A unit's line: whether it must acknowledge itself and has, and how many units of its subtree that must
    /// acknowledge have done so.
    struct Line: Decodable, Sendable, Equatable {
        let unitId: Int
        let name: String
        let parentId: Int?
        let expected: Int
        let acknowledged: Int
        let selfRecipient: Int
        let selfAt: String?
        let selfBy: String?
    }

    /// The focus unit and each unit directly below it that has recipients in its subtree, in one statement: every
    /// recipient unit is joined to the focus or child whose path range holds it, and counted with its
    /// acknowledgement. The focus comes first, then children not yet complete, then the rest by name.
    static func rollup(_ d: Row, focusId: Int, on sql: any SQLDatabase) async throws -> (total: Line?, children: [Line]) {
        let lines = try await sql.raw("""
            SELECT c.id AS unit_id, c.name, c.parent_id, COUNT(u.id) AS expected, COUNT(a.id) AS acknowledged,
                   MAX(CASE WHEN u.id = c.id THEN 1 ELSE 0 END) AS self_recipient,
                   MAX(CASE WHEN u.id = c.id THEN a.at END) AS self_at,
                   MAX(CASE WHEN u.id = c.id THEN a.acknowledged_by_name END) AS self_by
            FROM units c
            JOIN units u ON u.path >= c.path AND u.path < \(unsafeRaw: high("c.path"))
                        AND \(d.target.sql("u.path")) AND u.id <> \(bind: d.issuerId) AND u.status = 'active'
            LEFT JOIN directive_acknowledgements a ON a.directive_id = \(bind: d.id) AND a.unit_id = u.id
            WHERE c.id = \(bind: focusId) OR c.parent_id = \(bind: focusId)
            GROUP BY c.id, c.name, c.parent_id, c.sort_key
            ORDER BY CASE WHEN c.id = \(bind: focusId) THEN 0 ELSE 1 END, CASE WHEN COUNT(a.id) < COUNT(u.id) THEN 0 ELSE 1 END, c.sort_key
            """).all(decoding: Line.self, with: snakeCase)
        return (lines.first { $0.unitId == focusId }, lines.filter { $0.unitId != focusId })
    }

    // MARK: - Files

    struct FileRow: Decodable, Sendable, Equatable {
        let id: Int
        let fileName: String
        let contentType: String
        let size: Int
    }

    static func files(of id: Int, on sql: any SQLDatabase) async throws -> [FileRow] {
        try await sql.raw("""
            SELECT id, file_name, content_type, size FROM stored_files WHERE owner = 'directive' AND owner_id = \(bind: id) ORDER BY id
            """).all(decoding: FileRow.self, with: snakeCase)
    }

    /// An attachment and the directive it hangs on, or nil when either is missing.
    static func file(id: Int, on sql: any SQLDatabase) async throws -> Evidence.Stored? {
        guard let file = try await Evidence.find(id: id, on: sql), file.owner == "directive" else { return nil }
        return file
    }

    // MARK: - Writes

    struct Input: Sendable {
        var kind: DirectiveKind
        var number: String
        var issuedOn: CivilDate
        var issuerId: Int
        /// Nil: the issuer's own subtree.
        var targetId: Int?
        var title: String
        var summary: String
        var files: [Evidence.Checked] = []
    }

    static let maxFiles = 5

    /// A new directive from a unit the writer may change, sent to that unit's subtree or a unit below it.
    static func create(_ input: Input, in tx: WriteTransaction) async throws -> Int {
        let issuer = try await tx.requireWrite(unitId: input.issuerId)
        var target = issuer
        if let id = input.targetId, id != issuer.id {
            guard let u = try await Units.find(id: id, on: tx.sql), tx.actor.scope.canRead(unit: u) else { throw Abort(.notFound) }
            target = u
        }
        var problems: [String] = []
        if !issuer.isActive { problems.append("\(issuer.name) không còn hoạt động, không ban hành được văn bản.") }
        if !target.isActive { problems.append("Nơi nhận: \(target.name) không còn hoạt động.") }
        if !issuer.subtree.contains(target.path) { problems.append("Nơi nhận phải là \(issuer.name) hoặc một đơn vị trực thuộc.") }
        var number = ""
        switch DirectiveNumber.normalize(input.number) {
        case .success(let n): number = n
        case .failure(let problem): problems.append(problem.message)
        }
        let title = VietnameseText.clean(input.title)
        if title.isEmpty { problems.append("Trích yếu: hãy ghi tên (trích yếu) của văn bản.") }
        if title.count > 500 { problems.append("Trích yếu: tối đa 500 ký tự.") }
        let summary = VietnameseText.nfc(input.summary.trimmingCharacters(in: .whitespacesAndNewlines))
        if summary.count > 4000 { problems.append("Tóm tắt nội dung: tối đa 4.000 ký tự.") }
        if input.issuedOn > tx.today { problems.append("Ngày ban hành không được sau hôm nay.") }
        if input.issuedOn.year < 1945 { problems.append("Ngày ban hành: năm phải từ 1945 trở đi.") }
        if input.files.count > maxFiles { problems.append("Tệp đính kèm: tối đa \(maxFiles) tệp.") }
        if problems.isEmpty {
            let receivers = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM units u WHERE \(target.subtree.sql("u.path")) AND u.id <> \(bind: issuer.id) AND u.status = 'active'
                """).first(decoding: CountRow.self)?.n ?? 0
            if receivers == 0 { problems.append("\(target.name) không có đơn vị trực thuộc nào để nhận văn bản.") }
        }
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: " ")) }
        let numberSearch = VietnameseText.fold(number)
        let year = String(input.issuedOn.year)
        if try await tx.sql.raw("""
            SELECT id FROM directives WHERE issuer_id = \(bind: issuer.id) AND number_search = \(bind: numberSearch)
              AND issued_on >= \(bind: year + "-01-01") AND issued_on <= \(bind: year + "-12-31")
            """).first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: "\(issuer.name) đã có văn bản số \(number) năm \(year).")
        }
        let kind = input.kind
        let searchText = VietnameseText.fold("\(kind.label) \(number) \(title)")
        let id = try await tx.sql.raw("""
            INSERT INTO directives (kind, number, number_search, issued_on, issuer_id, issuer_path, target_id, target_path,
                                    title, summary, search_text, created_by, created_by_name, created_at)
            VALUES (\(bind: kind.rawValue), \(bind: number), \(bind: numberSearch), \(bind: input.issuedOn.iso), \(bind: issuer.id), \(bind: issuer.path),
                    \(bind: target.id), \(bind: target.path), \(bind: title), \(bind: summary), \(bind: searchText),
                    \(bind: tx.actor.userId), \(bind: tx.actor.username), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        for file in input.files {
            try await Evidence.store(file, owner: "directive", ownerId: id, in: tx)
        }
        let to = target.id == issuer.id ? "các đơn vị trực thuộc \(issuer.name)" : "\(target.name) và các đơn vị trực thuộc"
        let files = input.files.isEmpty ? "" : ", \(input.files.count) tệp đính kèm"
        tx.audit("create", "directive", id: id, unit: issuer.id,
                 "\(issuer.name) ban hành \(kind.label) số \(number) ngày \(VNFormat.date(input.issuedOn)) «\(title)», gửi \(to)\(files)")
        return id
    }

    enum Acknowledgement: Sendable, Equatable { case recorded, already }

    /// A unit acknowledges reading the directive: once (a second tap changes nothing and writes no entry).
    /// Out of scope is a 404; a unit the person may only read, or the sending side, is a 403; a unit that is
    /// not among the recipients is a 422.
    static func acknowledge(_ d: Row, unitId: Int, in tx: WriteTransaction) async throws -> Acknowledgement {
        let scope = tx.actor.scope
        guard let unit = try await Units.find(id: unitId, on: tx.sql), scope.canRead(unit: unit) else { throw Abort(.notFound) }
        guard scope.canWrite(unitPath: unit.path) else {
            throw Abort(.forbidden, reason: "Chỉ cán bộ công đoàn của \(unit.name) xác nhận được cho đơn vị.")
        }
        guard !scope.canWrite(unitPath: d.issuerPath) else {
            throw Abort(.forbidden, reason: "\(d.issuerName) gửi văn bản này; nơi nhận xác nhận đã đọc, nơi gửi thì không.")
        }
        guard d.receives(unitId: unit.id, path: unit.path) else {
            throw Abort(.unprocessableEntity, reason: "\(unit.name) không thuộc nơi nhận \(d.name).")
        }
        guard unit.isActive else { throw Abort(.conflict, reason: "\(unit.name) không còn hoạt động.") }
        let inserted = try await tx.sql.raw("""
            INSERT INTO directive_acknowledgements (directive_id, unit_id, acknowledged_by, acknowledged_by_name, at)
            VALUES (\(bind: d.id), \(bind: unit.id), \(bind: tx.actor.userId), \(bind: tx.actor.username), \(bind: tx.timestamp))
            ON CONFLICT (directive_id, unit_id) DO NOTHING
            RETURNING id
            """).first(decoding: IDRow.self)
        guard inserted != nil else { return .already }
        tx.audit("acknowledge", "directive", id: d.id, unit: unit.id, "\(unit.name) xác nhận đã nhận, đã đọc \(d.name) của \(d.issuerName)")
        return .recorded
    }
}
