/// The questions pages, feeds, the API and the CLI keep asking of a snapshot, answered once.
extension Snapshot {
    public func source(_ id: String) -> Source? { sourceIndex[id].map { dataset.sources[$0] } }
    public func act(_ id: String) -> Act? { actIndex[id].map { dataset.acts[$0] } }

    /// The distinct areas of the commitments, sorted.
    public var areas: [String] { commitmentsByArea.keys.sorted() }

    /// The instruments directly under `id`, in listed order.
    public func children(of id: String) -> [Instrument] {
        instrumentIndex[id].map { childrenOf[$0].map { dataset.instruments[$0] } } ?? []
    }

    /// The ids of `id` and of every instrument it is part of, nearest first (empty for an unknown id).
    public func ancestry(of id: String) -> [String] {
        instrumentIndex[id].map { lineage[$0].map { dataset.instruments[$0].id } } ?? []
    }

    /// Every instrument under `id` at any depth, parents before their children.
    public func descendants(of id: String) -> [Instrument] {
        guard let start = instrumentIndex[id] else { return [] }
        var out: [Instrument] = []
        var stack = childrenOf[start].reversed() as [Int]
        var seen: Set<Int> = [start]
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            out.append(dataset.instruments[next])
            stack += childrenOf[next].reversed()
        }
        return out
    }

    /// Instruments in tree order (each followed by its descendants), with their depth.
    public func instrumentTree() -> [(instrument: Instrument, depth: Int)] {
        let roots = dataset.instruments.indices.filter { i in
            dataset.instruments[i].parent.flatMap { instrumentIndex[$0] } == nil
        }
        var out: [(Instrument, Int)] = []
        var seen: Set<Int> = []
        func visit(_ i: Int, _ depth: Int) {
            guard seen.insert(i).inserted else { return }
            out.append((dataset.instruments[i], depth))
            for child in childrenOf[i] { visit(child, depth + 1) }
        }
        for root in roots { visit(root, 0) }
        return out
    }

    /// The scope a claim speaks of: its instrument (with everything under it), its commitment,
    /// or the whole record.
    public func scope(of claim: Claim) -> Scope {
        guard let id = claim.scope else { return .all }
        return instrument(id) != nil ? .instrument(id) : .commitment(id)
    }

    /// The claims about `scope` (for an instrument, also those about anything under it) made on
    /// or before `day`, by date.
    public func claims(about scope: Scope, through day: Day) -> [Claim] {
        let within: (Claim) -> Bool
        switch scope {
        case .all:
            within = { _ in true }
        case .instrument(let id):
            let ids = Set([id] + descendants(of: id).map(\.id) + commitments(in: scope).map(\.id))
            within = { $0.scope.map(ids.contains) ?? false }
        case .commitment(let id):
            within = { $0.scope == id }
        case .party, .area:
            within = { _ in false }
        }
        return dataset.claims.filter { $0.date.lastDay <= day && within($0) }.sorted { $0.date < $1.date }
    }

    /// Whether an event belongs to a scope's record of changes: the events of its commitments;
    /// for a party, its own events and the joint ones of commitments it owes.
    public func event(_ event: Event, isIn scope: Scope) -> Bool {
        switch scope {
        case .all:
            return true
        case .commitment(let id):
            return event.commitment == id
        case .party(let id):
            guard let c = commitmentIndex[event.commitment], owing[c].contains(id) else { return false }
            return event.party == nil || event.party == id
        case .instrument(let id):
            guard let c = commitmentIndex[event.commitment], let target = instrumentIndex[id],
                let own = instrumentIndex[dataset.commitments[c].instrument]
            else { return false }
            return lineage[own].contains(target)
        case .area(let area):
            return commitmentIndex[event.commitment].map { dataset.commitments[$0].area == area } ?? false
        }
    }
}

/// A claim beside the record: the figures of its scope on the last day its date names.
public struct ClaimEvidence: Sendable {
    public let claim: Claim
    public let scope: Scope
    public let asOf: Day
    public let figures: Figures
}

