import Domain
import Foundation
import SQLKit
import Vapor

/// Rounds, registrations and coverage in the JSON API, with the pages' scope rules and workflow.
enum RegistrationsAPIController {
    struct RoundDTO: Content {
        let id: Int, programmeId: Int, programme: String, year: Int, unitId: Int, unitName: String
        let opensOn: String, closesOn: String, asOf: String, midyearOn: String, yearendOn: String, open: Bool
        init(_ r: Rounds.Row, today: CivilDate) {
            id = r.id; programmeId = r.programmeId; programme = r.programmeName; year = r.year; unitId = r.unitId; unitName = r.unitName
            opensOn = r.opensOn; closesOn = r.closesOn; asOf = r.asOf; midyearOn = r.midyearOn; yearendOn = r.yearendOn
            open = r.calendar.isOpen(on: today)
        }
    }

    struct FlagDTO: Content { let code: String; let message: String }
    struct ActionDTO: Content {
        let position: Int, action: String, dutyId: Int?, dutyTitle: String?, result: String, deadline: String, flags: [FlagDTO]
    }
    struct RegistrationDTO: Content {
        let id: Int, roundId: Int, memberId: Int, memberName: String, unitId: Int, unitName: String, cellId: Int?, cellName: String?
        let status: String, version: Int, shortcomings: String, flagCount: Int, onBehalf: Bool
        let submittedAt: String?, appraisedAt: String?, appraisedBy: String?, appraisalNote: String?
        let actions: [ActionDTO]
    }

    static func dto(_ r: Registrations.Row, actions: [Registrations.ActionRow], seesFlags: Bool) -> RegistrationDTO {
        RegistrationDTO(
            id: r.id, roundId: r.roundId, memberId: r.memberId, memberName: r.memberName, unitId: r.unitId, unitName: r.unitName,
            cellId: r.cellId, cellName: r.cellName, status: r.status, version: r.version, shortcomings: r.shortcomings,
            flagCount: seesFlags ? r.flagCount : 0, onBehalf: r.onBehalf == 1, submittedAt: r.submittedAt, appraisedAt: r.appraisedAt,
            appraisedBy: r.appraisedByName, appraisalNote: r.appraisalNote,
            actions: actions.map { a in
                ActionDTO(position: a.position, action: a.action, dutyId: a.dutyId, dutyTitle: a.dutyTitle, result: a.result, deadline: a.deadline,
                          flags: seesFlags ? a.decodedFlags.map { FlagDTO(code: $0.code.rawValue, message: $0.message) } : [])
            })
    }

    static func seesFlags(_ s: Registrations.Standing) -> Bool {
        !s.capacities.isDisjoint(with: [.owner, .onBehalf, .secretary])
    }

    @Sendable static func rounds(req: Request) async throws -> ListResult<RoundDTO> {
        let p = try req.requirePrincipal()
        let rows = try await Rounds.visible(scope: p.scope, ownUnitPath: try await RoundController.ownUnitPath(p, on: req.sql), on: req.sql)
        return ListResult(items: rows.map { RoundDTO($0, today: req.clock.today) }, total: rows.count, next: nil)
    }

    struct CoverageDTO: Content {
        struct Line: Content { let unitId: Int; let name: String; let expected: Int; let approved: Int; let submitted: Int; let share: Double }
        let round: Int, asOf: String, total: Line, children: [Line]
    }

    /// A unit parameter: absent, or the id of a unit (a 400 otherwise).
    static func unitParameter(_ req: Request) throws {
        if let u = req.query[String.self, at: "unit"], !u.isEmpty, Int(u).map({ $0 > 0 }) != true {
            throw Abort(.badRequest, reason: "unit: phải là mã số (id) của một đơn vị.")
        }
    }

    @Sendable static func coverage(req: Request) async throws -> CoverageDTO {
        try unitParameter(req)
        let (round, p) = try await RoundController.visibleRound(req)
        guard let unit = try await RoundController.focusUnit(req, round: round, p: p),
              let block = try await Coverage.block(round: round, unitId: unit.id, on: req.sql) else { throw Abort(.notFound) }
        func line(_ l: Coverage.Line) -> CoverageDTO.Line {
            .init(unitId: l.unitId, name: l.name, expected: l.expected, approved: l.approved, submitted: l.submitted,
                  share: l.expected == 0 ? 0 : (Double(l.approved) * 1000 / Double(l.expected)).rounded() / 10)
        }
        return CoverageDTO(round: round.id, asOf: round.asOf, total: line(block.total), children: block.lines.map(line))
    }

