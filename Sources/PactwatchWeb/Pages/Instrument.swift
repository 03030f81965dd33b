import PactwatchCore

/// `/instruments/ID`: an instrument with everything under it.
enum InstrumentPage {
    struct Model {
        let instrument: Instrument
        /// Its ancestors, the top one first.
        let lineage: [Instrument]
        let report: StatusReport
        let children: [InstrumentRow]
        let commitments: [CommitmentRow]
        /// Parties owing anything under it.
        let parties: [(id: String, figures: Figures)]
        let claims: [ClaimEvidence]
    }

    static func model(_ ctx: PageContext, id: String) -> Model? {
        guard let instrument = ctx.snapshot.instrument(id) else { return nil }
        let report = ctx.snapshot.report(asOf: ctx.asOf, within: [.instrument(id)])
        let figures = Dictionary(report.instruments.map { ($0.id, $0.figures) }, uniquingKeysWith: { a, _ in a })
        return Model(
            instrument: instrument, lineage: ctx.snapshot.lineage(of: id).dropFirst().reversed(), report: report,
            children: ctx.snapshot.children(of: id).compactMap { child in figures[child.id].map { InstrumentRow(id: child.id, figures: $0) } },
            commitments: Rows.commitments(ctx, ctx.snapshot.dataset.commitments.filter { $0.instrument == id }),
            parties: report.parties.filter { $0.figures.obligations > 0 },
            claims: Rows.claims(ctx, about: .instrument(id)))
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t, i = m.instrument
        var page = Page(title: ctx.instrumentTitle(i.id), feed: .feed(.instrument(i.id)))
        var facts: [(String, HTML)] = [(t["kind"], "\(t.value("instrument_kind", i.kind.rawValue))")]
        if !m.lineage.isEmpty {
            facts.append((t["parent"], HTML.joined(m.lineage.map { ctx.anchor(.instrument($0.id), ctx.instrumentTitle($0.id)) }, separator: " › ")))
        }
        if let adopted = i.adopted { facts.append((t["adopted_on"], "\(adopted)")) }
        if let n = i.expectedActs { facts.append((t["expected_acts"], "\(n)")) }
        facts.append((t["confidence"], "\(t.value("confidence", i.confidence.rawValue))"))
        if !i.sources.isEmpty { facts.append((t["sources"], ctx.sourceLinks(i.sources))) }
        if let note = i.note { facts.append((t["note"], "\(note)")) }
        if let line = ctx.attributionLine(i.attribution, on: nil) { facts.append((t["attribution"], "\(line)")) }
        page.add(Finding.view(Finding.model(ctx, scope: .instrument(i.id)), ctx))
        page.add(Blocks.definitionList(facts))
        page.add(Blocks.headline(m.report.overall, ctx))
        Compare.add(.instrument(i.id), ctx, into: &page)
        if ProgrammeGrid.parent(ctx, .instrument(i.id)) != nil {
            page.section(t["programme_grid"], id: "programmes") { p in p.add(ProgrammeGrid.view(ctx, parent: i.id)) }
        }
        Blocks.chart(.burnup, .instrument(i.id), alt: t["burnup"], ctx, into: &page)
        if !m.children.isEmpty { page.section(t["children"]) { p in p.add(Blocks.instrumentTable(m.children, ctx, id: "children"), ctx) } }
        page.section(t["commitments"]) { p in p.add(Blocks.commitmentTable(m.commitments, ctx), ctx) }
        page.section(t["by_party"]) { p in p.add(Blocks.partyTable(m.parties, ctx), ctx) }
        if !m.claims.isEmpty {
            page.section(t["claims_vs_evidence"]) { p in
                // The chart draws the claims about exactly this scope; the table lists those about its parts too.
                if m.claims.contains(where: { ctx.snapshot.scope(of: $0.claim) == .instrument(m.instrument.id) }) {
                    Blocks.claimsChart(.instrument(m.instrument.id), ctx, into: &p)
                }
                p.add(Blocks.claimsTable(m.claims, ctx), ctx)
            }
        }
        return page
    }
}
