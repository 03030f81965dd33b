import PactwatchCore
import PactwatchStore

/// `/search?q=`: the full-text matches the handler found in the database.
enum SearchPage {
    struct Model {
        let query: String
        let hits: [SearchHit]
    }

    /// The most matches a page lists.
    static let limit = 100

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t
        var page = Page(title: t["search"])
        let lang = ctx.query["lang"].map { "<input type=\"hidden\" name=\"lang\" value=\"\($0)\">" as HTML }
        page.add(
            "<form class=\"search\" method=\"get\" action=\"\(Route.search.path)\"><label>\(t["query"]) <input type=\"search\" name=\"q\" value=\"\(m.query)\" maxlength=\"200\"></label>\(lang)<button>\(t["search"])</button></form>"
        )
        guard !m.query.trimmingCharacters(in: .whitespaces).isEmpty else { return page }
        let rows: [[DataTable.Cell]] = m.hits.map { hit in
            let route: Route =
                switch hit.table {
                case .parties: .party(hit.id)
                case .instruments: .instrument(hit.id)
                case .commitments: .commitment(hit.id)
                case .acts: .act(hit.id)
                case .sources: .source(hit.id)
                case .events: .commitment(hit.title)
                case .claims: .claims
                }
            return [.init(hit.table.singular), .init(hit.title, link: ctx.link(route), value: .text(hit.id)), .init(hit.plainSnippet)]
        }
        page.add(
            DataTable(
                id: "results", caption: "\(t["results"]): \(m.hits.count)",
                columns: [("kind", t["kind"]), ("record", t["record"]), ("match", t["note"])], rows: rows), ctx)
        if m.hits.isEmpty { page.add("<p>\(t["no_results"])</p>") }
        return page
    }
}
