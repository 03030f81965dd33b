import Foundation
import Logging
import PactwatchCore
import PactwatchData
import PostgresNIO

/// A PostgreSQL database through PostgresNIO, for several servers sharing one record.
///
/// The schema is SQLite's, table for table (same migrations, by name); `events` is append-only
/// by trigger; writers serialise on one transaction-scoped advisory lock, so two imports from
/// any number of processes append one after the other and the hash chain stays linear; every
/// committed change is announced with NOTIFY, which `watch` turns into snapshot refreshes.
///
///     try await PostgresStore.withStore(url: "postgres://pactwatch:secret@db:5432/pactwatch") { store in
///         let figures = try await store.snapshot().report(asOf: day)
///     }
public final class PostgresStore: Store, AccountStore {
    let client: PostgresClient
    let connection: PostgresURL
    let logger: Logger
    public var location: String { connection.redacted }

    /// The NOTIFY channel a committed change is announced on; its payload is the new version.
    static let channel = "pactwatch_changes"
    /// The advisory lock writers and migrations hold for their transaction ("pactwatc" in ASCII).
    static let writeLock: Int64 = 0x7061_6374_7761_7463

    /// `url` without its password, for messages.
    public static func redact(_ url: String) throws -> String { try PostgresURL(url).redacted }

    private init(_ connection: PostgresURL, logger: Logger) {
        self.connection = connection
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: connection.host, port: connection.port, username: connection.user,
            password: connection.password, database: connection.database, tls: connection.clientTLS)
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = 8
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Connects to the database at `url`, applies any pending migration, runs `body`, and closes
    /// every connection when `body` returns or throws.
    public static func withStore<T: Sendable>(
        url: String, logger: Logger = Logger(label: "pactwatch.postgres"),
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let address = try PostgresURL(url)
        // One direct connection first, to migrate: an unreachable server or a wrong password is
        // reported at once, where the pool would keep retrying in the background.
        let direct = try await address.connect(logger: logger)
        do {
            try await migrate(direct, logger: logger)
            try await direct.close()
        } catch {
            try? await direct.close()
            let psql = error as? PSQLError
            // 42501: insufficient privilege, the usual reason on a managed server.
            let hint =
                psql?.serverInfo?[.sqlState] == "42501"
                ? "; the first run creates tables, a function and triggers, so connect as the database's owner or grant CREATE ON SCHEMA public to \(address.user)"
                : ""
            throw StoreError("cannot prepare \(address.redacted): \(psql.map(PostgresURL.explain) ?? "\(error)")\(hint)")
        }
        let store = PostgresStore(address, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            let (started, start) = AsyncStream<Void>.makeStream()
            group.addTask {
                start.finish()
                await store.client.run()
            }
            defer { group.cancelAll() }
            for await _ in started {}
            return try await body(store)
        }
    }

    // MARK: Migrations

