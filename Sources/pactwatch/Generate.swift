import ArgumentParser
import Foundation
import PactwatchData

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic dataset folder, for benchmarks and trials.",
        discussion: """
            Nested instruments, areas, deadlines and moved deadlines, partial dates, retractions,
            joint commitments and claims; the same options and seed always give the same files,
            and `pactwatch check` accepts them.

            Examples:
              pactwatch generate data/medium --parties 27 --commitments 1000
              pactwatch generate data/large --parties 30 --commitments 10000 --events-per 5 --seed 7
            """)

    @Argument(help: ArgumentHelp("The folder to write.", valueName: "out"))
    var out: String

    @Option(help: "Number of parties.")
    var parties: Int

    @Option(help: "Number of commitments.")
    var commitments: Int

    @Option(name: .customLong("events-per"), help: "Stage events per obligation, on average.")
    var eventsPer: Int = 5

    @Option(help: "Seed of the pseudo-random generator.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...999).contains(parties) else { throw ValidationError("--parties must be from 1 to 999") }
        guard (1...10_000_000).contains(commitments) else { throw ValidationError("--commitments must be from 1 to 10,000,000") }
        guard (0...50).contains(eventsPer) else { throw ValidationError("--events-per must be from 0 to 50") }
    }

    func run() throws {
        let start = Date()
        let dataset = Synthetic(parties: parties, commitments: commitments, eventsPer: eventsPer, seed: seed).dataset()
        printError(String(format: "[%6.2fs] generated %d events; writing", Date().timeIntervalSince(start), dataset.events.count))
        let folder = URL(fileURLWithPath: out)
        try DatasetFolder.write(dataset, eventHashes: [], to: folder, name: folder.lastPathComponent)
        print(
            "Wrote \(folder.path): \(dataset.parties.count) parties, \(dataset.instruments.count) instruments, \(dataset.commitments.count) commitments, \(dataset.events.count) events, \(dataset.claims.count) claims."
        )
    }
}
