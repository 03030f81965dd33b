import Foundation
import Hummingbird
import PactwatchCore

/// Every URL the site answers, as a value. Registration, links, feeds, the navigation and the
/// static site's file names all come from here, and a path component is percent-encoded in one
/// place (`Route.encode`) and decoded in one place (`Route.Pattern.route`).
///
///     Route.instrument("union_2021").path             // "/instruments/union_2021"
///     Route.area("газ").path                          // "/areas/%D0%B3%D0%B0%D0%B7"
///     Route.chart(.burnup, .party("RU")).url()        // "/charts/burnup.svg?party=RU"
///     Route.feed(.all).file()                         // "changes.atom"
enum Route: Hashable, Sendable {
    case dashboard
    case claims
    case search
    case instrument(String)
    case commitment(String)
    case party(String)
    case area(String)
    case act(String)
    case source(String)
    /// A list of one kind of record, to browse: sorted, filtered, paged (`Listing`).
    case index(Index)
    /// The Atom feed of a scope's changes.
    case feed(Scope)
    /// The Atom feed of a search: what the words find, as new entries arrive (a saved search).
    case searchFeed(String)
    /// A chart of a scope (`?instrument=`, `?party=`, `?commitment=` or `?area=`), drawn for a
    /// page's column or, with `?width=narrow`, for a phone's.
    case chart(Chart, Scope, Chart.Width = .wide)
    case stylesheet
    /// The open-data page, and one file of the dataset package (or the whole of it zipped).
    case openData
    /// What every figure means, with a worked example.
    case methodology
    case dataFile(String)
    case api(Api.Endpoint)

    /// The kinds of record with an index page (claims have theirs at `/claims`).
    enum Index: String, CaseIterable, Sendable {
        case instruments, commitments, parties, areas, acts, sources
    }

    enum Chart: String, CaseIterable, Sendable {
        case burnup, stages, claims

        /// The rendition: `wide` for a page's column (720 units), `narrow` for a phone (340
        /// units, shown at about its own size, so its text stays at least 11 px).
        enum Width: String, CaseIterable, Sendable { case wide, narrow }
    }

    /// The pages a scope has: the dashboard for the whole record.
    static func page(_ scope: Scope) -> Route {
        switch scope {
        case .all: .dashboard
        case .party(let id): .party(id)
        case .instrument(let id): .instrument(id)
        case .commitment(let id): .commitment(id)
        case .area(let area): .area(area)
        }
    }

    /// The index page listing this record's kind (an instrument's is `/instruments`).
    var index: Index? {
        switch self {
        case .instrument: .instruments
        case .commitment: .commitments
        case .party: .parties
        case .area: .areas
        case .act: .acts
        case .source: .sources
        default: nil
        }
    }

    /// The percent-encoded path.
    var path: String {
        switch self {
        case .dashboard: "/"
        case .claims: "/claims"
        case .search: "/search"
        case .instrument(let id): "/instruments/" + Route.encode(id)
        case .commitment(let id): "/commitments/" + Route.encode(id)
        case .party(let id): "/parties/" + Route.encode(id)
        case .area(let area): "/areas/" + Route.encode(area)
        case .act(let id): "/acts/" + Route.encode(id)
        case .source(let id): "/sources/" + Route.encode(id)
        case .index(let index): "/" + index.rawValue
        case .feed(let scope): (scope == .all ? "" : Route.page(scope).path) + "/changes.atom"
        case .searchFeed: "/search/changes.atom"
        case .chart(let chart, _, _): "/charts/\(chart.rawValue).svg"
        case .stylesheet: "/static/pactwatch.css"
        case .openData: "/data"
        case .methodology: "/methodology"
        case .dataFile(let name): "/data/" + Route.encode(name)
        case .api(let endpoint): Route.apiPrefix + "/" + endpoint.rawValue
        }
    }

    /// Where the JSON API lives; its error answers are problem details, not pages.
    static let apiPrefix = "/api/v1"

    /// The query parameters that are part of the route itself (a chart's scope and width).
    var query: [(String, String)] {
        if case .searchFeed(let q) = self { return [("q", q)] }
        guard case .chart(_, let scope, let width) = self else { return [] }
        return ScopeQuery.parameters(scope) + (width == .wide ? [] : [("width", width.rawValue)])
    }

