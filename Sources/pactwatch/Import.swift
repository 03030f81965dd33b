import ArgumentParser
import Foundation
import PactwatchCore
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

            Every new row records who imported it (recorded_by): --as NAME, else the system user;
            rows that already name someone keep their names. The import is written to the audit log.

            Examples:
              pactwatch import --bundled union-state
              pactwatch import data/my-tracker --db tracker.sqlite
              pactwatch import out/union-state --db postgres://pactwatch@db.example.org/pactwatch
            """)

    @Argument(help: ArgumentHelp("The dataset folder to import.", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("Import a bundled dataset instead (union-state).", valueName: "name"))
    var bundled: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Who imports: the recorded_by of every new row that names nobody (default: the system user).", valueName: "name"))
    var importer: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let importer, !User.validName(importer) {
            throw ValidationError("--as \"\(importer)\" is not a user name; expected 1 to 64 letters, digits, '.', '_' or '-'")
        }
    }

    /// `--as`, else the system user when it is a valid name, else `cli`.
    var recordedBy: String {
        if let importer { return importer }
        let system = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        return User.validName(system) ? system : "cli"
    }

    func run() async throws {
        let folder = try datasetFolder(dir, bundled: bundled)
        let progress = progressPrinter(for: folder)
        let summary: ImportSummary
        let recordedBy = self.recordedBy
        do {
            summary = try await database.withAccounts(.create) { store in
                let summary = try await Importer.run(
                    folder: folder, into: store, attribution: Attribution(recordedBy: recordedBy), progress: progress)
                if summary.totalAdded > 0 {
                    try await store.appendAudit(
                        AuditEntry(
                            time: timestamp(), user: recordedBy, address: "cli", action: .imported,
                            detail: "\(summary.totalAdded) rows from \(bundled.map { "bundled " + $0 } ?? folder.lastPathComponent)"))
                }
                return summary
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
