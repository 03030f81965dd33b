import Foundation
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import Testing

@testable import PactwatchStore

/// A store that does what the store it wraps does, calling `onWrite` when a write is asked for
/// and `inside` from within the write's plan (while the write lock is held).
struct ObservedStore: Store {
    let inner: any Store
    var onWrite: @Sendable () -> Void = {}
    var inside: @Sendable () -> Void = {}
    var location: String { inner.location }
    func read() async throws -> StoredDataset { try await inner.read() }
    func write<T: Sendable>(_ plan: @escaping @Sendable (StoredDataset) throws -> (Changes, T)) async throws -> T {
        onWrite()
        let inside = self.inside
        return try await inner.write { stored in
            inside()
            return try plan(stored)
        }
    }
    func version() async throws -> Int { try await inner.version() }
    func figureTables(version: Int?) async throws -> FigureTables? { try await inner.figureTables(version: version) }
    func search(_ query: String, limit: Int, offset: Int) async throws -> SearchResults {
        try await inner.search(query, limit: limit, offset: offset)
    }
    func watch(_ onChange: @escaping @Sendable () async -> Void) async throws { try await inner.watch(onChange) }
}

@Suite("Hardening: what a user stored is never lost or altered")
struct HardeningStoreTests {
    /// A folder holding one table's CSV text (and the valid fixture's other files).
    func fixture(editing file: String, _ old: String, _ new: String) throws -> URL {
        let folder = try fixtureCopy()
        try edit(folder, file, old, new)
        return folder
    }

    @Test("the smallest and largest weights and a tiny claimed value import and read back exactly", arguments: Engine.enabled)
    func extremeNumbers(engine: Engine) async throws {
        let folder = try fixture(editing: "commitments.csv", ",2022-07,2,s1", ",2022-07,0.0001,s1")
        try edit(folder, "commitments.csv", ",2023,1,s1", ",2023,1000000,s1")
        try edit(folder, "claims.csv", ",60,,,s2", ",0.00001,,,s2")
        try await engine.withStore { store in
            _ = try await Importer.run(DatasetFolder.read(folder), into: store)
            let stored = try await store.read().dataset
            #expect(stored.commitments.map(\.weight).prefix(2) == [0.0001, 1_000_000])
            #expect(stored.claims[0].value == 0.00001)
            #expect(try await store.verify().storedProblems.isEmpty)
            // The server's path: the snapshot cache reads the same record.
            #expect(try await SnapshotCache(store: store).current().snapshot.dataset.claims[0].value == 0.00001)
        }
    }

    @Test("a dataset's title and subtitle are stored, read back, replaced by a later import and exported", arguments: Engine.enabled)
    func about(engine: Engine) async throws {
        let folder = try Fixtures.copy()
        func describe(_ title: String) throws {
            let descriptor: [String: Any] = [
                "name": "x", "title": title, "title_ru": "Заголовок", "description": "What it tracks",
                "resources": Table.allCases.map { ["name": $0.rawValue, "path": $0.fileName] },
            ]
            try JSONSerialization.data(withJSONObject: descriptor).write(to: folder.appendingPathComponent("datapackage.json"))
        }
        try describe("First title")
        try await engine.withStore { store in
            _ = try await Importer.run(DatasetFolder.read(folder), into: store)
            var about = try await store.read().dataset.about
            #expect(about.title == "First title" && about.titles == ["ru": "Заголовок"] && about.description == "What it tracks")
            // Nothing else changed: the new title alone is a change, and it replaces the old one.
            let version = try await store.read().version
            try describe("Second title")
            _ = try await Importer.run(DatasetFolder.read(folder), into: store)
            let after = try await store.read()
            about = after.dataset.about
            #expect(about.title == "Second title" && after.version == version + 1)
            let written = try DatasetFolder.files(try await store.read().dataset, eventHashes: [], name: "x")
            let descriptor = try #require(written.first { $0.name == "datapackage.json" }).data
            #expect(DataPackage.about(descriptor) == about)
        }
    }

