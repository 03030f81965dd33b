import PactwatchCore

/// Atom 1.0 feeds of changes: one entry per event, newest first.
enum Feeds {
    /// How many entries a feed carries.
    static let entries = 100

    /// The feed of a scope: its newest events, titled and linked like the scope's page.
    static func atom(_ ctx: PageContext, scope: Scope, baseURL: String) -> HTML {
        let title = scope == .all ? ctx.t["recent"] : ctx.label(scope)
        let selfPath = Route.feed(scope).path
        // Found from the newest back through the index sorted by day: a feed costs its entries.
        let events = ctx.figures.latestEvents(asOf: Day(ordinal: Int(Int32.max)), limit: entries) { ctx.snapshot.event($0, isIn: scope) }
            .map { ctx.snapshot.dataset.events[$0] }
        let updated = events.compactMap(\.recorded).max() ?? "2000-01-01T00:00:00Z"
        var xml: HTML =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(ctx.language.rawValue)\">"
        xml += "<title>\("Pactwatch — " + title)</title>"
        // Ids that do not change with the host name, so a moved site keeps its readers' state.
        xml += "<id>urn:pactwatch:feed:\(selfPath)</id>"
        xml += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(ctx.absolute(.feed(scope), base: baseURL))\"/>"
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(ctx.absolute(.page(scope), base: baseURL))\"/>"
        xml += "<updated>\(updated)</updated><author><name>Pactwatch</name></author>"
        for e in events {
            let what = Blocks.describe(e, ctx)
            let who = e.party.map(ctx.partyName) ?? ctx.t["joint"]
            let sources = e.sources.map { id in ctx.snapshot.source(id)?.url ?? id }
            xml += "<entry><title>\("\(e.date) · \(ctx.commitmentTitle(e.commitment)) · \(who): \(what)")</title>"
            xml += "<id>urn:pactwatch:event:\(e.id)</id>"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(ctx.absolute(.commitment(e.commitment), base: baseURL))\"/>"
            xml += "<updated>\(e.recorded ?? updated)</updated>"
            xml +=
                "<summary type=\"text\">\([what, e.note ?? "", sources.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: " — "))</summary>"
            if ctx.snapshot.retracted.contains(e.id) { xml += "<category term=\"retracted\"/>" }
            xml += "</entry>"
        }
        return xml + "</feed>"
    }
}
