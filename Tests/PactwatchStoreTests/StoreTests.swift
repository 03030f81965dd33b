import Foundation
import Testing
import PactwatchCore
import PactwatchData
@testable import PactwatchStore

@Suite("The SQLite store and its ledger")
struct StoreTests {
    func importFixture(into store: any Store, _ name: String = "valid") throws -> ImportSummary {
        try Importer.run(DatasetFolder.read(try fixtureCopy(name)), into: store)
    }

    @Test("an import stores every record and serves the same figures as the folder itself")
    func importAndFigures() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        let summary = try importFixture(into: store)
        #expect(summary.added[.events] == 6)
        #expect(summary.added[.parties] == 3)
        let folder = try DatasetFolder.check(try fixtureCopy()).dataset
        let stored = try store.read()
        // Stored events gain `recorded`; everything else reads back as written.
        #expect(stored.dataset.events.allSatisfy { $0.recorded != nil })
        var withoutStamps = stored.dataset
        for i in withoutStamps.events.indices { withoutStamps.events[i].recorded = nil }
        #expect(withoutStamps == folder)
        for day in ["2022-01-01", "2022-08-31", "2023-06-30", "2030-01-01"] {
            let d = Day(iso: day)!
            #expect(try store.snapshot().figures(asOf: d) == Snapshot(folder).figures(asOf: d))
        }
        #expect(try store.version() == 1)
    }

    @Test("importing the same folder twice changes nothing")
    func idempotent() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        _ = try importFixture(into: store)
        let before = try store.read()
        let again = try importFixture(into: store)
        #expect(again.totalAdded == 0)
        #expect(again.skipped[.events] == 6)
        let after = try store.read()
        #expect(after.dataset == before.dataset)
        #expect(after.eventHashes == before.eventHashes)
        #expect(after.version == before.version)
    }

    @Test("a changed row with an existing id is refused with its file and line, and nothing changes")
    func changedRowRefused() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        _ = try importFixture(into: store)
        let before = try store.read()
        let folder = try fixtureCopy()
        try edit(folder, "events.csv", "e3,2022-09-01,oil,,adopted", "e3,2022-09-01,oil,,in_force")
        try edit(folder, "parties.csv", "BY,Belarus", "BY,Belarus (Republic)")
        // A new, valid event in the same folder must not slip in either.
        let url = folder.appendingPathComponent("events.csv")
        try (String(contentsOf: url, encoding: .utf8) + "e7,2023-05-01,oil,,in_force,,,s1,,\r\n").write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try Importer.run(DatasetFolder.read(folder), into: store)
        } throws: { error in
            let text = (error as? ValidationFailure)?.description ?? ""
            return text.contains("events.csv:5:id: event \"e3\" already exists with different content; events change only by retraction")
                && text.contains("parties.csv:3:id: party \"BY\" already exists with different content")
        }
        let after = try store.read()
        #expect(after.dataset == before.dataset)
        #expect(after.version == before.version)
    }

    @Test("a refused import into a database that holds records changes nothing")
    func atomic() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        _ = try Importer.run(DatasetFolder.read(Bundled.folder("union-state")!), into: store)
        let before = try store.read()
        let folder = try fixtureCopy()
        try edit(folder, "events.csv", "in_preparation", "drafted")
        #expect(throws: ValidationFailure.self) { try Importer.run(DatasetFolder.read(folder), into: store) }
        let after = try store.read()
        #expect(after.dataset == before.dataset)
        #expect(after.eventHashes == before.eventHashes)
    }

    @Test("an incremental import may refer to records already stored")
    func incremental() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        _ = try importFixture(into: store)
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "id,date,commitment,party,stage,sources\ne8,2023-07-01,gas,RU,in_force,s1\n"
            .write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
        let summary = try Importer.run(DatasetFolder.read(folder), into: store)
        #expect(summary.added == [.events: 1])
        let stored = try store.read()
        #expect(stored.dataset.events.last?.id == "e8")
        #expect(try store.verify().broken == nil)
        #expect(stored.eventHashes.last == summary.head)
        // Unknown references are still refused against the stored record.
        try "id,date,commitment,party,stage,sources\ne9,2023-07-01,nope,RU,in_force,s1\n"
            .write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
        #expect(throws: ValidationFailure.self) { try Importer.run(DatasetFolder.read(folder), into: store) }
    }

    @Test("events are append-only in the database itself")
    func appendOnly() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        _ = try importFixture(into: store)
        #expect(throws: (any Error).self) { try store.execute(sql: "UPDATE events SET stage = 'applied' WHERE id = 'e1'") }
        #expect(throws: (any Error).self) { try store.execute(sql: "DELETE FROM events WHERE id = 'e1'") }
        #expect(try store.read().dataset.events.count == 6)
    }

    @Test("verify passes on an untouched database and names the first altered event")
    func verify() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        _ = try importFixture(into: store)
        let intact = try store.verify()
        #expect(intact.broken == nil)
        #expect(intact.events == 6)
        // Behind the ledger's back: drop the guard, then alter the third event's note.
        try store.execute(sql: "DROP TRIGGER events_no_update; UPDATE events SET note = 'quietly changed' WHERE id = 'e3'")
        let check = try store.verify()
        #expect(check.broken?.id == "e3")
        #expect(check.broken?.position == 3)
    }

    @Test("the chain is SHA-256 over the previous hash and the event's export line")
    func chainDefinition() throws {
        let event = Event(id: "e1", date: PartialDate("2022-03-01")!, commitment: "gas", party: "RU", stage: .inPreparation,
                          sources: ["s1"], note: "a, \"quoted\" note", recorded: "2026-11-29T00:00:00Z")
        #expect(Ledger.canonicalForm(event) == "e1,2022-03-01,gas,RU,in_preparation,,,s1,\"a, \"\"quoted\"\" note\",,2026-11-29T00:00:00Z\r\n")
        // Reference: (printf "%064d" 0; printf 'e1,…,2026-11-29T00:00:00Z\r\n') | sha256sum
        #expect(Ledger.hash(previous: Ledger.genesis, event) == "92208ae6ea171c213e113b7f0414860db0bdc330b1563dd2418b7ffa152db1d0")
    }

    @Test("export then import into an empty database gives identical figures and chain")
    func roundTrip() throws {
        let first = try SQLiteStore(path: temporaryDatabase())
        _ = try Importer.run(DatasetFolder.read(Bundled.folder("union-state")!), into: first)
        _ = try importFixture(into: first)
        let stored = try first.read()
        let out = temporaryFolder()
        try DatasetFolder.write(stored.dataset, eventHashes: stored.eventHashes, to: out)
        let second = try SQLiteStore(path: temporaryDatabase())
        _ = try Importer.run(DatasetFolder.read(out), into: second)
        let copy = try second.read()
        #expect(copy.dataset == stored.dataset)
        #expect(copy.eventHashes == stored.eventHashes)
        let a = try first.snapshot(), b = try second.snapshot()
        for day in ["2021-11-04", "2022-12-31", "2024-06-30", "2026-11-29"] {
            let d = Day(iso: day)!
            let ra = a.report(asOf: d), rb = b.report(asOf: d)
            #expect(ra.overall == rb.overall)
            #expect(ra.parties.map(\.figures) == rb.parties.map(\.figures))
            #expect(ra.instruments.map(\.figures) == rb.instruments.map(\.figures))
        }
    }

    @Test("an export whose hash column was altered is refused")
    func alteredExport() throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        _ = try importFixture(into: store)
        let stored = try store.read()
        let out = temporaryFolder()
        try DatasetFolder.write(stored.dataset, eventHashes: stored.eventHashes, to: out)
        try edit(out, "events.csv", "adopted", "in_force")
        #expect {
            try Importer.run(DatasetFolder.read(out), into: try SQLiteStore(path: temporaryDatabase()))
        } throws: { error in
            (error as? ValidationFailure)?.description.contains("events.csv:5:hash: the ledger chain breaks at event \"e3\"") ?? false
        }
    }
}

@Suite("The snapshot that serves reads")
struct SnapshotCacheTests {
    @Test("the snapshot is reused until an import, then rebuilt with the new record")
    func refresh() async throws {
        let path = temporaryDatabase()
        let store = try SQLiteStore(path: path)
        let cache = SnapshotCache(store: store)
        #expect(try await cache.current().obligations.isEmpty)
        // Another handle on the same file stands for another process importing.
        _ = try Importer.run(DatasetFolder.read(try fixtureCopy()), into: try SQLiteStore(path: path))
        let loaded = try await cache.current()
        #expect(loaded.obligations.count == 4)  // gas×RU, gas×BY, oil (joint), union×UNION
        #expect(await cache.dataVersion == 1)
        let again = try await cache.current()
        #expect(again.dataset == loaded.dataset)
        #expect(await cache.dataVersion == 1)
    }
}
