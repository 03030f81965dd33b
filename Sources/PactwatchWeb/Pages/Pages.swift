import PactwatchCore
import PactwatchData
import PactwatchStore

/// Which page draws a route: each page computes its model from the snapshot, then its view
/// renders it. The server and the static site both draw pages through here.
enum Pages {
    /// What a handler found for a page besides the snapshot.
    struct Inputs {
        /// The full-text matches for the search page's `q`: one page of them and their total.
        var search = SearchResults()
        /// The dataset package's files and their sizes, for the open-data page.
        var files: [(name: String, bytes: Int)] = []
        /// The package's version, date and address, for the open-data page's citation.
        var release: DataPackage.Release?
    }

    /// The page of `route`; nil when the route names nothing in the record, or is not a page.
    /// A listing's query it cannot answer (an unknown filter value, column or page) is a 400.
    static func page(_ route: Route, _ ctx: PageContext, _ inputs: Inputs = Inputs()) throws(BadParameter) -> Page? {
        switch route {
        case .dashboard: DashboardPage.view(DashboardPage.model(ctx), ctx)
        case .claims: try ClaimsPage.view(ClaimsPage.model(ctx), ctx)
        case .index(let index): try IndexPage.view(index, ctx)
        case .search: SearchPage.view(SearchPage.Model(query: ctx.query["q"] ?? "", results: inputs.search), ctx)
        case .instrument(let id): InstrumentPage.model(ctx, id: id).map { InstrumentPage.view($0, ctx) }
        case .commitment(let id): CommitmentPage.model(ctx, id: id).map { CommitmentPage.view($0, ctx) }
        case .party(let id): PartyPage.model(ctx, id: id).map { PartyPage.view($0, ctx) }
        case .area(let area): AreaPage.model(ctx, area: area).map { AreaPage.view($0, ctx) }
        case .act(let id): ActPage.model(ctx, id: id).map { ActPage.view($0, ctx) }
        case .source(let id): SourcePage.model(ctx, id: id).map { SourcePage.view($0, ctx) }
        case .openData: OpenDataPage.view(OpenDataPage.Model(files: inputs.files, release: inputs.release), ctx)
        case .methodology: MethodologyPage.view(MethodologyPage.model(ctx), ctx)
        case .feed, .searchFeed, .chart, .stylesheet, .dataFile, .api: nil
        }
    }
}
