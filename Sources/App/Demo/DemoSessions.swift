import Domain
import Foundation
import SQLKit
import Vapor

/// A year of study sessions for the demo: the education union's conference on the year's theme, the Party cells'
/// meetings every quarter with a few members who keep missing, and a union meeting next week that members are
/// invited to. Each is held and marked through the same code as the pages, on its own day.
enum DemoSessions {
    static func fill(app: Application, year: Int, console: any Console) async throws {
        let sql = app.sql
        let today = app.clock.today
        func actor(_ date: CivilDate) -> Actor { .demo(app, on: date) }
        func hold(_ input: StudySessions.Input) async throws -> StudySessions.Row? {
            let made = try await Writes.perform(on: app.db, actor: actor(input.heldOn)) { tx in try await StudySessions.create(input, in: tx) }
            return try await StudySessions.find(id: made.id, on: sql)
        }
        /// Most present, some excused, a few absent: the same members absent each time, as in the seeds' complaint.
        func mark(_ s: StudySessions.Row, salt: Int) async throws {
            guard s.day <= today else { return }
            let people = try await StudySessions.attendees(session: s.id, on: sql)
            var marks: [Int: (StudySessions.Attendance, String)] = [:]
            for p in people {
                let h = (p.memberId &* 2_654_435_761 &+ salt) % 100
                if p.memberId % 17 == 3 { marks[p.memberId] = (.absent, "") }
                else if h < 6 { marks[p.memberId] = (.excused, ["Ốm", "Đi công tác", "Con ốm", "Trực ca"][h % 4]) }
                else if h < 9 { marks[p.memberId] = (.absent, "") }
                else { marks[p.memberId] = (.present, "") }
            }
            let given = marks
            _ = try await Writes.perform(on: app.db, actor: actor(s.day)) { tx in try await StudySessions.mark(session: s, marks: given, in: tx) }
        }
        var held = 0
        if let education = try await Units.find(code: "TN-GD", on: sql) {
            let day = CivilDate(year: year, month: 2, day: 24)!
            if day <= today, let s = try await hold(.init(unitId: education.id, cellId: nil, heldOn: day, startsAt: "08:00", place: "Hội trường Sở Giáo dục và Đào tạo",
                                                          theme: "Quán triệt chuyên đề năm \(year) về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                                                          form: .conference, note: "", programmeId: 1)) {
                try await mark(s, salt: 1); held += 1
            }
        }
        struct Cell: Decodable { let id: Int; let name: String }
        let cells = try await sql.raw("""
            SELECT DISTINCT c.id, c.name FROM party_cells c JOIN role_grants g ON g.party_cell_id = c.id AND g.role = 'secretary'
            ORDER BY c.id LIMIT 4
            """).all(decoding: Cell.self, with: snakeCase)
        for cell in cells {
            for (i, month) in [3, 6, 9].enumerated() {
                let day = CivilDate(year: year, month: month, day: 10 + i)!
                guard day <= today, let s = try await hold(.init(unitId: nil, cellId: cell.id, heldOn: day, startsAt: "14:00", place: "Phòng họp",
                                                                   theme: "Sinh hoạt chuyên đề quý \(i + 1): làm theo Bác trong thực hiện nhiệm vụ",
                                                                   form: .cellMeeting, note: "", programmeId: 1)) else { continue }
                try await mark(s, salt: month); held += 1
            }
        }
        if let first = try await Units.find(code: "TN-CS0001", on: sql) {
            let next = today.adding(days: 7)
            if next.year == year, try await hold(.init(unitId: first.id, cellId: nil, heldOn: next, startsAt: "16:30", place: "Phòng truyền thống",
                                                       theme: "Sinh hoạt công đoàn: kể chuyện về tấm gương làm theo Bác", form: .unionMeeting,
                                                       note: "Mỗi tổ công đoàn chuẩn bị một câu chuyện.", programmeId: 1)) != nil {
                held += 1
            }
        }
        console.print("Học tập, sinh hoạt: \(held) buổi, đã điểm danh các buổi đã diễn ra.")
    }
}
