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
    /// One change in what an obligation adds (or, with `commitment`, in a commitment's asymmetry).
    struct Change: Sendable {
        let day: Int32
        /// The obligation, or −1 − the commitment for an asymmetry change.
        let subject: Int32
        let from: UInt8
        let to: UInt8
    }

    struct Checkpoint: Sendable {
        /// The number of changes applied.
        let applied: Int
        let counts: [Int]
    }

    public let snapshot: Snapshot
    let changes: [Change]
    let checkpoints: [Checkpoint]
    /// Per obligation, the tally slots it counts in (`scopeStart[o]..<scopeStart[o + 1]`).
    let scopeStart: [Int32]
    let scopeList: [Int32]
    /// Per commitment, the slots its asymmetry counts in.
    let asymmetryScopes: [[Int32]]
    /// Every event's index, sorted by (last day of its date, listed order): the latest events
    /// as of any day.
    let eventsByDay: [Int32]
    let stride: Int

    /// The day before every recorded date: the state all obligations start in.
    static let origin = Day(ordinal: Int(Int32.min) + 1)

    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        var scopeStart: [Int32] = [0]
        var scopeList: [Int32] = []
        for o in snapshot.obligations.indices {
            scopeList += snapshot.scopesOf(obligation: o).map(Int32.init)
            scopeStart.append(Int32(scopeList.count))
        }
        self.scopeStart = scopeStart
        self.scopeList = scopeList

        var tallies = Tallies(scopes: snapshot.scopeCount, weights: snapshot.weightClasses)
        stride = tallies.stride
        var changes: [Change] = []
        var days: [Int] = []
        // Obligations: the key at the origin goes into the starting tallies; then every change.
        for o in snapshot.obligations.indices {
            let track = snapshot.tracks[o]
            let c = track.commitment
            days.removeAll(keepingCapacity: true)
            if let from = snapshot.existsFrom[c] { days.append(from.ordinal) }
            for mark in track.stages { days.append(mark.day.ordinal); days.append(mark.day.ordinal + Figures.stalledDays + 1) }
            if let deadline = track.deadline { days.append(deadline.ordinal); days.append(deadline.ordinal + Figures.longOverdueDays) }
            for mark in track.deadlines {
                days.append(mark.day.ordinal)
                days.append(mark.value.ordinal)
                days.append(mark.value.ordinal + Figures.longOverdueDays)
            }
            if let first = track.firstImplemented { days.append(first.ordinal); days.append(first.ordinal + Figures.velocityDays) }
            days.sort()
            var previous = snapshot.key(of: o, asOf: FigureIndex.origin)
            for scope in scopeList[Int(scopeStart[o])..<Int(scopeStart[o + 1])] {
                tallies.add(previous, weight: snapshot.weightClassOf[c], sign: 1, scope: Int(scope))
            }
            var last = Int.min
            for day in days where day != last {
                last = day
                let key = snapshot.key(of: o, asOf: Day(ordinal: day))
                if key != previous {
                    changes.append(Change(day: FigureIndex.clamp(day), subject: Int32(o), from: previous.bits, to: key.bits))
                    previous = key
                }
            }
        }
        // Asymmetry: a commitment of mode `each` whose obligations stand at different stages.
        var asymmetryScopes: [[Int32]] = []
        for (c, commitment) in snapshot.dataset.commitments.enumerated() {
            var slots: Set<Int32> = [0]
            for o in snapshot.obligationsOf[c] {
                for scope in scopeList[Int(scopeStart[o])..<Int(scopeStart[o + 1])] { slots.insert(scope) }
            }
            asymmetryScopes.append(slots.sorted())
            guard commitment.mode == .each, !snapshot.obligationsOf[c].isEmpty else { continue }
            days.removeAll(keepingCapacity: true)
            if let from = snapshot.existsFrom[c] { days.append(from.ordinal) }
            for o in snapshot.obligationsOf[c] { for mark in snapshot.tracks[o].stages { days.append(mark.day.ordinal) } }
            days.sort()
            var previous = snapshot.differ(c, asOf: FigureIndex.origin)
            if previous { for scope in asymmetryScopes[c] { tallies.addAsymmetry(1, scope: Int(scope)) } }
            var last = Int.min
            for day in days where day != last {
                last = day
                let now = snapshot.differ(c, asOf: Day(ordinal: day))
                if now != previous {
                    changes.append(Change(day: FigureIndex.clamp(day), subject: Int32(-1 - c), from: previous ? 1 : 0, to: now ? 1 : 0))
                    previous = now
                }
            }
        }
        self.asymmetryScopes = asymmetryScopes
        changes.sort { $0.day < $1.day }
        self.changes = changes

        // A checkpoint every `every` changes, keeping all of them within about 32 MB.
        let bytesPerCheckpoint = max(1, tallies.counts.count * MemoryLayout<Int>.size)
        let every = max(4096, changes.count / max(1, (32 << 20) / bytesPerCheckpoint))
        var checkpoints = [Checkpoint(applied: 0, counts: tallies.counts)]
        for (i, change) in changes.enumerated() {
            FigureIndex.apply(change, to: &tallies, snapshot: snapshot, scopeStart: scopeStart, scopeList: scopeList, asymmetryScopes: asymmetryScopes)
            if (i + 1) % every == 0 { checkpoints.append(Checkpoint(applied: i + 1, counts: tallies.counts)) }
        }
        self.checkpoints = checkpoints
        // One integer key per event, (day, listed order), sorted: cheaper than comparing pairs.
        var keys = snapshot.dataset.events.enumerated().map { (($1.date.lastDay.ordinal + (1 << 30)) << 32) | $0 }
        keys.sort()
        eventsByDay = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    static func clamp(_ day: Int) -> Int32 { Int32(clamping: day) }

    static func apply(_ change: Change, to tallies: inout Tallies, snapshot: Snapshot,
                      scopeStart: [Int32], scopeList: [Int32], asymmetryScopes: [[Int32]]) {
        if change.subject >= 0 {
            let o = Int(change.subject)
            let weight = snapshot.weightClassOf[snapshot.tracks[o].commitment]
            for scope in scopeList[Int(scopeStart[o])..<Int(scopeStart[o + 1])] {
                tallies.add(ObligationKey(bits: change.from), weight: weight, sign: -1, scope: Int(scope))
                tallies.add(ObligationKey(bits: change.to), weight: weight, sign: 1, scope: Int(scope))
            }
        } else {
            let sign = Int(change.to) - Int(change.from)
            for scope in asymmetryScopes[Int(-1 - change.subject)] { tallies.addAsymmetry(sign, scope: Int(scope)) }
        }
    }

    /// The tallies as of `day`: the last checkpoint at or before it, plus the changes since.
    func tallies(asOf day: Day) -> Tallies {
        let target = FigureIndex.clamp(day.ordinal)
        // The number of changes dated on or before the day.
        var lo = 0, hi = changes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if changes[mid].day <= target { lo = mid + 1 } else { hi = mid }
        }
        let applied = lo
        let checkpoint = checkpoints.last { $0.applied <= applied }!
        var tallies = Tallies(scopes: 0, weights: snapshot.weightClasses)
        tallies.counts = checkpoint.counts
        for i in checkpoint.applied..<applied {
            FigureIndex.apply(changes[i], to: &tallies, snapshot: snapshot, scopeStart: scopeStart, scopeList: scopeList, asymmetryScopes: asymmetryScopes)
        }
        return tallies
    }

    /// The whole dataset, every party and every instrument as of `day`: equal to
    /// `snapshot.report(asOf: day)`.
    public func report(asOf day: Day) -> StatusReport {
        snapshot.report(tallies(asOf: day), asOf: day)
    }

    /// One scope's figures as of `day`; scopes other than the whole dataset, a party or an
    /// instrument are computed by the direct pass.
    public func figures(for scope: Scope = .all, asOf day: Day) -> Figures {
        let slot: Int?
        switch scope {
        case .all: slot = 0
        case .party(let id): slot = snapshot.partyIndex[id].map { 1 + $0 }
        case .instrument(let id): slot = snapshot.instrumentIndex[id].map { 1 + snapshot.dataset.parties.count + $0 }
        case .commitment, .area: slot = nil
        }
        guard let slot else { return snapshot.figures(for: scope, asOf: day) }
        var forecasts = ForecastCache(asOf: day)
        return tallies(asOf: day).figures(scope: slot, &forecasts)
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
    public var changeCount: Int { changes.count }
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
