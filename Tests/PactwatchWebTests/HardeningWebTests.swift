import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import PactwatchStore
import Testing

@testable import PactwatchWeb

@Suite("Hardening: one client cannot take the site from everyone")
struct HardeningWebTests {
    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [:], body: nil)
    }

    @Test("parameters that change nothing neither re-render nor take room; the tables are streamed, never kept")
    func cacheKeys() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let first = try await get(client, "/changes.atom")
            let count = await site.rendered.count
            for n in 1...64 {
                let junk = try await get(client, "/changes.atom?n=\(n)")
                #expect(junk.text == first.text)
                #expect(junk.headers[.eTag] == first.headers[.eTag])
            }
            #expect(await site.rendered.count == count)
            // The published tables: the same bytes as the export writes, none of them cached.
            let current = try await site.cache.current()
            let release = DataPackage.Release(version: current.version, created: current.updated, url: "http://example.test/data")
            let files = try DatasetFolder.files(current.snapshot.dataset, eventHashes: current.eventHashes, name: "pactwatch", release: release)
            for n in 1...16 {
                let events = try await get(client, "/data/events.csv?n=\(n)")
                #expect(events.status == .ok)
                #expect(Data(buffer: events.body) == files.first { $0.name == "events.csv" }!.data)
            }
            #expect(await site.rendered.count == count)
        }
    }

    @Test(
        "the streamed zip holds every file of the package, as unzip reads it",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3's zipfile"))
    func streamedZip() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let zip = try await get(client, "/data/pactwatch-dataset.zip")
            #expect(zip.status == .ok)
            let path = Fixtures.scratchFolder().path + ".zip"
            try Data(buffer: zip.body).write(to: URL(fileURLWithPath: path))
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            python.arguments = [
                "-c",
                "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(*(f'{i.filename}:{i.file_size}' for i in z.infolist()))",
                path,
            ]
            let out = Pipe()
            python.standardOutput = out
            try python.run()
            python.waitUntilExit()
            #expect(python.terminationStatus == 0)
            let listed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").map(String.init)
            let current = try await site.cache.current()
            let release = DataPackage.Release(version: current.version, created: current.updated, url: "http://example.test/data")
            let files = try DatasetFolder.files(current.snapshot.dataset, eventHashes: current.eventHashes, name: "pactwatch", release: release)
            #expect(listed.map { $0.trimmingCharacters(in: .newlines) } == files.map { "pactwatch-dataset/\($0.name):\($0.data.count)" })
        }
    }

    @Test("the rendered cache is bounded in bytes and keeps no body larger than its limit")
    func cacheBudget() async throws {
        let cache = RenderedCache(budget: 1000, largest: 400)
        for i in 0..<20 {
            #expect(try await cache.awaitOrClaim("k\(i)", version: 1) == nil)
            await cache.finish("k\(i)", version: 1, .success(("text/plain", ByteBuffer(repeating: 0, count: 300))))
            #expect(await cache.bytes <= 1000)
        }
        #expect(await cache.count == 3)
        #expect(try await cache.awaitOrClaim("big", version: 1) == nil)
        await cache.finish("big", version: 1, .success(("text/plain", ByteBuffer(repeating: 0, count: 500))))
        #expect(try await cache.awaitOrClaim("big", version: 1) == nil, "a body over the limit was kept")
    }

    @Test("a render of version N is never handed to a request for version N+1")
    func waitersByVersion() async throws {
        let cache = RenderedCache()
        #expect(try await cache.awaitOrClaim("page", version: 1) == nil)
        // A request for the next version does not wait for the older render: it renders its own.
        #expect(try await cache.awaitOrClaim("page", version: 2) == nil)
        let older = Task { try await cache.awaitOrClaim("page", version: 1) }
        try await Task.sleep(for: .milliseconds(50))
        await cache.finish("page", version: 1, .success(("text/plain", ByteBuffer(string: "one"))))
        #expect(try await older.value.map { String(buffer: $0.1) } == "one")
        await cache.finish("page", version: 2, .success(("text/plain", ByteBuffer(string: "two"))))
        #expect(try await cache.awaitOrClaim("page", version: 2).map { String(buffer: $0.1) } == "two")
    }

    @Test("a page of the ledger is the same whether it is asked by offset, by since or taken from the whole list")
    func paging() async throws {
        let folder = Fixtures.scratchFolder()
        try DatasetFolder.write(Synthetic(parties: 3, commitments: 60, seed: 5).dataset(), eventHashes: [], to: folder)
        let (site, _) = try await makeSite([folder])
        struct Item: Decodable { let id: String; let position: Int }
        struct Page: Decodable { let items: [Item]; let total: Int; let next_since: Int? }
        try await Application(router: buildRouter(site)).test(.router) { client in
            let whole = try JSONDecoder().decode(Page.self, from: Data(buffer: try await get(client, "/api/v1/events?limit=1000").body))
            #expect(whole.items.count == whole.total && whole.total > 100)
            for n in [0, 1, 57, whole.total - 1] {
                let one = try JSONDecoder().decode(Page.self, from: Data(buffer: try await get(client, "/api/v1/events?limit=1&offset=\(n)").body))
                #expect(one.items.map(\.id) == [whole.items[n].id] && one.total == whole.total)
                let after = try JSONDecoder().decode(Page.self, from: Data(buffer: try await get(client, "/api/v1/events?limit=2&since=\(n)").body))
                #expect(after.items.map(\.position) == Array(whole.items.dropFirst(n).prefix(2)).map(\.position))
            }
            let past = try JSONDecoder().decode(Page.self, from: Data(buffer: try await get(client, "/api/v1/events?offset=\(Int.max)").body))
            #expect(past.items.isEmpty && past.total == whole.total)
            let tooFar = try await get(client, "/api/v1/events?offset=9223372036854775808")
            #expect(tooFar.status == .badRequest)
            #expect(tooFar.text.contains("offset"))
        }
    }

    @Test("a scope's feed holds the scope's newest events, newest first")
    func feedScope() async throws {
        let (site, _) = try await makeSite([bundled()])
        let snapshot = try await site.cache.current().snapshot
        try await Application(router: buildRouter(site)).test(.router) { client in
            for (path, scope) in [
                ("/parties/BY/changes.atom", Scope.party("BY")), ("/instruments/programme-09/changes.atom", .instrument("programme-09")),
            ] {
                let feed = try await get(client, path).text
                let ids = feed.components(separatedBy: "<id>urn:pactwatch:event:").dropFirst().map { String($0.prefix { $0 != "<" }) }
                let commitments = Set(snapshot.commitments(in: scope).map(\.id))
                let expected = snapshot.dataset.events.enumerated().filter { _, e in
                    guard commitments.contains(e.commitment) else { return false }
                    if case .party(let p) = scope { return e.party == nil || e.party == p }
                    return true
                }.sorted { ($0.1.date.lastDay, $0.0) > ($1.1.date.lastDay, $1.0) }.prefix(Feeds.entries).map(\.1.id)
                #expect(!ids.isEmpty)
                #expect(ids == Array(expected), "\(path)")
            }
        }
    }

    @Test("search for a NUL or a control character is an empty answer, not an error")
    func searchControl() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            for q in ["%00", "gas%00", "%01%02", "a%0Ab"] {
                let page = try await get(client, "/search?q=\(q)"), api = try await get(client, "/api/v1/search?q=\(q)")
                #expect(page.status == .ok)
                #expect(api.status == .ok)
            }
        }
    }

    @Test("an empty as_of: the API holds to its schema (400), a page's cleared date field means today")
    func emptyAsOf() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let api = try await get(client, "/api/v1/status?as_of=")
            #expect(api.status == .badRequest)
            #expect(api.text.contains("as_of"))
            #expect(try await get(client, "/?as_of=").status == .ok)
        }
    }

    @Test("a page's table download neutralises formula cells; the JSON and the data package keep the text")
    func formulaCells() async throws {
        let folder = try Fixtures.copy()
        try Fixtures.edit(folder, "claims.csv", "k1,2022-12-19,Speaker,Chair,decree,60 % done", "k1,2022-12-19,=1+2,Chair,decree,@SUM(1+1) done")
        let (site, _) = try await makeSite([folder])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await get(client, "/claims").text
            // The claims table's own download (the chart's data comes first on the page).
            let table = try #require(page.components(separatedBy: "table=").dropFirst().map { $0.prefix { $0 != "&" } }.first { $0 == "claims" })
            let csv = try await get(client, "/claims?table=\(table)&format=csv").text
            #expect(csv.contains(",'=1+2,") && csv.contains(",'@SUM(1+1) done"), "\(csv)")
            #expect(!csv.contains(",=") && !csv.contains(",@"))
            let json = try await get(client, "/claims?table=\(table)&format=json").text
            #expect(json.contains("\"=1+2\"") && json.contains("\"@SUM(1+1) done\""), "\(json)")
            let exported = try await get(client, "/data/claims.csv").text
            #expect(exported.contains(",=1+2,") && exported.contains(",@SUM(1+1) done,"))
        }
    }
}

