import Domain
import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The databases a test runs on: SQLite always, PostgreSQL too when DATABASE_URL names one.
enum TestDB: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres

    var description: String { rawValue }

    static var enabled: [TestDB] {
        ProcessInfo.processInfo.environment["DATABASE_URL"].map { $0.hasPrefix("postgres") } == true ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// PostgreSQL tests share one database, so they take turns; SQLite tests each get their own file.
actor PostgresTurn {
    static let shared = PostgresTurn()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

func withTestApp<T>(_ db: TestDB, _ body: (Application) async throws -> T) async throws -> T {
    var config = AppConfig(bcryptCost: 4)
    // Each import answers with its outcome, as a small file does; ImportJobTests sets no wait to see the jobs.
    config.importWait = 600
    var file: String?
    switch db {
    case .sqlite:
        let path = NSTemporaryDirectory() + "noiguong-test-\(UUID().uuidString).sqlite"
        file = path
        config.database = .sqlite(path: path)
    case .postgres:
        await PostgresTurn.shared.acquire()
        config.database = .postgres(url: ProcessInfo.processInfo.environment["DATABASE_URL"]!)
        config.autoMigrate = false
    }
    let app = try await Application.make(.testing)
    // Every request and migration logs at info: CI's output would bury the failures under them.
    if ProcessInfo.processInfo.environment["NOIGUONG_TEST_LOG"] == nil { app.logger.logLevel = .warning }
    do {
        try await configure(app, config: config)
        if db == .postgres {
            try await app.sql.raw("DROP SCHEMA public CASCADE").run()
            try await app.sql.raw("CREATE SCHEMA public").run()
            try await app.autoMigrate()
        }
        let result = try await body(app)
        try await app.asyncShutdown()
        if db == .postgres { await PostgresTurn.shared.release() }
        cleanup(file)
        return result
    } catch {
        try? await app.asyncShutdown()
        if db == .postgres { await PostgresTurn.shared.release() }
        cleanup(file)
        throw error
    }
}

private func cleanup(_ file: String?) {
    guard let file else { return }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
}

/// A small tree with two provinces, used by the access, move and history tests.
///
///     TLD ─┬─ A ─┬─ A1 (Chi bộ A1) ── A1a
///          │     └─ A2
///          └─ B ──── B1 (Chi bộ B1)
struct Fixture {
    var units: [String: UnitRow] = [:]
    var members: [String: Int] = [:]
    var users: [String: Int] = [:]
    static let password = "mat-khau-thu-nghiem"

    /// `withMembers: false` leaves the members table empty, as before a province's first import.
    static func make(_ app: Application, withMembers: Bool = true) async throws -> Fixture {
        var f = Fixture()
        let kinds = try await Units.kinds(on: app.sql)
        func kind(_ name: String) -> Int { Units.kind(named: name, in: kinds)!.id }
        let start = CivilDate(year: 2020, month: 1, day: 1)!
        let specs: [(String, String, String, String?, String?)] = [
            ("TLD", "Tổng Liên đoàn Lao động Việt Nam", "Tổng Liên đoàn", nil, nil),
            ("A", "Liên đoàn Lao động tỉnh An Giang", "LĐLĐ tỉnh", "TLD", nil),
            ("A1", "Công đoàn Trường THPT Long Xuyên", "CĐCS", "A", "Chi bộ A1"),
            ("A1a", "Công đoàn bộ phận Văn phòng", "Công đoàn bộ phận", "A1", nil),
            ("A2", "Công đoàn Sở Tư pháp", "CĐCS", "A", nil),
            ("B", "Liên đoàn Lao động tỉnh Bắc Ninh", "LĐLĐ tỉnh", "TLD", nil),
            ("B1", "Công đoàn Công ty CP Kính Đáp Cầu", "CĐCS", "B", "Chi bộ B1"),
        ]
        for (code, name, kindName, parent, cell) in specs {
            let parentId = parent.map { f.units[$0]!.id }
            let kindId = kind(kindName)
            let unit = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                let u = try await Units.create(.init(code: code, name: name, kindId: kindId, parentId: parentId, partyCellId: nil, on: start), in: tx)
                if let cell {
                    let id = try await PartyCells.resolve(named: cell, for: u.path, create: true, in: tx)
                    try await Units.update(id: u.id, name: name, kindId: u.kindId, partyCellId: id, on: start, in: tx)
                }
                return try await Units.find(id: u.id, on: tx.sql)!
            }
            f.units[code] = unit
        }
        let people: [(String, String, String, String)] = [
            ("mA1", "Nguyễn Thị Đào", "A1", "001190000001"),
            ("mA1a", "Trần Văn Bình", "A1a", "001090000002"),
            ("mA2", "Lê Văn Ân", "A2", "001090000003"),
            ("mB1", "Phạm Thị Hà", "B1", "001190000004"),
        ]
        for (key, name, unit, cccd) in people where withMembers {
            let female = cccd.dropFirst(3).first == "1"
            let input = MemberInput(fullName: name, birthDate: "15/03/1990", gender: female ? "Nữ" : "Nam", ethnicity: "Kinh",
                                    citizenID: cccd, unitCode: unit, unionJoinDate: "01/09/2015", education: "Đại học")
            guard case .success(let draft) = MemberRules.validate(input, today: .today()) else { Issue.record("fixture member \(key) invalid"); continue }
            let unitId = f.units[unit]!.id
            f.members[key] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Members.create(draft, unitId: unitId, on: start, in: tx)
            }
        }
        let grants: [(String, Accounts.GrantRequest)] = [
            ("admin", .init(role: .admin)),
            ("official", .init(role: .official, unitCode: "A")),
            ("viewer", .init(role: .viewer, unitCode: "A")),
            ("secretary", .init(role: .secretary, unitCode: "A1", cellName: "Chi bộ A1")),
            ("member", .init(role: .member, memberId: f.members["mA1"])),
            ("officialB", .init(role: .official, unitCode: "B")),
        ]
        for (name, grant) in grants where withMembers || name != "member" {
            f.users[name] = try await Writes.perform(on: app.db, actor: .commandLine) { tx in
                try await Accounts.create(username: name, password: password, displayName: name, grant: grant, in: tx, cost: 4, app: app)
            }
        }
        return f
    }
}