    /// Named migrations, never edited once released; the names are SQLite's, so both engines
    /// say which schema they hold in the same words.
    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1: dataset tables, append-only events",
            SchemaV1.tables(sequence: "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY") + [
                "CREATE INDEX events_commitment ON events(commitment)",
                """
                CREATE FUNCTION pactwatch_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'events are append-only: correct one with an event that retracts it'; END $$
                """,
                "CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION pactwatch_events_append_only()",
                "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION pactwatch_events_append_only()",
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                "INSERT INTO meta(key, value) VALUES ('version', '0')",
            ]
        ),
        (
            "v2: full-text search, last update time",
            [
                // 'simple': words lower-cased, not stemmed, in any language (Latin and Cyrillic alike).
                """
                CREATE TABLE search_index (
                    tbl TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
                    document tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')) STORED
                )
                """,
                "CREATE INDEX search_index_document ON search_index USING GIN (document)",
                "INSERT INTO meta(key, value) VALUES ('updated', '')",
            ]
        ),
        (
            "v3: figure tables",
            [
                """
                CREATE TABLE figure_tables (
                    id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL,
                    format INTEGER NOT NULL, data BYTEA NOT NULL)
                """
            ]
        ),
        // Nothing queries it (records are read whole, in order); it slowed every bulk insert.
        ("v4: no index on events.commitment", ["DROP INDEX IF EXISTS events_commitment"]),
        ("v5: claims unit", [#"ALTER TABLE "claims" ADD COLUMN "unit" TEXT NOT NULL DEFAULT ''"#]),
        (
            "v6: short titles",
            [
                #"ALTER TABLE "instruments" ADD COLUMN "short_title" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "commitments" ADD COLUMN "short_title" TEXT NOT NULL DEFAULT ''"#,
            ]
        ),
        (
            "v7: accounts",
            [
                "CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, disabled BOOLEAN NOT NULL DEFAULT false, created TEXT NOT NULL, changed TEXT NOT NULL)",
                #"CREATE TABLE sessions (key TEXT PRIMARY KEY, value TEXT NOT NULL, "user" TEXT NOT NULL DEFAULT '', expires BIGINT NOT NULL)"#,
                #"CREATE INDEX sessions_user ON sessions("user")"#,
                "CREATE TABLE throttles (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, until BIGINT NOT NULL)",
                #"CREATE TABLE audit (seq BIGSERIAL PRIMARY KEY, time TEXT NOT NULL, "user" TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)"#,
                "CREATE TABLE proposals (id BIGSERIAL PRIMARY KEY, author TEXT NOT NULL, state TEXT NOT NULL, created TEXT NOT NULL, changed TEXT NOT NULL, reviewer TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '', files TEXT NOT NULL DEFAULT '{}')",
            ]
        ),
        (
            "v8: attribution",
            [
                #"ALTER TABLE "parties" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "parties" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "sources" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "sources" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "instruments" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "instruments" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "commitments" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "commitments" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "acts" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "acts" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "events" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "events" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "claims" ADD COLUMN "recorded_by" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "claims" ADD COLUMN "approved_by" TEXT NOT NULL DEFAULT ''"#,
            ]
        ),
        // When each commitment and claim was entered, for the feeds; empty on rows stored before.
        (
            "v9: recorded commitments and claims",
            [
                #"ALTER TABLE "commitments" ADD COLUMN "recorded" TEXT NOT NULL DEFAULT ''"#,
                #"ALTER TABLE "claims" ADD COLUMN "recorded" TEXT NOT NULL DEFAULT ''"#,
            ]
        ),
    ]

    /// Applies every migration not yet applied, in one transaction, one process at a time. A
    /// database already up to date is only read (so a server can start on a read-only replica).
    static func migrate(_ conn: PostgresConnection, logger: Logger) async throws {
        guard try await !applied(conn, logger: logger).isSuperset(of: migrations.map(\.name)) else { return }
        try await inTransaction(conn, logger: logger) { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(\(writeLock))", logger: logger)
            try await conn.query(
                "CREATE TABLE IF NOT EXISTS pactwatch_migrations (name TEXT PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
            let applied = try await applied(conn, logger: logger)
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await conn.query("INSERT INTO pactwatch_migrations(name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    /// The names of the migrations applied to the database (none on a new one).
    static func applied(_ conn: PostgresConnection, logger: Logger) async throws -> Set<String> {
        var exists = false
        for try await value in try await conn.query("SELECT to_regclass('pactwatch_migrations') IS NOT NULL", logger: logger).decode(Bool.self) {
            exists = value
        }
        guard exists else { return [] }
        var names = Set<String>()
        for try await name in try await conn.query("SELECT name FROM pactwatch_migrations", logger: logger).decode(String.self) {
            names.insert(name)
        }
        return names
    }

    // MARK: Store

    public func read() async throws -> StoredDataset {
        try await transaction { conn in
            // One snapshot of the database for every table, whatever commits meanwhile.
            try await conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: self.logger)
            return try await self.read(conn)
        }
    }

    func read(_ conn: PostgresConnection) async throws -> StoredDataset {
        var stored = StoredDataset(version: try await version(conn))
        stored.figureTablesVersion = try await figureTablesVersion(conn)
        let updated = try await conn.query("SELECT value FROM meta WHERE key = 'updated'", logger: logger).decode(String.self)
        for try await value in updated where !value.isEmpty { stored.updated = value }
        let about = try await conn.query("SELECT value FROM meta WHERE key = 'about'", logger: logger).decode(String.self)
        for try await value in about { stored.dataset.about = About(stored: value) }
        for try await count in try await conn.query("SELECT count(*) FROM events", logger: logger).decode(Int.self) {
            stored.reserve(events: count)
        }
        var interner = Interner()
        for table in DataTable.allCases {
            let columns = table.storedColumns
            let rows = try await conn.query(
                PostgresQuery(unsafeSQL: "SELECT \(columns.map(quote).joined(separator: ", ")) FROM \(quote(table.rawValue)) ORDER BY seq"),
                logger: logger)
            let last = columns.count - 1
            for try await row in rows {
                var values: [String] = []
                values.reserveCapacity(last)
                var translations = "{}"
                for (i, cell) in row.enumerated() {
                    let text = try cell.decode(String.self)
                    if i < last { values.append(text) } else { translations = text }
                }
                try stored.appendStored(table, values: values, translations: translations, interner: &interner)
            }
        }
        return stored
    }

    public func version() async throws -> Int {
        try await connection { conn in try await self.version(conn) }
    }

    func version(_ conn: PostgresConnection) async throws -> Int {
        for try await value in try await conn.query("SELECT value FROM meta WHERE key = 'version'", logger: logger).decode(String.self) {
            return try StoredVersion.parse(value)
        }
        return try StoredVersion.parse(nil)
    }

    /// The version the stored figure tables of this build's format were computed for.
    func figureTablesVersion(_ conn: PostgresConnection) async throws -> Int? {
        let format = Int(FigureTables.format)
        for try await version in try await conn.query("SELECT version FROM figure_tables WHERE format = \(format)", logger: logger).decode(Int.self) {
            return version
        }
        return nil
    }

    public func figureTables(version: Int?) async throws -> FigureTables? {
        let bytes: ByteBuffer? = try await transaction { conn in
            try await conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: self.logger)
            guard let stored = try await self.figureTablesVersion(conn) else { return nil }
            let wanted = if let version { version } else { try await self.version(conn) }
            guard stored == wanted else { return nil }
            for try await data in try await conn.query("SELECT data FROM figure_tables", logger: self.logger).decode(ByteBuffer.self) {
                return data
            }
            return nil
        }
        // Tables that do not decode are as good as missing: readers fold the record instead, and
        // `verify` reports them as differing.
        return bytes.flatMap { buffer in buffer.withUnsafeReadableBytes { try? FigureTables(decoding: $0) } }
    }

    public func write<T: Sendable>(_ plan: @escaping @Sendable (StoredDataset) throws -> (Changes, T)) async throws -> T {
        try await transaction { conn in
            // Every writer, in every process, waits here for the one before to commit or roll back.
            try await conn.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: self.logger)
            let (changes, value) = try plan(try await self.read(conn))
            if let review = changes.review { try await self.apply(review, conn) }
            guard !changes.isEmpty else {
                if let figures = changes.figures { try await self.store(figures, version: self.version(conn), conn) }
                return value
            }
            for (table, rows) in changes.tables {
                try await self.copy(
                    into: table.rawValue, columns: table.storedColumns, rows.lazy.map { $0.values + [$0.translationsJSON(table)] }, conn)
            }
            let entries = SearchEntry.entries(for: changes.added)
            try await self.copy(
                into: "search_index", columns: ["tbl", "id", "title", "body"],
                entries.lazy.map { [$0.table.rawValue, $0.id, $0.title, $0.body] }, conn)
            var version = 0
            for try await text in try await conn.query(
                "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'version' RETURNING value", logger: self.logger
            ).decode(String.self) {
                version = Int(text) ?? 0
            }
            try await conn.query("UPDATE meta SET value = \(changes.time) WHERE key = 'updated'", logger: self.logger)
            if let about = changes.about {
                try await conn.query(
                    "INSERT INTO meta(key, value) VALUES ('about', \(about)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    logger: self.logger)
            }
            if let figures = changes.figures { try await self.store(figures, version: version, conn) }
            // Delivered to every listener when, and only if, the transaction commits.
            try await conn.query("SELECT pg_notify(\(Self.channel), \(String(version)))", logger: self.logger)
            return value
        }
    }

    func store(_ figures: EncodedFigures, version: Int, _ conn: PostgresConnection) async throws {
        let data = ByteBuffer(bytes: await figures.encoded())
        let format = Int(FigureTables.format)
        try await conn.query(
            """
            INSERT INTO figure_tables(id, version, format, data) VALUES (1, \(version), \(format), \(data))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, format = excluded.format, data = excluded.data
            """, logger: logger)
    }

    /// Streams rows with COPY … FROM STDIN (text format), a megabyte at a time.
    func copy<Rows: Sequence>(into table: String, columns: [String], _ rows: Rows, _ conn: PostgresConnection) async throws
    where Rows.Element == [String] {
        try await conn.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
            for row in rows {
                for (i, value) in row.enumerated() {
                    if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    Self.appendCopyText(value, to: &buffer)
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// A value in COPY's text format: backslash, tab, newline and carriage return escaped.
    static func appendCopyText(_ value: String, to buffer: inout ByteBuffer) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    public func search(_ query: String, limit: Int, offset: Int) async throws -> SearchResults {
        guard let match = Self.tsQuery(query) else { return SearchResults() }
        let options = "StartSel=\(SearchHit.markStart), StopSel=\(SearchHit.markEnd), MaxWords=16, MinWords=6, ShortWord=1"
        return try await connection { conn in
            var hits: [SearchHit] = []
            var total = 0
            // The total beside each row (a window over every match), so count and page come from one statement.
            let rows = try await conn.query(
                """
                SELECT tbl, id, title, ts_headline('simple', body, q, \(options)), count(*) OVER ()
                FROM search_index, to_tsquery('simple', \(match)) AS q
                WHERE document @@ q ORDER BY ts_rank(document, q) DESC, tbl, id LIMIT \(limit) OFFSET \(offset)
                """, logger: self.logger)
            for try await (table, id, title, snippet, count) in rows.decode((String, String, String, String, Int).self) {
                total = count
                if let table = DataTable(rawValue: table) { hits.append(SearchHit(table: table, id: id, title: title, snippet: snippet)) }
            }
            // A page past the last match has no row to carry the total.
            if hits.isEmpty, offset > 0 {
                let counted = try await conn.query(
                    "SELECT count(*) FROM search_index, to_tsquery('simple', \(match)) AS q WHERE document @@ q", logger: self.logger)
                for try await n in counted.decode(Int.self) { total = n }
            }
            return SearchResults(hits: hits, total: total)
        }
    }

    /// The user's words as a tsquery that cannot be a syntax error: each run of letters and
    /// digits quoted and matched as a prefix, all required (SQLite's search does the same).
    static func tsQuery(_ text: String) -> String? {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).prefix(12)
        guard !words.isEmpty else { return nil }
        return words.map { "'" + $0.lowercased() + "':*" }.joined(separator: " & ")
    }

    public func watch(_ onChange: @escaping @Sendable () async -> Void) async throws {
        do {
            try await client.withConnection { conn in
                try await conn.listen(on: Self.channel) { notifications in
                    // A change committed before LISTEN took effect would otherwise go unseen.
                    await onChange()
                    for try await _ in notifications { await onChange() }
                }
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "25006" {
            // A read-only standby refuses LISTEN (and receives no NOTIFY): watch the version.
            logger.info("LISTEN refused by a read-only server; looking for changes twice a second instead")
            try await pollVersion(every: .milliseconds(500), onChange)
        } catch let error as PSQLError {
            throw StoreError("PostgreSQL at \(location): \(PostgresURL.explain(error))")
        }
    }

    /// Runs raw SQL: for tests that alter the database behind the ledger's back, and maintenance.
    public func execute(sql: String) async throws {
        try await connection { conn in _ = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: self.logger) }
    }

    /// `body` in one transaction on a pooled connection.
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await connection { conn in try await Self.inTransaction(conn, logger: self.logger, body) }
    }

    /// `body` on a pooled connection; errors explained in PostgreSQL's words (PostgresNIO's own
    /// description hides them).
    func connection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { conn in try await body(conn) }
        } catch let error as PSQLError {
            throw StoreError("PostgreSQL at \(location): \(PostgresURL.explain(error))")
        }
    }

    /// BEGIN, `body`, COMMIT; ROLLBACK if anything throws (PostgresNIO's `withTransaction`).
    /// The error thrown is the one that stopped it (a refused import, say), as PostgresNIO
    /// records it: the body's, else BEGIN's or COMMIT's.
    static func inTransaction<T: Sendable>(
        _ conn: PostgresConnection, logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await conn.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch let error as PostgresTransactionError {
            if let rollback = error.rollbackError {
                logger.warning(
                    "ROLLBACK failed; PostgreSQL ends the transaction with the connection", metadata: ["error": "\(String(reflecting: rollback))"])
            }
            throw error.closureError ?? error.beginError ?? error.commitError ?? error
        }
    }
}

/// A `postgres://user:password@host:port/database?sslmode=disable|prefer|require` address.
struct PostgresURL: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var sslMode: SSLMode

    enum SSLMode: String { case disable, prefer, require }

    static let schemes = ["postgres", "postgresql"]

    init(_ text: String) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme, Self.schemes.contains(scheme) else {
            throw StoreError("\(text.prefix(80)) is not a PostgreSQL address; expected postgres://user:password@host:port/database")
        }
        host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = url.port ?? 5432
        user = url.user?.removingPercentEncoding ?? "postgres"
        password = url.password?.removingPercentEncoding
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        let mode = url.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard let sslMode = SSLMode(rawValue: mode) else {
            throw StoreError("sslmode=\(mode) in the PostgreSQL address; expected disable, prefer or require")
        }
        self.sslMode = sslMode
        guard (1...65_535).contains(port) else {
            throw StoreError("port \(port) in the PostgreSQL address is out of range; expected 1 to 65535 (PostgreSQL's default is 5432)")
        }
    }

    /// The address without its password, for messages and logs.
    var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    var clientTLS: PostgresClient.Configuration.TLS {
        switch sslMode {
        case .disable: .disable
        case .require: .require(.makeClientConfiguration())
        case .prefer: .prefer(.makeClientConfiguration())
        }
    }

    /// One connection outside the pool, the usual failures turned into sentences.
    func connect(logger: Logger) async throws -> PostgresConnection {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch sslMode {
            case .disable: tls = .disable
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw StoreError("cannot set up TLS for \(redacted): \(error); with sslmode=disable the connection is made without TLS")
        }
        let configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        do {
            return try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.next(), configuration: configuration, id: 0, logger: logger
            ).get()
        } catch let error as PSQLError {
            throw StoreError("cannot connect to \(redacted): \(Self.explain(error))")
        }
    }

    /// PostgresNIO hides details from `description` (they may hold data); say what went wrong.
    static func explain(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        if let underlying = error.underlying {
            let text = "\(underlying)"
            if text.contains("Connection refused") { return "connection refused (is a server listening there?)" }
            return text
        }
        return "\(error.code)"
    }
}
