import Foundation
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import Testing

@testable import PactwatchStore

/// The engines the contract below runs against: SQLite always, PostgreSQL when a test server is
/// named (and always under CI=true, where a missing server fails the run).
enum Engine: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static var enabled: [Engine] { TestPostgres.enabled ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// Where a new, empty record can live: a file path, or a new database's address.
    func freshLocation() async throws -> String {
        switch self {
        case .sqlite: temporaryDatabase()
        case .postgres: try await TestPostgres.freshDatabase()
        }
    }

    /// Opens the record at `location` for `body` (each call a new handle: another process, in effect).
    func open<T: Sendable>(_ location: String, _ body: (any Store) async throws -> T) async throws -> T {
        switch self {
        case .sqlite: try await body(try SQLiteStore(path: location))
        case .postgres: try await PostgresStore.withStore(url: location) { try await body($0) }
        }
    }

    /// A fresh, empty store for `body`.
    func withStore<T: Sendable>(_ body: (any Store) async throws -> T) async throws -> T {
        try await open(try await freshLocation(), body)
    }

    /// Raw SQL behind the ledger's back, as someone with database access could run it.
    func execute(_ store: any Store, _ sql: String) async throws {
        switch store {
        case let sqlite as SQLiteStore: try await sqlite.execute(sql: sql)
        case let postgres as PostgresStore: try await postgres.execute(sql: sql)
        default: Issue.record("no raw SQL for \(type(of: store))")
        }
    }

    /// The statement that removes the append-only guard on `events`.
    var dropUpdateGuard: String {
        self == .sqlite ? "DROP TRIGGER events_no_update" : "DROP TRIGGER events_no_update ON events"
    }
}

@Suite("The PostgreSQL test server")
struct PostgresServerTests {
    @Test(
        "is reachable, so the engine tests below run against PostgreSQL too",
        .enabled(if: TestPostgres.enabled, Comment(rawValue: TestPostgres.howToRun)))
    func reachable() async throws {
        let location = try await TestPostgres.freshDatabase()
        let version = try await PostgresStore.withStore(url: location) { try await $0.version() }
        #expect(version == 0)
    }

    @Test(
        "a user who may not create tables is told which privilege the first run needs",
        .enabled(if: TestPostgres.enabled, Comment(rawValue: TestPostgres.howToRun)))
    func privileges() async throws {
        var components = URLComponents(string: try await TestPostgres.freshDatabase())!
        let role = "reader_" + components.path.dropFirst().suffix(8)
        try await TestPostgres.administer("CREATE ROLE \(role) LOGIN PASSWORD 'r'")
        components.user = role
        components.password = "r"
        await #expect {
            try await PostgresStore.withStore(url: components.string!) { try await $0.version() }
        } throws: { error in
            "\(error)".contains(
                "permission denied for schema public; the first run creates tables, a function and triggers, so connect as the database's owner or grant CREATE ON SCHEMA public to \(role)"
            )
        }
    }
}

@Suite("The store and its ledger, on every engine")
struct StoreTests {
    func importFixture(into store: any Store, _ name: String = "valid") async throws -> ImportSummary {
        try await Importer.run(DatasetFolder.read(try fixtureCopy(name)), into: store)
    }

    @Test("an import stores every record and serves the same figures as the folder itself", arguments: Engine.enabled)
    func importAndFigures(engine: Engine) async throws {
        try await engine.withStore { store in
            let summary = try await importFixture(into: store)
            #expect(summary.added[.events] == 6)
            #expect(summary.added[.parties] == 3)
            let folder = try DatasetFolder.check(try fixtureCopy()).dataset
            let stored = try await store.read()
            // Stored events gain `recorded`; everything else reads back as written.
            #expect(stored.dataset.events.allSatisfy { $0.recorded != nil })
            var withoutStamps = stored.dataset
            for i in withoutStamps.events.indices { withoutStamps.events[i].recorded = nil }
            for i in withoutStamps.commitments.indices { withoutStamps.commitments[i].recorded = nil }
            for i in withoutStamps.claims.indices { withoutStamps.claims[i].recorded = nil }
            #expect(withoutStamps == folder)
            let snapshot = try await store.snapshot()
            for day in ["2022-01-01", "2022-08-31", "2023-06-30", "2030-01-01"] {
                let d = Day(iso: day)!
                #expect(snapshot.figures(asOf: d) == Snapshot(folder).figures(asOf: d))
            }
            #expect(try await store.version() == 1)
        }
    }

