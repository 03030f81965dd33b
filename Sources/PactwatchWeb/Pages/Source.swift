import PactwatchCore

/// `/sources/ID`: a source and every record that cites it.
enum SourcePage {
    struct Model {
        let source: Source
        let citedBy: [Citation]
    }

    /// A record citing the source.
    struct Citation: Equatable {
        enum Kind: String { case instrument, commitment, act, event, claim }
        let kind: Kind
        let id: String
        /// Where the citing record is shown.
        let route: Route
    }

    static func model(_ ctx: PageContext, id: String) -> Model? {
        guard let source = ctx.snapshot.source(id) else { return nil }
        let d = ctx.snapshot.dataset
        var cited: [Citation] = []
        cited += d.instruments.filter { $0.sources.contains(id) }.map { Citation(kind: .instrument, id: $0.id, route: .instrument($0.id)) }
        cited += d.commitments.filter { $0.sources.contains(id) }.map { Citation(kind: .commitment, id: $0.id, route: .commitment($0.id)) }
        cited += d.acts.filter { $0.sources.contains(id) }.map { Citation(kind: .act, id: $0.id, route: .act($0.id)) }
        cited += d.events.filter { $0.sources.contains(id) }.map { Citation(kind: .event, id: $0.id, route: .commitment($0.commitment)) }
        cited += d.claims.filter { $0.sources.contains(id) }.map { Citation(kind: .claim, id: $0.id, route: .claims) }
        return Model(source: source, citedBy: cited)
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t, s = m.source
        var page = Page(title: s.title ?? s.publisher ?? s.id)
        var facts: [(String, HTML)] = [(t["url"], "<a href=\"\(s.url)\" rel=\"nofollow noopener\">\(s.url)</a>")]
        if let p = s.publisher { facts.append((t["publisher"], "\(p)")) }
        if let d = s.published { facts.append((t["published"], "\(d)")) }
        if let k = s.kind { facts.append((t["kind"], "\(t.value("source_kind", k.rawValue))")) }
        if let l = s.language { facts.append((t["language"], "\(t.languageName(l))")) }
        if let a = s.archivedURL { facts.append((t["archive"], "<a href=\"\(a)\" rel=\"nofollow noopener\">\(a)</a>")) }
        if let q = s.quote { facts.append((t["quote"], "<q>\(q)</q>")) }
        if let line = ctx.attributionLine(s.attribution, on: nil) { facts.append((t["attribution"], "\(line)")) }
        page.add(Blocks.definitionList(facts))
        let d = ctx.snapshot.dataset
        let rows: [[DataTable.Cell]] = m.citedBy.map { c in
            let text: String =
                switch c.kind {
                case .instrument: ctx.instrumentTitle(c.id)
                case .commitment: ctx.commitmentTitle(c.id)
                case .act: ctx.actTitle(c.id)
                case .event: d.events.first { $0.id == c.id }.map { "\($0.date) · \(ctx.commitmentTitle($0.commitment))" } ?? c.id
                case .claim: d.claims.first { $0.id == c.id }.map { "\($0.date) · \($0.speaker)" } ?? c.id
                }
            return [.init(t[c.kind.rawValue], value: .text(c.kind.rawValue)), .init(text, link: ctx.link(c.route), value: .text(c.id))]
        }
        page.section(t["cited_by"]) { p in
            p.add(DataTable(id: "cited-by", caption: t["cited_by"], columns: [("kind", t["kind"]), ("record", t["record"])], rows: rows), ctx)
        }
        return page
    }
}
