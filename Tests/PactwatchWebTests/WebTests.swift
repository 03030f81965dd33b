import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import PactwatchStore
import ServiceLifecycle
import Testing

@testable import PactwatchWeb

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A site over a fresh SQLite file holding the given folders, with "today" fixed.
func makeSite(_ folders: [URL], today: String = "2026-11-29") async throws -> (Site, SQLiteStore) {
    let store = try SQLiteStore(path: Fixtures.database())
    for folder in folders { _ = try await Importer.run(DatasetFolder.read(folder), into: store) }
    let day = Day(iso: today)!
    let site = Site(
        store: store, cache: SnapshotCache(store: store), baseURL: "http://example.test", logger: Logger(label: "test"),
        today: { day })
    return (site, store)
}

func bundled() -> URL { Bundled.folder("union-state")! }

/// A GET over real HTTP that waits for its answer without holding a thread, for up to two minutes.
func loopbackGet(_ url: String) async throws -> (status: Int, text: String) {
    let request = URLRequest(url: URL(string: url)!, timeoutInterval: 120)
    return try await withCheckedThrowingContinuation { continuation in
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error { return continuation.resume(throwing: error) }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            continuation.resume(returning: (status, String(decoding: data ?? Data(), as: UTF8.self)))
        }.resume()
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// What an error page says went wrong, as a reader sees it (marked-up values as plain text).
    var errorMessage: String {
        guard let p = text.firstMatch(of: #/<p class="error">(.*?)</p>/#)?.output.1 else { return "" }
        return p.replacing(#/<[^>]*>/#, with: "").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}

@Suite("The public site")
struct WebTests {
    @Test("the finding opens the dashboard, instrument and party pages, in both languages, with the figures status computes")
    func finding() async throws {
        let (site, _) = try await makeSite([bundled()])
        let snapshot = Snapshot(try DatasetFolder.check(bundled()).dataset)
        let day = Day(iso: "2026-12-01")!
        let app = Application(router: buildRouter(site))
        try await app.test(.router) { client in
            for (path, scope) in [
                ("/", Scope.all), ("/instruments/main-directions-2021-2023", .instrument("main-directions-2021-2023")), ("/parties/RU", .party("RU")),
            ] {
                let page = try await client.execute(uri: path + "?as_of=2026-12-01", method: .get).text
                let finding = try #require(
                    page.components(separatedBy: "<p class=\"finding\">").dropFirst().first?.components(separatedBy: "</p>").first)
                // It comes before the cards.
                #expect(page.range(of: "class=\"finding\"")!.lowerBound < page.range(of: "class=\"cards\"")!.lowerBound)
                let f = snapshot.figures(for: scope, asOf: day)
                #expect(finding.contains("\(f.implementedCount!) of \(f.obligations) obligations implemented"), "\(path): \(finding)")
                #expect(finding.contains("(\(f.byStage[.inForce]!) in force, \(f.byStage[.applied]!) applied), \(f.overdue!) overdue"), "\(finding)")
                #expect(finding.contains("\(f.evidenced!) of \(f.obligations) with any recorded step"))
                // The latest claim about the scope, and the record on its day.
                if let claim = snapshot.claims(about: scope, through: day).last {
                    let then = snapshot.figures(for: snapshot.scope(of: claim), asOf: claim.date.lastDay)
                    #expect(finding.contains("Latest claim, \(claim.date)") && finding.contains(claim.speaker))
                    #expect(finding.contains("showed \(then.implementedCount!) of its \(then.obligations) obligations implemented"))
                }
                let ru = try await client.execute(uri: path + "?as_of=2026-12-01&lang=ru", method: .get).text
                #expect(ru.contains("выполнено \(f.implementedCount!) из \(f.obligations) (в силе \(f.byStage[.inForce]!)"))
            }
        }
    }

    @Test("the methodology page defines every figure a card or column links to, with a worked example from the record")
    func methodology() async throws {
        let (site, _) = try await makeSite([bundled()])
        let snapshot = Snapshot(try DatasetFolder.check(bundled()).dataset)
        let app = Application(router: buildRouter(site))
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/methodology?as_of=2026-12-01", method: .get).text
            for entry in Definitions.all(.en) { #expect(page.contains("<dt id=\"\(entry.key)\">"), "\(entry.key)") }
            #expect(page.contains("id=\"no_recorded_step\""))
            // Every definition link on the dashboard lands on an anchor of the page.
            let dashboard = try await client.execute(uri: "/", method: .get).text
            let anchors = dashboard.components(separatedBy: "/methodology#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(anchors.count >= 14)
            for anchor in Set(anchors) { #expect(page.contains("id=\"\(anchor)\""), "\(anchor)") }
            // The worked example is the latest claim with a percentage, computed as the claims table computes it.
            let claim = try #require(snapshot.claims(about: .all, through: Day(iso: "2026-12-01")!).last { $0.value != nil && $0.scope != nil })
            let e = snapshot.evidence(for: claim)
            #expect(
                page.contains(
                    "\(e.figures.implementedCount!) / \(e.figures.obligations) = \(FigureFormat.number(e.implementedPercent!, digits: 1)) %"))
            #expect(page.contains("= \(FigureFormat.number(e.gapPoints!, digits: 1)) points"))
            let ru = try await client.execute(uri: "/methodology?lang=ru", method: .get).text
            #expect(ru.contains("Стадии и их веса") && ru.contains("п. п."))
        }
    }

    @Test("honest edges: a day after the last update says so; an instrument adopted later is marked; an empty scope's chart is a no-data panel")
    func honestEdges() async throws {
        let (site, _) = try await makeSite([bundled()])
        let app = Application(router: buildRouter(site))
        try await app.test(.router) { client in
            let later = try await client.execute(uri: "/?as_of=2030-01-01", method: .get).text
            #expect(later.contains("class=\"banner\"") && later.contains("the figures for 2030-01-01 assume nothing happened after that"))
            let today = try await client.execute(uri: "/", method: .get).text
            #expect(!today.contains("class=\"banner\""))
            // On 2023-06-30 the 2024–2026 decree does not exist yet.
            let before = try await client.execute(uri: "/?as_of=2023-06-30", method: .get).text
            #expect(before.contains("adopted later: 2024-01-29"))
            #expect(!today.contains("adopted later"))
            // An unidentified programme slot has no obligations: its chart says "no data" and draws no axes.
            for chart in ["burnup", "claims"] {
                let svg = try await client.execute(uri: "/charts/\(chart).svg?instrument=programme-unidentified-27", method: .get).text
                #expect(svg.contains(">no data<") && !svg.contains("<line"), "\(chart)")
            }
            // Every chart carries its source line, and a legend of only what is drawn.
            let burnup = try await client.execute(uri: "/charts/burnup.svg", method: .get).text
            #expect(burnup.contains("computed from the sourced record · CC BY 4.0 · As of") && !burnup.contains("Forecast, 80 % interval"))
            // Counts hold between changes: the lines are steps (H, V), never slopes (L).
            let implementedLine = try #require(
                burnup.components(separatedBy: "stroke=\"#2f8f4e\" fill=\"none\" stroke-width=\"2.5\"").first?.components(separatedBy: "<path d=\"")
                    .last)
            #expect(implementedLine.contains(" H") && implementedLine.contains(" V") && !implementedLine.contains("L"))
            // A chart's alt text carries its summary.
            let f = Snapshot(try DatasetFolder.check(bundled()).dataset).figures(for: .all, asOf: Day(iso: "2026-12-01")!)
            let page = try await client.execute(uri: "/?as_of=2026-12-01", method: .get).text
            #expect(
                page.contains(
                    "alt=\"Implemented obligations over time — whole dataset: \(f.implementedCount!) of \(f.obligations) implemented, as of 2026-12-01\""
                ))
        }
    }

    @Test("the dashboard leads with the claims chart; a share's colour follows its value, never a fixed class")
    func claimsChartAndTone() async throws {
        let (site, _) = try await makeSite([bundled()])
        let app = Application(router: buildRouter(site))
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get).text
            // The claims chart comes before the party table, with its data beside it.
            let chart = try #require(page.range(of: "/charts/claims.svg"))
            #expect(chart.lowerBound < page.range(of: "id=\"parties\"")!.lowerBound)
            #expect(page.contains("table=claims-chart&amp;format=csv"))
            // The bundled record's implemented share is low: its card is red, not green.
            let implemented = try #require(page.range(of: ">Implemented</a></div>"))
            let card = page[..<implemented.lowerBound].suffix(160)
            #expect(card.contains("card bad") && !card.contains("card good"))
            // Its label links to its definition, with the one-line explanation.
            #expect(card.contains("href=\"/methodology#implemented\" title=\"obligations in force or applied (weighted)\""))
            #expect(
                Blocks.tone(share: 0.7) == "good" && Blocks.tone(share: 0.5) == "" && Blocks.tone(share: 0.2) == "bad"
                    && Blocks.tone(share: nil) == "")
            // One marker per claim about the chart's scope (circles for percentages, diamonds for programme counts).
            let svg = try await client.execute(uri: "/charts/claims.svg", method: .get)
            #expect(svg.status == .ok)
            let claims = try DatasetFolder.check(bundled()).dataset.claims.filter { $0.scope == "main-directions-2021-2023" }
            let markers = claims.filter { $0.value != nil }.count + claims.filter { $0.unit == .programmes && $0.total != nil }.count
            #expect(
                svg.text.components(separatedBy: "<circle ").count - 1 + svg.text.components(separatedBy: "Z\" fill=\"#6b4fa0\"").count - 1 == markers
            )
            // Titled with the scope's short title.
            #expect(svg.text.contains("— Main Directions 2021–2023 (28 programmes)</title>") && svg.text.contains("Deadline 2023-12-31"))
            let data = try await client.execute(uri: "/claims?table=claims-chart&format=csv", method: .get)
            #expect(data.text.hasPrefix("as_of,date,implemented_percent,progress_percent,coverage_percent,programmes_completed_percent"))
        }
    }

    @Test("the data package names its licence, version, date, contributors and a citation; /data/ shows them; charts carry the licence")
    func licenceAndCitation() async throws {
        let (site, store) = try await makeSite([bundled()])
        let version = try await store.version()
        try await Application(router: buildRouter(site)).test(.router) { client in
            let descriptor = try await client.execute(uri: "/data/datapackage.json", method: .get).text
            let json = try #require(try JSONSerialization.jsonObject(with: Data(descriptor.utf8)) as? [String: Any])
            let licenses = try #require(json["licenses"] as? [[String: String]])
            #expect(licenses.first?["name"] == "CC-BY-4.0" && licenses.first?["path"] == "https://creativecommons.org/licenses/by/4.0/")
            #expect(json["version"] as? String == "\(version)" && (json["created"] as? String)?.hasSuffix("Z") == true)
            #expect((json["contributors"] as? [[String: String]])?.first?["title"] == "Pactwatch")
            let citation = try #require(json["suggested_citation"] as? String)
            #expect(
                citation.hasPrefix("Pactwatch. The Union State of Russia and Belarus") && citation.contains("practice? Pactwatch dataset")
                    && citation.contains("Pactwatch dataset, version \(version)") && citation.hasSuffix("CC BY 4.0. http://example.test/data"))
            let page = try await client.execute(uri: "/data", method: .get).text
            #expect(page.contains("<a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">Creative Commons Attribution 4.0</a>"))
            #expect(page.contains(("<blockquote class=\"citation\">\(citation)</blockquote>" as HTML).markup))
            #expect(try await client.execute(uri: "/charts/burnup.svg", method: .get).text.contains("· CC BY 4.0 · As of"))
        }
    }

    @Test("an event with several sources links each, read \"Publisher, date\" with its title on hover; the download keeps the ids and the citations")
    func citations() async throws {
        let (site, _) = try await makeSite([bundled()])
        let dataset = try await site.cache.current().figures.snapshot.dataset
        let event = try #require(dataset.events.first { $0.sources.count >= 2 && $0.retracts == nil })
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/commitments/\(event.commitment)", method: .get).text
            for id in event.sources {
                let source = try #require(dataset.sources.first { $0.id == id })
                let text = (source.publisher ?? id) + (source.published.map { ", \($0)" } ?? "")
                let expected: HTML =
                    "<a class=\"src\" href=\"/sources/\(id)\" title=\"\(source.title ?? source.url)\" data-url=\"\(source.url)\">\(text)</a>"
                #expect(page.contains(expected.markup), "\(id)")
            }
            // On paper each citation is followed by its source's address; the page names its day and address.
            let first = try #require(dataset.sources.first { $0.id == event.sources[0] })
            #expect(page.contains(("data-url=\"\(first.url)\"" as HTML).markup))
            #expect(page.contains("<p class=\"print-only\">As of 2026-11-29 · http://example.test/commitments/\(event.commitment)</p>"))
            let party = event.party ?? "joint"
            let csv = try await client.execute(uri: "/commitments/\(event.commitment)?table=timeline-\(party)&format=csv", method: .get).text
            #expect(csv.contains(event.sources.joined(separator: ";")) && csv.components(separatedBy: "\r\n")[0].contains(",sources,sources_label,"))
        }
    }

    @Test("downloads a spreadsheet opens: a file name with page, table, day and language; as_of; a label beside each id; ?excel=1")
    func downloads() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let csv = try await client.execute(uri: "/instruments/programme-19?table=commitments&format=csv&lang=ru&as_of=2025-01-01", method: .get)
            #expect(
                csv.headers[.contentDisposition] == "attachment; filename=\"pactwatch-instruments-programme-19-commitments-2025-01-01-ru.csv\"")
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("as_of,commitment,commitment_label,"), "\(lines[0])")
            #expect(lines.dropFirst().filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("2025-01-01,programme-19-") })
            // The party table names parties by id and by name, in the page's language.
            let parties = try await client.execute(uri: "/?table=parties&format=csv&lang=ru", method: .get).text
            #expect(parties.contains(",RU,Россия,"))
            let json = try await client.execute(uri: "/?table=parties&format=json", method: .get)
            #expect(json.headers[.contentDisposition]?.hasSuffix("-parties-2026-11-29-en.json\"") == true)
            #expect(json.text.contains("\"as_of\" : \"2026-11-29\"") && json.text.contains("\"party_label\" : \"Russia\""))
            // For Excel: a byte-order mark (Cyrillic reads right), `;` between fields.
            let excel = try await client.execute(uri: "/?table=parties&format=csv&lang=ru&excel=1", method: .get)
            #expect(Array(excel.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(excel.text.contains("as_of;party;party_label;") && excel.text.contains(";RU;Россия;"))
            #expect(try await client.execute(uri: "/?table=parties&format=csv&excel=yes", method: .get).status == .badRequest)
            // A page is not a download.
            #expect(try await client.execute(uri: "/", method: .get).headers[.contentDisposition] == nil)
        }
    }

    @Test("every chart has a narrow rendition for phones: 340 units wide, no text under 11, offered by the page's picture")
    func narrowCharts() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            for chart in Route.Chart.allCases {
                for scope in ["", "?instrument=main-directions-2021-2023"] {
                    let wide = try await client.execute(uri: "/charts/\(chart).svg\(scope)", method: .get).text
                    let url = "/charts/\(chart).svg" + (scope.isEmpty ? "?" : scope + "&") + "width=narrow"
                    let narrow = try await client.execute(uri: url, method: .get).text
                    #expect(wide.contains("viewBox=\"0 0 720 ") && narrow.contains("viewBox=\"0 0 340 "), "\(url)")
                    // Every text of the narrow rendition is 11 units or more; the wide one has its 10-unit source line.
                    let sizes = narrow.components(separatedBy: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
                    #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 11 }, "\(url): \(sizes)")
                    #expect(wide.contains("font-size=\"10\""))
                    // The same chart: its title and the as-of day of its source line.
                    let title = { (svg: String) in svg.components(separatedBy: "<title id=\"title\">")[1].prefix { $0 != "<" } }
                    #expect(title(wide) == title(narrow) && narrow.contains(">CC BY 4.0 · As of 2026-11-29</text>"), "\(url)")
                }
            }
            // The page offers both: the narrow one for a screen under 40 rem, the wide one otherwise.
            let page = try await client.execute(uri: "/", method: .get).text
            #expect(
                page.contains(
                    "<picture><source media=\"(max-width: 40rem)\" srcset=\"/charts/claims.svg?width=narrow\"><img src=\"/charts/claims.svg\""))
            #expect(Route.chart(.burnup, .party("RU"), .narrow).file() == "charts/burnup-party-RU-narrow.svg")
            #expect(Route.chart(.stages, .all, .narrow).url() == "/charts/stages.svg?width=narrow")
        }
    }

    @Test(
        "every page answers 200 with a finished HTML page",
        arguments: [
            ("/", "Dashboard"),
            ("/claims", "Claims beside the evidence"),
            ("/search?q=gas", "Results"),
            ("/search", "Words to find"),
            ("/instruments/main-directions-2021-2023", "Main Directions"),
            ("/commitments/programme-09-indirect-tax-treaty", "Timeline"),
            ("/parties/BY", "Belarus"),
            ("/areas/energy", "Area: Energy"),
            ("/acts/ssc-decree-consumer-protection-2024", "Decree No. 6"),
            ("/sources/tass-1", "Cited by"),
        ])
    func pages(path: String, expected: String) async throws {
        let (site, _) = try await makeSite([bundled()])
        let app = Application(router: buildRouter(site))
        try await app.test(.router) { client in
            let r = try await client.execute(uri: path, method: .get)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(r.text.hasPrefix("<!doctype html><html lang=\"en\">"))
            #expect(r.text.contains(expected), "\(path) lacks \(expected)")
            #expect(r.text.hasSuffix("</html>"))
        }
    }

    @Test(
        "feeds, charts and the stylesheet answer with their own types",
        arguments: [
            ("/changes.atom", "application/atom+xml; charset=utf-8", "<feed xmlns=\"http://www.w3.org/2005/Atom\""),
            ("/parties/RU/changes.atom", "application/atom+xml; charset=utf-8", "<entry>"),
            ("/instruments/programme-21/changes.atom", "application/atom+xml; charset=utf-8", "consumer"),
            ("/commitments/security-guarantees-treaty/changes.atom", "application/atom+xml; charset=utf-8", "<entry>"),
            ("/charts/burnup.svg", "image/svg+xml; charset=utf-8", "<title id=\"title\">Implemented obligations over time"),
            ("/charts/burnup.svg?instrument=programme-19&as_of=2025-01-01", "image/svg+xml; charset=utf-8", "<desc id=\"desc\">"),
            ("/charts/stages.svg", "image/svg+xml; charset=utf-8", "<title id=\"title\">Stages by instrument"),
            ("/static/pactwatch.css", "text/css; charset=utf-8", ".st-in_force"),
        ])
    func otherResources(path: String, type: String, expected: String) async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let r = try await client.execute(uri: path, method: .get)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == type)
            #expect(r.text.contains(expected))
        }
    }

    @Test(
        "unknown ids and paths are 404 pages",
        arguments: [
            "/instruments/nope", "/commitments/nope", "/parties/XX", "/areas/nowhere", "/acts/nope", "/sources/nope",
            "/nope", "/parties/XX/changes.atom", "/charts/burnup.svg?party=XX",
        ])
    func notFound(path: String) async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let r = try await client.execute(uri: path, method: .get)
            #expect(r.status == .notFound)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(r.text.contains("<h1>Not found</h1>"))
            #expect(r.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test(
        "a bad parameter is a 400 page saying what was wrong",
        arguments: [
            ("/?as_of=2022-13-45", "as_of=\"2022-13-45\""),
            ("/?as_of=yesterday", "as_of=\"yesterday\""),
            ("/commitments/programme-13-gas-addendum?lang=xx", "lang=\"xx\""),
            ("/?format=xml", "format=\"xml\""),
            ("/?table=nope&format=csv", "table=\"nope\""),
            ("/charts/burnup.svg?party=RU&instrument=treaty-1999", "at most one of"),
            ("/charts/claims.svg?width=tiny", "wide or narrow"),
            ("/search?q=%ZZ", "percent-encoding"),
        ])
    func badRequest(path: String, expected: String) async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let r = try await client.execute(uri: path, method: .get)
            #expect(r.status == .badRequest)
            #expect(r.text.contains("<h1>Bad request</h1>"))
            #expect(r.errorMessage.contains(expected), "\(r.text)")
        }
    }

    @Test("pages carry a CSP without inline script, nosniff and no framing; charts may be framed")
    func securityHeaders() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get)
            let csp = try #require(page.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"))
            #expect(!csp.contains("script-src") && !csp.contains("unsafe-inline"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(!page.text.contains("<script"))
            let chart = try await client.execute(uri: "/charts/burnup.svg", method: .get)
            #expect(chart.headers[.contentSecurityPolicy]?.contains("frame-ancestors *") == true)
            #expect(chart.headers[HTTPField.Name("X-Frame-Options")!] == nil)
            let head = try await client.execute(uri: "/claims", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
        }
    }

    @Test("ETag and Last-Modified come from the data version; a match is a 304")
    func conditionalGet() async throws {
        let (site, store) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let first = try await client.execute(uri: "/?as_of=2024-01-01", method: .get)
            let etag = try #require(first.headers[.eTag])
            #expect(first.headers[.lastModified]?.hasSuffix(" GMT") == true)
            let again = try await client.execute(uri: "/?as_of=2024-01-01", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let chart = try await client.execute(uri: "/charts/burnup.svg", method: .get)
            #expect(
                try await client.execute(uri: "/charts/burnup.svg", method: .get, headers: [.ifNoneMatch: chart.headers[.eTag]!]).status
                    == .notModified)
            // Another date, another representation.
            let other = try await client.execute(uri: "/?as_of=2024-01-02", method: .get)
            #expect(other.headers[.eTag] != etag)
            // A new import changes the version: the old ETag no longer matches.
            _ = try await Importer.run(DatasetFolder.read(try Fixtures.copy()), into: store)
            let changed = try await client.execute(uri: "/?as_of=2024-01-01", method: .get, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != etag)
        }
    }

    @Test("the dashboard's numbers equal status --json for the same database and date")
    func dashboardMatchesStatus() async throws {
        let (site, store) = try await makeSite([bundled(), try Fixtures.copy()])
        let day = Day(iso: "2023-06-30")!
        let report = try await store.snapshot().report(asOf: day)
        try await Application(router: buildRouter(site)).test(.router) { client in
            let json = try await client.execute(uri: "/?as_of=2023-06-30&table=parties&format=json", method: .get)
            // JSONDecoder reads doubles exactly (Foundation's JSONSerialization parser does not on Linux).
            struct Row: Decodable {
                let party: String, obligations: Int, progress: Double?, deficit: Double?, stalled: Int?, due: Int?
            }
            struct Table: Decodable { let rows: [Row] }
            let rows = try JSONDecoder().decode(Table.self, from: Data(buffer: json.body)).rows
            #expect(rows.count == report.parties.count)
            for (row, (id, figures)) in zip(rows, report.parties) {
                #expect(row.party == id)
                #expect(row.obligations == figures.obligations)
                #expect(row.progress == figures.progress)
                #expect(row.deficit == figures.deficit)
                #expect(row.stalled == figures.stalled)
                #expect(row.due == figures.due)
            }
            let page = try await client.execute(uri: "/?as_of=2023-06-30", method: .get).text
            let f = report.overall
            #expect(page.contains("<div class=\"value\">\(f.obligations)</div>"))
            #expect(page.contains("\(f.implementedCount!) of \(f.obligations)"))
            #expect(page.contains("Overdue: \(f.overdue!) of \(f.due!) due"))
            let csv = try await client.execute(uri: "/?as_of=2023-06-30&table=parties&format=csv", method: .get).text
            #expect(csv.split(separator: "\r\n").count == report.parties.count + 1)
        }
    }

    @Test("English and Russian, by ?lang= and by Accept-Language")
    func languages() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let ru = try await client.execute(uri: "/?lang=ru", method: .get).text
            #expect(ru.contains("<html lang=\"ru\">") && ru.contains("Обзор") && ru.contains("Прогресс"))
            let negotiated = try await client.execute(
                uri: "/instruments/treaty-1999", method: .get, headers: [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.5"]
            ).text
            #expect(negotiated.contains("Договор о создании Союзного государства"))
            let english = try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "de, en;q=0.3"]).text
            #expect(english.contains("<html lang=\"en\">"))
            // Links keep the chosen language and date.
            #expect(ru.contains("href=\"/claims?lang=ru\""))
            let dated = try await client.execute(uri: "/?as_of=2023-04-05&lang=ru", method: .get).text
            #expect(dated.contains("href=\"/claims?as_of=2023-04-05&amp;lang=ru\""))
        }
    }

    @Test("hostile strings from the data are escaped everywhere")
    func escaping() async throws {
        let folder = try Fixtures.copy()
        try Fixtures.edit(folder, "commitments.csv", "gas,programme,Gas market", "gas,programme,\"<script>alert(1)</script> & \"\"quotes\"\"\"")
        try Fixtures.edit(folder, "claims.csv", "Speaker,Chair", "<img src=x onerror=alert(1)>,Chair")
        try Fixtures.edit(folder, "commitments.csv", "energy", "<b>energy</b>")
        let (site, store) = try await makeSite([folder])
        // Every page, feed and chart of the record, and the search page showing the hostile titles.
        let routes = Route.published(in: Snapshot(try await store.read().dataset)).filter {
            if case .dataFile = $0 { false } else if case .api = $0 { false } else { true }
        }
        try await Application(router: buildRouter(site)).test(.router) { client in
            for path in routes.map({ $0.url() }) + ["/search?q=script", "/search?q=energy"] {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.status == .ok, "\(path)")
                #expect(!r.text.contains("<script>") && !r.text.contains("<img src=x") && !r.text.contains("<b>"), "\(path) leaks markup")
            }
            let page = try await client.execute(uri: "/commitments/gas", method: .get).text
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        }
    }

    @Test("search covers titles in every language, notes, acts, sources and claims")
    func search() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            for (query, expected) in [
                ("Договор", "/instruments/treaty-1999"), ("industrial", "programme-19"),
                ("Mishustin", "/claims"), ("tass", "/sources/"), ("Decree No", "/acts/ssc-decree-consumer-protection-2024"),
            ] {
                let r = try await client.execute(uri: "/search?q=\(Route.encode(query))", method: .get)
                #expect(r.status == .ok)
                #expect(r.text.contains(expected), "\(query) should find \(expected)")
            }
            for hostile in ["\"", "AND OR NOT", "*", "a\"b", "NEAR(", "'; DROP TABLE events; --"] {
                let r = try await client.execute(uri: "/search?q=\(Route.encode(hostile))", method: .get)
                #expect(r.status == .ok, "\(hostile)")
            }
        }
    }

    @Test("a commitment's timeline shows a retracted event struck through beside its correction")
    func retractedInTimeline() async throws {
        let (site, _) = try await makeSite([try Fixtures.copy()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/commitments/gas?as_of=2024-01-01", method: .get).text
            #expect(page.contains("<td data-label=\"Date\"><del>2023-01-01</del></td>"))
            #expect(page.contains("corrects e5"))
            #expect(page.contains("\">e6</td>"))
        }
    }

    /// Not HummingbirdTesting's live client: its read times out after 20 s, and while the rest of the
    /// suite holds both cores' shared threads (children waited for, servers polled) a first answer can
    /// take longer than that without anything being wrong with the site.
    @Test("the site answers over real HTTP on loopback")
    func live() async throws {
        let (site, _) = try await makeSite([bundled()])
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: buildRouter(site), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0) })
        let services = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            let number = try #require(await ports.first { _ in true })
            let (status, text) = try await loopbackGet("http://127.0.0.1:\(number)/parties/RU")
            #expect(status == 200)
            #expect(text.contains("Russia"))
            await services.triggerGracefulShutdown()
        }
    }
}

