import Foundation
import PactwatchCore
import PactwatchStore

/// Everything a page needs from one request: the snapshot, the route, the as-of day, the
/// language, and how to build links that keep the reader's as-of and language.
struct PageContext {
    var snapshot: Snapshot { figures.snapshot }
    /// Figures of the whole, each party and each instrument as of any day, from the index.
    let figures: FigureIndex
    let version: Int
    let updated: String?
    let language: Language
    let t: Strings
    /// The day figures are taken as of.
    let asOf: Day
    /// Whether the reader chose `asOf` (links then carry it).
    let asOfChosen: Bool
    /// A second day to compare the figures with (`?compare=`), kept by links like `as_of`.
    let compare: Day?
    let today: Day
    /// What is being drawn.
    let route: Route
    let query: [String: String]
    /// Lists are written whole (the static site's API snapshots), not paged.
    var unlimited = false
    /// Where links point: the live server, or files of a static site.
    var mode: LinkMode = .server
    /// The site's public address (`serve --base-url`, `site --base-url`), for the address a printed page shows.
    var baseURL = ""

    enum LinkMode: Equatable {
        case server
        /// Writing the static site: links become paths relative to this file (site-root-relative).
        case staticSite(file: String)
    }

    init(
        figures: FigureIndex, version: Int, updated: String?, route: Route, query: [String: String],
        acceptLanguage: String?, today: Day
    ) throws(BadParameter) {
        self.figures = figures; self.version = version; self.updated = updated
        self.route = route; self.query = query; self.today = today
        language = try Language.negotiate(query: query["lang"], acceptLanguage: acceptLanguage)
        t = Strings(language: language)
        if let text = query["as_of"], !text.isEmpty {
            guard let day = Day(iso: text) else {
                throw BadParameter(
                    name: "as_of", value: text,
                    expected: Wording(
                        "a real date written YYYY-MM-DD, such as 2023-06-30", ru: "существующая дата вида ГГГГ-ММ-ДД, например 2023-06-30"))
            }
            asOf = day
            asOfChosen = true
        } else {
            asOf = today
            asOfChosen = false
        }
        if let text = query["compare"], !text.isEmpty {
            guard let day = Day(iso: text) else {
                throw BadParameter(
                    name: "compare", value: text,
                    expected: Wording(
                        "a real date written YYYY-MM-DD to compare with, such as 2023-01-01",
                        ru: "существующая дата вида ГГГГ-ММ-ДД для сравнения, например 2023-01-01"))
            }
            compare = day
        } else {
            compare = nil
        }
    }

    /// A link to `route` keeping the reader's as-of and explicit language; in a static site, the
    /// relative path of the file that serves it (`extra` may name one of a page's tables).
    func link(_ route: Route, _ extra: [(String, String)] = []) -> String {
        if case .staticSite(let file) = mode {
            let params = Dictionary(extra, uniquingKeysWith: { a, _ in a })
            return StaticSite.relative(from: file, to: route.file(table: params["table"], format: params["format"]))
        }
        var params = extra
        if asOfChosen { params.append(("as_of", asOf.description)) }
        if let compare { params.append(("compare", compare.description)) }
        if let lang = query["lang"] { params.append(("lang", lang)) }
        return route.url(params)
    }

    /// The absolute address of `route` under `base` (feeds link this way): its path on the server,
    /// the file that serves it in a static site (a page's folder, where hosts serve `index.html`).
    func absolute(_ route: Route, base: String) -> String {
        guard case .staticSite = mode else { return base + route.path }
        let file = route.file()
        return base + "/" + (file.hasSuffix("index.html") ? String(file.dropLast("index.html".count)) : file)
    }

    /// The reader's chosen day and explicit language as query parameters (what a form of the page keeps).
    var dayAndLanguage: [(String, String)] {
        (asOfChosen ? [("as_of", asOf.description)] : []) + (query["lang"].map { [("lang", $0)] } ?? [])
    }

    /// The CSV or JSON download of one table of this page.
    /// `keep` holds the page's own query (a listing's filters and sort), so the file holds its rows.
    func download(_ table: String, _ format: String, _ keep: [(String, String)] = []) -> HTML {
        "<a href=\"\(link(route, keep + [("table", table), ("format", format)]))\">\(format.uppercased())</a>"
    }

    /// A link to a record's page, reading its name.
    func anchor(_ route: Route, _ text: String) -> HTML { "<a href=\"\(link(route))\">\(text)</a>" }

    func partyName(_ id: String) -> String {
        snapshot.party(id).map { localized($0.name, $0.names, language) } ?? id
    }

    func instrumentTitle(_ id: String) -> String {
        snapshot.instrument(id).map { localized($0.title, $0.titles, language) } ?? id
    }

    func commitmentTitle(_ id: String) -> String {
        snapshot.commitment(id).map { localized($0.title, $0.titles, language) } ?? id
    }

    func actTitle(_ id: String) -> String {
        snapshot.act(id).map { localized($0.title, $0.titles, language) } ?? id
    }

    /// What a scope is called on pages, charts and feeds.
    func label(_ scope: Scope) -> String {
        switch scope {
        case .all: t["whole_dataset"]
        case .party(let id): partyName(id)
        case .instrument(let id): instrumentTitle(id)
        case .commitment(let id): commitmentTitle(id)
        case .area(let area): areaName(area)
        }
    }

