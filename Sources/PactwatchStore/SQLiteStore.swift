import Foundation
import GRDB
import GRDBSQLite
import PactwatchCore
import PactwatchData

/// The embedded default: one SQLite file through GRDB.
///
///     let store = try SQLiteStore(path: "pactwatch.sqlite")
///     let snapshot = try await store.snapshot()
public final class SQLiteStore: Store, AccountStore {
    let queue: DatabaseQueue
    public let path: String
    public var location: String { path }
    /// How often `watch` looks for a change made by another process.
    static let watchInterval = Duration.milliseconds(250)

    /// How a command uses the file.
    public enum Access: Sendable {
        /// Reads only: the file is opened read-only and never written (no migration, no WAL
        /// switch), so a reader works on a read-only file system or a full disk.
        case readOnly
        /// Creates the file if needed and brings its tables up to date.
        case readWrite
    }

    /// Opens the database at `path`: with `.readWrite`, creating it if needed and migrating it.
    /// A file holding another application's tables is refused, unchanged. `onWait` hears, every
    /// few seconds, how long a write has waited for another process's write to finish (writers
    /// take turns: none gives up while another holds the lock).
    public init(path: String, access: Access = .readWrite, onWait: (@Sendable (_ seconds: Int) -> Void)? = nil) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .callback(SQLiteStore.waitForTurn(onWait))
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            switch access {
            case .readWrite:
                queue = try DatabaseQueue(path: path, configuration: config)
                try queue.read { db in try SQLiteStore.checkOwnership(db, path: path, readOnly: false) }
                try SQLiteStore.retryingWhileBusy {
                    try queue.writeWithoutTransaction { db in
                        // A new file gets 16 KB pages (a quarter of the page writes of a bulk import);
                        // once it holds a table the size is fixed and this does nothing.
                        try db.execute(sql: "PRAGMA page_size = 16384")
                        try db.execute(sql: "PRAGMA journal_mode = WAL")
                    }
                }
                try queue.writeWithoutTransaction { db in try SQLiteStore.migrate(db) }
            case .readOnly:
                config.readonly = true
                queue = try SQLiteStore.openReadOnly(path: path, config)
                try queue.read { db in try SQLiteStore.checkOwnership(db, path: path, readOnly: true) }
            }
        } catch let error as DatabaseError {
            throw StoreError("cannot open the database \(path): \(error.message ?? error.description)")
        }
    }

    /// Runs `body` again while SQLite answers "busy" without asking the busy handler, as it does
    /// when two processes switch a new file to WAL at once (up to 30 s, then the error stands).
    static func retryingWhileBusy(_ body: () throws -> Void) throws {
        let deadline = Date().addingTimeInterval(30)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    /// A read-only handle. A WAL file needs its `-shm` index beside it, which a read-only folder
    /// or a full disk cannot hold: the file is then opened as immutable (nothing can be writing it).
    static func openReadOnly(path: String, _ config: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL].contains(error.resultCode) {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            let uri = "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
            return try DatabaseQueue(path: uri, configuration: config)
        }
    }

    /// Refuses a file that is not a Pactwatch database: one holding tables but no Pactwatch
    /// migration (another application's file), or migrations of a newer build. A read-only
    /// open also refuses a file with no record yet, which it could not set up.
    static func checkOwnership(_ db: Database, path: String, readOnly: Bool) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if tables.isEmpty {
            guard !readOnly else {
                throw StoreError("\(path) holds no Pactwatch record yet; create one with `pactwatch import DIR --db \(path)`")
            }
            return
        }
        let known = Set(migrations.map(\.name))
        let applied = tables.contains("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        guard applied.contains(migrations[0].name) else {
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw StoreError(
                "\(path) is not a Pactwatch database (it holds other tables: \(shown)); nothing was changed. Name another file with --db")
        }
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError(
                "\(path) was written by a newer Pactwatch build (migration \"\(unknown)\"); nothing was changed. Use that build, or a newer one")
        }
        // Read-only, nothing can be migrated: a file of an older build is read as it is, unless
        // it lacks a column this build reads; then say so, rather than fail on a missing column.
        if readOnly, migrations.contains(where: { !applied.contains($0.name) }) {
            for table in DataTable.allCases {
                let stored = Set(try db.columns(in: table.rawValue).map(\.name))
                if let missing = table.storedColumns.first(where: { !stored.contains($0) }) {
                    throw StoreError(
                        "\(path) was last written by an older Pactwatch build (\(table.rawValue) has no \(missing) column) and this command only reads it; bring it up to date once with `pactwatch verify --repair --db \(path)` (or any import, or serve)"
                    )
                }
            }
        }
    }

    /// The busy handler: wait for the other writer in short sleeps, telling `onWait` every 5 s.
    static func waitForTurn(_ onWait: (@Sendable (Int) -> Void)?) -> Database.BusyCallback {
        { tries in
            // 1 ms, doubling to 100 ms: a short wait stays short, a long one costs nothing.
            let pause = min(100, 1 << min(tries, 7))
            usleep(useconds_t(pause * 1000))
            let waited = tries < 7 ? 0 : (tries - 7) / 10
            if tries >= 7, (tries - 7) % 50 == 0, waited > 0 { onWait?(waited) }
            return true
        }
    }

    /// Applies the migrations not yet applied, in one IMMEDIATE transaction: two processes
    /// opening a new file at once take turns, and the second finds the work done. Applied names
    /// are kept in `grdb_migrations`, the table GRDB's own migrator keeps them in.
    static func migrate(_ db: Database) throws {
        // An up-to-date file is only read: opening it never waits for another process's import.
        if try db.tableExists("grdb_migrations") {
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            if migrations.allSatisfy({ applied.contains($0.name) }) { return }
        }
        try db.inTransaction(.immediate) {
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            for (name, sql) in migrations where !applied.contains(name) {
                try db.execute(sql: sql)
                try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [name])
            }
            // Derived data, rebuilt with this build's reader once the schema is this build's: the
            // search index of a record stored before the index existed.
            let indexed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM search_index)") ?? false
            if !indexed, try Int.fetchOne(db, sql: "SELECT count(*) FROM parties") ?? 0 > 0 {
                let tx = SQLiteTransaction(db: db)
                try tx.index(try tx.read().dataset)
            }
            return .commit
        }
    }

    /// Named migrations, frozen as literal SQL and never edited once released: add new ones at
    /// the end. PostgreSQL's (`PostgresStore.migrations`) carry the same names.
    static let migrations: [(name: String, sql: String)] = [
        (
            "v1: dataset tables, append-only events",
            SchemaV1.tables(sequence: "seq INTEGER PRIMARY KEY AUTOINCREMENT").joined(separator: ";\n") + """
                ;
                CREATE INDEX events_commitment ON events(commitment);
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: correct one with an event that retracts it'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: correct one with an event that retracts it'); END;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta(key, value) VALUES ('version', '0');
                """
        ),
        // Debian's SQLite has FTS5; unicode61 folds case and diacritics in Latin and Cyrillic.
        // A record stored before it is indexed after the migrations (`migrate`).
        (
            "v2: full-text search, last update time",
            """
            CREATE VIRTUAL TABLE search_index USING fts5(
                tbl UNINDEXED, id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
            INSERT INTO meta(key, value) VALUES ('updated', '');
            """
        ),
        // One row: the encoded `FigureTables` of the record at `version` (the next import of a
        // database written before this migration stores them).
        (
            "v3: figure tables",
            """
            CREATE TABLE figure_tables (
                id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL,
                format INTEGER NOT NULL, data BLOB NOT NULL)
            """
        ),
        // Nothing queries it (records are read whole, in order); it cost 40 % of a bulk insert.
        ("v4: no index on events.commitment", "DROP INDEX IF EXISTS events_commitment"),
        // What a claim's done and total count (DESIGN.md, claims.csv); empty on older claims.
        ("v5: claims unit", #"ALTER TABLE "claims" ADD COLUMN "unit" TEXT NOT NULL DEFAULT ''"#),
        // Short labels for tiles, chart labels and the finding; empty on older rows (the title).
        (
            "v6: short titles",
            #"""
            ALTER TABLE "instruments" ADD COLUMN "short_title" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "commitments" ADD COLUMN "short_title" TEXT NOT NULL DEFAULT ''
            """#
        ),
        // Editors: users, sessions (keyed by a hash of their id), sign-in throttling, the audit log.
        (
            "v7: accounts",
            """
            CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL, changed TEXT NOT NULL);
            CREATE TABLE sessions (key TEXT PRIMARY KEY, value TEXT NOT NULL, user TEXT NOT NULL DEFAULT '', expires INTEGER NOT NULL);
            CREATE INDEX sessions_user ON sessions(user);
            CREATE TABLE throttles (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, until INTEGER NOT NULL);
            CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, user TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
            CREATE TABLE proposals (id INTEGER PRIMARY KEY AUTOINCREMENT, author TEXT NOT NULL, state TEXT NOT NULL, created TEXT NOT NULL, changed TEXT NOT NULL, reviewer TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '', files TEXT NOT NULL DEFAULT '{}')
            """
        ),
        // Who recorded and who approved every row; empty on rows stored before.
        (
            "v8: attribution",
            #"""
            ALTER TABLE "parties" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "parties" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "sources" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "sources" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "instruments" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "instruments" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "commitments" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "commitments" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "acts" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "acts" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "events" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "events" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "claims" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "claims" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''
            """#
        ),
        // When each commitment and claim was entered, for the feeds; empty on rows stored before.
        (
            "v9: recorded commitments and claims",
            #"""
            ALTER TABLE "commitments" ADD COLUMN "recorded" TEXT NOT NULL DEFAULT '';
            ALTER TABLE "claims" ADD COLUMN "recorded" TEXT NOT NULL DEFAULT ''
            """#
        ),
    ]

    public func read() async throws -> StoredDataset {
        try await queue.read { db in try SQLiteTransaction(db: db).read() }
    }

    public func version() async throws -> Int {
        try await queue.read { db in try SQLiteTransaction(db: db).version() }
    }

    public func figureTables(version: Int?) async throws -> FigureTables? {
        try await queue.read { db in
            let tx = SQLiteTransaction(db: db)
            guard let stored = try tx.figureTablesVersion(), try stored == version ?? tx.version() else { return nil }
            // Decoded from SQLite's own buffer (valid while the cursor stands on the row): a
            // 25 MB blob is not copied twice more.
            let cursor = try GRDB.Row.fetchCursor(db, sql: "SELECT data FROM figure_tables")
            guard let row = try cursor.next() else { return nil }
            return try row.withUnsafeData(atIndex: 0) { data -> FigureTables? in
                // Tables that do not decode are as good as missing: readers fold the record instead, and
                // `verify` reports them as differing.
                data?.withUnsafeBytes { bytes in try? FigureTables(decoding: bytes) }
            }
        }
    }

    public func search(_ query: String, limit: Int, offset: Int) async throws -> SearchResults {
        guard let match = SQLiteStore.ftsQuery(query) else { return SearchResults() }
        return try await queue.read { db in
            // One read transaction: the count and the page see the same record.
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM search_index WHERE search_index MATCH ?", arguments: [match]) ?? 0
            let hits = try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT tbl, id, title, snippet(search_index, 3, ?, ?, '…', 16) AS snip
                    FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index, 0, 0, 4, 1), rowid LIMIT ? OFFSET ?
                    """, arguments: [SearchHit.markStart, SearchHit.markEnd, match, limit, offset]
            ).compactMap { row -> SearchHit? in
                guard let table = DataTable(rawValue: row["tbl"]) else { return nil }
                let title: String = row["title"]
                let snippet: String = row["snip"]
                return SearchHit(table: table, id: row["id"], title: title, snippet: snippet)
            }
            return SearchResults(hits: hits, total: total)
        }
    }

    /// The user's words as an FTS5 query that cannot be a syntax error: each word quoted (inner
    /// quotes doubled) and matched as a prefix, all words required. Control characters separate
    /// words too: a NUL inside a quoted string would end it early for SQLite ("unterminated string").
    static func ftsQuery(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
            .prefix(12)
        guard !words.isEmpty else { return nil }
        return words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }.joined(separator: " ")
    }

    public func write<T: Sendable>(_ plan: @escaping @Sendable (StoredDataset) throws -> (Changes, T)) async throws -> T {
        try await queue.writeWithoutTransaction { db in
            var result: T?
            // IMMEDIATE: take the write lock before reading, so no other process writes between.
            // A page cache to hold a bulk import's indexes (the default is 2 MB).
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            try db.inTransaction(.immediate) {
                let tx = SQLiteTransaction(db: db)
                let (changes, value) = try plan(try tx.read())
                if !changes.isEmpty {
                    for (table, rows) in changes.tables { try tx.insert(table, rows) }
                    try tx.index(changes.added)
                    try tx.bumpVersion(at: changes.time)
                    if let about = changes.about {
                        try db.execute(
                            sql: "INSERT INTO meta(key, value) VALUES ('about', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                            arguments: [about])
                    }
                }
                if let figures = changes.figures {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO figure_tables(id, version, format, data) VALUES (1, ?, ?, ?)",
                        arguments: [try tx.version(), FigureTables.format, Data(figures.bytes)])
                }
                if let review = changes.review { try SQLiteStore.apply(review, db) }
                result = value
                return .commit
            }
            return result!
        }
    }

    /// SQLite cannot notify another process, so this looks at the data version four times a second.
    public func watch(_ onChange: @escaping @Sendable () async -> Void) async throws {
        try await pollVersion(every: SQLiteStore.watchInterval, onChange)
    }

    /// Runs raw SQL: for tests that alter the file behind the ledger's back, and maintenance.
    public func execute(sql: String) async throws {
        try await queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// A table's column names, in order.
    func columns(of table: String) async throws -> [String] {
        try await queue.read { db in try db.columns(in: table).map(\.name) }
    }

    /// Writes a consistent copy of the database to `path` while others read and write it
    /// (`VACUUM INTO`: one read transaction, so the copy is the record as of one commit, compacted).
    /// An existing file at `path` is refused.
    public func backup(to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError("\(path) already exists; name a new file (a backup never overwrites one)")
        }
        do {
            try await queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        } catch let error as DatabaseError {
            throw StoreError("cannot write the backup \(path): \(error.message ?? error.description)")
        }
    }

    /// The first column of the first row a query returns, as text (nil: no row).
    func string(sql: String) async throws -> String? {
        try await queue.read { db in try String.fetchOne(db, sql: sql) }
    }
}

