/// Where one obligation stands as of a day, packed in 16 bits: what it adds to every tally.
///
/// Bits 0–2: the stage's order; bit 3: the obligation exists (its instrument is adopted);
/// bit 4: due; bit 5: long overdue; bit 6: stalled; bit 7: first implemented within the
/// velocity window; bit 8: evidenced (a counting stage event); bit 9: at risk. A key of 0 adds
/// nothing.
struct ObligationKey: Hashable {
    var bits: UInt16

    static let absent = ObligationKey(bits: 0)

    init(bits: UInt16) { self.bits = bits }

    init(_ state: ObligationState, movedThisYear: Bool) {
        bits = UInt16(state.stage.order) | 8
        if state.isDue { bits |= 16 }
        if state.isLongOverdue { bits |= 32 }
        if state.isStalled { bits |= 64 }
        if movedThisYear { bits |= 128 }
        if state.isEvidenced { bits |= 256 }
        if state.isAtRisk { bits |= 512 }
    }

    var exists: Bool { bits & 8 != 0 }
    var stage: Int { Int(bits & 7) }
    var isDue: Bool { bits & 16 != 0 }
    var isLongOverdue: Bool { bits & 32 != 0 }
    var isStalled: Bool { bits & 64 != 0 }
    var movedThisYear: Bool { bits & 128 != 0 }
    var isEvidenced: Bool { bits & 256 != 0 }
    var isAtRisk: Bool { bits & 512 != 0 }
    var isImplemented: Bool { stage == Tallies.inForce || stage == Tallies.applied }
}

/// Running counts for many scopes in one flat buffer. Every weighted figure is derived from
/// counts per (weight class, stage), so the sums come out bit-for-bit the same whatever order
/// obligations were added or removed in (the figure index relies on it).
///
/// Per scope: obligations, due, overdue, long overdue, stalled, velocity, asymmetry, evidenced,
/// at risk, then one count per weight class and stage.
struct Tallies {
    /// The distinct commitment weights, ascending.
    let weights: [Double]
    let stride: Int
    var counts: [Int]
    /// Per slot, the slots of its instrument's direct children; nil for slots that are not instruments.
    var children: [[Int]?] = []

    static let stages = Stage.allCases.count
    static let inForce = Stage.inForce.order
    static let applied = Stage.applied.order
    static let abandoned = Stage.abandoned.order
    static let fixed = 9
    static let asymmetryField = 6
    static let evidencedField = 7
    static let atRiskField = 8

    init(scopes: Int, weights: [Double]) {
        self.weights = weights
        stride = Tallies.fixed + weights.count * Tallies.stages
        counts = [Int](repeating: 0, count: scopes * stride)
    }

    /// Adds (`sign` 1) or removes (−1) one obligation of weight class `weight` in `scope`.
    @inline(__always)
    mutating func add(_ key: ObligationKey, weight: Int, sign: Int, scope: Int) {
        guard key.exists else { return }
        let base = scope * stride
        counts.withUnsafeMutableBufferPointer { t in
            t[base] += sign
            if key.isDue {
                t[base + 1] += sign
                if !key.isImplemented { t[base + 2] += sign }
            }
            if key.isLongOverdue { t[base + 3] += sign }
            if key.isStalled { t[base + 4] += sign }
            if key.movedThisYear { t[base + 5] += sign }
            if key.isEvidenced { t[base + Tallies.evidencedField] += sign }
            if key.isAtRisk { t[base + Tallies.atRiskField] += sign }
            t[base + Tallies.fixed + weight * Tallies.stages + key.stage] += sign
        }
    }

    @inline(__always)
    mutating func addAsymmetry(_ sign: Int, scope: Int) {
        counts[scope * stride + Tallies.asymmetryField] += sign
    }

