import Foundation
import Hummingbird
import HummingbirdTesting
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import Testing

@testable import PactwatchWeb

/// The index pages: every kind of record listed, filtered by the API's filters with facet
/// counts, sorted by any column, paged with the total, downloaded as exactly the matching rows.
@Suite("Index pages")
struct IndexTests {
    /// The total a listing states (`data-total`).
    static func total(_ html: String) -> Int? {
        html.components(separatedBy: "data-total=\"").dropFirst().first.flatMap { Int($0.prefix { $0 != "\"" }) }
    }

    /// The count a facet shows beside a value it does not have chosen: the number in the
    /// `<span class="n">` of the link that sets it.
    static func facetCount(_ html: String, facet: String, value: String) -> Int? {
        guard let section = html.components(separatedBy: "data-facet=\"\(facet)\"").dropFirst().first?.components(separatedBy: "</section>").first
        else { return nil }
        let set = "\(facet)=\(Route.encode(value))"
        let item = section.components(separatedBy: "<li").first { $0.contains(set + "&") || $0.contains(set + "\"") }
        return item?.components(separatedBy: "<span class=\"n\">").dropFirst().first.flatMap { Int($0.prefix { $0 != "<" }) }
    }

    static func rows(_ csv: String) -> [[String]] {
        csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { line in
            // The bundled record's cells here hold no quoted commas in the columns read.
            var fields: [String] = [], field = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == ",", !quoted { fields.append(field); field = "" } else { field.append(ch) }
            }
            return fields + [field]
        }
    }

    @Test("every kind of record has an index, in both languages, linked from the navigation and from each record")
    func everyIndex() async throws {
        let (site, _) = try await makeSite([bundled()])
        let d = try DatasetFolder.read(bundled()).dataset
        let areas = Set(d.commitments.compactMap(\.area)).count
        let expected: [(String, Int)] = [
            ("/instruments", d.instruments.count), ("/commitments", d.commitments.count), ("/parties", d.parties.count),
            ("/areas", areas), ("/acts", d.acts.count), ("/sources", d.sources.count),
            ("/claims", d.claims.filter { $0.date.lastDay <= Day(iso: "2026-11-29")! }.count),
        ]
        try await Application(router: buildRouter(site)).test(.router) { client in
            for (path, count) in expected {
                for lang in ["en", "ru"] {
                    let response = try await client.execute(uri: "\(path)?lang=\(lang)", method: .get)
                    #expect(response.status == .ok, "\(path)")
                    #expect(IndexTests.total(response.text) == count, "\(path)?lang=\(lang)")
                    #expect(response.text.contains("<aside class=\"facets\""), "\(path)")
                }
            }
            let home = try await client.execute(uri: "/?lang=ru", method: .get).text
            for index in Route.Index.allCases { #expect(home.contains("href=\"/\(index.rawValue)?lang=ru\"")) }
            // A record's page names its index above its heading.
            let act = try await client.execute(uri: "/acts/\(d.acts[0].id)", method: .get).text
            #expect(act.contains("<p class=\"kicker\">") && act.contains(" › <a href=\"/acts\">Acts</a></p>"))
        }
    }

    @Test("on every index, each facet's first value leaves as many rows as its count says, in both languages", arguments: ["en", "ru"])
    func everyFacet(language: String) async throws {
        let (site, _) = try await makeSite([bundled()])
        let d = try DatasetFolder.read(bundled()).dataset
        let paths = Route.Index.allCases.map { "/" + $0.rawValue } + ["/claims"]
        try await Application(router: buildRouter(site)).test(.router) { client in
            var checked = 0
            for path in paths {
                let page = try await client.execute(uri: "\(path)?lang=\(language)", method: .get).text
                let facets = page.components(separatedBy: "data-facet=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                #expect(!facets.isEmpty, "\(path)")
                for facet in facets {
                    // The first value listed (the one leaving most rows) and its count.
                    let section = page.components(separatedBy: "data-facet=\"\(facet)\"")[1].components(separatedBy: "</section>")[0]
                    let href = try #require(section.components(separatedBy: "href=\"").dropFirst().first?.prefix { $0 != "\"" })
                    let count = section.components(separatedBy: "<span class=\"n\">").dropFirst().first.flatMap { Int($0.prefix { $0 != "<" }) }
                    let filtered = try await client.execute(uri: String(href).replacingOccurrences(of: "&amp;", with: "&"), method: .get)
                    #expect(filtered.status == .ok, "\(href)")
                    #expect(IndexTests.total(filtered.text) == count, "\(path) \(facet): \(href)")
                    checked += 1
                }
            }
            #expect(checked >= 20)
            // Every column of every index sorts both ways.
            for (path, columns) in [
                ("/commitments", ["commitment", "instrument", "area", "deadline", "progress"]), ("/acts", ["act", "kind", "party", "commitments"]),
            ] {
                for column in columns {
                    for sort in [column, "-" + column] {
                        let sorted = try await client.execute(uri: "\(path)?sort=\(sort)&lang=\(language)", method: .get)
                        #expect(
                            sorted.status == .ok && IndexTests.total(sorted.text) == (path == "/acts" ? d.acts.count : d.commitments.count),
                            "\(path)?sort=\(sort)")
                    }
                }
            }
        }
    }

    @Test("the commitments' filters mean what the API's mean, and each facet counts what choosing it would leave")
    func filtersMatchTheAPI() async throws {
        let (site, _) = try await makeSite([bundled()])
        let d = try DatasetFolder.read(bundled()).dataset
        let instrument = d.commitments[0].instrument
        let queries = [
            "party=BY", "party=RU", "stage=adopted", "stage=in_force", "party=BY&stage=adopted", "overdue=true", "overdue=false",
            "stalled=true", "area=energy", "instrument=\(instrument)", "party=RU&overdue=true",
            // A parent instrument takes its descendants' commitments, as the API does.
            "instrument=main-directions-2021-2023", "instrument=treaty-1999&party=BY", "at_risk=true",
        ]
        try await Application(router: buildRouter(site)).test(.router) { client in
            for query in queries {
                let page = try await client.execute(uri: "/commitments?\(query)", method: .get)
                #expect(page.status == .ok, "\(query)")
                let api =
                    try JSONSerialization.jsonObject(
                        with: Data(buffer: try await client.execute(uri: "/api/v1/commitments?\(query)", method: .get).body)) as! [String: Any]
                #expect(IndexTests.total(page.text) == api["total"] as? Int, "\(query)")
            }
            // Beside party=BY, the party facet still counts RU's commitments (the other filters
            // kept: none), and the stage facet counts BY's commitments at each stage.
            let by = try await client.execute(uri: "/commitments?party=BY", method: .get).text
            let ru = IndexTests.total(try await client.execute(uri: "/commitments?party=RU", method: .get).text)
            #expect(IndexTests.facetCount(by, facet: "party", value: "RU") == ru)
            let byAdopted = IndexTests.total(try await client.execute(uri: "/commitments?party=BY&stage=adopted", method: .get).text)
            #expect(byAdopted != nil && IndexTests.facetCount(by, facet: "stage", value: "adopted") == byAdopted)
            // The download holds exactly the listing's rows, every page of them.
            let csv = try await client.execute(uri: "/commitments?party=BY&stage=adopted&table=commitments&format=csv", method: .get)
            #expect(IndexTests.rows(csv.text).count - 1 == byAdopted)
            #expect(csv.headers[.contentDisposition]?.contains("pactwatch-commitments-commitments-2026-11-29-en.csv") == true)
        }
    }

    @Test("sorting by a column, either way, empty cells last; the download in the same order")
    func sorting() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            for (sort, descending) in [("published", false), ("-published", true)] {
                let csv = try await client.execute(uri: "/sources?sort=\(sort)&table=sources&format=csv", method: .get).text
                let rows = IndexTests.rows(csv)
                let column = try #require(rows[0].firstIndex(of: "published"))
                let dates = rows.dropFirst().map { $0[column] }
                let filled = dates.filter { !$0.isEmpty }
                #expect(filled.count > 10)
                #expect(filled == (descending ? filled.sorted(by: >) : filled.sorted()), "\(sort)")
                // Sources without a date come after every dated one.
                #expect(dates.prefix(filled.count) == filled[...])
            }
            // A column sorts by what it shows: parties by name, numbers as numbers.
            let csv = try await client.execute(uri: "/areas?sort=-commitments&table=areas&format=csv", method: .get).text
            let counts = IndexTests.rows(csv).dropFirst().map { Int($0[IndexTests.rows(csv)[0].firstIndex(of: "commitments")!])! }
            #expect(counts == counts.sorted(by: >) && counts.first! > counts.last!)
            // The page marks the column it is sorted by.
            let page = try await client.execute(uri: "/areas?sort=-commitments", method: .get).text
            #expect(page.contains("aria-sort=\"descending\"") && page.contains("<option value=\"-commitments\" selected>"))
        }
    }

    @Test("pages of 50 with the total; the links keep filters, sort, day and language")
    func paging() async throws {
        let (site, _) = try await makeSite([bundled()])
        let sources = try DatasetFolder.read(bundled()).dataset.sources.count
        #expect(sources > 100, "the bundled record needs three pages of sources for this test")
        try await Application(router: buildRouter(site)).test(.router) { client in
            let first = try await client.execute(uri: "/sources?sort=publisher&as_of=2026-01-01&lang=ru", method: .get).text
            func shown(_ html: String) -> Int {
                html.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0].components(separatedBy: "<tr>").count - 1
            }
            #expect(shown(first) == Listing.pageSize && first.contains("1–50 из \(sources)"))
            #expect(first.contains("rel=\"next\" href=\"/sources?sort=publisher&amp;page=2&amp;as_of=2026-01-01&amp;lang=ru\""))
            let pages = (sources + Listing.pageSize - 1) / Listing.pageSize
            let last = try await client.execute(uri: "/sources?sort=publisher&page=\(pages)", method: .get).text
            #expect(shown(last) == sources - (pages - 1) * Listing.pageSize && last.contains("rel=\"prev\""))
            #expect(!last.contains("rel=\"next\""))
            // The downloads of any page hold every row.
            let csv = try await client.execute(uri: "/sources?page=2&table=sources&format=csv", method: .get).text
            #expect(IndexTests.rows(csv).count - 1 == sources)
            // Changing the day or the language keeps the filters and the sort.
            let filtered = try await client.execute(uri: "/sources?language=ru&sort=published", method: .get).text
            #expect(
                filtered.contains("<input type=\"hidden\" name=\"language\" value=\"ru\"><input type=\"hidden\" name=\"sort\" value=\"published\">"))
            #expect(filtered.contains("href=\"/sources?lang=ru&amp;language=ru&amp;sort=published\""))
        }
    }

    @Test(
        "a filter value, column or page the listing does not have is a 400 naming it",
        arguments: [
            ("/commitments?stage=done", "stage=\"done\""), ("/commitments?party=XX", "party=\"XX\""),
            ("/commitments?overdue=yes", "expected one of true, false"), ("/sources?sort=colour", "sort=\"colour\""),
            ("/sources?page=0", "a page from 1 to"), ("/sources?page=abc", "page=\"abc\""), ("/instruments?page=2", "a page from 1 to 1"),
            ("/claims?speaker=Nobody", "speaker=\"Nobody\""),
        ])
    func badQueries(uri: String, expected: String) async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest, "\(uri)")
            #expect(response.errorMessage.contains(expected), "\(uri): \(response.text.prefix(600))")
        }
    }

    @Test("the sources index: publisher, language and archive facets; each source's citation count")
    func sourcesIndex() async throws {
        let (site, _) = try await makeSite([bundled()])
        let d = try DatasetFolder.read(bundled()).dataset
        let russian = d.sources.filter { $0.language == "ru" }.count, archived = d.sources.filter { $0.archivedURL != nil }.count
        let cited =
            d.events.filter { $0.sources.contains(d.sources[0].id) }.count + d.claims.filter { $0.sources.contains(d.sources[0].id) }.count
            + d.instruments.filter { $0.sources.contains(d.sources[0].id) }.count
            + d.commitments.filter { $0.sources.contains(d.sources[0].id) }.count
            + d.acts.filter { $0.sources.contains(d.sources[0].id) }.count
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/sources?lang=ru", method: .get).text
            #expect(IndexTests.facetCount(page, facet: "language", value: "ru") == russian)
            #expect(page.contains(">русский <span class=\"n\">\(russian)</span>"))
            #expect(IndexTests.facetCount(page, facet: "archived", value: "true") == (archived == 0 ? nil : archived))
            let csv = IndexTests.rows(try await client.execute(uri: "/sources?table=sources&format=csv", method: .get).text)
            let header = csv[0]
            let row = try #require(csv.first { $0[header.firstIndex(of: "source")!] == d.sources[0].id })
            #expect(Int(row[header.firstIndex(of: "cited_by")!]) == cited)
            #expect(header.contains("publisher") && header.contains("language") && header.contains("archived"))
            // The source's own page groups what cites it by kind, each group counted, and downloads them all:
            // a source cited by events and by claims.
            let both = try #require(
                d.sources.map(\.id).first { id in d.events.contains { $0.sources.contains(id) } && d.claims.contains { $0.sources.contains(id) } })
            let events = d.events.filter { $0.sources.contains(both) }.count, claims = d.claims.filter { $0.sources.contains(both) }.count
            let all =
                events + claims + d.instruments.filter { $0.sources.contains(both) }.count
                + d.commitments.filter { $0.sources.contains(both) }.count + d.acts.filter { $0.sources.contains(both) }.count
            let own = try await client.execute(uri: "/sources/\(both)", method: .get).text
            #expect(own.contains("<h2>Cited by · \(all)</h2>"))
            #expect(own.contains("<h3>Events · \(events)</h3>") && own.contains("<h3>Claims · \(claims)</h3>"))
            let download = try await client.execute(uri: "/sources/\(both)?table=cited-by&format=csv", method: .get).text
            #expect(IndexTests.rows(download).count - 1 == all)
        }
    }
}

