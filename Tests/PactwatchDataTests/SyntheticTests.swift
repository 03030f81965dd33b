import Foundation
import PactwatchCore
import PactwatchFixtures
import Testing

@testable import PactwatchData

@Suite("The synthetic dataset generator")
struct SyntheticTests {
    @Test("the same parameters and seed give the same dataset; another seed another")
    func deterministic() {
        let a = Synthetic(parties: 4, commitments: 200, eventsPer: 3, seed: 9).dataset()
        #expect(a == Synthetic(parties: 4, commitments: 200, eventsPer: 3, seed: 9).dataset())
        #expect(a != Synthetic(parties: 4, commitments: 200, eventsPer: 3, seed: 10).dataset())
    }

    @Test("it is valid and holds every feature the figures must handle")
    func realistic() throws {
        let d = Synthetic(parties: 6, commitments: 500, eventsPer: 4, seed: 1).dataset()
        let folder = Fixtures.scratchFolder()
        try DatasetFolder.write(d, eventHashes: [], to: folder)
        let read = try DatasetFolder.check(folder).dataset
        #expect(read == d)
        #expect(d.commitments.contains { $0.mode == .joint } && d.commitments.contains { $0.mode == .each })
        #expect(d.events.contains { $0.retracts != nil && $0.stage == nil })
        #expect(d.events.contains { $0.deadline != nil && $0.party == nil })
        #expect(d.events.contains { $0.deadline != nil && $0.party != nil })
        #expect(d.events.contains { $0.date.precision == .month } && d.events.contains { $0.date.precision == .year })
        #expect(d.events.contains { $0.stage == .abandoned } && d.events.contains { $0.stage == .applied })
        #expect(!d.claims.isEmpty && Set(d.commitments.compactMap(\.area)).count > 10)
        #expect(d.instruments.contains { Snapshot(d).lineage(of: $0.id).count == 3 })
        // About eventsPer stage events per obligation.
        let obligations = Snapshot(d).obligations.count
        let stages = d.events.filter { $0.stage != nil }.count
        #expect(Double(stages) / Double(obligations) > 3 && Double(stages) / Double(obligations) < 5)
    }
}
