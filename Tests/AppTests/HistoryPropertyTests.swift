import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Random histories of transfers, status changes, unit moves and merges, some of them attempted with a
/// backdated date, written through the app; then "members of a subtree on a date", listed and counted by SQL,
/// must equal a slow reference computed in Swift from the events alone.
@Suite struct HistoryPropertyTests {
    /// The reference: events in the order they were applied; on one date the later event wins.
    struct Model {
        var memberEvents: [Int: [(CivilDate, unit: Int, status: MemberStatus)]] = [:]
        var parentEvents: [Int: [(CivilDate, parent: Int?)]] = [:]

        func parent(of unit: Int, at d: CivilDate) -> Int?? {
            guard let e = parentEvents[unit]?.last(where: { $0.0 <= d }) else { return .none }
            return .some(e.parent)
        }

        func members(under root: Int, at d: CivilDate) -> Set<Int> {
            guard parent(of: root, at: d) != nil else { return [] }
            var out = Set<Int>()
            for (member, events) in memberEvents {
                guard let e = events.last(where: { $0.0 <= d }), e.status == .active || e.status == .suspended else { continue }
                var unit: Int? = e.unit
                var seen = 0
                while let u = unit, seen < 20 {
                    if u == root { out.insert(member); break }
                    guard let p = parent(of: u, at: d) else { break }
                    unit = p
                    seen += 1
                }
            }
            return out
        }
    }

