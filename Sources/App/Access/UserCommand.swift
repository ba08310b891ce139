import Domain
import Vapor

/// `noiguong user create --username U --password P --role admin|official|viewer|secretary|member [--unit CODE]`
/// is how the first administrator is made on a fresh install.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "username") var username: String?
        @Option(name: "password") var password: String?
        @Option(name: "role", help: "admin | official | viewer | secretary | member") var role: String?
        @Option(name: "unit", help: "Mã đơn vị (official, viewer, secretary)") var unit: String?
        @Option(name: "cell", help: "Tên chi bộ (secretary)") var cell: String?
        @Option(name: "member", help: "Mã hồ sơ đoàn viên (member)") var member: Int?
        @Option(name: "name", help: "Tên hiển thị") var name: String?
        @Option(name: "email", help: "Địa chỉ nhận thư tổng hợp hằng ngày") var email: String?
    }

    var help: String { "Tạo tài khoản: user create --username U --password P --role admin|official|viewer|secretary|member [--unit CODE]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CLIError("Lệnh chưa hỗ trợ: \(signature.action). Dùng: user create …") }
        guard let username = signature.username, let password = signature.password, let roleText = signature.role else {
            throw CLIError("Cần đủ --username, --password và --role.")
        }
        guard let role = Role(rawValue: roleText) else { throw CLIError("Vai trò không hợp lệ: \(roleText) (admin, official, viewer, secretary, member).") }
        let app = context.application
        let email = signature.email.map(EmailCheck.normalized)
        if let email, let problem = EmailCheck.problem(email) { throw CLIError(problem) }
        do {
            let id = try await Writes.perform(on: app.db, actor: .cli(app)) { tx in
                let id = try await Accounts.create(username: username, password: password, displayName: signature.name ?? username,
                                          grant: .init(role: role, unitCode: signature.unit, cellName: signature.cell, memberId: signature.member),
                                          in: tx, cost: app.config.bcryptCost, app: app)
                if let email { try await Digests.setEmail(userId: id, email: email, in: tx) }
                return id
            }
            context.console.print("Đã tạo tài khoản \(username.lowercased()) (#\(id)), vai trò \(role.rawValue).")
        } catch let abort as Abort {
            throw CLIError(abort.reason)
        }
    }
}

struct CLIError: Error, CustomStringConvertible, LocalizedError {
    let description: String
    init(_ message: String) { description = message }
    var errorDescription: String? { description }
}
