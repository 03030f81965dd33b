import PactwatchCore

/// A deterministic, realistic synthetic dataset for benchmarks and tests: nested instruments,
/// areas, deadlines and moved deadlines, partial dates, retractions, joint commitments, claims.
/// The same parameters and seed always give the same dataset, and `check` accepts it.
public struct Synthetic {
    public var parties: Int
    public var commitments: Int
    /// Stage events per obligation, on average.
    public var eventsPer: Int
    public var seed: UInt64

    public init(parties: Int, commitments: Int, eventsPer: Int = 5, seed: UInt64 = 1) {
        self.parties = parties; self.commitments = commitments; self.eventsPer = eventsPer; self.seed = seed
    }

    /// SplitMix64: small, fast, and the same on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    }

    static let areas = [
        "agriculture", "competition", "consumer", "customs", "digital", "education", "energy", "environment",
        "finance", "fisheries", "health", "industry", "justice", "labour", "migration", "procurement",
        "research", "security", "social", "statistics", "tax", "trade", "transport", "water",
    ]

    public func dataset() -> Dataset {
        var r = Random(state: seed)
        var d = Dataset()
        let start = Day(year: 2015, month: 1, day: 1)!
        func date(after day: Day, within days: Int) -> PartialDate {
            let next = day.adding(days: 1 + r.int(0..<max(1, days)))
            let exact = PartialDate(day: next)
            // One date in ten is known to the month only, one in fifty to the year.
            if r.chance(0.02) { return PartialDate(String(exact.year))! }
            if r.chance(0.1) { return PartialDate(String(exact.description.prefix(7)))! }
            return exact
        }
        d.parties = (1...max(1, parties)).map { Party(id: String(format: "P%02d", $0), name: "State \($0)", names: ["ru": "Государство \($0)"]) }
        d.sources = (1...20).map { Source(id: "s\($0)", url: "https://example.org/source/\($0)", title: "Source \($0)", kind: .official) }
        let all = d.parties.map(\.id)
        d.instruments.append(
            Instrument(
                id: "framework", kind: .treaty, title: "Framework treaty", titles: ["ru": "Рамочный договор"],
                adopted: PartialDate("2014-06-30")!, parties: all, sources: ["s1"]))
        let decrees = max(1, commitments / 1000)
        let programmes = max(1, commitments / 100)
        for i in 0..<decrees {
            d.instruments.append(
                Instrument(
                    id: "decree-\(i + 1)", kind: .decree, title: "Implementing decree \(i + 1)", parent: "framework",
                    adopted: PartialDate(String(2015 + i % 6))!, sources: ["s\(1 + i % 20)"]))
        }
        for i in 0..<programmes {
            let adopted = date(after: start, within: 365 * 6)
            d.instruments.append(
                Instrument(
                    id: "programme-\(i + 1)", kind: .programme, title: "Programme \(i + 1)",
                    titles: ["ru": "Программа \(i + 1)"], parent: "decree-\(1 + i % decrees)", adopted: adopted,
                    sources: ["s\(1 + i % 20)"], confidence: i % 7 == 0 ? .medium : .high))
        }
        var eventCount = 0
        func event(
            _ commitment: String, _ party: String?, _ date: PartialDate, stage: Stage? = nil, deadline: PartialDate? = nil,
            retracts: String? = nil
        ) -> Event {
            eventCount += 1
            return Event(
                id: "E\(eventCount)", date: date, commitment: commitment, party: party, stage: stage, deadline: deadline,
                sources: ["s\(1 + eventCount % 20)"], retracts: retracts)
        }
        let ladder: [Stage] = [.inPreparation, .adopted, .inForce, .applied]
        for i in 0..<commitments {
            let programme = 1 + r.int(0..<programmes)
            let mode: Mode = r.chance(0.1) ? .joint : .each
            // Most commitments bind every party; some a subset.
            let owing = r.chance(0.8) ? [] : Array(all.shuffled(using: &r).prefix(1 + r.int(0..<all.count))).sorted()
            let adopted = d.instruments[1 + decrees + programme - 1].adopted!.lastDay
            let deadline = date(after: adopted, within: 365 * 8)
            let id = "C\(i + 1)"
            d.commitments.append(
                Commitment(
                    id: id, instrument: "programme-\(programme)", title: "Commitment \(i + 1)",
                    area: Synthetic.areas[r.int(0..<Synthetic.areas.count)], mode: mode, parties: owing,
                    deadline: deadline, weight: [1, 1, 1, 2, 0.5][r.int(0..<5)], sources: ["s\(1 + i % 20)"]))
            for party in mode == .joint ? [nil] : (owing.isEmpty ? all : owing).map(Optional.some) {
                // eventsPer events on average, dated in order; each climbs a rung of the ladder or
                // repeats the stage (another reading, an amendment) with equal chance.
                var day = adopted
                var rung = 0
                let steps = r.int(0..<(2 * eventsPer + 1))
                for step in 0..<steps {
                    let d0 = date(after: day, within: 300)
                    day = d0.lastDay
                    if step > 0, r.chance(0.5) { rung = Swift.min(rung + 1, ladder.count - 1) }
                    d.events.append(event(id, party, d0, stage: ladder[rung]))
                    if r.chance(0.02) {
                        // A correction: the step was recorded wrongly and is retracted.
                        let wrong = d.events.last!.id
                        d.events.append(event(id, nil, date(after: day, within: 60), retracts: wrong))
                    }
                }
                if rung < 2, r.chance(0.03) { d.events.append(event(id, party, date(after: day, within: 300), stage: .abandoned)) }
                if r.chance(0.05) {
                    d.events.append(event(id, party, date(after: adopted, within: 900), deadline: date(after: deadline.lastDay, within: 700)))
                }
            }
            if mode == .each, r.chance(0.02) {
                // A deadline moved for every owing party at once.
                d.events.append(event(id, nil, date(after: adopted, within: 900), deadline: date(after: deadline.lastDay, within: 700)))
            }
        }
        for i in 0..<max(1, commitments / 50) {
            let scope = r.chance(0.5) ? nil : "programme-\(1 + r.int(0..<programmes))"
            d.claims.append(
                Claim(
                    id: "K\(i + 1)", date: date(after: start, within: 365 * 11), speaker: "Official \(1 + i % 9)",
                    scope: scope, statement: "Claimed progress \(i + 1)", value: Double(r.int(10..<95)), sources: ["s\(1 + i % 20)"]))
        }
        return d
    }
}

extension Array {
    /// A deterministic shuffle (Fisher–Yates) from the synthetic generator's stream.
    fileprivate func shuffled(using r: inout Synthetic.Random) -> [Element] {
        var a = self
        guard a.count > 1 else { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, r.int(0..<(i + 1))) }
        return a
    }
}
