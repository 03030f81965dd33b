import HTTPTypes
import Hummingbird
import PactwatchCore

/// Conditional GET: every representation has a weak ETag naming its data version and what it
/// shows, and a Last-Modified of the last import; a client that holds it gets 304.
extension Site {
    /// The cache key of a representation: the handler, the route, the query parameters that
    /// change its body (`uses`, in that order; any other parameter is ignored, so junk in a URL
    /// neither re-renders nor takes room), the language and the effective as-of day.
    func key(_ request: Request, _ ctx: PageContext, variant: String, uses: [String]) -> String {
        var key = "\(variant)|\(ctx.route.url())"
        for name in uses { if let value = ctx.query[name] { key += "|\(name)=\(value)" } }
        return key + "|\(ctx.language.rawValue)|\(ctx.asOf)" + (ctx.compare.map { "|\($0)" } ?? "")
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
        let notModifiedSince =
            request.headers[.ifNoneMatch] == nil && request.headers[.ifModifiedSince] != nil
            && request.headers[.ifModifiedSince] == headers[.lastModified]
        return (headers, matches || notModifiedSince)
    }

    /// Answers 304 when the client holds the current version of this representation, else the
    /// rendered body (drawn once per version and key, and kept while it fits the cache).
    func conditional(
        _ request: Request, _ ctx: PageContext, variant: String, uses: [String],
        _ render: () throws -> (String, ByteBuffer)
    ) async throws -> Response {
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
    func streamed(
        _ request: Request, _ ctx: PageContext, type: String,
        _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) throws -> Response {
        var (headers, fresh) = validators(request, ctx, key: key(request, ctx, variant: "data", uses: []))
        if fresh { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = type
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
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
