import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import PactwatchCore
import PactwatchData
import PactwatchStore
import ServiceLifecycle

/// The public tracker: builds the router and the application around a store.
///
///     let app = try buildApplication(store: try SQLiteStore(path: "pactwatch.sqlite"), host: "127.0.0.1", port: 8080)
///     try await app.runService()   // stops gracefully on SIGINT and SIGTERM
public func buildApplication(store: any Store, host: String, port: Int, baseURL: String? = nil, limits: ServerLimits = ServerLimits(),
                             logger: Logger = Logger(label: "pactwatch")) -> some ApplicationProtocol {
    // A change by any process is loaded as soon as the store reports it (PostgreSQL's NOTIFY, or
    // SQLite's version poll); reads also re-check the version once a second in case a report is lost.
    // A database that stops answering (or answers slowly) leaves reads on the loaded snapshot.
    let cache = SnapshotCache(store: store, freshness: 1, patience: .milliseconds(500), logger: logger)
    let site = Site(store: store, cache: cache, baseURL: baseURL ?? "http://\(host):\(port)", logger: logger)
    let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestHeadTimeout(first: limits.headerTimeout, between: limits.idleTimeout)])
    let configuration = ApplicationConfiguration(address: .hostname(host, port: port), serverName: "pactwatch",
                                                 availableConnectionsDelegate: .maximum(limits.maximumConnections, logger: logger))
    return Application(router: buildRouter(site), server: .http1(configuration: http1), configuration: configuration,
                       services: [SnapshotWatcher(cache: cache, logger: logger)], logger: logger)
}

/// Keeps the server's snapshot current while it runs: follows the store's change reports, and
/// after a failure (the database restarted, say) starts following again a second later.
struct SnapshotWatcher: Service {
    let cache: SnapshotCache
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await cache.watch()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("Stopped following database changes; retrying in a second", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }
}

/// Every route of the public site, in one place.
public func buildRouter(_ site: Site) -> SiteRouter {
    let router = Router(context: BasicRequestContext.self)
    // Outermost first: headers go on every response, error pages included.
    router.add(middleware: SecurityHeaders())
    router.add(middleware: ErrorPages(site: site))
    router.get("/") { request, _ in try await site.page(request) { Pages.dashboard($0) } }
    router.get("/claims") { request, _ in try await site.page(request) { Pages.claims($0) } }
    router.get("/search") { request, _ in
        try await site.page(request) { ctx in Pages.search(ctx, query: ctx.query["q"] ?? "") }
    }
    router.get("/instruments/:id") { request, context in
        let id = try context.parameters.require("id")
        return try await site.page(request) { Pages.instrument($0, id: id) }
    }
    router.get("/commitments/:id") { request, context in
        let id = try context.parameters.require("id")
        return try await site.page(request) { Pages.commitment($0, id: id) }
    }
    router.get("/parties/:id") { request, context in
        let id = try context.parameters.require("id")
        return try await site.page(request) { Pages.party($0, id: id) }
    }
    router.get("/areas/:area") { request, context in
        let area = try context.parameters.require("area").removingPercentEncoding ?? ""
        return try await site.page(request) { Pages.area($0, area: area) }
    }
    router.get("/acts/:id") { request, context in
        let id = try context.parameters.require("id")
        return try await site.page(request) { Pages.act($0, id: id) }
    }
    router.get("/sources/:id") { request, context in
        let id = try context.parameters.require("id")
        return try await site.page(request) { Pages.source($0, id: id) }
    }
    router.get("/changes.atom") { request, _ in try await site.feed(request, scope: .all) }
    router.get("/parties/:id/changes.atom") { request, context in try await site.feed(request, scope: .party(try context.parameters.require("id"))) }
    router.get("/instruments/:id/changes.atom") { request, context in try await site.feed(request, scope: .instrument(try context.parameters.require("id"))) }
    router.get("/commitments/:id/changes.atom") { request, context in try await site.feed(request, scope: .commitment(try context.parameters.require("id"))) }
    router.get("/charts/burnup.svg") { request, _ in try await site.chart(request, kind: .burnup) }
    router.get("/charts/stages.svg") { request, _ in try await site.chart(request, kind: .stages) }
    router.get("/static/pactwatch.css") { request, _ in try await site.stylesheet(request) }
    router.get("/data") { request, _ in try await site.dataIndex(request) }
    router.get("/data/:file") { request, context in try await site.dataFile(request, name: try context.parameters.require("file")) }
    Api.routes(router, site)
    return SiteRouter(router: router)
}

