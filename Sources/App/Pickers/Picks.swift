import Domain
import SQLKit
import Vapor

/// Choosing a unit or a member by what people know (a name, part of it, without diacritics, or a code) instead of
/// typing an internal code or id. The picker script fills a field with "Name (CODE)"; without script the same
/// field is a search box, and when several records match, the message lists them so the person can be precise.
/// Only what the person may use is ever offered or accepted.
enum Picks {
    /// What the chosen unit is for: each checks a different capability.
    enum Need: String, Sendable {
        case read, write, manageUsers

        var capability: Capability {
            switch self {
            case .read: .read
            case .write: .write
            case .manageUsers: .manageUsers
            }
        }
    }

    struct UnitOption: Decodable, Sendable {
        let id: Int
        let code: String
        let name: String
        let parentName: String?
        let path: String

        /// What the field holds once chosen: the code in brackets settles any doubt.
        var value: String { "\(name) (\(code))" }
        var label: String { parentName.map { "\(name) — \($0)" } ?? name }
    }

    /// Active units the person may use for `need`, whose name contains the words of `text` (diacritics ignored) or
    /// whose code is `text`, higher levels first.
    static func units(matching text: String, scope: Scope, need: Need, activeOnly: Bool = true, limit: Int = 10,
                      on sql: any SQLDatabase) async throws -> [UnitOption] {
        let q = VietnameseText.clean(text)
        guard !q.isEmpty else { return [] }
        let filter = need == .read ? scope.readFilter(members: false) : scope.filter(need.capability)
        return try await sql.raw("""
            SELECT u.id, u.code, u.name, p.name AS parent_name, u.path FROM units u LEFT JOIN units p ON p.id = u.parent_id
            WHERE \(filter) \(unsafeRaw: activeOnly ? "AND u.status = 'active'" : "")
              AND (\(Search.contains("u.search_name", q)) OR u.code = \(bind: q))
            ORDER BY CASE WHEN u.code = \(bind: q) THEN 0 ELSE 1 END, u.depth, u.sort_key LIMIT \(bind: limit)
            """).all(decoding: UnitOption.self, with: snakeCase)
    }

    /// The one unit a field names, or a sentence saying why not (nothing found, or which ones to choose from).
    static func unit(_ text: String?, field: String, scope: Scope, need: Need, activeOnly: Bool = true,
                     on sql: any SQLDatabase) async throws -> Result<UnitRow, FieldProblem> {
        let raw = VietnameseText.clean(text ?? "")
        guard !raw.isEmpty else { return .failure(.init(field: field, message: "\(field): hãy chọn một đơn vị.")) }
        let allowed: (UnitRow) -> Bool = { u in
            (u.isActive || !activeOnly) && (need == .read ? scope.canRead(unit: u) : scope.can(need.capability, unitPath: u.path))
        }
        // "Name (CODE)" as the picker writes it, or a bare code.
        for code in [bracketed(raw), raw].compactMap({ $0 }) {
            if let u = try await Units.find(code: code, on: sql), allowed(u) { return .success(u) }
        }
        let options = try await units(matching: raw, scope: scope, need: need, activeOnly: activeOnly, limit: 8, on: sql)
        let folded = VietnameseText.fold(raw)
        if options.count == 1 || options.filter({ VietnameseText.fold($0.name) == folded }).count == 1 {
            let chosen = options.count == 1 ? options[0] : options.first { VietnameseText.fold($0.name) == folded }!
            if let u = try await Units.find(id: chosen.id, on: sql) { return .success(u) }
        }
        if options.isEmpty {
            return .failure(.init(field: field, message: "\(field): không có đơn vị nào khớp «\(raw)» trong phạm vi bạn được dùng."))
        }
        let list = options.map { "\($0.label) (mã \($0.code))" }.joined(separator: "; ")
        return .failure(.init(field: field, message: "\(field): có nhiều đơn vị khớp «\(raw)»: \(list). Hãy chọn một trong danh sách gợi ý hoặc ghi mã của đơn vị."))
    }

    /// "Tổ công đoàn Văn phòng (YT-VP)" → "YT-VP".
    static func bracketed(_ text: String) -> String? {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        let inner = text[text.index(after: open) ..< text.index(before: text.endIndex)].trimmingCharacters(in: .whitespaces)
        return inner.isEmpty ? nil : inner
    }