    /// Path and query, with `extra` parameters after the route's own.
    func url(_ extra: [(String, String)] = []) -> String {
        let params = query + extra
        guard !params.isEmpty else { return path }
        return path + "?" + params.map { Route.encode($0.0) + "=" + Route.encode($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes a path or query component: everything but RFC 3986's unreserved characters.
    static func encode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 15)])
            }
        }
        return out
    }

    // MARK: Patterns: what the router registers

    /// One registered path pattern per kind of route. `allCases` is what the router registers
    /// and what the route test requests, so a pattern cannot be left out of either.
    enum Pattern: Hashable, CaseIterable, Sendable {
        case dashboard, claims, search, instrument, commitment, party, area, act, source
        case index(Index)
        case feed, partyFeed, instrumentFeed, commitmentFeed, areaFeed, searchFeed
        case chart(Chart)
        case stylesheet, openData, methodology, dataFile
        case api(Api.Endpoint)

        static let allCases: [Pattern] =
            [
                .dashboard, .claims, .search, .instrument, .commitment, .party, .area, .act, .source,
            ] + Index.allCases.map(Pattern.index) + [.feed, .partyFeed, .instrumentFeed, .commitmentFeed, .areaFeed, .searchFeed]
            + Chart.allCases.map(Pattern.chart) + [.stylesheet, .openData, .methodology, .dataFile] + Api.Endpoint.allCases.map(Pattern.api)

        /// The pattern in Hummingbird's syntax (`:name` is a parameter).
        var template: String {
            switch self {
            case .dashboard: "/"
            case .claims: "/claims"
            case .search: "/search"
            case .instrument: "/instruments/:id"
            case .commitment: "/commitments/:id"
            case .party: "/parties/:id"
            case .area: "/areas/:id"
            case .act: "/acts/:id"
            case .source: "/sources/:id"
            case .index(let index): "/" + index.rawValue
            case .feed: "/changes.atom"
            case .partyFeed: "/parties/:id/changes.atom"
            case .instrumentFeed: "/instruments/:id/changes.atom"
            case .commitmentFeed: "/commitments/:id/changes.atom"
            case .areaFeed: "/areas/:id/changes.atom"
            case .searchFeed: "/search/changes.atom"
            case .chart(let chart): "/charts/\(chart.rawValue).svg"
            case .stylesheet: "/static/pactwatch.css"
            case .openData: "/data"
            case .methodology: "/methodology"
            case .dataFile: "/data/:id"
            case .api(let endpoint): Route.apiPrefix + "/" + endpoint.rawValue
            }
        }

        /// The route a matched request names: the `:id` parameter percent-decoded, a chart's
        /// scope read from the query. A malformed escape or a second scope is a 400.
        func route(id raw: String?, query: [String: String]) throws(BadParameter) -> Route {
            func id() throws(BadParameter) -> String {
                let raw = raw ?? ""
                guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
                    throw BadParameter(
                        name: "path", value: String(raw.prefix(40)), expected: Wording("a percent-encoded name", ru: "имя в процентном кодировании"))
                }
                return decoded
            }
            switch self {
            case .dashboard: return .dashboard
            case .claims: return .claims
            case .search: return .search
            case .instrument: return .instrument(try id())
            case .commitment: return .commitment(try id())
            case .party: return .party(try id())
            case .area: return .area(try id())
            case .act: return .act(try id())
            case .source: return .source(try id())
            case .index(let index): return .index(index)
            case .feed: return .feed(.all)
            case .partyFeed: return .feed(.party(try id()))
            case .instrumentFeed: return .feed(.instrument(try id()))
            case .commitmentFeed: return .feed(.commitment(try id()))
            case .areaFeed: return .feed(.area(try id()))
            case .searchFeed:
                guard let q = query["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw BadParameter(
                        name: "q", value: query["q"] ?? "",
                        expected: Wording(
                            "words to search for: the feed follows what they find", ru: "слова для поиска: лента следит за тем, что они находят"))
                }
                return .searchFeed(String(q.prefix(200)))
            case .chart(let chart):
                var width = Chart.Width.wide
                if let raw = query["width"] {
                    guard let named = Chart.Width(rawValue: raw) else {
                        throw BadParameter(name: "width", value: String(raw.prefix(40)), expected: Wording.either("wide", "narrow"))
                    }
                    width = named
                }
                return .chart(chart, try ScopeQuery.one(query), width)
            case .stylesheet: return .stylesheet
            case .openData: return .openData
            case .methodology: return .methodology
            case .dataFile: return .dataFile(try id())
            case .api(let endpoint): return .api(endpoint)
            }
        }
    }

    var pattern: Pattern {
        switch self {
        case .dashboard: .dashboard
        case .claims: .claims
        case .search: .search
        case .instrument: .instrument
        case .commitment: .commitment
        case .party: .party
        case .area: .area
        case .act: .act
        case .source: .source
        case .index(let index): .index(index)
        case .feed(let scope):
            switch scope {
            case .all: .feed
            case .party: .partyFeed
            case .instrument: .instrumentFeed
            case .commitment: .commitmentFeed
            case .area: .areaFeed
            }
        case .searchFeed: .searchFeed
        case .chart(let chart, _, _): .chart(chart)
        case .stylesheet: .stylesheet
        case .openData: .openData
        case .methodology: .methodology
        case .dataFile: .dataFile
        case .api(let endpoint): .api(endpoint)
        }
    }

    // MARK: The published site: every route of a record, and the file that serves each

    /// Every route a static copy of the record holds: each page, feed, chart, API list and file
    /// of the dataset package (search needs the server, so it is left out).
    static func published(in snapshot: Snapshot) -> [Route] {
        let d = snapshot.dataset
        let areas = snapshot.areas
        var routes: [Route] = [.dashboard, .claims, .openData, .methodology, .stylesheet] + Index.allCases.map(Route.index)
        routes += d.instruments.map { .instrument($0.id) } + d.commitments.map { .commitment($0.id) }
        routes += d.parties.map { .party($0.id) } + areas.map { .area($0) }
        routes += d.acts.map { .act($0.id) } + d.sources.map { .source($0.id) }
        let scopes: [Scope] =
            [.all] + d.parties.map { .party($0.id) } + d.instruments.map { .instrument($0.id) }
            + d.commitments.map { .commitment($0.id) } + areas.map { .area($0) }
        routes += scopes.map { .feed($0) }
        var charts: [(Chart, Scope)] = scopes.filter { if case .commitment = $0 { false } else { true } }.map { (.burnup, $0) }
        charts.append((.stages, .all))
        // The claims chart of every scope a claim speaks of, and of the whole record.
        charts += ([.all] + Set(d.claims.map(snapshot.scope(of:))).subtracting([.all]).sorted { $0.description < $1.description }).map {
            (.claims, $0)
        }
        routes += charts.flatMap { chart, scope in Chart.Width.allCases.map { .chart(chart, scope, $0) } }
        routes += Api.Endpoint.allCases.filter { $0 != .search }.map { .api($0) }
        routes += DataFiles.names.map { .dataFile($0) }
        return routes
    }

    /// The file (relative to the site's root) that serves this route, or one of its page's tables
    /// (`table`, `format`): `/instruments/x` → `instruments/x/index.html`, a table download →
    /// `instruments/x/commitments.csv`, a party's chart → `charts/burnup-party-RU.svg`. Names that
    /// are not id-like are made safe (`StaticSite.safe`).
    func file(table: String? = nil, format: String? = nil) -> String {
        let folder: String
        switch self {
        case .dashboard: folder = ""
        case .claims: folder = "claims/"
        case .search: folder = "search/"
        case .instrument(let id): folder = "instruments/\(StaticSite.safe(id))/"
        case .commitment(let id): folder = "commitments/\(StaticSite.safe(id))/"
        case .party(let id): folder = "parties/\(StaticSite.safe(id))/"
        case .area(let area): folder = "areas/\(StaticSite.safe(area))/"
        case .act(let id): folder = "acts/\(StaticSite.safe(id))/"
        case .source(let id): folder = "sources/\(StaticSite.safe(id))/"
        case .index(let index): folder = index.rawValue + "/"
        case .openData: folder = "data/"
        case .methodology: folder = "methodology/"
        case .feed(let scope): return (scope == .all ? "" : Route.page(scope).file().dropLast("index.html".count)) + "changes.atom"
        case .searchFeed: return "search/changes.atom"
        case .chart(let chart, let scope, let width):
            let suffix = width == .wide ? "" : "-" + width.rawValue
            guard let (key, value) = ScopeQuery.parameters(scope).first else { return "charts/\(chart.rawValue)\(suffix).svg" }
            return "charts/\(chart.rawValue)-\(key)-\(StaticSite.safe(value))\(suffix).svg"
        case .stylesheet: return "static/pactwatch.css"
        case .dataFile(let name): return "data/" + StaticSite.safe(name)
        case .api(let endpoint):
            return String(Route.apiPrefix.dropFirst()) + "/" + (endpoint == .openapi ? "openapi.json" : endpoint.rawValue + ".json")
        }
        if let table, let format { return folder + StaticSite.safe(table) + "." + StaticSite.safe(format) }
        return folder + "index.html"
    }
}