/// The site's request handling: context from the query, conditional GET, formats.
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

    enum ChartKind { case burnup, stages }

    func context(_ request: Request) async throws -> PageContext {
        let current = try await cache.current()
        let query = try Site.query(request.uri.query)
        let path = request.uri.path
        var ctx = try PageContext(figures: current.figures, version: current.version, updated: current.updated,
                                  path: path, query: query,
                                  acceptLanguage: request.headers[.acceptLanguage], today: today())
        if path.hasPrefix("/api/") || path.hasPrefix("/data") { ctx.hashes = current.eventHashes }
        // Search asks the database's full-text index, before rendering (pages render from memory).
        if path == "/search" || path == "/api/v1/search", let q = query["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty {
            ctx.searchHits = try await store.search(String(q.prefix(200)), limit: path == "/search" ? 100 : 1000)
        }
        return ctx
    }

    /// Parses a query string as a form does (`+` is a space); a malformed escape is a 400.
    static func query(_ text: String?) throws -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) throws -> String {
                guard let decoded = s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw BadParameter(name: String(parts[0].prefix(40)), value: String(s.prefix(40)), expected: "valid percent-encoding")
                }
                return decoded
            }
            let key = try decode(parts[0])
            if out[key] == nil { out[key] = parts.count > 1 ? try decode(parts[1]) : "" }
        }
        return out
    }

    /// An HTML page, or one of its tables as CSV or JSON (`?table=ID&format=csv|json`).
    func page(_ request: Request, _ render: (PageContext) throws -> Page?) async throws -> Response {
        let ctx = try await context(request)
        if let format = ctx.query["format"], format != "csv", format != "json" {
            throw BadParameter(name: "format", value: format, expected: "csv or json")
        }
        return try await conditional(request, ctx, variant: "page", uses: ["table", "format", "q"]) {
            guard let page = try render(ctx) else { throw HTTPError(.notFound) }
            if let tableID = ctx.query["table"] ?? (ctx.query["format"] != nil ? "" : nil) {
                guard let table = page.tables.first(where: { $0.id == tableID }) else {
                    throw BadParameter(name: "table", value: tableID, expected: "one of: " + page.tables.map(\.id).joined(separator: ", "))
                }
                if ctx.query["format"] == "json" {
                    return ("application/json; charset=utf-8", ByteBuffer(bytes: table.json))
                }
                return ("text/csv; charset=utf-8", ByteBuffer(string: table.csv))
            }
            return ("text/html; charset=utf-8", ByteBuffer(string: Layout.render(page, ctx)))
        }
    }

    func feed(_ request: Request, scope: Scope) async throws -> Response {
        let ctx = try await context(request)
        guard ctx.snapshot.contains(scope) else { throw HTTPError(.notFound) }
        return try await conditional(request, ctx, variant: "feed", uses: []) {
            let xml = Feeds.atom(ctx, scope: scope, selfPath: request.uri.path, baseURL: baseURL)
            return ("application/atom+xml; charset=utf-8", ByteBuffer(string: xml))
        }
    }

    func chart(_ request: Request, kind: ChartKind) async throws -> Response {
        let ctx = try await context(request)
        var scopes: [Scope] = []
        if let id = ctx.query["instrument"] { scopes.append(.instrument(id)) }
        if let id = ctx.query["party"] { scopes.append(.party(id)) }
        if let id = ctx.query["commitment"] { scopes.append(.commitment(id)) }
        if let area = ctx.query["area"] { scopes.append(.area(area)) }
        guard scopes.count <= 1 else { throw BadParameter(name: "scope", value: "\(scopes.count) scopes", expected: "at most one of instrument, party, commitment, area") }
        let scope = scopes.first ?? .all
        guard ctx.snapshot.contains(scope) else { throw HTTPError(.notFound, message: "Nothing in the record is called \(scope).") }
        return try await conditional(request, ctx, variant: "chart", uses: ["instrument", "party", "commitment", "area"]) {
            let svg: String
            switch kind {
            case .burnup:
                svg = Charts.burnup(ctx, scope: scope, label: ctx.label(scope))
            case .stages:
                let report = ctx.figures.report(asOf: ctx.asOf)
                let rows = report.instruments.filter { $0.figures.obligations > 0 }.map { (ctx.instrumentTitle($0.id), $0.figures) }
                svg = Charts.stages(ctx, rows: rows, title: ctx.t["stages_by_instrument"])
            }
            return ("image/svg+xml; charset=utf-8", ByteBuffer(string: svg))
        }
    }

    /// The data package's index page: each file with its size, written once per data version.
    func dataIndex(_ request: Request) async throws -> Response {
        let ctx = try await context(request)
        return try await conditional(request, ctx, variant: "data", uses: []) {
            let files = try DatasetFolder.files(ctx.snapshot.dataset, eventHashes: ctx.hashes, name: "pactwatch")
            return ("text/html; charset=utf-8", ByteBuffer(string: Layout.render(Pages.data(ctx, files: files), ctx)))
        }
    }

    /// One file of the published dataset, or all of them as one zip. The tables are streamed as
    /// they are encoded, never cached: a million events would otherwise be a body of hundreds of
    /// megabytes per request. The small `datapackage.json` is cached like any page.
    func dataFile(_ request: Request, name: String) async throws -> Response {
        let ctx = try await context(request)
        let dataset = ctx.snapshot.dataset, hashes = ctx.hashes
        if name == "datapackage.json" {
            return try await conditional(request, ctx, variant: "data", uses: []) {
                ("application/json; charset=utf-8", ByteBuffer(data: try DatasetFolder.descriptor(dataset, name: "pactwatch")))
            }
        }
        if name == "pactwatch-dataset.zip" {
            return try streamed(request, ctx, type: "application/zip") { writer in
                var zip = Zip.Stream()
                for table in Table.allCases {
                    try await writer.write(ByteBuffer(bytes: zip.begin("pactwatch-dataset/" + table.fileName)))
                    try await DatasetFolder.streamCSV(table, dataset, eventHashes: hashes) { chunk in
                        try await writer.write(ByteBuffer(bytes: zip.add(chunk)))
                    }
                    try await writer.write(ByteBuffer(bytes: zip.end()))
                }
                try await writer.write(ByteBuffer(bytes: zip.begin("pactwatch-dataset/datapackage.json")))
                try await writer.write(ByteBuffer(bytes: zip.add(Array(try DatasetFolder.descriptor(dataset, name: "pactwatch")))))
                try await writer.write(ByteBuffer(bytes: zip.end()))
                try await writer.write(ByteBuffer(bytes: zip.finish()))
            }
        }
        guard let table = Table.allCases.first(where: { $0.fileName == name }) else { throw HTTPError(.notFound) }
        return try streamed(request, ctx, type: "text/csv; charset=utf-8") { writer in
            try await DatasetFolder.streamCSV(table, dataset, eventHashes: hashes) { chunk in
                try await writer.write(ByteBuffer(bytes: chunk))
            }
        }
    }

    func stylesheet(_ request: Request) async throws -> Response {
        try resource("pactwatch.css", type: "text/css; charset=utf-8")
    }

    /// The files shipped in `Static/`, read once.
    static let resources: [String: Data] = {
        guard let folder = Bundle.module.url(forResource: "Static", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [:] }
        return Dictionary(uniqueKeysWithValues: names.compactMap { name in
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

    /// The cache key of a representation: the handler, the path, the query parameters that
    /// change its body (`uses`, in that order; any other parameter is ignored, so junk in a URL
    /// neither re-renders nor takes room), the language and the effective as-of day.
    func key(_ request: Request, _ ctx: PageContext, variant: String, uses: [String]) -> String {
        var key = "\(variant)|\(request.uri.path)"
        for name in uses { if let value = ctx.query[name] { key += "|\(name)=\(value)" } }
        return key + "|\(ctx.language.rawValue)|\(ctx.asOf)"
    }

    /// The validators of a representation, and whether the client already holds it.
    func validators(_ request: Request, _ ctx: PageContext, key: String) -> (headers: HTTPFields, fresh: Bool) {
        let etag = "W/\"\(ctx.version)-\(Site.fnv(key))\""
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.vary] = "Accept-Language"
        headers[.cacheControl] = "public, max-age=60"
        if let updated = ctx.updated, let lastModified = Site.httpDate(updated) { headers[.lastModified] = lastModified }
        let matches = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
            .contains { $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }
        let notModifiedSince = request.headers[.ifNoneMatch] == nil && request.headers[.ifModifiedSince] != nil
            && request.headers[.ifModifiedSince] == headers[.lastModified]
        return (headers, matches || notModifiedSince)
    }

    /// Answers 304 when the client holds the current version of this representation, else the
    /// rendered body (drawn once per version and key, and kept while it fits the cache).
    func conditional(_ request: Request, _ ctx: PageContext, variant: String, uses: [String],
                     _ render: () throws -> (String, ByteBuffer)) async throws -> Response {
        let key = key(request, ctx, variant: variant, uses: uses)
        var (headers, fresh) = validators(request, ctx, key: key)
        if fresh { return Response(status: .notModified, headers: headers) }
        let (contentType, body): RenderedCache.Body
        if let ready = try await self.rendered.awaitOrClaim(key, version: ctx.version) {
            (contentType, body) = ready
        } else {
            let result = Result { try render() }
            await self.rendered.finish(key, version: ctx.version, result)
            (contentType, body) = try result.get()
        }
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// A large body written as it is produced, with the same validators as a rendered one.
    func streamed(_ request: Request, _ ctx: PageContext, type: String,
                  _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) throws -> Response {
        var (headers, fresh) = validators(request, ctx, key: key(request, ctx, variant: "data", uses: []))
        if fresh { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await write(&writer)
            try await writer.finish(nil)
        })
    }

    static func fnv(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    /// ISO 8601 (`2026-11-29T01:00:00Z`) as an HTTP date (`Sun, 29 Nov 2026 01:00:00 GMT`).
    /// Done by hand: formatters cost more than the rest of a cached response.
    static func httpDate(_ iso: String) -> String? {
        let parts = iso.split(separator: "T")
        guard parts.count == 2, let day = Day(iso: parts[0]), parts[1].hasSuffix("Z") else { return nil }
        let time = parts[1].dropLast().prefix(8)
        guard time.count == 8 else { return nil }
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let (y, m, d) = day.components
        let weekday = weekdays[((day.ordinal % 7) + 7) % 7]
        return "\(weekday), \(d < 10 ? "0" : "")\(d) \(months[m - 1]) \(y) \(time) GMT"
    }
}

/// Content-Security-Policy without inline script, nosniff, and no framing (charts excepted,
/// so an article can embed them).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let isChart = request.uri.path.hasPrefix("/charts/")
        response.headers[.contentSecurityPolicy] = isChart
            ? "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *"
            : "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        if !isChart { response.headers[.xFrameOptions] = "DENY" }
        return response
    }
}

