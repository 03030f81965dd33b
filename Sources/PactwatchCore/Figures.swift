/// Every figure of DESIGN.md for one scope as of one day, with the counts behind each share.
///
/// An empty scope (no obligation exists in it at the as-of day) has `obligations == 0` and
/// nil for every other figure: "no data" is never a silent 0.
public struct Figures: Hashable, Sendable {
    /// Obligations that exist at the as-of day.
    public var obligations = 0
    /// Obligations per stage (all six stages, zeros included).
    public var byStage: [Stage: Int] = Dictionary(uniqueKeysWithValues: Stage.allCases.map { ($0, 0) })
    /// Σ w over the obligations in scope (w = the commitment's weight).
    public var weight: Double?
    /// Σ w·weight(stage) / Σ w.
    public var progress: Double?
    /// Obligations in `in_force` or `applied`.
    public var implementedCount: Int?
    /// Σ w·[implemented] / Σ w.
    public var implemented: Double?
    /// Obligations in `applied`.
    public var appliedCount: Int?
    /// Σ w·[applied] / Σ w.
    public var practice: Double?
    /// Obligations whose deadline ≤ the as-of day.
    public var due: Int?
    /// Due obligations not implemented.
    public var overdue: Int?
    /// overdue / due; nil when nothing is due.
    public var deficit: Double?
    /// Not implemented, deadline ≤ as-of − 730 days.
    public var longOverdue: Int?
    /// In preparation or adopted, last stage event more than 270 days before the as-of day.
    public var stalled: Int?
    /// Commitments of mode `each` whose owing parties are not all at the same stage.
    public var asymmetry: Int?
    /// Obligations first implemented in (as-of − 365 days, as-of]: per year.
    public var velocity: Int?
    /// Obligations neither implemented nor abandoned.
    public var remaining: Int?
    /// nil when velocity is 0 and work remains ("no movement in a year").
    public var forecast: Forecast?

    public static let longOverdueDays = 730
    public static let stalledDays = 270
    public static let velocityDays = 365

    public init() {}
}

/// The figures of a scope and of every party and instrument within it, as of one day: the
/// public shape of `pactwatch status --json` and of the API's status.
public struct StatusReport: Sendable {
    public let asOf: Day
    /// The scopes the report is restricted to (all of them at once); empty for the whole dataset.
    public let within: [Scope]
    public let overall: Figures
    /// Every party of the dataset, in listed order, restricted to `within`.
    public let parties: [(id: String, figures: Figures)]
    /// Every instrument (with its descendants), in listed order, restricted to `within`.
    public let instruments: [(id: String, figures: Figures)]
}

extension Snapshot {
    /// The figures of one scope as of `day`.
    public func figures(for scope: Scope = .all, asOf day: Day) -> Figures {
        report(asOf: day, within: [scope]).overall
    }

