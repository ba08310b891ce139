import Domain
import Foundation
import Vapor

/// `noiguong digest [--dry-run] [--user NAME]`: today's digest now, whatever the hour (the servers send it on their
/// own from NOIGUONG_DIGEST_HOUR). `--dry-run` prints the messages and writes nothing.
struct DigestCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "dry-run", help: "In thư ra màn hình, không gửi, không ghi gì") var dryRun: Bool
        @Option(name: "user", help: "Chỉ một tài khoản") var user: String?
    }

    var help: String { "Gửi thư tổng hợp hằng ngày ngay bây giờ (cần NOIGUONG_SMTP_URL): digest [--dry-run] [--user NAME]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let now = app.clock.now()
        if signature.dryRun {
            let printed = Printed()
            _ = try await Digest.run(app: app, settings: nil, now: now, only: signature.user?.lowercased()) { printed.add($0) }
            for m in printed.messages {
                context.console.print("Tới: \(m.toName) <\(m.to)>\nTiêu đề: \(m.subject)\n\n\(m.body)\n\(String(repeating: "-", count: 60))")
            }
            context.console.print("\(printed.messages.count) thư (chưa gửi).")
            return
        }
        guard let settings = app.config.smtp else {
            throw CLIError(app.config.smtpProblem ?? "Chưa cấu hình NOIGUONG_SMTP_URL: không có máy chủ thư để gửi.")
        }
        let o = try await Digest.run(app: app, settings: settings, now: now, only: signature.user?.lowercased())
        context.console.print("Thư tổng hợp ngày \(VNFormat.date(app.clock.today)): đã gửi \(o.sent), không gửi được \(o.failed), "
                              + "\(o.nothing) người không có việc chờ, \(o.taken) đã có máy chủ khác gửi.")
        if o.failed > 0 { throw CLIError("Có \(o.failed) thư không gửi được: xem nhật ký.") }
    }

    final class Printed: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var messages: [MailMessage] = []
        func add(_ m: MailMessage) { lock.withLock { messages.append(m) } }
    }
}
