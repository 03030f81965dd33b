import ArgumentParser
import Foundation
import PactwatchCore
import PactwatchData
import PactwatchStore

/// `--db`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database: a SQLite file path, or postgres://user:password@host:port/database.",
            discussion:
                "Defaults to $PACTWATCH_DATABASE, else ./pactwatch.sqlite. A PostgreSQL address may end in ?sslmode=disable, prefer (the default) or require.",
            valueName: "path-or-url"))
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["PACTWATCH_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "pactwatch.sqlite"
    }

    var isPostgres: Bool { path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") }

    /// Where the record lives, for messages: the path, or the address without its password.
    var location: String { isPostgres ? ((try? PostgresStore.redact(path)) ?? "the PostgreSQL database") : path }

    /// How a command uses the database.
    enum Access {
        /// Reads an existing record and never writes (status, export, site, verify).
        case read
        /// Changes an existing record (verify --repair).
        case update
        /// Adds to the record, creating an empty SQLite file if there is none (import, serve).
        case create
    }

    /// Opens the store for the duration of `body`. Only `.create` makes a SQLite file that is
    /// not there (an empty PostgreSQL database is read as an empty record); `.read` opens it
    /// read-only. A write waiting for another process's says so on stderr every few seconds.
    func withStore<T: Sendable>(_ access: Access, _ body: (any Store) async throws -> T) async throws -> T {
        let path = self.path
        if isPostgres {
            return try await PostgresStore.withStore(url: path) { try await body($0) }
        }
        if access != .create, !FileManager.default.fileExists(atPath: path) {
            throw CLIError(
                "no database at \(path); create one with `pactwatch import --bundled union-state --db \(path)` or `pactwatch import DIR --db \(path)`"
            )
        }
        let store = try SQLiteStore(path: path, access: access == .read ? .readOnly : .readWrite) { seconds in
            printError(
                "waiting for another process's write to \(path) to finish (\(seconds) s so far); it holds the write lock, and this one goes next")
        }
        return try await body(store)
    }
}

extension DatabaseOptions {
    /// Opens the store for `body` as the keeper of users, sessions and the audit log (every
    /// engine is one).
    func withAccounts<T: Sendable>(_ access: Access, _ body: (any Store & AccountStore) async throws -> T) async throws -> T {
        try await withStore(access) { store in
            guard let accounts = store as? any Store & AccountStore else { throw CLIError("\(location) cannot hold users") }
            return try await body(accounts)
        }
    }
}

/// A failure explained to the user; exits 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Parses `--as-of`; defaults to today (UTC).
func parseDay(_ text: String?) throws -> Day {
    guard let text else { return today() }
    guard let day = Day(iso: text) else {
        throw ValidationError("impossible date \"\(text)\" for --as-of; expected YYYY-MM-DD naming a real day")
    }
    return day
}

func today() -> Day {
    Day(unixSeconds: Int(Date().timeIntervalSince1970))
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints every problem to stderr, then fails with exit code 1.
func refuse(_ failure: ValidationFailure, what: String) -> ExitCode {
    for problem in failure.problems { printError(problem.description) }
    printError("\(what): \(failure.problems.count) problem\(failure.problems.count == 1 ? "" : "s"); nothing was changed.")
    return ExitCode(1)
}

/// The folder named on the command line, or a bundled dataset.
func datasetFolder(_ dir: String?, bundled: String?) throws -> URL {
    switch (dir, bundled) {
    case (let dir?, nil):
        return URL(fileURLWithPath: dir)
    case (nil, let name?):
        guard let url = Bundled.folder(name) else {
            throw ValidationError("unknown bundled dataset \"\(name)\"; expected one of: \(Bundled.names.joined(separator: ", "))")
        }
        return url
    case (nil, nil):
        throw ValidationError("name a dataset folder, or --bundled NAME (\(Bundled.names.joined(separator: ", ")))")
    case (.some, .some):
        throw ValidationError("name a dataset folder or --bundled NAME, not both")
    }
}

/// Progress lines on stderr, for folders large enough to make a user wait.
func progressPrinter(for folder: URL) -> (@Sendable (String) -> Void)? {
    let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.fileSizeKey])) ?? []
    let bytes = files.compactMap { try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize }.reduce(0, +)
    guard bytes >= 1_000_000 else { return nil }
    let start = Date()
    return { message in
        printError(String(format: "[%6.2fs] ", Date().timeIntervalSince(start)) + message)
    }
}
