import PactwatchCore

/// A page's view: its title, body, the tables it offers as CSV and JSON, and its feed.
struct Page {
    var title: String
    var heading: String
    var body = HTML()
    var tables: [DataTable] = []
    /// Tables offered for download and built only when one is asked for (a chart's data: the
    /// page itself shows the chart, and computing its samples would slow every first view).
    var deferred: [(id: String, make: () -> DataTable)] = []
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

    /// Offers a table built only if it is downloaded.
    mutating func offer(_ id: String, _ make: @escaping () -> DataTable) { deferred.append((id, make)) }

    /// Every table id the page offers, shown or not.
    var tableIDs: [String] { tables.map(\.id) + deferred.map(\.id) }

    /// The table named `id`, built now if it was deferred.
    func table(_ id: String) -> DataTable? {
        tables.first { $0.id == id } ?? deferred.first { $0.id == id }?.make()
    }

    mutating func section(_ title: String, id: String? = nil, _ content: (inout Page) throws -> Void) rethrows {
        body += "<section\(id.map { " id=\"\($0)\"" as HTML })><h2>\(title)</h2>"
        try content(&self)
        body += "</section>"
    }
}
