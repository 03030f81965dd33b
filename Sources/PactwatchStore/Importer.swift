import Foundation
import PactwatchCore
import PactwatchData

/// What an import added and skipped.
public struct ImportSummary: Sendable {
    public var added: [Table: Int] = [:]
    public var skipped: [Table: Int] = [:]
    /// The ledger's head after the import.
    public var head = Ledger.genesis
    /// What was accepted but should be fixed (`Validator.warnings`).
    public var warnings: [Problem] = []
    public var totalAdded: Int { added.values.reduce(0, +) }
}

/// Adds a dataset folder to a store: one transaction, all or nothing.
public enum Importer {
    /// Checks the folder's own hash chain, merges it with what is stored (identical rows
    /// skipped, changed rows refused), validates the merged record, then appends the new rows,
    /// chaining new events after the ledger's head. Throws `ValidationFailure` with every problem.
    /// `attribution` names who imports (`import --as`): it fills `recorded_by` and `approved_by`
    /// where a row leaves them empty.
    public static func run(
        _ located: LocatedDataset, into store: any Store, now: Date = Date(), attribution: Attribution = Attribution(),
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> ImportSummary {
        let recorded = timestamp(now)
        return try await store.write { stored in
            try plan(located, over: stored, recorded: recorded, attribution: (attribution, false), progress: progress)
        }
    }

    /// Reads `folder` and adds it, as `run(_:into:)` does, reading the files only once the write
    /// lock is held: a server seeding an empty database (`seed`) waits for this import instead of
    /// deciding, while the files are still being read, that the database is empty.
    /// `review`, when given, is a proposal's approval: stored in the same transaction, so the
    /// rows and the approval are published together or not at all, every new row attributed to
    /// the proposal's author and its reviewer (whatever the files say).
    public static func run(
        folder: URL, into store: any Store, now: Date = Date(), attribution: Attribution = Attribution(), review: ProposalReview? = nil,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> ImportSummary {
        let recorded = timestamp(now)
        let attribution = review.map { (Attribution(recordedBy: $0.proposal.author, approvedBy: $0.proposal.reviewer), true) } ?? (attribution, false)
        return try await store.write { stored in
            var (changes, summary) = try plan(
                DatasetFolder.read(folder, progress: progress), over: stored, recorded: recorded, attribution: attribution, progress: progress)
            changes.review = review
            return (changes, summary)
        }
    }

    /// Imports `folder` into a database that has never held a record (data version 0), and does
    /// nothing to any other: `serve`'s first start with the bundled dataset. The decision is taken
    /// inside the write, so a seed never mixes into an import that another process committed
    /// first, however the two interleave. Returns nil when the database was not empty.
    public static func seed(_ folder: URL, into store: any Store, now: Date = Date()) async throws -> ImportSummary? {
        // Versions only grow: a database written once is never seeded, and one look says so
        // without reading (and holding) the whole record.
        guard try await store.version() == 0 else { return nil }
        let recorded = timestamp(now)
        return try await store.write { stored -> (Changes, ImportSummary?) in
            guard stored.version == 0 else { return (Changes(), nil) }
            return try plan(DatasetFolder.read(folder), over: stored, recorded: recorded, attribution: (Attribution(), false), progress: nil)
        }
    }

    /// Everything that refuses a folder, as `check` and `import` both report it: what reading it
    /// found, a break in its `hash` column's chain, and the validation of the record it makes
    /// (the folder alone for `check`; merged with what is stored for `import`).
    public static func problems(folder: LocatedDataset, record: LocatedDataset) -> [Problem] {
        folder.problems + Ledger.problems(in: folder) + Validator.problems(in: record)
    }

    /// Every problem importing `located` over `dataset` at `now` would report, without writing:
    /// what an editor's form is checked with, so it gives `check`'s and `import`'s messages.
    public static func problems(adding located: LocatedDataset, to dataset: Dataset, now: Date = Date()) -> [Problem] {
        problems(merging: Merge(existing: dataset, incoming: located), located, recorded: timestamp(now))
    }

    static func problems(merging merge: Merge, _ located: LocatedDataset, recorded: String) -> [Problem] {
        problems(folder: located, record: merge.merged) + future(in: located, after: recorded) + merge.problems
    }

    /// What importing `located` over `stored` appends, or every problem that refuses it.
    static func plan(
        _ located: LocatedDataset, over stored: StoredDataset, recorded: String, attribution: (Attribution, force: Bool),
        progress: (@Sendable (String) -> Void)?
    ) throws -> (Changes, ImportSummary) {
        let merge = Merge(existing: stored.dataset, incoming: located)
        progress?("validating \(merge.merged.dataset.events.count) events against the stored record")
        let problems = problems(merging: merge, located, recorded: recorded)
        if !problems.isEmpty { throw ValidationFailure(problems) }

        var summary = ImportSummary(skipped: merge.skipped)
        summary.warnings = Validator.warnings(in: located)
        var added = merge.added.dataset
        for i in added.events.indices where added.events[i].recorded == nil { added.events[i].recorded = recorded }
        // A claim or commitment is news too: feeds order it by when it was entered.
        for i in added.commitments.indices where added.commitments[i].recorded == nil { added.commitments[i].recorded = recorded }
        for i in added.claims.indices where added.claims[i].recorded == nil { added.claims[i].recorded = recorded }
        attribute(&added, attribution.0, force: attribution.force)
        var rows = RecordCoding.rows(of: added)
        // The figure tables of the whole record, computed on another core while the chain is
        // hashed and the engine inserts the rows.
        let merged = merge.merged.dataset
        let adds = rows.values.contains { !$0.isEmpty }
        let figures = adds || stored.figureTablesVersion != stored.version ? EncodedFigures(computing: { FigureTables(Snapshot(merged)) }) : nil
        progress?("chaining \(added.events.count) events\(figures == nil ? "" : "; computing the figure tables of \(merged.events.count) events")")
        let hashes = Ledger.chain(rows: rows[.events] ?? [], after: stored.eventHashes.last ?? Ledger.genesis)
        let hashColumn = Table.events.position(of: "hash")!
        for (i, hash) in hashes.enumerated() { rows[.events]![i].values[hashColumn] = hash }
        var changes = Changes(rows: rows, added: added, time: recorded)
        changes.figures = figures
        // A folder's title and subtitle replace the stored ones (the latest import describes the record).
        if !located.dataset.about.isEmpty, located.dataset.about != stored.dataset.about { changes.about = located.dataset.about.stored }
        for (table, list) in changes.tables {
            progress?("writing \(list.count) \(table.rawValue)")
            summary.added[table] = list.count
        }
        summary.head = hashes.last ?? stored.eventHashes.last ?? Ledger.genesis
        return (changes, summary)
    }

    /// Sets who recorded and approved the new rows: every row's with `force`, else where a row
    /// leaves one empty. Done before chaining: an event's attribution is part of its hash.
    static func attribute(_ d: inout Dataset, _ a: Attribution, force: Bool) {
        guard !a.isEmpty else { return }
        func fill<R: Attributed>(_ list: inout [R]) {
            for i in list.indices {
                if force { list[i].attribution = a; continue }
                if list[i].attribution.recordedBy == nil { list[i].attribution.recordedBy = a.recordedBy }
                if list[i].attribution.approvedBy == nil { list[i].attribution.approvedBy = a.approvedBy }
            }
        }
        fill(&d.parties); fill(&d.sources); fill(&d.instruments); fill(&d.commitments); fill(&d.acts); fill(&d.events); fill(&d.claims)
    }

    /// Events stamped `recorded` later than a day after `now` (a stamp of the same form): a fact
    /// cannot have been entered in the future, and the stamp would be published as a feed's time.
    static func future(in located: LocatedDataset, after now: String) -> [Problem] {
        guard let seconds = ISO8601DateFormatter().date(from: now) else { return [] }
        let limit = timestamp(seconds.addingTimeInterval(86_400))
        return located.dataset.events.indices.compactMap { i in
            guard let stamp = located.dataset.events[i].recorded, Timestamp.isValid(stamp), stamp > limit else { return nil }
            let origin = located.origin(.events, i)
            return Problem(
                file: origin?.file ?? "events.csv", line: origin?.line, column: "recorded",
                "recorded \(stamp) is in the future (now is \(now)); expected the time the fact was entered")
        }
    }

    /// ISO 8601 in UTC to the second: the `recorded` stamp.
    public static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
