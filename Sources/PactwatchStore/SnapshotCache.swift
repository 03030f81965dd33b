import Dispatch
import Foundation
import Logging
import PactwatchCore

/// Holds the in-memory snapshot that serves reads, rebuilt only when the store's data version
/// moves (after an import by this process or any other), so a page never scans the database.
///
/// Two things keep it current: `watch()` (run it as a long-lived task) reloads as soon as the
/// store reports a change (PostgreSQL's LISTEN/NOTIFY, or SQLite's version poll), and every read
/// re-checks the version once `freshness` seconds have passed, in case a notification was lost.
///
/// The record is in memory, so a database that stops answering does not stop the site: once a
/// snapshot is loaded, a version check that takes longer than `patience` (or fails) is left to
/// finish in the background, and readers get the snapshot they had, with a warning in the log.
///
///     let cache = SnapshotCache(store: try SQLiteStore(path: "pactwatch.sqlite"))
///     let figures = try await cache.current().snapshot.report(asOf: day)
public actor SnapshotCache {
    /// A snapshot with the facts about the record it was built from.
    public struct Entry: Sendable {
        public var snapshot: Snapshot { figures.snapshot }
        /// Every figure of the whole, each party and each instrument, as of any day.
        public let figures: FigureIndex
        /// The data version it was built from (for ETags).
        public let version: Int
        /// When the record last changed (ISO 8601).
        public let updated: String?
        /// The ledger hash of each event, in order.
        public let eventHashes: LedgerHashes
    }

    let store: any Store
    private var entry: Entry?
    /// The reload under way, shared by every reader that needs it (one database read per change).
    private var loading: Task<Entry, any Error>?
    /// When the store's version was last read (seconds, monotonic); see `current()`.
    private var checked: Double = -.infinity
    /// How long a version read stays fresh.
    public let freshness: Double
    /// How long a reader waits for a version check before it is answered from the loaded
    /// snapshot (nil: as long as it takes, so a read sees every committed write).
    public let patience: Duration?
    /// The version check under way, shared by every reader that waits for it.
    private var checking: (task: Task<Int, any Error>, started: Double, number: Int)?
    private var checks = 0
    /// Whether the last check or reload failed (so the log says once when it answers again).
    private var unreachable = false
    let logger: Logger

    /// - Parameters:
    ///   - freshness: seconds between version checks on reads (0: check on every read).
    ///   - patience: how long a read waits for the database before the loaded snapshot answers it
    ///     (a server: half a second; nil, for tools and tests that must read their own writes: no limit).
    public init(
        store: any Store, freshness: Double = 0, patience: Duration? = nil,
        logger: Logger = Logger(label: "pactwatch.snapshot")
    ) {
        self.store = store
        self.freshness = freshness
        self.patience = patience
        self.logger = logger
    }

    /// The current snapshot, reloaded if the stored record changed since it was built. Before
    /// the first load this waits for the database (and throws if it fails); after it, a database
    /// that is slow or away is answered for by the snapshot already loaded.
    public func current() async throws -> Entry {
        let clock = Self.clock()
        guard let entry else { return try await reload() }
        if clock - checked < freshness { return entry }
        // A check that has hung for a second is left behind: the next one may find the database back.
        let check = checking.flatMap { clock - $0.started < 1 ? $0.task : nil } ?? startCheck(at: clock)
        let outcome = if let patience { await Self.first(of: check, within: patience) } else { await check.result.map { Optional($0) } }
        do {
            guard let now = try outcome.get() else {
                // Readers keep the loaded snapshot for `freshness` before asking again.
                checked = max(checked, clock)
                away(entry, "did not answer a version check within \(patience!)")
                return entry
            }
            checked = max(checked, clock)
            let current: Entry
            if now == entry.version {
                current = entry
            } else if let patience {
                // A new record is read in the background; until it is built the loaded one answers.
                guard let fresh = try await Self.first(of: reloading(), within: patience).get() else { return entry }
                current = fresh
            } else {
                current = try await reload()
            }
            if unreachable {
                unreachable = false
                logger.info("The database answers again", metadata: ["version": "\(current.version)"])
            }
            return current
        } catch {
            // Readers keep the loaded snapshot for `freshness` before asking again.
            checked = max(checked, clock)
            away(entry, "failed: \(error)")
            return entry
        }
    }

    private func startCheck(at clock: Double) -> Task<Int, any Error> {
        checks += 1
        let number = checks
        let task = Task { () async throws -> Int in
            defer { if checking?.number == number { checking = nil } }
            return try await store.version()
        }
        checking = (task, clock, number)
        return task
    }

    private func away(_ entry: Entry, _ why: String) {
        guard !unreachable else { return }
        unreachable = true
        logger.warning(
            "The database \(why); serving the snapshot already loaded until it answers",
            metadata: [
                "version": "\(entry.version)", "updated": "\(entry.updated ?? "-")",
            ])
    }

    /// The task's value, or nil when it takes longer than `limit` (the task goes on; awaiting
    /// it in a task group would not end with the group, as a task's value ignores cancellation).
    static func first<T: Sendable>(of task: Task<T, any Error>, within limit: Duration) async -> Result<T?, any Error> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T?, any Error>, Never>) in
            let once = Once(continuation)
            Task {
                let result = await task.result
                once.resume(result.map { $0 })
            }
            Task {
                try? await Task.sleep(for: limit)
                once.resume(.success(nil))
            }
        }
    }

    /// Resumes a continuation with the first value offered.
    final class Once<T: Sendable>: @unchecked Sendable {
        private var continuation: CheckedContinuation<T, Never>?
        private let lock = NSLock()
        init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = continuation }
        func resume(_ value: T) {
            let taken = lock.withLock { () -> CheckedContinuation<T, Never>? in
                defer { continuation = nil }
                return continuation
            }
            taken?.resume(returning: value)
        }
    }

    /// Reloads if the stored version moved; called when the store reports a change.
    public func refresh() async throws {
        let now = try await store.version()
        checked = Self.clock()
        if entry?.version != now { _ = try await reload() }
    }

    /// Refreshes on every change the store reports, until the calling task is cancelled.
    public nonisolated func watch() async throws {
        try await store.watch { [weak self] in
            guard let self else { return }
            do {
                try await self.refresh()
            } catch {
                // Readers keep the loaded snapshot; the next read or report tries again.
                self.logger.warning("Could not load the changed record; serving the loaded one", metadata: ["error": "\(error)"])
            }
        }
    }

    private func reload() async throws -> Entry { try await reloading().value }

    /// The reload under way, started if there is none: it stores its entry when done, whether
    /// or not anyone still waits for it.
    private func reloading() -> Task<Entry, any Error> {
        if let loading { return loading }
        let store = self.store, logger = self.logger
        // Off the actor: folding a million events takes seconds.
        let build = Task.detached { () async throws -> Entry in
            let stored = try await store.read()
            let snapshot = Snapshot(stored.dataset)
            // The tables stored with this version, when there are: no second pass over the
            // record, and none of building's intermediate memory.
            let tables: FigureTables?
            do {
                tables = try await store.figureTables(version: stored.version)
            } catch {
                logger.warning("The stored figure tables cannot be read; computing them from the record", metadata: ["error": "\(error)"])
                tables = nil
            }
            let index = FigureIndex(snapshot, tables: tables?.withDenseCheckpoints() ?? FigureTables(snapshot))
            return Entry(
                figures: index, version: stored.version,
                updated: stored.updated, eventHashes: stored.eventHashes)
        }
        let task = Task { () async throws -> Entry in
            defer { loading = nil }
            let fresh = try await build.value
            if fresh.version >= (entry?.version ?? -1) { entry = fresh }
            return entry!
        }
        loading = task
        return task
    }

    private static func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
