import ArgumentParser
import PactwatchStore

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the ledger's hash chain and report the first event that breaks it.",
        discussion: """
            Exits 0 when every stored event's hash equals SHA-256(previous hash ‖ canonical event),
            else 1, naming the first event whose row was altered.

            Example:
              pactwatch verify --db pactwatch.sqlite
            """)

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let check = try await database.withStore(mustExist: true) { try await $0.verify() }
        if let broken = check.broken {
            printError("""
                The ledger is broken at event \(broken.id) (position \(broken.position) of \(check.events)):
                  stored hash     \(broken.found.isEmpty ? "(empty)" : broken.found)
                  recomputed hash \(broken.expected)
                That event's row, or one before it, was changed outside Pactwatch.
                """)
            throw ExitCode(1)
        }
        print("Ledger intact: \(check.events) events, head \(check.head)")
    }
}
