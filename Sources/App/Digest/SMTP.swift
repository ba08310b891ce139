import Domain
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where mail goes: `NOIGUONG_SMTP_URL`, read once into `AppConfig`.
/// `smtp://[user:password@]host[:port][?from=address]` speaks plain SMTP (port 25 by default), the usual relay on a
/// closed government network; `smtps://…` wraps it in TLS from the first byte (port 465). With a user the client
/// logs in with AUTH PLAIN, which is refused over plain SMTP to any host but this machine.
struct SMTPSettings: Sendable, Equatable {
    var host: String
    var port: Int
    var tls: Bool
    var user: String?
    var password: String?
    var from: String

    static func parse(_ text: String) -> Result<SMTPSettings, SMTPError> {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            return .failure(.settings("NOIGUONG_SMTP_URL phải có dạng smtp://máy-chủ:cổng hoặc smtps://người-dùng:mật-khẩu@máy-chủ:cổng"))
        }
        let tls = scheme == "smtps"
        let from = url.queryItems?.first { $0.name == "from" }?.value ?? "noiguong@\(host)"
        if let problem = EmailCheck.problem(from) { return .failure(.settings("Địa chỉ gửi (from) không hợp lệ: \(problem)")) }
        let user = url.user.flatMap { $0.removingPercentEncoding }
        if user != nil, !tls, !["127.0.0.1", "localhost", "::1"].contains(host) {
            return .failure(.settings("Không gửi mật khẩu SMTP qua kết nối không mã hóa: dùng smtps:// hoặc một máy chủ chuyển thư trên chính máy này."))
        }
        return .success(SMTPSettings(host: host, port: url.port ?? (tls ? 465 : 25), tls: tls, user: user,
                                     password: url.password.flatMap { $0.removingPercentEncoding }, from: from))
    }
}

enum SMTPError: Error, CustomStringConvertible {
    case settings(String)
    case refused(step: String, reply: String)
    case closed
    case timedOut

    var description: String {
        switch self {
        case .settings(let m): m
        case .refused(let step, let reply): "Máy chủ thư từ chối (\(step)): \(reply)"
        case .closed: "Máy chủ thư đóng kết nối giữa chừng."
        case .timedOut: "Máy chủ thư không trả lời trong 30 giây."
        }
    }
}

/// One message: plain text in UTF-8, subject and names encoded for any mail reader.
struct MailMessage: Sendable {
    var to: String
    var toName: String
    var subject: String
    var body: String

    /// RFC 5322 text with CRLF line ends. The body is base64, so no line of it can start with a dot or run long.
    func rendered(from: String, fromName: String, date: Date, id: String) -> String {
        func encoded(_ text: String) -> String { "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?=" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(self.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(encoded(fromName)) <\(from)>",
            "To: \(encoded(toName)) <\(to)>",
            "Subject: \(encoded(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(id)@\(from.split(separator: "@").last ?? "noiguong")>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            body,
        ].joined(separator: "\r\n")
    }
}

/// A small SMTP client on SwiftNIO (no SMTP package can be resolved here): one connection per message, each reply
/// checked, the whole exchange given 30 seconds.
enum SMTPClient {
    static func send(_ message: MailMessage, fromName: String, settings: SMTPSettings, date: Date, group: any EventLoopGroup) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await exchange(message, fromName: fromName, settings: settings, date: date, group: group) }
            tasks.addTask {
                try await Task.sleep(for: .seconds(30))
                throw SMTPError.timedOut
            }
            defer { tasks.cancelAll() }
            try await tasks.next()
        }
    }

    private static func exchange(_ message: MailMessage, fromName: String, settings: SMTPSettings, date: Date, group: any EventLoopGroup) async throws {
        let tlsContext = settings.tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: settings.host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(inbound.makeAsyncIterator())
            func expect(_ codes: ClosedRange<Int>, _ step: String) async throws {
                let (code, text) = try await replies.next()
                guard codes.contains(code) else { throw SMTPError.refused(step: step, reply: "\(code) \(text)") }
            }
            func say(_ line: String, expect codes: ClosedRange<Int>, _ step: String) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await expect(codes, step)
            }
            try await expect(220...220, "chào")
            try await say("EHLO noiguong", expect: 250...250, "EHLO")
            if let user = settings.user {
                let token = Data("\0\(user)\0\(settings.password ?? "")".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)", expect: 235...235, "đăng nhập")
            }
            try await say("MAIL FROM:<\(settings.from)>", expect: 250...250, "người gửi")
            try await say("RCPT TO:<\(message.to)>", expect: 250...251, "người nhận")
            try await say("DATA", expect: 354...354, "DATA")
            let text = message.rendered(from: settings.from, fromName: fromName, date: date, id: UUID().uuidString.lowercased())
            try await say(text + "\r\n.", expect: 250...250, "nội dung")
            try await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// Replies as the server sends them: "250-…" lines continue a reply, "250 …" ends it.
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func line() async throws -> String {
            while true {
                if let end = pending.range(of: "\r\n") {
                    let line = String(pending[..<end.lowerBound])
                    pending.removeSubrange(..<end.upperBound)
                    return line
                }
                guard var buffer = try await iterator.next() else { throw SMTPError.closed }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }

        mutating func next() async throws -> (Int, String) {
            var text: [String] = []
            while true {
                let l = try await line()
                guard l.count >= 3, let code = Int(l.prefix(3)) else { throw SMTPError.refused(step: "đọc trả lời", reply: l) }
                text.append(String(l.dropFirst(4)))
                if l.count == 3 || l[l.index(l.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
            }
        }
    }
}
