import PactwatchCore

/// `/acts/ID`: a law, decree or agreement, what it implements and the events that cite it.
enum ActPage {
    struct Model {
        let act: Act
        /// Event indices, newest first.
        let events: [Int]
    }

    static func model(_ ctx: PageContext, id: String) -> Model? {
        guard let act = ctx.snapshot.act(id) else { return nil }
        return Model(act: act, events: ctx.figures.latestEvents(asOf: ctx.asOf, limit: 1000) { $0.act == id })
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t, act = m.act
        var page = Page(title: ctx.actTitle(act.id))
        var facts: [(String, HTML)] = [(t["kind"], "\(t.value("act_kind", act.kind.rawValue))")]
        if let p = act.party { facts.append((t["party"], ctx.anchor(.party(p), ctx.partyName(p)))) }
        if let n = act.number { facts.append((t["number"], "\(n)")) }
        if let uri = act.uri { facts.append(("URI", "\(uri)")) }
        if !act.sources.isEmpty { facts.append((t["sources"], ctx.sourceLinks(act.sources))) }
        facts.append((t["implements"], HTML.joined(act.commitments.map { ctx.anchor(.commitment($0), ctx.commitmentTitle($0)) }, separator: "<br>")))
        if let line = ctx.attributionLine(act.attribution, on: nil) { facts.append((t["attribution"], "\(line)")) }
        page.add(Blocks.definitionList(facts))
        page.section(t["events"]) { p in p.add(Blocks.eventTable(m.events, ctx, id: "events"), ctx) }
        return page
    }
}
