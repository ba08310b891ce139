import Domain
import SQLKit
import Vapor

/// Reversing a dissolution, merge or move made by mistake: the same two steps as the change itself (what will
/// happen, in numbers, then the confirmed post), by someone who may write to the units involved.
enum TreeChangeController {
    @Sendable
    static func reverse(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let change = try await TreeChanges.find(id: try req.id(), on: req.sql) else { throw Abort(.notFound) }
        let unit = try await Units.readable(id: change.unitId, scope: p.scope, on: req.sql)
        guard p.scope.canWrite(unitPath: unit.path) else { throw Abort(.notFound) }
        let confirmation = try req.content.decode(Confirmation.self)
        guard let reason = confirmation.cleanReason else {
            return try await UnitController.render(req: req, id: unit.id, error: "Lý do hoàn tác: không được để trống; hãy ghi vì sao thay đổi kia là nhầm.",
                                                   status: .unprocessableEntity)
        }
        let changeId = change.id
        if !confirmation.isConfirmed {
            do {
                try await req.dryRun { tx in _ = try await TreeChanges.reverse(changeId, reason: reason, in: tx) }
            } catch let abort as Abort where abort.status == .conflict || abort.status == .unprocessableEntity {
                return try await UnitController.render(req: req, id: unit.id, error: abort.reason, status: abort.status)
            }
            let when = CivilDate(iso: change.effectiveOn)?.vietnamese ?? change.effectiveOn
            let what = TreeChanges.verb(change.kind)
            let consequences = [
                "Hoàn tác việc \(what) \(unit.name) từ ngày \(when).",
                "\(VNFormat.integer(change.unitCount)) đơn vị và \(VNFormat.integer(change.memberCount)) đoàn viên trở lại đúng như trước ngày \(when); "
                    + "lịch sử của họ từ ngày đó không còn ghi thay đổi này.",
                "Nhật ký vẫn giữ cả thay đổi và việc hoàn tác.",
                "Lý do: \(reason)",
            ]
            return try await req.confirm(ConfirmPage(
                heading: "Xác nhận hoàn tác — " + unit.name, consequences: consequences, action: SiteURL.treeChangeReverse(.id(change.id)).path,
                fields: [.init(name: "reason", value: reason)], confirmLabel: "Hoàn tác", cancelURL: SiteURL.unit(.id(unit.id)).path))
        }
        do {
            _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await TreeChanges.reverse(changeId, reason: reason, in: tx) }
        } catch let abort as Abort where abort.status == .conflict || abort.status == .unprocessableEntity {
            return try await UnitController.render(req: req, id: unit.id, error: abort.reason, status: abort.status)
        }
        return req.redirect(.unit(.id(unit.id)), message: "reversed")
    }

    /// The unit page's list of changes, each with its reversal or the form to reverse it.
    static func items(for unitId: Int, canWrite: Bool, t: Strings, on sql: any SQLDatabase) async throws -> [UnitPage.Change] {
        try await TreeChanges.list(forUnit: unitId, on: sql).map { c in
            let when = CivilDate(iso: c.effectiveOn)?.vietnamese ?? c.effectiveOn
            let at = Clock.parse(c.madeAt).map(Clock.display) ?? c.madeAt
            let text = t.format("change_item", t["change_kind_" + c.kind], when, VNFormat.integer(c.unitCount), VNFormat.integer(c.memberCount),
                                c.reason, c.madeByName, at)
            let reversed = c.reversedAt.map { r in
                t.format("change_reversed", Clock.parse(r).map(Clock.display) ?? r, c.reversedByName ?? "", c.reversalReason ?? "")
            }
            let reversible = canWrite && c.reversedAt == nil && c.unitId == unitId
            return UnitPage.Change(text: text, reversed: reversed, reverseURL: reversible ? SiteURL.treeChangeReverse(.id(c.id)).path : nil)
        }
    }
}
