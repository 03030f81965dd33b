import PactwatchCore

/// `/claims`: every official claim made by the page's day, each beside the record's figures for
/// its scope on its date.
enum ClaimsPage {
    struct Model {
        let claims: [ClaimEvidence]
    }

    static func model(_ ctx: PageContext) -> Model { Model(claims: Rows.claims(ctx, about: .all)) }

    static func view(_ m: Model, _ ctx: PageContext) throws(BadParameter) -> Page {
        var page = Page(title: ctx.t["claims_vs_evidence"])
        Blocks.claimsChart(.all, ctx, into: &page)
        try page.add(IndexPage.claims(m.claims, ctx), ctx)
        return page
    }
}
