/// A read-only, indexed view of a valid dataset: what every figure is computed from.
///
/// Building it folds the events once (retractions applied, stage and deadline marks sorted
/// per obligation); figures as of any day then need one pass over the obligations and a
/// binary search in each one's marks.
public struct Snapshot: Sendable {
    public let dataset: Dataset
    public let obligations: [Obligation]
    /// Ids of events that some event in the dataset retracts.
    public let retracted: Set<String>
    /// When the record was first loaded: the earliest `recorded` stamp of its events.
    public let firstLoaded: String?
    /// The events entered after the first load, in ledger order (what is news since it).
    public let enteredLater: [Int]
    /// Per retracted event id, when its latest retraction was entered: the event's last change.
    public let retractedAt: [String: String]

    let instrumentIndex: [String: Int]
    let commitmentIndex: [String: Int]
    let partyIndex: [String: Int]
    let sourceIndex: [String: Int]
    let actIndex: [String: Int]
    /// Per instrument: its direct children, in listed order.
    let childrenOf: [[Int]]
    /// Per instrument: itself and its ancestors, nearest first.
    let lineage: [[Int]]
    /// Per commitment: the owing parties (listed, else inherited up the parents).
    let owing: [[String]]
    /// Per commitment: the indices of its obligations.
    let obligationsOf: [[Int]]
    /// Per commitment: the day its instrument was adopted (obligations exist from then on).
    let existsFrom: [Day?]
    /// Commitment indices per instrument (with its descendants), per owing party and per area:
    /// a scoped figure visits only its own commitments.
    let commitmentsByInstrument: [[Int]]
    let commitmentsByParty: [String: [Int]]
    let commitmentsByArea: [String: [Int]]
    let tracks: [Track]
    /// The distinct commitment weights, ascending, and each commitment's index among them.
    let weightClasses: [Double]
    let weightClassOf: [Int]

    /// 32-bit day and event index: a million marks are kept per dataset.
    struct Mark<Value: Sendable>: Sendable {
        private let dayOrdinal: Int32
        private let eventIndex: Int32
        let value: Value

        init(day: Day, value: Value, event: Int) {
            dayOrdinal = Int32(clamping: day.ordinal)
            eventIndex = Int32(event)
            self.value = value
        }

        var day: Day { Day(ordinal: Int(dayOrdinal)) }
        var event: Int { Int(eventIndex) }
    }

    /// The counting events of one obligation, sorted by day then by listed order.
    struct Track: Sendable {
        let commitment: Int
        var stages: [Mark<Stage>] = []
        var deadlines: [Mark<Day>] = []
        let deadline: Day?
        /// The earliest day of a non-retracted implemented stage event.
        var firstImplemented: Day?
    }