    /// The record, its chain and its version are as `before`: nothing was written.
    func expectUnchanged(_ store: any Store, since before: StoredDataset, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let after = try await store.read()
        #expect(after.dataset == before.dataset, sourceLocation: sourceLocation)
        #expect(after.eventHashes == before.eventHashes, sourceLocation: sourceLocation)
        #expect(after.version == before.version, sourceLocation: sourceLocation)
    }

    /// The stored tables answer as the record they were stored with does.
    func expectTablesMatch(_ store: any Store, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let tables = try #require(try await store.figureTables(), "no figure tables stored for the current version", sourceLocation: sourceLocation)
        let snapshot = try await store.snapshot()
        for day in ["2021-12-31", "2022-08-31", "2023-06-30", "2023-07-01", "2030-01-01"] {
            let stored = tables.report(asOf: Day(iso: day)!), direct = snapshot.report(asOf: Day(iso: day)!)
            #expect(stored.overall == direct.overall, "as of \(day)", sourceLocation: sourceLocation)
            #expect(stored.parties.map(\.figures) == direct.parties.map(\.figures), "as of \(day)", sourceLocation: sourceLocation)
            #expect(stored.instruments.map(\.figures) == direct.instruments.map(\.figures), "as of \(day)", sourceLocation: sourceLocation)
        }
    }

    @Test("each import stores the figure tables of the whole record, in the same transaction", arguments: Engine.enabled)
    func figureTables(engine: Engine) async throws {
        try await engine.withStore { store in
            #expect(try await store.figureTables() == nil)
            _ = try await importFixture(into: store)
            try await expectTablesMatch(store)
            let first = try await store.figureTables()
            // An incremental import moves the figures: the tables follow.
            let folder = temporaryFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "id,date,commitment,party,stage,sources\ne8,2023-07-01,gas,RU,in_force,s1\n"
                .write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
            _ = try await Importer.run(DatasetFolder.read(folder), into: store)
            #expect(try await store.figureTables() != first)
            try await expectTablesMatch(store)
            // Tables are handed out only for the version they were stored with.
            #expect(try await store.figureTables(version: 1) == nil)
            #expect(try await store.figureTables(version: 2) != nil)
            // The server's cache answers from them, densified, as the record does.
            let cached = try await SnapshotCache(store: store).current()
            #expect(cached.figures.tables == FigureTables(cached.snapshot))
            #expect(try await store.verify().figureTables == .current)
            // A refused import leaves them as they were.
            try "id,date,commitment,party,stage,sources\ne9,2023-07-01,nope,RU,in_force,s1\n"
                .write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
            let before = try await store.figureTables()
            await #expect(throws: ValidationFailure.self) { try await Importer.run(DatasetFolder.read(folder), into: store) }
            #expect(try await store.figureTables() == before)
        }
    }