/// Answers HEAD as GET without the body (the router matches GET routes only).
public struct HeadAsGet<Inner: HTTPResponder>: HTTPResponder {
    public typealias Context = Inner.Context
    let inner: Inner

    public func respond(to request: Request, context: Context) async throws -> Response {
        let isAPI = request.uri.path.hasPrefix("/api/")
        if request.method == .options, isAPI {
            // CORS preflight: the API is read-only and public.
            var headers = HTTPFields()
            headers[.accessControlAllowOrigin] = "*"
            headers[.accessControlAllowMethods] = "GET, HEAD, OPTIONS"
            headers[.accessControlAllowHeaders] = "If-None-Match, Accept"
            headers[.accessControlMaxAge] = "86400"
            return Response(status: .noContent, headers: headers)
        }
        if isAPI {
            var response = try await plain(request, context)
            response.headers[.accessControlAllowOrigin] = "*"
            response.headers[.accessControlExposeHeaders] = "ETag, Last-Modified"
            return response
        }
        return try await plain(request, context)
    }

    func plain(_ request: Request, _ context: Context) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        response.body = .init()
        return response
    }
}

/// The router, wrapped so that HEAD works on every page.
public struct SiteRouter: HTTPResponderBuilder {
    let router: Router<BasicRequestContext>

