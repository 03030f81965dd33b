import ArgumentParser
import Foundation
import PactwatchData
import PactwatchStore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a dataset folder without importing it.",
        discussion: """
            Prints every problem as FILE:LINE:COLUMN: message on stderr and exits 1, or exits 0
            when the folder is valid on its own. What is accepted but should be fixed (a source
            without title, publisher or publication date) is printed as FILE:LINE:COLUMN: warning:
            message, and does not change the exit status. Nothing is written.

            Example:
              pactwatch check data/my-tracker
            """)

    @Argument(help: ArgumentHelp("The dataset folder (CSV files and datapackage.json).", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("Check a bundled dataset instead.", valueName: "name"))
    var bundled: String?

    func run() throws {
        let folder = try datasetFolder(dir, bundled: bundled)
        do {
            let located = DatasetFolder.read(folder, progress: progressPrinter(for: folder))
            let problems = Importer.problems(folder: located, record: located)
            let warnings = Validator.warnings(in: located)
            for warning in warnings { printError(warning.description) }
            if !problems.isEmpty { throw ValidationFailure(problems) }
            let d = located.dataset
            let warned = warnings.isEmpty ? "" : " (\(warnings.count) warning\(warnings.count == 1 ? "" : "s") on stderr)"
            print(
                "\(folder.path): valid\(warned) — \(d.parties.count) parties, \(d.instruments.count) instruments, \(d.commitments.count) commitments, \(d.acts.count) acts, \(d.events.count) events, \(d.claims.count) claims, \(d.sources.count) sources"
            )
        } catch let failure as ValidationFailure {
            throw refuse(failure, what: "\(folder.path) is not a valid dataset")
        }
    }
}