extension ClaimEvidence {
    /// The claim's scope and day, and its figures as `figures` computes them (the index or the direct pass).
    init(_ claim: Claim, in snapshot: Snapshot, figures: (Scope, Day) -> Figures) {
        self.claim = claim
        scope = snapshot.scope(of: claim)
        asOf = claim.date.lastDay
        self.figures = figures(scope, asOf)
    }
}

extension ClaimEvidence {
    /// The record's implemented share in percent: the scale of a claimed percentage.
    public var implementedPercent: Double? { figures.implemented.map { $0 * 100 } }
    /// The record's progress in percent.
    public var progressPercent: Double? { figures.progress.map { $0 * 100 } }
    /// Claimed minus implemented, in percentage points; nil without a claimed percentage or with no data.
    public var gapPoints: Double? { claim.value.flatMap { v in implementedPercent.map { v - $0 } } }

    /// What a claimed count (done / total) is set beside.
    public enum Count: Sendable, Equatable {
        /// A count of programmes: the scope's child instruments completed, of those with obligations.
        case programmes(completed: Int, of: Int)
        /// Any other unit: the record's implemented obligations of its obligations. The units
        /// differ, so the two are not comparable: the granularity is stated, not a gap.
        case obligations(implemented: Int, of: Int)

        /// What the record counts: `programmes` or `obligations`, as the downloads and the API name it.
        public var unit: String {
            switch self {
            case .programmes: "programmes"
            case .obligations: "obligations"
            }
        }

        /// The record's done and total.
        public var parts: (done: Int, total: Int) {
            switch self {
            case .programmes(let done, let total), .obligations(let done, let total): (done, total)
            }
        }
    }

    /// The record's count beside the claim's done / total (DESIGN.md, "A claim's evidence"); nil
    /// when the claim gives no count, or when a programme count meets a scope with no child
    /// instruments (a whole-dataset scope) or no data.
    public var count: Count? {
        guard claim.done != nil || claim.total != nil else { return nil }
        if claim.unit == .programmes {
            guard let children = figures.children, let completed = figures.childrenCompleted else { return nil }
            return .programmes(completed: completed, of: children)
        }
        guard figures.obligations > 0, let implemented = figures.implementedCount else { return nil }
        return .obligations(implemented: implemented, of: figures.obligations)
    }
}

extension FigureIndex {
    public func evidence(for claim: Claim) -> ClaimEvidence { ClaimEvidence(claim, in: snapshot) { figures(for: $0, asOf: $1) } }
}

extension Snapshot {
    public func evidence(for claim: Claim) -> ClaimEvidence { ClaimEvidence(claim, in: self) { figures(for: $0, asOf: $1) } }
}

/// How figures are written in text, the same in the CLI and on the web: a share as a percentage
/// with one decimal, a number with at most two, and the thresholds the figures use.
public enum FigureFormat {
    /// `41.7 %` for 0.4167; nil for no data.
    public static func percent(_ share: Double?) -> String? {
        share.map { number($0 * 100, digits: 1) + " %" }
    }

    /// A number with at most `digits` decimals, trailing zeros dropped: `2.5`, `3`.
    public static func number(_ x: Double, digits: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
        var s = String(r)
        if let dot = s.firstIndex(of: "."), !s.contains("e"), s.distance(from: dot, to: s.endIndex) > digits + 1 {
            s = String(s[..<s.index(dot, offsetBy: digits + 1)])
        }
        return s
    }

    /// The thresholds behind long overdue, stalled and velocity, in words.
    public enum Threshold {
        case longOverdue, stalled, velocity

        public var days: Int {
            switch self {
            case .longOverdue: Figures.longOverdueDays
            case .stalled: Figures.stalledDays
            case .velocity: Figures.velocityDays
            }
        }

        /// `≥ 730 d`, `> 270 d`, `365 d`, with the language's word for days.
        public func phrase(days word: String = "d") -> String {
            switch self {
            case .longOverdue: "≥ \(days) \(word)"
            case .stalled: "> \(days) \(word)"
            case .velocity: "\(days) \(word)"
            }
        }
    }
}
