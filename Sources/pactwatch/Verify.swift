import ArgumentParser
import PactwatchStore

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the ledger's hash chain and report the first event that breaks it.",
        discussion: """
            Exits 0 when every stored event's hash equals SHA-256(previous hash ‖ canonical event),
            else 1, naming the first event whose row was altered.

            It also recomputes the figure tables (what `status --json` answers from without
            reading the record, stored by each import) and exits 1 if the stored ones differ.
            --repair stores them anew from the record: for a database written by an older
            build, or tables altered by hand.

            It also names stored values that import would refuse today (a weight out of its
            range, a `recorded` stamp that is not a UTC time), written by an older build or by
            hand, and exits 1: the record still reads as stored.

            Without --repair it opens the database read-only and never writes to it.

            Examples:
              pactwatch verify --db pactwatch.sqlite
              pactwatch verify --db pactwatch.sqlite --repair
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Store the figure tables anew from the record when they are missing or differ.")
    var repair = false

    func run() async throws {
        let check = try await database.withStore(repair ? .update : .read) { store in
            var check = try await store.verify()
            if repair, check.figureTables != .current {
                try await store.storeFigureTables()
                print("Figure tables were \(check.figureTables == .missing ? "missing" : "not those of the record"); stored anew from the record.")
                check.figureTables = .current
            }
            return check
        }
        if let broken = check.broken {
            printError(
                """
                The ledger is broken at event \(broken.id) (position \(broken.position) of \(check.events)):
                  stored hash     \(broken.found.isEmpty ? "(empty)" : broken.found)
                  recomputed hash \(broken.expected)
                That event's row, or one before it, was changed outside Pactwatch.
                """)
            throw ExitCode(1)
        }
        print("Ledger intact: \(check.events) events, head \(check.head)")
        if !check.storedProblems.isEmpty {
            for problem in check.storedProblems { printError(problem.description) }
            printError(
                """
                \(check.storedProblems.count) stored value\(check.storedProblems.count == 1 ? "" : "s") would be refused on import today (stored by an older \
                build, or edited by hand). The record still reads as stored; to correct it, export it, fix those cells, \
                and import the folder into a new database.
                """)
        }
        switch check.figureTables {
        case .current:
            break
        case .missing:
            print(
                "Figure tables: none stored for this version of the record, so `status --json` reads the whole record; run `pactwatch verify --repair` to store them."
            )
        case .differ:
            printError(
                """
                The stored figure tables differ from those the record gives, or cannot be read (altered, or computed by other formulas):
                `status --json` would answer from them. Run `pactwatch verify --repair` to store them anew.
                """)
            throw ExitCode(1)
        }
        if !check.storedProblems.isEmpty { throw ExitCode(1) }
    }
}
