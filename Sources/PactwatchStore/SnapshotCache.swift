import Dispatch
import PactwatchCore

/// Holds the in-memory snapshot that serves reads, rebuilt only when the store's data version
/// moves (after an import by this process or any other), so a page never scans the database.
///
///     let cache = SnapshotCache(store: try SQLiteStore(path: "pactwatch.sqlite"))
///     let figures = try await cache.current().figures(asOf: day)
public actor SnapshotCache {
    let store: any Store
    private var snapshot: Snapshot?
    private var version = -1
    private var lastUpdate: String?
    private var hashes: [String] = []
    /// When the store's version was last read (seconds, monotonic); see `current()`.
    private var checked: Double = -.infinity
    /// How long a version read stays fresh: a write elsewhere is served within this many seconds.
    public let freshness: Double

    /// - Parameter freshness: seconds between version checks (0: check on every read).
    public init(store: any Store, freshness: Double = 0) {
        self.store = store
        self.freshness = freshness
    }

    /// The current snapshot, reloaded if the stored record changed since it was built.
    public func current() throws -> Snapshot {
        let clock = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        if let snapshot, clock - checked < freshness { return snapshot }
        let now = try store.version()
        checked = clock
        if let snapshot, now == version { return snapshot }
        let stored = try store.read()
        let fresh = Snapshot(stored.dataset)
        snapshot = fresh
        version = stored.version
        lastUpdate = stored.updated
        hashes = stored.eventHashes
        return fresh
    }

    /// The data version the current snapshot was built from (for ETags).
    public var dataVersion: Int { version }

    /// The ledger hash of each event of the current snapshot, in order.
    public var eventHashes: [String] { hashes }

    /// When the record last changed (ISO 8601), as of the current snapshot.
    public var updated: String? { lastUpdate }
}
