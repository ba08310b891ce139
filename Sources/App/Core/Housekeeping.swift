import Foundation
import NIOCore
import SQLKit
import Vapor

/// Old rows nobody needs any more: expired sessions, log-in failures past every throttling window, and the
/// content of uploaded files a day after they were uploaded (personal data is kept no longer than needed). Every
/// app server runs it hourly; running it twice at once is harmless. On SQLite it also lets the engine refresh the
/// planner's statistics of tables that grew or lost them (`PRAGMA optimize`; PostgreSQL's autovacuum does this).
enum Housekeeping {
    struct Result: Sendable, Equatable { var sessions = 0; var loginFailures = 0; var uploads = 0 }

    static func run(on sql: any SQLDatabase, now: Date, config: AppConfig) async throws -> Result {
        var result = Result()
        let stamp = Clock.timestamp(now)
        result.sessions = try await sql.raw("DELETE FROM sessions WHERE expires_at <= \(bind: stamp) RETURNING id")
            .all(decoding: IDRow.self).count
        let failuresBefore = Clock.timestamp(now.addingTimeInterval(-max(config.loginWindow, 3600) * 4))
        result.loginFailures = try await sql.raw("DELETE FROM login_failures WHERE at < \(bind: failuresBefore) RETURNING id")
            .all(decoding: IDRow.self).count
        let uploadsBefore = Clock.timestamp(now.addingTimeInterval(-24 * 3600))
        result.uploads = try await sql.raw("""
            UPDATE import_batches SET content = \(bind: Data()), status = CASE WHEN status = 'validated' THEN 'expired' ELSE status END
            WHERE created_at < \(bind: uploadsBefore) AND LENGTH(content) > 0 AND status NOT IN ('checking', 'writing') RETURNING id
            """).all(decoding: IDRow.self).count
        if Dialect(sql) == .sqlite { try await sql.raw("PRAGMA optimize=0x10002").run() }
        return result
    }
}

/// Runs `Housekeeping`, and takes back import jobs whose server stopped, a minute after start and then every hour.
struct HousekeepingSchedule: LifecycleHandler {
    final class Box: @unchecked Sendable { var task: RepeatedTask? }
    let box = Box()

    func didBoot(_ app: Application) throws {
        let logger = app.logger
        box.task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .hours(1)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    let r = try await Housekeeping.run(on: app.sql, now: app.clock.now(), config: app.config)
                    let jobs = try await ImportJobs.reclaimSilent(app: app, now: app.clock.now())
                    logger.info("Dọn dẹp: \(r.sessions) phiên hết hạn, \(r.loginFailures) lần đăng nhập sai cũ, \(r.uploads) tệp tải lên quá một ngày, \(jobs) việc nhập tệp bị gián đoạn")
                } catch {
                    logger.warning("Dọn dẹp thất bại: \(error)")
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        box.task?.cancel()
    }
}
