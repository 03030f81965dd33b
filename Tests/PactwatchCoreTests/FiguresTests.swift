import Testing

@testable import PactwatchCore

/// A small dataset whose every figure is computed by hand below from DESIGN.md's formulas.
///
/// Instruments: T (treaty, RU;BY, 1999) → D (decree, 2021-11) → P (programme, 2021-11-04);
/// L (plan under T, adopted 2025-01-01). Commitments: c1 (P, each, inherited parties, deadline
/// 2022-07, weight 2), c2 (P, joint, deadline 2023), c3 (D, each RU;BY, deadline 2020),
/// c4 (L, each, deadline 2026).
enum Ladder {
    static func d(_ s: String) -> PartialDate { PartialDate(s)! }

    static var dataset: Dataset {
        Dataset(
            parties: [Party(id: "RU", name: "Russia"), Party(id: "BY", name: "Belarus"), Party(id: "KZ", name: "Kazakhstan")],
            sources: [Source(id: "s", url: "https://example.org")],
            instruments: [
                Instrument(id: "T", kind: .treaty, title: "Treaty", adopted: d("1999"), parties: ["RU", "BY"]),
                Instrument(id: "D", kind: .decree, title: "Decree", parent: "T", adopted: d("2021-11")),
                Instrument(id: "P", kind: .programme, title: "Programme", parent: "D", adopted: d("2021-11-04")),
                Instrument(id: "L", kind: .plan, title: "Later plan", parent: "T", adopted: d("2025-01-01")),
            ],
            commitments: [
                Commitment(id: "c1", instrument: "P", title: "Gas", area: "energy", deadline: d("2022-07"), weight: 2),
                Commitment(id: "c2", instrument: "P", title: "Oil", area: "energy", mode: .joint, deadline: d("2023")),
                Commitment(id: "c3", instrument: "D", title: "Customs", area: "customs", parties: ["RU", "BY"], deadline: d("2020")),
                Commitment(id: "c4", instrument: "L", title: "Later", deadline: d("2026")),
            ],
            events: [
                Event(id: "e1", date: d("2022-03-01"), commitment: "c1", party: "RU", stage: .inPreparation, sources: ["s"]),
                Event(id: "e2", date: d("2022-08"), commitment: "c1", party: "BY", stage: .inForce, sources: ["s"]),
                Event(id: "e3", date: d("2022-09-01"), commitment: "c2", stage: .adopted, sources: ["s"]),
                Event(id: "e4", date: d("2022-10-01"), commitment: "c2", deadline: d("2024"), sources: ["s"]),
                Event(id: "e5", date: d("2021-01-15"), commitment: "c3", party: "RU", stage: .adopted, sources: ["s"]),
                Event(id: "e6", date: d("2021-01-15"), commitment: "c3", party: "RU", stage: .inForce, sources: ["s"]),
                Event(id: "e7", date: d("2023-02-01"), commitment: "c3", party: "BY", stage: .inForce, sources: ["s"]),
                // Dated before e7, yet it removes e7 from every as-of date.
                Event(id: "e8", date: d("2020-01-01"), commitment: "c3", sources: ["s"], retracts: "e7"),
                Event(id: "e9", date: d("2022-06-01"), commitment: "c1", party: "RU", deadline: d("2024"), sources: ["s"]),
            ])
    }

    static let asOf = Day(iso: "2023-06-30")!
}

func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-12 } ?? false }

/// The two ways the unrestricted report is computed: one pass over the obligations, and the
/// figure index the server answers from. The hand-computed figures must come out of both.
enum ReportPath: String, CaseIterable, Sendable {
    /// One pass over the obligations; the figure index; the figure tables as a store keeps them.
    case direct, index, stored

    func report(_ snapshot: Snapshot, asOf day: Day) -> StatusReport {
        switch self {
        case .direct: snapshot.report(asOf: day)
        case .index: FigureIndex(snapshot).report(asOf: day)
        case .stored: try! FigureTables(decoding: FigureTables(snapshot).encoded()).report(asOf: day)
        }
    }
}

@Suite("Figures, hand-computed from DESIGN.md")
struct FiguresTests {
    let snapshot = Snapshot(Ladder.dataset)

    func stage(_ commitment: String, _ party: String?, _ day: Day) -> ObligationState {
        let o = snapshot.obligations(ofCommitment: commitment).first { $0.obligation.party == party }!
        return snapshot.state(of: o.index, asOf: day)
    }

