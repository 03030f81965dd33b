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

            Editors sign in at /editor (add them with `pactwatch user add`). The session cookie is
            Secure and __Host- prefixed, so browsers send it over https only: put the server behind
            a TLS proxy. For development on this machine, --insecure-cookie sends it over plain
            http (allowed only when listening on a loopback address).

            Example:
              pactwatch serve --port 8080
              open http://127.0.0.1:8080/?as_of=2023-04-05&lang=ru
              pactwatch serve --insecure-cookie      (then sign in at http://127.0.0.1:8080/editor)
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on.", valueName: "port"))
    var port = 8080

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The public address, for feed links (default http://HOST:PORT).", valueName: "url"))
    var baseURL: String?

    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp(
            "The most connections open at once; more wait until one closes (default 4096, or less to stay under the descriptor limit).",
            valueName: "n"))
    var maxConnections: Int?

    @Option(
        name: .customLong("header-timeout"), help: ArgumentHelp("Seconds a new connection has to send its request's headers.", valueName: "seconds"))
    var headerTimeout: Double = 10

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Seconds a connection may wait between requests before it is closed.", valueName: "seconds"))
    var idleTimeout: Double = 30

    @Flag(
        name: .customLong("insecure-cookie"),
        help: "Send the editors' session cookie over plain http (development on loopback only; never in production).")
    var insecureCookie = false

    func validate() throws {
        if insecureCookie, !["127.0.0.1", "::1", "localhost"].contains(host) {
            throw ValidationError(
                "--insecure-cookie is for development on a loopback address; --host \(host) is not one (serve https through a proxy instead)")
        }
        guard (1...65_535).contains(port) else { throw ValidationError("port \(port) is out of range; expected 1–65535") }
        if let maxConnections, !(1...1_000_000).contains(maxConnections) {
            throw ValidationError("--max-connections \(maxConnections) is out of range; expected 1 to 1000000")
        }
        for (name, value) in [("--header-timeout", headerTimeout), ("--idle-timeout", idleTimeout)] where !(value > 0 && value <= 3600) {
            throw ValidationError("\(name) \(value) is out of range; expected more than 0 and at most 3600 seconds")
        }
    }

    func run() async throws {
        var logger = Logger(label: "pactwatch")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        try await database.withStore(.create) { store in
            if let folder = Bundled.folder("union-state"), let summary = try await Importer.seed(folder, into: store) {
                logger.info(
                    "The database was empty: imported the bundled union-state dataset",
                    metadata: [
                        "database": "\(store.location)", "records": "\(summary.totalAdded)", "ledger_head": "\(summary.head)",
                    ])
            }
            ServerLimits.raiseDescriptorLimit()
            let limits = ServerLimits(
                maximumConnections: maxConnections, headerTimeout: .milliseconds(Int(headerTimeout * 1000)),
                idleTimeout: .milliseconds(Int(idleTimeout * 1000)))
            logger.info(
                "Serving Pactwatch",
                metadata: [
                    "url": "http://\(host):\(port)/", "database": "\(store.location)", "max_connections": "\(limits.maximumConnections)",
                ])
            let app = buildApplication(
                store: store, host: host, port: port, baseURL: baseURL, limits: limits, cookie: SessionCookie(insecure: insecureCookie),
                logger: logger)
            try await app.runService()
        }
    }
}
