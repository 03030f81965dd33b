import ArgumentParser
import Foundation
import PactwatchData
import PactwatchStore

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add a dataset folder (or a bundled dataset) to the database, atomically.",
        discussion: """
            The whole import is one transaction: if any row is refused, nothing changes and every
            problem is printed as FILE:LINE:COLUMN: message. Rows identical to stored ones are
            skipped, so importing the same folder twice changes nothing; a stored id with different
            content is refused. New events are appended to the ledger's hash chain.

            Examples:
              pactwatch import --bundled union-state
              pactwatch import data/my-tracker --db tracker.sqlite
              pactwatch import out/union-state --db postgres://pactwatch@db.example.org/pactwatch
            """)

    @Argument(help: ArgumentHelp("The dataset folder to import.", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("Import a bundled dataset instead (union-state).", valueName: "name"))
    var bundled: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let folder = try datasetFolder(dir, bundled: bundled)
        let progress = progressPrinter(for: folder)
        let summary: ImportSummary
        do {
            summary = try await database.withStore(.create) { store in
                try await Importer.run(folder: folder, into: store, progress: progress)
            }
        } catch let failure as ValidationFailure {
            throw refuse(failure, what: "import refused")
        }
        for warning in summary.warnings { printError(warning.description) }
        if summary.totalAdded == 0 {
            print("Nothing new: every row of \(bundled ?? folder.path) is already in \(database.location).")
        } else {
            let added = Table.allCases.compactMap { t in summary.added[t].map { "\($0) \(t.rawValue)" } }
            print("Imported into \(database.location): \(added.joined(separator: ", ")).")
        }
        let skipped = summary.skipped.values.reduce(0, +)
        if skipped > 0 { print("Skipped \(skipped) rows already stored unchanged.") }
        print("Ledger head: \(summary.head)")
    }
}