    @Test(arguments: TestDB.enabled, [1, 2, 3])
    func onDateQueriesMatchTheReference(db: TestDB, seed: UInt64) async throws {
        var rng = SplitMix64(seed: seed &* 7919)
        try await withTestApp(db) { app in
            let kinds = try await Units.kinds(on: app.sql)
            @Sendable func kind(_ name: String) -> Int { Units.kind(named: name, in: kinds)!.id }
            let start = CivilDate(year: 2020, month: 1, day: 1)!
            var model = Model()
            // A root, two provinces, two grassroots unions under each.
            var ids: [String: Int] = [:]
            for (code, parent, kindName) in [("R", nil, "Tổng Liên đoàn"), ("P1", "R", "LĐLĐ tỉnh"), ("P2", "R", "LĐLĐ tỉnh"),
                                             ("G11", "P1", "CĐCS"), ("G12", "P1", "CĐCS"), ("G21", "P2", "CĐCS"), ("G22", "P2", "CĐCS")] as [(String, String?, String)] {
                let parentId = parent.map { ids[$0]! }
                let id = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    try await Units.create(.init(code: code, name: "Đơn vị \(code)", kindId: kind(kindName), parentId: parentId, partyCellId: nil, on: start), in: tx).id
                }
                ids[code] = id
                model.parentEvents[id] = [(start, parentId)]
            }
            var grassroots = ["G11", "G12", "G21", "G22"].map { ids[$0]! }
            var members: [Int] = []
            for i in 0..<14 {
                let unit = grassroots.randomElement(using: &rng)!
                let joined = start.adding(days: Int.random(in: 0...90, using: &rng))
                let input = MemberInput(fullName: "Trần Văn " + ["An", "Bình", "Cường", "Dũng", "Đức"][i % 5], birthDate: "15/03/1990", gender: "Nam", ethnicity: "Kinh",
                                        citizenID: "001090" + String(format: "%06d", 100 + i), unitCode: "G11", unionJoinDate: "01/09/2015", education: "Đại học")
                guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { Issue.record("invalid"); return }
                let id = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                    try await Members.create(draft, unitId: unit, on: joined, in: tx)
                }
                members.append(id)
                model.memberEvents[id] = [(joined, unit, .active)]
            }
            var day = CivilDate(year: 2020, month: 6, day: 1)!
            var checkDates: [CivilDate] = [start, day]
            var refused = 0
            for _ in 0..<40 {
                // Sometimes the same day as the last change: it must replace, not stack.
                day = day.adding(days: [0, 0, 1, 7, 30, 90].randomElement(using: &rng)!)
                checkDates += [day, day.adding(days: -1)]
                let roll = Int.random(in: 0..<100, using: &rng)
                if roll < 40 {
                    let m = members.randomElement(using: &rng)!
                    let target = grassroots.randomElement(using: &rng)!
                    let last = model.memberEvents[m]!.last!
                    // A transfer to the member's own unit changes nothing, so only a real one can be backdated.
                    let backdate = Int.random(in: 0..<6, using: &rng) == 0 && target != last.unit
                    let date = backdate ? last.0.adding(days: -1) : day
                    do {
                        try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                            try await Members.transfer(memberId: m, to: target, on: date, in: tx)
                        }
                        #expect(!backdate, "a backdated transfer was accepted")
                        if last.unit != target { model.memberEvents[m]!.append((date, target, last.status)) }
                    } catch let abort as Abort {
                        #expect(backdate, "transfer refused: \(abort.reason)")
                        refused += 1
                    }
                } else if roll < 70 {
                    let m = members.randomElement(using: &rng)!
                    let status = [MemberStatus.active, .suspended, .left].randomElement(using: &rng)!
                    let last = model.memberEvents[m]!.last!
                    let date = day
                    do {
                        try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                            try await Members.changeStatus(memberId: m, to: status, on: date, reason: "status", in: tx)
                        }
                        if last.status != status { model.memberEvents[m]!.append((day, last.unit, status)) }
                    } catch let abort as Abort {
                        Issue.record("status change refused: \(abort.reason)")
                    }
                } else if roll < 90 {
                    // Move a grassroots union to the other province.
                    let g = grassroots.randomElement(using: &rng)!
                    let current = model.parentEvents[g]!.last!.parent!
                    let other = current == ids["P1"]! ? ids["P2"]! : ids["P1"]!
                    let backdate = Int.random(in: 0..<6, using: &rng) == 0
                    let lastUnitChange = model.parentEvents[g]!.last!.0
                    let date = backdate ? lastUnitChange.adding(days: -1) : day
                    do {
                        try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                            try await Units.move(g, under: other, on: date, in: tx)
                        }
                        #expect(!backdate, "a backdated move was accepted")
                        model.parentEvents[g]!.append((date, other))
                    } catch let abort as Abort {
                        #expect(backdate, "move refused: \(abort.reason)")
                        refused += 1
                    }
                } else if grassroots.count > 2 {
                    // Merge one grassroots union into another: its current members follow.
                    let g = grassroots.remove(at: Int.random(in: 0..<grassroots.count, using: &rng))
                    let target = grassroots.randomElement(using: &rng)!
                    let date = day
                    try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                        try await Units.merge(g, into: target, on: date, in: tx)
                    }
                    for (m, events) in model.memberEvents {
                        let last = events.last!
                        if last.unit == g && (last.status == .active || last.status == .suspended) {
                            model.memberEvents[m]!.append((day, target, last.status))
                        }
                    }
                }
            }
            checkDates += (0..<10).map { _ in start.adding(days: Int.random(in: 0...2500, using: &rng)) }
            var mismatches: [String] = []
            for d in checkDates {
                for (code, unit) in ids {
                    let expected = model.members(under: unit, at: d)
                    let listed = try await MembersOnDate.list(under: unit, at: d, limit: 1000, on: app.sql)
                    let counted = try await MembersOnDate.count(under: unit, at: d, on: app.sql)
                    if Set(listed.map(\.id)) != expected || listed.count != expected.count || counted != expected.count {
                        mismatches.append("\(code) on \(d.iso): expected \(expected.sorted()), listed \(listed.map(\.id).sorted()), counted \(counted)")
                    }
                }
            }
            #expect(mismatches.isEmpty, Comment(rawValue: "seed \(seed), refused \(refused):\n" + mismatches.prefix(10).joined(separator: "\n")))
        }
    }
}