@Suite("The JSON API")
struct ApiTests {
    struct Page<Item: Decodable>: Decodable {
        let items: [Item]
        let total: Int, limit: Int, offset: Int
        let next_since: Int?
    }
    struct EventItem: Decodable { let id: String; let position: Int; let hash: String?; let retracted: Bool; let sources: [String] }
    struct Obligation: Decodable {
        let party: String?, stage: String, evidenced: Bool
        let overdue: Bool, stalled: Bool, at_risk: Bool
    }
    struct CommitmentItem: Decodable { let id: String; let owing_parties: [String]; let obligations: [Obligation] }

    func get<T: Decodable>(_ client: some TestClientProtocol, _ uri: String, as: T.Type) async throws -> T {
        // As a script on another site reads it: the browser sends its Origin.
        let r = try await client.execute(uri: uri, method: .get, headers: [.origin: "https://example.org"], body: nil)
        #expect(r.status == .ok, "\(uri): \(String(buffer: r.body))")
        #expect(r.headers[.accessControlAllowOrigin] == "*")
        #expect(r.headers[.accessControlExposeHeaders] == "ETag, Last-Modified")
        return try JSONDecoder().decode(T.self, from: Data(buffer: r.body))
    }

    @Test("events page by ledger position for incremental sync")
    func eventsSince() async throws {
        let (site, store) = try await makeSite([try Fixtures.copy()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let first = try await get(client, "/api/v1/events?limit=4", as: Page<EventItem>.self)
            #expect(first.items.map(\.position) == [1, 2, 3, 4] && first.total == 6 && first.next_since == 4)
            #expect(first.items[0].hash == (try await store.read().eventHashes[0]))
            let rest = try await get(client, "/api/v1/events?since=\(first.next_since!)", as: Page<EventItem>.self)
            #expect(rest.items.map(\.id) == ["e5", "e6"])
            #expect(rest.items[0].retracted)
            let none = try await get(client, "/api/v1/events?since=6", as: Page<EventItem>.self)
            #expect(none.items.isEmpty && none.next_since == 6)
            let dated = try await get(client, "/api/v1/events?from=2022-08-01&to=2022-09-30&party=BY", as: Page<EventItem>.self)
            #expect(dated.items.map(\.id) == ["e2"])
        }
    }

    @Test("commitments filter by instrument, party, stage, overdue and stalled, as of a day")
    func commitments() async throws {
        let (site, _) = try await makeSite([try Fixtures.copy()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let all = try await get(client, "/api/v1/commitments?as_of=2023-06-30", as: Page<CommitmentItem>.self)
            #expect(all.items.map(\.id) == ["gas", "oil", "union"])
            #expect(all.items[0].owing_parties == ["RU", "BY"])
            // gas×RU is in preparation and overdue (2022-07-31); oil (adopted since 2022-09-01) is stalled.
            let overdue = try await get(client, "/api/v1/commitments?as_of=2023-06-30&overdue=true", as: Page<CommitmentItem>.self)
            #expect(overdue.items.map(\.id) == ["gas"])
            let stalled = try await get(client, "/api/v1/commitments?as_of=2023-06-30&stalled=true", as: Page<CommitmentItem>.self)
            #expect(Set(stalled.items.map(\.id)) == ["gas", "oil"])
            let inForce = try await get(client, "/api/v1/commitments?as_of=2023-06-30&stage=in_force&party=BY", as: Page<CommitmentItem>.self)
            #expect(inForce.items.map(\.id) == ["gas"])
            // Nothing is recorded for union: its obligations have no recorded step, which is not an
            // explicit not_started (nobody recorded one), as the index and the downloads say.
            let unrecorded = try await get(client, "/api/v1/commitments?as_of=2023-06-30&stage=no_recorded_step", as: Page<CommitmentItem>.self)
            #expect(unrecorded.items.map(\.id) == ["union"])
            #expect(unrecorded.items[0].obligations.allSatisfy { $0.stage == "no_recorded_step" && !$0.evidenced })
            #expect(all.items[0].obligations.allSatisfy { $0.evidenced })
            let explicit = try await get(client, "/api/v1/commitments?as_of=2023-06-30&stage=not_started", as: Page<CommitmentItem>.self)
            #expect(explicit.items.isEmpty)
            let index = try await client.execute(
                uri: "/commitments?as_of=2023-06-30&stage=no_recorded_step&table=commitments&format=csv", method: .get
            ).text
            let listed = index.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",")[1] }
            #expect(listed == ["union"], "\(index)")
            let union = try await get(client, "/api/v1/commitments?instrument=decree", as: Page<CommitmentItem>.self)
            #expect(union.items.map(\.id) == ["gas", "oil", "union"])
            let paged = try await get(client, "/api/v1/commitments?limit=1&offset=2", as: Page<CommitmentItem>.self)
            #expect(paged.items.map(\.id) == ["union"] && paged.total == 3)
        }
    }