@Suite("Static site file names")
struct StaticNameTests {
    @Test(
        "any string gives a bounded name that stays in its folder, distinct for distinct strings",
        arguments: [
            "..", ".", "../../etc/passwd", "a/b", "", String(repeating: "Энергетическая безопасность ", count: 2), String(repeating: "x", count: 300),
            "a_b", "a.b", "a-b", "~", "a~b", "%2e%2e", "\u{0}",
        ])
    func safeName(_ component: String) {
        let name = StaticSite.safe(component)
        #expect(!name.isEmpty && name.utf8.count <= 64 && !name.contains("/") && !name.hasPrefix("."), "\(component) → \(name)")
    }

    @Test("ids keep their names; names that differ give files that differ")
    func distinct() {
        for id in ["treaty-1999", "a_b", "a.b", "RU", "programme-09"] { #expect(StaticSite.safe(id) == id) }
        let names = [
            "..", "...", "a/b", "ab", "a~b", "Энергетика", "энергетика", String(repeating: "Э", count: 47), String(repeating: "Э", count: 48),
        ]
        #expect(Set(names.map(StaticSite.safe)).count == names.count)
        // A record named like a file an index page writes gets a folder of another name.
        for id in ["index.html", "areas.csv", "sources.JSON", "changes.atom"] { #expect(StaticSite.safe(id) != id, "\(id)") }
    }

    @Test("an area named '..' and a long Russian area get pages of their own; the index stays the dashboard")
    func hostileAreas() async throws {
        let folder = try Fixtures.copy()
        let long = String(repeating: "Энергетика ", count: 5).trimmingCharacters(in: .whitespaces)
        try Fixtures.edit(folder, "commitments.csv", "gas,programme,Gas market,energy,", "gas,programme,Gas market,..,")
        try Fixtures.edit(folder, "commitments.csv", "oil,programme,Oil treaty,energy,", "oil,programme,Oil treaty,\(long),")
        let store = try SQLiteStore(path: Fixtures.database())
        _ = try await Importer.run(DatasetFolder.read(folder), into: store)
        let out = Fixtures.scratchFolder()
        try StaticSite.write(try await store.read(), to: out, asOf: Day(iso: "2026-11-29")!)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!index.contains("Area: .."), "the dashboard was overwritten by the area's page")
        // The folders of the three areas, beside the areas index's own files.
        let listed = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("areas").path).sorted()
        let areas = listed.filter { !["index.html", "areas.csv", "areas.json"].contains($0) }
        #expect(listed.count == areas.count + 3)
        #expect(areas.count == 3)
        #expect(areas.contains("union"))
        var titles: [String] = []
        for area in areas where area != "union" {
            #expect(area.utf8.count <= 64)
            let page = try String(contentsOf: out.appendingPathComponent("areas/\(area)/index.html"), encoding: .utf8)
            titles += [page.contains(long) ? "long" : page.contains("Area: ..") ? "dots" : "?"]
        }
        #expect(titles.sorted() == ["dots", "long"])
        // Nothing was written outside the site's folder.
        #expect(!FileManager.default.fileExists(atPath: out.deletingLastPathComponent().appendingPathComponent("index.html").path))
    }
}

