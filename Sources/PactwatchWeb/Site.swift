import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PactwatchCore
import PactwatchData
import PactwatchStore

/// The site's request handling: one function per kind of route, each given its inputs.
public struct Site: Sendable {
    let store: any Store
    let cache: SnapshotCache
    /// Rendered representations: a page is drawn once per data version, URL, language and day.
    let rendered = RenderedCache()
    let baseURL: String
    let logger: Logger
    /// Today, for the default as-of (a parameter so tests can fix it).
    var today: @Sendable () -> Day = {
        Day(unixSeconds: Int(Date().timeIntervalSince1970))
    }

    public init(store: any Store, cache: SnapshotCache, baseURL: String, logger: Logger, today: (@Sendable () -> Day)? = nil) {
        self.store = store; self.cache = cache; self.baseURL = baseURL; self.logger = logger
        if let today { self.today = today }
    }

    /// Answers a GET of `route`.
    func respond(_ route: Route, _ request: Request, query: [String: String]) async throws -> Response {
        switch route {
        case .dashboard, .instrument, .commitment, .party, .area, .act, .source, .methodology:
            return try await page(route, request, query)
        case .claims, .index:
            return try await page(try await context(route, request, query), request, uses: IndexPage.filters + Listing.controls, Pages.Inputs())
        case .search:
            let ctx = try await context(route, request, query)
            let page = try SearchPage.pageNumber(query)
            let found = try await search(query["q"], limit: SearchPage.limit, offset: (page - 1) * SearchPage.limit)
            return try await self.page(ctx, request, uses: ["q", "page"], Pages.Inputs(search: found))
        case .openData:
            let current = try await cache.current()
            let ctx = try context(route, request, query, current)
            return try await conditional(request, ctx, variant: "data", uses: []) {
                let files = try DatasetFolder.files(
                    ctx.snapshot.dataset, eventHashes: current.eventHashes, name: DataFiles.name, release: release(ctx))
                let page = try Pages.page(route, ctx, Pages.Inputs(files: files.map { ($0.name, $0.data.count) }, release: release(ctx)))!
                return ("text/html; charset=utf-8", ByteBuffer(string: Layout.render(page, ctx).markup))
            }
        case .feed(let scope):
            let ctx = try await context(route, request, query)
            guard ctx.snapshot.contains(scope) else { throw Refusal.unknown("\(scope)") }
            return try await conditional(request, ctx, variant: "feed", uses: []) {
                ("application/atom+xml; charset=utf-8", ByteBuffer(string: Feeds.atom(ctx, scope: scope, baseURL: baseURL).markup))
            }
        case .searchFeed(let q):
            let ctx = try await context(route, request, query)
            let found = try await search(q, limit: 200)
            return try await conditional(request, ctx, variant: "feed", uses: ["q"]) {
                ("application/atom+xml; charset=utf-8", ByteBuffer(string: Feeds.atom(ctx, .search(q, found.hits), baseURL: baseURL).markup))
            }
        case .chart(let chart, let scope, let width):
            let ctx = try await context(route, request, query)
            guard ctx.snapshot.contains(scope) else { throw Refusal.unknown("\(scope)") }
            var response = try await conditional(request, ctx, variant: "chart", uses: []) {
                ("image/svg+xml; charset=utf-8", ByteBuffer(string: Charts.draw(chart, scope, width, ctx).markup))
            }
            // Charts are made to be embedded in articles: any page may frame them.
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *"
            return response
        case .stylesheet:
            return try resource("pactwatch.css", type: "text/css; charset=utf-8")
        case .dataFile(let name):
            let current = try await cache.current()
            return try await dataFile(name, request, try context(route, request, query, current), hashes: current.eventHashes)
        case .api(.openapi):
            return try resource("openapi.json", type: "application/json; charset=utf-8")
        case .api(let endpoint):
            return try await api(endpoint, route, request, query)
        }
    }

    /// The request's page context: the loaded snapshot, as-of day and language.
    func context(_ route: Route, _ request: Request, _ query: [String: String]) async throws -> PageContext {
        try context(route, request, query, try await cache.current())
    }

    /// The page context of a loaded snapshot (a handler that also needs the snapshot's hashes
    /// takes both from one `current()`).
    func context(_ route: Route, _ request: Request, _ query: [String: String], _ current: SnapshotCache.Entry) throws(BadParameter) -> PageContext {
        var ctx = try PageContext(
            figures: current.figures, version: current.version, updated: current.updated, route: route, query: query,
            acceptLanguage: request.headers[.acceptLanguage], today: today())
        ctx.baseURL = baseURL
        return ctx
    }

    /// The database's full-text matches for `q` from `offset` on, and their total (none for empty words).
    func search(_ q: String?, limit: Int, offset: Int = 0) async throws -> SearchResults {
        guard let q, !q.trimmingCharacters(in: .whitespaces).isEmpty else { return SearchResults() }
        return try await store.search(String(q.prefix(200)), limit: limit, offset: offset)
    }

