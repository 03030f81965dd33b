import PactwatchCore

/// A page's view: its title, body, the tables it offers as CSV and JSON, and its feed.
struct Page {
    var title: String
    var heading: String
    var body = HTML()
    var tables: [DataTable] = []
    /// The Atom feed of the page's scope.
    var feed: Route?
    /// The dashboard, whose heading is the record's title: other pages name it above theirs.
    var isHome = false

    init(title: String, heading: String? = nil, feed: Route? = nil) {
        self.title = title
        self.heading = heading ?? title
        self.feed = feed
    }

    mutating func add(_ html: HTML) { body += html }

    mutating func add(_ table: DataTable, _ ctx: PageContext) {
        tables.append(table)
        body += table.html(downloads: { ctx.download(table.id, $0) }, empty: ctx.t["not_yet"], definition: ctx.definition)
    }

    /// Offers a table as CSV and JSON without showing its rows (a chart's data, shown as the chart).
    mutating func offer(_ table: DataTable) { tables.append(table) }

    mutating func section(_ title: String, id: String? = nil, _ content: (inout Page) throws -> Void) rethrows {
        body += "<section\(id.map { " id=\"\($0)\"" as HTML })><h2>\(title)</h2>"
        try content(&self)
        body += "</section>"
    }
}
