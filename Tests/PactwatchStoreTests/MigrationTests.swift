import Foundation
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import Testing

@testable import PactwatchStore

@Suite("Migrations")
struct MigrationTests {
    /// Leaves a CSV file with its header and one row: `values` by column, empty elsewhere.
    static func replaceRows(of file: URL, with values: [String: String]) throws {
        let header = try String(contentsOf: file, encoding: .utf8).components(separatedBy: .newlines)[0]
        let row = header.split(separator: ",").map { values[String($0)] ?? "" }
        try (header + "\n" + row.joined(separator: ",") + "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    @Test("both engines list the same migrations, by name, in the same order")
    func sameNames() {
        #expect(SQLiteStore.migrations.map(\.name) == PostgresStore.migrations.map(\.name))
        #expect(Set(SQLiteStore.migrations.map(\.name)).count == SQLiteStore.migrations.count)
    }

    @Test("a new database, all migrations applied, has exactly the columns this build reads and writes")
    func columnsMatchTheReaders() async throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        for table in Table.allCases {
            // Readers and writers name their columns, so a column a later migration added
            // (at the end of the table) is read wherever it stands.
            let columns = try await store.columns(of: table.rawValue)
            #expect(columns.sorted() == (["seq"] + table.storedColumns).sorted(), "\(table.rawValue)")
        }
    }

    @Test("a record stored before the search index existed is indexed when the migration runs")
    func indexRebuiltAfterMigration() async throws {
        let path = temporaryDatabase()
        let old = try SQLiteStore(path: path)
        _ = try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: old)
        // Back to a file of a build before v2: no index, no `updated` row, v2 not applied.
        try await old.execute(
            sql: """
                DROP TABLE search_index; DELETE FROM meta WHERE key = 'updated';
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v2:%'
                """)
        let migrated = try SQLiteStore(path: path)
        #expect(try await migrated.search("Gas").map(\.id).contains("gas"))
        #expect(try await migrated.read().dataset.events.count == 6)
    }

    @Test("translations altered outside Pactwatch are an error naming the table, never silently dropped")
    func alteredTranslations() async throws {
        let path = temporaryDatabase()
        let store = try SQLiteStore(path: path)
        _ = try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: store)
        try await store.execute(sql: "UPDATE parties SET translations = '{\"ru\": 5' WHERE id = 'RU'")
        await #expect { _ = try await SQLiteStore(path: path).read() } throws: { error in
            "\(error)".contains("parties row whose translations are not a JSON object")
        }
    }

    @Test("a database from before the claims unit keeps its claims, reads them without a unit, and takes new ones with it")
    func claimsUnitMigration() async throws {
        let path = temporaryDatabase()
        let old = try SQLiteStore(path: path)
        let folder = try fixtureCopy()
        let before = try DatasetFolder.read(folder).dataset.claims.count
        _ = try await Importer.run(DatasetFolder.read(folder), into: old)
        // Back to a file of a build before v5: no unit column, v5 not applied.
        try await old.execute(
            sql: """
                ALTER TABLE claims DROP COLUMN "unit"; DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%'
                """)
        #expect(try await !old.columns(of: "claims").contains("unit"))
        let migrated = try SQLiteStore(path: path)
        #expect(try await migrated.columns(of: "claims").contains("unit"))
        let read = try await migrated.read().dataset
        #expect(read.claims.count == before && before > 0)
        #expect(read.claims.allSatisfy { $0.unit == nil })
        // The same folder again with one new claim, with a unit, as its only claim (the stored ones
        // lost their unit with the column, so they would no longer match the file).
        let claims = folder.appendingPathComponent("claims.csv")
        let header = try String(contentsOf: claims, encoding: .utf8).split(separator: "\n")[0]
        try (header + "\nk3,2023-06,A,,decree,8 of 28,,8,28,s1,programmes,,,8 из 28\n").write(to: claims, atomically: true, encoding: .utf8)
        _ = try await Importer.run(DatasetFolder.read(folder), into: migrated)
        let claim = try await SQLiteStore(path: path).read().dataset.claims.first { $0.id == "k3" }
        #expect(claim?.unit == .programmes)
        #expect(claim?.statements == ["ru": "8 из 28"])
    }
}

@Suite("Migrations: short titles")
struct ShortTitleMigrationTests {
    @Test("a database from before short titles keeps its Russian titles (stored by language), then takes short titles with their translations")
    func shortTitles() async throws {
        let path = temporaryDatabase()
        let old = try SQLiteStore(path: path)
        let folder = try fixtureCopy()
        _ = try await Importer.run(DatasetFolder.read(folder), into: old)
        // Back to a file of a build before v6: no short_title columns, translations stored by
        // language as a table with one translated field stored them.
        try await old.execute(
            sql: """
                ALTER TABLE instruments DROP COLUMN "short_title"; ALTER TABLE commitments DROP COLUMN "short_title";
                UPDATE instruments SET translations = '{"ru":"Договор"}' WHERE id = 'treaty';
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%'
                """)
        let migrated = try SQLiteStore(path: path)
        #expect(try await migrated.columns(of: "instruments").contains("short_title"))
        #expect(try await migrated.columns(of: "commitments").contains("short_title"))
        let treaty = try #require(try await migrated.read().dataset.instruments.first { $0.id == "treaty" })
        #expect(treaty.titles == ["ru": "Договор"] && treaty.shortTitle == nil && treaty.shortTitles.isEmpty)
        // The same folder with short-title columns and one new instrument that has them: the old
        // rows read back equal to the file (or the import would refuse them as changed), the new
        // one is stored by field and read back.
        let file = folder.appendingPathComponent("instruments.csv")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "id,kind,title,title_ru,", with: "id,kind,title,title_ru,short_title,short_title_ru,")
            .replacingOccurrences(of: "treaty,treaty,Treaty,Договор,", with: "treaty,treaty,Treaty,Договор,,,")
            .replacingOccurrences(of: "decree,decree,Decree,Декрет,", with: "decree,decree,Decree,Декрет,,,")
            .replacingOccurrences(of: "programme,programme,Programme,,", with: "programme,programme,Programme,,,,")
        try (text + "charter,treaty,Charter,Хартия,The charter,Хартия-2000,,2000,RU;BY,,s1,high,\n").write(
            to: file, atomically: true, encoding: .utf8)
        _ = try await Importer.run(DatasetFolder.read(folder), into: migrated)
        let read = try await SQLiteStore(path: path).read().dataset.instruments
        #expect(read.first { $0.id == "treaty" }?.titles == ["ru": "Договор"])
        let charter = try #require(read.first { $0.id == "charter" })
        #expect(charter.titles == ["ru": "Хартия"] && charter.shortTitle == "The charter" && charter.shortTitles == ["ru": "Хартия-2000"])
        let stored = try await migrated.string(sql: "SELECT translations FROM instruments WHERE id = 'charter'")
        #expect(stored == #"{"short_title_ru":"Хартия-2000","title_ru":"Хартия"}"#)
    }
}