    @Test(
        "verify finds missing or altered figure tables and repair stores them anew; another format is never answered from", arguments: Engine.enabled)
    func figureTablesRepaired(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await importFixture(into: store)
            // Tables of another record, stored as if they were this one's.
            let other = FigureTables(Snapshot(try DatasetFolder.check(Bundled.folder("union-state")!).dataset))
            try await store.write { _ in (Changes(figures: EncodedFigures(other)), ()) }
            #expect(try await store.figureTables() == FigureTables(decoding: other.encoded()))
            #expect(try await store.verify().figureTables == .differ)
            try await store.storeFigureTables()
            #expect(try await store.verify().figureTables == .current)
            try await expectTablesMatch(store)
            // Tables cut short do not decode: never answered from, and not taken for missing ones.
            try await engine.execute(store, "UPDATE figure_tables SET data = substr(data, 1, 10)")
            #expect(try await store.figureTables() == nil)
            #expect(try await store.verify().figureTables == .differ)
            try await store.storeFigureTables()
            #expect(try await store.verify().figureTables == .current)
            // A database last written by a build without them: none answered from until stored.
            try await engine.execute(store, "DELETE FROM figure_tables")
            #expect(try await store.figureTables() == nil)
            #expect(try await store.verify().figureTables == .missing)
            // Re-importing the same folder adds no row but stores the missing tables.
            let again = try await importFixture(into: store)
            #expect(again.totalAdded == 0)
            #expect(try await store.version() == 1)
            try await expectTablesMatch(store)
            // Tables of another format are ignored.
            try await engine.execute(store, "UPDATE figure_tables SET format = format + 1")
            #expect(try await store.figureTables() == nil)
        }
    }

    @Test("opening and reading a record never waits for a write in progress in another handle", arguments: Engine.enabled)
    func readersDoNotWait(engine: Engine) async throws {
        let location = try await engine.freshLocation()
        try await engine.open(location) { store in
            _ = try await importFixture(into: store)
            let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            // A writer that holds the write lock until the reader below is done.
            let writer = Task {
                try await store.write { _ in
                    entered.signal()
                    release.wait()
                    return (Changes(), ())
                }
            }
            await Task.detached { entered.wait() }.value
            // Had opening taken the write lock, this would wait for `release`, which comes only
            // after it: the busy timeout would end it with "database is locked".
            let version = try await engine.open(location) { reader in try await reader.version() }
            let figures = try await engine.open(location) { reader in try await reader.figureTables() }
            release.signal()
            try await writer.value
            #expect(version == 1)
            #expect(figures != nil)
        }
    }

    @Test("importing the same folder twice changes nothing", arguments: Engine.enabled)
    func idempotent(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await importFixture(into: store)
            let before = try await store.read()
            let again = try await importFixture(into: store)
            #expect(again.totalAdded == 0)
            #expect(again.skipped[.events] == 6)
            try await expectUnchanged(store, since: before)
        }
    }

    @Test("a changed row with an existing id is refused with its file and line, and nothing changes", arguments: Engine.enabled)
    func changedRowRefused(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await importFixture(into: store)
            let before = try await store.read()
            let folder = try fixtureCopy()
            try edit(folder, "events.csv", "e3,2022-09-01,oil,,adopted", "e3,2022-09-01,oil,,in_force")
            try edit(folder, "parties.csv", "BY,Belarus", "BY,Belarus (Republic)")
            // A new, valid event in the same folder must not slip in either.
            let url = folder.appendingPathComponent("events.csv")
            try (String(contentsOf: url, encoding: .utf8) + "e7,2023-05-01,oil,,in_force,,,s1,,\r\n").write(
                to: url, atomically: true, encoding: .utf8)
            await #expect {
                try await Importer.run(DatasetFolder.read(folder), into: store)
            } throws: { error in
                let text = (error as? ValidationFailure)?.description ?? ""
                return text.contains("events.csv:5:id: event \"e3\" already exists with different content; events change only by retraction")
                    && text.contains("parties.csv:3:id: party \"BY\" already exists with different content")
            }
            try await expectUnchanged(store, since: before)
        }
    }

    @Test("a refused import into a database that holds records changes nothing", arguments: Engine.enabled)
    func atomic(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await Importer.run(DatasetFolder.read(Bundled.folder("union-state")!), into: store)
            let before = try await store.read()
            let folder = try fixtureCopy()
            try edit(folder, "events.csv", "in_preparation", "drafted")
            await #expect(throws: ValidationFailure.self) { try await Importer.run(DatasetFolder.read(folder), into: store) }
            try await expectUnchanged(store, since: before)
        }
    }

    @Test("an incremental import may refer to records already stored", arguments: Engine.enabled)
    func incremental(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await importFixture(into: store)
            let folder = temporaryFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "id,date,commitment,party,stage,sources\ne8,2023-07-01,gas,RU,in_force,s1\n"
                .write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
            let summary = try await Importer.run(DatasetFolder.read(folder), into: store)
            #expect(summary.added == [.events: 1])
            let stored = try await store.read()
            #expect(stored.dataset.events.last?.id == "e8")
            #expect(try await store.verify().broken == nil)
            #expect(stored.eventHashes.last == summary.head)
            // Unknown references are still refused against the stored record.
            try "id,date,commitment,party,stage,sources\ne9,2023-07-01,nope,RU,in_force,s1\n"
                .write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
            await #expect(throws: ValidationFailure.self) { try await Importer.run(DatasetFolder.read(folder), into: store) }
        }
    }

    @Test("events are append-only in the database itself", arguments: Engine.enabled)
    func appendOnly(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await importFixture(into: store)
            await #expect(throws: (any Error).self) { try await engine.execute(store, "UPDATE events SET stage = 'applied' WHERE id = 'e1'") }
            await #expect(throws: (any Error).self) { try await engine.execute(store, "DELETE FROM events WHERE id = 'e1'") }
            #expect(try await store.read().dataset.events.count == 6)
            #expect(try await store.verify().broken == nil)
        }
    }

    @Test("verify passes on an untouched database and names the first altered event", arguments: Engine.enabled)
    func verify(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await importFixture(into: store)
            let intact = try await store.verify()
            #expect(intact.broken == nil)
            #expect(intact.events == 6)
            // Behind the ledger's back: drop the guard, then alter the third event's note.
            try await engine.execute(store, engine.dropUpdateGuard)
            try await engine.execute(store, "UPDATE events SET note = 'quietly changed' WHERE id = 'e3'")
            let check = try await store.verify()
            #expect(check.broken?.id == "e3")
            #expect(check.broken?.position == 3)
        }
    }

    @Test("full-text search finds records by title, in any case, by word prefix, and ignores query syntax", arguments: Engine.enabled)
    func search(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await Importer.run(DatasetFolder.read(Bundled.folder("union-state")!), into: store)
            let hits = try await store.search("MIGRAT", limit: 50)
            #expect(hits.contains { $0.table == .instruments && $0.title.lowercased().contains("migration") })
            // Cyrillic titles are indexed too (the bundled dataset carries Russian titles).
            #expect(try await !store.search("союзн", limit: 50).isEmpty)
            // Quotes, operators and stray punctuation are words, never a syntax error.
            #expect(try await store.search("\"\" OR ) & :* NEAR(", limit: 5).isEmpty)
            #expect(try await store.search("zzqx-nothing", limit: 5).isEmpty)
            // Pages: the total of every match whatever the page, pages that do not overlap, one past the end empty.
            let all = try await store.search("the", limit: 1000, offset: 0)
            let first = try await store.search("the", limit: 10, offset: 0), second = try await store.search("the", limit: 10, offset: 10)
            #expect(all.total == all.hits.count && all.total > 20)
            #expect(first.total == all.total && second.total == all.total && first.hits.count == 10 && second.hits.count == 10)
            let key = { (hit: SearchHit) in "\(hit.table)/\(hit.id)" }
            #expect(Set(first.hits.map(key)).isDisjoint(with: second.hits.map(key)))
            #expect(first.hits.map(key) + second.hits.map(key) == all.hits.prefix(20).map(key))
            let past = try await store.search("the", limit: 10, offset: all.total)
            #expect(past.hits.isEmpty && past.total == all.total)
        }
    }

    @Test("ledger hashes are kept as bytes and read back exactly as stored, hand-altered ones included")
    func ledgerHashes() {
        let valid = Ledger.genesis.replacingOccurrences(of: "0", with: "7f").prefix(64)
        let stored = [String(valid), "not-a-hash", "", valid.uppercased(), Ledger.genesis]
        let hashes = LedgerHashes(stored)
        #expect(Array(hashes) == stored)
        #expect(hashes.count == 5 && hashes.last == Ledger.genesis)
        #expect(hashes == LedgerHashes(Array(hashes)))
        #expect(hashes != LedgerHashes(stored.dropLast()))
    }

    @Test("the chain is SHA-256 over the previous hash and the event's export line")
    func chainDefinition() throws {
        let event = Event(
            id: "e1", date: PartialDate("2022-03-01")!, commitment: "gas", party: "RU", stage: .inPreparation,
            sources: ["s1"], note: "a, \"quoted\" note", recorded: "2026-11-29T00:00:00Z")
        #expect(Ledger.canonicalForm(event) == "e1,2022-03-01,gas,RU,in_preparation,,,s1,\"a, \"\"quoted\"\" note\",,2026-11-29T00:00:00Z\r\n")
        // Reference: (printf "%064d" 0; printf 'e1,…,2026-11-29T00:00:00Z\r\n') | sha256sum
        #expect(Ledger.hash(previous: Ledger.genesis, event) == "92208ae6ea171c213e113b7f0414860db0bdc330b1563dd2418b7ffa152db1d0")
        // The importer chains rows already encoded for the database: the same hashes, whatever the fields hold.
        var events = [event]
        for (i, note) in ["plain", "line\nbreak", "carriage\r\nreturn", "\"", "", "кириллица, «quotes»", "a,b,,c"].enumerated() {
            events.append(
                Event(
                    id: "e\(i + 2)", date: PartialDate("2023")!, commitment: "gas", deadline: PartialDate("2024-02")!,
                    sources: ["s1", "s2"], note: note.isEmpty ? nil : note, recorded: "2026-11-29T00:00:00Z"))
        }
        let rows = events.map(RecordCoding.row)
        #expect(Ledger.chain(rows: rows) == Ledger.chain(events))
        #expect(Ledger.chain(rows: rows, after: Ledger.chain(events)[3]) == Ledger.chain(events, after: Ledger.chain(events)[3]))
    }

    @Test(
        "a record moves SQLite → PostgreSQL → SQLite by export and import with identical rows, chain and figures",
        arguments: [Engine.enabled.contains(.postgres) ? [Engine.sqlite, .postgres, .sqlite] : [.sqlite, .sqlite]])
    func roundTrip(route: [Engine]) async throws {
        // The first engine holds the bundled dataset and a generated tracker.
        let generated = temporaryFolder()
        try DatasetFolder.write(Synthetic(parties: 4, commitments: 60, seed: 7).dataset(), eventHashes: [], to: generated)
        var previous: StoredDataset?
        var reports: [[StatusReport]] = []
        for engine in route {
            let stored: StoredDataset = try await engine.withStore { store in
                if let previous {
                    let out = temporaryFolder()
                    try DatasetFolder.write(previous.dataset, eventHashes: previous.eventHashes, to: out)
                    _ = try await Importer.run(DatasetFolder.read(out), into: store)
                } else {
                    for folder in [Bundled.folder("union-state")!, generated] {
                        _ = try await Importer.run(DatasetFolder.read(folder), into: store)
                    }
                }
                #expect(try await store.verify().broken == nil)
                return try await store.read()
            }
            if let previous {
                #expect(stored.dataset == previous.dataset)
                #expect(stored.eventHashes == previous.eventHashes)
            }
            let snapshot = Snapshot(stored.dataset)
            reports.append(["2021-11-04", "2022-12-31", "2024-06-30", "2026-11-29"].map { snapshot.report(asOf: Day(iso: $0)!) })
            previous = stored
        }
        for later in reports.dropFirst() {
            for (a, b) in zip(reports[0], later) {
                #expect(a.overall == b.overall)
                #expect(a.parties.map(\.figures) == b.parties.map(\.figures))
                #expect(a.instruments.map(\.figures) == b.instruments.map(\.figures))
            }
        }
    }

    @Test("an export whose hash column was altered is refused", arguments: Engine.enabled)
    func alteredExport(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await importFixture(into: store)
            let stored = try await store.read()
            let out = temporaryFolder()
            try DatasetFolder.write(stored.dataset, eventHashes: stored.eventHashes, to: out)
            try edit(out, "events.csv", "adopted", "in_force")
            try await engine.withStore { empty in
                await #expect {
                    try await Importer.run(DatasetFolder.read(out), into: empty)
                } throws: { error in
                    (error as? ValidationFailure)?.description.contains("events.csv:5:hash: the ledger chain breaks at event \"e3\"") ?? false
                }
                let version = try await empty.version()
                #expect(version == 0)
            }
        }
    }

    @Test("two imports at once serialise: both land, one after the other, and the chain verifies", arguments: Engine.enabled)
    func concurrentImports(engine: Engine) async throws {
        let location = try await engine.freshLocation()
        let (first, second) = try Fixtures.splitGenerated(commitments: 300)
        // Two handles on one record stand for two processes; each imports half the events.
        async let a = engine.open(location) { try await Importer.run(DatasetFolder.read(first), into: $0) }
        async let b = engine.open(location) { try await Importer.run(DatasetFolder.read(second), into: $0) }
        let (summaryA, summaryB) = try await (a, b)
        try await engine.open(location) { store in
            let stored = try await store.read()
            #expect(try await store.verify().broken == nil)
            let idsA = Set(try DatasetFolder.check(first).dataset.events.map(\.id))
            let idsB = Set(try DatasetFolder.check(second).dataset.events.map(\.id))
            #expect(summaryA.added[.events] == idsA.count && summaryB.added[.events] == idsB.count)
            #expect(stored.dataset.events.count == idsA.count + idsB.count)
            // Not interleaved: one import's events, then the other's.
            let owners = stored.dataset.events.map { idsA.contains($0.id) ? "A" : "B" }
            let runs = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count + 1
            #expect(runs == 2)
            #expect([summaryA.head, summaryB.head].contains(stored.eventHashes.last!))
        }
    }
}

