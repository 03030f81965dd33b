import Foundation
import PactwatchCore
import PactwatchData

/// What an import added and skipped.
public struct ImportSummary: Sendable {
    public var added: [Table: Int] = [:]
    public var skipped: [Table: Int] = [:]
    /// The ledger's head after the import.
    public var head = Ledger.genesis
    public var totalAdded: Int { added.values.reduce(0, +) }
}

/// Adds a dataset folder to a store: one transaction, all or nothing.
public enum Importer {
    /// Checks the folder's own hash chain, merges it with what is stored (identical rows
    /// skipped, changed rows refused), validates the merged record, then appends the new rows,
    /// chaining new events after the ledger's head. Throws `ValidationFailure` with every problem.
    public static func run(_ located: LocatedDataset, into store: any Store, now: Date = Date(),
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> ImportSummary {
        let recorded = timestamp(now)
        return try await store.write { stored in
            try plan(located, over: stored, recorded: recorded, progress: progress)
        }
    }

    /// What importing `located` over `stored` appends, or every problem that refuses it.
    static func plan(_ located: LocatedDataset, over stored: StoredDataset, recorded: String,
                     progress: (@Sendable (String) -> Void)?) throws -> (Changes, ImportSummary) {
        let merge = Merge(existing: stored.dataset, incoming: located)
        progress?("validating \(merge.merged.dataset.events.count) events against the stored record")
        let problems = located.problems + Ledger.problems(in: located) + merge.problems + Validator.problems(in: merge.merged)
        if !problems.isEmpty { throw ValidationFailure(problems) }

        var summary = ImportSummary(skipped: merge.skipped)
        var added = merge.added.dataset
        for i in added.events.indices where added.events[i].recorded == nil { added.events[i].recorded = recorded }
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
        for (table, list) in changes.tables {
            progress?("writing \(list.count) \(table.rawValue)")
            summary.added[table] = list.count
        }
        summary.head = hashes.last ?? stored.eventHashes.last ?? Ledger.genesis
        return (changes, summary)
    }

    /// ISO 8601 in UTC to the second: the `recorded` stamp.
    public static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