@Suite("Migrations: attribution")
struct AttributionMigrationTests {
    @Test("a database from before attribution gains the columns, keeps verifying, and takes attributed rows chained with their names")
    func attribution() async throws {
        let path = temporaryDatabase()
        let old = try SQLiteStore(path: path)
        let folder = try fixtureCopy()
        _ = try await Importer.run(DatasetFolder.read(folder), into: old)
        let head = try await old.verify().head
        var drop = ""
        for table in Table.allCases {
            drop += #"ALTER TABLE "\#(table.rawValue)" DROP COLUMN "recorded_by"; ALTER TABLE "\#(table.rawValue)" DROP COLUMN "approved_by"; "#
        }
        try await old.execute(sql: drop + "DELETE FROM grdb_migrations WHERE identifier LIKE 'v8:%'")
        let migrated = try SQLiteStore(path: path)
        #expect(try await migrated.columns(of: "events").contains("approved_by"))
        let check = try await migrated.verify()
        #expect(check.broken == nil && check.head == head)
        // A new event, imported --as someone: its names are chained, and the chain still holds.
        let events = folder.appendingPathComponent("events.csv")
        try MigrationTests.replaceRows(
            of: events, with: ["id": "e-new", "date": "2024-02", "commitment": "gas", "party": "RU", "stage": "adopted", "sources": "s1"])
        _ = try await Importer.run(
            DatasetFolder.read(events.deletingLastPathComponent()), into: migrated, attribution: Attribution(recordedBy: "data.desk"))
        let stored = try await SQLiteStore(path: path).read()
        let event = try #require(stored.dataset.events.last)
        #expect(event.id == "e-new" && event.attribution.recordedBy == "data.desk" && event.attribution.approvedBy == nil)
        #expect(Ledger.canonicalForm(event).hasSuffix(",data.desk,\r\n"))
        #expect(try await migrated.verify().broken == nil)
    }
    @Test("a database from before commitments and claims were stamped keeps them unstamped, and stamps the ones imported after")
    func recordedStamps() async throws {
        let path = temporaryDatabase()
        let old = try SQLiteStore(path: path)
        let folder = try fixtureCopy()
        _ = try await Importer.run(DatasetFolder.read(folder), into: old)
        try await old.execute(
            sql:
                #"ALTER TABLE "commitments" DROP COLUMN "recorded"; ALTER TABLE "claims" DROP COLUMN "recorded"; DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%'"#
        )
        let migrated = try SQLiteStore(path: path)
        #expect(try await migrated.columns(of: "claims").contains("recorded"))
        let before = try await migrated.read().dataset
        #expect(!before.claims.isEmpty && before.claims.allSatisfy { $0.recorded == nil } && before.commitments.allSatisfy { $0.recorded == nil })
        #expect(try await migrated.verify().broken == nil)
        // A claim imported now is stamped with the import's time; the old ones stay as they were.
        let claims = folder.appendingPathComponent("claims.csv")
        try MigrationTests.replaceRows(
            of: claims,
            with: ["id": "c-new", "date": "2024-02-01", "speaker": "Someone", "statement": "Half of it is done.", "value": "50", "sources": "s1"])
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        _ = try await Importer.run(DatasetFolder.read(folder), into: migrated, now: now)
        let after = try await SQLiteStore(path: path).read().dataset
        #expect(after.claims.last?.id == "c-new" && after.claims.last?.recorded == Importer.timestamp(now))
        #expect(after.claims.dropLast().allSatisfy { $0.recorded == nil })
    }

    @Test("a command that only reads a database of an older build says how to bring it up to date, and changes nothing")
    func readOnlyOlder() async throws {
        let path = temporaryDatabase()
        let store = try SQLiteStore(path: path)
        _ = try await Importer.run(DatasetFolder.read(try fixtureCopy()), into: store)
        try await store.execute(sql: #"ALTER TABLE claims DROP COLUMN "approved_by"; DELETE FROM grdb_migrations WHERE identifier LIKE 'v8:%'"#)
        #expect(throws: StoreError.self) { try SQLiteStore(path: path, access: .readOnly) }
        do { _ = try SQLiteStore(path: path, access: .readOnly) } catch {
            #expect("\(error)".contains("claims has no approved_by column") && "\(error)".contains("pactwatch verify --repair"))
        }
        #expect(try await store.string(sql: "SELECT count(*) FROM grdb_migrations WHERE identifier LIKE 'v8:%'") == "0")
    }
}
