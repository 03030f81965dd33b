import PactwatchCore

/// Atom 1.0 feeds of changes: one entry per event, newest first.
enum Feeds {
    /// The feed of a scope: its newest events, titled and linked like the scope's page.
    static func atom(_ ctx: PageContext, scope: Scope, selfPath: String, baseURL: String) -> String {
        let title = scope == .all ? ctx.t["recent"] : ctx.label(scope)
        let inScope = scope == .all ? nil : Set(ctx.snapshot.commitments(in: scope).map(\.id))
        return atom(ctx, title: title, selfPath: selfPath, pagePath: ctx.pagePath(scope), baseURL: baseURL) { event in
            guard let inScope else { return true }
            guard inScope.contains(event.commitment) else { return false }
            // A party's feed: its own events, and joint ones of commitments it owes.
            if case .party(let id) = scope { return event.party == nil || event.party == id }
            return true
        }
    }

    /// How many entries a feed carries.
    static let entries = 100

    static func atom(_ ctx: PageContext, title: String, selfPath: String, pagePath: String, baseURL: String,
                     include: (Event) -> Bool) -> String {
        // Found from the newest back through the index sorted by day: a feed costs its entries.
        let events = ctx.figures.latestEvents(asOf: Day(ordinal: Int(Int32.max)), limit: entries, where: include)
            .map { ($0, ctx.snapshot.dataset.events[$0]) }
        let updated = events.compactMap { $0.1.recorded }.max() ?? "2000-01-01T00:00:00Z"
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(ctx.language.rawValue)\">"
        xml += "<title>\(esc("Pactwatch — " + title))</title>"
        // Ids that do not change with the host name, so a moved site keeps its readers' state.
        xml += "<id>urn:pactwatch:feed:\(esc(selfPath))</id>"
        xml += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(esc(baseURL + selfPath))\"/>"
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(esc(baseURL + pagePath))\"/>"
        xml += "<updated>\(esc(updated))</updated><author><name>Pactwatch</name></author>"
        for (_, e) in events {
            let what = Blocks.describe(e, ctx)
            let who = e.party.map(ctx.partyName) ?? ctx.t["joint"]
            let entryTitle = "\(e.date) · \(ctx.commitmentTitle(e.commitment)) · \(who): \(what)"
            let link = baseURL + "/commitments/\(urlEncode(e.commitment))"
            let sources = e.sources.map { id in ctx.snapshot.dataset.sources.first { $0.id == id }?.url ?? id }
            xml += "<entry><title>\(esc(entryTitle))</title>"
            xml += "<id>urn:pactwatch:event:\(esc(e.id))</id>"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(esc(link))\"/>"
            xml += "<updated>\(esc(e.recorded ?? updated))</updated>"
            xml += "<summary type=\"text\">\(esc([what, e.note ?? "", sources.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: " — ")))</summary>"
            if ctx.snapshot.retracted.contains(e.id) { xml += "<category term=\"retracted\"/>" }
            xml += "</entry>"
        }
        return xml + "</feed>"
    }
}