    @Test(
        "errors are RFC 9457 problem details; preflight is answered for CORS",
        arguments: [
            ("/api/v1/status?as_of=2022-02-30", 400), ("/api/v1/events?since=-1", 400), ("/api/v1/commitments?limit=0", 400),
            ("/api/v1/commitments?overdue=maybe", 400), ("/api/v1/search", 400), ("/api/v1/status?instrument=nope", 404), ("/api/v1/nope", 404),
        ])
    func problems(uri: String, status: Int) async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let r = try await client.execute(uri: uri, method: .get)
            #expect(r.status.code == status)
            #expect(r.headers[.contentType] == "application/problem+json")
            let problem = try JSONDecoder().decode([String: JSONScalar].self, from: Data(buffer: r.body))
            #expect(problem["status"] == .int(status))
            #expect(problem["instance"] == .string(String(uri.prefix { $0 != "?" })))
            // Read from another site's script: the same problem, readable there.
            let cross = try await client.execute(uri: uri, method: .get, headers: [.origin: "https://example.org"])
            #expect(cross.status.code == status && cross.headers[.contentType] == "application/problem+json")
            #expect(cross.headers[.accessControlAllowOrigin] == "*")
            let preflight = try await client.execute(
                uri: "/api/v1/status", method: .options,
                headers: [.origin: "https://example.org", .accessControlRequestMethod: "GET"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods] == "GET, HEAD, OPTIONS")
            #expect(preflight.headers[.accessControlMaxAge] == "86400")
            let plain = try await client.execute(uri: "/api/v1/status", method: .options)
            #expect(plain.status == .noContent)
            #expect(plain.headers[.allow] == "GET, HEAD, OPTIONS")
        }
    }

    @Test(
        "the site is read-only: any other method is a 405 naming the allowed ones, pages and API alike",
        arguments: [HTTPRequest.Method.post, .put, .delete, .patch])
    func readOnly(method: HTTPRequest.Method) async throws {
        let (site, store) = try await makeSite([bundled()])
        let before = try await store.version()
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/commitments/programme-09-indirect-tax-treaty", method: method, body: ByteBuffer(string: "x=1"))
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers[.allow] == "GET, HEAD")
            #expect(page.text.contains("is not allowed"))
            let api = try await client.execute(uri: "/api/v1/events", method: method)
            #expect(api.status == .methodNotAllowed)
            #expect(api.headers[.allow] == "GET, HEAD, OPTIONS")
            #expect(api.headers[.contentType] == "application/problem+json")
        }
        #expect(try await store.version() == before)
    }

    enum JSONScalar: Decodable, Equatable {
        case int(Int)
        case string(String)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .int(n) } else { self = .string(try c.decode(String.self)) }
        }
    }
}

