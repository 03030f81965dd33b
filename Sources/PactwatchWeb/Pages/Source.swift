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
        func row(_ c: Citation) -> [DataTable.Cell] {
            let text: String =
                switch c.kind {
                case .instrument: ctx.instrumentTitle(c.id)
                case .commitment: ctx.commitmentTitle(c.id)
                case .act: ctx.actTitle(c.id)
                case .event:
                    d.events.first { $0.id == c.id }.map { "\($0.date) · \(ctx.commitmentTitle($0.commitment)) · \(Blocks.describe($0, ctx))" }
                        ?? c.id
                case .claim: d.claims.first { $0.id == c.id }.map { "\($0.date) · \(localized($0.speaker, $0.speakers, ctx.language))" } ?? c.id
                }
            return [
                .init(t["kind_" + c.kind.rawValue + "s"], value: .text(c.kind.rawValue)), .init(text, link: ctx.link(c.route), value: .text(c.id)),
            ]
        }
        // Every citing record in one download; on the page, grouped by what cites it, each group counted.
        page.offer(
            DataTable(id: "cited-by", caption: t["cited_by"], columns: [("kind", t["kind"]), ("record", t["record"])], rows: m.citedBy.map(row)))
        page.section(t["cited_by"] + " · \(m.citedBy.count)") { p in
            p.add("<p class=\"downloads\">\(t["download"]): \(ctx.download("cited-by", "csv")) \(ctx.download("cited-by", "json"))</p>")
            if m.citedBy.isEmpty { p.add("<p class=\"empty\">\(t["not_yet"])</p>") }
            for kind in [Citation.Kind.event, .claim, .commitment, .instrument, .act] {
                let group = m.citedBy.filter { $0.kind == kind }
                guard !group.isEmpty else { continue }
                let items = group.map { c -> HTML in
                    let cells = row(c)
                    return "<li><a href=\"\(cells[1].link ?? "")\">\(cells[1].text)</a></li>"
                }
                p.add("<h3>\(t[kind.rawValue + "s"]) · \(group.count)</h3><ul class=\"cited\">\(HTML.joined(items))</ul>")
            }
        }
        return page
    }
}
