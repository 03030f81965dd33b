import HTTPTypes
import PactwatchCore

/// The page of a 4xx or 5xx answer: what went wrong, in the reader's language, and the way home.
enum ErrorPage {
    static func view(status: HTTPResponse.Status, message: String, _ ctx: PageContext) -> Page {
        let t = ctx.t
        var page = Page(title: status == .notFound ? t["not_found"] : status == .badRequest ? t["bad_request"] : status.reasonPhrase)
        // The detail is the server's own (English) words; a Russian page says first what happened in Russian.
        if ctx.language == .en {
            page.add("<p class=\"error\">\(message)</p>")
        } else {
            let lead = status == .notFound ? t["not_found_text"] : status == .badRequest ? t["bad_request_text"] : t["server_error_text"]
            page.add("<p class=\"error\">\(lead)</p><p class=\"error-detail\" lang=\"en\">\(message)</p>")
        }
        page.add("<p><a href=\"\(ctx.link(.dashboard))\">\(t["home"])</a></p>")
        return page
    }
}
