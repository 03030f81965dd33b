import Foundation
import PactwatchCore
import PactwatchStore

/// Everything a page needs from one request: the snapshot, the as-of day, the language, and
/// how to build links that keep the reader's as-of and language.
struct PageContext {
    var snapshot: Snapshot { figures.snapshot }
    /// Figures of the whole, each party and each instrument as of any day, from the index.
    let figures: FigureIndex
    let version: Int
    let updated: String?
    /// The ledger hash of each event, aligned with the snapshot's events.
    var hashes = LedgerHashes()
    /// The full-text matches for `q`, found before rendering (search pages only).
    var searchHits: [SearchHit] = []
    let language: Language
    let t: Strings
    /// The day figures are taken as of.
    let asOf: Day
    /// Whether the reader chose `asOf` (links then carry it).
    let asOfChosen: Bool
    let today: Day
    let path: String
    let query: [String: String]
    /// Lists are written whole (the static site's API snapshots), not paged.
    var unlimited = false
    /// Where links point: the live server, or files of a static site.
    var mode: LinkMode = .server

    enum LinkMode: Equatable {
        case server
        /// Writing the static site: links become paths relative to this file (site-root-relative).
        case staticSite(file: String)
    }

    init(figures: FigureIndex, version: Int, updated: String?, path: String, query: [String: String],
         acceptLanguage: String?, today: Day) throws(BadParameter) {
        self.figures = figures; self.version = version; self.updated = updated
        self.path = path; self.query = query; self.today = today
        language = try Language.negotiate(query: query["lang"], acceptLanguage: acceptLanguage)
        t = Strings(language: language)
        if let text = query["as_of"], !text.isEmpty {
            guard let day = Day(iso: text) else {
                throw BadParameter(name: "as_of", value: text, expected: "a real date written YYYY-MM-DD, such as 2023-06-30")
            }
            asOf = day
            asOfChosen = true
        } else {
            asOf = today
            asOfChosen = false
        }
    }

    /// A link to `path` keeping the reader's as-of and explicit language.
    func link(_ path: String, _ extra: [(String, String)] = []) -> String {
        if case .staticSite(let file) = mode {
            return StaticSite.relative(from: file, to: StaticSite.file(for: path, extra))
        }
        var params = extra
        if asOfChosen { params.append(("as_of", asOf.description)) }
        if let lang = query["lang"] { params.append(("lang", lang)) }
        guard !params.isEmpty else { return path }
        return path + "?" + params.map { "\($0.0)=\(urlEncode($0.1))" }.joined(separator: "&")
    }

    /// The CSV or JSON download of one table of this page.
    func download(_ table: String, _ format: String) -> String {
        "<a href=\"\(esc(link(path, [("table", table), ("format", format)])))\">\(format.uppercased())</a>"
    }

    func partyLink(_ id: String) -> String { link("/parties/\(urlEncode(id))") }
    func instrumentLink(_ id: String) -> String { link("/instruments/\(urlEncode(id))") }
    func commitmentLink(_ id: String) -> String { link("/commitments/\(urlEncode(id))") }
    func actLink(_ id: String) -> String { link("/acts/\(urlEncode(id))") }
    func sourceLink(_ id: String) -> String { link("/sources/\(urlEncode(id))") }
    func areaLink(_ area: String) -> String { link("/areas/\(urlEncode(area))") }

    func partyName(_ id: String) -> String {
        snapshot.party(id).map { localized($0.name, $0.names, language) } ?? id
    }

    func instrumentTitle(_ id: String) -> String {
        snapshot.instrument(id).map { localized($0.title, $0.titles, language) } ?? id
    }

    func commitmentTitle(_ id: String) -> String {
        snapshot.commitment(id).map { localized($0.title, $0.titles, language) } ?? id
    }

    /// What a scope is called on pages, charts and feeds.
    func label(_ scope: Scope) -> String {
        switch scope {
        case .all: t["whole_dataset"]
        case .party(let id): partyName(id)
        case .instrument(let id): instrumentTitle(id)
        case .commitment(let id): commitmentTitle(id)
        case .area(let area): area
        }
    }

    /// The server path of a scope's page.
    func pagePath(_ scope: Scope) -> String {
        switch scope {
        case .all: "/"
        case .party(let id): "/parties/\(urlEncode(id))"
        case .instrument(let id): "/instruments/\(urlEncode(id))"
        case .commitment(let id): "/commitments/\(urlEncode(id))"
        case .area(let area): "/areas/\(urlEncode(area))"
        }
    }

    /// Source links: `[1] [2]`, each titled by its publisher.
    func sourceLinks(_ ids: [String]) -> String {
        ids.map { id in
            let title = snapshot.dataset.sources.first { $0.id == id }.map { $0.title ?? $0.publisher ?? $0.url } ?? id
            return "<a class=\"src\" href=\"\(esc(sourceLink(id)))\" title=\"\(esc(title))\">\(esc(id))</a>"
        }.joined(separator: " ")
    }
}
