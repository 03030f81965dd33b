/// The numbers behind every figure of the whole dataset, every party and every instrument, as of
/// any day, and nothing else: no record in memory is needed to answer from them.
///
/// What an obligation adds to a tally (`ObligationKey`) changes only on a few days: when its
/// instrument is adopted, on each stage or deadline event, when a deadline is reached or passed
/// by 730 days, 271 days after its last stage event (stalled), and a year after it was first
/// implemented (velocity). Building the tables evaluates each obligation on exactly those days,
/// through the same `state(of:asOf:)` the direct pass uses, and keeps every change, sorted by
/// day, with the tallies taken every few thousand changes. A query copies the last checkpoint at
/// or before its day and applies the changes after it.
///
/// A store keeps the encoded tables beside the ledger, written in the same transaction as the
/// rows they were computed from, so a fresh `pactwatch status --json` answers without reading
/// the record (`encoded()`, `init(decoding:)`).
public struct FigureTables: Sendable, Equatable {
    /// One change in what an obligation adds (or, with a negative subject, in a commitment's
    /// asymmetry).
    struct Change: Sendable, Equatable {
        let day: Int32
        /// The obligation, or −1 − the commitment for an asymmetry change.
        let subject: Int32
        let from: UInt16
        let to: UInt16
    }

    struct Checkpoint: Sendable, Equatable {
        /// The number of changes applied.
        let applied: Int
        let counts: [Int]
    }

    /// Tally slots: 0 is the whole dataset, then each party, then each instrument, in listed order.
    let partyIDs: [String]
    let instrumentIDs: [String]
    /// The distinct commitment weights, ascending.
    let weights: [Double]
    let changes: [Change]
    var checkpoints: [Checkpoint]
    /// Per obligation, the tally slots it counts in (`scopeStart[o]..<scopeStart[o + 1]`) and
    /// its weight class.
    let scopeStart: [Int32]
    let scopeList: [Int32]
    let weightOf: [Int32]
    /// Per commitment, the slots its asymmetry counts in.
    let asymmetryStart: [Int32]
    let asymmetryList: [Int32]
    /// Per instrument, its direct children (instrument positions): children and
    /// children_completed are read from their slots.
    let childStart: [Int32]
    let childList: [Int32]
    /// The same per tally slot, as `Tallies.children` wants them: derived once, not per query.
    var childSlots: [[Int]?]

    /// The day before every recorded date: the state all obligations start in.
    static let origin = Day(ordinal: Int(Int32.min) + 1)
    /// The checkpoints kept in memory are held within this many bytes.
    static let checkpointBudget = 8 << 20

    var scopeCount: Int { 1 + partyIDs.count + instrumentIDs.count }

    /// Per tally slot, the slots of its instrument's direct children (nil for other slots).
    static func childSlots(parties: Int, childStart: [Int32], childList: [Int32]) -> [[Int]?] {
        let first = 1 + parties
        return [[Int]?](repeating: nil, count: first)
            + zip(childStart, childStart.dropFirst()).map { a, b in childList[Int(a)..<Int(b)].map { first + Int($0) } }
    }
    var stride: Int { Tallies.fixed + weights.count * Tallies.stages }