    public init(_ dataset: Dataset) {
        self.dataset = dataset
        instrumentIndex = Dictionary(dataset.instruments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        commitmentIndex = Dictionary(dataset.commitments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        partyIndex = Dictionary(dataset.parties.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        sourceIndex = Dictionary(dataset.sources.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        actIndex = Dictionary(dataset.acts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        var lineage: [[Int]] = []
        for start in dataset.instruments.indices {
            var chain = [start]
            var seen: Set<Int> = [start]
            var current = start
            while let parent = dataset.instruments[current].parent, let p = instrumentIndex[parent], !seen.contains(p) {
                chain.append(p)
                seen.insert(p)
                current = p
            }
            lineage.append(chain)
        }
        self.lineage = lineage
        var childrenOf = [[Int]](repeating: [], count: dataset.instruments.count)
        for (i, instrument) in dataset.instruments.enumerated() {
            if let name = instrument.parent, let parent = lineage[i].dropFirst().first, dataset.instruments[parent].id == name {
                childrenOf[parent].append(i)
            }
        }
        self.childrenOf = childrenOf

        var owing: [[String]] = []
        var existsFrom: [Day?] = []
        for commitment in dataset.commitments {
            var parties = commitment.parties
            if parties.isEmpty, let start = instrumentIndex[commitment.instrument] {
                for i in lineage[start] where !dataset.instruments[i].parties.isEmpty {
                    parties = dataset.instruments[i].parties
                    break
                }
            }
            owing.append(parties)
            existsFrom.append(instrumentIndex[commitment.instrument].flatMap { dataset.instruments[$0].adopted?.lastDay })
        }
        self.owing = owing
        self.existsFrom = existsFrom
        var byInstrument = [[Int]](repeating: [], count: dataset.instruments.count)
        var byParty: [String: [Int]] = [:]
        var byArea: [String: [Int]] = [:]
        for (c, commitment) in dataset.commitments.enumerated() {
            if let own = instrumentIndex[commitment.instrument] { for i in lineage[own] { byInstrument[i].append(c) } }
            for p in owing[c] { byParty[p, default: []].append(c) }
            if let area = commitment.area { byArea[area, default: []].append(c) }
        }
        weightClasses = Array(Set(dataset.commitments.map(\.weight))).sorted()
        let classOf = Dictionary(uniqueKeysWithValues: weightClasses.enumerated().map { ($1, $0) })
        weightClassOf = dataset.commitments.map { classOf[$0.weight]! }
        commitmentsByInstrument = byInstrument
        commitmentsByParty = byParty
        commitmentsByArea = byArea

        var obligations: [Obligation] = []
        var tracks: [Track] = []
        var obligationsOf: [[Int]] = []
        // Track index by commitment and party slot (0: no party, 1 + the party's index).
        let stride = dataset.parties.count + 1
        let parties = partyIndex
        func key(_ c: Int, _ party: String?) -> Int? {
            guard let party else { return c * stride }
            return parties[party].map { c * stride + 1 + $0 }
        }
        var trackOf: [Int: Int] = [:]
        for (c, commitment) in dataset.commitments.enumerated() {
            var mine: [Int] = []
            let parties: [String?] = commitment.mode == .joint ? [nil] : owing[c].map { $0 }
            for party in parties {
                if let k = key(c, party) { trackOf[k] = tracks.count }
                mine.append(tracks.count)
                obligations.append(Obligation(commitment: commitment.id, party: party, weight: commitment.weight))
                tracks.append(Track(commitment: c, deadline: commitment.deadline?.lastDay))
            }
            obligationsOf.append(mine)
        }

        let retracted = Set(dataset.events.compactMap(\.retracts))
        for (e, event) in dataset.events.enumerated() where !retracted.contains(event.id) {
            guard let c = commitmentIndex[event.commitment] else { continue }
            let day = event.date.lastDay
            // A deadline event with no party moves the deadline for every owing party.
            let targets: [Int]
            if let party = event.party {
                targets = key(c, party).flatMap { trackOf[$0] }.map { [$0] } ?? []
            } else if event.stage != nil {
                targets = trackOf[c * stride].map { [$0] } ?? []
            } else {
                targets = obligationsOf[c]
            }
            for t in targets {
                if let stage = event.stage {
                    tracks[t].stages.append(Mark(day: day, value: stage, event: e))
                    if stage.isImplemented, tracks[t].firstImplemented.map({ day < $0 }) ?? true {
                        tracks[t].firstImplemented = day
                    }
                }
                if let deadline = event.deadline {
                    tracks[t].deadlines.append(Mark(day: day, value: deadline.lastDay, event: e))
                }
            }
        }
        for t in tracks.indices {
            // Stable order: by day, ties by the order the events were listed.
            tracks[t].stages.sort { ($0.day, $0.event) < ($1.day, $1.event) }
            tracks[t].deadlines.sort { ($0.day, $0.event) < ($1.day, $1.event) }
        }
        self.obligations = obligations
        self.tracks = tracks
        self.obligationsOf = obligationsOf
        self.retracted = retracted
        let firstLoaded = dataset.events.lazy.compactMap(\.recorded).min()
        self.firstLoaded = firstLoaded
        enteredLater = firstLoaded.map { first in dataset.events.indices.filter { (dataset.events[$0].recorded ?? "") > first } } ?? []
        var retractedAt: [String: String] = [:]
        for e in dataset.events {
            if let target = e.retracts, let at = e.recorded { retractedAt[target] = max(retractedAt[target] ?? "", at) }
        }
        self.retractedAt = retractedAt
    }

    // MARK: Lookup

    public func party(_ id: String) -> Party? { partyIndex[id].map { dataset.parties[$0] } }
    public func instrument(_ id: String) -> Instrument? { instrumentIndex[id].map { dataset.instruments[$0] } }
    public func commitment(_ id: String) -> Commitment? { commitmentIndex[id].map { dataset.commitments[$0] } }

    /// The parties that owe a commitment: its own list, else its instrument's, inherited up the parents.
    public func owingParties(of commitmentID: String) -> [String] {
        commitmentIndex[commitmentID].map { owing[$0] } ?? []
    }

    /// The instrument and its ancestors, nearest first.
    public func lineage(of instrumentID: String) -> [Instrument] {
        instrumentIndex[instrumentID].map { lineage[$0].map { dataset.instruments[$0] } } ?? []
    }

    /// True when the scope names something that exists in the dataset.
    public func contains(_ scope: Scope) -> Bool {
        switch scope {
        case .all: true
        case .party(let id): partyIndex[id] != nil
        case .instrument(let id): instrumentIndex[id] != nil
        case .commitment(let id): commitmentIndex[id] != nil
        case .area(let area): dataset.commitments.contains { $0.area == area }
        }
    }

    // MARK: Folding

    /// Whether the obligation exists at `day`: its instrument's `adopted` is empty or ≤ day.
    public func exists(_ obligation: Int, asOf day: Day) -> Bool {
        existsFrom[tracks[obligation].commitment].map { $0 <= day } ?? true
    }

    /// The stage and deadline of an obligation as of `day` (DESIGN.md, "How figures are computed").
    public func state(of obligation: Int, asOf day: Day) -> ObligationState {
        let track = tracks[obligation]
        let stage = Snapshot.latest(track.stages, asOf: day)
        let deadline = Snapshot.latest(track.deadlines, asOf: day)
        return ObligationState(
            stage: stage?.value ?? .notStarted,
            stageSince: stage?.day,
            stageEvent: stage.map { dataset.events[$0.event].id },
            deadline: deadline?.value ?? track.deadline,
            asOf: day)
    }

    /// The earliest day the obligation was implemented, if that is on or before `day`.
    public func firstImplemented(_ obligation: Int, asOf day: Day) -> Day? {
        tracks[obligation].firstImplemented.flatMap { $0 <= day ? $0 : nil }
    }

    /// The last mark dated on or before `day` (the latest date; ties to the one listed later).
    static func latest<V>(_ marks: [Mark<V>], asOf day: Day) -> Mark<V>? {
        var lo = 0
        var hi = marks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if marks[mid].day <= day { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : marks[lo - 1]
    }

    /// Whether obligation `o` belongs to `scope`. A joint obligation belongs to each owing party.
    func obligation(_ o: Int, isIn scope: Scope) -> Bool {
        let c = tracks[o].commitment
        switch scope {
        case .all:
            return true
        case .party(let id):
            return obligations[o].party.map { $0 == id } ?? owing[c].contains(id)
        case .instrument(let id):
            guard let target = instrumentIndex[id], let own = instrumentIndex[dataset.commitments[c].instrument] else { return false }
            return lineage[own].contains(target)
        case .area(let area):
            return dataset.commitments[c].area == area
        case .commitment(let id):
            return dataset.commitments[c].id == id
        }
    }

    /// The commitments with at least one obligation in `scope`.
    public func commitments(in scope: Scope) -> [Commitment] {
        candidates(scope).map { dataset.commitments[$0] }
    }

    /// The indices of the commitments of a scope, in listed order.
    func candidates(_ scope: Scope) -> [Int] {
        switch scope {
        case .all: Array(dataset.commitments.indices)
        case .instrument(let id): instrumentIndex[id].map { commitmentsByInstrument[$0] } ?? []
        case .party(let id): commitmentsByParty[id] ?? []
        case .area(let area): commitmentsByArea[area] ?? []
        case .commitment(let id): commitmentIndex[id].map { [$0] } ?? []
        }
    }

    /// The obligations of a commitment, with their indices.
    public func obligations(ofCommitment id: String) -> [(index: Int, obligation: Obligation)] {
        guard let c = commitmentIndex[id] else { return [] }
        return obligationsOf[c].map { ($0, obligations[$0]) }
    }
}