/// A browser in a test: keeps cookies, reads the CSRF token from pages, follows nothing by itself.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String?
    var bearer: String?

    init(_ app: Application) { self.app = app }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil, json: String? = nil, headers extra: [String: String] = [:], withToken: Bool = true) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let bearer { headers.add(name: .authorization, value: "Bearer \(bearer)") }
        var body: ByteBuffer?
        if var form {
            if withToken, let csrf, form["_csrf"] == nil { form["_csrf"] = csrf }
            headers.contentType = .urlEncodedForm
            var c = URLComponents()
            c.queryItems = form.map { URLQueryItem(name: $0.key, value: $0.value) }
            let encoded = (c.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            body = ByteBuffer(string: encoded)
        }
        if let json {
            headers.contentType = .json
            if withToken, let csrf { headers.add(name: "X-CSRF-Token", value: csrf) }
            body = ByteBuffer(string: json)
        }
        for (k, v) in extra { headers.replaceOrAdd(name: k, value: v) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty || header.contains("Max-Age=0") { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
        let text = response.body.string
        if let range = text.range(of: "name=\"csrf-token\" content=\"") {
            let rest = text[range.upperBound...]
            csrf = String(rest.prefix { $0 != "\"" })
        }
        return response
    }

    /// A multipart form with one file, the CSRF token in its header.
    func upload(_ path: String, fields: [String: String] = [:], fileField: String = "file", fileName: String, bytes: [UInt8]) async throws -> TestingHTTPResponse {
        let boundary = "----noiguong\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.add(name: "X-CSRF-Token", value: csrf ?? "")
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
    }

    @discardableResult
    func login(_ username: String, password: String = Fixture.password) async throws -> TestingHTTPResponse {
        try await send(.GET, "/login")
        let response = try await send(.POST, "/login", form: ["username": username, "password": password])
        try await send(.GET, "/account")
        return response
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }
}