    public init(_ snapshot: Snapshot) {
        partyIDs = snapshot.dataset.parties.map(\.id)
        instrumentIDs = snapshot.dataset.instruments.map(\.id)
        weights = snapshot.weightClasses
        var scopeStart: [Int32] = [0]
        var scopeList: [Int32] = []
        for o in snapshot.obligations.indices {
            scopeList += snapshot.scopesOf(obligation: o).map(Int32.init)
            scopeStart.append(Int32(scopeList.count))
        }
        self.scopeStart = scopeStart
        self.scopeList = scopeList
        weightOf = snapshot.tracks.map { Int32(snapshot.weightClassOf[$0.commitment]) }
        var childStart: [Int32] = [0]
        var childList: [Int32] = []
        for children in snapshot.childrenOf {
            childList += children.map(Int32.init)
            childStart.append(Int32(childList.count))
        }
        self.childStart = childStart
        self.childList = childList
        childSlots = FigureTables.childSlots(parties: partyIDs.count, childStart: childStart, childList: childList)

        var tallies = Tallies(scopes: 1 + snapshot.dataset.parties.count + snapshot.dataset.instruments.count, weights: weights)
        tallies.children = childSlots
        var changes: [Change] = []
        var days: [Int] = []
        // Obligations: the key at the origin goes into the starting tallies; then every change.
        for o in snapshot.obligations.indices {
            let track = snapshot.tracks[o]
            let c = track.commitment
            days.removeAll(keepingCapacity: true)
            if let from = snapshot.existsFrom[c] { days.append(from.ordinal) }
            for mark in track.stages { days.append(mark.day.ordinal); days.append(mark.day.ordinal + Figures.stalledDays + 1) }
            // A deadline: at risk from 90 days before it, due on it, long overdue 730 days after.
            if let deadline = track.deadline {
                days.append(deadline.ordinal - Figures.atRiskDays)
                days.append(deadline.ordinal)
                days.append(deadline.ordinal + Figures.longOverdueDays)
            }
            for mark in track.deadlines {
                days.append(mark.day.ordinal)
                days.append(mark.value.ordinal - Figures.atRiskDays)
                days.append(mark.value.ordinal)
                days.append(mark.value.ordinal + Figures.longOverdueDays)
            }
            if let first = track.firstImplemented { days.append(first.ordinal); days.append(first.ordinal + Figures.velocityDays) }
            days.sort()
            var previous = snapshot.key(of: o, asOf: FigureTables.origin)
            for scope in scopeList[Int(scopeStart[o])..<Int(scopeStart[o + 1])] {
                tallies.add(previous, weight: Int(weightOf[o]), sign: 1, scope: Int(scope))
            }
            var last = Int.min
            for day in days where day != last {
                last = day
                let key = snapshot.key(of: o, asOf: Day(ordinal: day))
                if key != previous {
                    changes.append(Change(day: Int32(clamping: day), subject: Int32(o), from: previous.bits, to: key.bits))
                    previous = key
                }
            }
        }
        // Asymmetry: a commitment of mode `each` whose obligations stand at different stages.
        var asymmetryStart: [Int32] = [0]
        var asymmetryList: [Int32] = []
        for (c, commitment) in snapshot.dataset.commitments.enumerated() {
            var slots: Set<Int32> = [0]
            for o in snapshot.obligationsOf[c] {
                for scope in scopeList[Int(scopeStart[o])..<Int(scopeStart[o + 1])] { slots.insert(scope) }
            }
            let sorted = slots.sorted()
            asymmetryList += sorted
            asymmetryStart.append(Int32(asymmetryList.count))
            guard commitment.mode == .each, !snapshot.obligationsOf[c].isEmpty else { continue }
            days.removeAll(keepingCapacity: true)
            if let from = snapshot.existsFrom[c] { days.append(from.ordinal) }
            for o in snapshot.obligationsOf[c] { for mark in snapshot.tracks[o].stages { days.append(mark.day.ordinal) } }
            days.sort()
            var previous = snapshot.differ(c, asOf: FigureTables.origin)
            if previous { for scope in sorted { tallies.addAsymmetry(1, scope: Int(scope)) } }
            var last = Int.min
            for day in days where day != last {
                last = day
                let now = snapshot.differ(c, asOf: Day(ordinal: day))
                if now != previous {
                    changes.append(Change(day: Int32(clamping: day), subject: Int32(-1 - c), from: previous ? 1 : 0, to: now ? 1 : 0))
                    previous = now
                }
            }
        }
        self.asymmetryStart = asymmetryStart
        self.asymmetryList = asymmetryList
        changes.sort { $0.day < $1.day }
        self.changes = changes
        checkpoints = [Checkpoint(applied: 0, counts: tallies.counts)]
        addCheckpoints(within: FigureTables.checkpointBudget)
    }

    /// Replaces every checkpoint but the first by one every `max(4096, …)` changes, all of them
    /// within `budget` bytes.
    mutating func addCheckpoints(within budget: Int) {
        let bytesPerCheckpoint = max(1, scopeCount * stride * MemoryLayout<Int>.size)
        let every = max(4096, changes.count / max(1, budget / bytesPerCheckpoint))
        var tallies = Tallies(scopes: 0, weights: weights)
        tallies.counts = checkpoints[0].counts
        var made = [checkpoints[0]]
        for (i, change) in changes.enumerated() {
            apply(change, to: &tallies)
            if (i + 1) % every == 0 { made.append(Checkpoint(applied: i + 1, counts: tallies.counts)) }
        }
        checkpoints = made
    }

    @inline(__always)
    func apply(_ change: Change, to tallies: inout Tallies) {
        if change.subject >= 0 {
            let o = Int(change.subject)
            let weight = Int(weightOf[o])
            for scope in scopeList[Int(scopeStart[o])..<Int(scopeStart[o + 1])] {
                tallies.add(ObligationKey(bits: change.from), weight: weight, sign: -1, scope: Int(scope))
                tallies.add(ObligationKey(bits: change.to), weight: weight, sign: 1, scope: Int(scope))
            }
        } else {
            let c = Int(-1 - change.subject)
            let sign = Int(change.to) - Int(change.from)
            for scope in asymmetryList[Int(asymmetryStart[c])..<Int(asymmetryStart[c + 1])] { tallies.addAsymmetry(sign, scope: Int(scope)) }
        }
    }

    /// The tallies as of `day`: the last checkpoint at or before it, plus the changes since.
    func tallies(asOf day: Day) -> Tallies {
        let target = Int32(clamping: day.ordinal)
        // The number of changes dated on or before the day.
        var lo = 0, hi = changes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if changes[mid].day <= target { lo = mid + 1 } else { hi = mid }
        }
        let applied = lo
        let checkpoint = checkpoints.last { $0.applied <= applied }!
        var tallies = Tallies(scopes: 0, weights: weights)
        tallies.counts = checkpoint.counts
        tallies.children = childSlots
        for i in checkpoint.applied..<applied { apply(changes[i], to: &tallies) }
        return tallies
    }

    /// The whole dataset, every party and every instrument as of `day`: equal to
    /// `snapshot.report(asOf: day)` for the snapshot the tables were built from.
    public func report(asOf day: Day) -> StatusReport {
        tallies(asOf: day).report(asOf: day, parties: partyIDs, instruments: instrumentIDs)
    }
}
