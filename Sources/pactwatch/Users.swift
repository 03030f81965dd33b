import ArgumentParser
import Foundation
import PactwatchData
import PactwatchStore

#if canImport(Glibc)
import Glibc
#endif

/// `pactwatch user …`: the people who sign in to record facts and review them.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the editors, reviewers and admins who sign in to the editors' pages.",
        discussion: """
            Roles: an editor proposes facts with their sources; a reviewer also approves or rejects
            other people's proposals; an admin also manages users and reads the audit log.

            Passwords are hashed with bcrypt (cost \(Passwords.cost)). A password needs at least \(Passwords.minimumLength)
            characters and must not be, or be built on, one of the common passwords shipped with
            Pactwatch (zxcvbn's list). Every change is written to the audit log (`pactwatch audit`).

            Examples:
              pactwatch user add anna --role reviewer
              printf '%s\\n' "$PASSWORD" | pactwatch user add boris --role editor --password-stdin
              pactwatch user list
              pactwatch user role boris reviewer
              pactwatch user disable boris
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self, SetRole.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user, asking for their password (or reading it from stdin).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name: letters, digits, '.', '_' or '-', at most 64.") var name: String
        @Option(help: "editor, reviewer or admin.") var role: Role
        @Flag(help: "Read the password from the first line of stdin instead of asking for it.") var passwordStdin = false

        func run() async throws {
            guard User.validName(name) else {
                throw CLIError(
                    "user name \"\(name)\" is not valid; expected 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            }
            let hash = try readPassword(for: name, fromStdin: passwordStdin)
            let now = timestamp()
            try await database.withAccounts(.create) { store in
                try await store.addUser(
                    User(name: name, role: role, passwordHash: hash, created: now, changed: now),
                    audit: AuditEntry(time: now, user: name, address: "cli", action: .userAdded, detail: "role \(role.rawValue)"))
            }
            print("Added \(name) (\(role.rawValue)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users, their roles, and who is disabled.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let users = try await database.withAccounts(.read) { try await $0.users() }
            guard !users.isEmpty else {
                print("No users yet; add one with `pactwatch user add NAME --role admin`.")
                return
            }
            let width = max(4, users.map(\.name.count).max()!)
            print("name".padding(toLength: width, withPad: " ", startingAt: 0) + "  role      status    changed")
            for u in users {
                print(
                    u.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + u.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                        + "  " + (u.disabled ? "disabled" : "active  ") + "  " + u.changed)
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a user from signing in; their open sessions end at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String

        func run() async throws {
            try await change(database, name, .userDisabled) { $0.disabled = true }
            print("Disabled \(name); their sessions have ended.")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled user sign in again.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String

        func run() async throws {
            try await change(database, name, .userEnabled) { $0.disabled = false }
            print("Enabled \(name).")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password; their open sessions end.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String
        @Flag(help: "Read the password from the first line of stdin instead of asking for it.") var passwordStdin = false

        func run() async throws {
            let hash = try readPassword(for: name, fromStdin: passwordStdin)
            try await change(database, name, .passwordChanged) { $0.passwordHash = hash }
            print("Changed the password of \(name); their sessions have ended.")
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Give a user another role; their open sessions end.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String
        @Argument(help: "editor, reviewer or admin.") var role: Role

        func run() async throws {
            try await change(database, name, .roleChanged, detail: "role \(role.rawValue)") { $0.role = role }
            print("\(name) is now \(role == .admin ? "an" : "a") \(role.rawValue).")
        }
    }

    /// Reads, changes and stores one user, with its audit entry, in one transaction.
    static func change(
        _ database: DatabaseOptions, _ name: String, _ action: AuditEntry.Action, detail: String = "", _ edit: @Sendable (inout User) -> Void
    ) async throws {
        try await database.withAccounts(.update) { store in
            guard var user = try await store.user(named: name) else {
                throw CLIError("no user is called \(name); `pactwatch user list` shows who there is")
            }
            edit(&user)
            user.changed = timestamp()
            try await store.updateUser(user, audit: AuditEntry(time: user.changed, user: name, address: "cli", action: action, detail: detail))
        }
    }
}

extension Role: ExpressibleByArgument {}

/// The password for `user`, checked against the rules and hashed: from stdin's first line, or
/// asked for twice at the terminal without echo.
func readPassword(for user: String, fromStdin: Bool) throws -> String {
    let password: String
    if fromStdin {
        guard let line = readLine(strippingNewline: true) else { throw CLIError("--password-stdin: stdin held no line; expected the password") }
        password = line
    } else {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError("stdin is not a terminal, so the password cannot be asked for; pass it on stdin with --password-stdin")
        }
        guard let first = getpass("Password for \(user): ").map({ String(cString: $0) }) else { throw CLIError("no password was given") }
        if let weakness = Passwords.weakness(first, user: user) { throw CLIError("password refused: \(weakness)") }
        guard let second = getpass("The same password again: ").map({ String(cString: $0) }), second == first else {
            throw CLIError("the two passwords differ; nothing was changed")
        }
        password = first
    }
    if let weakness = Passwords.weakness(password, user: user) { throw CLIError("password refused: \(weakness); nothing was changed") }
    return Passwords.hash(password)
}

/// Now, as the audit log and the users table write it (ISO 8601, UTC, to the second).
func timestamp() -> String {
    Date().ISO8601Format()
}

/// `pactwatch audit`: who signed in, failed, proposed, approved, rejected or changed a user.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the audit log: sign-ins, failures, throttling, proposals, reviews and user changes.",
        discussion: """
            One line per entry, oldest first: time, user, client address (cli for a command),
            action and detail. --csv writes it as CSV with a header, for a spreadsheet.

            Examples:
              pactwatch audit
              pactwatch audit --since 2026-11-01 --csv > audit.csv
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Only entries from this day or time on (YYYY-MM-DD or an ISO 8601 time).", valueName: "day"))
    var since: String?
    @Flag(help: "Write CSV (time,user,address,action,detail) instead of aligned text.") var csv = false

    func run() async throws {
        if let since { _ = try parseDay(String(since.prefix(10))) }
        let entries = try await database.withAccounts(.read) { try await $0.audit(since: since) }
        if csv {
            print(CSV.line(["time", "user", "address", "action", "detail"]), terminator: "")
            for e in entries { print(CSV.line([e.time, e.user, e.address, e.action.rawValue, e.detail]), terminator: "") }
            return
        }
        guard !entries.isEmpty else {
            print(since.map { "No audit entries since \($0)." } ?? "The audit log is empty.")
            return
        }
        for e in entries {
            print("\(e.time)  \(e.user.isEmpty ? "-" : e.user)  \(e.address)  \(e.action.rawValue)\(e.detail.isEmpty ? "" : "  " + e.detail)")
        }
    }

}

