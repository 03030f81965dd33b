/// The page shell: header with navigation, the as-of control and the language switch.
enum Layout {
    static func render(_ page: Page, _ ctx: PageContext, status: String? = nil) -> String {
        let t = ctx.t
        let other = ctx.language == .en ? Language.ru : .en
        var switchQuery: [(String, String)] = [("lang", other.rawValue)]
        if ctx.asOfChosen { switchQuery.append(("as_of", ctx.asOf.description)) }
        if let q = ctx.query["q"] { switchQuery.append(("q", q)) }
        let switchLink = ctx.path + "?" + switchQuery.map { "\($0.0)=\(urlEncode($0.1))" }.joined(separator: "&")
        var html = "<!doctype html><html lang=\"\(ctx.language.rawValue)\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(esc(page.title == t["site"] ? t["site"] : page.title + " — " + t["site"]))</title>"
        html += "<link rel=\"stylesheet\" href=\"\(esc(ctx.link("/static/pactwatch.css")))\">"
        if let feed = page.feed { html += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(esc(t["feed"]))\" href=\"\(esc(ctx.link(feed)))\">" }
        let live = ctx.mode == .server
        html += "</head><body><header class=\"site\"><div class=\"bar\">"
        html += "<a class=\"brand\" href=\"\(esc(ctx.link("/")))\">Pactwatch</a><nav>"
        html += "<a href=\"\(esc(ctx.link("/")))\">\(esc(t["dashboard"]))</a>"
        html += "<a href=\"\(esc(ctx.link("/claims")))\">\(esc(t["claims"]))</a>"
        html += "<a href=\"\(esc(ctx.link("/data")))\">\(esc(t["open_data"]))</a>"
        if live {
            // Search, the language switch and the as-of control need the server.
            html += "<a href=\"\(esc(ctx.link("/search")))\">\(esc(t["search"]))</a>"
            html += "<a class=\"lang\" href=\"\(esc(switchLink))\" hreflang=\"\(other.rawValue)\" lang=\"\(other.rawValue)\">\(other == .ru ? "Русский" : "English")</a>"
        }
        html += "</nav></div>"
        if live {
            html += "<form class=\"asof\" method=\"get\" action=\"\(esc(ctx.path))\"><label>\(esc(t["as_of"])) <input type=\"date\" name=\"as_of\" value=\"\(ctx.asOf)\" required></label>"
            if let lang = ctx.query["lang"] { html += "<input type=\"hidden\" name=\"lang\" value=\"\(esc(lang))\">" }
            html += "<button>\(esc(t["show"]))</button>"
            if ctx.asOfChosen { html += " <a href=\"\(esc(ctx.path + (ctx.query["lang"].map { "?lang=\($0)" } ?? "")))\">\(esc(t["today"]))</a>" }
            html += "</form>"
        } else {
            html += "<p class=\"asof\">\(esc(t["as_of"])) \(ctx.asOf)</p>"
        }
        html += "</header><main>"
        if let status { html += "<p class=\"status\">\(esc(status))</p>" }
        html += "<h1>\(esc(page.heading))</h1>"
        if ctx.asOfChosen { html += "<p class=\"asof-note\">\(esc(t["as_of"])) \(ctx.asOf)</p>" }
        html += page.body
        html += "</main><footer><p>\(esc(t["data_version"])) \(ctx.version)"
        if let updated = ctx.updated { html += ", \(esc(t["updated"])) \(esc(updated))" }
        html += " · <a href=\"\(esc(ctx.link(page.feed ?? "/changes.atom")))\">Atom</a> · \(esc(t["counts_note"]))</p></footer></body></html>"
        return html
    }
}
