import ArgumentParser
import Foundation
import PactwatchStore
import PactwatchWeb

struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Write the whole public site as static files for any static host.",
        discussion: """
            Every page, chart, Atom feed, table download (CSV and JSON), API snapshot and the
            dataset package, with relative links, as of one day and in one language. Search, the
            as-of control and the language switch need the server and are left out.

            Example:
              pactwatch site public/ --base-url https://tracker.example.org
            """)

    @Argument(help: ArgumentHelp("The folder to write (created if needed).", valueName: "out"))
    var out: String

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Where the site will be hosted, for absolute links in feeds.", valueName: "url"))
    var baseURL: String = ""

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Take figures as of this day (YYYY-MM-DD); default today.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("The language of the pages: en or ru.", valueName: "lang"))
    var lang: String = "en"

    func run() async throws {
        guard let language = Language(rawValue: lang) else { throw ValidationError("unknown language \"\(lang)\"; expected en or ru") }
        let day = try parseDay(asOf)
        if baseURL.isEmpty {
            // Atom requires absolute links: without the address, a reader cannot follow the feeds' entries.
            printError(
                "warning: no --base-url: the feeds' links are relative and most feed readers will not follow them; printed pages name no address. Pass --base-url https://… (where the site will be hosted)."
            )
        } else if URL(string: baseURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--base-url \"\(baseURL)\" is not an http or https address; expected one such as https://tracker.example.org")
        }
        let stored = try await database.withStore(.read) { try await $0.read() }
        let folder = URL(fileURLWithPath: out)
        let start = Date()
        let count = try StaticSite.write(
            stored, to: folder, asOf: day, language: language,
            baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        ) { message in
            printError(String(format: "[%6.2fs] ", Date().timeIntervalSince(start)) + message)
        }
        print("Wrote \(count) files to \(folder.path), as of \(day). Open \(folder.appendingPathComponent("index.html").path).")
    }
}