@Suite("Chart data")
struct ChartDataTests {
    @Test("every chart's data downloads beside it: the burn-up's last day is the headline, each stage row sums to its obligations")
    func chartData() async throws {
        let (site, _) = try await makeSite([bundled()])
        let snapshot = try await site.cache.current()
        let f = snapshot.figures.figures(for: .all, asOf: Day(iso: "2026-11-29")!)
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get).text
            for table in ["burnup-chart", "stages-chart", "claims-chart"] { #expect(page.contains("?table=\(table)&amp;format=csv"), "\(table)") }
            let burnup = IndexTests.rows(try await client.execute(uri: "/?table=burnup-chart&format=csv", method: .get).text)
            let header = burnup[0], last = try #require(burnup.last)
            #expect(header == ["as_of", "date", "obligations", "implemented", "applied"])
            #expect(last[1] == "2026-11-29" && Int(last[2]) == f.obligations && Int(last[3]) == f.implementedCount)
            let stages = IndexTests.rows(try await client.execute(uri: "/?table=stages-chart&format=csv", method: .get).text)
            #expect(stages.count > 5 && stages[0].contains("no_recorded_step") && stages[0].contains("in_force"))
            let first = stages[0].firstIndex(of: "no_recorded_step")!, total = stages[0].firstIndex(of: "obligations")!
            for row in stages.dropFirst() {
                #expect(row[first...].compactMap { Int($0) }.reduce(0, +) == Int(row[total]), "\(row)")
            }
            // A party's page offers its own burn-up.
            let party = IndexTests.rows(try await client.execute(uri: "/parties/BY?table=burnup-chart&format=csv", method: .get).text)
            #expect(Int(party.last![2]) == snapshot.figures.figures(for: .party("BY"), asOf: Day(iso: "2026-11-29")!).obligations)
        }
    }
}

