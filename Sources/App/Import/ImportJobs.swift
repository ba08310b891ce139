import Domain
import Foundation
import SQLKit
import Vapor

/// A file of a province's members is long work (100 000 rows: a quarter of a minute to check, as long to write), so
/// both steps run as jobs: the request that starts one answers at once, or as soon as the job is done when it is
/// quick, and the batch page shows a progress bar that survives leaving and coming back. The rows read so far are
/// kept on the batch, so that any app server can draw the bar.
///
/// While a job writes, SQLite's one writer is the import's own transaction: the rows read cannot be stored then, so
/// the server running the job also keeps them in memory (`ImportJobRegistry`), and with SQLite there is one server.
enum ImportJobs {
    /// How often a job stores its progress.
    static let tickEvery: TimeInterval = 1
    /// A job that has not reported for this long is taken for dead (its server stopped) unless this server runs it.
    static let silentAfter: TimeInterval = 300

    struct Input: Sendable {
        let batchId: Int
        let kind: Importer.Kind
        let data: Data
        let fileName: String
        let effective: CivilDate
        let actor: Actor
        /// A round's registrations (`Importer.Kind.registrations`).
        var roundId: Int? = nil
    }

    /// Checks the uploaded file in the background on this server.
    static func startCheck(app: Application, _ input: Input) async {
        await app.importJobs.begin(input.batchId)
        let progress = self.progress(app: app, batchId: input.batchId, storing: true)
        Task.detached {
            do {
                let round = try await input.roundId.asyncMap { try await Rounds.find(id: $0, on: app.sql) } ?? nil
                // A workbook's rows are known once its sheet is read: the bar gets its end.
                let total: Importer.Total = { rows in await ImportBatches.setTotal(input.batchId, rows: rows, on: app.sql) }
                let report = try await Importer.run(input.kind, data: input.data, fileName: input.fileName, actor: input.actor,
                                                    effective: input.effective, apply: false, progress: progress, total: total,
                                                    round: round, on: app.db)
                try await Writes.perform(on: app.db, actor: input.actor) { tx in try await ImportBatches.finishCheck(input.batchId, report: report, in: tx) }
            } catch {
                await failed(app: app, input, error, doing: "kiểm tra")
            }
            await app.importJobs.end(input.batchId)
        }
    }

    /// Writes a checked file in the background on this server. The rows are checked again as they are written (the
    /// data may have changed since), all or nothing, in one transaction.
    static func startWrite(app: Application, _ input: Input) async {
        await app.importJobs.begin(input.batchId)
        let progress = self.progress(app: app, batchId: input.batchId, storing: Dialect(app.sql) != .sqlite)
        let id = input.batchId
        Task.detached {
            do {
                let round = try await input.roundId.asyncMap { try await Rounds.find(id: $0, on: app.sql) } ?? nil
                let report = try await Importer.run(input.kind, data: input.data, fileName: input.fileName, actor: input.actor,
                                                    effective: input.effective, apply: true,
                                                    whenWriting: { tx in try await ImportBatches.markApplied(id, in: tx) },
                                                    progress: progress, round: round, on: app.db)
                try await Writes.perform(on: app.db, actor: input.actor) { tx in try await ImportBatches.finishWrite(id, report: report, in: tx) }
            } catch {
                await failed(app: app, input, error, doing: "ghi")
            }
            await app.importJobs.end(id)
        }
    }

    private static func failed(app: Application, _ input: Input, _ error: any Error, doing: String) async {
        let reason = (error as? any AbortError)?.reason ?? String(describing: error)
        app.logger.error("Nhập tệp #\(input.batchId) (\(input.fileName)): lỗi khi \(doing): \(reason)")
        _ = try? await Writes.perform(on: app.db, actor: input.actor) { tx in
            try await ImportBatches.fail(input.batchId, message: "Lỗi khi \(doing) tệp, chưa ghi gì: \(reason)", in: tx)
        }
    }

    /// Rows read so far into memory, and into the batch at most once a second when `storing`.
    private static func progress(app: Application, batchId: Int, storing: Bool) -> Importer.Progress {
        let last = LastTick()
        return { rows in
            await app.importJobs.set(batchId, rows: rows)
            let now = app.clock.now()
            guard storing, await last.due(now, every: tickEvery) else { return }
            await ImportBatches.tick(batchId, rows: rows, at: Clock.timestamp(now), on: app.sql)
        }
    }

    /// True when the job ended within `seconds` (its batch then holds the outcome).
    static func wait(for batchId: Int, seconds: Double, app: Application) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while await app.importJobs.isRunning(batchId) {
            if Date() >= deadline { return false }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return true
    }

    /// Rows read so far: this server's count when it runs the job, else what the job last stored.
    static func rowsRead(_ batch: ImportBatches.Batch, app: Application) async -> Int {
        await app.importJobs.rows(batch.id) ?? batch.progressRows
    }

    /// Jobs whose server stopped: a check is failed (upload the file again), a write reopened (it rolled back whole,
    /// nothing was written: confirm again). Run by `Housekeeping` on every server; a job this server runs is alive
    /// whatever its batch says.
    static func reclaimSilent(app: Application, now: Date) async throws -> Int {
        let before = Clock.timestamp(now.addingTimeInterval(-silentAfter))
        var reclaimed = 0
        for job in try await ImportBatches.silent(before: before, on: app.sql) {
            if await app.importJobs.isRunning(job.id) { continue }
            try await Writes.perform(on: app.db, actor: .cli(app)) { tx in
                if job.status == "writing" {
                    try await ImportBatches.reopen(job.id, in: tx)
                } else {
                    try await ImportBatches.fail(job.id, message: "Việc kiểm tra tệp bị gián đoạn (máy chủ dừng); hãy tải tệp lên lại.", in: tx)
                }
            }
            reclaimed += 1
        }
        return reclaimed
    }

    /// Data rows in a file, told cheaply when the file says: a CSV's line count (a quoted field across lines makes
    /// it an overestimate, which the bar survives). An .xlsx must be unpacked to be counted: unknown.
    static func estimateRows(_ data: Data, fileName: String?) -> Int? {
        guard !(fileName ?? "").lowercased().hasSuffix(".xlsx"), data.count >= 2,
              !(data[data.startIndex] == 0x50 && data[data.startIndex + 1] == 0x4B) else { return nil }  // "PK": a zip, not text
        var lines = 0
        data.withUnsafeBytes { raw in
            for byte in raw where byte == 0x0A { lines += 1 }
        }
        if data.last != 0x0A { lines += 1 }
        return max(0, lines - 1)
    }
}

/// The import jobs this server runs, with their rows read so far. One per application (tests run several side by
/// side, each on its own database, where batch ids repeat).
actor ImportJobRegistry {
    private var running: [Int: Int] = [:]

    func begin(_ id: Int) { running[id] = 0 }
    func set(_ id: Int, rows: Int) { if running[id] != nil { running[id] = rows } }
    func end(_ id: Int) { running[id] = nil }
    func rows(_ id: Int) -> Int? { running[id] }
    func isRunning(_ id: Int) -> Bool { running[id] != nil }
}

private actor LastTick {
    private var at: Date?
    func due(_ now: Date, every: TimeInterval) -> Bool {
        if let at, now.timeIntervalSince(at) < every { return false }
        at = now
        return true
    }
}

extension Application {
    private struct ImportJobsKey: StorageKey { typealias Value = ImportJobRegistry }

    /// Set up by `configure`, before any request.
    var importJobs: ImportJobRegistry {
        get { storage[ImportJobsKey.self]! }
        set { storage[ImportJobsKey.self] = newValue }
    }
}
