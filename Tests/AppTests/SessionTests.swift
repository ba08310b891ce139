import Domain
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Study sessions and attendance (issue 17): who may hold a session and take its attendance, who may read it,
/// invitations where members stood that day, marks checked and audited, and the year's rates one level down.
@Suite struct SessionTests {
    static func sessionId(_ app: Application, theme: String) async throws -> Int? {
        try await app.sql.raw("SELECT id FROM study_sessions WHERE theme = \(bind: theme)").first(decoding: IDRow.self)?.id
    }

    static func status(_ app: Application, session: Int, member: Int) async throws -> String? {
        struct S: Decodable { let status: String }
        return try await app.sql.raw("SELECT status FROM session_attendance WHERE session_id = \(bind: session) AND member_id = \(bind: member)")
            .first(decoding: S.self)?.status
    }

    /// Three officials take one session's attendance at once, on overlapping members: every write lands, and the
    /// session's kept count of marks still to take (migration 027) agrees with the marks themselves.
    @Test(arguments: TestDB.enabled)
    func attendanceTakenAtOnceKeepsItsCount(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let today = CivilDate.today()
            var browsers: [Browser] = []
            for _ in 0..<3 {
                let b = Browser(app)
                try await b.login("official")
                try await b.send(.GET, SiteURL.sessions.path)
                browsers.append(b)
            }
            let made = try await browsers[0].send(.POST, SiteURL.sessions.path, form: ["unit": "A", "theme": "Hội nghị quán triệt", "form": "conference",
                                                                                    "day": VNFormat.date(today), "time": "08:00", "place": "Hội trường"])
            #expect(made.status == .seeOther)
            let s = try #require(try await Self.sessionId(app, theme: "Hội nghị quán triệt"))
            #expect(try await Self.stillToMark(app, session: s) == 3)
            let mark = SiteURL.sessionAttendance(.id(s)).path
            let a1 = String(f.members["mA1"]!), a1a = String(f.members["mA1a"]!), a2 = String(f.members["mA2"]!)
            let forms = [["a[\(a1)]": "present", "a[\(a2)]": "absent"], ["a[\(a2)]": "present", "a[\(a1)]": "excused", "r[\(a1)]": "Ốm"],
                         ["a[\(a1a)]": "present"]]
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for (b, form) in zip(browsers, forms) { group.addTask { try await b.send(.POST, mark, form: form).status.code } }
                var out: [UInt] = []
                for try await c in group { out.append(c) }
                return out
            }
            #expect(codes == [303, 303, 303], "\(codes)")
            let invited = try await app.sql.raw("SELECT COUNT(*) AS n FROM session_attendance WHERE session_id = \(bind: s) AND status = 'invited'")
                .first(decoding: CountRow.self)?.n
            #expect(invited == 0)
            #expect(try await Self.stillToMark(app, session: s) == 0)
        }
    }

    static func stillToMark(_ app: Application, session: Int) async throws -> Int? {
        try await app.sql.raw("SELECT invited_count AS n FROM study_sessions WHERE id = \(bind: session)").first(decoding: CountRow.self)?.n
    }

    /// Whether the official's "what awaits me" asks them to take this session's attendance.
    static func awaitsAttendance(_ app: Application, _ f: Fixture, session: Int) async throws -> Bool {
        let p = try #require(try await Principals.load(userId: f.users["official"]!, via: .token(id: 0), today: app.clock.today, on: app.sql))
        return try await Awaits.lines(for: p, today: app.clock.today, on: app.sql).contains { $0.kind == .sessionUnmarked && $0.id == session }
    }

    @Test(arguments: TestDB.enabled)
    func sessionsByEveryRole(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let today = CivilDate.today()
            let official = Browser(app), viewer = Browser(app), secretary = Browser(app), member = Browser(app), other = Browser(app)
            for (b, name) in [(official, "official"), (viewer, "viewer"), (secretary, "secretary"), (member, "member"), (other, "officialB")] {
                try await b.login(name)
                try await b.send(.GET, SiteURL.sessions.path)
            }
            let list = SiteURL.sessions.path
            // Neither a viewer nor a member holds sessions; an official outside A cannot hold one for A1.
            #expect(try await viewer.send(.POST, list, form: ["unit": "A1", "theme": "x", "form": "conference", "day": VNFormat.date(today)]).status == .notFound)
            #expect(try await member.send(.POST, list, form: ["unit": "A1", "theme": "x", "form": "conference", "day": VNFormat.date(today)]).status == .notFound)
            #expect(try await other.send(.POST, list, form: ["unit": "A1", "theme": "x", "form": "conference", "day": VNFormat.date(today)]).status == .unprocessableEntity)
            // Bad input: a clear message, nothing written.
            let bad = try await official.send(.POST, list, form: ["unit": "A1", "theme": "", "form": "party", "day": "31/02/2026"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Hãy chọn hình thức"))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM study_sessions").first(decoding: CountRow.self)?.n == 0)

            // The official holds a conference for A1 today: A1's members that day are invited (A1 and A1a).
            let made = try await official.send(.POST, list, form: ["unit": "A1", "theme": "Quán triệt chuyên đề năm", "form": "conference",
                                                                    "day": VNFormat.date(today), "time": "08:00", "place": "Hội trường"])
            #expect(made.status == .seeOther)
            let s = try #require(try await Self.sessionId(app, theme: "Quán triệt chuyên đề năm"))
            let url = SiteURL.session(.id(s)).path
            #expect(try await StudySessions.counts(session: s, on: app.sql).invited == 2)
            #expect(try await Self.status(app, session: s, member: f.members["mA2"]!) == nil)
            // The session keeps how many are still to mark (migration 027), and it waits on the official's list.
            #expect(try await Self.stillToMark(app, session: s) == 2)
            #expect(try await Self.awaitsAttendance(app, f, session: s))

            // Who reads it: the official, the viewer, the secretary of A1's cell, an invited member; not B's official.
            for b in [official, viewer, secretary, member] { #expect(try await b.send(.GET, url).status == .ok) }
            #expect(try await other.send(.GET, url).status == .notFound)
            let mine = try await member.send(.GET, url)
            #expect(mine.text.contains("Nguyễn Thị Đào") && !mine.text.contains("Trần Văn Bình"))

            // Who takes attendance: the official only; the others get 404, as if it did not exist.
            let mark = SiteURL.sessionAttendance(.id(s)).path
            let a1 = String(f.members["mA1"]!), a1a = String(f.members["mA1a"]!), a2 = String(f.members["mA2"]!)
            for b in [viewer, secretary, member, other] {
                #expect(try await b.send(.POST, mark, form: ["a[\(a1)]": "present"]).status == .notFound)
            }
            // A stranger to the session, or a mark that is not one: refused, nothing written.
            #expect(try await official.send(.POST, mark, form: ["a[\(a1)]": "present", "a[\(a2)]": "present"]).status == .unprocessableEntity)
            #expect(try await official.send(.POST, mark, form: ["a[\(a1)]": "late"]).status == .badRequest)
            #expect(try await Self.status(app, session: s, member: f.members["mA1"]!) == "invited")
            let saved = try await official.send(.POST, mark, form: ["a[\(a1)]": "excused", "r[\(a1)]": "Ốm", "a[\(a1a)]": "absent"])
            #expect(saved.status == .seeOther)
            #expect(try await Self.status(app, session: s, member: f.members["mA1"]!) == "excused")
            #expect(try await Self.status(app, session: s, member: f.members["mA1a"]!) == "absent")
            let counts = try await StudySessions.counts(session: s, on: app.sql)
            #expect(counts.excused == 1 && counts.absent == 1 && counts.invited == 0)
            #expect(try await Self.stillToMark(app, session: s) == 0)
            #expect(try await !Self.awaitsAttendance(app, f, session: s))
            // Each write is in the register, in Vietnamese.
            struct Entry: Decodable { let summary: String }
            let entries = try await app.sql.raw("SELECT summary FROM audit_log WHERE entity = 'study_session' ORDER BY id").all(decoding: Entry.self)
            #expect(entries.count == 2 && entries[0].summary.contains("mời 2 đoàn viên") && entries[1].summary.contains("1 vắng không phép"))

            // A session later this month: invited, shown to the member as awaiting, but no attendance before its day.
            let later = try await official.send(.POST, list, form: ["unit": "A1", "theme": "Sinh hoạt chuyên đề tháng", "form": "union_meeting",
                                                                     "day": VNFormat.date(today.adding(days: 3))])
            #expect(later.status == .seeOther)
            let s2 = try #require(try await Self.sessionId(app, theme: "Sinh hoạt chuyên đề tháng"))
            let early = try await official.send(.POST, SiteURL.sessionAllPresent(.id(s2)).path, form: [:])
            #expect(early.status == .conflict && early.text.contains("chỉ điểm danh được từ ngày đó"))
            #expect(try await member.send(.GET, SiteURL.home.path).text.contains("Sinh hoạt chuyên đề tháng"))
        }
    }

    @Test(arguments: TestDB.enabled)
    func cellMeetingAndYearFigures(db: TestDB) async throws {
        try await withTestApp(db) { app in
            let f = try await Fixture.make(app)
            let today = CivilDate.today()
            let secretary = Browser(app), official = Browser(app), other = Browser(app)
            for (b, name) in [(secretary, "secretary"), (official, "official"), (other, "officialB")] {
                try await b.login(name)
                try await b.send(.GET, SiteURL.sessions.path)
            }
            struct Cell: Decodable { let id: Int }
            let cell = try #require(try await app.sql.raw("SELECT id FROM party_cells WHERE name = 'Chi bộ A1'").first(decoding: Cell.self)).id
            let cellB = try #require(try await app.sql.raw("SELECT id FROM party_cells WHERE name = 'Chi bộ B1'").first(decoding: Cell.self)).id
            // The secretary holds the cell's meeting; not another cell's.
            #expect(try await secretary.send(.POST, SiteURL.sessions.path, form: ["cell": String(cellB), "theme": "x", "form": "cell_meeting",
                                                                                   "day": VNFormat.date(today)]).status == .notFound)
            var ids: [Int] = []
            for (i, theme) in ["Sinh hoạt chi bộ tháng 10", "Sinh hoạt chi bộ tháng 11"].enumerated() {
                let r = try await secretary.send(.POST, SiteURL.sessions.path, form: ["cell": String(cell), "theme": theme, "form": "cell_meeting",
                                                                                      "day": VNFormat.date(today.adding(days: -i))])
                #expect(r.status == .seeOther, "\(r.text.prefix(300))")
                ids.append(try #require(try await Self.sessionId(app, theme: theme)))
            }
            let a1 = String(f.members["mA1"]!), a1a = String(f.members["mA1a"]!)
            for s in ids {
                #expect(try await StudySessions.counts(session: s, on: app.sql).invited == 2)
                // The secretary marks the absence, then everyone else present in one tap.
                #expect(try await secretary.send(.POST, SiteURL.sessionAttendance(.id(s)).path, form: ["a[\(a1a)]": "absent"]).status == .seeOther)
                #expect(try await secretary.send(.POST, SiteURL.sessionAllPresent(.id(s)).path, form: [:]).status == .seeOther)
                #expect(try await Self.status(app, session: s, member: f.members["mA1"]!) == "present")
            }
            // The year's figures for A: 2 present of 4 marked, all under A1; Trần Văn Bình keeps missing.
            let unitA = f.units["A"]!
            let block = try await AttendanceFigures.block(unit: unitA, year: today.year, on: app.sql)
            #expect(block.total.present == 2 && block.total.marked == 4)
            #expect(block.lines.map(\.name) == ["Công đoàn Trường THPT Long Xuyên"] && block.lines[0].absent == 2)
            let page = try await official.send(.GET, SiteURL.attendance.with([("unit", String(unitA.id))]))
            #expect(page.status == .ok && page.text.contains("50,0%") && page.text.contains("Trần Văn Bình"))
            #expect(try await official.send(.GET, SiteURL.unit(.id(unitA.id)).path).text.contains("id=\"attendance\""))
            let person = try await official.send(.GET, SiteURL.memberAttendance(.id(f.members["mA1a"]!)).path)
            #expect(person.status == .ok && person.text.contains("vắng không phép 2"))
            #expect(try await official.send(.GET, SiteURL.attendance.with([("year", "99999")])).status == .badRequest)
            // Out of scope: B's official sees none of it.
            #expect(try await other.send(.GET, SiteURL.attendance.with([("unit", String(unitA.id))])).status == .notFound)
            #expect(try await other.send(.GET, SiteURL.memberAttendance(.id(f.members["mA1a"]!)).path).status == .notFound)
            #expect(try await other.send(.GET, SiteURL.session(.id(ids[0])).path).status == .notFound)

            // The API: the same figures and rules.
            let year = try await official.send(.GET, SiteURL.api(.attendance).with([("unit", String(unitA.id))]))
            #expect(year.status == .ok && year.text.contains("\"present\":2") && year.text.contains("\"rate\":50"))
            #expect(try await other.send(.GET, SiteURL.api(.attendance).with([("unit", String(unitA.id))])).status == .notFound)
            #expect(try await official.send(.GET, SiteURL.api(.attendance).path).status == .badRequest)
            #expect(try await other.send(.GET, SiteURL.api(.session(.id(ids[0]))).path).status == .notFound)
            let people = try await secretary.send(.GET, SiteURL.api(.sessionAttendance(.id(ids[0]))).path)
            #expect(people.status == .ok && people.text.contains("Trần Văn Bình"))
            let marked = try await secretary.send(.POST, SiteURL.api(.sessionAttendance(.id(ids[0]))).path,
                                                  json: "{\"marks\": [{\"memberId\": \(a1a), \"status\": \"excused\", \"reason\": \"Ốm\"}]}")
            #expect(marked.status == .ok && marked.text.contains("\"excused\":1"), "\(marked.text)")
            #expect(try await other.send(.POST, SiteURL.api(.sessionAttendance(.id(ids[0]))).path,
                                         json: "{\"marks\": [{\"memberId\": \(a1a), \"status\": \"absent\"}]}").status == .notFound)
            #expect(try await secretary.send(.POST, SiteURL.api(.sessionAttendance(.id(ids[0]))).path,
                                             json: "{\"marks\": [{\"memberId\": \(a1a), \"status\": \"late\"}]}").status == .unprocessableEntity)
        }
    }
}