    /// A policy area's title in the page's language, from the dataset's `areas` (else in English);
    /// an area the dataset does not name reads as its name, dashes as spaces ("cross cutting").
    func areaName(_ area: String) -> String {
        guard let named = snapshot.dataset.about.areas?.first(where: { $0.name == area }) else {
            return area.replacingOccurrences(of: "-", with: " ")
        }
        return localized(named.title, named.titles, language)
    }

    /// "Recorded by A, approved by B, on …": who put a row in the record; nil for a row from
    /// before attribution (or the bundled record), which names nobody.
    func attributionLine(_ a: Attribution, on time: String?) -> String? {
        guard let by = a.recordedBy else { return nil }
        var line = t["recorded_by_line"].replacingOccurrences(of: "{name}", with: by)
        if let approver = a.approvedBy { line += t["approved_by_line"].replacingOccurrences(of: "{name}", with: approver) }
        if let time { line += " · " + time }
        return line
    }

    /// A scope's short label (its `short_title` in the page's language, else in English, else
    /// its title), where room is short: tiles, chart labels, the finding.
    func shortLabel(_ scope: Scope) -> String {
        switch scope {
        case .instrument(let id):
            guard let i = snapshot.instrument(id), let short = i.shortTitle else { return label(scope) }
            return localized(short, i.shortTitles, language)
        case .commitment(let id):
            guard let c = snapshot.commitment(id), let short = c.shortTitle else { return label(scope) }
            return localized(short, c.shortTitles, language)
        default: return label(scope)
        }
    }

    /// A figure's definition: the link to it on the methodology page and its one-line
    /// explanation; nil for anything that is not a figure. Table columns name figures by their
    /// status keys (`implemented`, `at_risk`; `children_completed` is "parts complete").
    func definition(_ key: String) -> (link: String, line: String)? {
        let figure = key == "children_completed" ? "parts_complete" : key
        guard let line = Definitions.line(figure, language) else { return nil }
        return (link(.methodology) + "#" + figure, line)
    }

    /// The record's title and subtitle in the page's language, when its dataset has them.
    var title: String? { snapshot.dataset.about.title.map { localized($0, snapshot.dataset.about.titles, language) } }
    var subtitle: String? { snapshot.dataset.about.description.map { localized($0, snapshot.dataset.about.descriptions, language) } }

    /// Source links: one per source, each titled by its title or publisher.
    func sourceLinks(_ ids: [String]) -> HTML {
        HTML.joined(
            ids.map { id in
                let c = citation(id)
                return "<a class=\"src\" href=\"\(link(.source(id)))\" title=\"\(c.title)\" data-url=\"\(c.url)\">\(c.text)</a>"
            }, separator: " ")
    }

    /// How a source is cited in a page's text: "Publisher, date" (its title, else its address, on
    /// hover); a source without a publisher by its title, else its id.
    func citation(_ id: String) -> (text: String, title: String, url: String) {
        guard let s = snapshot.source(id) else { return (id, id, "") }
        let who = s.publisher ?? s.title.map { $0.count > 40 ? String($0.prefix(39)) + "…" : $0 } ?? id
        return (s.published.map { "\(who), \($0)" } ?? who, s.title ?? s.url, s.url)
    }

    /// The address of this page as a printed copy names it.
    var printedAddress: String {
        guard case .staticSite = mode else { return baseURL + link(route) }
        return absolute(route, base: baseURL)
    }

    /// A stage in words; "no recorded step" when no counting stage event stands behind it.
    func stageName(_ state: ObligationState) -> String {
        state.isEvidenced ? t.stage(state.stage.rawValue) : t["no_recorded_step"]
    }

    /// A stage for downloads and CSS classes: its name, or `no_recorded_step`.
    func stageKey(_ state: ObligationState) -> String { state.isEvidenced ? state.stage.rawValue : "no_recorded_step" }

    /// `41.7 %`, or the language's "no data".
    func percent(_ share: Double?) -> String { share.map { percentValue($0 * 100, digits: 1) } ?? t["no_data"] }

    /// A number as the page's language writes it: `6.5` in English, `6,5` in Russian.
    func number(_ x: Double, digits: Int = 2) -> String {
        let text = FigureFormat.number(x, digits: digits)
        return language == .ru ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A value already in percent: `6.5 %`, `6,5 %` (a non-breaking space before the sign in Russian).
    func percentValue(_ x: Double, digits: Int = 2) -> String { number(x, digits: digits) + (language == .ru ? "\u{00A0}%" : " %") }

    /// A share with its counts: `36.4 % (1 of 4)`.
    func share(_ value: Double?, _ part: Int?, _ whole: Int?) -> String {
        guard let value, let part, let whole else { return t["no_data"] }
        return "\(percent(value)) (\(part) \(t["of"]) \(whole))"
    }

    /// A threshold in the page's language: `≥ 730 d`, `> 270 дн.`.
    func phrase(_ threshold: FigureFormat.Threshold) -> String { threshold.phrase(days: t["days_short"]) }
}

/// A title in the page's language, else the English one.
func localized(_ title: String, _ translations: Translations, _ language: Language) -> String {
    language == .en ? title : translations[language.rawValue] ?? title
}
