import PactwatchCore
import PactwatchStore

/// Atom 1.0 feeds of what is new in the record: events, official claims and commitments, newest
/// entered first. `<published>` is when an entry was entered (its `recorded` stamp), `<updated>`
/// when it last changed (an event's retraction); each language has its own feed id.
enum Feeds {
    /// How many entries a feed carries.
    static let entries = 100

    /// What a feed follows: a scope (the whole record, a party, an instrument, a commitment, an
    /// area), or the records a search matched (a saved search).
    enum Selection {
        case scope(Scope)
        case search(String, [SearchHit])
    }

    /// One entry, in words of the page's language.
    struct Entry {
        let id: String
        let title: String
        let link: Route
        let published: String
        let updated: String
        /// The fact's own date, which orders entries entered at the same moment.
        let date: Day
        /// Its place in its table: of two facts of one day entered together, the later listed comes first.
        let position: Int
        let summary: String
        let categories: [String]
    }

    static func atom(_ ctx: PageContext, scope: Scope, baseURL: String) -> HTML {
        atom(ctx, .scope(scope), baseURL: baseURL)
    }

    static func atom(_ ctx: PageContext, _ selection: Selection, baseURL: String) -> HTML {
        let t = ctx.t
        let (title, route, page): (String, Route, Route) =
            switch selection {
            case .scope(let scope): (scope == .all ? t["recent"] : ctx.label(scope), .feed(scope), .page(scope))
            case .search(let q, _): ("\(t["search"]): \(q)", .searchFeed(q), .search)
            }
        let list = entries(ctx, selection)
        let updated = list.map(\.updated).max() ?? ctx.updated ?? "2000-01-01T00:00:00Z"
        let language = ctx.language == .en ? "" : (route.query.isEmpty ? "?" : "&") + "lang=" + ctx.language.rawValue
        var xml: HTML =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(ctx.language.rawValue)\">"
        xml += "<title>\("Pactwatch — " + title)</title>"
        // Ids that do not change with the host name, so a moved site keeps its readers' state;
        // the Russian feed is another feed, with its own.
        xml += "<id>urn:pactwatch:feed:\(route.url())\(language)</id>"
        xml += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(absolute(ctx, route, baseURL) + language)\"/>"
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(absolute(ctx, page, baseURL))\"/>"
        xml += "<updated>\(updated)</updated><author><name>Pactwatch</name></author>"
        for e in list {
            xml += "<entry><title>\(e.title)</title><id>\(e.id)</id>"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(absolute(ctx, e.link, baseURL))\"/>"
            xml += "<published>\(e.published)</published><updated>\(e.updated)</updated>"
            xml += "<summary type=\"text\">\(e.summary)</summary>"
            for term in e.categories { xml += "<category term=\"\(term)\"/>" }
            xml += "</entry>"
        }
        return xml + "</feed>"
    }

    /// A route's absolute address, with its own query (a search feed's words).
    static func absolute(_ ctx: PageContext, _ route: Route, _ base: String) -> String {
        let url = route.url(), path = route.path
        return ctx.absolute(route, base: base) + url.dropFirst(path.count)
    }

