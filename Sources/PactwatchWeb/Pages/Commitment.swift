import PactwatchCore

/// `/commitments/ID`: a commitment, each owing party's stage, and the events behind it.
enum CommitmentPage {
    struct Model {
        let commitment: Commitment
        let owing: [String]
        let figures: Figures
        /// Per obligation: its state, and its events up to the page's day in date order.
        let timelines: [Timeline]
        /// Event id → the id of the event that retracts it.
        let retractedBy: [String: String]
        let claims: [ClaimEvidence]
    }

    struct Timeline {
        let party: String?
        let state: ObligationState
        let events: [Event]
    }

    static func model(_ ctx: PageContext, id: String) -> Model? {
        guard let c = ctx.snapshot.commitment(id) else { return nil }
        let events = ctx.snapshot.dataset.events.enumerated().filter { $0.1.commitment == id }
        let retractedBy = Dictionary(events.compactMap { _, e in e.retracts.map { ($0, e.id) } }, uniquingKeysWith: { a, _ in a })
        let timelines = ctx.snapshot.obligations(ofCommitment: id).map { index, o in
            // An obligation's own events, and the commitment's events that name no party and no stage (deadlines, retractions).
            let mine = events.filter { $0.1.party == o.party || ($0.1.party == nil && $0.1.stage == nil) }
                .filter { $0.1.date.lastDay <= ctx.asOf }
                .sorted { ($0.1.date.lastDay, $0.0) < ($1.1.date.lastDay, $1.0) }
            return Timeline(party: o.party, state: ctx.snapshot.state(of: index, asOf: ctx.asOf), events: mine.map(\.1))
        }
        return Model(
            commitment: c, owing: ctx.snapshot.owingParties(of: id), figures: ctx.figures.figures(for: .commitment(id), asOf: ctx.asOf),
            timelines: timelines, retractedBy: retractedBy, claims: Rows.claims(ctx, about: .commitment(id)))
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t, c = m.commitment
        var page = Page(title: ctx.commitmentTitle(c.id), feed: .feed(.commitment(c.id)))
        var facts: [(String, HTML)] = [
            (t["instrument"], ctx.anchor(.instrument(c.instrument), ctx.instrumentTitle(c.instrument))),
            (t["mode"], "\(c.mode == .joint ? t["joint"] : t["each"])"),
            (t["parties"], HTML.joined(m.owing.map { ctx.anchor(.party($0), ctx.partyName($0)) }, separator: ", ")),
            (t["deadline"], "\(c.deadline?.description ?? "—")"), (t["weight"], "\(ctx.number(c.weight))"),
            (t["confidence"], "\(t.value("confidence", c.confidence.rawValue))"),
        ]
        if let area = c.area { facts.append((t["area"], ctx.anchor(.area(area), area))) }
        if !c.sources.isEmpty { facts.append((t["sources"], ctx.sourceLinks(c.sources))) }
        if let note = c.note { facts.append((t["note"], "\(note)")) }
        if let line = ctx.attributionLine(c.attribution, on: nil) { facts.append((t["attribution"], "\(line)")) }
        page.add(Blocks.definitionList(facts))
        page.add(Blocks.headline(m.figures, ctx))
        page.section(t["timeline"], id: "timeline") { p in
            for timeline in m.timelines {
                let state = timeline.state
                let heading = timeline.party.map(ctx.partyName) ?? t["joint"]
                let deadline = state.deadline.map {
                    "<span class=\"deadline\(state.isOverdue ? " bad" : "")\">\(t["deadline"]): \($0)</span>" as HTML
                }
                p.add("<h3>\(heading) <span class=\"stage st-\(ctx.stageKey(state))\">\(ctx.stageName(state))</span> \(deadline)</h3>")
                p.add(
                    DataTable(
                        id: "timeline-\(timeline.party ?? "joint")", caption: "\(t["timeline"]): \(heading)",
                        columns: [
                            ("date", t["date"]), ("change", t["stage"]), ("act", t["act"]), ("sources", t["sources"]), ("note", t["note"]),
                            ("retracted_by", t["retracted_by"]), ("recorded_by", t["recorded_by"]), ("approved_by", t["approved_by"]),
                        ],
                        rows: timeline.events.map { e in
                            let struck = m.retractedBy[e.id] != nil
                            return [
                                DataTable.Cell(e.date.description, struck: struck),
                                .init(
                                    Blocks.describe(e, ctx), value: .text(Blocks.change(e)), cssClass: e.stage.map { "stage st-\($0.rawValue)" },
                                    struck: struck),
                                .init(
                                    e.act.map(ctx.actTitle) ?? "—", link: e.act.map { ctx.link(.act($0)) }, value: e.act.map { .text($0) } ?? .null),
                                Blocks.sources(e.sources, ctx),
                                .init(e.note ?? "", struck: struck, sub: ctx.attributionLine(e.attribution, on: e.recorded).map { ($0, nil) }),
                                .init(m.retractedBy[e.id] ?? "", value: m.retractedBy[e.id].map { .text($0) } ?? .null),
                                .init(e.attribution.recordedBy ?? "", value: e.attribution.recordedBy.map { .text($0) } ?? .null),
                                .init(e.attribution.approvedBy ?? "", value: e.attribution.approvedBy.map { .text($0) } ?? .null),
                            ]
                        }, dataOnly: ["recorded_by", "approved_by"]), ctx)
            }
        }
        if !m.claims.isEmpty {
            page.section(t["claims_vs_evidence"]) { p in
                // The chart draws the claims about exactly this scope; the table lists those about its parts too.
                if m.claims.contains(where: { ctx.snapshot.scope(of: $0.claim) == .commitment(m.commitment.id) }) {
                    Blocks.claimsChart(.commitment(m.commitment.id), ctx, into: &p)
                }
                p.add(Blocks.claimsTable(m.claims, ctx), ctx)
            }
        }
        return page
    }
}
