import PactwatchCore

/// The page shell: header with navigation, the as-of control and the language switch.
enum Layout {
    /// The navigation, in order; search needs the server.
    static let navigation: [(route: Route, label: String, live: Bool)] = [
        (.dashboard, "dashboard", false), (.claims, "claims", false), (.openData, "open_data", false), (.methodology, "methodology", false),
        (.search, "search", true),
    ]

    /// The query a page keeps when the reader changes its day or language: the search words, a
    /// listing's filters and sort (not its page, which may not exist on another day).
    static func kept(_ ctx: PageContext) -> [(String, String)] {
        (["q", "compare"] + IndexPage.filters + ["sort"]).compactMap { name in ctx.query[name].map { (name, $0) } }
    }

    static func render(_ page: Page, _ ctx: PageContext) -> HTML {
        let t = ctx.t
        let live = ctx.mode == .server
        let other = ctx.language == .en ? Language.ru : .en
        var html: HTML = "<!doctype html><html lang=\"\(ctx.language.rawValue)\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(page.title == t["site"] ? t["site"] : page.title + " — " + t["site"])</title>"
        html += "<link rel=\"stylesheet\" href=\"\(ctx.link(.stylesheet))\">"
        if let feed = page.feed { html += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(t["feed"])\" href=\"\(ctx.link(feed))\">" }
        html += "</head><body><header class=\"site\"><div class=\"bar\">"
        html += "<a class=\"brand\" href=\"\(ctx.link(.dashboard))\">Pactwatch</a><nav>"
        for item in navigation where live || !item.live { html += "<a href=\"\(ctx.link(item.route))\">\(t[item.label])</a>" }
        if live {
            // The same page in the other language, keeping the as-of day and the search words.
            var switchQuery: [(String, String)] = [("lang", other.rawValue)]
            if ctx.asOfChosen { switchQuery.append(("as_of", ctx.asOf.description)) }
            switchQuery += kept(ctx)
            html +=
                "<a class=\"lang\" href=\"\(ctx.route.url(switchQuery))\" hreflang=\"\(other.rawValue)\" lang=\"\(other.rawValue)\">\(other == .ru ? "Русский" : "English")</a>"
        }
        html += "</nav></div>"
        // Every kind of record, to browse.
        html += "<nav class=\"browse\" aria-label=\"\(t["browse"])\">"
        html += HTML.joined(Route.Index.allCases.map { "<a href=\"\(ctx.link(.index($0)))\">\(t[$0.rawValue])</a>" })
        html += "</nav>"
        if live {
            let lang = ctx.query["lang"]
            html +=
                "<form class=\"asof\" method=\"get\" action=\"\(ctx.route.path)\"><label>\(t["as_of"]) <input type=\"date\" name=\"as_of\" value=\"\(ctx.asOf)\" required></label>"
            html += HTML.hidden(ctx.route.query + kept(ctx) + (lang.map { [("lang", $0)] } ?? []))
            html += "<button>\(t["show"])</button>"
            if ctx.asOfChosen { html += " <a href=\"\(ctx.route.url(lang.map { [("lang", $0)] } ?? []))\">\(t["today"])</a>" }
            html += "</form>"
        } else {
            html += "<p class=\"asof\">\(t["as_of"]) \(ctx.asOf)</p>"
        }
        html += "</header><main>"
        // On paper: the day the figures are for and where the page lives (the header is not printed).
        html += "<p class=\"print-only\">\(t["as_of"]) \(ctx.asOf) · \(ctx.printedAddress)</p>"
        if !page.isHome, let title = ctx.title {
            // The record, then the list this page's record belongs to.
            let index = ctx.route.index.map { " › <a href=\"\(ctx.link(.index($0)))\">\(t[$0.rawValue])</a>" as HTML } ?? ""
            html += "<p class=\"kicker\"><a href=\"\(ctx.link(.dashboard))\">\(title)</a>\(index)</p>"
        }
        html += "<h1>\(page.heading)</h1>"
        if ctx.asOfChosen { html += "<p class=\"asof-note\">\(t["as_of"]) \(ctx.asOf)</p>" }
        // A day after the record's last update: the figures cannot know what happened since.
        if let text = ctx.updated, let updated = Day(iso: String(text.prefix(10))), ctx.asOf > updated {
            html +=
                "<p class=\"banner\">\(t["after_update"].replacingOccurrences(of: "{day}", with: ctx.asOf.description).replacingOccurrences(of: "{updated}", with: updated.description))</p>"
        }
        html += page.body
        html += "</main><footer><p>\(t["data_version"]) \(ctx.version)"
        if let updated = ctx.updated { html += ", \(t["updated"]) \(updated)" }
        html += " · <a href=\"\(ctx.link(page.feed ?? .feed(.all)))\">Atom</a> · \(t["counts_note"])</p></footer></body></html>"
        return html
    }
}
