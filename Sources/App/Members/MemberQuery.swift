import Domain
import Foundation
import SQLKit
import Vapor

/// The member list with its filters, shared by the page and the API. Sorted by the Vietnamese name key and
/// paged by key set (after the last row seen, or before the first one when going back), so page 5 000 of a
/// million rows costs what page 1 costs. The page number travels in the URL for display only.
struct MemberFilter: Sendable, Equatable {
    var query: String = ""
    var under: Int?
    var gender: Gender?
    var education: EducationLevel?
    var party: Bool?
    var statuses: [MemberStatus] = [.active, .suspended]
    var after: Cursor?
    /// Going back: the page that ends just before this row.
    var before: Cursor?
    /// Which page the reader believes this is (1 = first); shown, never used to seek.
    var pageNumber: Int = 1
    var limit: Int = 50
    static let defaultLimit = 50

    struct Cursor: Sendable, Equatable {
        var sortKey: String
        var id: Int

        /// A cursor is opaque to clients: base64 of "sortKey\u{0}id".
        var token: String {
            Data((sortKey + "\u{0}" + String(id)).utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }

        init(sortKey: String, id: Int) {
            self.sortKey = sortKey
            self.id = id
        }

        init?(token: String) {
            var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while b64.count % 4 != 0 { b64 += "=" }
            guard let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8) else { return nil }
            let parts = text.split(separator: "\u{0}", omittingEmptySubsequences: false)
            guard parts.count == 2, let id = Int(parts[1]) else { return nil }
            self.init(sortKey: String(parts[0]), id: id)
        }
    }

