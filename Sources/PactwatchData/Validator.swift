import PactwatchCore

/// Checks that hold across files: every reference resolves, parties owe what they act on,
/// parents form no cycle, every event and claim has a source.
public enum Validator {
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

        func party(_ table: Table, _ i: Int, _ column: String, _ id: String) {
            if !parties.contains(id) { at(table, i, column, "unknown party \(quoted(id)); expected an id from parties.csv") }
        }
        func sourceList(_ table: Table, _ i: Int, _ ids: [String]) {
            for id in ids where !sources.contains(id) {
                at(table, i, "sources", "unknown source \(quoted(id)); expected an id from sources.csv")
            }
        }

        for (i, instrument) in d.instruments.enumerated() {
            if let parent = instrument.parent, instruments[parent] == nil {
                at(.instruments, i, "parent", "unknown instrument \(quoted(parent)); expected an id from instruments.csv")
            }
            for p in instrument.parties { party(.instruments, i, "parties", p) }
            sourceList(.instruments, i, instrument.sources)
        }
        // Parent cycles: walk up from each instrument; report each cycle once, at its first member.
        var reported: Set<String> = []
        for (i, instrument) in d.instruments.enumerated() {
            var path: [String] = [instrument.id]
            var current = instrument
            while let parent = current.parent, let next = instruments[parent] {
                if parent == instrument.id {
                    if reported.insert(path.sorted().joined(separator: ",")).inserted {
                        at(.instruments, i, "parent", "instrument parents form a cycle: \((path + [parent]).joined(separator: " → ")); expected a tree")
                    }
                    break
                }
                if path.contains(parent) { break }
                path.append(parent)
                current = next
            }
        }

        // Owing parties need the instruments and commitments only: no need to fold every event.
        let snapshot = Snapshot(Dataset(parties: d.parties, instruments: d.instruments, commitments: d.commitments))
        for (i, commitment) in d.commitments.enumerated() {
            if instruments[commitment.instrument] == nil {
                at(.commitments, i, "instrument", "unknown instrument \(quoted(commitment.instrument)); expected an id from instruments.csv")
            }
            for p in commitment.parties { party(.commitments, i, "parties", p) }
            if instruments[commitment.instrument] != nil, snapshot.owingParties(of: commitment.id).isEmpty {
                at(.commitments, i, "parties", "no party owes this commitment; list parties here or on its instrument or an ancestor")
            }
            sourceList(.commitments, i, commitment.sources)
        }

        for (i, act) in d.acts.enumerated() {
            if let p = act.party { party(.acts, i, "party", p) }
            for c in act.commitments where commitments[c] == nil {
                at(.acts, i, "commitments", "unknown commitment \(quoted(c)); expected an id from commitments.csv")
            }
            sourceList(.acts, i, act.sources)
        }

        for (i, event) in d.events.enumerated() {
            sourceList(.events, i, event.sources)
            if let act = event.act, !acts.contains(act) {
                at(.events, i, "act", "unknown act \(quoted(act)); expected an id from acts.csv")
            }
            if let target = event.retracts {
                if target == event.id {
                    at(.events, i, "retracts", "an event cannot retract itself")
                } else if let retracted = retractedCommitment[target] {
                    if retracted != event.commitment {
                        at(.events, i, "retracts", "retracts \(quoted(target)), an event of commitment \(quoted(retracted)); expected an event of \(quoted(event.commitment))")
                    }
                } else {
                    at(.events, i, "retracts", "unknown event \(quoted(target)); expected the id of an event to correct")
                }
            }
            guard let commitment = commitments[event.commitment] else {
                at(.events, i, "commitment", "unknown commitment \(quoted(event.commitment)); expected an id from commitments.csv")
                continue
            }
            let owing = snapshot.owingParties(of: commitment.id)
            if let p = event.party {
                if !parties.contains(p) {
                    party(.events, i, "party", p)
                } else if commitment.mode == .joint {
                    at(.events, i, "party", "commitment \(quoted(commitment.id)) is joint: one joint act settles it; expected an empty party")
                } else if !owing.contains(p) {
                    at(.events, i, "party", "party \(quoted(p)) does not owe commitment \(quoted(commitment.id)); expected one of: \(owing.joined(separator: ", "))")
                }
            } else if event.stage != nil, commitment.mode == .each {
                at(.events, i, "party", "a stage event of commitment \(quoted(commitment.id)) (mode each) needs the party that acted; expected one of: \(owing.joined(separator: ", "))")
            }
        }

        for (i, claim) in d.claims.enumerated() {
            sourceList(.claims, i, claim.sources)
            if let scope = claim.scope, instruments[scope] == nil, commitments[scope] == nil {
                at(.claims, i, "scope", "unknown scope \(quoted(scope)); expected an instrument or commitment id, or empty for the whole dataset")
            }
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
        merge(\.parties, .parties, RecordCoding.row, existing, incoming)
        merge(\.sources, .sources, RecordCoding.row, existing, incoming)
        merge(\.instruments, .instruments, RecordCoding.row, existing, incoming)
        merge(\.commitments, .commitments, RecordCoding.row, existing, incoming)
        merge(\.acts, .acts, RecordCoding.row, existing, incoming)
        merge(\.events, .events, RecordCoding.row, existing, incoming)
        merge(\.claims, .claims, RecordCoding.row, existing, incoming)
    }

    private mutating func merge<R: Identifiable>(_ path: WritableKeyPath<Dataset, [R]>, _ table: Table, _ encode: (R) -> Row,
                                                 _ existing: Dataset, _ incoming: LocatedDataset) where R.ID == String {
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
                    let hint = table == .events ? "events change only by retraction: add an event that retracts it" : "edit it through the editorial workflow, or give the new record another id"
                    problems.append(Problem(file: origin?.file ?? table.fileName, line: origin?.line, column: "id",
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
