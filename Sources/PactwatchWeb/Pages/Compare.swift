import PactwatchCore

/// `?compare=YYYY-MM-DD` on the dashboard and the instrument, party and area pages: each figure
/// on the compared day and on the page's day, with the change, then the events and the claims
/// dated between the two. Without it, a form offers the comparison.
enum Compare {
    /// A compared figure: its key (the status keys of `Figures`), and how it reads.
    struct Row: Sendable {
        let key: String
        let value: @Sendable (Figures) -> Double?
        let share: Bool
    }

    static let rows: [Row] = [
        Row(key: "obligations", value: { Double($0.obligations) }, share: false),
        Row(key: "implemented_count", value: { $0.implementedCount.map(Double.init) }, share: false),
        Row(key: "implemented", value: { $0.implemented }, share: true),
        Row(key: "progress", value: { $0.progress }, share: true),
        Row(key: "coverage", value: { $0.coverage }, share: true),
        Row(key: "applied_count", value: { $0.appliedCount.map(Double.init) }, share: false),
        Row(key: "due", value: { $0.due.map(Double.init) }, share: false),
        Row(key: "overdue", value: { $0.overdue.map(Double.init) }, share: false),
        Row(key: "deficit", value: { $0.deficit }, share: true),
        Row(key: "at_risk", value: { $0.atRisk.map(Double.init) }, share: false),
        Row(key: "stalled", value: { $0.stalled.map(Double.init) }, share: false),
        Row(key: "long_overdue", value: { $0.longOverdue.map(Double.init) }, share: false),
        Row(key: "children_completed", value: { $0.childrenCompleted.map(Double.init) }, share: false),
    ]

    /// The change of every compared figure from `earlier` to `later`: counts as counts, shares
    /// in percentage points; nil where either day lacks the figure.
    static func change(_ row: Row, from earlier: Figures, to later: Figures) -> Double? {
        guard let a = row.value(earlier), let b = row.value(later) else { return nil }
        return row.share ? (b - a) * 100 : b - a
    }

    static func add(_ scope: Scope, _ ctx: PageContext, into page: inout Page) {
        let t = ctx.t
        guard ctx.mode == .server else { return }
        guard let compare = ctx.compare else {
            page.add(form(ctx, open: false))
            return
        }
        let then = ctx.figures.figures(for: scope, asOf: compare), now = ctx.figures.figures(for: scope, asOf: ctx.asOf)
        func shown(_ row: Row, _ f: Figures) -> String {
            guard let v = row.value(f) else { return t["no_data"] }
            return row.share ? ctx.percent(v) : ctx.number(v, digits: 0)
        }
        // A count beside its share reads as the share's name with "(count)".
        let named = [
            "implemented_count": t["implemented"] + " (" + t["count"] + ")", "applied_count": t["practice"] + " (" + t["count"] + ")",
            "children_completed": t["parts_complete"],
        ]
        let label = { (key: String) in named[key] ?? t[key] }
        var table = DataTable(
            id: "comparison", caption: "\(t["what_changed"]): \(compare) → \(ctx.asOf)",
            // Named apart from the downloads' own leading `as_of` column.
            columns: [("figure", t["figure"]), ("on_compare", compare.description), ("on_as_of", ctx.asOf.description), ("change", t["change"])],
            rows: rows.map { row in
                let change = Compare.change(row, from: then, to: now)
                let text =
                    change.map { c in (c > 0 ? "+" : c < 0 ? "−" : "±") + ctx.number(abs(c), digits: 1) + (row.share ? " " + t["points"] : "") }
                    ?? "—"
                return [
                    DataTable.Cell(label(row.key), value: .text(row.key)),
                    .init(shown(row, then), value: row.value(then).map { .number($0) } ?? .null, cssClass: "num"),
                    .init(shown(row, now), value: row.value(now).map { .number($0) } ?? .null, cssClass: "num"),
                    .init(text, value: change.map { .number($0) } ?? .null, cssClass: "num" + ((change ?? 0) != 0 ? " changed" : "")),
                ]
            })
        table.compact = true
        let (from, to) = (min(compare, ctx.asOf), max(compare, ctx.asOf))
        let d = ctx.snapshot.dataset
        // What happened between: events dated after the earlier day up to the later, newest first.
        let events = d.events.indices.filter { i in
            let day = d.events[i].date.lastDay
            return day > from && day <= to && ctx.snapshot.event(d.events[i], isIn: scope)
        }.sorted { (d.events[$0].date.lastDay, $0) > (d.events[$1].date.lastDay, $1) }
        let claims = ctx.snapshot.claims(about: scope, through: to).filter { $0.date.lastDay > from }.map(ctx.figures.evidence(for:))
        page.section(t["what_changed"], id: "compare") { p in
            p.add(form(ctx, open: true))
            p.add(table, ctx)
            p.add(Blocks.eventTable(events, ctx, id: "between", caption: "\(t["events"]) \(from) – \(to): \(events.count)"), ctx)
            if !claims.isEmpty { p.add(Blocks.claimsTable(claims, ctx, id: "claims-between"), ctx) }
        }
    }

    /// "Compare with": a day input, keeping the page's day and language.
    static func form(_ ctx: PageContext, open: Bool) -> HTML {
        let t = ctx.t
        var form: HTML = "<details class=\"compare\"\(open ? " open" : "")><summary>\(t["compare_with"])</summary>"
        form += "<form class=\"asof\" method=\"get\" action=\"\(ctx.route.path)\"><label>\(t["compare_with"]) "
        form += "<input type=\"date\" name=\"compare\" value=\"\(ctx.compare?.description ?? "")\" required></label>"
        form += HTML.hidden(ctx.dayAndLanguage)
        form += "<button>\(t["compare"])</button>"
        if ctx.compare != nil {
            form +=
                " <a href=\"\(ctx.route.url(ctx.dayAndLanguage))\">\(t["no_compare"])</a>"
        }
        return form + "</form></details>"
    }
}
