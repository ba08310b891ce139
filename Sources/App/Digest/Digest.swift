import Domain
import Foundation
import NIOCore
import Vapor

/// The daily digest (issue 17 item 6): for each person with an address, what awaits them on the home page, by
/// e-mail, in Vietnamese, once a day. Nothing waiting, no mail.
enum Digest {
    struct Outcome: Sendable, Equatable { var sent = 0; var nothing = 0; var failed = 0; var taken = 0 }

    /// `send` nil writes nothing and sends nothing: the messages are returned (the CLI's `--dry-run`).
    static func run(app: Application, settings: SMTPSettings?, now: Date, only username: String? = nil,
                    preview: (@Sendable (MailMessage) -> Void)? = nil) async throws -> Outcome {
        let sql = app.sql
        let day = CivilDate(now, in: CivilDate.vietnam)
        let t = Strings(language: .vi)
        var outcome = Outcome()
        var actor = Actor.cli(app)
        actor.username = "hệ thống"
        actor.clock = .fixed(now)
        for r in try await Digests.recipients(day: day, only: username, on: sql) {
            guard let p = try await Principals.load(userId: r.id, via: .background, today: day, on: sql) else { continue }
            let items = try await Awaits.list(for: p, today: day, t: t, on: sql)
            let message = compose(to: r, items: items, day: day, publicURL: app.config.publicURL, t: t)
            if let preview {
                if !items.isEmpty { preview(message) }
                continue
            }
            guard let settings else { continue }
            let claimed = try await Writes.perform(on: app.db, actor: actor) { tx in try await Digests.claim(r, day: day, items: items.count, in: tx) }
            guard let id = claimed else { outcome.taken += 1; continue }
            if items.isEmpty { outcome.nothing += 1; continue }
            var failure: String?
            do {
                try await SMTPClient.send(message, fromName: t["digest_from_name"], settings: settings, date: now, group: app.eventLoopGroup)
                outcome.sent += 1
            } catch {
                failure = String(describing: error)
                outcome.failed += 1
                app.logger.warning("Gửi thư tổng hợp cho \(r.username) không được: \(error)")
            }
            let error = failure
            try await Writes.perform(on: app.db, actor: actor) { tx in try await Digests.finish(id, recipient: r, error: error, in: tx) }
        }
        return outcome
    }

    static func compose(to r: Digests.Recipient, items: [Awaits.Item], day: CivilDate, publicURL: String, t: Strings) -> MailMessage {
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        var lines = [t.format("digest_greeting", r.displayName), "", t.format("digest_lead", VNFormat.date(day), VNFormat.integer(items.count)), ""]
        for (i, item) in items.enumerated() {
            lines.append("\(i + 1). \(item.label) — \(item.due)")
            lines.append("   \(base)\(item.url)")
        }
        lines += ["", t.format("digest_home", base + SiteURL.home.path), "", t.format("digest_footer", base + SiteURL.account.path)]
        return MailMessage(to: r.email, toName: r.displayName, subject: t.format("digest_subject", VNFormat.integer(items.count), VNFormat.date(day)),
                           body: lines.joined(separator: "\n"))
    }
}

/// Every app server looks every ten minutes, from the configured hour (Vietnam time) on; the claims decide who sends.
struct DigestSchedule: LifecycleHandler {
    final class Box: @unchecked Sendable { var task: RepeatedTask? }
    let box = Box()
    let settings: SMTPSettings

    func didBoot(_ app: Application) throws {
        let logger = app.logger, settings = self.settings
        box.task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(2), delay: .minutes(10)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let now = app.clock.now()
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = CivilDate.vietnam
                guard calendar.component(.hour, from: now) >= app.config.digestHour else { return }
                do {
                    let o = try await Digest.run(app: app, settings: settings, now: now)
                    if o.sent + o.failed > 0 { logger.info("Thư tổng hợp: đã gửi \(o.sent), không gửi được \(o.failed)") }
                } catch {
                    logger.warning("Thư tổng hợp thất bại: \(error)")
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        box.task?.cancel()
    }
}
