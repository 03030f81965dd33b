import HTTPTypes
import PactwatchCore

/// The page of a 4xx or 5xx answer: what went wrong, in the reader's language, and the way home.
enum ErrorPage {
    static func view(status: HTTPResponse.Status, message: String, _ ctx: PageContext) -> Page {
        let t = ctx.t
        var page = Page(title: status == .notFound ? t["not_found"] : status == .badRequest ? t["bad_request"] : status.reasonPhrase)
        page.add("<p class=\"error\">\(message)</p><p><a href=\"\(ctx.link(.dashboard))\">\(t["home"])</a></p>")
        return page
    }
}
