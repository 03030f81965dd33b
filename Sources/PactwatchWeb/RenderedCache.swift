import NIOCore

/// A cache of rendered bodies, bounded in bytes. Entries of an older data version are never
/// served: the version is part of every lookup, and a new version empties the cache. Concurrent
/// requests for the same representation of the same version wait for one render instead of each
/// drawing it; a body larger than `largest` is handed to its waiters but not kept.
actor RenderedCache {
    typealias Body = (String, ByteBuffer)
    /// The most bytes of bodies kept at once.
    let budget: Int
    /// The largest body kept.
    let largest: Int
    private var version = -1
    private var entries: [String: Body] = [:]
    /// Keys in the order they were stored (oldest first), and the bytes they hold.
    private var order: [String] = []
    private var first = 0
    private(set) var bytes = 0
    /// Representations being rendered (keyed by version and key), with the requests waiting for them.
    private var waiting: [String: [CheckedContinuation<Body, any Error>]] = [:]

    init(budget: Int = 64 << 20, largest: Int = 4 << 20) {
        self.budget = budget
        self.largest = largest
    }

    /// The cached body, or the one another request is rendering for the same version (after it
    /// finishes); nil when the caller must render it and then call `finish`.
    func awaitOrClaim(_ key: String, version: Int) async throws -> Body? {
        if version > self.version {
            self.version = version
            entries.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            first = 0
            bytes = 0
        }
        if version == self.version, let hit = entries[key] { return hit }
        let claim = "\(version)|\(key)"
        if waiting[claim] != nil {
            return try await withCheckedThrowingContinuation { waiting[claim, default: []].append($0) }
        }
        waiting[claim] = []
        return nil
    }

    func finish(_ key: String, version: Int, _ result: Result<Body, any Error>) {
        for waiter in waiting.removeValue(forKey: "\(version)|\(key)") ?? [] { waiter.resume(with: result) }
        guard version == self.version, case .success(let body) = result, body.1.readableBytes <= largest else { return }
        if let old = entries.updateValue(body, forKey: key) { bytes -= old.1.readableBytes } else { order.append(key) }
        bytes += body.1.readableBytes
        while bytes > budget, first < order.count {
            if let old = entries.removeValue(forKey: order[first]) { bytes -= old.1.readableBytes }
            first += 1
        }
        if first > 1024, first * 2 > order.count {
            order.removeFirst(first)
            first = 0
        }
    }

    /// The number of bodies kept (for tests).
    var count: Int { entries.count }
}