    @Sendable static func list(req: Request) async throws -> ListResult<RegistrationDTO> {
        try unitParameter(req)
        var status: RegistrationFlow.Status?
        if let s = req.query[String.self, at: "status"], !s.isEmpty {
            guard let v = RegistrationFlow.Status(rawValue: s) else {
                throw Abort(.badRequest, reason: "status: chỉ nhận " + RegistrationFlow.Status.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            status = v
        }
        var limit = 100
        if let l = req.query[String.self, at: "limit"], !l.isEmpty {
            guard let n = Int(l), (1...200).contains(n) else { throw Abort(.badRequest, reason: "limit: số từ 1 đến 200.") }
            limit = n
        }
        var after: MemberFilter.Cursor?
        if let a = req.query[String.self, at: "after"], !a.isEmpty {
            guard let c = MemberFilter.Cursor(token: a) else { throw Abort(.badRequest, reason: "after: dùng giá trị next của trang trước.") }
            after = c
        }
        let (round, p) = try await RoundController.visibleRound(req)
        guard let unit = try await RoundController.focusUnit(req, round: round, p: p) else { throw Abort(.notFound) }
        let canWrite = p.scope.canWrite(unitPath: unit.path)
        if status == .draft && !canWrite { return ListResult(items: [], total: 0, next: nil) }
        let rows = try await Registrations.list(round: round.id, range: unit.subtree, status: status, includeDrafts: canWrite, after: after,
                                                limit: limit, on: req.sql)
        // A full page may have a next one: its cursor is the last member's place in name order.
        let next = rows.count == limit ? rows.last.map { MemberFilter.Cursor(sortKey: $0.memberSortKey, id: $0.memberId).token } : nil
        let actions = try await Registrations.actions(of: rows.map(\.id), on: req.sql)
        let flagsFor = canWrite || !p.scope.cells.isEmpty
        return ListResult(items: rows.map { dto($0, actions: actions[$0.id] ?? [], seesFlags: flagsFor && (canWrite || p.scope.cells.contains($0.cellId ?? -1))) },
                          total: nil, next: next)
    }

    @Sendable static func get(req: Request) async throws -> RegistrationDTO {
        let p = try req.requirePrincipal()
        let (row, standing) = try await Registrations.readable(id: try req.id(), principal: p, on: req.sql)
        let actions = try await Registrations.actions(of: [row.id], on: req.sql)[row.id] ?? []
        return dto(row, actions: actions, seesFlags: seesFlags(standing))
    }

    struct SavePayload: Content {
        struct Action: Content { var action: String?; var dutyId: Int?; var result: String?; var deadline: String? }
        var memberId: Int?
        var actions: [Action]?
        var shortcomings: String?
        var submit: Bool?
    }

    /// Creates or revises a registration (the caller's own, or a member's on their behalf), and sends it when asked.
    @Sendable static func save(req: Request) async throws -> Response {
        let (round, p) = try await RoundController.visibleRound(req)
        let payload = try req.content.decode(SavePayload.self)
        guard let memberId = payload.memberId ?? CorrectionController.ownMember(p) else {
            throw Abort(.unprocessableEntity, reason: "memberId: hãy cho biết đoàn viên nào.")
        }
        let (member, unit) = try await Members.readable(id: memberId, scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) || CorrectionController.ownMember(p) == member.id else { throw Abort(.notFound) }
        let actions = payload.actions ?? []
        guard actions.count <= 2 else { throw Abort(.unprocessableEntity, reason: "actions: tối đa hai việc làm cụ thể.") }
        let draft = RegistrationFlow.Draft(actions: actions.map { .init(action: $0.action ?? "", dutyId: $0.dutyId, result: $0.result ?? "", deadline: $0.deadline ?? "") },
                                           shortcomings: payload.shortcomings ?? "")
        let existing = try await Registrations.find(round: round.id, member: member.id, on: req.sql)
        let standing = try await Registrations.standing(of: p, memberId: member.id, memberUnitPath: unit.path, cellId: existing?.cellId, status: existing?.state, on: req.sql)
        let submit = payload.submit ?? false
        let id = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Registrations.save(round: round, memberId: member.id, draft: draft, submit: submit, capacities: standing.capacities, in: tx)
        }
        let row = try await Registrations.find(id: id, on: req.sql)!
        let saved = try await Registrations.actions(of: [id], on: req.sql)[id] ?? []
        return try await dto(row, actions: saved, seesFlags: true).encodeResponse(status: existing == nil ? .created : .ok, for: req)
    }

    struct AppraisalPayload: Content { var decision: String?; var reason: String? }

    @Sendable static func appraise(req: Request) async throws -> RegistrationDTO {
        let p = try req.requirePrincipal()
        let id = try req.id()
        _ = try await Registrations.readable(id: id, principal: p, on: req.sql)
        let payload = try req.content.decode(AppraisalPayload.self)
        guard let decision = payload.decision, decision == "approve" || decision == "return" else {
            throw Abort(.unprocessableEntity, reason: "decision: chỉ nhận approve hoặc return.")
        }
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in
            try await Registrations.appraise(id, approve: decision == "approve", reason: payload.reason, by: .principal(p), in: tx)
        }
        return try await get(req: req)
    }
}

extension RegistrationsAPIController {
    struct ModelDTO: Content {
        let id: Int, roundId: Int, unitId: Int, unitName: String, name: String, description: String, status: String
        let proposedBy: String, proposedAt: String, agreedAt: String?, confirmedAt: String?, confirmedBy: String?, members: Int
        init(_ m: CollectiveModels.Row) {
            id = m.id; roundId = m.roundId; unitId = m.unitId; unitName = m.unitName; name = m.name; description = m.description
            status = m.status; proposedBy = m.proposedByName; proposedAt = m.proposedAt; agreedAt = m.agreedAt; confirmedAt = m.confirmedAt
            confirmedBy = m.confirmedByName; members = m.memberCount
        }
    }

    /// The collective models of a round in a unit's subtree (the round's unit by default).
    @Sendable static func models(req: Request) async throws -> ListResult<ModelDTO> {
        try unitParameter(req)
        let (round, p) = try await RoundController.visibleRound(req)
        guard let unit = try await RoundController.focusUnit(req, round: round, p: p) else { throw Abort(.notFound) }
        let rows = try await CollectiveModels.list(round: round.id, range: unit.subtree, on: req.sql)
        return ListResult(items: rows.map(ModelDTO.init), total: rows.count, next: nil)
    }

    @Sendable static func model(req: Request) async throws -> ModelDTO {
        let (m, _) = try await CollectiveModels.readable(try req.id(), try req.requirePrincipal(), on: req.sql)
        return ModelDTO(m)
    }
}