    struct MemberOption: Decodable, Sendable {
        let id: Int
        let fullName: String
        let birthDate: String
        let unitName: String

        var label: String { "\(fullName) — \(unitName) · \(CivilDate(iso: birthDate)?.vietnamese ?? birthDate)" }
    }

    /// Current members the person may read whose name contains the words of `text`, or whose citizen id is it.
    static func members(matching text: String, scope: Scope, limit: Int = 10, on sql: any SQLDatabase) async throws -> [MemberOption] {
        let q = VietnameseText.clean(text)
        guard !q.isEmpty else { return [] }
        let digits = q.filter(\.isNumber)
        let match: SQLQueryString = digits.count == q.count && digits.count >= 9 ? "m.cccd = \(bind: q)" : Search.contains("m.search_name", q)
        return try await sql.raw("""
            SELECT m.id, m.full_name, m.birth_date, u.name AS unit_name FROM members m JOIN units u ON u.id = m.unit_id
            WHERE \(scope.readFilter(members: true)) AND m.status IN ('active', 'suspended') AND \(match)
            ORDER BY m.sort_key, m.id LIMIT \(bind: limit)
            """).all(decoding: MemberOption.self, with: snakeCase)
    }

    /// The member a field names: the id the picker set (checked against scope), a citizen id, or a name that
    /// matches exactly one member in scope.
    static func member(id: Int?, text: String?, field: String, scope: Scope, on sql: any SQLDatabase) async throws -> Result<Int, FieldProblem> {
        if let id, let found = try? await Members.readable(id: id, scope: scope, on: sql), scope.canRead(unit: found.1) {
            return .success(id)
        }
        let raw = VietnameseText.clean(text ?? "")
        guard !raw.isEmpty else { return .failure(.init(field: field, message: "\(field): hãy chọn một đoàn viên.")) }
        let options = try await members(matching: raw, scope: scope, limit: 8, on: sql)
        if options.count == 1 { return .success(options[0].id) }
        if options.isEmpty {
            return .failure(.init(field: field, message: "\(field): không có đoàn viên nào khớp «\(raw)» trong phạm vi của bạn."))
        }
        let list = options.map(\.label).joined(separator: "; ")
        return .failure(.init(field: field, message: "\(field): có nhiều đoàn viên khớp «\(raw)»: \(list). Hãy chọn trong danh sách gợi ý hoặc ghi số CCCD."))
    }
}

extension Picks {
    struct CellOption: Decodable, Sendable {
        let id: Int
        let name: String
        let unitCode: String
        let unitName: String
        let unitPath: String

        var label: String { "\(name) — \(unitName)" }
    }

    /// Party cells in force, hosted at units where the person may hand out roles, whose name contains `text`.
    static func cells(matching text: String, scope: Scope, limit: Int = 10, on sql: any SQLDatabase) async throws -> [CellOption] {
        let q = VietnameseText.clean(text)
        guard !q.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT c.id, c.name, u.code AS unit_code, u.name AS unit_name, u.path AS unit_path
            FROM party_cells c JOIN units u ON u.id = c.home_unit_id
            WHERE \(scope.filter(.manageUsers)) AND c.valid_to IS NULL AND \(Search.contains("c.name_key", q))
            ORDER BY u.depth, c.name LIMIT \(bind: limit)
            """).all(decoding: CellOption.self, with: snakeCase)
    }

    static func cell(id: Int, scope: Scope, on sql: any SQLDatabase) async throws -> CellOption? {
        try await sql.raw("""
            SELECT c.id, c.name, u.code AS unit_code, u.name AS unit_name, u.path AS unit_path
            FROM party_cells c JOIN units u ON u.id = c.home_unit_id
            WHERE c.id = \(bind: id) AND \(scope.filter(.manageUsers)) AND c.valid_to IS NULL
            """).first(decoding: CellOption.self, with: snakeCase)
    }
}

/// A field's problem, as one sentence that names the field once.
struct FieldProblem: Error, Sendable, Equatable {
    let field: String
    let message: String
}
