import ArgumentParser
import Foundation
import PactwatchCore
import PactwatchData
import PactwatchStore

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Progress, deficit, overdue and stalled obligations and a forecast, as of any date.",
        discussion: """
            Every percentage is printed with the counts behind it. --json prints one object:
            as_of, obligations, by_stage, progress, implemented, due, deficit, long_overdue,
            stalled, velocity, asymmetry, forecast, and parties and instruments (objects keyed by
            id, each with the same figures). Shares are fractions from 0 to 1; an empty scope
            gives null, never 0.

            Examples:
              pactwatch status
              pactwatch status --as-of 2023-06-30 --party BY
              pactwatch status --instrument decree-2021 --json
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Take figures as of this day (YYYY-MM-DD); default today.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Restrict to one party's obligations.", valueName: "id"))
    var party: String?

    @Option(help: ArgumentHelp("Restrict to one instrument and its descendants.", valueName: "id"))
    var instrument: String?

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() async throws {
        let day = try parseDay(asOf)
        let whole = json && party == nil && instrument == nil
        let source = try await database.withStore(.read) { store -> Source in
            // The whole report comes from the figure tables stored at import, without reading the record.
            if whole, let tables = try await store.figureTables() { return .tables(tables) }
            return .record(try await store.snapshot())
        }
        let snapshot: Snapshot
        switch source {
        case .tables(let tables): return try printJSON(tables.report(asOf: day))
        case .record(let record): snapshot = record
        }
        var scopes: [Scope] = []
        if let party {
            guard snapshot.contains(.party(party)) else {
                throw CLIError("unknown party \"\(party)\"; expected one of: \(snapshot.dataset.parties.map(\.id).joined(separator: ", "))")
            }
            scopes.append(.party(party))
        }
        if let instrument {
            guard snapshot.contains(.instrument(instrument)) else {
                let known = snapshot.dataset.instruments.map(\.id)
                throw CLIError(
                    "unknown instrument \"\(instrument)\"; expected one of: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", … (\(known.count) in all; `pactwatch export` lists them in instruments.csv)" : "")"
                )
            }
            scopes.append(.instrument(instrument))
        }
        let report = snapshot.report(asOf: day, within: scopes)
        if json {
            try printJSON(report)
        } else {
            print(StatusText(snapshot: snapshot, report: report, database: database.location).render(), terminator: "")
        }
    }

    /// What the figures are computed from: the stored tables, or the whole record.
    enum Source: Sendable {
        case tables(FigureTables)
        case record(Snapshot)
    }

    func printJSON(_ report: StatusReport) throws {
        print(String(decoding: JSONWriter.encode(.report(report), indented: true), as: UTF8.self), terminator: "")
    }
}