/// A scope named by query parameters (`?party=RU`, `?instrument=…`, `?commitment=…`, `?area=…`):
/// read in one place for pages, charts, feeds and the API.
enum ScopeQuery {
    static let names = ["instrument", "party", "commitment", "area"]

    /// Every scope the query names, in `names` order.
    static func all(_ query: [String: String]) -> [Scope] {
        names.compactMap { name in
            query[name].map { value in
                switch name {
                case "instrument": .instrument(value)
                case "party": .party(value)
                case "commitment": .commitment(value)
                default: .area(value)
                }
            }
        }
    }

    /// The one scope the query names, or the whole record; two or more is a 400.
    static func one(_ query: [String: String]) throws(BadParameter) -> Scope {
        let scopes = all(query)
        guard scopes.count <= 1 else {
            throw BadParameter(
                name: "scope", value: "\(scopes.count) scopes",
                expected: Wording(
                    "at most one of " + names.map(Wording.code).joined(separator: ", "),
                    ru: "не больше одного из: " + names.map(Wording.code).joined(separator: ", ")))
        }
        return scopes.first ?? .all
    }

    /// The parameters that name `scope` (none for the whole record).
    static func parameters(_ scope: Scope) -> [(String, String)] {
        switch scope {
        case .all: []
        case .instrument(let id): [("instrument", id)]
        case .party(let id): [("party", id)]
        case .commitment(let id): [("commitment", id)]
        case .area(let area): [("area", area)]
        }
    }
}