/// `pactwatch backup OUT`: a consistent copy of a live SQLite database.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database, safe while a server runs, and verify it.",
        discussion: """
            The copy is the record as of one commit (SQLite's VACUUM INTO), users, sessions and the
            audit log included; it is then opened on its own and its ledger chain and figure tables
            verified. An existing file is never overwritten. For PostgreSQL use pg_dump, e.g.
              pg_dump --format=custom --file=pactwatch.dump "postgres://user@host/pactwatch"

            Examples:
              pactwatch backup backups/pactwatch-2026-12-02.sqlite
              pactwatch backup copy.sqlite --db /srv/pactwatch/pactwatch.sqlite
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The file to write (it must not exist).") var out: String

    func run() async throws {
        guard !database.isPostgres else {
            throw CLIError(
                "backup copies a SQLite file; for PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=pactwatch.dump \"\(database.location)\""
            )
        }
        try await database.withAccounts(.read) { store in
            guard let sqlite = store as? SQLiteStore else { throw CLIError("backup needs a SQLite database") }
            try await sqlite.backup(to: out)
        }
        let copy = try SQLiteStore(path: out, access: .readOnly)
        let check = try await copy.verify()
        guard check.broken == nil, check.figureTables != .differ else {
            throw CLIError(
                "the copy \(out) does not verify (\(check.broken.map { "ledger broken at \($0.id)" } ?? "figure tables differ")); keep the original")
        }
        let users = try await copy.users().count
        print("Wrote \(out): \(check.events) events, ledger head \(check.head), \(users) user\(users == 1 ? "" : "s"); verified.")
    }
}
