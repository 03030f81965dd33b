import Testing

@testable import PactwatchCore

/// A claim's evidence (DESIGN.md, "A claim's evidence"), worked by hand on the programmes
/// fixture of `EvidenceFiguresTests`: X → A (a1 joint, in force 2022-01-10), B (b1 × RU applied
/// 2022-02, b1 × BY explicitly not started 2022-03-01), C (no commitments).
@Suite("A claim's evidence, on the claim's own scale")
struct ClaimEvidenceTests {
    var snapshot: Snapshot {
        var d = EvidenceFiguresTests.programmes
        d.claims = [
            // 80 % claimed on 2022-06-30: the record has 2 of 3 obligations implemented (66.67 %).
            Claim(id: "pct", date: PartialDate("2022-06-30")!, speaker: "S", scope: "X", statement: "80 %", value: 80, sources: ["s"]),
            // "1 of 3 programmes" in January 2022: by 2022-01-31 only A is complete, of 2 with obligations.
            Claim(
                id: "prog", date: PartialDate("2022-01")!, speaker: "S", scope: "X", statement: "1 of 3", done: 1, total: 3, unit: .programmes,
                sources: ["s"]),
            // 101 of 112 tasks of programme B: the record tracks B's 2 obligations, 1 implemented by 2022-12-31.
            Claim(
                id: "tasks", date: PartialDate("2022")!, speaker: "S", scope: "B", statement: "101/112", done: 101, total: 112, unit: .tasks,
                sources: ["s"]),
            // A programme count about the whole dataset: no child instruments to compare with.
            Claim(
                id: "whole", date: PartialDate("2022-06-30")!, speaker: "S", statement: "7 of 28", done: 7, total: 28, unit: .programmes,
                sources: ["s"]),
            // A percentage about an empty scope: no data, so no gap.
            Claim(id: "empty", date: PartialDate("2022-06-30")!, speaker: "S", scope: "C", statement: "50 %", value: 50, sources: ["s"]),
        ]
        return Snapshot(d)
    }

    func evidence(_ id: String, _ s: Snapshot) -> (direct: ClaimEvidence, indexed: ClaimEvidence) {
        let claim = s.dataset.claims.first { $0.id == id }!
        return (s.evidence(for: claim), FigureIndex(s).evidence(for: claim))
    }

    @Test("a percentage: implemented and progress in percent, the gap in points")
    func percentage() {
        let s = snapshot
        for e in [evidence("pct", s).direct, evidence("pct", s).indexed] {
            #expect(e.asOf == Day(iso: "2022-06-30")!)
            // a1 in force (1) + b1×RU applied (1) + b1×BY not started (0), weights 1: 2/3.
            #expect(close(e.implementedPercent, 200.0 / 3) && close(e.progressPercent, 200.0 / 3))
            #expect(close(e.gapPoints, 80 - 200.0 / 3))
            #expect(e.count == nil)
        }
    }

    @Test("a programme count: children completed of children, as of the claim's last day")
    func programmes() {
        let s = snapshot
        for e in [evidence("prog", s).direct, evidence("prog", s).indexed] {
            #expect(e.asOf == Day(iso: "2022-01-31")!)
            #expect(e.count == .programmes(completed: 1, of: 2))
            #expect(e.gapPoints == nil)
        }
        // The whole dataset has no children: nothing to set a programme count beside.
        #expect(evidence("whole", s).direct.count == nil)
    }

    @Test("another unit: the record's own count of obligations, for the granularity to be stated")
    func otherUnit() {
        let s = snapshot
        for e in [evidence("tasks", s).direct, evidence("tasks", s).indexed] {
            #expect(e.count == .obligations(implemented: 1, of: 2))
        }
    }

    @Test("an empty scope: no figures, no gap, never 0")
    func emptyScope() {
        let e = evidence("empty", snapshot).direct
        #expect(e.figures.obligations == 0 && e.implementedPercent == nil && e.gapPoints == nil)
    }
}
