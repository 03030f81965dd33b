import Dispatch
import PactwatchCore

/// Holds the in-memory snapshot that serves reads, rebuilt only when the store's data version
/// moves (after an import by this process or any other), so a page never scans the database.
///
/// Two things keep it current: `watch()` (run it as a long-lived task) reloads as soon as the
/// store reports a change (PostgreSQL's LISTEN/NOTIFY, or SQLite's version poll), and every read
/// re-checks the version once `freshness` seconds have passed, in case a notification was lost.
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

    /// - Parameter freshness: seconds between version checks on reads (0: check on every read).
    public init(store: any Store, freshness: Double = 0) {
        self.store = store
        self.freshness = freshness
    }

    /// The current snapshot, reloaded if the stored record changed since it was built.
    public func current() async throws -> Entry {
        let clock = Self.clock()
        if let entry, clock - checked < freshness { return entry }
        let now = try await store.version()
        checked = max(checked, clock)
        if let entry, now == entry.version { return entry }
        return try await reload()
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
            try? await self?.refresh()
        }
    }

    private func reload() async throws -> Entry {
        if let loading { return try await loading.value }
        let store = self.store
        let task = Task {
            let stored = try await store.read()
            let snapshot = Snapshot(stored.dataset)
            // The tables stored with this version, when there are: no second pass over the
            // record, and none of building's intermediate memory.
            let tables = try? await store.figureTables(version: stored.version)
            let index = FigureIndex(snapshot, tables: tables?.withDenseCheckpoints() ?? FigureTables(snapshot))
            return Entry(figures: index, version: stored.version,
                         updated: stored.updated, eventHashes: stored.eventHashes)
        }
        loading = task
        defer { loading = nil }
        let fresh = try await task.value
        if fresh.version >= (entry?.version ?? -1) { entry = fresh }
        return entry!
    }

    private static func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
