import Foundation
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import Testing

@testable import PactwatchWeb

/// The page context of the fixture record (Tests/Fixtures/valid) as of a day.
func fixtureContext(_ route: Route = .dashboard, asOf: String = "2024-01-01", folder: URL? = nil) throws -> PageContext {
    let located = try DatasetFolder.read(folder ?? Fixtures.copy())
    let index = FigureIndex(Snapshot(located.dataset))
    return try PageContext(
        figures: index, version: 1, updated: nil, route: route, query: ["as_of": asOf], acceptLanguage: nil, today: Day(iso: asOf)!)
}

/// Page models hold plain values, checked here without any markup against the fixture record,
/// worked by hand as of 2024-01-01: gas (each of RU, BY; deadline 2022-07; weight 2): RU in
/// preparation since 2022-03-01 (its adoption e5 is retracted by e6), BY in force since 2022-08;
/// oil (joint; weight 1) adopted 2022-09-01, deadline moved to 2024; union (UNION; weight 0.5)
/// has no event.
@Suite("Page models")
struct PageModelTests {
    @Test("dashboard: top instruments with their children, what is overdue and stalled, newest events first")
    func dashboard() throws {
        let ctx = try fixtureContext()
        let m = DashboardPage.model(ctx)
        #expect(m.instruments.map(\.id) == ["treaty", "decree"])
        #expect(m.instruments.map(\.depth) == [0, 1])
        #expect(m.report.overall.obligations == 4)
        // gas/RU passed its deadline (2022-07-31) unimplemented; oil's moved deadline is 2024-12-31.
        #expect(m.overdue.map { "\($0.commitment)/\($0.party ?? "joint")" } == ["gas/RU"])
        // In preparation or adopted, and the last stage event more than 270 days back.
        #expect(m.stalled.map { "\($0.commitment)/\($0.party ?? "joint")" } == ["gas/RU", "oil/joint"])
        #expect(m.recent.map { ctx.snapshot.dataset.events[$0].id } == ["e6", "e5", "e4", "e3", "e2", "e1"])
        #expect(m.claims.map(\.claim.id) == ["k1", "k2"] && !m.moreClaims)
    }

    @Test("instrument: its lineage, children, own commitments, and claims beside the evidence")
    func instrument() throws {
        let m = try #require(InstrumentPage.model(try fixtureContext(), id: "decree"))
        #expect(m.lineage.map(\.id) == ["treaty"])
        #expect(m.children.map(\.id) == ["programme"])
        #expect(m.commitments.map(\.commitment.id) == ["union"])
        #expect(m.commitments[0].stages.map(\.party) == ["UNION"] && m.commitments[0].stages.map(\.state?.stage) == [.notStarted])
        // union has no event at all: no recorded step, which the view says in words.
        let ctx = try fixtureContext()
        let state = try #require(m.commitments[0].stages[0].state)
        #expect(!state.isEvidenced && ctx.stageName(state) == "no recorded step" && ctx.stageKey(state) == "no_recorded_step")
        // k1 speaks of the decree on 2022-12-19: gas/BY in force out of 4 obligations; weighted 2 / (2 + 2 + 1 + 0.5).
        #expect(m.claims.map(\.claim.id) == ["k1"])
        let evidence = m.claims[0]
        #expect(evidence.scope == .instrument("decree") && evidence.asOf == Day(iso: "2022-12-19"))
        #expect(evidence.figures.obligations == 4 && evidence.figures.implementedCount == 1)
        #expect(abs(evidence.figures.implemented! - 2 / 5.5) < 1e-12)
        #expect(InstrumentPage.model(try fixtureContext(), id: "nope") == nil)
    }

    @Test("an obligation with no counting stage event reads 'no recorded step', in both languages; the counts split it from 'not started'")
    func noRecordedStep() throws {
        let en = try fixtureContext(.commitment("union"))
        let page = try #require(try Pages.page(.commitment("union"), en))
        #expect(page.body.markup.contains("<span class=\"stage st-no_recorded_step\">no recorded step</span>"))
        // The whole record on 2024-01-01: union has nothing recorded; nobody recorded an explicit not_started.
        let counts = Blocks.stageCounts(en.figures.figures(asOf: en.asOf), en)
        #expect(counts.map { "\($0.0) \($0.1)" } == ["no recorded step 1", "in preparation 1", "adopted 1", "in force 1"])
        let located = try DatasetFolder.read(Fixtures.copy())
        let ru = try PageContext(
            figures: FigureIndex(Snapshot(located.dataset)), version: 1, updated: nil, route: .commitment("union"),
            query: ["as_of": "2024-01-01", "lang": "ru"], acceptLanguage: nil, today: Day(iso: "2024-01-01")!)
        #expect(try #require(try Pages.page(.commitment("union"), ru)).body.markup.contains("шаг не зафиксирован"))
    }

    @Test("commitment: one timeline per owing party, a retraction beside what it retracts")
    func commitment() throws {
        let m = try #require(CommitmentPage.model(try fixtureContext(), id: "gas"))
        #expect(m.owing == ["RU", "BY"])
        #expect(m.timelines.map(\.party) == ["RU", "BY"])
        #expect(m.timelines.map(\.state.stage) == [.inPreparation, .inForce])
        #expect(m.timelines[0].events.map(\.id) == ["e1", "e5", "e6"])
        #expect(m.timelines[1].events.map(\.id) == ["e2"])
        #expect(m.retractedBy == ["e5": "e6"])
        // Before e5, the page shows nothing of it.
        let earlier = try #require(CommitmentPage.model(try fixtureContext(asOf: "2022-12-31"), id: "gas"))
        #expect(earlier.timelines[0].events.map(\.id) == ["e1"])
    }