    /// The report these tallies hold: slot 0 the whole, then one per party, then one per
    /// instrument, in listed order.
    func report(asOf day: Day, within scopes: [Scope] = [], parties: [String], instruments: [String]) -> StatusReport {
        var forecasts = ForecastCache(asOf: day)
        var overall = figures(scope: 0, &forecasts)
        // Restricted to one instrument, the whole is that instrument: its children are the whole's.
        let instrumentScopes = scopes.compactMap { if case .instrument(let id) = $0 { id } else { nil } }
        if overall.obligations > 0, instrumentScopes.count == 1, let i = instruments.firstIndex(of: instrumentScopes[0]) {
            (overall.children, overall.childrenCompleted) = childCounts(of: 1 + parties.count + i)
        }
        return StatusReport(
            asOf: day, within: scopes.filter { $0 != .all },
            overall: overall,
            parties: parties.indices.map { (parties[$0], figures(scope: 1 + $0, &forecasts)) },
            instruments: instruments.indices.map { (instruments[$0], figures(scope: 1 + parties.count + $0, &forecasts)) })
    }

    /// An instrument slot's direct children with obligations, and those of them with every
    /// obligation implemented.
    func childCounts(of slot: Int) -> (Int, Int) {
        var children = 0, completed = 0
        for child in (slot < self.children.count ? self.children[slot] : nil) ?? [] {
            let obligations = counts[child * stride]
            guard obligations > 0 else { continue }
            children += 1
            if implementedCount(slot: child) == obligations { completed += 1 }
        }
        return (children, completed)
    }

    func implementedCount(slot: Int) -> Int {
        let base = slot * stride + Tallies.fixed
        var n = 0
        for k in weights.indices { n += counts[base + k * Tallies.stages + Tallies.inForce] + counts[base + k * Tallies.stages + Tallies.applied] }
        return n
    }

    /// The public figures of one scope.
    func figures(scope: Int, _ forecasts: inout ForecastCache) -> Figures {
        let base = scope * stride
        var f = Figures()
        let obligations = counts[base]
        f.obligations = obligations
        var byStage = [Int](repeating: 0, count: Tallies.stages)
        var weight = 0.0, progress = 0.0, implemented = 0.0, applied = 0.0
        for (k, w) in weights.enumerated() {
            var n = 0
            var stageSum = 0.0
            for s in 0..<Tallies.stages {
                let count = counts[base + Tallies.fixed + k * Tallies.stages + s]
                byStage[s] += count
                n += count
                stageSum += Stage.allCases[s].weight * Double(count)
            }
            let implementedHere =
                counts[base + Tallies.fixed + k * Tallies.stages + Tallies.inForce]
                + counts[base + Tallies.fixed + k * Tallies.stages + Tallies.applied]
            weight += w * Double(n)
            progress += w * stageSum
            implemented += w * Double(implementedHere)
            applied += w * Double(counts[base + Tallies.fixed + k * Tallies.stages + Tallies.applied])
        }
        for stage in Stage.allCases { f.byStage[stage] = byStage[stage.order] }
        guard obligations > 0 else { return f }
        let implementedCount = byStage[Tallies.inForce] + byStage[Tallies.applied]
        let due = counts[base + 1], overdue = counts[base + 2]
        let remaining = obligations - implementedCount - byStage[Tallies.abandoned]
        f.weight = weight
        f.progress = progress / weight
        f.implementedCount = implementedCount
        f.implemented = implemented / weight
        f.appliedCount = byStage[Tallies.applied]
        f.practice = applied / weight
        f.due = due
        f.overdue = overdue
        f.deficit = due == 0 ? nil : Double(overdue) / Double(due)
        f.longOverdue = counts[base + 3]
        f.stalled = counts[base + 4]
        f.asymmetry = counts[base + Tallies.asymmetryField]
        f.velocity = counts[base + 5]
        f.remaining = remaining
        f.forecast = forecasts.forecast(remaining: remaining, velocity: counts[base + 5])
        let evidenced = counts[base + Tallies.evidencedField]
        f.evidenced = evidenced
        f.coverage = Double(evidenced) / Double(obligations)
        f.atRisk = counts[base + Tallies.atRiskField]
        if scope < children.count, children[scope] != nil {
            (f.children, f.childrenCompleted) = childCounts(of: scope)
        }
        return f
    }
}
