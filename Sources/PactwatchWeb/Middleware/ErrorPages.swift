import Foundation
import HTTPTypes
import Hummingbird
import PactwatchCore

/// Turns errors into answers a reader can act on: 404 for an unknown id or path, 400 naming the
/// bad parameter, 405 for a method the site does not take; anything unexpected is logged and
/// answered with a plain 500. Pages get an HTML page in the reader's language, the API RFC 9457
/// problem details.
struct ErrorPages<Context: RequestContext>: RouterMiddleware {
    let site: Site
    /// Whether errors are answered as problem details; nil decides by the path (an unmatched
    /// path under the API's prefix gets problem details too).
    var problems: Bool? = nil

    /// The methods the API answers (the pages: GET and HEAD).
    static var apiMethods: String { "GET, HEAD, OPTIONS" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isAPI = problems ?? request.uri.path.hasPrefix(Route.apiPrefix + "/")
        // The public site is read-only: another method is refused whatever the path; only the
        // editors' pages take a POST (each checked for its session's CSRF token).
        let editing = request.method == .post && request.uri.path.hasPrefix(Editors.prefix + "/")
        guard [.get, .head, .options].contains(request.method) || editing else {
            var response = try await errorPage(
                request, isAPI: isAPI, status: .methodNotAllowed,
                message: Wording(
                    "\(request.method) is not allowed: Pactwatch publishes the record read-only; use GET.",
                    ru: "Метод \(request.method) не принимается: Pactwatch публикует реестр только для чтения; используйте GET."))
            response.headers[.allow] = isAPI ? Self.apiMethods : "GET, HEAD"
            return response
        }
        do {
            return try await next(request, context)
        } catch let bad as BadParameter {
            return try await errorPage(request, isAPI: isAPI, status: .badRequest, message: bad.wording)
        } catch let refusal as Refusal {
            return try await errorPage(request, isAPI: isAPI, status: refusal.status, message: refusal.text)
        } catch let error as HTTPError {
            let message = Self.explanation(error, path: request.uri.path)
            return try await errorPage(request, isAPI: isAPI, status: error.status, message: message)
        } catch {
            site.logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return try await errorPage(
                request, isAPI: isAPI, status: .internalServerError,
                message: Wording(
                    "Something went wrong on our side; it has been logged.", ru: "На сервере что-то пошло не так; ошибка записана в журнал."))
        }
    }

    /// What an `HTTPError` (ours for an unknown address, or Hummingbird's own) says to a reader.
    static func explanation(_ error: HTTPError, path: String) -> Wording {
        if let body = error.body { return Wording(english: body) }
        guard error.status == .notFound else { return Wording(error.status.reasonPhrase, ru: "Ошибка \(error.status.code).") }
        return Wording(
            "Nothing here is called \(Wording.code(path)). Check the address, or find the record from the indexes or the search.",
            ru: "По адресу \(Wording.code(path)) ничего нет. Проверьте адрес или найдите запись в разделах или через поиск.")
    }

    /// The API answers in English (problem details are read by programs); a page in its reader's language.
    func errorPage(_ request: Request, isAPI: Bool, status: HTTPResponse.Status, message: Wording) async throws -> Response {
        if isAPI {
            let problem: [String: JSONValue] = [
                "type": .string("about:blank"), "title": .string(status.reasonPhrase),
                "status": .int(status.code), "detail": .string(message[.en]), "instance": .string(request.uri.path),
            ]
            return Response(
                status: status, headers: [.contentType: "application/problem+json"],
                body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.encode(.object(problem)))))
        }
        // The page must render even when the query that caused the error is the problem: only
        // the language is taken from the request, and only when it is valid.
        let current = try await site.cache.current()
        // `?lang=` is read on its own: the rest of the query may be what is malformed.
        let asked = (request.uri.query ?? "").split(separator: "&").first { $0.hasPrefix("lang=") }.map { String($0.dropFirst(5)) }
        let chosen = asked.flatMap(Language.init(rawValue:))
        let language = chosen ?? (try? Language.negotiate(query: nil, acceptLanguage: request.headers[.acceptLanguage])) ?? .en
        let ctx = try PageContext(
            figures: current.figures, version: current.version, updated: nil, route: .dashboard,
            query: chosen.map { ["lang": $0.rawValue] } ?? [:], acceptLanguage: language.rawValue, today: site.today())
        let page = ErrorPage.view(status: status, message: message, ctx)
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: Layout.render(page, ctx).markup)))
    }
}

extension BadParameter: HTTPResponseError {
    var status: HTTPResponse.Status { .badRequest }

    /// Plain text, for a caller outside `ErrorPages` (which writes the page or problem instead).
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
