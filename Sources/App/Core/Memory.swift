import Foundation

/// glibc gives each thread that meets contention a heap of its own, up to eight a core, and keeps what each heap once
/// held. The import's checking threads and SQLite's threads added 40 MB to an import of 100 000 rows that way. One
/// heap a core, and at least two, is enough; `MALLOC_ARENA_MAX` in the environment still decides when it is set.
/// Called first thing in `main`, before any thread starts. `mallopt` is not in Swift's Glibc module, so it is looked
/// up by name.
public func limitMallocArenas() {
    #if os(Linux)
    guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    let arenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
    let count = Int32(max(2, ProcessInfo.processInfo.activeProcessorCount))
    if let symbol = dlsym(nil, "mallopt") { _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, count) }
    #endif
}