    public func buildResponder() -> HeadAsGet<RouterResponder<BasicRequestContext>> {
        HeadAsGet(inner: router.buildResponder())
    }
}

/// Turns errors into pages a reader can act on: 404 for an unknown id or path, 400 naming the bad
/// parameter; anything unexpected is logged and answered with a plain 500 page.
struct ErrorPages<Context: RequestContext>: RouterMiddleware {
    let site: Site

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Everything here is read-only: another method is refused whatever the path.
        guard [.get, .head, .options].contains(request.method) else {
            var response = try await errorPage(request, status: .methodNotAllowed,
                                               message: "\(request.method) is not allowed: Pactwatch publishes the record read-only; use GET.")
            response.headers[.allow] = request.uri.path.hasPrefix("/api/") ? "GET, HEAD, OPTIONS" : "GET, HEAD"
            return response
        }
        do {
            return try await next(request, context)
        } catch let bad as BadParameter {
            return try await errorPage(request, status: .badRequest, message: bad.message)
        } catch let error as HTTPError {
            let fallback = error.status == .notFound ? "Nothing here is called \(request.uri.path)." : error.status.reasonPhrase
            return try await errorPage(request, status: error.status, message: error.body ?? fallback)
        } catch {
            site.logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return try await errorPage(request, status: .internalServerError, message: "Something went wrong on our side; it has been logged.")
        }
    }

    func errorPage(_ request: Request, status: HTTPResponse.Status, message: String) async throws -> Response {
        if request.uri.path.hasPrefix("/api/") {
            // RFC 9457 problem details.
            let problem: [String: JSONValue] = ["type": .string("about:blank"), "title": .string(status.reasonPhrase),
                                                "status": .int(status.code), "detail": .string(message), "instance": .string(request.uri.path)]
            var headers = HTTPFields()
            headers[.contentType] = "application/problem+json"
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(JSONValue.object(problem)))))
        }
        // The page must render even when the query that caused the error is the problem.
        let current = try await site.cache.current()
        let language = (try? Language.negotiate(query: nil, acceptLanguage: request.headers[.acceptLanguage])) ?? .en
        let ctx = try PageContext(figures: current.figures, version: current.version, updated: nil,
                                  path: "/", query: [:], acceptLanguage: language.rawValue, today: site.today())
        var page = Page(title: status == .notFound ? ctx.t["not_found"] : status == .badRequest ? ctx.t["bad_request"] : status.reasonPhrase)
        page.add("<p class=\"error\">\(esc(message))</p><p><a href=\"/\">\(esc(ctx.t["home"]))</a></p>")
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Layout.render(page, ctx))))
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}