    /// Reads the filter from query parameters (same names on the page and in the API).
    /// A value outside what the parameter accepts is a 400 with a Vietnamese message, never silently ignored.
    init(from req: Request) throws {
        struct Params: Decodable {
            var q: String?
            var under: String?
            var gender: String?
            var education: String?
            var party: String?
            var status: String?
            var after: String?
            var before: String?
            var page: String?
            var limit: String?
        }
        let p = try req.query.decode(Params.self)
        func bad(_ message: String) -> Abort { Abort(.badRequest, reason: message) }
        query = VietnameseText.clean(p.q ?? "")
        if let u = p.under, !u.isEmpty {
            guard let id = Int(u), id > 0 else { throw bad("under: phải là mã số (id) của một đơn vị.") }
            under = id
        }
        if let g = p.gender, !g.isEmpty {
            guard let v = Gender(rawValue: g) else { throw bad("gender: chỉ nhận male hoặc female.") }
            gender = v
        }
        if let e = p.education, !e.isEmpty {
            guard let v = EducationLevel(rawValue: e) else {
                throw bad("education: chỉ nhận " + EducationLevel.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            education = v
        }
        if let x = p.party, !x.isEmpty {
            guard x == "yes" || x == "no" else { throw bad("party: chỉ nhận yes hoặc no.") }
            party = x == "yes"
        }
        if let s = p.status, !s.isEmpty {
            if s == "all" { statuses = MemberStatus.allCases } else {
                guard let v = MemberStatus(rawValue: s) else { throw bad("status: chỉ nhận active, suspended, transferred, left hoặc all.") }
                statuses = [v]
            }
        }
        if let a = p.after, !a.isEmpty {
            guard let c = Cursor(token: a) else { throw bad("after: không phải con trỏ trang do hệ thống trả về.") }
            after = c
        }
        if after == nil, let b = p.before, !b.isEmpty {
            guard let c = Cursor(token: b) else { throw bad("before: không phải con trỏ trang do hệ thống trả về.") }
            before = c
        }
        pageNumber = (after == nil && before == nil) ? 1 : min(max(p.page.flatMap { Int($0) } ?? 2, 1), 1_000_000)
        if let l = p.limit, !l.isEmpty {
            guard let n = Int(l), (1...200).contains(n) else { throw bad("limit: số từ 1 đến 200.") }
            limit = n
        } else {
            limit = Self.defaultLimit
        }
    }

    init() {}

    var statusParam: String {
        statuses == [.active, .suspended] ? "" : statuses.count == MemberStatus.allCases.count ? "all" : statuses.first?.rawValue ?? ""
    }

    /// Everything except the cursor and page number, as query parameters for links.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if !query.isEmpty { items.append(("q", query)) }
        if let under { items.append(("under", String(under))) }
        if let gender { items.append(("gender", gender.rawValue)) }
        if let education { items.append(("education", education.rawValue)) }
        if let party { items.append(("party", party ? "yes" : "no")) }
        if !statusParam.isEmpty { items.append(("status", statusParam)) }
        if limit != Self.defaultLimit { items.append(("limit", String(limit))) }
        return items
    }
}

struct MemberListRow: Decodable, Sendable {
    var id: Int
    var fullName: String
    var sortKey: String
    var birthDate: String
    var gender: String
    var education: String
    var partyJoinedOn: String?
    var status: String
    var position: String?
    var unitId: Int
    var unitCode: String
    var unitName: String
    var unitPath: String
    /// The unit's parent, so "Tổ Văn phòng" says which of the many it is.
    var parentName: String?
}

/// One page of the list, with the cursors of its neighbours (nil where there is none).
struct MemberListPage: Sendable {
    var rows: [MemberListRow]
    var next: MemberFilter.Cursor?
    var previous: MemberFilter.Cursor?
    /// True when going back reached the start: the page shown is the first one.
    var isFirst: Bool
}

/// The filter turned into SQL once per request: the list and its count share it, so the name index is probed
/// once and both always agree.
struct MemberSelection: Sendable {
    /// Over members `m` joined to their units `u`.
    var condition: SQLQueryString
    var name: NameIndex.Match?
}

enum MemberQuery {
    static func select(_ f: MemberFilter, scope: Scope, subtree: PathRange?, rareName: Int? = nil,
                       on sql: any SQLDatabase) async throws -> MemberSelection {
        var parts: [SQLQueryString] = [scope.readFilter(members: true)]
        var name: NameIndex.Match?
        if let subtree { parts.append(subtree.sql("u.path")) }
        if !f.query.isEmpty {
            let digits = f.query.filter(\.isNumber)
            if digits.count >= 6 && digits.count == f.query.count {
                parts.append("(m.cccd = \(bind: digits) OR m.phone = \(bind: digits) OR m.card_no = \(bind: digits))")
            } else {
                // Diacritics and đ are folded away on both sides: "nguyen thi dao" finds "Nguyễn Thị Đào".
                let match = try await NameIndex.match(f.query, rare: rareName, on: sql)
                parts.append(match.condition)
                name = match
            }
        }
        if let g = f.gender { parts.append("m.gender = \(bind: g.rawValue)") }
        if let e = f.education { parts.append("m.education = \(bind: e.rawValue)") }
        if let p = f.party { parts.append(p ? "m.party_joined_on IS NOT NULL" : "m.party_joined_on IS NULL") }
        parts.append("m.status IN (\(binds: f.statuses.map(\.rawValue)))")
        return MemberSelection(condition: parts.joined(separator: " AND "), name: name)
    }

    static func page(_ f: MemberFilter, _ selection: MemberSelection, on sql: any SQLDatabase) async throws -> MemberListPage {
        func cursor(_ r: MemberListRow) -> MemberFilter.Cursor { .init(sortKey: r.sortKey, id: r.id) }
        // A rare name's members are gathered from the name index and then sorted. Left to choose, PostgreSQL walks the
        // whole list in order looking for them, which is slow exactly when they sit together far down the list (a
        // given name: 1,6 s for "huong" at a million members, against 0,14 s gathered).
        let gathered: Bool = if case .rare? = selection.name { true } else { false }
        if let before = f.before {
            // Going back reads the index backwards from the cursor and turns the rows round: the same seek as
            // going forward, whatever the depth.
            let rows = try await fetch(selection.condition + " AND (m.sort_key, m.id) < (\(bind: before.sortKey), \(bind: before.id))",
                                       descending: true, gathered: gathered, limit: f.limit + 1, on: sql)
            if rows.count > f.limit {
                let page = Array(rows.prefix(f.limit).reversed())
                return MemberListPage(rows: page, next: page.last.map(cursor), previous: page.first.map(cursor), isFirst: false)
            }
            // Back at the start: show a full first page rather than the few rows left before the cursor.
            var first = f
            first.before = nil
            first.after = nil
            return try await self.page(first, selection, on: sql)
        }
        var condition = selection.condition
        if let after = f.after {
            // A row-value comparison lets both engines seek the (sort_key, id) index; the OR form scans.
            condition = condition + " AND (m.sort_key, m.id) > (\(bind: after.sortKey), \(bind: after.id))"
        }
        // One row more than the page tells whether a next page exists, without a COUNT.
        let rows = try await fetch(condition, descending: false, gathered: gathered, limit: f.limit + 1, on: sql)
        let page = Array(rows.prefix(f.limit))
        return MemberListPage(rows: page, next: rows.count > f.limit ? page.last.map(cursor) : nil,
                              previous: f.after == nil ? nil : page.first.map(cursor) ?? f.after, isFirst: f.after == nil)
    }