/// A store whose version checks hang (or fail) after its first answer: a database gone away.
final class FailingStore: Store, @unchecked Sendable {
    let inner: any Store
    enum Mode { case answering, hanging, failing }
    private let lock = NSLock()
    private var _mode = Mode.answering
    var mode: Mode {
        get { lock.withLock { _mode } }
        set { lock.withLock { _mode = newValue } }
    }
    init(_ inner: any Store) { self.inner = inner }
    var location: String { inner.location }
    func away() async throws {
        switch mode {
        case .answering: return
        case .hanging: try await Task.sleep(for: .seconds(3600))
        case .failing: throw StoreError("connection refused (is a server listening there?)")
        }
    }
    func read() async throws -> StoredDataset { try await away(); return try await inner.read() }
    func write<T: Sendable>(_ plan: @escaping @Sendable (StoredDataset) throws -> (Changes, T)) async throws -> T { try await inner.write(plan) }
    func version() async throws -> Int { try await away(); return try await inner.version() }
    func figureTables(version: Int?) async throws -> FigureTables? { try await inner.figureTables(version: version) }
    func search(_ query: String, limit: Int, offset: Int) async throws -> SearchResults {
        try await inner.search(query, limit: limit, offset: offset)
    }
    func watch(_ onChange: @escaping @Sendable () async -> Void) async throws { try await inner.watch(onChange) }
}

/// Log lines, kept for the test to read.
final class LogLines: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        lock.withLock { lines.append("\(level): \(message)") }
    }
    var all: [String] { lock.withLock { lines } }
}

@Suite("A database that goes away")
struct OutageTests {
    @Test("reads are answered from the loaded snapshot within a moment, and the log says so", arguments: [FailingStore.Mode.hanging, .failing])
    func outage(_ mode: FailingStore.Mode) async throws {
        let store = try SQLiteStore(path: Fixtures.database())
        _ = try await Importer.run(DatasetFolder.read(try Fixtures.copy()), into: store)
        let failing = FailingStore(store)
        let lines = LogLines()
        let cache = SnapshotCache(store: failing, freshness: 0, patience: .milliseconds(100), logger: Logger(label: "t") { _ in lines })
        let loaded = try await cache.current()
        failing.mode = mode
        let clock = ContinuousClock()
        for _ in 0..<5 {
            let start = clock.now
            let entry = try await cache.current()
            #expect(entry.version == loaded.version)
            // A liveness bound, not a benchmark: the database never answers (an hour), and a full
            // test run on two cores may delay any task by seconds.
            #expect(clock.now - start < .seconds(60), "a read waited for the database")
        }
        #expect(lines.all.filter { $0.contains("serving the snapshot already loaded") }.count == 1, "\(lines.all)")
        // Back: within a few reads (a hung check is left behind after a second), and the log says so.
        failing.mode = .answering
        for _ in 0..<50 where lines.all.last?.contains("The database answers again") != true {
            _ = try await cache.current()
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(lines.all.last?.contains("The database answers again") == true, "\(lines.all)")
    }
}
