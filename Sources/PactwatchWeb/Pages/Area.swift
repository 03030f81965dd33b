import PactwatchCore

/// `/areas/NAME`: the commitments of one policy area.
enum AreaPage {
    struct Model {
        let area: String
        let figures: Figures
        let commitments: [CommitmentRow]
    }

    static func model(_ ctx: PageContext, area: String) -> Model? {
        guard ctx.snapshot.contains(.area(area)) else { return nil }
        return Model(
            area: area, figures: ctx.figures.figures(for: .area(area), asOf: ctx.asOf),
            commitments: Rows.commitments(ctx, ctx.snapshot.commitments(in: .area(area))))
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t
        var page = Page(title: "\(t["area"]): \(ctx.areaName(m.area))", feed: .feed(.area(m.area)))
        page.add(Finding.view(Finding.model(ctx, scope: .area(m.area)), ctx))
        page.add(Blocks.headline(m.figures, ctx))
        Compare.add(.area(m.area), ctx, into: &page)
        Blocks.chart(.burnup, .area(m.area), alt: t["burnup"], ctx, into: &page)
        page.section(t["commitments"]) { p in p.add(Blocks.commitmentTable(m.commitments, ctx), ctx) }
        return page
    }
}