@Suite("What changed between two days")
struct CompareTests {
    @Test("the comparison on a record small enough to work out by hand (DESIGN.md's formulas)")
    func handComputed() async throws {
        let folder = Fixtures.scratchFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = [
            "parties.csv": "id,name\r\nRU,Russia\r\n", "sources.csv": "id,url\r\ns1,https://example.org/a\r\n",
            "instruments.csv": "id,kind,title,adopted,parties\r\ntreaty,treaty,A treaty,2020-01-01,RU\r\n",
            "commitments.csv": "id,instrument,title,deadline\r\nc1,treaty,First,2022-06-30\r\nc2,treaty,Second,2022-06-30\r\n",
            "events.csv":
                "id,date,commitment,party,stage,sources\r\ne1,2021-03-01,c1,RU,adopted,s1\r\ne2,2022-05-01,c1,RU,in_force,s1\r\ne3,2022-01-10,c2,RU,in_preparation,s1\r\n",
        ]
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let (site, _) = try await makeSite([folder])
        // 2021-12-31: c1 adopted (stage weight 0.75), c2 no recorded step (0); nothing due yet; c1 stalled
        // (adopted 305 days before, > 270). 2022-12-31: c1 in force (1), c2 in preparation (0.25); both
        // deadlines passed, c2 overdue; c2 stalled (355 days), c1 no longer.
        let expected: [String: (then: String, now: String, change: String)] = [
            "obligations": ("2", "2", "0"), "implemented_count": ("0", "1", "1"),
            "implemented": ("0", "0.5", "50"),  // 0/2 → 1/2: +50 points
            "progress": ("0.375", "0.625", "25"),  // (0.75 + 0) / 2 → (1 + 0.25) / 2
            "coverage": ("0.5", "1", "50"), "due": ("0", "2", "2"), "overdue": ("0", "1", "1"),
            "deficit": ("", "0.5", ""),  // nothing due on the earlier day: no deficit, so no change
            "stalled": ("1", "1", "0"),
        ]
        try await Application(router: buildRouter(site)).test(.router) { client in
            let csv = try await client.execute(uri: "/?as_of=2022-12-31&compare=2021-12-31&table=comparison&format=csv", method: .get).text
            let rows = IndexTests.rows(csv)
            for (key, value) in expected {
                let row = try #require(rows.first { $0[1] == key }, "\(key)")
                #expect((row[3], row[4], row[5]) == value, "\(key): \(row)")
            }
            // Between the two days: e3 (2022-01-10) and e2 (2022-05-01), not e1.
            let between = IndexTests.rows(
                try await client.execute(uri: "/?as_of=2022-12-31&compare=2021-12-31&table=between&format=csv", method: .get).text)
            #expect(between.dropFirst().map { $0[1] } == ["2022-05-01", "2022-01-10"])
        }
    }