    @Test("the whole dataset as of 2023-06-30", arguments: ReportPath.allCases)
    func overall(path: ReportPath) {
        let f = path.report(snapshot, asOf: Ladder.asOf).overall
        // c1×RU, c1×BY, c2 (joint), c3×RU, c3×BY; c4 does not exist before 2025.
        #expect(f.obligations == 5)
        #expect(f.byStage == [.notStarted: 1, .inPreparation: 1, .adopted: 1, .inForce: 2, .applied: 0, .abandoned: 0])
        // Σw = 2 + 2 + 1 + 1 + 1 = 7; Σ w·weight = 2·0.25 + 2·1 + 1·0.75 + 1·1 + 1·0 = 4.25.
        #expect(f.weight == 7)
        #expect(close(f.progress, 4.25 / 7))
        #expect(f.implementedCount == 2)
        #expect(close(f.implemented, 3.0 / 7))
        #expect(close(f.practice, 0))
        // Due: c1×BY (2022-07-31), c3×RU and c3×BY (2020-12-31); c1×RU moved to 2024, c2 moved to 2024.
        #expect(f.due == 3)
        #expect(f.overdue == 1)
        #expect(close(f.deficit, 1.0 / 3))
        // c3×BY: 2020-12-31 ≤ 2023-06-30 − 730 days = 2021-06-30.
        #expect(f.longOverdue == 1)
        // c1×RU in preparation since 2022-03-01 (486 days), c2 adopted since 2022-09-01 (302 days).
        #expect(f.stalled == 2)
        // c1 (in_preparation vs in_force) and c3 (in_force vs not_started).
        #expect(f.asymmetry == 2)
        // Only c1×BY was first implemented in (2022-06-30, 2023-06-30].
        #expect(f.velocity == 1)
        #expect(f.remaining == 3)
        // 3 remaining at 1 a year: 1095 days; 80 %: 3 / 3.88972 years = 282 days, 3 / 0.1053605 years = 10393 days.
        let forecast = try! #require(f.forecast)
        #expect(forecast.date == Ladder.asOf.adding(days: 1095))
        #expect(forecast.date.description == "2026-06-29")
        #expect(forecast.earliest == Ladder.asOf.adding(days: 282))
        #expect(forecast.latest == Ladder.asOf.adding(days: 10393))
    }

    @Test("a party's scope holds its own obligations and the joint ones it owes", arguments: ReportPath.allCases)
    func parties(path: ReportPath) {
        let report = path.report(snapshot, asOf: Ladder.asOf)
        let ru = report.parties.first { $0.id == "RU" }!.figures
        // c1×RU (2, in_preparation), c2 (1, adopted), c3×RU (1, in_force): (0.5 + 0.75 + 1) / 4.
        #expect(ru.obligations == 3)
        #expect(close(ru.progress, 2.25 / 4))
        #expect(close(ru.implemented, 1.0 / 4))
        #expect(ru.due == 1 && ru.overdue == 0 && close(ru.deficit, 0))
        #expect(ru.stalled == 2)
        #expect(ru.asymmetry == 2)
        let by = report.parties.first { $0.id == "BY" }!.figures
        // c1×BY (2, in_force), c2 (1, adopted), c3×BY (1, not_started): (2 + 0.75 + 0) / 4.
        #expect(close(by.progress, 2.75 / 4))
        #expect(close(by.implemented, 2.0 / 4))
        #expect(by.due == 2 && by.overdue == 1 && close(by.deficit, 0.5))
        #expect(by.longOverdue == 1)
        #expect(by.stalled == 1)
    }

    @Test("an empty scope gives null, never 0")
    func emptyScope() {
        let kz = snapshot.figures(for: .party("KZ"), asOf: Ladder.asOf)
        #expect(kz.obligations == 0)
        #expect(kz.progress == nil && kz.implemented == nil && kz.deficit == nil && kz.due == nil)
        #expect(kz.velocity == nil && kz.forecast == nil && kz.stalled == nil)
        // L is adopted on 2025-01-01: nothing exists under it before.
        let later = snapshot.figures(for: .instrument("L"), asOf: Ladder.asOf)
        #expect(later.obligations == 0 && later.progress == nil)
    }

    @Test("deficit is null when nothing is due, though the scope has obligations")
    func nothingDue() {
        let f = snapshot.figures(for: .commitment("c2"), asOf: Ladder.asOf)
        #expect(f.obligations == 1)
        #expect(f.due == 0)
        #expect(f.deficit == nil)
        #expect(close(f.progress, 0.75))
    }

