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
    /// Obligations with at least one counting stage event (an explicit `not_started` counts).
    public var evidenced: Int?
    /// evidenced / obligations: how much of the scope the record has any evidence for.
    public var coverage: Double?
    /// Neither implemented nor abandoned, deadline in (as-of, as-of + 90 days].
    public var atRisk: Int?
    /// Instrument scopes only: the direct child instruments with obligations at the as-of day.
    public var children: Int?
    /// Instrument scopes only: those children whose every obligation is implemented.
    public var childrenCompleted: Int?

    public static let longOverdueDays = 730
    public static let stalledDays = 270
    public static let velocityDays = 365
    public static let atRiskDays = 90

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
    /// each instrument intersected with it. (`FigureIndex` answers the unrestricted report for
    /// any day without the pass.)
    public func report(asOf day: Day, within scopes: [Scope] = []) -> StatusReport {
        var tallies = Tallies(scopes: scopeCount, weights: weightClasses)
        tallies.children = childSlots
        // Visit only the commitments of the narrowest scope; the others add nothing.
        let visit = scopes.filter { $0 != .all }.map(candidates).min { $0.count < $1.count } ?? Array(dataset.commitments.indices)
        var inScopeParties: [Int] = []
        for c in visit {
            if let from = existsFrom[c], from > day { continue }
            let weight = weightClassOf[c]
            var firstStage: Int?
            var differ = false
            var anyInScope = false
            inScopeParties.removeAll(keepingCapacity: true)
            for o in obligationsOf[c] {
                let key = self.key(of: o, asOf: day)
                if let first = firstStage { differ = differ || first != key.stage } else { firstStage = key.stage }
                guard scopes.allSatisfy({ obligation(o, isIn: $0) }) else { continue }
                anyInScope = true
                for scope in scopesOf(obligation: o) {
                    tallies.add(key, weight: weight, sign: 1, scope: scope)
                    if scope >= 1, scope <= dataset.parties.count { inScopeParties.append(scope) }
                }
            }
            if dataset.commitments[c].mode == .each, differ, anyInScope {
                tallies.addAsymmetry(1, scope: 0)
                for i in instrumentScopes(ofCommitment: c) { tallies.addAsymmetry(1, scope: i) }
                for p in Set(inScopeParties) { tallies.addAsymmetry(1, scope: p) }
            }
        }
        return tallies.report(asOf: day, within: scopes, parties: dataset.parties.map(\.id), instruments: dataset.instruments.map(\.id))
    }

    /// Tally slots: 0 is the whole dataset, then each party, then each instrument.
    var scopeCount: Int { 1 + dataset.parties.count + dataset.instruments.count }

    /// Per tally slot, the slots of its instrument's direct children (nil for other slots).
    var childSlots: [[Int]?] {
        let first = 1 + dataset.parties.count
        return [[Int]?](repeating: nil, count: first) + childrenOf.map { $0.map { first + $0 } }
    }

    /// The tally slot of the whole dataset, a party or an instrument (nil for other scopes).
    func slot(of scope: Scope) -> Int? {
        switch scope {
        case .all: 0
        case .party(let id): partyIndex[id].map { 1 + $0 }
        case .instrument(let id): instrumentIndex[id].map { 1 + dataset.parties.count + $0 }
        case .commitment, .area: nil
        }
    }

    /// The tally slots obligation `o` counts in: the whole, its party (a joint obligation: every
    /// owing party), its instrument and the instrument's ancestors.
    func scopesOf(obligation o: Int) -> [Int] {
        let c = tracks[o].commitment
        var out = [0]
        if let party = obligations[o].party {
            if let p = partyIndex[party] { out.append(1 + p) }
        } else {
            for party in owing[c] { if let p = partyIndex[party] { out.append(1 + p) } }
        }
        out += instrumentScopes(ofCommitment: c)
        return out
    }

    func instrumentScopes(ofCommitment c: Int) -> [Int] {
        guard let own = instrumentIndex[dataset.commitments[c].instrument] else { return [] }
        return lineage[own].map { 1 + dataset.parties.count + $0 }
    }

    /// What obligation `o` adds to a tally as of `day` (DESIGN.md's rules, through `state`).
    func key(of o: Int, asOf day: Day) -> ObligationKey {
        if let from = existsFrom[tracks[o].commitment], from > day { return .absent }
        let moved = firstImplemented(o, asOf: day).map { $0.ordinal > day.ordinal - Figures.velocityDays } ?? false
        return ObligationKey(state(of: o, asOf: day), movedThisYear: moved)
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
