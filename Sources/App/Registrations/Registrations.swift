import Domain
import Foundation
import SQLKit
import Vapor

/// Members' registrations of concrete actions, their workflow and everything hung on them (comments, progress,
/// evidence, self-assessments). Every step is checked by `RegistrationFlow`, taken inside the write gate and
/// recorded twice: as a workflow event on the registration (who, when, why, under which grant) and in the register.
enum Registrations {
    typealias Status = RegistrationFlow.Status

    struct Row: Codable, Sendable, Equatable {
        let id: Int
        let roundId: Int
        let memberId: Int
        let memberName: String
        /// The member's name key: the lists' order, and the API's cursor.
        let memberSortKey: String
        let memberPosition: String?
        let memberDuties: String?
        /// Where the member is now (scope is decided on it), and where they were when they registered.
        let memberUnitPath: String
        let unitId: Int
        let unitName: String
        let cellId: Int?
        let cellName: String?
        let year: Int
        let status: String
        let version: Int
        let shortcomings: String
        let flagCount: Int
        let onBehalf: Int
        let submittedAt: String?
        let appraisedAt: String?
        let appraisedByName: String?
        let appraisalNote: String?
        let updatedAt: String

        var state: Status { Status(rawValue: status) ?? .draft }

        static let select = """
            SELECT r.id, r.round_id, r.member_id, m.full_name AS member_name, m.sort_key AS member_sort_key, m.position AS member_position, m.duties AS member_duties,
                   mu.path AS member_unit_path, r.unit_id, u.name AS unit_name, r.cell_id, c.name AS cell_name, r.year, r.status,
                   r.version, r.shortcomings, r.flag_count, r.on_behalf, r.submitted_at, r.appraised_at, r.appraised_by_name,
                   r.appraisal_note, r.updated_at
            FROM registrations r JOIN members m ON m.id = r.member_id JOIN units mu ON mu.id = m.unit_id
            JOIN units u ON u.id = r.unit_id LEFT JOIN party_cells c ON c.id = r.cell_id
            """
    }

    struct ActionRow: Codable, Sendable, Equatable {
        let id: Int
        let registrationId: Int
        let position: Int
        let action: String
        let dutyId: Int?
        let dutyTitle: String?
        let result: String
        let deadline: String
        let flags: String

        var decodedFlags: [RegistrationCheck.Flag] {
            // Most actions carry none: no decoder for them.
            flags == "[]" || flags.isEmpty ? [] : (try? JSONDecoder().decode([RegistrationCheck.Flag].self, from: Data(flags.utf8))) ?? []
        }
    }

    struct EventRow: Codable, Sendable { let at: String; let step: String; let userName: String; let reason: String?; let version: Int; let grantId: Int? }
    struct CommentRow: Codable, Sendable { let id: Int; let at: String; let authorName: String; let body: String }
    struct ProgressRow: Codable, Sendable { let id: Int; let at: String; let authorName: String; let note: String }
    struct FileRow: Codable, Sendable { let id: Int; let ownerId: Int; let fileName: String; let contentType: String; let size: Int }
    struct AssessmentRow: Codable, Sendable { let period: String; let outcome: String; let achieved: String; let at: String; let authorName: String }
    struct DutyRow: Codable, Sendable, Equatable { let id: Int; let title: String; let validFrom: String }

    // MARK: - Reading

    static func find(id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE r.id = \(bind: id)").first(decoding: Row.self, with: snakeCase)
    }

    static func find(round: Int, member: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE r.round_id = \(bind: round) AND r.member_id = \(bind: member)")
            .first(decoding: Row.self, with: snakeCase)
    }