    @Test("?compare= shows each figure on both days with its change, and the events and claims between; the API says the same")
    func compare() async throws {
        let (site, _) = try await makeSite([bundled()])
        let current = try await site.cache.current()
        let d = current.snapshot.dataset
        let then = Day(iso: "2023-01-01")!, now = Day(iso: "2026-11-29")!
        let a = current.figures.figures(for: .party("BY"), asOf: then), b = current.figures.figures(for: .party("BY"), asOf: now)
        // Events of BY's commitments (its own or joint) dated after the earlier day, through the later.
        let between = d.events.filter { $0.date.lastDay > then && $0.date.lastDay <= now && current.snapshot.event($0, isIn: .party("BY")) }.count
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/parties/BY?compare=2023-01-01", method: .get).text
            #expect(page.contains("<section id=\"compare\"><h2>What changed</h2>"))
            let rows = IndexTests.rows(try await client.execute(uri: "/parties/BY?compare=2023-01-01&table=comparison&format=csv", method: .get).text)
            // Every column named once: the page's day leads, then each figure on the two days.
            #expect(rows[0] == ["as_of", "figure", "figure_label", "on_compare", "on_as_of", "change"])
            func row(_ key: String) -> [String] { rows.first { $0[1] == key }! }
            #expect(Int(row("obligations")[3]) == a.obligations && Int(row("obligations")[4]) == b.obligations)
            #expect(Int(row("obligations")[5]) == b.obligations - a.obligations)
            #expect(Int(row("implemented_count")[5]) == b.implementedCount! - a.implementedCount!)
            // Shares change in percentage points.
            let points = try #require(Double(row("implemented")[5]))
            #expect(abs(points - (b.implemented! - a.implemented!) * 100) < 1e-9)
            let events = IndexTests.rows(try await client.execute(uri: "/parties/BY?compare=2023-01-01&table=between&format=csv", method: .get).text)
            #expect(events.count - 1 == between && between > 0)
            // Links keep the comparison; a day that does not exist is a 400 naming the parameter.
            #expect(page.contains("href=\"/?compare=2023-01-01\""))
            let bad = try await client.execute(uri: "/parties/BY?compare=2023-02-30", method: .get)
            #expect(bad.status == .badRequest && bad.text.contains("compare=&quot;2023-02-30&quot;"))
            // Without it, the page offers the form.
            #expect(try await client.execute(uri: "/parties/BY", method: .get).text.contains("name=\"compare\""))
            let api =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await client.execute(uri: "/api/v1/status?party=BY&compare=2023-01-01", method: .get).body))
                as! [String: Any]
            let change = try #require(api["change"] as? [String: Any]), compared = try #require(api["compare"] as? [String: Any])
            #expect(change["obligations"] as? Int == b.obligations - a.obligations && compared["as_of"] as? String == "2023-01-01")
            #expect(compared["obligations"] as? Int == a.obligations && api["obligations"] as? Int == b.obligations)
        }
    }
}

@Suite("Commitment rows")
struct CommitmentRowTests {
    @Test("a listed commitment's progress, taken from its obligations' states, is its figures' progress on every day tried")
    func progressMatchesFigures() async throws {
        let (site, _) = try await makeSite([bundled()])
        let current = try await site.cache.current()
        try await Application(router: buildRouter(site)).test(.router) { client in
            for day in ["2022-01-01", "2023-06-30", "2025-01-01", "2026-11-29"] {
                let body = try await client.execute(uri: "/commitments?table=commitments&format=json&as_of=\(day)", method: .get).body
                let rows = try #require((try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])?["rows"] as? [[String: Any]])
                #expect(rows.count == current.snapshot.dataset.commitments.count)
                for row in rows {
                    let id = try #require(row["commitment"] as? String)
                    let expected = current.figures.figures(for: .commitment(id), asOf: Day(iso: day)!).progress
                    let listed = row["progress"] as? Double
                    #expect((listed == nil) == (expected == nil), "\(id) on \(day)")
                    if let listed, let expected { #expect(abs(listed - expected) < 1e-12, "\(id) on \(day): \(listed) vs \(expected)") }
                }
            }
        }
    }
}
