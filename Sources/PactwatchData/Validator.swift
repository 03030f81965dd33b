import PactwatchCore

/// Checks that hold across files: every reference resolves, parties owe what they act on,
/// parents form no cycle, every event and claim has a source.
public enum Validator {
    /// How deep instruments may nest: deep enough for any real hierarchy, and a bound on what
    /// every figure of an instrument "with its descendants" costs.
    public static let maximumDepth = 16

    /// What is accepted but should be fixed: a source a reader cannot cite as "Publisher, date"
    /// (no title, publisher or publication date). Only the folder's own rows are warned about.
    public static func warnings(in located: LocatedDataset) -> [Problem] {
        var warnings: [Problem] = []
        for (i, source) in located.dataset.sources.enumerated() {
            guard let origin = located.origin(.sources, i) else { continue }
            for (column, missing) in [("title", source.title == nil), ("publisher", source.publisher == nil), ("published", source.published == nil)]
            where missing {
                warnings.append(
                    Problem(
                        file: origin.file, line: origin.line, column: column,
                        "warning: source \"\(source.id)\" has no \(column); a reader cites a source by its publisher, date and title (\"TASS, 2022-08-24\")"
                    ))
            }
        }
        return warnings
    }

    /// Every cross-file problem of a dataset, located by its origins (records already stored
    /// have none and are reported against "database").
    public static func problems(in located: LocatedDataset) -> [Problem] {
        guard located.unreadable.isEmpty else { return [] }
        let d = located.dataset
        var problems: [Problem] = []
        func at(_ table: Table, _ index: Int, _ column: String, _ message: String) {
            let origin = located.origin(table, index)
            problems.append(Problem(file: origin?.file ?? "database (\(table.fileName))", line: origin?.line, column: column, message))
        }

        let parties = Set(d.parties.map(\.id))
        let sources = Set(d.sources.map(\.id))
        let instruments = Dictionary(d.instruments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let commitments = Dictionary(d.commitments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let acts = Set(d.acts.map(\.id))
        // The commitment of each event some event retracts (the first of an id): a few entries,
        // not a million.
        let targets = Set(d.events.compactMap(\.retracts))
        var retractedCommitment: [String: String] = [:]
        for event in d.events where targets.contains(event.id) && retractedCommitment[event.id] == nil {
            retractedCommitment[event.id] = event.commitment
        }

        // A reference to a missing record is reported once, at its first row, with how many more
        // rows make it: a refused or misspelt record must not bury itself under a message per
        // row that names it.
        var unknown: [String: (problem: Int, more: [Int])] = [:]
        func missing(_ table: Table, _ i: Int, _ column: String, _ kind: Table, _ id: String, _ message: String) {
            let key = "\(table.rawValue)\u{0}\(column)\u{0}\(id)"
            if unknown[key] != nil {
                unknown[key]!.more.append(located.origin(table, i)?.line ?? 0)
                return
            }
            var text = message
            if let line = located.refused[kind]?[id] {
                text += " (\(kind.fileName):\(line) has that id but was refused: see its own problem)"
            }
            at(table, i, column, text)
            unknown[key] = (problems.count - 1, [])
        }
        func party(_ table: Table, _ i: Int, _ column: String, _ id: String) {
            if !parties.contains(id) { missing(table, i, column, .parties, id, "unknown party \(quoted(id)); expected an id from parties.csv") }
        }
        func sourceList(_ table: Table, _ i: Int, _ ids: [String]) {
            for id in ids where !sources.contains(id) {
                missing(table, i, "sources", .sources, id, "unknown source \(quoted(id)); expected an id from sources.csv")
            }
        }

        for (i, instrument) in d.instruments.enumerated() {
            if let parent = instrument.parent, instruments[parent] == nil {
                missing(.instruments, i, "parent", .instruments, parent, "unknown instrument \(quoted(parent)); expected an id from instruments.csv")
            }
            for p in instrument.parties { party(.instruments, i, "parties", p) }
            sourceList(.instruments, i, instrument.sources)
        }
        // Parent cycles: each chain is followed once (0: not seen, 1: on the current walk,
        // 2: done), so a deep tree costs its size; a cycle is reported once, at its first member.
        let position = Dictionary(d.instruments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var state = [UInt8](repeating: 0, count: d.instruments.count)
        for start in d.instruments.indices where state[start] == 0 {
            var walk: [Int] = []
            var current: Int? = start
            while let c = current, state[c] == 0 {
                state[c] = 1
                walk.append(c)
                current = d.instruments[c].parent.flatMap { position[$0] }
            }
            if let c = current, state[c] == 1, let from = walk.firstIndex(of: c) {
                let cycle = Array(walk[from...])
                let first = cycle.firstIndex(of: cycle.min()!)!
                let path = (cycle[first...] + cycle[..<first]).map { d.instruments[$0].id }
                at(
                    .instruments, cycle[first], "parent",
                    "instrument parents form a cycle: \((path + [path[0]]).joined(separator: " → ")); expected a tree")
            }
            for w in walk { state[w] = 2 }
        }
        // Nesting depth and inherited parties, each instrument resolved once from its parent's
        // (instruments on or above a cycle, already reported, get neither: depth -1).
        var depth = [Int](repeating: 0, count: d.instruments.count)
        var inherited = [[String]?](repeating: nil, count: d.instruments.count)
        for start in d.instruments.indices where depth[start] == 0 {
            var walk: [Int] = []
            var current: Int? = start
            var onWalk: Set<Int> = []
            while let c = current, depth[c] == 0, onWalk.insert(c).inserted {
                walk.append(c)
                current = d.instruments[c].parent.flatMap { position[$0] }
            }
            if let c = current, onWalk.contains(c) || depth[c] < 0 {
                // On a cycle, or leading into one: resolved as nothing, once.
                for w in walk { depth[w] = -1 }
                continue
            }
            var below = current.map { depth[$0] } ?? 0
            var parties = current.flatMap { inherited[$0] } ?? []
            for c in walk.reversed() {
                below += 1
                depth[c] = below
                if !d.instruments[c].parties.isEmpty { parties = d.instruments[c].parties }
                inherited[c] = parties
                if below == maximumDepth + 1 {
                    at(
                        .instruments, c, "parent",
                        "instrument \(quoted(d.instruments[c].id)) is nested \(below) levels deep; expected at most \(maximumDepth) levels (treaty → decree → programme needs 3)"
                    )
                }
            }
        }
        /// Nil for a commitment of an instrument on a cycle (reported once, above).
        func owingParties(_ commitment: Commitment) -> [String]? {
            if !commitment.parties.isEmpty { return commitment.parties }
            guard let i = position[commitment.instrument] else { return [] }
            return inherited[i]
        }

        for (i, commitment) in d.commitments.enumerated() {
            if instruments[commitment.instrument] == nil {
                missing(
                    .commitments, i, "instrument", .instruments, commitment.instrument,
                    "unknown instrument \(quoted(commitment.instrument)); expected an id from instruments.csv")
            }
            for p in commitment.parties { party(.commitments, i, "parties", p) }
            if instruments[commitment.instrument] != nil, owingParties(commitment)?.isEmpty == true {
                at(.commitments, i, "parties", "no party owes this commitment; list parties here or on its instrument or an ancestor")
            }
            sourceList(.commitments, i, commitment.sources)
        }

        for (i, act) in d.acts.enumerated() {
            if let p = act.party { party(.acts, i, "party", p) }
            for c in act.commitments where commitments[c] == nil {
                missing(.acts, i, "commitments", .commitments, c, "unknown commitment \(quoted(c)); expected an id from commitments.csv")
            }
            sourceList(.acts, i, act.sources)
        }

        for (i, event) in d.events.enumerated() {
            sourceList(.events, i, event.sources)
            if let act = event.act, !acts.contains(act) {
                missing(.events, i, "act", .acts, act, "unknown act \(quoted(act)); expected an id from acts.csv")
            }
            if let target = event.retracts {
                if target == event.id {
                    at(.events, i, "retracts", "an event cannot retract itself")
                } else if let retracted = retractedCommitment[target] {
                    if retracted != event.commitment {
                        at(
                            .events, i, "retracts",
                            "retracts \(quoted(target)), an event of commitment \(quoted(retracted)); expected an event of \(quoted(event.commitment))"
                        )
                    }
                } else {
                    missing(.events, i, "retracts", .events, target, "unknown event \(quoted(target)); expected the id of an event to correct")
                }
            }
            guard let commitment = commitments[event.commitment] else {
                missing(
                    .events, i, "commitment", .commitments, event.commitment,
                    "unknown commitment \(quoted(event.commitment)); expected an id from commitments.csv")
                continue
            }
            guard let owing = owingParties(commitment) else { continue }
            if let p = event.party {
                if !parties.contains(p) {
                    party(.events, i, "party", p)
                } else if commitment.mode == .joint {
                    at(.events, i, "party", "commitment \(quoted(commitment.id)) is joint: one joint act settles it; expected an empty party")
                } else if !owing.contains(p) {
                    at(
                        .events, i, "party",
                        "party \(quoted(p)) does not owe commitment \(quoted(commitment.id)); expected one of: \(owing.joined(separator: ", "))")
                }
            } else if event.stage != nil, commitment.mode == .each {
                at(
                    .events, i, "party",
                    "a stage event of commitment \(quoted(commitment.id)) (mode each) needs the party that acted; expected one of: \(owing.joined(separator: ", "))"
                )
            }
        }

        for (i, claim) in d.claims.enumerated() {
            sourceList(.claims, i, claim.sources)
            if let scope = claim.scope, instruments[scope] == nil, commitments[scope] == nil {
                missing(
                    .claims, i, "scope", .instruments, scope,
                    "unknown scope \(quoted(scope)); expected an instrument or commitment id, or empty for the whole dataset")
            }
        }
        for (_, seen) in unknown where !seen.more.isEmpty {
            let lines = seen.more.prefix(5).map(String.init).joined(separator: ", ") + (seen.more.count > 5 ? ", …" : "")
            problems[seen.problem].message +=
                "; \(seen.more.count) more row\(seen.more.count == 1 ? "" : "s") of this file name\(seen.more.count == 1 ? "s" : "") it (line\(seen.more.count == 1 ? "" : "s") \(lines))"
        }
        return problems.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }
}

/// Adds a folder's records to what a database already holds, as DESIGN.md says: an identical
/// row is skipped, a changed row with an existing id is refused with its file and line.
public struct Merge: Sendable {
    /// The records to add, in file order.
    public var added = LocatedDataset()
    /// Existing and added together: what validation and the new snapshot see.
    public var merged = LocatedDataset()
    /// Per table, how many rows were identical to stored ones and skipped.
    public var skipped: [Table: Int] = [:]

    /// Rows whose id is stored with different content.
    public var problems: [Problem] = []

    public init(existing: Dataset, incoming: LocatedDataset) {
        merged.dataset = existing
        merged.unreadable = incoming.unreadable
        merged.refused = incoming.refused
        merge(\.parties, .parties, RecordCoding.row, existing, incoming)
        merge(\.sources, .sources, RecordCoding.row, existing, incoming)
        merge(\.instruments, .instruments, RecordCoding.row, existing, incoming)
        merge(\.commitments, .commitments, RecordCoding.row, existing, incoming)
        merge(\.acts, .acts, RecordCoding.row, existing, incoming)
        merge(\.events, .events, RecordCoding.row, existing, incoming)
        merge(\.claims, .claims, RecordCoding.row, existing, incoming)
    }

    private mutating func merge<R: Identifiable>(
        _ path: WritableKeyPath<Dataset, [R]>, _ table: Table, _ encode: (R) -> Row,
        _ existing: Dataset, _ incoming: LocatedDataset
    ) where R.ID == String {
        let stored = existing[keyPath: path]
        let records = incoming.dataset[keyPath: path]
        if stored.isEmpty {
            // Nothing to compare with (a first import): every record is added, as it comes.
            let origins = records.indices.map { incoming.origin(table, $0) }
            added.dataset[keyPath: path] = records
            merged.dataset[keyPath: path] = records
            added.origins[table] = origins
            merged.origins[table] = origins
            if table == .events {
                added.eventHashes = records.indices.map { $0 < incoming.eventHashes.count ? incoming.eventHashes[$0] : "" }
            }
            return
        }
        let index = Dictionary(stored.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        merged.origins[table] = Array(repeating: nil, count: stored.count)
        added.origins[table] = []
        for (i, record) in records.enumerated() {
            let origin = incoming.origin(table, i)
            if let j = index[record.id] {
                // Same content ignores the system columns (`recorded`, `hash`).
                if encode(stored[j]).content(of: table) == encode(record).content(of: table) {
                    skipped[table, default: 0] += 1
                } else {
                    let hint =
                        table == .events
                        ? "events change only by retraction: add an event that retracts it"
                        : "edit it through the editorial workflow, or give the new record another id"
                    problems.append(
                        Problem(
                            file: origin?.file ?? table.fileName, line: origin?.line, column: "id",
                            "\(table.singular) \(quoted(record.id)) already exists with different content; \(hint)"))
                }
                continue
            }
            added.dataset[keyPath: path].append(record)
            merged.dataset[keyPath: path].append(record)
            added.origins[table]!.append(origin)
            merged.origins[table]!.append(origin)
            if table == .events {
                added.eventHashes.append(i < incoming.eventHashes.count ? incoming.eventHashes[i] : "")
            }
        }
    }
}
