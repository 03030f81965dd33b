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
        migrator.registerMigration("v2: full-text search, last update time") { db in
            // Debian's SQLite has FTS5; unicode61 folds case and diacritics in Latin and Cyrillic.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE search_index USING fts5(
                    tbl UNINDEXED, id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
                INSERT INTO meta(key, value) VALUES ('updated', '');
                """)
            let stored = try SQLiteTransaction(db: db).read()
            try SQLiteTransaction(db: db).index(stored.dataset)
        }
        return migrator
    }

    public func read() throws -> StoredDataset {
        try queue.read { db in try SQLiteTransaction(db: db).read() }
    }

    public func version() throws -> Int {
        try queue.read { db in try SQLiteTransaction(db: db).version() }
    }

    public func search(_ query: String, limit: Int = 50) throws -> [SearchHit] {
        guard let match = SQLiteStore.ftsQuery(query) else { return [] }
        return try queue.read { db in
            try GRDB.Row.fetchAll(db, sql: """
                SELECT tbl, id, title, snippet(search_index, 3, ?, ?, '…', 16) AS snip
                FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index, 0, 0, 4, 1) LIMIT ?
                """, arguments: [SearchHit.markStart, SearchHit.markEnd, match, limit]).compactMap { row in
                guard let table = DataTable(rawValue: row["tbl"]) else { return nil }
                let title: String = row["title"]
                let snippet: String = row["snip"]
                return SearchHit(table: table, id: row["id"], title: title, snippet: snippet)
            }
        }
    }

    /// The user's words as an FTS5 query that cannot be a syntax error: each word quoted (inner
    /// quotes doubled) and matched as a prefix, all words required.
    static func ftsQuery(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace }).prefix(12)
        guard !words.isEmpty else { return nil }
        return words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }.joined(separator: " ")
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
        let updated = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'updated'")
        stored.updated = updated.flatMap { $0.isEmpty ? nil : $0 }
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

    func bumpVersion(at time: String) throws {
        try db.execute(sql: "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'version'")
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'updated'", arguments: [time])
    }

    func index(_ d: Dataset) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO search_index(tbl, id, title, body) VALUES (?, ?, ?, ?)")
        func add(_ table: DataTable, _ id: String, _ title: String, _ translations: [String: String], _ body: [String?]) throws {
            let titles = ([title] + translations.keys.sorted().map { translations[$0]! }).joined(separator: " · ")
            try statement.execute(arguments: [table.rawValue, id, titles, body.compactMap { $0 }.joined(separator: " · ")])
        }
        for p in d.parties { try add(.parties, p.id, p.name, p.names, [p.id]) }
        for s in d.sources { try add(.sources, s.id, s.title ?? s.url, [:], [s.url, s.publisher, s.quote]) }
        for i in d.instruments { try add(.instruments, i.id, i.title, i.titles, [i.id, i.note]) }
        for c in d.commitments { try add(.commitments, c.id, c.title, c.titles, [c.id, c.area, c.note]) }
        for a in d.acts { try add(.acts, a.id, a.title, a.titles, [a.number, a.uri]) }
        for e in d.events where e.note != nil { try add(.events, e.id, e.commitment, [:], [e.note]) }
        for c in d.claims { try add(.claims, c.id, c.speaker, [:], [c.speakerRole, c.statement]) }
    }
}
