import PactwatchCore

/// `/parties/ID`: what a party owes, and where each obligation stands.
enum PartyPage {
    struct Model {
        let party: Party
        let report: StatusReport
        let instruments: [InstrumentRow]
        let obligations: [ObligationRow]
    }

    static func model(_ ctx: PageContext, id: String) -> Model? {
        guard let party = ctx.snapshot.party(id) else { return nil }
        let report = ctx.snapshot.report(asOf: ctx.asOf, within: [.party(id)])
        return Model(
            party: party, report: report,
            instruments: report.instruments.filter { $0.figures.obligations > 0 }.map { InstrumentRow(id: $0.id, figures: $0.figures) },
            obligations: Rows.obligations(ctx, limit: 1000) { o, _ in
                o.party == id || (o.party == nil && ctx.snapshot.owingParties(of: o.commitment).contains(id))
            })
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t, party = m.party
        var page = Page(title: ctx.partyName(party.id), feed: .feed(.party(party.id)))
        var facts: [(String, HTML)] = [(t["kind"], "\(t.value("party_kind", party.kind.rawValue))")]
        if let joined = party.joined { facts.append((t["joined"], "\(joined)")) }
        if let left = party.left { facts.append((t["left"], "\(left)")) }
        page.add(Finding.view(Finding.model(ctx, scope: .party(party.id)), ctx))
        page.add(Blocks.definitionList(facts))
        page.add(Blocks.headline(m.report.overall, ctx))
        Compare.add(.party(party.id), ctx, into: &page)
        Blocks.chart(.burnup, .party(party.id), alt: t["burnup"], ctx, into: &page)
        page.section(t["instruments"]) { p in p.add(Blocks.instrumentTable(m.instruments, ctx), ctx) }
        page.section(t["obligations"]) { p in p.add(Blocks.obligationTable(id: "obligations", caption: t["obligations"], m.obligations, ctx), ctx) }
        return page
    }
}