@Test(
    "Last-Modified is an HTTP date",
    arguments: [
        ("2026-11-29T01:27:44Z", "Sun, 29 Nov 2026 01:27:44 GMT"),
        ("1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ("2024-02-29T23:59:59Z", "Thu, 29 Feb 2024 23:59:59 GMT"),
    ])
func httpDate(iso: String, http: String) {
    #expect(Site.httpDate(iso) == http)
}

@Suite("The JSON writer")
struct JSONWriterTests {
    func parsed(_ bytes: [UInt8]) throws -> Any { try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) }

    @Test("strings, numbers and nesting round-trip exactly; keys sorted; compact and indented say the same")
    func values() throws {
        let odd = "quote \" backslash \\ slash / tab \t newline \n bell \u{7} nul \u{0} é 𝄞 \u{2028}"
        let value: JSONValue = .object([
            "b": .string(odd),
            "a": .array([
                .int(-3), .number(0.1), .number(1), .number(1e-7), .number(2.0 / 3), .number(1e21), .bool(true), .null, .array([]), .object([:]),
            ]),
            "a_b": .object(["z": .int(1), "Z": .int(2), "_": .int(3)]),
            "nan": .number(.nan),
        ])
        let compact = JSONWriter.encode(value)
        let text = String(decoding: compact, as: UTF8.self)
        #expect(text.hasPrefix(#"{"a":[-3,0.1,1,1e-07,0.6666666666666666,1e+21,true,null,[],{}],"a_b":{"Z":2,"_":3,"z":1},"b":"#))
        #expect(!text.contains("\\/") && text.hasSuffix(#","nan":null}"#))
        let object = try #require(try parsed(compact) as? [String: Any])
        #expect(object["b"] as? String == odd)
        let numbers = try #require(object["a"] as? [Any])
        #expect((numbers[4] as? Double) == 2.0 / 3 && (numbers[3] as? Double) == 1e-7)
        let indented = JSONWriter.encode(value, indented: true)
        #expect(String(decoding: indented, as: UTF8.self).contains("\n  \"a_b\": {\n    \"Z\": 2,"))
        #expect(NSDictionary(dictionary: try #require(try parsed(indented) as? [String: Any])).isEqual(to: object))
    }

    @Test("figures and reports: every key, each value the figure's own, null for what a scope lacks")
    func figures() throws {
        let snapshot = Snapshot(try DatasetFolder.check(bundled()).dataset)
        let day = Day(iso: "2026-11-29")!
        let report = snapshot.report(asOf: day, within: [.party("BY")])
        let object = try #require(try parsed(JSONWriter.encode(.report(report))) as? [String: Any])
        #expect(Set(object.keys) == Set(Figures.Key.allCases.map(\.rawValue) + ["as_of", "scope", "parties", "instruments"]))
        let f = report.overall
        #expect(object["as_of"] as? String == "2026-11-29" && object["scope"] as? [String] == ["party BY"])
        #expect(object["obligations"] as? Int == f.obligations && object["due"] as? Int == f.due)
        // Shortest round-trip digits: the decoded shares are the very doubles computed.
        struct Shares: Decodable { let progress: Double?; let implemented: Double?; let deficit: Double? }
        let shares = try JSONDecoder().decode(Shares.self, from: Data(JSONWriter.encode(.report(report))))
        #expect(shares.progress == f.progress && shares.implemented == f.implemented && shares.deficit == f.deficit)
        let stages = try #require(object["by_stage"] as? [String: Int])
        #expect(stages.count == Stage.allCases.count && stages.values.reduce(0, +) == f.obligations)
        let parties = try #require(object["parties"] as? [String: [String: Any]])
        #expect(Set(parties.keys) == Set(report.parties.map(\.id)))
        // A scope with no obligations has no shares: null, never 0.
        let empty = try #require(
            try parsed(JSONWriter.encode(.figures(snapshot.figures(for: .party("BY"), asOf: Day(iso: "1990-01-01")!)))) as? [String: Any])
        #expect(empty["obligations"] as? Int == 0 && empty["progress"] is NSNull && empty["forecast"] is NSNull)
    }
}
