import ArgumentParser
import Foundation
import Logging
import PactwatchData
import PactwatchStore
import PactwatchWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the public tracker: pages, SVG charts, Atom feeds, CSV and JSON tables.",
        discussion: """
            On an empty database it first imports the bundled union-state dataset, so one command
            shows a real tracker. Stops gracefully on Ctrl-C (SIGINT) or SIGTERM.

            Example:
              pactwatch serve --port 8080
              open http://127.0.0.1:8080/?as_of=2023-04-05&lang=ru
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on.", valueName: "port"))
    var port = 8080

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The public address, for feed links (default http://HOST:PORT).", valueName: "url"))
    var baseURL: String?

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("port \(port) is out of range; expected 1–65535") }
    }

    func run() async throws {
        var logger = Logger(label: "pactwatch")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        try await database.withStore(.create) { store in
            if let folder = Bundled.folder("union-state"), let summary = try await Importer.seed(folder, into: store) {
                logger.info("The database was empty: imported the bundled union-state dataset", metadata: [
                    "database": "\(store.location)", "records": "\(summary.totalAdded)", "ledger_head": "\(summary.head)",
                ])
            }
            logger.info("Serving Pactwatch", metadata: ["url": "http://\(host):\(port)/", "database": "\(store.location)"])
            let app = buildApplication(store: store, host: host, port: port, baseURL: baseURL, logger: logger)
            try await app.runService()
        }
    }
}
