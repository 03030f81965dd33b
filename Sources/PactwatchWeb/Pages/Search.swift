import PactwatchCore
import PactwatchStore

/// `/search?q=`: the full-text matches the handler found in the database, a page at a time,
/// with their total; each with its kind, its title in the page's language and the passage
/// that matched, the matched words marked.
enum SearchPage {
    struct Model {
        let query: String
        let results: SearchResults
    }

    /// The most matches a page lists.
    static let limit = 50

    /// `?page=N` (from 1); a page that is not a whole number from 1 is a 400.
    static func pageNumber(_ query: [String: String]) throws(BadParameter) -> Int {
        guard let raw = query["page"] else { return 1 }
        guard let n = Int(raw), (1...10_000).contains(n) else {
            throw BadParameter(name: "page", value: String(raw.prefix(20)), expected: Wording("a page number from 1", ru: "номер страницы от 1"))
        }
        return n
    }

    /// Where a match is shown, and what it is called there.
    static func target(_ hit: SearchHit, _ ctx: PageContext) -> (route: Route, title: String) {
        switch hit.table {
        case .parties: (.party(hit.id), ctx.partyName(hit.id))
        case .instruments: (.instrument(hit.id), ctx.instrumentTitle(hit.id))
        case .commitments: (.commitment(hit.id), ctx.commitmentTitle(hit.id))
        case .acts: (.act(hit.id), ctx.actTitle(hit.id))
        case .sources: (.source(hit.id), ctx.snapshot.source(hit.id).map { $0.title ?? $0.url } ?? hit.title)
        // An event's title is its commitment's id: it is shown on that commitment's timeline.
        case .events: (.commitment(hit.title), ctx.commitmentTitle(hit.title))
        case .claims:
            (
                .claims,
                ctx.snapshot.dataset.claims.first { $0.id == hit.id }.map { "\($0.date) · \(localized($0.speaker, $0.speakers, ctx.language))" }
                    ?? hit.title
            )
        }
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t
        var page = Page(title: t["search"], feed: m.query.isEmpty ? nil : .searchFeed(m.query))
        let lang = ctx.query["lang"].map { "<input type=\"hidden\" name=\"lang\" value=\"\($0)\">" as HTML }
        page.add(
            "<form class=\"search\" method=\"get\" action=\"\(Route.search.path)\"><label>\(t["query"]) <input type=\"search\" name=\"q\" value=\"\(m.query)\" maxlength=\"200\"></label>\(lang)<button>\(t["search"])</button></form>"
        )
        guard !m.query.trimmingCharacters(in: .whitespaces).isEmpty else { return page }
        let number = (try? pageNumber(ctx.query)) ?? 1
        let first = (number - 1) * limit
        let targets = m.results.hits.map { target($0, ctx) }
        // The downloads: this page's matches, as the table shows them.
        page.offer(
            DataTable(
                id: "results", caption: t["results"], columns: [("kind", t["kind"]), ("record", t["record"]), ("match", t["match"])],
                rows: zip(m.results.hits, targets).map { hit, target in
                    [
                        .init(t["kind_" + hit.table.rawValue], value: .text(hit.table.singular)), .init(target.title, value: .text(hit.id)),
                        .init(hit.plainSnippet),
                    ]
                }))
        let range = m.results.hits.isEmpty ? "0" : "\(first + 1)–\(first + m.results.hits.count)"
        var out: HTML =
            "<div class=\"listing-bar\"><p class=\"total\" data-total=\"\(m.results.total)\">\(t["results"]): \(range) \(t["of"]) \(m.results.total)</p>"
        out += "<span class=\"downloads\">\(ctx.download("results", "csv", [("q", m.query)])) \(ctx.download("results", "json", [("q", m.query)]))"
        out += " · <a href=\"\(ctx.link(.searchFeed(m.query)))\">\(t["feed_of_search"])</a></span></div>"
        if m.results.hits.isEmpty {
            out += "<p>\(t["no_results"])</p>"
        } else {
            out += "<ol class=\"results\" start=\"\(first + 1)\">"
            for (hit, target) in zip(m.results.hits, targets) {
                out += "<li><span class=\"kind\">\(t["kind_" + hit.table.rawValue])</span> <a href=\"\(ctx.link(target.route))\">\(target.title)</a>"
                out += "<p class=\"snippet\">\(marked(hit.snippet))</p></li>"
            }
            out += "</ol>"
        }
        let pages = (m.results.total + limit - 1) / limit
        if pages > 1 {
            let keep = [("q", m.query)]
            out += "<nav class=\"pager\" aria-label=\"\(t["pages"])\">"
            if number > 1 { out += "<a rel=\"prev\" href=\"\(ctx.link(.search, keep + [("page", String(number - 1))]))\">← \(t["previous"])</a>" }
            out += "<span>\(t["page"]) \(min(number, pages)) \(t["of"]) \(pages)</span>"
            if number < pages { out += "<a rel=\"next\" href=\"\(ctx.link(.search, keep + [("page", String(number + 1))]))\">\(t["next"]) →</a>" }
            out += "</nav>"
        }
        page.add(out)
        return page
    }

    /// A passage with its matched words in `<mark>`, everything else escaped.
    static func marked(_ snippet: String) -> HTML {
        var out = HTML()
        for (i, part) in snippet.components(separatedBy: SearchHit.markStart).enumerated() {
            guard i > 0 else { out += "\(part)"; continue }
            let pieces = part.components(separatedBy: SearchHit.markEnd)
            out += "<mark>\(pieces[0])</mark>\(pieces.dropFirst().joined())"
        }
        return out
    }
}