    static func actions(of ids: [Int], on sql: any SQLDatabase) async throws -> [Int: [ActionRow]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT id, registration_id, position, action, duty_id, duty_title, result, deadline, flags
            FROM registration_actions WHERE registration_id IN (\(binds: ids)) ORDER BY registration_id, position
            """).all(decoding: ActionRow.self, with: snakeCase)
        return Dictionary(grouping: rows, by: \.registrationId)
    }

    static func events(of id: Int, on sql: any SQLDatabase) async throws -> [EventRow] {
        try await sql.raw("SELECT at, step, user_name, reason, version, grant_id FROM registration_events WHERE registration_id = \(bind: id) ORDER BY id")
            .all(decoding: EventRow.self, with: snakeCase)
    }

    static func comments(of id: Int, on sql: any SQLDatabase) async throws -> [CommentRow] {
        try await sql.raw("SELECT id, at, author_name, body FROM registration_comments WHERE registration_id = \(bind: id) ORDER BY id")
            .all(decoding: CommentRow.self, with: snakeCase)
    }

    static func progress(of id: Int, on sql: any SQLDatabase) async throws -> [ProgressRow] {
        try await sql.raw("SELECT id, at, author_name, note FROM registration_progress WHERE registration_id = \(bind: id) ORDER BY id")
            .all(decoding: ProgressRow.self, with: snakeCase)
    }

    static func files(of progressIds: [Int], on sql: any SQLDatabase) async throws -> [FileRow] {
        guard !progressIds.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT id, owner_id, file_name, content_type, size FROM stored_files
            WHERE owner = 'registration_progress' AND owner_id IN (\(binds: progressIds)) ORDER BY id
            """).all(decoding: FileRow.self, with: snakeCase)
    }

    static func assessments(of id: Int, on sql: any SQLDatabase) async throws -> [AssessmentRow] {
        try await sql.raw("SELECT period, outcome, achieved, at, author_name FROM registration_assessments WHERE registration_id = \(bind: id) ORDER BY id")
            .all(decoding: AssessmentRow.self, with: snakeCase)
    }

    /// The duties a member holds on a day: what a registration may point at.
    /// A member as the registration template lists them: their id number, name, and the title of their duty when they
    /// hold exactly one (with several, the file names none and the import takes the first).
    struct TemplateMember: Sendable { let idNumber: String; let name: String; let duty: String? }

    /// The active members of a round's unit that the official may enter registrations for, in Vietnamese name order,
    /// at most `limit` and one more (so the caller can tell the list was cut), with their duties on `date`.
    static func templateMembers(round: Rounds.Row, scope: Scope, on date: CivilDate, limit: Int, sql: any SQLDatabase) async throws -> [TemplateMember] {
        struct Row: Decodable { let id: Int; let cccd: String?; let passportNo: String?; let fullName: String }
        let rows = try await sql.raw("""
            SELECT m.id, m.cccd, m.passport_no, m.full_name FROM members m JOIN units u ON u.id = m.unit_id
            WHERE \(PathRange(path: round.unitPath).sql("u.path")) AND \(scope.writeFilter()) AND m.status = \(bind: MemberStatus.active.rawValue)
            ORDER BY m.sort_key, m.id LIMIT \(literal: limit + 1)
            """).all(decoding: Row.self, with: snakeCase)
        struct Duty: Decodable { let memberId: Int; let title: String }
        var duties: [Int: [String]] = [:]
        for ids in rows.map(\.id).chunked(500) {
            for d in try await sql.raw("""
                SELECT member_id, title FROM member_duties WHERE member_id IN (\(binds: Array(ids))) AND valid_from <= \(bind: date.iso)
                  AND (valid_to IS NULL OR valid_to > \(bind: date.iso)) ORDER BY valid_from, id
                """).all(decoding: Duty.self, with: snakeCase) {
                duties[d.memberId, default: []].append(d.title)
            }
        }
        return rows.map { r in
            let own = duties[r.id] ?? []
            return TemplateMember(idNumber: r.cccd ?? r.passportNo ?? "", name: r.fullName, duty: own.count == 1 ? own[0] : nil)
        }
    }

    static func duties(of memberId: Int, on date: CivilDate, sql: any SQLDatabase) async throws -> [DutyRow] {
        try await sql.raw("""
            SELECT id, title, valid_from FROM member_duties WHERE member_id = \(bind: memberId) AND valid_from <= \(bind: date.iso)
              AND (valid_to IS NULL OR valid_to > \(bind: date.iso)) ORDER BY valid_from, id
            """).all(decoding: DutyRow.self, with: snakeCase)
    }

    /// The Party cell a unit belongs to: its own, or the nearest one above it.
    static func cell(forUnitPath path: String, on sql: any SQLDatabase) async throws -> Int? {
        let ids = PathRange.ids(in: path)
        guard !ids.isEmpty else { return nil }
        struct U: Decodable { let id: Int; let partyCellId: Int? }
        let rows = try await sql.raw("SELECT id, party_cell_id FROM units WHERE id IN (\(binds: ids))").all(decoding: U.self, with: snakeCase)
        let byId = Dictionary(rows.map { ($0.id, $0.partyCellId) }, uniquingKeysWith: { a, _ in a })
        for id in ids.reversed() { if let cell = byId[id] ?? nil { return cell } }
        return nil
    }

    // MARK: - Who stands how towards a registration

    struct Standing: Sendable {
        var capacities: Set<RegistrationFlow.Capacity>
        /// The secretary's grant in force today for the registration's cell.
        var grantId: Int?
        var canRead: Bool
    }

    static func standing(of p: Principal, memberId: Int, memberUnitPath: String, cellId: Int?, status: Status?, on sql: any SQLDatabase) async throws -> Standing {
        var c: Set<RegistrationFlow.Capacity> = []
        let own = CorrectionController.ownMember(p)
        if own == memberId { c.insert(.owner) }
        if p.scope.canWrite(unitPath: memberUnitPath) { c.insert(.onBehalf) }
        var grant: Int?
        if let cellId, let g = p.grants.first(where: { $0.role == Role.secretary.rawValue && $0.partyCellId == cellId }) {
            c.insert(.secretary)
            grant = g.id
        }
        if let own, own != memberId, let cellId, let m = try await Members.find(id: own, on: sql),
           let u = try await Units.find(id: m.unitId, on: sql), try await cell(forUnitPath: u.path, on: sql) == cellId {
            c.insert(.cellMember)
        }
        let isPublic = status?.isPublic ?? false
        let reads = c.contains(.owner) || c.contains(.onBehalf)
            || (isPublic && (c.contains(.secretary) || c.contains(.cellMember) || p.scope.can(.read, unitPath: memberUnitPath)))
        return Standing(capacities: c, grantId: grant, canRead: reads)
    }

    /// Who takes a step: a signed-in person (their standing is worked out from their grants), or trusted code (the
    /// demo, tests) that says in which capacity it acts.
    enum Who: Sendable {
        case principal(Principal)
        case system(Set<RegistrationFlow.Capacity>, grantId: Int?, name: String)
    }

    static func resolve(_ id: Int, _ who: Who, on sql: any SQLDatabase) async throws -> (Row, Standing, String) {
        switch who {
        case .principal(let p):
            let (row, s) = try await readable(id: id, principal: p, on: sql)
            return (row, s, p.user.displayName)
        case .system(let c, let grant, let name):
            guard let row = try await find(id: id, on: sql) else { throw Abort(.notFound) }
            return (row, Standing(capacities: c, grantId: grant, canRead: true), name)
        }
    }

    /// A registration the person may read, with their standing; 404 otherwise.
    static func readable(id: Int, principal p: Principal, on sql: any SQLDatabase) async throws -> (Row, Standing) {
        guard let row = try await find(id: id, on: sql) else { throw Abort(.notFound) }
        let s = try await standing(of: p, memberId: row.memberId, memberUnitPath: row.memberUnitPath, cellId: row.cellId, status: row.state, on: sql)
        guard s.canRead else { throw Abort(.notFound) }
        return (row, s)
    }

    static func require(_ result: Result<Void, RegistrationFlow.Refusal>) throws {
        switch result {
        case .success: return
        case .failure(.forbidden(let m)): throw Abort(.forbidden, reason: m)
        case .failure(.conflict(let m)): throw Abort(.conflict, reason: m)
        }
    }

    // MARK: - Writing

    /// Saves a member's registration for a round (creating it on first save), and submits it when `submit` says
    /// so. The draft is checked and flagged here; flags warn, never block.
    @discardableResult
    static func save(round: Rounds.Row, memberId: Int, draft input: RegistrationFlow.Draft, submit: Bool,
                     capacities: Set<RegistrationFlow.Capacity>, in tx: WriteTransaction) async throws -> Int {
        guard let member = try await Members.find(id: memberId, on: tx.sql), let unit = try await Units.find(id: member.unitId, on: tx.sql) else {
            throw Abort(.notFound)
        }
        guard PathRange(path: round.unitPath).contains(unit.path) else {
            throw Abort(.unprocessableEntity, reason: "\(member.fullName) không thuộc \(round.unitName), nơi tổ chức đợt đăng ký này.")
        }
        guard member.status == MemberStatus.active.rawValue else {
            throw Abort(.unprocessableEntity, reason: "\(member.fullName) không còn đang sinh hoạt: không đăng ký được.")
        }
        let existing = try await find(round: round.id, member: memberId, on: tx.sql)
        let today = tx.today
        try require(RegistrationFlow.check(.save, status: existing?.state, by: capacities, today: today, calendar: round.calendar))
        if submit {
            try require(RegistrationFlow.check(.submit, status: existing?.state ?? .draft, by: capacities, today: today, calendar: round.calendar))
        }
        let draft: RegistrationFlow.Draft
        switch RegistrationFlow.validate(input) {
        case .failure(let problems): throw Abort(.unprocessableEntity, reason: problems.messages.joined(separator: " "))
        case .success(let d): draft = d
        }
        let duties = try await self.duties(of: memberId, on: today, sql: tx.sql)
        for (i, a) in draft.actions.enumerated() {
            if let d = a.dutyId, !duties.contains(where: { $0.id == d }) {
                throw Abort(.unprocessableEntity, reason: "Việc làm \(i + 1): hãy chọn một nhiệm vụ đang được giao của \(member.fullName).")
            }
        }
        let cellId = try await cell(forUnitPath: unit.path, on: tx.sql)
        if submit && cellId == nil {
            throw Abort(.unprocessableEntity, reason: "\(unit.name) chưa gắn với chi bộ nào nên chưa có ai thẩm định: hãy nhờ cán bộ công đoàn chọn chi bộ cho đơn vị, rồi gửi lại.")
        }
        let onBehalf = !capacities.contains(.owner)
        // Flags: against the member's duties and position, and against colleagues' registrations in the same unit and year.
        let context = RegistrationCheck.Context(duties: duties.map(\.title) + [member.duties ?? ""].filter { !$0.isEmpty }, position: member.position ?? "")
        struct OtherRow: Decodable { let action: String; let fullName: String }
        let others = try await tx.sql.raw("""
            SELECT a.action, m.full_name FROM registration_actions a JOIN registrations r ON r.id = a.registration_id
            JOIN members m ON m.id = r.member_id
            WHERE r.unit_id = \(bind: unit.id) AND r.year = \(bind: round.year) AND r.member_id <> \(bind: memberId)
            ORDER BY r.id LIMIT 2000
            """).all(decoding: OtherRow.self, with: snakeCase).map { RegistrationCheck.Other(who: $0.fullName, action: $0.action) }
        let vocabulary = try await CheckWords.vocabulary(on: tx.sql)
        let flags = draft.actions.map { a in
            RegistrationCheck.flags(.init(action: a.action, result: a.result, deadline: a.deadline), context: context, others: others,
                                    vocabulary: vocabulary)
        }
        let flagCount = flags.reduce(0) { $0 + $1.count }
        let now = tx.timestamp
        let id: Int
        var version = existing?.version ?? 1
        if let existing {
            id = existing.id
            if submit && existing.state == .returned { version += 1 }
            try await tx.sql.raw("""
                UPDATE registrations SET shortcomings = \(bind: draft.shortcomings), flag_count = \(bind: flagCount), updated_at = \(bind: now),
                    version = \(bind: version), cell_id = \(bind: cellId), unit_id = \(bind: unit.id), unit_path = \(bind: unit.path),
                    on_behalf = \(bind: onBehalf ? 1 : existing.onBehalf)
                WHERE id = \(bind: id)
                """).run()
            try await tx.sql.raw("DELETE FROM registration_actions WHERE registration_id = \(bind: id)").run()
        } else {
            id = try await tx.sql.raw("""
                INSERT INTO registrations (round_id, member_id, unit_id, unit_path, cell_id, year, status, version, shortcomings, flag_count,
                    on_behalf, created_by, created_at, updated_at)
                VALUES (\(bind: round.id), \(bind: memberId), \(bind: unit.id), \(bind: unit.path), \(bind: cellId), \(bind: round.year), 'draft', 1,
                    \(bind: draft.shortcomings), \(bind: flagCount), \(bind: onBehalf ? 1 : 0), \(bind: tx.actor.userId), \(bind: now), \(bind: now))
                RETURNING id
                """).first(decoding: IDRow.self)!.id
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for (i, a) in draft.actions.enumerated() {
            let duty = a.dutyId.flatMap { d in duties.first { $0.id == d } }
            try await tx.sql.raw("""
                INSERT INTO registration_actions (registration_id, position, action, duty_id, duty_title, result, deadline, flags)
                VALUES (\(bind: id), \(bind: i + 1), \(bind: a.action), \(bind: duty?.id), \(bind: duty?.title), \(bind: a.result),
                        \(bind: a.deadline), \(bind: String(decoding: try encoder.encode(flags[i]), as: UTF8.self)))
                """).run()
        }
        let who = onBehalf ? " (nhập thay)" : ""
        try await event(id, .save, reason: onBehalf ? "Nhập thay đoàn viên" : nil, version: version, grant: nil, in: tx)
        tx.audit(existing == nil ? "create" : "update", "registration", id: id, unit: unit.id,
                 "Bản đăng ký của \(member.fullName), \(round.title)\(who): \(draft.actions.count) việc làm" + (flagCount > 0 ? ", \(flagCount) cảnh báo" : ""))
        if submit {
            let content: [String: String] = [
                "actions": String(decoding: try encoder.encode(draft.actions.enumerated().map { i, a in
                    ["action": a.action, "result": a.result, "deadline": a.deadline, "duty": a.dutyId.flatMap { d in duties.first { $0.id == d }?.title } ?? ""]
                }), as: UTF8.self),
                "shortcomings": draft.shortcomings,
                "flags": String(decoding: try encoder.encode(flags), as: UTF8.self),
            ]
            try await tx.sql.raw("""
                INSERT INTO registration_versions (registration_id, version, content, created_at, created_by)
                VALUES (\(bind: id), \(bind: version), \(bind: String(decoding: try encoder.encode(content), as: UTF8.self)), \(bind: now), \(bind: tx.actor.userId))
                """).run()
            try await tx.sql.raw("""
                UPDATE registrations SET status = 'submitted', submitted_at = \(bind: now), appraised_at = NULL, appraised_by = NULL,
                    appraised_by_name = NULL, appraisal_grant_id = NULL WHERE id = \(bind: id)
                """).run()
            try await event(id, .submit, reason: nil, version: version, grant: nil, in: tx)
            tx.audit("submit", "registration", id: id, unit: unit.id, "Gửi chi bộ bản đăng ký của \(member.fullName) (lần \(version))\(who)")
        }
        return id
    }

    /// The secretary approves, or returns with reasons.
    static func appraise(_ id: Int, approve: Bool, reason: String?, by who: Who, in tx: WriteTransaction) async throws {
        let (row, standing, name) = try await resolve(id, who, on: tx.sql)
        guard let round = try await Rounds.find(id: row.roundId, on: tx.sql) else { throw Abort(.notFound) }
        let step: RegistrationFlow.Step = approve ? .approve : .giveBack
        try require(RegistrationFlow.check(step, status: row.state, by: standing.capacities, today: tx.today, calendar: round.calendar))
        let note = reason.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : $0 }
        if !approve && note == nil {
            throw Abort(.unprocessableEntity, reason: "Lý do trả lại: không được để trống; đoàn viên sẽ sửa theo lý do này.")
        }
        if (note?.count ?? 0) > RegistrationFlow.maxTextLength { throw Abort(.unprocessableEntity, reason: "Lý do: không quá 2.000 ký tự.") }
        try await tx.sql.raw("""
            UPDATE registrations SET status = \(bind: (approve ? Status.approved : .returned).rawValue), appraised_at = \(bind: tx.timestamp),
                appraised_by = \(bind: tx.actor.userId), appraised_by_name = \(bind: name), appraisal_grant_id = \(bind: standing.grantId),
                appraisal_note = \(bind: note), updated_at = \(bind: tx.timestamp)
            WHERE id = \(bind: id) AND status = 'submitted'
            """).run()
        try await event(id, step, reason: note, version: row.version, grant: standing.grantId, in: tx)
        tx.audit(approve ? "approve" : "return", "registration", id: id, unit: row.unitId,
                 (approve ? "Duyệt" : "Trả lại") + " bản đăng ký của \(row.memberName) (lần \(row.version))" + AuditText.because(note))
    }

    static func comment(_ id: Int, body: String, by who: Who, in tx: WriteTransaction) async throws {
        let (row, standing, name) = try await resolve(id, who, on: tx.sql)
        guard let round = try await Rounds.find(id: row.roundId, on: tx.sql) else { throw Abort(.notFound) }
        try require(RegistrationFlow.check(.comment, status: row.state, by: standing.capacities, today: tx.today, calendar: round.calendar))
        let text = VietnameseText.clean(body)
        guard !text.isEmpty, text.count <= RegistrationFlow.maxTextLength else {
            throw Abort(.unprocessableEntity, reason: "Góp ý: không được để trống và không quá 2.000 ký tự.")
        }
        try await tx.sql.raw("""
            INSERT INTO registration_comments (registration_id, at, user_id, author_name, body)
            VALUES (\(bind: id), \(bind: tx.timestamp), \(bind: tx.actor.userId), \(bind: name), \(bind: text))
            """).run()
        tx.audit("comment", "registration", id: id, unit: row.unitId, "Góp ý bản đăng ký của \(row.memberName)")
    }

    /// A progress note, with an evidence file already checked by content.
    static func addProgress(_ id: Int, note: String, file: Evidence.Checked?, by who: Who, in tx: WriteTransaction) async throws {
        let (row, standing, name) = try await resolve(id, who, on: tx.sql)
        guard let round = try await Rounds.find(id: row.roundId, on: tx.sql) else { throw Abort(.notFound) }
        try require(RegistrationFlow.check(.progress, status: row.state, by: standing.capacities, today: tx.today, calendar: round.calendar))
        let text = VietnameseText.clean(note)
        guard !text.isEmpty || file != nil, text.count <= RegistrationFlow.maxTextLength else {
            throw Abort(.unprocessableEntity, reason: "Tiến độ: hãy ghi việc đã làm (không quá 2.000 ký tự) hoặc đính kèm minh chứng.")
        }
        let progressId = try await tx.sql.raw("""
            INSERT INTO registration_progress (registration_id, at, user_id, author_name, note)
            VALUES (\(bind: id), \(bind: tx.timestamp), \(bind: tx.actor.userId), \(bind: name), \(bind: text)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        if let file {
            try await Evidence.store(file, owner: "registration_progress", ownerId: progressId, in: tx)
        }
        try await event(id, .progress, reason: nil, version: row.version, grant: nil, in: tx)
        tx.audit("progress", "registration", id: id, unit: row.unitId,
                 "Ghi tiến độ bản đăng ký của \(row.memberName)" + (file.map { ", minh chứng \($0.fileName)" } ?? ""))
    }

    static func assess(_ id: Int, period: String, outcome: RegistrationFlow.Outcome, achieved: String, by who: Who, in tx: WriteTransaction) async throws {
        let (row, standing, name) = try await resolve(id, who, on: tx.sql)
        guard let round = try await Rounds.find(id: row.roundId, on: tx.sql) else { throw Abort(.notFound) }
        let step: RegistrationFlow.Step
        switch period {
        case "midyear": step = .assessMidyear
        case "yearend": step = .assessYearend
        default: throw Abort(.unprocessableEntity, reason: "Kỳ tự đánh giá phải là giữa năm hoặc cuối năm.")
        }
        try require(RegistrationFlow.check(step, status: row.state, by: standing.capacities, today: tx.today, calendar: round.calendar))
        let text = VietnameseText.clean(achieved)
        guard !text.isEmpty, text.count <= RegistrationFlow.maxTextLength else {
            throw Abort(.unprocessableEntity, reason: "Kết quả đạt được: không được để trống và không quá 2.000 ký tự.")
        }
        struct Found: Decodable { let id: Int }
        if try await tx.sql.raw("SELECT id FROM registration_assessments WHERE registration_id = \(bind: id) AND period = \(bind: period)")
            .first(decoding: Found.self) != nil {
            throw Abort(.conflict, reason: "Bản đăng ký này đã được tự đánh giá " + (period == "midyear" ? "giữa năm" : "cuối năm") + " rồi.")
        }
        try await tx.sql.raw("""
            INSERT INTO registration_assessments (registration_id, period, outcome, achieved, at, user_id, author_name)
            VALUES (\(bind: id), \(bind: period), \(bind: outcome.rawValue), \(bind: text), \(bind: tx.timestamp), \(bind: tx.actor.userId), \(bind: name))
            """).run()
        if step == .assessYearend {
            try await tx.sql.raw("UPDATE registrations SET status = 'completed', updated_at = \(bind: tx.timestamp) WHERE id = \(bind: id)").run()
        }
        try await event(id, step, reason: outcome.label, version: row.version, grant: nil, in: tx)
        tx.audit("assess", "registration", id: id, unit: row.unitId,
                 "Tự đánh giá " + (period == "midyear" ? "giữa năm" : "cuối năm") + " bản đăng ký của \(row.memberName): \(outcome.label)")
    }

    private static func event(_ id: Int, _ step: RegistrationFlow.Step, reason: String?, version: Int, grant: Int?, in tx: WriteTransaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO registration_events (registration_id, at, step, user_id, user_name, grant_id, reason, version)
            VALUES (\(bind: id), \(bind: tx.timestamp), \(bind: step.rawValue), \(bind: tx.actor.userId), \(bind: tx.actor.username),
                    \(bind: grant), \(bind: reason), \(bind: version))
            """).run()
    }

    // MARK: - Lists

    /// The secretary's queue: what waits for appraisal in their cells, flagged ones first, oldest first within.
    static func queue(cells: [Int], limit: Int = 100, on sql: any SQLDatabase) async throws -> [Row] {
        guard !cells.isEmpty else { return [] }
        return try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE r.cell_id IN (\(binds: cells)) AND r.status = 'submitted'
            ORDER BY CASE WHEN r.flag_count > 0 THEN 0 ELSE 1 END, r.submitted_at, r.id LIMIT \(literal: limit)
            """).all(decoding: Row.self, with: snakeCase)
    }

    /// What the secretary's desk shows of each registration in the queue.
    struct DeskRow: Decodable, Sendable {
        let id: Int
        let memberName: String
        let memberPosition: String?
        let memberDuties: String?
        let unitName: String
        let version: Int
        let flagCount: Int
        let shortcomings: String
    }

    /// "What awaits me" for a secretary: how many of their cells' registrations wait for appraisal, due by the
    /// earliest closing round among them.
    static func appraisePart(cells: [Int]) -> SQLQueryString? {
        guard !cells.isEmpty else { return nil }
        return """
            SELECT 'appraise' AS kind, 0 AS id, 0 AS ref, COUNT(*) AS n, 0 AS year, '' AS label, '' AS detail, MIN(rr.closes_on) AS due
            FROM registrations r JOIN registration_rounds rr ON rr.id = r.round_id
            WHERE r.cell_id IN (\(binds: cells)) AND r.status = 'submitted' HAVING COUNT(*) > 0
            """
    }

    /// The desk: the queue in the same order as `queue`, with only the columns the desk shows (a hundred wide rows
    /// cost more to decode than to read), and each one's actions.
    static func desk(cells: [Int], limit: Int = 100, on sql: any SQLDatabase) async throws -> [(row: DeskRow, actions: [ActionRow])] {
        guard !cells.isEmpty else { return [] }
        let rows = try await sql.raw("""
            SELECT r.id, m.full_name AS member_name, m.position AS member_position, m.duties AS member_duties, u.name AS unit_name,
                   r.version, r.flag_count, r.shortcomings
            FROM registrations r JOIN members m ON m.id = r.member_id JOIN units u ON u.id = r.unit_id
            WHERE r.cell_id IN (\(binds: cells)) AND r.status = 'submitted'
            ORDER BY CASE WHEN r.flag_count > 0 THEN 0 ELSE 1 END, r.submitted_at, r.id LIMIT \(literal: limit)
            """).all(decoding: DeskRow.self, with: snakeCase)
        let actions = try await self.actions(of: rows.map(\.id), on: sql)
        return rows.map { ($0, actions[$0.id] ?? []) }
    }

    static func queueCount(cells: [Int], on sql: any SQLDatabase) async throws -> Int {
        guard !cells.isEmpty else { return 0 }
        return try await sql.raw("SELECT COUNT(*) AS n FROM registrations r WHERE r.cell_id IN (\(binds: cells)) AND r.status = 'submitted'")
            .first(decoding: CountRow.self)?.n ?? 0
    }

    /// What a member's Party cell has made public in a round (sent, appraised or not), in name order: what the cell's
    /// members read and comment on.
    static func publicInCell(round: Int, cell: Int, limit: Int = 200, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            \(unsafeRaw: Row.select) WHERE r.round_id = \(bind: round) AND r.cell_id = \(bind: cell) AND r.status <> 'draft'
            ORDER BY m.sort_key, m.id LIMIT \(literal: limit)
            """).all(decoding: Row.self, with: snakeCase)
    }

    /// A member's own registrations, newest round first.
    static func of(member: Int, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("\(unsafeRaw: Row.select) WHERE r.member_id = \(bind: member) ORDER BY r.year DESC, r.id DESC LIMIT 50")
            .all(decoding: Row.self, with: snakeCase)
    }

    /// The public registrations of a round within a unit's subtree (a page, by member name).
    static func list(round: Int, range: PathRange, status: Status?, includeDrafts: Bool, after: MemberFilter.Cursor? = nil, limit: Int = 200,
                     wideFrom: Int = wideFrom, on sql: any SQLDatabase) async throws -> [Row] {
        let wide = try await manyUnder(round: round, range: range, than: wideFrom, on: sql)
        return try await sql.raw(listQuery(round: round, range: range, status: status, includeDrafts: includeDrafts, after: after, limit: limit, wide: wide))
            .all(decoding: Row.self, with: snakeCase)
    }

    /// Two ways to the same page, chosen by how much of the round lies under the unit. A large part (a province):
    /// read the round in name order (registrations_by_name) and stop at `limit`, the path only checked, since
    /// sorting it would read all of it. A small part: read it by path (registrations_unit) and sort it, since the
    /// round in name order would be read far past it. The `|| ''` keeps the planner from the other index.
    static func listQuery(round: Int, range: PathRange, status: Status?, includeDrafts: Bool, after: MemberFilter.Cursor?, limit: Int, wide: Bool) -> SQLQueryString {
        var filter: SQLQueryString = includeDrafts ? "" : " AND r.status <> 'draft'"
        if let status { filter = " AND r.status = \(bind: status.rawValue)" }
        if let after {
            filter = "\(filter) AND (r.member_sort_key > \(bind: after.sortKey) OR (r.member_sort_key = \(bind: after.sortKey) AND r.member_id > \(bind: after.id)))"
        }
        let order: SQLQueryString = wide ? "r.member_sort_key, r.member_id" : "r.member_sort_key || '', r.member_id"
        return """
            \(unsafeRaw: Row.select) WHERE r.round_id = \(bind: round) AND \(range.sql(wide ? "(r.unit_path || '')" : "r.unit_path"))\(filter)
            ORDER BY \(order) LIMIT \(literal: limit)
            """
    }

    /// From this many registrations under a unit, its list reads the round in name order.
    static let wideFrom = 20_000

    /// Whether at least `count` of the round's registrations lie under the range: an index-only count that stops there.
    static func manyUnder(round: Int, range: PathRange, than count: Int, on sql: any SQLDatabase) async throws -> Bool {
        struct N: Decodable { let n: Int }
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM registrations r WHERE \(range.sql("r.unit_path")) AND r.round_id = \(bind: round)
            LIMIT \(literal: count)) x
            """).first(decoding: N.self)?.n ?? 0 >= count
    }
}