/// A cache of rendered bodies, bounded in bytes. Entries of an older data version are never
/// served: the version is part of every lookup, and a new version empties the cache. Concurrent
/// requests for the same representation of the same version wait for one render instead of each
/// drawing it; a body larger than `largest` is handed to its waiters but not kept.
actor RenderedCache {
    typealias Body = (String, ByteBuffer)
    /// The most bytes of bodies kept at once.
    let budget: Int
    /// The largest body kept.
    let largest: Int
    private var version = -1
    private var entries: [String: Body] = [:]
    /// Keys in the order they were stored (oldest first), and the bytes they hold.
    private var order: [String] = []
    private var first = 0
    private(set) var bytes = 0
    /// Representations being rendered (keyed by version and key), with the requests waiting for them.
    private var waiting: [String: [CheckedContinuation<Body, any Error>]] = [:]

    init(budget: Int = 64 << 20, largest: Int = 4 << 20) {
        self.budget = budget
        self.largest = largest
    }

    /// The cached body, or the one another request is rendering for the same version (after it
    /// finishes); nil when the caller must render it and then call `finish`.
    func awaitOrClaim(_ key: String, version: Int) async throws -> Body? {
        if version > self.version {
            self.version = version
            entries.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            first = 0
            bytes = 0
        }
        if version == self.version, let hit = entries[key] { return hit }
        let claim = "\(version)|\(key)"
        if waiting[claim] != nil {
            return try await withCheckedThrowingContinuation { waiting[claim, default: []].append($0) }
        }
        waiting[claim] = []
        return nil
    }

    func finish(_ key: String, version: Int, _ result: Result<Body, any Error>) {
        for waiter in waiting.removeValue(forKey: "\(version)|\(key)") ?? [] { waiter.resume(with: result) }
        guard version == self.version, case .success(let body) = result, body.1.readableBytes <= largest else { return }
        if let old = entries.updateValue(body, forKey: key) { bytes -= old.1.readableBytes } else { order.append(key) }
        bytes += body.1.readableBytes
        while bytes > budget, first < order.count {
            if let old = entries.removeValue(forKey: order[first]) { bytes -= old.1.readableBytes }
            first += 1
        }
        if first > 1024, first * 2 > order.count {
            order.removeFirst(first)
            first = 0
        }
    }

    /// The number of bodies kept (for tests).
    var count: Int { entries.count }
}