    @Test("party: its own and its joint obligations; instruments where it owes anything")
    func party() throws {
        let m = try #require(PartyPage.model(try fixtureContext(), id: "BY"))
        #expect(m.obligations.map { "\($0.commitment)/\($0.party ?? "joint")" } == ["gas/BY", "oil/joint"])
        #expect(m.instruments.map(\.id) == ["treaty", "decree", "programme"])
        #expect(m.report.overall.obligations == 2 && m.report.overall.implementedCount == 1)
    }

    @Test("source: every record citing it, by kind, each pointing where it is shown")
    func source() throws {
        let m = try #require(SourcePage.model(try fixtureContext(), id: "s2"))
        #expect(
            m.citedBy == [
                .init(kind: .instrument, id: "decree", route: .instrument("decree")),
                .init(kind: .commitment, id: "union", route: .commitment("union")),
                .init(kind: .event, id: "e2", route: .commitment("gas")),
                .init(kind: .claim, id: "k1", route: .claims),
            ])
    }

    @Test("area and act: an area's commitments, an act's events")
    func areaAndAct() throws {
        let ctx = try fixtureContext()
        let area = try #require(AreaPage.model(ctx, area: "energy"))
        #expect(area.commitments.map(\.commitment.id) == ["gas", "oil"])
        #expect(area.figures.obligations == 3)
        #expect(AreaPage.model(ctx, area: "nowhere") == nil)
        let act = try #require(ActPage.model(ctx, id: "ru-law"))
        #expect(act.events.map { ctx.snapshot.dataset.events[$0].id } == ["e5"])
    }
}

@Suite("What Core answers for pages")
struct LookupTests {
    @Test("children, descendants and the tree of instruments")
    func tree() throws {
        let s = try fixtureContext().snapshot
        #expect(s.children(of: "treaty").map(\.id) == ["decree"])
        #expect(s.descendants(of: "treaty").map(\.id) == ["decree", "programme"])
        #expect(s.descendants(of: "programme").isEmpty)
        #expect(s.instrumentTree().map { "\($0.instrument.id):\($0.depth)" } == ["treaty:0", "decree:1", "programme:2"])
        #expect(s.source("s1")?.publisher == "Example" && s.act("ru-law")?.number == "123-FZ" && s.source("nope") == nil)
        #expect(s.areas == ["energy", "union"])
    }

    @Test("an event belongs to its commitment's scopes; a party's scope holds its own and joint events")
    func eventScope() throws {
        let s = try fixtureContext().snapshot
        let e = Dictionary(uniqueKeysWithValues: s.dataset.events.map { ($0.id, $0) })
        #expect(s.event(e["e2"]!, isIn: .party("BY")) && !s.event(e["e2"]!, isIn: .party("RU")))
        #expect(s.event(e["e3"]!, isIn: .party("RU")) && s.event(e["e3"]!, isIn: .party("BY")))
        #expect(!s.event(e["e3"]!, isIn: .party("UNION")))
        #expect(s.event(e["e3"]!, isIn: .instrument("decree")) && s.event(e["e3"]!, isIn: .instrument("programme")))
        #expect(s.event(e["e3"]!, isIn: .area("energy")) && !s.event(e["e3"]!, isIn: .area("union")))
        #expect(s.event(e["e1"]!, isIn: .commitment("gas")) && !s.event(e["e1"]!, isIn: .commitment("oil")))
    }

    @Test("a claim's scope, and the claims about a scope by a day")
    func claims() throws {
        let s = try fixtureContext().snapshot
        let k1 = s.dataset.claims.first { $0.id == "k1" }!, k2 = s.dataset.claims.first { $0.id == "k2" }!
        #expect(s.scope(of: k1) == .instrument("decree") && s.scope(of: k2) == .all)
        #expect(s.claims(about: .instrument("treaty"), through: Day(iso: "2024-01-01")!).map(\.id) == ["k1"])
        #expect(s.claims(about: .instrument("programme"), through: Day(iso: "2024-01-01")!).isEmpty)
        #expect(s.claims(about: .all, through: Day(iso: "2022-12-31")!).map(\.id) == ["k1"])
    }

    @Test("figure text: percentages with one decimal, numbers with two, thresholds in words")
    func format() {
        #expect(FigureFormat.percent(2 / 5.5) == "36.4 %")
        #expect(FigureFormat.percent(1) == "100 %" && FigureFormat.percent(nil) == nil)
        #expect(FigureFormat.number(2.5) == "2.5" && FigureFormat.number(3) == "3" && FigureFormat.number(1 / 3) == "0.33")
        #expect(FigureFormat.Threshold.longOverdue.phrase() == "≥ 730 d")
        #expect(FigureFormat.Threshold.stalled.phrase(days: "дн.") == "> 270 дн.")
        #expect(FigureFormat.Threshold.velocity.days == 365)
    }
}
