import PactwatchCore

/// `/`: the whole record's figures, by party and instrument, the latest claims, what is overdue
/// or stalled, and the latest changes.
enum DashboardPage {
    struct Model {
        let report: StatusReport
        /// The top-level instruments, each followed by its direct children.
        let instruments: [InstrumentRow]
        /// The latest claims (at most `claimLimit`), oldest first, and whether there are more.
        let claims: [ClaimEvidence]
        let moreClaims: Bool
        let overdue: [ObligationRow]
        let stalled: [ObligationRow]
        /// Event indices, newest first.
        let recent: [Int]
    }

    static let claimLimit = 20

    static func model(_ ctx: PageContext) -> Model {
        let report = ctx.figures.report(asOf: ctx.asOf)
        let figures = Dictionary(report.instruments.map { ($0.id, $0.figures) }, uniquingKeysWith: { a, _ in a })
        let instruments = ctx.snapshot.instrumentTree().filter { $0.depth <= 1 }.compactMap { item in
            figures[item.instrument.id].map { InstrumentRow(id: item.instrument.id, figures: $0, depth: item.depth) }
        }
        let claims = Rows.claims(ctx, about: .all)
        return Model(
            report: report, instruments: instruments, claims: Array(claims.suffix(claimLimit)), moreClaims: claims.count > claimLimit,
            overdue: Rows.obligations(ctx) { _, s in s.isOverdue }, stalled: Rows.obligations(ctx) { _, s in s.isStalled },
            recent: ctx.figures.latestEvents(asOf: ctx.asOf, limit: 25))
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t
        // The record's own title leads; "Dashboard" only for a dataset that has none.
        var page = Page(title: ctx.title ?? t["site"], heading: ctx.title ?? t["dashboard"], feed: .feed(.all))
        page.isHome = true
        if let subtitle = ctx.subtitle { page.add("<p class=\"subtitle\">\(subtitle)</p>") }
        page.add(Finding.view(Finding.model(ctx, scope: .all), ctx))
        page.add("<p class=\"lede\">\(t["tagline"])</p>")
        page.add(Blocks.headline(m.report.overall, ctx))
        Compare.add(.all, ctx, into: &page)
        if !m.claims.isEmpty { page.section(t["claims_chart"], id: "claims-chart") { p in Blocks.claimsChart(.all, ctx, into: &p) } }
        if let parent = ProgrammeGrid.parent(ctx, .all) {
            page.section(t["programme_grid"] + " — " + ctx.shortLabel(.instrument(parent)), id: "programmes") { p in
                p.add(ProgrammeGrid.view(ctx, parent: parent))
            }
        }
        page.section(t["by_party"], id: "parties") { p in p.add(Blocks.partyTable(m.report.parties, ctx), ctx) }
        page.section(t["burnup"], id: "burnup") { p in Blocks.chart(.burnup, .all, alt: t["burnup"], ctx, into: &p) }
        page.section(t["stages_by_instrument"], id: "stages") { p in
            Blocks.chart(.stages, .all, alt: t["stages_by_instrument"], ctx, into: &p)
            p.add(Blocks.instrumentTable(m.instruments, ctx), ctx)
        }
        page.section(t["claims_vs_evidence"], id: "claims") { p in
            p.add(Blocks.claimsTable(m.claims, ctx), ctx)
            if m.moreClaims { p.add("<p><a href=\"\(ctx.link(.claims))\">\(t["claims"]) →</a></p>") }
        }
        page.section(t["overdue_list"], id: "overdue") { p in
            p.add(Blocks.obligationTable(id: "overdue", caption: t["overdue_list"], m.overdue, ctx), ctx)
        }
        page.section(t["stalled_list"], id: "stalled") { p in
            p.add(Blocks.obligationTable(id: "stalled", caption: t["stalled_list"], m.stalled, ctx), ctx)
        }
        page.section(t["recent"], id: "recent") { p in p.add(Blocks.eventTable(m.recent, ctx), ctx) }
        return page
    }
}
