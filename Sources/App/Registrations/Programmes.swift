import Domain
import SQLKit
import Vapor

/// Programmes: the movements and campaigns units take part in, with their criteria and study themes. Data made by
/// officials; the migration seeds the nationwide ones.
enum Programmes {
    struct Row: Codable, Sendable, Equatable {
        let id: Int
        let name: String
        let kind: String
        let summary: String?
        let criteria: String?
        let source: String?
        let termTheme: String?
        let termFrom: Int?
        let termTo: Int?
        let unitId: Int?
        /// The unit it was made for (none: nationwide).
        var unitName: String? = nil
        var unitPath: String? = nil
    }

    static let kinds = ["movement", "campaign", "emulation"]

    private static let columns: SQLQueryString = """
        p.id, p.name, p.kind, p.summary, p.criteria, p.source, p.term_theme, p.term_from, p.term_to, p.unit_id,
        u.name AS unit_name, u.path AS unit_path
        """

    /// Nationwide ones first, then in the order they were made.
    static func all(on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            SELECT \(columns) FROM programmes p LEFT JOIN units u ON u.id = p.unit_id
            ORDER BY CASE WHEN p.unit_id IS NULL THEN 0 ELSE 1 END, p.id
            """).all(decoding: Row.self, with: snakeCase)
    }

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("SELECT \(columns) FROM programmes p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = \(bind: id)")
            .first(decoding: Row.self, with: snakeCase)
    }

    /// The theme a programme set for a year, if any.
    static func theme(programmeId: Int, year: Int, on sql: any SQLDatabase) async throws -> String? {
        struct T: Decodable { let theme: String }
        return try await sql.raw("SELECT theme FROM programme_years WHERE programme_id = \(bind: programmeId) AND year = \(bind: year)")
            .first(decoding: T.self)?.theme
    }

    /// Sets (or replaces) a programme's theme for a year.
    static func setTheme(programmeId: Int, year: Int, theme: String, in tx: WriteTransaction) async throws {
        let clean = VietnameseText.clean(theme)
        guard !clean.isEmpty else { return }
        let existing = try await self.theme(programmeId: programmeId, year: year, on: tx.sql)
        if existing == clean { return }
        if existing == nil {
            try await tx.sql.raw("INSERT INTO programme_years (programme_id, year, theme) VALUES (\(bind: programmeId), \(bind: year), \(bind: clean))").run()
        } else {
            try await tx.sql.raw("UPDATE programme_years SET theme = \(bind: clean) WHERE programme_id = \(bind: programmeId) AND year = \(bind: year)").run()
        }
        tx.audit("update", "programme", id: programmeId, unit: nil, "Chủ đề năm \(year): \(clean)")
    }

    /// A programme made by an official for their unit's subtree.
    static func create(name: String, kind: String, summary: String, criteria: String, unitId: Int?, in tx: WriteTransaction) async throws -> Int {
        let clean = VietnameseText.clean(name)
        guard !clean.isEmpty, clean.count <= 300 else { throw Abort(.unprocessableEntity, reason: "Tên chương trình: không được để trống và không quá 300 ký tự.") }
        guard kinds.contains(kind) else { throw Abort(.unprocessableEntity, reason: "Loại chương trình không hợp lệ.") }
        if let unitId { _ = try await tx.requireWrite(unitId: unitId) } else if !tx.actor.scope.isAdmin { throw Abort(.notFound) }
        let key = VietnameseText.fold(clean)
        if try await tx.sql.raw("SELECT id FROM programmes WHERE name_key = \(bind: key)").first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: "Đã có chương trình tên \"\(clean)\".")
        }
        let id = try await tx.sql.raw("""
            INSERT INTO programmes (name, name_key, kind, summary, criteria, unit_id, created_by, created_at)
            VALUES (\(bind: clean), \(bind: key), \(bind: kind), \(bind: VietnameseText.clean(summary)), \(bind: VietnameseText.clean(criteria)),
                    \(bind: unitId), \(bind: tx.actor.userId), \(bind: tx.timestamp)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        tx.audit("create", "programme", id: id, unit: unitId, "Tạo chương trình \(clean)")
        return id
    }
}

extension Programmes {
    /// Who may change a programme: an administrator any, an official one made for a unit they write to.
    static func canEdit(unitPath: String?, scope: Scope) -> Bool {
        scope.isAdmin || unitPath.map { scope.canWrite(unitPath: $0) } == true
    }

    struct YearTheme: Decodable, Sendable { let programmeId: Int; let year: Int; let theme: String }

    static func themes(on sql: any SQLDatabase) async throws -> [YearTheme] {
        try await sql.raw("SELECT programme_id, year, theme FROM programme_years ORDER BY programme_id, year DESC")
            .all(decoding: YearTheme.self, with: snakeCase)
    }

    struct Edit: Sendable {
        var name: String
        var kind: String
        var summary: String
        var criteria: String
        var source: String
        var termTheme: String
        var termFrom: Int?
        var termTo: Int?
    }