    /// All figures in one pass over the obligations: the whole of `within`, and each party and
    /// each instrument intersected with it.
    public func report(asOf day: Day, within scopes: [Scope] = []) -> StatusReport {
        var overall = Tally()
        var byParty = [Tally](repeating: Tally(), count: dataset.parties.count)
        var byInstrument = [Tally](repeating: Tally(), count: dataset.instruments.count)
        let windowStart = day.ordinal - Figures.velocityDays

        // Visit only the commitments of the narrowest scope; the others add nothing.
        let visit = scopes.filter { $0 != .all }.map(candidates).min { $0.count < $1.count } ?? Array(dataset.commitments.indices)
        for c in visit {
            let commitment = dataset.commitments[c]
            if let from = existsFrom[c], from > day { continue }
            let instruments = instrumentIndex[commitment.instrument].map { lineage[$0] } ?? []
            var firstStage: Stage?
            var differ = false
            var inScopeParties: [Int] = []
            var anyInScope = false
            for o in obligationsOf[c] {
                let state = state(of: o, asOf: day)
                if let first = firstStage { differ = differ || first != state.stage } else { firstStage = state.stage }
                guard scopes.allSatisfy({ obligation(o, isIn: $0) }) else { continue }
                anyInScope = true
                var entry = Entry(weight: commitment.weight, state: state)
                if let first = firstImplemented(o, asOf: day), first.ordinal > windowStart { entry.movedThisYear = true }
                overall.add(entry)
                for i in instruments { byInstrument[i].add(entry) }
                let parties = obligations[o].party.map { [$0] } ?? owing[c]
                for p in parties {
                    guard let pi = partyIndex[p] else { continue }
                    byParty[pi].add(entry)
                    inScopeParties.append(pi)
                }
            }
            if commitment.mode == .each, differ, anyInScope {
                overall.asymmetry += 1
                for i in instruments { byInstrument[i].asymmetry += 1 }
                for p in Set(inScopeParties) { byParty[p].asymmetry += 1 }
            }
        }
        var forecasts = ForecastCache(asOf: day)
        return StatusReport(
            asOf: day, within: scopes.filter { $0 != .all },
            overall: overall.figures(&forecasts),
            parties: zip(dataset.parties, byParty).map { ($0.id, $1.figures(&forecasts)) },
            instruments: zip(dataset.instruments, byInstrument).map { ($0.id, $1.figures(&forecasts)) })
    }
}

/// One obligation's contribution to a tally.
struct Entry {
    let weight: Double
    let state: ObligationState
    var movedThisYear = false
}

/// Running sums for one scope.
struct Tally {
    var obligations = 0
    var byStage = [Int](repeating: 0, count: Stage.allCases.count)
    var weight = 0.0
    var weightedProgress = 0.0
    var weightedImplemented = 0.0
    var weightedApplied = 0.0
    var implemented = 0
    var applied = 0
    var due = 0
    var overdue = 0
    var longOverdue = 0
    var stalled = 0
    var asymmetry = 0
    var velocity = 0
    var remaining = 0

    mutating func add(_ entry: Entry) {
        let state = entry.state
        obligations += 1
        byStage[state.stage.order] += 1
        weight += entry.weight
        weightedProgress += entry.weight * state.stage.weight
        if state.isImplemented {
            implemented += 1
            weightedImplemented += entry.weight
        } else if state.stage != .abandoned {
            remaining += 1
        }
        if state.stage == .applied {
            applied += 1
            weightedApplied += entry.weight
        }
        if state.isDue { due += 1 }
        if state.isOverdue { overdue += 1 }
        if state.isLongOverdue { longOverdue += 1 }
        if state.isStalled { stalled += 1 }
        if entry.movedThisYear { velocity += 1 }
    }

    func figures(_ forecasts: inout ForecastCache) -> Figures {
        var f = Figures()
        f.obligations = obligations
        for stage in Stage.allCases { f.byStage[stage] = byStage[stage.order] }
        guard obligations > 0 else { return f }
        f.weight = weight
        f.progress = weightedProgress / weight
        f.implementedCount = implemented
        f.implemented = weightedImplemented / weight
        f.appliedCount = applied
        f.practice = weightedApplied / weight
        f.due = due
        f.overdue = overdue
        f.deficit = due == 0 ? nil : Double(overdue) / Double(due)
        f.longOverdue = longOverdue
        f.stalled = stalled
        f.asymmetry = asymmetry
        f.velocity = velocity
        f.remaining = remaining
        f.forecast = forecasts.forecast(remaining: remaining, velocity: velocity)
        return f
    }
}

/// Forecasts repeat across scopes with the same counts; the Poisson interval is worth computing once.
struct ForecastCache {
    struct Counts: Hashable {
        let remaining: Int
        let velocity: Int
    }
    let asOf: Day
    var known: [Counts: Forecast?] = [:]

    mutating func forecast(remaining: Int, velocity: Int) -> Forecast? {
        let counts = Counts(remaining: remaining, velocity: velocity)
        if let hit = known[counts] { return hit }
        let made = Forecast.make(remaining: remaining, velocity: velocity, asOf: asOf)
        known[counts] = made
        return made
    }
}
