import Foundation
import Hummingbird
import HummingbirdTesting
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import PactwatchStore
import Testing

@testable import PactwatchWeb

/// The fixture record with ids that need care: `_`, `.` and `-` in ids, and an area in Cyrillic
/// with a space and a slash.
func awkwardIDs() throws -> URL {
    let folder = try Fixtures.copy()
    try Fixtures.edit(folder, "instruments.csv", "programme,programme,Programme", "prog_2021.x-1,programme,Programme")
    try Fixtures.edit(folder, "commitments.csv", "gas,programme,Gas market,energy", "gas_market.v-2,prog_2021.x-1,Gas market,энергия и газ/2")
    try Fixtures.edit(folder, "commitments.csv", "oil,programme,", "oil,prog_2021.x-1,")
    try Fixtures.edit(folder, "events.csv", ",gas,", ",gas_market.v-2,")
    try Fixtures.edit(folder, "acts.csv", ",gas,s1", ",gas_market.v-2,s1")
    return folder
}

@Suite("Routes: one value per URL")
struct RouteTests {
    @Test("every route of the bundled, a generated and an awkward record answers 200, and the routes cover every pattern")
    func everyRouteAnswers() async throws {
        let generated = Fixtures.scratchFolder()
        try DatasetFolder.write(Synthetic(parties: 3, commitments: 12, seed: 5).dataset(), eventHashes: [], to: generated)
        var exercised: Set<Route.Pattern> = []
        for folder in [bundled(), generated, try awkwardIDs()] {
            let (site, store) = try await makeSite([folder])
            let snapshot = Snapshot(try await store.read().dataset)
            let routes = Route.published(in: snapshot) + [.search, .api(.search), .searchFeed("gas")]
            exercised.formUnion(routes.map(\.pattern))
            try await Application(router: buildRouter(site)).test(.router) { client in
                for route in routes {
                    let url = route == .search || route == .api(.search) ? route.url([("q", "gas")]) : route.url()
                    // (a search feed's words are part of its route)
                    let r = try await client.execute(uri: url, method: .get)
                    #expect(r.status == .ok, "\(url): \(r.status)")
                    let head = try await client.execute(uri: url, method: .head)
                    #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers[.eTag] == r.headers[.eTag], "HEAD \(url)")
                }
            }
        }
        // Every pattern was requested, so each is registered and answers.
        #expect(exercised == Set(Route.Pattern.allCases))
    }

    @Test("paths encode once: `_`, `.`, `-` kept, anything else percent-encoded, and a request decodes it back")
    func encoding() async throws {
        #expect(Route.commitment("gas_market.v-2").path == "/commitments/gas_market.v-2")
        #expect(Route.area("энергия и газ/2").path == "/areas/%D1%8D%D0%BD%D0%B5%D1%80%D0%B3%D0%B8%D1%8F%20%D0%B8%20%D0%B3%D0%B0%D0%B7%2F2")
        #expect(Route.chart(.burnup, .area("a&b")).url() == "/charts/burnup.svg?area=a%26b")
        #expect(Route.feed(.party("RU")).path == "/parties/RU/changes.atom")
        let (site, _) = try await makeSite([try awkwardIDs()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let area = try await client.execute(uri: Route.area("энергия и газ/2").path, method: .get)
            #expect(area.status == .ok)
            #expect(area.text.contains("энергия и газ/2"))
            // The page's links are the routes' own paths.
            #expect(area.text.contains("href=\"/commitments/gas_market.v-2\""))
            let commitment = try await client.execute(uri: "/commitments/gas_market.v-2", method: .get).text
            #expect(commitment.contains("href=\"\(Route.area("энергия и газ/2").path)\""))
            #expect(commitment.contains("href=\"/instruments/prog_2021.x-1\""))
            // A path component that is not valid percent-encoding is a 400, not a 404 or a crash.
            #expect(try await client.execute(uri: "/areas/%E0%A4%A", method: .get).status == .badRequest)
        }
    }

    @Test("the static site has no broken internal link, with and without a base URL, for awkward ids")
    func staticLinks() async throws {
        let folder = try awkwardIDs()
        let store = try SQLiteStore(path: Fixtures.database())
        _ = try await Importer.run(DatasetFolder.read(folder), into: store)
        let stored = try await store.read()
        for base in ["", "https://example.org/tracker"] {
            let out = Fixtures.scratchFolder()
            try StaticSite.write(stored, to: out, asOf: Day(iso: "2026-11-29")!, baseURL: base)
            // Exactly the files of the record's routes and their pages' tables.
            let snapshot = Snapshot(stored.dataset)
            for route in Route.published(in: snapshot) {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(route.file()).path), "\(route) → \(route.file())")
            }
            var checked = 0
            for file in try files(in: out) where file.hasSuffix(".html") || file.hasSuffix(".atom") {
                let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
                for link in links(in: text) {
                    guard let target = resolve(link, from: file, base: base) else { continue }
                    let url = out.appendingPathComponent(target)
                    var isFolder: ObjCBool = false
                    let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
                    let served =
                        exists && (!isFolder.boolValue || FileManager.default.fileExists(atPath: url.appendingPathComponent("index.html").path))
                    #expect(served, "\(file) links \(link), which the site does not hold")
                    checked += 1
                }
            }
            #expect(checked > 100)
            let feed = try String(contentsOf: out.appendingPathComponent(Route.feed(.commitment("gas_market.v-2")).file()), encoding: .utf8)
            #expect(feed.contains("href=\"\(base)/commitments/gas_market.v-2/\""))
        }
    }

    /// Every file under `root`, relative to it.
    func files(in root: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)!
        return enumerator.compactMap { $0 as? String }
    }

    /// The values of href and src attributes, unescaped.
    func links(in text: String) -> [String] {
        let pattern = try! Regex(#"(?:href|src)="([^"]*)""#)
        return text.matches(of: pattern).compactMap { match in
            (match.output[1].substring.map(String.init))?.replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    /// The site-root-relative file a link names, or nil for a link that leaves the site.
    func resolve(_ link: String, from file: String, base: String) -> String? {
        var target: String
        if link.hasPrefix(base + "/") {
            target = String(link.dropFirst(base.count + 1))
        } else if link.hasPrefix("http:") || link.hasPrefix("https:") || link.hasPrefix("mailto:") {
            return nil
        } else {
            var parts = file.split(separator: "/").dropLast().map(String.init)
            for piece in link.split(separator: "/", omittingEmptySubsequences: false) {
                if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(String(piece)) }
            }
            target = parts.joined(separator: "/")
        }
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        return target.removingPercentEncoding ?? target
    }
}