    @Test("an instrument's scope includes all its descendants")
    func instrumentScope() {
        let report = snapshot.report(asOf: Ladder.asOf)
        let figures = Dictionary(uniqueKeysWithValues: report.instruments.map { ($0.id, $0.figures) })
        // P: c1×RU, c1×BY, c2 → (0.5 + 2 + 0.75) / 5.
        #expect(close(figures["P"]!.progress, 3.25 / 5))
        // D holds P and c3; T holds D and L (empty before 2025): both equal the whole dataset.
        #expect(figures["D"]!.obligations == 5 && close(figures["D"]!.progress, 4.25 / 7))
        #expect(figures["T"]!.obligations == 5 && close(figures["T"]!.progress, 4.25 / 7))
    }

    @Test(
        "area and commitment scopes",
        arguments: [
            (Scope.area("energy"), 3, 3.25 / 5),
            (Scope.area("customs"), 2, 1.0 / 2),
            (Scope.commitment("c1"), 2, 2.5 / 4),
        ])
    func otherScopes(scope: Scope, obligations: Int, progress: Double) {
        let f = snapshot.figures(for: scope, asOf: Ladder.asOf)
        #expect(f.obligations == obligations)
        #expect(close(f.progress, progress))
    }

    @Test("an instrument adopted after the as-of date adds its obligations only from that date")
    func adoptedLater() {
        #expect(snapshot.figures(asOf: Day(iso: "2024-12-31")!).obligations == 5)
        let f = snapshot.figures(asOf: Day(iso: "2025-01-01")!)
        #expect(f.obligations == 7)
        #expect(f.byStage[.notStarted] == 3)
    }

    @Test("a partial date counts from the last day of its period")
    func partialEventDate() {
        #expect(stage("c1", "BY", Day(iso: "2022-08-30")!).stage == .notStarted)
        #expect(stage("c1", "BY", Day(iso: "2022-08-31")!).stage == .inForce)
        // Each obligation exists from its own instrument's adoption: P's (c1×2, c2) from 2021-11-04,
        // D's own c3 (adopted "2021-11") only from 2021-11-30.
        #expect(snapshot.figures(for: .instrument("D"), asOf: Day(iso: "2021-11-03")!).obligations == 0)
        #expect(snapshot.figures(for: .instrument("D"), asOf: Day(iso: "2021-11-29")!).obligations == 3)
        #expect(snapshot.figures(for: .instrument("D"), asOf: Day(iso: "2021-11-30")!).obligations == 5)
    }

    @Test("same-day events: the one listed later wins")
    func sameDayTie() {
        let s = stage("c3", "RU", Ladder.asOf)
        #expect(s.stage == .inForce)
        #expect(s.stageEvent == "e6")
        var reversed = Ladder.dataset
        reversed.events.swapAt(4, 5)
        let r = Snapshot(reversed)
        let o = r.obligations(ofCommitment: "c3").first { $0.obligation.party == "RU" }!
        #expect(r.state(of: o.index, asOf: Ladder.asOf).stage == .adopted)
    }

    @Test("a retraction removes the event whatever its own date")
    func retraction() {
        // e8 is dated 2020-01-01 and retracts e7 (2023-02-01): e7 never counts, at any date.
        for day in ["2020-06-01", "2023-02-01", "2030-01-01"] {
            #expect(stage("c3", "BY", Day(iso: day)!).stage == .notStarted)
        }
        #expect(snapshot.retracted == ["e7"])
        // Without e8, e7 counts from its own date.
        var unretracted = Ladder.dataset
        unretracted.events.removeAll { $0.id == "e8" }
        let u = Snapshot(unretracted)
        let o = u.obligations(ofCommitment: "c3").first { $0.obligation.party == "BY" }!
        #expect(u.state(of: o.index, asOf: Day(iso: "2023-02-01")!).stage == .inForce)
        #expect(u.state(of: o.index, asOf: Day(iso: "2023-01-31")!).stage == .notStarted)
    }

    @Test("a retraction that carries a stage corrects the record from its own date")
    func correction() {
        var data = Ladder.dataset
        data.events.append(
            Event(
                id: "e10", date: PartialDate("2022-05-01")!, commitment: "c1", party: "RU",
                stage: .adopted, sources: ["s"], retracts: "e1"))
        let s = Snapshot(data)
        let o = s.obligations(ofCommitment: "c1").first { $0.obligation.party == "RU" }!
        #expect(s.state(of: o.index, asOf: Day(iso: "2022-04-01")!).stage == .notStarted)
        #expect(s.state(of: o.index, asOf: Day(iso: "2022-05-01")!).stage == .adopted)
    }