typealias DataTable = PactwatchData.Table
typealias DataRow = PactwatchData.Row

func quote(_ identifier: String) -> String { "\"" + identifier + "\"" }

/// One connection inside a transaction.
struct SQLiteTransaction {
    let db: Database

    func version() throws -> Int {
        try StoredVersion.parse(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'version'"))
    }

    /// The version the stored figure tables of this build's format were computed for.
    func figureTablesVersion() throws -> Int? {
        // A file of an older build, opened read-only (unmigrated), may predate the table.
        guard try db.tableExists("figure_tables") else { return nil }
        return try Int.fetchOne(db, sql: "SELECT version FROM figure_tables WHERE format = ?", arguments: [FigureTables.format])
    }

    func read() throws -> StoredDataset {
        var stored = StoredDataset(version: try version())
        stored.figureTablesVersion = try figureTablesVersion()
        let updated = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'updated'")
        stored.updated = updated.flatMap { $0.isEmpty ? nil : $0 }
        if let about = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'about'") { stored.dataset.about = About(stored: about) }
        stored.reserve(events: try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0)
        var interner = Interner()
        for table in DataTable.allCases {
            let columns = table.storedColumns
            let cursor = try GRDB.Row.fetchCursor(
                db, sql: "SELECT \(columns.map(quote).joined(separator: ", ")) FROM \(quote(table.rawValue)) ORDER BY seq")
            let last = columns.count - 1
            while let row = try cursor.next() {
                var values: [String] = []
                values.reserveCapacity(last)
                for i in 0..<last { values.append(row[i] ?? "") }
                try stored.appendStored(table, values: values, translations: row[last] ?? "{}", interner: &interner)
            }
        }
        return stored
    }

    /// Rows per INSERT statement: one statement per row costs more than SQLite's own work.
    static let batch = 64

    func insert(_ table: DataTable, _ rows: [DataRow]) throws {
        let columns = table.storedColumns
        let tuple = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        func statement(rows n: Int) throws -> Statement {
            try db.makeStatement(
                sql: """
                    INSERT INTO \(quote(table.rawValue)) (\(columns.map(quote).joined(separator: ", ")))
                    VALUES \(Array(repeating: tuple, count: n).joined(separator: ", "))
                    """)
        }
        let full = try statement(rows: SQLiteTransaction.batch)
        var buffer: [UInt8] = []
        var ends: [Int] = []
        // Bound and stepped through SQLite's C API: GRDB's argument arrays cost more than
        // SQLite's own work on a million rows.
        for start in Swift.stride(from: 0, to: rows.count, by: SQLiteTransaction.batch) {
            let chunk = rows[start..<min(start + SQLiteTransaction.batch, rows.count)]
            let insert = chunk.count == SQLiteTransaction.batch ? full : try statement(rows: chunk.count)
            let handle = insert.sqliteStatement
            sqlite3_reset(handle)
            // Every value of the chunk in one buffer, bound in place (SQLITE_STATIC) and stepped
            // while the buffer lives: no copy per value.
            buffer.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            for row in chunk {
                for value in row.values {
                    buffer += value.utf8
                    ends.append(buffer.count)
                }
                buffer += row.translationsJSON(table).utf8
                ends.append(buffer.count)
            }
            buffer.append(0)  // a valid address for an empty last value
            let code = buffer.withUnsafeBufferPointer { bytes -> Int32 in
                let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
                var start = 0
                for (i, end) in ends.enumerated() {
                    _ = sqlite3_bind_text(handle, Int32(i + 1), base + start, Int32(end - start), nil)
                    start = end
                }
                return sqlite3_step(handle)
            }
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: insert.sql)
            }
        }
    }

    func bumpVersion(at time: String) throws {
        try db.execute(sql: "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'version'")
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'updated'", arguments: [time])
    }

    func index(_ d: Dataset) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO search_index(tbl, id, title, body) VALUES (?, ?, ?, ?)")
        for entry in SearchEntry.entries(for: d) {
            try statement.execute(arguments: [entry.table.rawValue, entry.id, entry.title, entry.body])
        }
    }
}
