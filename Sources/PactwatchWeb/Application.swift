import Hummingbird
import HummingbirdCore
import Logging
import PactwatchStore
import ServiceLifecycle

/// The public tracker: builds the router and the application around a store.
///
///     let app = buildApplication(store: try SQLiteStore(path: "pactwatch.sqlite"), host: "127.0.0.1", port: 8080)
///     try await app.runService()   // stops gracefully on SIGINT and SIGTERM
public func buildApplication(
    store: any Store, host: String, port: Int, baseURL: String? = nil, limits: ServerLimits = ServerLimits(),
    cookie: SessionCookie = SessionCookie(), logger: Logger = Logger(label: "pactwatch")
) -> some ApplicationProtocol {
    // A change by any process is loaded as soon as the store reports it (PostgreSQL's NOTIFY, or
    // SQLite's version poll); reads also re-check the version once a second in case a report is lost.
    // A database that stops answering (or answers slowly) leaves reads on the loaded snapshot.
    let cache = SnapshotCache(store: store, freshness: 1, patience: .milliseconds(500), logger: logger)
    let site = Site(store: store, cache: cache, baseURL: baseURL ?? "http://\(host):\(port)", logger: logger)
    let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestHeadTimeout(first: limits.headerTimeout, between: limits.idleTimeout)])
    let configuration = ApplicationConfiguration(
        address: .hostname(host, port: port), serverName: "pactwatch",
        availableConnectionsDelegate: .maximum(limits.maximumConnections, logger: logger))
    return Application(
        router: buildRouter(site, cookie: cookie), server: .http1(configuration: http1), configuration: configuration,
        services: [SnapshotWatcher(cache: cache, logger: logger)], logger: logger)
}

/// Every route of the public site: one GET handler per `Route.Pattern` (HEAD answered by the
/// router from GET), the API's under CORS; and the editors' pages under `/editor`, when the
/// store keeps accounts (every engine does).
public func buildRouter(_ site: Site, cookie: SessionCookie = SessionCookie()) -> Router<SiteContext> {
    let router = Router(context: SiteContext.self, options: .autoGenerateHeadEndpoints)
    // Outermost first: headers go on every response, error pages included.
    router.add(middleware: SecurityHeaders())
    router.add(middleware: ErrorPages(site: site))
    // The API is read-only and public: any origin may read it from a browser.
    let api = router.group(RouterPath(Route.apiPrefix))
        .add(
            middleware: CORSMiddleware<SiteContext>(
                allowOrigin: .all, allowHeaders: [.ifNoneMatch, .accept], allowMethods: [.get, .head, .options],
                exposedHeaders: ["ETag", "Last-Modified"], maxAge: .seconds(86400))
        )
        // Inside CORS, so an error is a problem-details response before CORS adds its headers.
        .add(middleware: ErrorPages<SiteContext>(site: site, problems: true))
    for pattern in Route.Pattern.allCases {
        let handler: @Sendable (Request, SiteContext) async throws -> Response = { request, context in
            let query = try Site.query(request.uri.query)
            let route = try pattern.route(id: context.parameters.get("id"), query: query)
            return try await site.respond(route, request, query: query)
        }
        if case .api(let endpoint) = pattern {
            api.get(RouterPath(endpoint.rawValue), use: handler)
            // A preflight with an Origin is answered by the CORS middleware; one without says what is allowed.
            api.on(RouterPath(endpoint.rawValue), method: .options) { _, _ in
                Response(status: .noContent, headers: [.allow: ErrorPages<SiteContext>.apiMethods])
            }
        } else {
            router.get(RouterPath(pattern.template), use: handler)
        }
    }
    if let accounts = site.store as? any AccountStore {
        Editors(site: site, accounts: accounts, cookie: cookie).register(on: router)
    }
    // Any other path under the API is a 404 in problem details, with CORS like the rest.
    api.get("**") { request, _ -> Response in
        throw HTTPError(.notFound, message: "The API has no endpoint \(request.uri.path); they are listed in \(Route.api(.openapi).path).")
    }
    return router
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
                    // Cancelled while waiting: the loop ends on its next check.
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }
}