    @Test("a row an older build stored in exponent form or out of range stays readable, and verify names it", arguments: Engine.enabled)
    func olderRows(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: store)
            try await engine.execute(store, "UPDATE commitments SET weight = '1e-05' WHERE id = 'gas'")
            try await engine.execute(store, "UPDATE claims SET value = '1e-05' WHERE id = 'k1'")
            let stored = try await store.read().dataset
            #expect(stored.commitments[0].weight == 0.00001)
            #expect(stored.claims[0].value == 0.00001)
            let problems = try await store.verify().storedProblems.map(\.description)
            #expect(
                problems == [
                    "database (commitments.csv):weight: commitment \"gas\": weight 0.00001 is out of range; expected a number from 0.0001 to 1000000"
                ])
        }
    }

    @Test("an event stamped in the future is refused at its line", arguments: Engine.enabled)
    func futureStamp(engine: Engine) async throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: try fixtureCopy().appendingPathComponent("parties.csv"), to: folder.appendingPathComponent("parties.csv"))
        try await engine.withStore { store in
            _ = try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: store)
            try "id,date,commitment,party,stage,sources,recorded\ne9,2023-07-01,gas,RU,in_force,s1,2999-01-01T00:00:00Z\n"
                .write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
            let before = try await store.read()
            await #expect {
                try await Importer.run(DatasetFolder.read(folder), into: store, now: Date(timeIntervalSince1970: 1_780_000_000))
            } throws: { error in
                "\(error)".hasPrefix("events.csv:2:recorded: recorded 2999-01-01T00:00:00Z is in the future (now is 2026-05-28T")
            }
            #expect(try await store.read().dataset == before.dataset)
        }
    }

    @Test("serve's seed never mixes into an import that started first, however the two interleave", arguments: Engine.enabled)
    func seedRace(engine: Engine) async throws {
        let location = try await engine.freshLocation()
        let userFolder = try fixtureCopy()
        let holding = DispatchSemaphore(value: 0), seedWaits = DispatchSemaphore(value: 0)
        try await engine.open(location) { user in
            // The user's first import holds the write lock until the seed has decided and asked to write.
            let userImport = Task {
                try await user.write { stored in
                    holding.signal()
                    seedWaits.wait()
                    return try Importer.plan(
                        DatasetFolder.read(userFolder), over: stored, recorded: Importer.timestamp(Date()), attribution: (Attribution(), false),
                        progress: nil)
                }
            }
            await Task.detached { holding.wait() }.value
            let seeded = try await engine.open(location) { server in
                try await Importer.seed(Bundled.folder("union-state")!, into: ObservedStore(inner: server, onWrite: { seedWaits.signal() }))
            }
            _ = try await userImport.value
            #expect(seeded == nil)
            let stored = try await user.read().dataset
            #expect(stored == (try DatasetFolder.check(userFolder).dataset).withStamps(of: stored))
        }
    }

    @Test("an empty database is seeded once; a database that ever held a record never is", arguments: Engine.enabled)
    func seedOnce(engine: Engine) async throws {
        try await engine.withStore { store in
            let bundled = Bundled.folder("union-state")!
            let first = try await Importer.seed(bundled, into: store)
            #expect(first?.totalAdded ?? 0 > 0)
            #expect(try await Importer.seed(bundled, into: store) == nil)
            #expect(try await store.version() == 1)
        }
    }

    @Test("a data version that is not a whole number is an error, never version 0", arguments: Engine.enabled)
    func unreadableVersion(engine: Engine) async throws {
        try await engine.withStore { store in
            _ = try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: store)
            try await engine.execute(store, "UPDATE meta SET value = 'garbage' WHERE key = 'version'")
            await #expect { try await store.version() } throws: { "\($0)".contains("data version \"garbage\" is not a whole number") }
            // So a server never takes the record for an empty one and seeds it.
            await #expect(throws: StoreError.self) { try await Importer.seed(Bundled.folder("union-state")!, into: store) }
            try await engine.execute(store, "DELETE FROM meta WHERE key = 'version'")
            await #expect { try await store.version() } throws: { "\($0)".contains("has no data version") }
        }
    }
}

extension Dataset {
    /// This dataset with the `recorded` stamps of `stored` (which an import adds).
    func withStamps(of stored: Dataset) -> Dataset {
        var copy = self
        for i in copy.events.indices where i < stored.events.count { copy.events[i].recorded = stored.events[i].recorded }
        for i in copy.commitments.indices where i < stored.commitments.count { copy.commitments[i].recorded = stored.commitments[i].recorded }
        for i in copy.claims.indices where i < stored.claims.count { copy.claims[i].recorded = stored.claims[i].recorded }
        return copy
    }
}

@Suite("SQLite files: foreign files, read-only readers, writers that take turns")
struct SQLiteFileTests {
    /// A SQLite file of another application: one table of its own, in rollback-journal mode.
    func foreignFile() throws -> String {
        let path = temporaryDatabase()
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        return path
    }

    @Test(
        "another application's file is refused by readers and writers alike, byte for byte unchanged",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs Debian's sqlite3"),
        arguments: [SQLiteStore.Access.readOnly, .readWrite])
    func foreign(access: SQLiteStore.Access) throws {
        let path = try foreignFile()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteStore(path: path, access: access)
        } throws: { "\($0)".contains("\(path) is not a Pactwatch database (it holds other tables: invoices); nothing was changed") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a reader never writes: no migration, no WAL switch, no new file")
    func readerDoesNotWrite() async throws {
        let path = temporaryDatabase()
        #expect { _ = try SQLiteStore(path: path, access: .readOnly) } throws: { _ in true }
        #expect(!FileManager.default.fileExists(atPath: path))
        let store = try SQLiteStore(path: path)
        _ = try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: store)
        // A file of an older build (its last migration not applied) is read as it is.
        try await store.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%'")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try SQLiteStore(path: path, access: .readOnly)
        #expect(try await reader.read().dataset.events.count == 6)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a queued import waits its turn, however long the other holds the lock, and says so")
    func queuedImportWaits() async throws {
        let path = temporaryDatabase()
        let holder = try SQLiteStore(path: path)
        let (first, second) = try Fixtures.splitGenerated(commitments: 40)
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let notices = Notices()
        let queued = try SQLiteStore(path: path) { seconds in notices.add(seconds) }
        let long = Task {
            try await Importer.run(
                folder: first,
                into: ObservedStore(
                    inner: holder,
                    inside: {
                        holding.signal(); release.wait()
                    }))
        }
        await Task.detached { holding.wait() }.value
        let waiting = Task { try await Importer.run(folder: second, into: queued) }
        // Held well past where a 30 s busy timeout would have failed the queued import, on a
        // clock the busy handler reads: its notices say how long it has waited.
        while notices.latest < 35 { try await Task.sleep(for: .milliseconds(100)) }
        release.signal()
        _ = try await long.value
        _ = try await waiting.value
        #expect(try await holder.read().dataset.events.count > 0)
        #expect(notices.latest >= 35)
        #expect(try await holder.verify().broken == nil)
    }
}

/// What a busy handler reported, from any thread.
final class Notices: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [Int] = []
    func add(_ s: Int) { lock.withLock { seconds.append(s) } }
    var latest: Int { lock.withLock { seconds.last ?? 0 } }
}
