import HTTPTypes
import PactwatchCore

/// The page of a 4xx or 5xx answer: what went wrong, in the reader's language, and the way home.
enum ErrorPage {
    /// `message` in the page's language; one the server has only in English follows a lead in the
    /// reader's language, marked as English.
    static func view(status: HTTPResponse.Status, message: Wording, _ ctx: PageContext) -> Page {
        let t = ctx.t
        let titles: [HTTPResponse.Status: String] = [
            .notFound: "not_found", .badRequest: "bad_request", .methodNotAllowed: "not_allowed", .contentTooLarge: "too_large",
            .internalServerError: "server_error",
        ]
        var page = Page(title: titles[status].map { t[$0] } ?? status.reasonPhrase)
        if message.ru != nil || ctx.language == .en {
            page.add("<p class=\"error\">\(message.html(ctx.language))</p>")
        } else {
            let lead = status == .notFound ? t["not_found_text"] : status == .badRequest ? t["bad_request_text"] : t["server_error_text"]
            page.add("<p class=\"error\">\(lead)</p><p class=\"error-detail\" lang=\"en\">\(message[.en])</p>")
        }
        page.add("<p><a href=\"\(ctx.link(.dashboard))\">\(t["home"])</a></p>")
        return page
    }
}
