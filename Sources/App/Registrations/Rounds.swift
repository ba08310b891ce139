import Domain
import SQLKit
import Vapor

/// Registration rounds: a programme, a year and a unit's subtree, open from one day to another. The application's
/// clock decides what is open.
enum Rounds {
    struct Row: Codable, Sendable, Equatable {
        let id: Int
        let programmeId: Int
        let programmeName: String
        let year: Int
        let unitId: Int
        let unitName: String
        let unitPath: String
        let opensOn: String
        let closesOn: String
        let asOf: String
        let midyearOn: String
        let yearendOn: String

        static let select = """
            SELECT r.id, r.programme_id, p.name AS programme_name, r.year, r.unit_id, u.name AS unit_name, u.path AS unit_path,
                   r.opens_on, r.closes_on, r.as_of, r.midyear_on, r.yearend_on
            FROM registration_rounds r JOIN programmes p ON p.id = r.programme_id JOIN units u ON u.id = r.unit_id
            """

        var calendar: RegistrationFlow.Calendar {
            RegistrationFlow.Calendar(opensOn: CivilDate(iso: opensOn)!, closesOn: CivilDate(iso: closesOn)!,
                                      midyearOn: CivilDate(iso: midyearOn)!, yearendOn: CivilDate(iso: yearendOn)!)
        }
        var asOfDate: CivilDate { CivilDate(iso: asOf)! }
        var title: String { Rounds.title(programme: programmeName, year: year) }
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE r.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    static func title(programme: String, year: Int) -> String { "\(programme) — năm \(year)" }

    /// Rounds a person may see: those held by a unit in their read scope, and those held above it that cover it.
    static func visible(scope: Scope, ownUnitPath: String?, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE \(seen(by: scope, ownUnitPath: ownUnitPath)) ORDER BY r.year DESC, r.opens_on DESC, r.id DESC LIMIT 200
            """).all(decoding: Row.self, with: snakeCase)
    }

    private static func seen(by scope: Scope, ownUnitPath: String?) -> SQLQueryString {
        var ids: [Int] = []
        for root in scope.readRoots { ids += PathRange.ids(in: root.low) }
        if let ownUnitPath { ids += PathRange.ids(in: ownUnitPath) }
        let inside: SQLQueryString = scope.isAdmin ? "1 = 1" : scope.readFilter(members: false)
        let above: SQLQueryString = ids.isEmpty ? "1 = 0" : "r.unit_id IN (\(binds: Set(ids).sorted()))"
        return "(\(inside) OR \(above))"
    }

    /// "What awaits me" for an official: the rounds they see that are open today, closing soonest first.
    static func closingPart(scope: Scope, today: CivilDate) -> SQLQueryString {
        """
        SELECT 'round_closing' AS kind, r.id, 0 AS ref, 0 AS n, r.year, p.name AS label, '' AS detail, r.closes_on AS due
        FROM registration_rounds r JOIN programmes p ON p.id = r.programme_id JOIN units u ON u.id = r.unit_id
        WHERE \(seen(by: scope, ownUnitPath: nil)) AND r.opens_on <= \(bind: today.iso) AND r.closes_on >= \(bind: today.iso)
        ORDER BY r.closes_on, r.id LIMIT 5
        """
    }

    /// Rounds that cover a unit (held at it or above it), newest first.
    static func covering(unitPath: String, on sql: any SQLDatabase) async throws -> [Row] {
        let ids = PathRange.ids(in: unitPath)
        guard !ids.isEmpty else { return [] }
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE r.unit_id IN (\(binds: ids)) ORDER BY r.year DESC, r.opens_on DESC, r.id DESC
            """).all(decoding: Row.self, with: snakeCase)
    }

    struct Input: Sendable {
        var programmeId: Int
        var year: Int
        var unitId: Int
        var opensOn: CivilDate
        var closesOn: CivilDate
        var midyearOn: CivilDate
        var yearendOn: CivilDate
        var theme: String
    }

    /// A new round for a unit the writer may change.
    static func create(_ input: Input, in tx: WriteTransaction) async throws -> Int {
        let unit = try await tx.requireWrite(unitId: input.unitId)
        guard let programme = try await Programmes.find(id: input.programmeId, on: tx.sql) else {
            throw Abort(.unprocessableEntity, reason: "Hãy chọn một chương trình trong danh sách.")
        }
        var problems: [String] = []
        if !(2000...2100).contains(input.year) { problems.append("Năm phải từ 2000 đến 2100.") }
        if input.closesOn < input.opensOn { problems.append("Ngày đóng đăng ký phải từ ngày mở trở đi.") }
        if input.yearendOn < input.midyearOn { problems.append("Ngày tự đánh giá cuối năm phải sau ngày tự đánh giá giữa năm.") }
        if input.midyearOn < input.opensOn { problems.append("Ngày tự đánh giá giữa năm phải sau ngày mở đăng ký.") }
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: " ")) }
        if try await tx.sql.raw("""
            SELECT id FROM registration_rounds WHERE programme_id = \(bind: programme.id) AND year = \(bind: input.year) AND unit_id = \(bind: unit.id)
            """).first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: "\(unit.name) đã có đợt đăng ký \(programme.name) năm \(input.year).")
        }
        let id = try await tx.sql.raw("""
            INSERT INTO registration_rounds (programme_id, year, unit_id, opens_on, closes_on, as_of, midyear_on, yearend_on, created_by, created_at)
            VALUES (\(bind: programme.id), \(bind: input.year), \(bind: unit.id), \(bind: input.opensOn.iso), \(bind: input.closesOn.iso),
                    \(bind: input.closesOn.iso), \(bind: input.midyearOn.iso), \(bind: input.yearendOn.iso), \(bind: tx.actor.userId), \(bind: tx.timestamp))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await Programmes.setTheme(programmeId: programme.id, year: input.year, theme: input.theme, in: tx)
        tx.audit("create", "registration_round", id: id, unit: unit.id,
                 "Mở đợt đăng ký \(programme.name) năm \(input.year) cho \(unit.name): từ \(VNFormat.date(input.opensOn)) đến \(VNFormat.date(input.closesOn))")
        return id
    }
}