    @Test("a deadline moved for one party, then for all")
    func movedDeadlines() {
        var data = Ladder.dataset
        data.events.append(Event(id: "e11", date: PartialDate("2023-01-01")!, commitment: "c1", deadline: PartialDate("2025")!, sources: ["s"]))
        let s = Snapshot(data)
        func deadline(_ party: String, _ day: String) -> String? {
            let o = s.obligations(ofCommitment: "c1").first { $0.obligation.party == party }!
            return s.state(of: o.index, asOf: Day(iso: day)!).deadline?.description
        }
        // Before e9: the commitment's own deadline for both.
        #expect(deadline("RU", "2022-05-31") == "2022-07-31")
        // e9 moves RU's alone.
        #expect(deadline("RU", "2022-12-31") == "2024-12-31")
        #expect(deadline("BY", "2022-12-31") == "2022-07-31")
        // e11 (no party) moves both, being the latest deadline event of each.
        #expect(deadline("RU", "2023-06-30") == "2025-12-31")
        #expect(deadline("BY", "2023-06-30") == "2025-12-31")
    }

    @Test("a joint commitment is one obligation, settled by one joint event")
    func joint() {
        let obligations = snapshot.obligations(ofCommitment: "c2")
        #expect(obligations.count == 1)
        #expect(obligations[0].obligation.party == nil)
        #expect(stage("c2", nil, Ladder.asOf).stage == .adopted)
    }

    @Test("parties are inherited up the parents")
    func inheritedParties() {
        #expect(snapshot.owingParties(of: "c1") == ["RU", "BY"])
        #expect(snapshot.owingParties(of: "c4") == ["RU", "BY"])
    }

    @Test("weights scale a commitment's share of progress")
    func weights() {
        var data = Ladder.dataset
        data.commitments[0].weight = 1
        let f = Snapshot(data).figures(asOf: Ladder.asOf)
        // Σw = 5; Σ w·weight = 0.25 + 1 + 0.75 + 1 + 0 = 3.
        #expect(close(f.progress, 3.0 / 5))
        #expect(close(f.implemented, 2.0 / 5))
    }

    @Test(
        "velocity counts first implementations in (D − 365, D]",
        arguments: [
            ("2023-08-30", 1),  // 2022-08-31 is 364 days before
            ("2023-08-31", 0),  // exactly 365 days before: outside the window
            ("2022-08-30", 0),  // not yet implemented
        ])
    func velocityWindow(day: String, velocity: Int) {
        #expect(snapshot.figures(for: .commitment("c1"), asOf: Day(iso: day)!).velocity == velocity)
    }

    @Test(
        "stalled means more than 270 days since the last stage event",
        arguments: [
            ("2022-11-26", 0),  // c1×RU: 270 days after 2022-03-01
            ("2022-11-27", 1),  // 271 days
        ])
    func stalledBoundary(day: String, stalled: Int) {
        #expect(snapshot.figures(for: .commitment("c1"), asOf: Day(iso: day)!).stalled == stalled)
    }

    @Test("no movement in a year gives no forecast; nothing remaining gives today")
    func forecastEdges() {
        let quiet = snapshot.figures(for: .commitment("c2"), asOf: Ladder.asOf)
        #expect(quiet.velocity == 0 && quiet.forecast == nil)
        var done = Ladder.dataset
        done.events.append(Event(id: "x", date: PartialDate("2023-01-01")!, commitment: "c2", stage: .applied, sources: ["s"]))
        let f = Snapshot(done).figures(for: .commitment("c2"), asOf: Ladder.asOf)
        #expect(f.remaining == 0)
        #expect(f.forecast?.date == Ladder.asOf)
        #expect(close(f.practice, 1))
    }

    @Test("abandoned obligations are neither implemented nor remaining")
    func abandoned() {
        var data = Ladder.dataset
        data.events.append(Event(id: "x", date: PartialDate("2023-01-01")!, commitment: "c2", stage: .abandoned, sources: ["s"]))
        let f = Snapshot(data).figures(asOf: Ladder.asOf)
        #expect(f.remaining == 2)
        #expect(f.byStage[.abandoned] == 1)
        #expect(close(f.progress, 3.5 / 7))
    }

    @Test("restricting a report to a party intersects every instrument with it")
    func restrictedReport() {
        let report = snapshot.report(asOf: Ladder.asOf, within: [.party("BY")])
        #expect(close(report.overall.progress, 2.75 / 4))
        let p = report.instruments.first { $0.id == "P" }!.figures
        // c1×BY (2, in_force) and c2 (1, adopted): 2.75 / 3.
        #expect(close(p.progress, 2.75 / 3))
        // RU ∩ BY: the joint c2, owed by both.
        let ru = report.parties.first { $0.id == "RU" }!.figures
        #expect(ru.obligations == 1 && close(ru.progress, 0.75))
        #expect(report.parties.first { $0.id == "KZ" }!.figures.obligations == 0)
    }
}