    /// The newest entries of a selection: what was entered last first, then the latest facts.
    static func entries(_ ctx: PageContext, _ selection: Selection) -> [Entry] {
        let s = ctx.snapshot, d = s.dataset, t = ctx.t
        let includeEvent: (Event) -> Bool, includeClaim: (Claim) -> Bool, includeCommitment: (Commitment) -> Bool
        switch selection {
        case .scope(let scope):
            let claims = Set(s.claims(about: scope, through: Day(ordinal: Int(Int32.max))).map(\.id))
            let commitments = scope == .all ? nil : Set(s.commitments(in: scope).map(\.id))
            includeEvent = { s.event($0, isIn: scope) }
            includeClaim = { claims.contains($0.id) }
            includeCommitment = { commitments?.contains($0.id) ?? true }
        case .search(_, let hits):
            // A saved search follows what it finds: the events, claims and commitments it
            // matched, and every event of a matched commitment or of a matched instrument's.
            var commitments = Set(hits.filter { $0.table == .commitments }.map(\.id))
            for hit in hits where hit.table == .instruments { commitments.formUnion(s.commitments(in: .instrument(hit.id)).map(\.id)) }
            let events = Set(hits.filter { $0.table == .events }.map(\.id)), claims = Set(hits.filter { $0.table == .claims }.map(\.id))
            includeEvent = { events.contains($0.id) || commitments.contains($0.commitment) }
            includeClaim = { claims.contains($0.id) }
            includeCommitment = { commitments.contains($0.id) }
        }
        // A commitment entered when the record was first loaded is its starting point, not news;
        // one entered later is, as is every event entered later, whatever its date.
        let firstLoad = s.firstLoaded
        let far = Day(ordinal: Int(Int32.max))
        var chosen = Set(ctx.figures.latestEvents(asOf: far, limit: entries, where: includeEvent))
        for i in s.enteredLater where includeEvent(d.events[i]) { chosen.insert(i) }
        var out: [Entry] = chosen.map { i -> Entry in
            let e = d.events[i]
            let what = Blocks.describe(e, ctx)
            let who = e.party.map(ctx.partyName) ?? t["joint"]
            let sources = e.sources.map { id in s.source(id)?.url ?? id }
            let published = e.recorded ?? midnight(e.date.lastDay)
            return Entry(
                id: "urn:pactwatch:event:\(e.id)", title: "\(e.date) · \(ctx.commitmentTitle(e.commitment)) · \(who): \(what)",
                link: .commitment(e.commitment), published: published, updated: max(published, s.retractedAt[e.id] ?? ""), date: e.date.lastDay,
                position: i,
                summary: [what, e.note ?? "", sources.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: " — "),
                categories: ["event"] + (s.retracted.contains(e.id) ? ["retracted"] : []))
        }
        for (i, c) in d.claims.enumerated() where includeClaim(c) {
            let speaker = localized(c.speaker, c.speakers, ctx.language)
            let evidence = ctx.figures.evidence(for: c)
            let claimed = [c.value.map { ctx.percentValue($0) }, c.done.flatMap { done in c.total.map { "\(done) \(t["of"]) \($0)" } }]
                .compactMap { $0 }.joined(separator: "; ")
            let published = c.recorded ?? midnight(c.date.lastDay)
            out.append(
                Entry(
                    id: "urn:pactwatch:claim:\(c.id)", title: "\(c.date) · \(t["claim"]): \(speaker)\(claimed.isEmpty ? "" : " — " + claimed)",
                    link: .claims, published: published, updated: published, date: c.date.lastDay, position: i,
                    summary: localized(c.statement, c.statements, ctx.language) + " — " + t["evidence"] + ": "
                        + ctx.share(evidence.figures.implemented, evidence.figures.implementedCount, evidence.figures.obligations) + " "
                        + t["implemented"].lowercased(),
                    categories: ["claim"]))
        }
        if let firstLoad {
            for (i, c) in d.commitments.enumerated() where (c.recorded ?? "") > firstLoad && includeCommitment(c) {
                out.append(
                    Entry(
                        id: "urn:pactwatch:commitment:\(c.id)", title: "\(t["new_commitment"]): \(ctx.commitmentTitle(c.id))",
                        link: .commitment(c.id),
                        published: c.recorded!, updated: c.recorded!, date: c.deadline?.lastDay ?? Day(ordinal: 0), position: i,
                        summary: [ctx.instrumentTitle(c.instrument), c.deadline.map { "\(t["deadline"]): \($0)" }].compactMap { $0 }.joined(
                            separator: " — "), categories: ["commitment"]))
            }
        }
        out.sort { a, b in
            if a.published != b.published { return a.published > b.published }
            if a.date != b.date { return a.date > b.date }
            return a.position != b.position ? a.position > b.position : a.id < b.id
        }
        return Array(out.prefix(entries))
    }

    static func midnight(_ day: Day) -> String { "\(day)T00:00:00Z" }
}
