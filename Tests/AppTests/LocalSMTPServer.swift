import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A mail server the test starts on 127.0.0.1 (a free port): it speaks enough SMTP for our client, keeps every
/// message it accepts, and can be told to refuse recipients.
final class LocalSMTPServer: @unchecked Sendable {
    struct Received: Sendable { let from: String; let to: [String]; let data: String }

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: (any Channel)?
    private let store = NIOLockedValueBox<[Received]>([])
    let refuseRecipients = NIOLockedValueBox(false)
    private(set) var port = 0

    var messages: [Received] { store.withLockedValue { $0 } }

    func start() async throws {
        let server = self
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Session(server: server)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        port = channel.localAddress?.port ?? 0
    }

    func stop() async throws {
        try await channel?.close()
        try await group.shutdownGracefully()
    }

    fileprivate func keep(_ r: Received) { store.withLockedValue { $0.append(r) } }

    private final class Session: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let server: LocalSMTPServer
        var pending = ""
        var inData = false
        var data = ""
        var from = ""
        var to: [String] = []

        init(server: LocalSMTPServer) { self.server = server }

        func channelActive(context: ChannelHandlerContext) {
            say("220 localhost ESMTP thu-nghiem", context)
        }

        func say(_ line: String, _ context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: line + "\r\n")), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                handle(line, context)
            }
        }

        func handle(_ line: String, _ context: ChannelHandlerContext) {
            if inData {
                if line == "." {
                    inData = false
                    server.keep(Received(from: from, to: to, data: self.data))
                    self.data = ""; to = []
                    say("250 OK da nhan", context)
                } else {
                    self.data += (line.hasPrefix("..") ? String(line.dropFirst()) : line) + "\r\n"
                }
                return
            }
            let verb = line.prefix(4).uppercased()
            switch verb {
            case "EHLO", "HELO": say("250-localhost", context); say("250 AUTH PLAIN", context)
            case "AUTH": say("235 OK", context)
            case "MAIL": from = line; say("250 OK", context)
            case "RCPT":
                if server.refuseRecipients.withLockedValue({ $0 }) { say("550 Khong co hop thu nay", context) } else { to.append(line); say("250 OK", context) }
            case "DATA": inData = true; say("354 Gui noi dung, ket thuc bang .", context)
            case "QUIT": say("221 Tam biet", context); context.close(promise: nil)
            default: say("500 Khong hieu", context)
            }
        }
    }
}

extension LocalSMTPServer.Received {
    /// The header's Subject, decoded from its =?UTF-8?B?…?= form.
    var subject: String {
        let line = data.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") } ?? ""
        let encoded = line.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2)
        return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } ?? line
    }

    /// The plain-text body, decoded from base64.
    var body: String {
        guard let split = data.range(of: "\r\n\r\n") else { return "" }
        let b64 = data[split.upperBound...].components(separatedBy: "\r\n").joined()
        return Data(base64Encoded: b64).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
