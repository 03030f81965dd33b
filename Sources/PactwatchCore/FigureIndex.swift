/// Every figure of the whole dataset, every party and every instrument as of any day, without a
/// pass over the obligations.
///
/// What an obligation adds to a tally (`ObligationKey`) changes only on a few days: when its
/// instrument is adopted, on each stage or deadline event, when a deadline is reached or passed
/// by 730 days, 271 days after its last stage event (stalled), and a year after it was first
/// implemented (velocity). Building the index evaluates each obligation on exactly those days,
/// through the same `state(of:asOf:)` the direct pass uses, and keeps every change, sorted by
/// day, with the tallies taken every few thousand changes. A query copies the last checkpoint at
/// or before its day and applies the changes after it: microseconds to a millisecond, whatever
/// the dataset's size.
///
///     let index = FigureIndex(snapshot)
///     let report = index.report(asOf: Day(iso: "2024-06-30")!)   // == snapshot.report(asOf:)
public struct FigureIndex: Sendable {
    public let snapshot: Snapshot
    /// The numbers behind every figure (what a database stores beside the ledger).
    public let tables: FigureTables
    /// Every event's index, sorted by (last day of its date, listed order): the latest events
    /// as of any day.
    let eventsByDay: [Int32]

    public init(_ snapshot: Snapshot) {
        self.init(snapshot, tables: FigureTables(snapshot))
    }

    /// An index over tables built earlier from the same record (read back from a store).
    public init(_ snapshot: Snapshot, tables: FigureTables) {
        self.snapshot = snapshot
        self.tables = tables
        // One integer key per event, (day, listed order), sorted: cheaper than comparing pairs.
        var keys = snapshot.dataset.events.enumerated().map { (($1.date.lastDay.ordinal + (1 << 30)) << 32) | $0 }
        keys.sort()
        eventsByDay = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// The whole dataset, every party and every instrument as of `day`: equal to
    /// `snapshot.report(asOf: day)`.
    public func report(asOf day: Day) -> StatusReport { tables.report(asOf: day) }

    /// One scope's figures as of `day`; scopes other than the whole dataset, a party or an
    /// instrument are computed by the direct pass.
    public func figures(for scope: Scope = .all, asOf day: Day) -> Figures {
        guard let slot = snapshot.slot(of: scope) else { return snapshot.figures(for: scope, asOf: day) }
        var forecasts = ForecastCache(asOf: day)
        return tables.tallies(asOf: day).figures(scope: slot, &forecasts)
    }

    /// The indices of up to `limit` events dated on or before `day` that match `include`,
    /// newest first (same day: listed later first), found from the newest back.
    public func latestEvents(asOf day: Day, limit: Int, where include: (Event) -> Bool = { _ in true }) -> [Int] {
        var lo = 0, hi = eventsByDay.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if snapshot.dataset.events[Int(eventsByDay[mid])].date.lastDay <= day { lo = mid + 1 } else { hi = mid }
        }
        var out: [Int] = []
        var i = lo - 1
        while i >= 0, out.count < limit {
            let e = Int(eventsByDay[i])
            if include(snapshot.dataset.events[e]) { out.append(e) }
            i -= 1
        }
        return out
    }

    /// The number of recorded changes (for benchmarks and tests).
    public var changeCount: Int { tables.changes.count }
}

extension Snapshot {
    /// Whether a commitment's obligations stand at different stages on `day` (false before its
    /// instrument is adopted).
    func differ(_ c: Int, asOf day: Day) -> Bool {
        if let from = existsFrom[c], from > day { return false }
        var first: Stage?
        for o in obligationsOf[c] {
            let stage = state(of: o, asOf: day).stage
            if let first, first != stage { return true }
            first = first ?? stage
        }
        return false
    }
}
