import Domain
import Foundation
import SQLKit
import Vapor

/// The register's filters, read from a GET form; every one is optional. The same filter drives the page and its
/// exports, so an export holds exactly what the page lists.
struct AuditFilter: Sendable {
    /// The actor (users.id).
    var userId: Int?
    /// The kind of record (`audit_log.entity`).
    var entity: String?
    /// The unit as typed (code or part of the name), and what it resolved to.
    var unitText = ""
    var unit: UnitRow?
    var fromText = ""
    var toText = ""
    var from: CivilDate?
    var to: CivilDate?
    /// Log-ins and log-outs only (the security view) instead of everything else.
    var security = false
    /// What could not be read, in Vietnamese; the page shows them and lists nothing.
    var problems: [String] = []

    var subtree: PathRange? { unit?.subtree }

    /// Dates are days in Vietnam; timestamps are stored in UTC, so a day runs from 17:00Z the evening before.
    var fromTimestamp: String? { from.map(Self.startOfDay) }
    var toTimestamp: String? { to.map { Self.startOfDay($0.adding(days: 1)) } }

    static func startOfDay(_ d: CivilDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.vietnam
        return Clock.timestamp(calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day))!)
    }

    /// Reads the query and resolves the unit against what the reader may see. Unreadable values become
    /// `problems`, never a 500.
    static func read(_ req: Request, scope: Scope, security: Bool) async throws -> AuditFilter {
        var f = AuditFilter()
        f.security = security
        if let text = req.query[String.self, at: "user"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let id = Int(text) { f.userId = id } else { f.problems.append("Người thực hiện không hợp lệ.") }
        }
        if let e = req.query[String.self, at: "entity"]?.trimmingCharacters(in: .whitespaces), !e.isEmpty { f.entity = e }
        f.unitText = VietnameseText.clean(req.query[String.self, at: "unit"] ?? "")
        if !f.unitText.isEmpty {
            switch try await resolveUnit(f.unitText, scope: scope, on: req.sql) {
            case .success(let unit): f.unit = unit
            case .failure(let problem): f.problems.append(problem.message)
            }
        }
        f.fromText = (req.query[String.self, at: "from"] ?? "").trimmingCharacters(in: .whitespaces)
        f.toText = (req.query[String.self, at: "to"] ?? "").trimmingCharacters(in: .whitespaces)
        if !f.fromText.isEmpty {
            if let d = CivilDate(vietnamese: f.fromText) { f.from = d } else { f.problems.append(CivilDate.problemSentence(f.fromText, field: "Từ ngày")) }
        }
        if !f.toText.isEmpty {
            if let d = CivilDate(vietnamese: f.toText) { f.to = d } else { f.problems.append(CivilDate.problemSentence(f.toText, field: "Đến ngày")) }
        }
        if let from = f.from, let to = f.to, to < from {
            f.problems.append("Đến ngày (\(VNFormat.date(to))) trước Từ ngày (\(VNFormat.date(from))).")
        }
        return f
    }

    struct UnitProblem: Error { let message: String }

    /// A unit chosen with the picker (or typed: a code, or part of a name), among those the reader may see;
    /// dissolved and merged units keep their register.
    static func resolveUnit(_ text: String, scope: Scope, on sql: any SQLDatabase) async throws -> Result<UnitRow, UnitProblem> {
        switch try await Picks.unit(text, field: "Đơn vị", scope: scope, need: .read, activeOnly: false, on: sql) {
        case .success(let unit): return .success(unit)
        case .failure(let problem): return .failure(.init(message: problem.message))
        }
    }

    /// The filters as query parameters for links (paging, exports).
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let userId { items.append(("user", String(userId))) }
        if let entity { items.append(("entity", entity)) }
        if !unitText.isEmpty { items.append(("unit", unitText)) }
        if !fromText.isEmpty { items.append(("from", fromText)) }
        if !toText.isEmpty { items.append(("to", toText)) }
        return items
    }
}

extension Scope {
    /// Who reads the register: administrators all of it, officials (who change data) their own subtrees.
    var readsRegister: Bool { isAdmin || !writeRoots.isEmpty }

    /// The unit at the top of the first subtree this scope reads (the last id of its path), so that an entry
    /// about something done across the whole scope (an export) lies where the reader's superiors see it.
    var homeUnitId: Int? {
        guard !isAdmin, let root = readRoots.first else { return nil }
        return root.low.split(separator: "/").last.flatMap { Int($0) }
    }
}