@Suite("The snapshot that serves reads")
struct SnapshotCacheTests {
    @Test("the snapshot is reused until another process imports, then rebuilt with the new record", arguments: Engine.enabled)
    func refresh(engine: Engine) async throws {
        let location = try await engine.freshLocation()
        try await engine.open(location) { store in
            let cache = SnapshotCache(store: store)
            #expect(try await cache.current().snapshot.obligations.isEmpty)
            // Another handle on the same record stands for another process importing.
            _ = try await engine.open(location) { try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: $0) }
            let loaded = try await cache.current()
            #expect(loaded.snapshot.obligations.count == 4)  // gas×RU, gas×BY, oil (joint), union×UNION
            #expect(loaded.version == 1)
            #expect(loaded.eventHashes.count == 6)
            let again = try await cache.current()
            #expect(again.snapshot.dataset == loaded.snapshot.dataset)
            #expect(again.version == 1)
        }
    }

    @Test("watching the store reloads the snapshot soon after another process commits", arguments: Engine.enabled)
    func watch(engine: Engine) async throws {
        let location = try await engine.freshLocation()
        try await engine.open(location) { store in
            // A long freshness: only the watch can explain a reload.
            let cache = SnapshotCache(store: store, freshness: 3600)
            #expect(try await cache.current().version == 0)
            let watching = Task { try await cache.watch() }
            defer { watching.cancel() }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await engine.open(location) { try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: $0) }
            let committed = ContinuousClock.now
            // Other tests share this process's cooperative threads, and the command-line tests
            // block them for seconds at a time while a child process runs, so "soon" is generous
            // here; the one-second promise is checked across real processes (two `serve`s). With
            // a freshness of an hour, only the watch can explain the reload.
            var version = 0
            while version != 1, ContinuousClock.now - committed < .seconds(90) {
                try await Task.sleep(for: .milliseconds(20))
                version = try await cache.current().version
            }
            #expect(version == 1, "the snapshot was not reloaded after the commit")
        }
    }
}
