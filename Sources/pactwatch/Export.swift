import ArgumentParser
import Foundation
import PactwatchData
import PactwatchStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the database as a dataset folder, with datapackage.json and the ledger columns.",
        discussion: """
            The folder holds one CSV per table and datapackage.json; events carry their recorded
            time and ledger hash. Importing it into an empty database gives identical figures.

            Example:
              pactwatch export out/union-state
            """)

    @Argument(help: ArgumentHelp("The folder to write (created if needed; its dataset files are replaced).", valueName: "out"))
    var out: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let stored = try await database.withStore(.read) { try await $0.read() }
        let folder = URL(fileURLWithPath: out)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), !isDir.boolValue {
            throw CLIError("\(out) is a file; expected a folder to write the dataset into")
        }
        do {
            try DatasetFolder.write(
                stored.dataset, eventHashes: stored.eventHashes, to: folder, name: folder.lastPathComponent,
                release: DataPackage.Release(version: stored.version, created: stored.updated, url: nil))
        } catch {
            var reason = error.localizedDescription.replacingOccurrences(of: "The operation could not be completed. ", with: "")
            if reason.hasSuffix(".") { reason.removeLast() }
            throw CLIError(
                "cannot write the dataset into \(out): \(reason); nothing was written there (the files are written beside it first, then moved in)")
        }
        let d = stored.dataset
        print(
            "Exported \(d.events.count) events, \(d.commitments.count) commitments, \(d.instruments.count) instruments, \(d.claims.count) claims to \(folder.path)"
        )
        print("Ledger head: \(stored.eventHashes.last ?? Ledger.genesis)")
    }
}
