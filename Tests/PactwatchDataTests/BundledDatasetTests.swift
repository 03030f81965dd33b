import Foundation
import PactwatchCore
import Testing

@testable import PactwatchData

/// The bundled Union State record meets the targets its issue set: enough sourced events and
/// claims, programme areas with dated evidence, citable sources, Russian titles — and the
/// figures move through 2022–2025 because the events are there.
@Suite("The bundled union-state dataset")
struct BundledDatasetTests {
    let located: LocatedDataset
    var d: Dataset { located.dataset }

    init() throws {
        located = try DatasetFolder.check(Bundled.folder("union-state")!)
    }

    /// The 26 identified programme areas (the two unidentified slots excluded).
    var programmes: [Instrument] { d.instruments.filter { $0.kind == .programme && !$0.id.hasPrefix("programme-unidentified") } }

    @Test("check finds no problem and no warning: every source has a title, a publisher and a date")
    func clean() {
        #expect(located.problems.isEmpty)
        #expect(Validator.warnings(in: located).isEmpty)
        #expect(d.sources.allSatisfy { $0.title != nil && $0.publisher != nil && $0.published != nil && $0.kind != nil && $0.language != nil })
        // No sentence of a source is copied in: facts, names and titles only.
        #expect(d.sources.allSatisfy { $0.quote == nil })
    }

    @Test("at least 120 events and 30 claims, every one sourced")
    func counts() {
        #expect(d.events.count >= 120)
        #expect(d.claims.count >= 30)
        #expect(d.events.allSatisfy { !$0.sources.isEmpty } && d.claims.allSatisfy { !$0.sources.isEmpty })
    }

    @Test("26 programme areas identified, 2 slots visibly not, at least 24 areas with a dated event")
    func programmeAreas() {
        let snapshot = Snapshot(d)
        #expect(programmes.count == 26)
        let slots = d.instruments.filter { $0.id.hasPrefix("programme-unidentified") }
        #expect(slots.count == 2 && slots.allSatisfy { slot in !d.commitments.contains { $0.instrument == slot.id } })
        let withEvent = programmes.filter { p in
            let scope = Set(snapshot.descendants(of: p.id).map(\.id) + [p.id])
            return d.events.contains { e in e.stage != nil && d.commitments.contains { $0.id == e.commitment && scope.contains($0.instrument) } }
        }
        #expect(withEvent.count >= 24, "\(programmes.filter { p in !withEvent.contains { $0.id == p.id } }.map(\.id))")
        // Every programme keeps its goal commitment.
        #expect(programmes.allSatisfy { p in d.commitments.contains { $0.id == p.id + "-goal" } })
    }

    @Test("every instrument, commitment and act has a Russian title; every claim a Russian statement")
    func russian() {
        #expect(d.instruments.allSatisfy { $0.titles["ru"] != nil })
        #expect(d.commitments.allSatisfy { $0.titles["ru"] != nil })
        #expect(d.acts.allSatisfy { $0.titles["ru"] != nil })
        #expect(d.claims.allSatisfy { $0.statements["ru"] != nil && $0.speakers["ru"] != nil })
        // The record's own title and subtitle, in both languages (datapackage.json).
        #expect(d.about.title != nil && d.about.description != nil && d.about.titles["ru"] != nil && d.about.descriptions["ru"] != nil)
        // A count in a claim names its unit.
        #expect(d.claims.allSatisfy { ($0.done == nil && $0.total == nil) || $0.unit != nil })
    }

    @Test("a treaty is owed by both parties, one event per party: the security-guarantees treaty in force for each from 13 Mar 2025")
    func treatyPerParty() {
        let snapshot = Snapshot(d)
        let treaty = d.commitments.first { $0.id == "security-guarantees-treaty" }!
        #expect(treaty.mode == .each && treaty.parties == ["RU", "BY"])
        let obligations = snapshot.obligations(ofCommitment: treaty.id)
        #expect(obligations.map(\.obligation.party) == ["RU", "BY"])
        for (index, _) in obligations {
            #expect(snapshot.state(of: index, asOf: Day(iso: "2025-03-12")!).stage == .adopted)
            #expect(snapshot.state(of: index, asOf: Day(iso: "2025-03-13")!).stage == .inForce)
        }
    }

    @Test("the figures move as the as-of date moves through 2022–2025")
    func figuresMove() {
        let snapshot = Snapshot(d)
        let days = ["2022-06-30", "2023-06-30", "2024-06-30", "2025-06-30"].map { Day(iso: $0)! }
        let figures = days.map { snapshot.figures(for: .all, asOf: $0) }
        for (a, b) in zip(figures, figures.dropFirst()) {
            #expect((a.evidenced ?? 0) < (b.evidenced ?? 0))
            #expect((a.implementedCount ?? 0) < (b.implementedCount ?? 0))
        }
    }
}
