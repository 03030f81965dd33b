import Foundation
import GRDB
import PactwatchCore
import PactwatchData

/// The embedded default: one SQLite file through GRDB.
///
///     let store = try SQLiteStore(path: "pactwatch.sqlite")
///     let snapshot = try store.snapshot()
public final class SQLiteStore: Store {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        // Another process may be importing: wait for it rather than fail.
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try SQLiteStore.migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw StoreError("cannot open the database \(path): \(error.message ?? error.description)")
        }
    }

    /// Named migrations, never edited once released: add new ones at the end.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: dataset tables, append-only events") { db in
            for table in DataTable.allCases {
                let columns = table.fields.map { "\(quote($0.name)) TEXT NOT NULL DEFAULT ''" }
                try db.execute(sql: """
                    CREATE TABLE \(quote(table.rawValue)) (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        \(columns.joined(separator: ",\n    ")),
                        translations TEXT NOT NULL DEFAULT '{}',
                        UNIQUE(id)
                    )
                    """)
            }
            try db.execute(sql: """
                CREATE INDEX events_commitment ON events(commitment);
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: correct one with an event that retracts it'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: correct one with an event that retracts it'); END;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta(key, value) VALUES ('version', '0');
                """)
        }
        return migrator
    }

    public func read() throws -> StoredDataset {
        try queue.read { db in try SQLiteTransaction(db: db).read() }
    }

    public func version() throws -> Int {
        try queue.read { db in try SQLiteTransaction(db: db).version() }
    }

    public func write<T>(_ body: (any WriteTransaction) throws -> T) throws -> T {
        var result: T?
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                result = try body(SQLiteTransaction(db: db))
                return .commit
            }
        }
        return result!
    }

    /// Runs raw SQL: for tests that alter the file behind the ledger's back, and maintenance.
    public func execute(sql: String) throws {
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}

typealias DataTable = PactwatchData.Table
typealias DataRow = PactwatchData.Row

func quote(_ identifier: String) -> String { "\"" + identifier + "\"" }

/// One connection inside a transaction.
struct SQLiteTransaction: WriteTransaction {
    let db: Database

    func version() throws -> Int {
        Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'version'") ?? "0") ?? 0
    }

    func read() throws -> StoredDataset {
        var stored = StoredDataset(version: try version())
        for table in DataTable.allCases {
            let names = table.columnNames
            let sql = "SELECT \((names + ["translations"]).map(quote).joined(separator: ", ")) FROM \(quote(table.rawValue)) ORDER BY seq"
            let hashIndex = names.firstIndex(of: "hash")
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let stored_row = try cursor.next() {
                var values: [String] = []
                values.reserveCapacity(names.count)
                for i in names.indices { values.append(stored_row[i] ?? "") }
                let json: String = stored_row[names.count] ?? "{}"
                let translations = json == "{}" ? [:] : (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
                let row = DataRow(values: values, translations: translations)
                do {
                    try stored.dataset.append(table, row)
                } catch {
                    throw StoreError("the database holds a \(table.rawValue) row it cannot read (\(error)); was it edited by hand?")
                }
                if let hashIndex { stored.eventHashes.append(values[hashIndex]) }
            }
        }
        return stored
    }

    func insert(_ table: DataTable, _ rows: [DataRow]) throws {
        let names = table.columnNames + ["translations"]
        let statement = try db.makeStatement(sql: """
            INSERT INTO \(quote(table.rawValue)) (\(names.map(quote).joined(separator: ", ")))
            VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))
            """)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for row in rows {
            let json = row.translations.isEmpty ? "{}" : String(decoding: try encoder.encode(row.translations), as: UTF8.self)
            try statement.execute(arguments: StatementArguments(row.values + [json]))
        }
    }

    func bumpVersion() throws {
        try db.execute(sql: "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'version'")
    }
}