    /// `gathered`: sorted after the rows are found; the key as an expression (same value, same collation) keeps the
    /// planner from reading the list index in order instead.
    private static func fetch(_ condition: SQLQueryString, descending: Bool, gathered: Bool = false, limit: Int,
                              on sql: any SQLDatabase) async throws -> [MemberListRow] {
        let key: SQLQueryString = gathered ? "(m.sort_key || '')" : "m.sort_key"
        let order: SQLQueryString = descending ? "\(key) DESC, m.id DESC" : "\(key), m.id"
        return try await sql.raw("""
            SELECT m.id, m.full_name, m.sort_key, m.birth_date, m.gender, m.education, m.party_joined_on, m.status,
                   m.position, m.unit_id, u.code AS unit_code, u.name AS unit_name, u.path AS unit_path, pu.name AS parent_name
            FROM members m JOIN units u ON u.id = m.unit_id LEFT JOIN units pu ON pu.id = u.parent_id
            WHERE \(condition)
            ORDER BY \(order) LIMIT \(literal: limit)
            """).all(decoding: MemberListRow.self, with: snakeCase)
    }

    /// Counting a million rows on every page view would cost more than the page: the count stops at a cap and
    /// says so. A common name ("nguyen") is counted from the name index, whose range can hold a member twice
    /// ("anh" in "… anh anh"): rows and distinct members are both counted, and a cap reached by duplicates alone
    /// is counted again without the cap.
    static func count(_ selection: MemberSelection, cap: Int = 10_000, on sql: any SQLDatabase) async throws -> (n: Int, capped: Bool) {
        if case .common(let range, _)? = selection.name {
            let cap = NameIndex.commonCountCap
            let found = try await sql.raw("""
                SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM (SELECT m.id FROM member_name_words w
                    JOIN members m ON m.id = w.member_id JOIN units u ON u.id = m.unit_id
                    WHERE \(range) AND \(selection.condition) LIMIT \(literal: cap + 1)) capped
                """).first(decoding: RowsAndDistinct.self)
            let (n, d) = (found?.n ?? 0, found?.d ?? 0)
            if n <= cap || d > cap { return (min(d, cap), d > cap) }
            let all = try await sql.raw("""
                SELECT COUNT(DISTINCT m.id) AS n FROM member_name_words w
                    JOIN members m ON m.id = w.member_id JOIN units u ON u.id = m.unit_id
                WHERE \(range) AND \(selection.condition)
                """).first(decoding: CountRow.self)?.n ?? 0
            return (min(all, cap), all > cap)
        }
        let n = try await sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM members m JOIN units u ON u.id = m.unit_id
                WHERE \(selection.condition) LIMIT \(literal: cap + 1)) capped
            """).first(decoding: CountRow.self)?.n ?? 0
        return (min(n, cap), n > cap)
    }

    private struct RowsAndDistinct: Decodable { let n: Int; let d: Int }

    /// The full records of a page's members, for the API.
    static func records(ids: [Int], on sql: any SQLDatabase) async throws -> [MemberRow] {
        guard !ids.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT \(unsafeRaw: MemberRow.columns) FROM members m WHERE m.id IN (\(binds: ids))
            """).all(decoding: MemberRow.self, with: snakeCase)
    }
}
