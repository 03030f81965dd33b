import PactwatchCore

/// An index page's browsing, read from its query as Datasette's table view reads one: every
/// filter is a query parameter (`?party=BY&stage=adopted`), each facet value a link that sets
/// it, with the count of rows it would leave; `?sort=KEY` (or `-KEY`, descending) orders the
/// rows by any column; `?page=N` shows 50 of them, with the total. The downloads hold every
/// matching row, sorted, whatever the page.
///
///     let listing = Listing(table: table, facets: facets, memberships: rows.map(\.facets))
///     let view = try listing.apply(ctx.query)     // a 400 for an unknown value, column or page
///     view.table.rows.count                       // every match; view.shown: this page's
struct Listing {
    /// A filter and its values: a row matches `name=value` when its membership holds `value`.
    struct Facet {
        let name: String
        let label: String
        /// Each value with its label in the page's language.
        let values: [(value: String, label: String)]

        /// A yes/no filter (`overdue=true`).
        static func flag(_ name: String, _ label: String, _ t: Strings) -> Facet {
            Facet(name: name, label: label, values: [("true", t["yes"]), ("false", t["no"])])
        }
    }

    /// All rows, before filtering, in the record's order.
    let table: DataTable
    let facets: [Facet]
    /// For each row, the values it has for each facet (a commitment has several parties).
    let memberships: [[String: Set<String>]]

    /// Rows a page shows.
    static let pageSize = 50

    /// The query parameters a listing reads besides its filters.
    static let controls = ["sort", "page"]

    /// What a listing shows for one query.
    struct View {
        /// Every matching row, sorted: what the downloads hold.
        var table: DataTable
        /// The rows of this page (indices into `table.rows`).
        let shown: Range<Int>
        let page: Int
        let pages: Int
        /// The filters chosen, in facet order.
        let chosen: [(name: String, value: String)]
        /// For each facet, how many rows each value would leave, the other filters kept.
        let counts: [String: [String: Int]]
        let sort: (key: String, descending: Bool)?

        /// The query that reproduces this view, without its page: what links add to.
        var parameters: [(String, String)] {
            chosen.map { ($0.name, $0.value) } + (sort.map { [("sort", ($0.descending ? "-" : "") + $0.key)] } ?? [])
        }
    }

    /// The view a query asks for; unknown filter values, sort columns and pages are 400s that
    /// say what the listing has.
    func apply(_ query: [String: String], paged: Bool = true) throws(BadParameter) -> View {
        var chosen: [(name: String, value: String)] = []
        for facet in facets {
            guard let value = query[facet.name] else { continue }
            guard facet.values.contains(where: { $0.value == value }) else {
                let known = facet.values.prefix(12).map { Wording.code($0.value) }.joined(separator: ", ")
                let more = facet.values.count > 12 ? ", …" : ""
                throw BadParameter(
                    name: facet.name, value: String(value.prefix(60)),
                    expected: Wording(
                        "one of \(known)\(more) (the facet lists them all)", ru: "одно из значений: \(known)\(more) (все они перечислены в фильтре)"))
            }
            chosen.append((facet.name, value))
        }
        var sort: (key: String, descending: Bool)?
        if let raw = query["sort"], !raw.isEmpty {
            let descending = raw.hasPrefix("-")
            let key = descending ? String(raw.dropFirst()) : raw
            guard table.columns.contains(where: { $0.key == key }) else {
                let columns = table.columns.map { Wording.code($0.key) }.joined(separator: ", ")
                throw BadParameter(
                    name: "sort", value: String(raw.prefix(60)),
                    expected: Wording(
                        "a column (\(columns)), with \(Wording.code("-")) before it for descending",
                        ru: "столбец (\(columns)), с \(Wording.code("-")) перед ним для обратного порядка"))
            }
            sort = (key, descending)
        }
        func matches(_ row: Int, except: String? = nil) -> Bool {
            chosen.allSatisfy { $0.name == except || memberships[row][$0.name]?.contains($0.value) == true }
        }
        var counts: [String: [String: Int]] = [:]
        for facet in facets {
            var byValue: [String: Int] = [:]
            for row in memberships.indices where matches(row, except: facet.name) {
                for value in memberships[row][facet.name] ?? [] { byValue[value, default: 0] += 1 }
            }
            counts[facet.name] = byValue
        }
        var rows = memberships.indices.filter { matches($0) }
        if let sort, let column = table.columns.firstIndex(where: { $0.key == sort.key }) {
            let keys = table.rows.map { Listing.sortKey($0[column]) }
            rows = rows.enumerated().sorted { a, b in
                let x = keys[a.element], y = keys[b.element]
                // Rows without a value go last either way; ties keep the record's order.
                switch (x, y) {
                case (nil, nil): return a.offset < b.offset
                case (nil, _): return false
                case (_, nil): return true
                case let (x?, y?):
                    if x == y { return a.offset < b.offset }
                    return sort.descending ? y < x : x < y
                }
            }.map(\.element)
        }
        var matched = table
        matched.rows = rows.map { table.rows[$0] }
        let pages = paged ? max(1, (rows.count + Listing.pageSize - 1) / Listing.pageSize) : 1
        var page = 1
        if paged, let raw = query["page"] {
            guard let n = Int(raw), (1...pages).contains(n) else {
                throw BadParameter(
                    name: "page", value: String(raw.prefix(20)), expected: Wording("a page from 1 to \(pages)", ru: "страница от 1 до \(pages)"))
            }
            page = n
        }
        let shown = paged ? ((page - 1) * Listing.pageSize)..<min(rows.count, page * Listing.pageSize) : 0..<rows.count
        return View(table: matched, shown: shown, page: page, pages: pages, chosen: chosen, counts: counts, sort: sort)
    }

