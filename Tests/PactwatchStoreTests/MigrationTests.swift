import Foundation
import PactwatchData
import PactwatchFixtures
import Testing

@testable import PactwatchStore

@Suite("Migrations")
struct MigrationTests {
    @Test("both engines list the same migrations, by name, in the same order")
    func sameNames() {
        #expect(SQLiteStore.migrations.map(\.name) == PostgresStore.migrations.map(\.name))
        #expect(Set(SQLiteStore.migrations.map(\.name)).count == SQLiteStore.migrations.count)
    }

    @Test("a new database, all migrations applied, has exactly the columns this build reads and writes")
    func columnsMatchTheReaders() async throws {
        let store = try SQLiteStore(path: temporaryDatabase())
        for table in Table.allCases {
            let columns = try await store.columns(of: table.rawValue)
            #expect(columns == ["seq"] + table.storedColumns, "\(table.rawValue)")
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
}
