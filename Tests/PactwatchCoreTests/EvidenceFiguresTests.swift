import Testing

@testable import PactwatchCore

/// evidenced, coverage, at_risk, children and children_completed, worked by hand from DESIGN.md.
@Suite("Evidence, risk and programme counts, hand-computed from DESIGN.md")
struct EvidenceFiguresTests {
    let ladder = Snapshot(Ladder.dataset)

    func figures(_ report: StatusReport, instrument id: String) -> Figures { report.instruments.first { $0.id == id }!.figures }

    @Test("ladder on 2023-06-30: four of five obligations have a counting stage event", arguments: ReportPath.allCases)
    func evidenced(path: ReportPath) {
        let report = path.report(ladder, asOf: Ladder.asOf)
        // c1×RU (e1), c1×BY (e2), c2 (e3), c3×RU (e5, e6); c3×BY's only stage event e7 is retracted: no recorded step.
        #expect(report.overall.evidenced == 4)
        #expect(close(report.overall.coverage, 4.0 / 5))
        let by = report.parties.first { $0.id == "BY" }!.figures
        // BY owes c1×BY (in force), c2 (joint, adopted), c3×BY (nothing recorded).
        #expect(by.obligations == 3 && by.evidenced == 2 && close(by.coverage, 2.0 / 3))
        // The whole dataset is not an instrument: no programme counts.
        #expect(report.overall.children == nil && report.overall.childrenCompleted == nil)
    }

    @Test("at risk: not implemented, deadline within the next 90 days; both edges of the window", arguments: ReportPath.allCases)
    func atRisk(path: ReportPath) {
        // c1×RU and c2 have their deadline moved to 2024 (2024-12-31); neither is implemented.
        for (day, expected) in [
            ("2023-06-30", 0), ("2024-10-01", 0),  // 2024-10-01 + 90 = 2024-12-30: not yet
            ("2024-10-02", 2), ("2024-12-30", 2),  // + 90 reaches 2024-12-31; the day before the deadline
            ("2024-12-31", 0),  // the deadline itself: due now, no longer at risk
        ] {
            let f = path.report(ladder, asOf: Day(iso: day)!).overall
            #expect(f.atRisk == expected, "\(day)")
        }
    }

    @Test("children of the ladder: a child counts from the day it has obligations", arguments: ReportPath.allCases)
    func ladderChildren(path: ReportPath) {
        let before = path.report(ladder, asOf: Ladder.asOf)
        // T's children are D and L; L is adopted only on 2025-01-01.
        #expect(figures(before, instrument: "T").children == 1 && figures(before, instrument: "T").childrenCompleted == 0)
        #expect(figures(before, instrument: "D").children == 1 && figures(before, instrument: "P").children == 0)
        #expect(figures(before, instrument: "L").obligations == 0 && figures(before, instrument: "L").children == nil)
        let after = path.report(ladder, asOf: Day(iso: "2026-06-30")!)
        #expect(figures(after, instrument: "T").children == 2)
    }

    /// X → A (every obligation in force), B (one of two), C (no commitments); an explicit
    /// `not_started` event on B.
    static var programmes: Dataset {
        Dataset(
            parties: [Party(id: "RU", name: "Russia"), Party(id: "BY", name: "Belarus")],
            sources: [Source(id: "s", url: "https://example.org")],
            instruments: [
                Instrument(id: "X", kind: .decree, title: "Decree", adopted: PartialDate("2021-11-04"), parties: ["RU", "BY"]),
                Instrument(id: "A", kind: .programme, title: "A", parent: "X"),
                Instrument(id: "B", kind: .programme, title: "B", parent: "X"),
                Instrument(id: "C", kind: .programme, title: "C", parent: "X"),
            ],
            commitments: [
                Commitment(id: "a1", instrument: "A", title: "a1", mode: .joint),
                Commitment(id: "b1", instrument: "B", title: "b1"),
            ],
            events: [
                Event(id: "e1", date: PartialDate("2022-01-10")!, commitment: "a1", stage: .inForce, sources: ["s"]),
                Event(id: "e2", date: PartialDate("2022-02")!, commitment: "b1", party: "RU", stage: .applied, sources: ["s"]),
                Event(id: "e3", date: PartialDate("2022-03-01")!, commitment: "b1", party: "BY", stage: .notStarted, sources: ["s"]),
            ])
    }

    @Test("a programme completed, one not, one with no obligations; an explicit not_started is evidence", arguments: ReportPath.allCases)
    func programmeCounts(path: ReportPath) {
        let snapshot = Snapshot(Self.programmes)
        let report = path.report(snapshot, asOf: Day(iso: "2022-06-30")!)
        let x = figures(report, instrument: "X")
        // A: a1 in force (complete); B: b1×RU applied, b1×BY not started (incomplete); C: nothing to count.
        #expect(x.obligations == 3 && x.children == 2 && x.childrenCompleted == 1)
        // e3 says someone looked and found nothing done: it is evidence.
        #expect(x.evidenced == 3 && close(x.coverage, 1))
        #expect(figures(report, instrument: "C").obligations == 0 && figures(report, instrument: "C").children == nil)
        // Before any event: both programmes exist with obligations, none complete, nothing evidenced.
        let early = path.report(snapshot, asOf: Day(iso: "2021-12-31")!)
        #expect(figures(early, instrument: "X").children == 2 && figures(early, instrument: "X").childrenCompleted == 0)
        #expect(figures(early, instrument: "X").evidenced == 0 && figures(early, instrument: "X").coverage == 0)
        // One scope asked directly: the instrument's own figures, children included.
        #expect(snapshot.figures(for: .instrument("X"), asOf: Day(iso: "2022-06-30")!) == x)
        #expect(FigureIndex(snapshot).figures(for: .instrument("X"), asOf: Day(iso: "2022-06-30")!) == x)
    }
}