    /// What a column sorts by: a number as a number, a named record by its name, other text as
    /// it reads (case and accents aside); nil for an empty cell.
    enum SortKey: Comparable {
        case number(Double)
        case text(String)
    }

    static func sortKey(_ cell: DataTable.Cell) -> SortKey? {
        switch cell.value {
        case .number(let x)?: return .number(x)
        case .integer(let n)?: return .number(Double(n))
        case .null?: return nil
        case .text(let s)?:
            let shown = cell.text.isEmpty ? s : cell.text
            return shown.isEmpty ? nil : .text(shown.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
        case nil:
            return cell.text.isEmpty || cell.text == "—"
                ? nil : .text(cell.text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
        }
    }
}

extension Page {
    /// A listing on its page: the facets beside the table, sortable headers, the page's rows,
    /// the pager, and downloads of every matching row. A static site, which cannot answer a
    /// query, shows every row in the record's order.
    mutating func add(_ listing: Listing, _ ctx: PageContext) throws(BadParameter) {
        let t = ctx.t
        guard ctx.mode == .server else {
            add(listing.table, ctx)
            return
        }
        let view = try listing.apply(ctx.query)
        let keep = view.parameters
        func link(_ params: [(String, String)]) -> String { ctx.link(ctx.route, params) }
        var facets: HTML = "<aside class=\"facets\" id=\"filters\" aria-label=\"\(t["filters"])\">"
        if !view.chosen.isEmpty { facets += "<p><a class=\"clear\" href=\"\(link(keep.filter { $0.0 == "sort" }))\">\(t["clear_filters"])</a></p>" }
        for facet in listing.facets {
            let counts = view.counts[facet.name] ?? [:]
            let chosen = view.chosen.first { $0.name == facet.name }?.value
            let values = facet.values.filter { counts[$0.value, default: 0] > 0 || $0.value == chosen }
                .sorted { (counts[$0.value] ?? 0) > (counts[$1.value] ?? 0) }
            guard !values.isEmpty else { continue }
            func item(_ v: (value: String, label: String)) -> HTML {
                let others = keep.filter { $0.0 != facet.name }
                let n = counts[v.value] ?? 0
                if v.value == chosen {
                    return
                        "<li class=\"chosen\"><a href=\"\(link(others))\" title=\"\(t["clear_filter"])\">\(v.label) <span class=\"n\">\(n)</span> ×</a></li>"
                }
                return "<li><a href=\"\(link(others + [(facet.name, v.value)]))\">\(v.label) <span class=\"n\">\(n)</span></a></li>"
            }
            facets += "<section class=\"facet\" data-facet=\"\(facet.name)\"><h3>\(facet.label)</h3><ul>"
            facets += HTML.joined(values.prefix(8).map(item))
            facets += "</ul>"
            if values.count > 8 {
                facets +=
                    "<details><summary>\(t["more"]) (\(values.count - 8))</summary><ul>\(HTML.joined(values.dropFirst(8).map(item)))</ul></details>"
            }
            facets += "</section>"
        }
        facets += "</aside>"
        tables.append(view.table)
        var shown = view.table
        shown.rows = Array(view.table.rows[view.shown])
        let total = view.table.rows.count
        let range = total == 0 ? "0" : "\(view.shown.lowerBound + 1)–\(view.shown.upperBound)"
        var body: HTML = "<div class=\"listing\">\(facets)<div class=\"listed\">"
        body += "<div class=\"listing-bar\"><p class=\"total\" data-total=\"\(total)\">\(t["rows"]): \(range) \(t["of"]) \(total)</p>"
        body += sortForm(listing.table, view, ctx) + "</div>"
        // The filters chosen, each removable, and (on a phone, where the facets come after the
        // rows) a link down to them.
        body += "<p class=\"chosen\">"
        for (name, value) in view.chosen {
            guard let facet = listing.facets.first(where: { $0.name == name }) else { continue }
            let label = facet.values.first { $0.value == value }?.label ?? value
            body += "<a class=\"chip\" href=\"\(link(keep.filter { $0.0 != name }))\" title=\"\(t["clear_filter"])\">\(facet.label): \(label) ×</a> "
        }
        body += "<a class=\"to-filters\" href=\"#filters\">\(t["filters"]) ↓</a></p>"
        body += shown.html(
            downloads: { ctx.download(listing.table.id, $0, keep) }, empty: t["no_results"], definition: ctx.definition,
            sort: { key in
                let current = view.sort?.key == key ? view.sort : nil
                let next = current.map { $0.descending ? key : "-" + key } ?? key
                return (link(keep.filter { $0.0 != "sort" } + [("sort", next)]), current.map { $0.descending ? "descending" : "ascending" })
            })
        if view.pages > 1 {
            body += "<nav class=\"pager\" aria-label=\"\(t["pages"])\">"
            if view.page > 1 { body += "<a rel=\"prev\" href=\"\(link(keep + [("page", String(view.page - 1))]))\">← \(t["previous"])</a>" }
            body += "<span>\(t["page"]) \(view.page) \(t["of"]) \(view.pages)</span>"
            if view.page < view.pages { body += "<a rel=\"next\" href=\"\(link(keep + [("page", String(view.page + 1))]))\">\(t["next"]) →</a>" }
            body += "</nav>"
        }
        add(body + "</div></div>")
    }

    /// "Sort by" as a form, for a phone, whose stacked table has no headers to click.
    private func sortForm(_ table: DataTable, _ view: Listing.View, _ ctx: PageContext) -> HTML {
        let t = ctx.t
        let current = view.sort.map { ($0.descending ? "-" : "") + $0.key } ?? ""
        var form: HTML = "<form class=\"sort\" method=\"get\" action=\"\(ctx.route.path)\"><label>\(t["sort_by"]) <select name=\"sort\">"
        form += "<option value=\"\"\(current.isEmpty ? " selected" : "")>\(t["record_order"])</option>"
        for column in table.columns where !table.dataOnly.contains(column.key) && !column.label.isEmpty {
            for (value, arrow) in [(column.key, "↑"), ("-" + column.key, "↓")] {
                form += "<option value=\"\(value)\"\(value == current ? " selected" : "")>\(column.label) \(arrow)</option>"
            }
        }
        form += "</select></label>"
        form += HTML.hidden(view.chosen.map { ($0.name, $0.value) } + ctx.dayAndLanguage)
        return form + "<button>\(t["sort"])</button></form>"
    }
}