    /// Changes a programme, re-read inside the transaction; scope decides 404 (a nationwide one is the
    /// administrator's). Rounds and plans keep pointing at it: its name changes everywhere it is shown.
    static func update(id: Int, _ e: Edit, in tx: WriteTransaction) async throws {
        guard let old = try await find(id: id, on: tx.sql), canEdit(unitPath: old.unitPath, scope: tx.actor.scope) else { throw Abort(.notFound) }
        let name = VietnameseText.clean(e.name)
        guard !name.isEmpty, name.count <= 300 else { throw Abort(.unprocessableEntity, reason: "Tên chương trình: không được để trống và không quá 300 ký tự.") }
        guard kinds.contains(e.kind) else { throw Abort(.unprocessableEntity, reason: "Loại chương trình không hợp lệ.") }
        let termTheme = VietnameseText.clean(e.termTheme)
        switch (e.termFrom, e.termTo) {
        case (nil, nil): break
        case (let from?, let to?) where (1945...2100).contains(from) && from <= to && to - from <= 10: break
        default: throw Abort(.unprocessableEntity, reason: "Nhiệm kỳ: ghi năm bắt đầu và năm kết thúc, ví dụ 2021 và 2026 (không quá 10 năm).")
        }
        let key = VietnameseText.fold(name)
        if try await tx.sql.raw("SELECT id FROM programmes WHERE name_key = \(bind: key) AND id <> \(bind: id)").first(decoding: IDRow.self) != nil {
            throw Abort(.conflict, reason: "Đã có chương trình tên \"\(name)\".")
        }
        let new: [String: String?] = [
            "name": name, "kind": e.kind, "summary": VietnameseText.clean(e.summary), "criteria": VietnameseText.clean(e.criteria),
            "source": VietnameseText.clean(e.source), "term_theme": termTheme.isEmpty ? nil : termTheme,
            "term_from": e.termFrom.map(String.init), "term_to": e.termTo.map(String.init),
        ]
        let before: [String: String?] = [
            "name": old.name, "kind": old.kind, "summary": old.summary ?? "", "criteria": old.criteria ?? "", "source": old.source ?? "",
            "term_theme": old.termTheme, "term_from": old.termFrom.map(String.init), "term_to": old.termTo.map(String.init),
        ]
        var changes: [String: [String?]] = [:]
        for (field, value) in new where before[field] ?? nil != value { changes[field] = [before[field] ?? nil, value] }
        guard !changes.isEmpty else { return }
        try await tx.sql.raw("""
            UPDATE programmes SET name = \(bind: name), name_key = \(bind: key), kind = \(bind: e.kind), summary = \(bind: new["summary"] ?? nil),
                   criteria = \(bind: new["criteria"] ?? nil), source = \(bind: new["source"] ?? nil), term_theme = \(bind: new["term_theme"] ?? nil),
                   term_from = \(bind: e.termFrom), term_to = \(bind: e.termTo)
            WHERE id = \(bind: id)
            """).run()
        tx.audit("update", "programme", id: id, unit: old.unitId, "Sửa chương trình \(name)", changes: changes)
    }
}

/// The nationwide programmes every unit starts with (DOMAIN.md, the seeds).
enum ProgrammeSeed {
    struct Item { let name, kind, summary, criteria, source: String; let termTheme: String?; let from: Int?; let to: Int? }

    static let items: [Item] = [
        Item(name: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", kind: "movement",
             summary: "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; mỗi đoàn viên đăng ký một đến hai việc làm cụ thể gắn với nhiệm vụ được giao, công khai tại chi bộ.",
             criteria: "Việc làm cụ thể, gắn với nhiệm vụ được giao, có kết quả đo được và thời hạn; khắc phục hạn chế, khuyết điểm của bản thân.",
             source: "Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
             termTheme: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc",
             from: 2021, to: 2026),
        Item(name: "Trung thành – Trách nhiệm – Liêm chính – Sáng tạo", kind: "campaign",
             summary: "Cán bộ, đoàn viên trung thành, trách nhiệm, liêm chính, sáng tạo trong thực hiện nhiệm vụ.",
             criteria: "Trung thành; trách nhiệm; liêm chính; sáng tạo.", source: "", termTheme: nil, from: nil, to: nil),
        Item(name: "Lao động giỏi, lao động sáng tạo", kind: "emulation",
             summary: "Phong trào thi đua của công nhân, viên chức, lao động: năng suất, chất lượng, sáng kiến, cải tiến kỹ thuật.",
             criteria: "Hoàn thành vượt mức kế hoạch; có sáng kiến, giải pháp được công nhận.", source: "", termTheme: nil, from: nil, to: nil),
        Item(name: "Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động", kind: "emulation",
             summary: "Môi trường làm việc xanh, sạch, đẹp; an toàn, vệ sinh lao động.",
             criteria: "Không để xảy ra tai nạn lao động; nơi làm việc xanh, sạch, đẹp.", source: "", termTheme: nil, from: nil, to: nil),
        Item(name: "Giỏi việc nước, đảm việc nhà", kind: "emulation",
             summary: "Phong trào thi đua của nữ công nhân, viên chức, lao động.",
             criteria: "Hoàn thành tốt nhiệm vụ công tác; xây dựng gia đình no ấm, bình đẳng, tiến bộ, hạnh phúc.", source: "", termTheme: nil, from: nil, to: nil),
    ]

    static func insert(on sql: any SQLDatabase) async throws {
        let now = Clock.timestamp(Date())
        for item in items {
            try await sql.raw("""
                INSERT INTO programmes (name, name_key, kind, summary, criteria, source, term_theme, term_from, term_to, created_at)
                VALUES (\(bind: item.name), \(bind: VietnameseText.fold(item.name)), \(bind: item.kind), \(bind: item.summary),
                        \(bind: item.criteria), \(bind: item.source.isEmpty ? nil : item.source), \(bind: item.termTheme),
                        \(bind: item.from), \(bind: item.to), \(bind: now))
                """).run()
        }
    }
}