    /// Parses a query string as a form does (`+` is a space); a malformed escape is a 400.
    static func query(_ text: String?) throws(BadParameter) -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) throws(BadParameter) -> String {
                guard let decoded = s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw BadParameter(
                        name: String(parts[0].prefix(40)), value: String(s.prefix(40)),
                        expected: Wording("valid percent-encoding", ru: "правильное процентное кодирование"))
                }
                return decoded
            }
            let key = try decode(parts[0])
            if out[key] == nil { out[key] = parts.count > 1 ? try decode(parts[1]) : "" }
        }
        return out
    }

    func page(_ route: Route, _ request: Request, _ query: [String: String]) async throws -> Response {
        try await page(try await context(route, request, query), request, uses: [], Pages.Inputs())
    }

    /// An HTML page, or one of its tables as CSV or JSON (`?table=ID&format=csv|json`).
    func page(_ ctx: PageContext, _ request: Request, uses: [String], _ inputs: Pages.Inputs) async throws -> Response {
        if let format = ctx.query["format"], format != "csv", format != "json" {
            throw BadParameter(name: "format", value: format, expected: Wording.either("csv", "json"))
        }
        let excel: Bool
        switch ctx.query["excel"] {
        case nil, "0", "false": excel = false
        case "1", "true": excel = true
        case let other?:
            throw BadParameter(
                name: "excel", value: String(other.prefix(40)),
                expected: Wording(
                    "\(Wording.code("1")) (or \(Wording.code("true"))) for a file Excel opens, \(Wording.code("0")) or nothing",
                    ru: "\(Wording.code("1")) (или \(Wording.code("true"))) для файла под Excel, \(Wording.code("0")) или ничего"))
        }
        let tableID = ctx.query["table"] ?? (ctx.query["format"] != nil ? "" : nil)
        var response = try await conditional(request, ctx, variant: "page", uses: ["table", "format", "excel"] + uses) {
            guard let page = try Pages.page(ctx.route, ctx, inputs) else { throw HTTPError(.notFound) }
            if let tableID {
                guard let table = page.table(tableID) else {
                    throw BadParameter(name: "table", value: tableID, expected: .oneOf(page.tableIDs))
                }
                if ctx.query["format"] == "json" { return ("application/json; charset=utf-8", ByteBuffer(data: try table.json(asOf: ctx.asOf))) }
                return ("text/csv; charset=utf-8", ByteBuffer(string: table.csv(asOf: ctx.asOf, excel: excel)))
            }
            return ("text/html; charset=utf-8", ByteBuffer(string: Layout.render(page, ctx).markup))
        }
        if let tableID, response.status == .ok {
            let name = Site.downloadName(ctx, table: tableID, format: ctx.query["format"] == "json" ? "json" : "csv")
            response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        }
        return response
    }

    /// A download's file name: the site, the page, the table, the as-of day and the language
    /// (`pactwatch-instruments-programme-19-parties-2026-11-29-en.csv`), in characters every
    /// file system takes.
    static func downloadName(_ ctx: PageContext, table: String, format: String) -> String {
        let page =
            ctx.route == .dashboard ? "dashboard" : String(ctx.route.file().dropLast("/index.html".count)).replacingOccurrences(of: "/", with: "-")
        let raw = ["pactwatch", page, table, ctx.asOf.description, ctx.language.rawValue].filter { !$0.isEmpty }.joined(separator: "-")
        let safe = String(
            raw.unicodeScalars.map {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == ".") ? Character($0) : "_"
            })
        return String(safe.prefix(120)) + "." + format
    }

    /// A JSON answer with an ETag; errors become problem details (see `ErrorPages`).
    func api(_ endpoint: Api.Endpoint, _ route: Route, _ request: Request, _ query: [String: String]) async throws -> Response {
        let current = try await cache.current()
        let ctx = try context(route, request, query, current)
        // The schema says `format: date`. Pages take an empty as_of as "today" (a cleared date
        // field submits it); the API, read by programs, holds to its schema.
        if query["as_of"] == "" {
            throw BadParameter(
                name: "as_of", value: "",
                expected: Wording(
                    "a date written YYYY-MM-DD (leave \(Wording.code("as_of")) out for today)",
                    ru: "дата вида ГГГГ-ММ-ДД (без \(Wording.code("as_of")) — на сегодня)"))
        }
        var inputs = Api.Inputs(hashes: current.eventHashes)
        if endpoint == .search {
            guard let q = query["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw BadParameter(name: "q", value: query["q"] ?? "", expected: .searchWords)
            }
            let window = try Api.searchWindow(query)
            inputs.search = try await search(q, limit: window.limit, offset: window.offset)
        }
        var response = try await conditional(request, ctx, variant: "api", uses: Api.parameters) {
            ("application/json; charset=utf-8", ByteBuffer(bytes: JSONWriter.encode(try Api.answer(endpoint, ctx, inputs) ?? .null)))
        }
        // A script on another site may read the validators (CORS gives it the body).
        response.headers[.accessControlExposeHeaders] = "ETag, Last-Modified"
        return response
    }

    /// The files shipped in `Static/`, read once.
    static let resources: [String: Data] = {
        guard let folder = Bundle.module.url(forResource: "Static", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [:] }
        return Dictionary(
            uniqueKeysWithValues: names.compactMap { name in
                FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, $0) }
            })
    }()

    func resource(_ name: String, type: String) throws -> Response {
        guard let data = Site.resources[name] else { throw HTTPError(.notFound) }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
