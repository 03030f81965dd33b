import Foundation
import PactwatchCore
import PactwatchData

/// What a database holds: the records, and the ledger hash of each event (aligned with
/// `dataset.events`, in ledger order).
public struct StoredDataset: Sendable {
    public var dataset: Dataset
    public var eventHashes: LedgerHashes
    /// Grows with every write; names the published record (ETags, snapshot refresh).
    public var version: Int
    /// When the record last changed (ISO 8601, UTC); nil before the first import.
    public var updated: String?
    /// The version the stored figure tables (of this build's format) were computed for, if any.
    public var figureTablesVersion: Int?

    public init(dataset: Dataset = Dataset(), eventHashes: LedgerHashes = LedgerHashes(), version: Int = 0, updated: String? = nil) {
        self.dataset = dataset; self.eventHashes = eventHashes; self.version = version; self.updated = updated
    }
}

/// A storage engine: SQLite (`SQLiteStore`) or PostgreSQL (`PostgresStore`). Importing, the
/// ledger and verification are written once against this protocol; an engine only stores rows.
public protocol Store: Sendable {
    /// Where the record lives, for messages: a file path, or a URL without its password.
    var location: String { get }
    /// Everything stored, in listed (ledger) order.
    func read() async throws -> StoredDataset
    /// One exclusive write. `plan` sees what is stored, while no other writer (thread, process or
    /// server) can change it, and returns the rows to append; they are appended in the same
    /// transaction. A throw from `plan` or from the engine changes nothing.
    func write<T: Sendable>(_ plan: @escaping @Sendable (StoredDataset) throws -> (Changes, T)) async throws -> T
    /// The data version, cheaply (to decide whether a snapshot is stale).
    func version() async throws -> Int
    /// The figure tables stored for `version` of the record (nil: the current one): every
    /// figure of the whole dataset, every party and every instrument as of any day, without
    /// reading the record. Nil when none are stored for it (a database last written by an older
    /// build, or a newer version committed since), or they are of another format or
    /// unreadable: compute them from `read()` instead.
    func figureTables(version: Int?) async throws -> FigureTables?
    /// Full-text search over titles in every language, notes, acts, sources and claims: the
    /// best matches from `offset` on, at most `limit`, and how many match in all.
    func search(_ query: String, limit: Int, offset: Int) async throws -> SearchResults
    /// Calls `onChange` each time the record changes (by this process or any other), soon after
    /// the change commits, until the calling task is cancelled.
    func watch(_ onChange: @escaping @Sendable () async -> Void) async throws
}

/// Rows to append in one write, each table's rows in order (events carry `recorded` and `hash`).
public struct Changes: Sendable {
    public var rows: [Table: [Row]]
    /// The new records, for the full-text index.
    public var added: Dataset
    /// When the change was made (ISO 8601): the record's new `updated`.
    public var time: String
    /// The figure tables of the whole record after this write, stored in the same transaction
    /// (also when no row changes: stored tables that were missing or stale are replaced).
    public var figures: EncodedFigures?
    /// The record's new title and subtitle, as stored (meta `about`, JSON); nil: unchanged.
    public var about: String?
    /// A proposal's approval, stored in the same transaction as the rows it publishes (refused,
    /// with them, if the store's review rule refuses it).
    public var review: ProposalReview?

    public init(rows: [Table: [Row]] = [:], added: Dataset = Dataset(), time: String = "", figures: EncodedFigures? = nil) {
        self.rows = rows; self.added = added; self.time = time; self.figures = figures
    }

    public var isEmpty: Bool { rows.values.allSatisfy(\.isEmpty) && about == nil }

    /// The tables with rows, in the order that keeps references valid.
    var tables: [(Table, [Row])] {
        Table.allCases.compactMap { table in rows[table].flatMap { $0.isEmpty ? nil : (table, $0) } }
    }
}

/// Figure tables in their stored form, possibly still being computed on another core: an
/// engine inserts the rows meanwhile and asks for the bytes last.
public final class EncodedFigures: Sendable {
    private let job: OtherCore<[UInt8]>

    public init(_ tables: FigureTables) { job = OtherCore { tables.encoded() } }

    /// Starts computing the tables now.
    public init(computing tables: @escaping @Sendable () -> FigureTables) { job = OtherCore { tables().encoded() } }

    /// The encoded tables, waiting for them if they are not done: only for a caller on a thread
    /// of its own (SQLite's write queue), never on Swift concurrency's threads.
    public var bytes: [UInt8] { job.value() }

    /// The encoded tables, suspending (not blocking) until they are done.
    public func encoded() async -> [UInt8] { await job.value() }
}

/// Work started on a global dispatch queue, so it runs beside the caller on another core; the
/// caller collects it with `value()`: blocking on a thread of its own, or suspended in async code.
final class OtherCore<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: T?
    private var waiters: [CheckedContinuation<T, Never>] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async {
            let value = work()
            self.lock.lock()
            self.result = value
            let waiting = self.waiters
            self.waiters = []
            self.lock.unlock()
            self.done.signal()
            for waiter in waiting { waiter.resume(returning: value) }
        }
    }

    func value() -> T {
        done.wait()
        done.signal()
        lock.lock()
        defer { lock.unlock() }
        return result!
    }

    func value() async -> T {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(returning: result)
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }
}

/// One full-text match.
public struct SearchHit: Sendable, Hashable {
    /// The table the record belongs to.
    public let table: Table
    public let id: String
    public let title: String
    /// The matching passage; matched terms are wrapped in `SearchHit.markStart` … `markEnd`.
    public let snippet: String

    public static let markStart = "\u{E000}"
    public static let markEnd = "\u{E001}"

    /// The passage without its match marks.
    public var plainSnippet: String {
        snippet.replacingOccurrences(of: SearchHit.markStart, with: "").replacingOccurrences(of: SearchHit.markEnd, with: "")
    }

    public init(table: Table, id: String, title: String, snippet: String) {
        self.table = table; self.id = id; self.title = title; self.snippet = snippet
    }
}

/// The data version as `meta` stores it. Anything but a whole number ≥ 0 is an error, never 0:
/// version 0 means "never written", and a server seeds such a database with the bundled dataset.
enum StoredVersion {
    static func parse(_ text: String?) throws -> Int {
        guard let text else {
            throw StoreError(
                "the database has no data version (its meta table lacks the 'version' row); it was altered outside Pactwatch: restore it from a backup"
            )
        }
        guard let n = Int(text), n >= 0 else {
            throw StoreError(
                "the database's data version \"\(text.prefix(40))\" is not a whole number; it was altered outside Pactwatch: restore it from a backup"
            )
        }
        return n
    }
}

/// A store failed for a reason the user can act on.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Store {
    /// A `watch` for engines, or servers, that cannot notify: reads the data version every
    /// `interval` and calls `onChange` when it moved (and once at the start, for a change
    /// committed before the first look).
    func pollVersion(every interval: Duration, _ onChange: @escaping @Sendable () async -> Void) async throws {
        var seen = try await version()
        await onChange()
        while !Task.isCancelled {
            try await Task.sleep(for: interval)
            let now = try await version()
            if now != seen {
                seen = now
                await onChange()
            }
        }
    }

    /// The figure tables stored for the current version of the record, if any.
    public func figureTables() async throws -> FigureTables? { try await figureTables(version: nil) }

    /// The in-memory snapshot of what is stored.
    public func snapshot() async throws -> Snapshot { Snapshot(try await read().dataset) }
}

// What every engine stores the same way: a row is its schema's columns, as text, plus its
// translations as one JSON object; the full-text index holds (table, id, title, body).
extension StoredDataset {
    /// Room for `n` events, reserved before reading them: growing by doubling would hold the
    /// old and the new copy of a million events at once.
    mutating func reserve(events n: Int) {
        dataset.events.reserveCapacity(n)
        eventHashes.reserveCapacity(n)
    }

    /// Appends one stored row, read back from an engine.
    mutating func appendStored(_ table: Table, values: [String], translations json: String, interner: inout Interner) throws {
        var translations: [String: String] = [:]
        if json != "{}", !json.isEmpty {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
                throw StoreError(
                    "the database holds a \(table.rawValue) row whose translations are not a JSON object of strings; it was edited outside Pactwatch: restore the row, or import the last export into a new database"
                )
            }
            // A table with one translated field stores its translations by language (`{"ru": …}`),
            // as instruments and commitments did before their `short_title`: a bare language
            // key is the first field's.
            for (key, text) in decoded {
                let column = table.translation(of: key) == nil && table.translatedFields.count > 0 ? table.translatedFields[0] + "_" + key : key
                translations[column] = text
            }
        }
        do {
            try dataset.append(table, Row(values: values, translations: translations))
        } catch {
            throw StoreError(
                "the database holds a \(table.rawValue) row it cannot read (\(error)); it was edited outside Pactwatch: restore the row, or import the last export into a new database"
            )
        }
        if table == .events, let hash = Table.events.position(of: "hash") {
            eventHashes.append(values[hash])
            // A million events repeat a few commitments, source lists and import times: keep
            // one copy of each.
            let last = dataset.events.count - 1
            dataset.events[last].commitment = interner.string(dataset.events[last].commitment)
            dataset.events[last].sources = interner.list(dataset.events[last].sources)
            if let recorded = dataset.events[last].recorded { dataset.events[last].recorded = interner.string(recorded) }
        }
    }
}

/// One shared copy of repeated values while a store is read.
struct Interner {
    private var strings: [String: String] = [:]
    private var lists: [[String]: [String]] = [:]
    /// Beyond this many distinct values, new ones are kept as they come (nothing repeats enough).
    static let limit = 200_000

    mutating func string(_ s: String) -> String {
        // Up to 15 UTF-8 bytes a string lives inside its own value: nothing to share.
        guard s.utf8.count > 15 else { return s }
        if let shared = strings[s] { return shared }
        if strings.count < Interner.limit { strings[s] = s }
        return s
    }

    mutating func list(_ l: [String]) -> [String] {
        if let shared = lists[l] { return shared }
        if lists.count < Interner.limit { lists[l] = l }
        return l
    }
}

extension Row {
    /// The translations as stored: a JSON object with sorted keys, by language for a table with
    /// one translated field (`{"ru": "…"}`, as every build has stored them), else by column
    /// (`{"statement_ru": "…"}`).
    func translationsJSON(_ table: Table) -> String {
        guard !translations.isEmpty else { return "{}" }
        let fields = table.translatedFields
        let stored = fields.count == 1 ? translations(of: fields[0]) : translations
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(stored)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension Table {
    /// The stored columns, in order: the schema's fields, then `translations`.
    var storedColumns: [String] { columnNames + ["translations"] }
}

/// The dataset tables as migration v1 created them, on both engines, frozen as written then: a
/// migration must never be generated from today's schema (a field added later is a migration of
/// its own, `ALTER TABLE … ADD COLUMN`). Every field is text (empty when absent), translations are
/// a JSON object, ids are unique, and `sequence` (each engine's own row counter) keeps the order.
enum SchemaV1 {
    static func tables(sequence: String) -> [String] {
        [
            """
            CREATE TABLE "parties" (\(sequence), "id" TEXT NOT NULL DEFAULT '', "name" TEXT NOT NULL DEFAULT '', "kind" TEXT NOT NULL DEFAULT '', "joined" TEXT NOT NULL DEFAULT '', "left" TEXT NOT NULL DEFAULT '', translations TEXT NOT NULL DEFAULT '{}', UNIQUE(id))
            """,
            """
            CREATE TABLE "sources" (\(sequence), "id" TEXT NOT NULL DEFAULT '', "url" TEXT NOT NULL DEFAULT '', "title" TEXT NOT NULL DEFAULT '', "publisher" TEXT NOT NULL DEFAULT '', "published" TEXT NOT NULL DEFAULT '', "kind" TEXT NOT NULL DEFAULT '', "language" TEXT NOT NULL DEFAULT '', "archived_url" TEXT NOT NULL DEFAULT '', "quote" TEXT NOT NULL DEFAULT '', translations TEXT NOT NULL DEFAULT '{}', UNIQUE(id))
            """,
            """
            CREATE TABLE "instruments" (\(sequence), "id" TEXT NOT NULL DEFAULT '', "kind" TEXT NOT NULL DEFAULT '', "title" TEXT NOT NULL DEFAULT '', "parent" TEXT NOT NULL DEFAULT '', "adopted" TEXT NOT NULL DEFAULT '', "parties" TEXT NOT NULL DEFAULT '', "expected_acts" TEXT NOT NULL DEFAULT '', "sources" TEXT NOT NULL DEFAULT '', "confidence" TEXT NOT NULL DEFAULT '', "note" TEXT NOT NULL DEFAULT '', translations TEXT NOT NULL DEFAULT '{}', UNIQUE(id))
            """,
            """
            CREATE TABLE "commitments" (\(sequence), "id" TEXT NOT NULL DEFAULT '', "instrument" TEXT NOT NULL DEFAULT '', "title" TEXT NOT NULL DEFAULT '', "area" TEXT NOT NULL DEFAULT '', "mode" TEXT NOT NULL DEFAULT '', "parties" TEXT NOT NULL DEFAULT '', "deadline" TEXT NOT NULL DEFAULT '', "weight" TEXT NOT NULL DEFAULT '', "sources" TEXT NOT NULL DEFAULT '', "confidence" TEXT NOT NULL DEFAULT '', "note" TEXT NOT NULL DEFAULT '', translations TEXT NOT NULL DEFAULT '{}', UNIQUE(id))
            """,
            """
            CREATE TABLE "acts" (\(sequence), "id" TEXT NOT NULL DEFAULT '', "kind" TEXT NOT NULL DEFAULT '', "title" TEXT NOT NULL DEFAULT '', "party" TEXT NOT NULL DEFAULT '', "number" TEXT NOT NULL DEFAULT '', "uri" TEXT NOT NULL DEFAULT '', "commitments" TEXT NOT NULL DEFAULT '', "sources" TEXT NOT NULL DEFAULT '', translations TEXT NOT NULL DEFAULT '{}', UNIQUE(id))
            """,
            """
            CREATE TABLE "events" (\(sequence), "id" TEXT NOT NULL DEFAULT '', "date" TEXT NOT NULL DEFAULT '', "commitment" TEXT NOT NULL DEFAULT '', "party" TEXT NOT NULL DEFAULT '', "stage" TEXT NOT NULL DEFAULT '', "deadline" TEXT NOT NULL DEFAULT '', "act" TEXT NOT NULL DEFAULT '', "sources" TEXT NOT NULL DEFAULT '', "note" TEXT NOT NULL DEFAULT '', "retracts" TEXT NOT NULL DEFAULT '', "recorded" TEXT NOT NULL DEFAULT '', "hash" TEXT NOT NULL DEFAULT '', translations TEXT NOT NULL DEFAULT '{}', UNIQUE(id))
            """,
            """
            CREATE TABLE "claims" (\(sequence), "id" TEXT NOT NULL DEFAULT '', "date" TEXT NOT NULL DEFAULT '', "speaker" TEXT NOT NULL DEFAULT '', "speaker_role" TEXT NOT NULL DEFAULT '', "scope" TEXT NOT NULL DEFAULT '', "statement" TEXT NOT NULL DEFAULT '', "value" TEXT NOT NULL DEFAULT '', "done" TEXT NOT NULL DEFAULT '', "total" TEXT NOT NULL DEFAULT '', "sources" TEXT NOT NULL DEFAULT '', translations TEXT NOT NULL DEFAULT '{}', UNIQUE(id))
            """,
        ]
    }
}

extension About {
    /// As meta `about` stores it: JSON with sorted keys.
    var stored: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The stored form read back; an unreadable one (edited outside Pactwatch) reads as none.
    init(stored: String) { self = (try? JSONDecoder().decode(About.self, from: Data(stored.utf8))) ?? About() }
}

/// One row of the full-text index.
struct SearchEntry {
    let table: Table
    let id: String
    /// Every title, all languages, joined.
    let title: String
    let body: String

    /// What the index holds for these records.
    static func entries(for d: Dataset) -> [SearchEntry] {
        var out: [SearchEntry] = []
        func add(_ table: Table, _ id: String, _ title: String, _ translations: [String: String], _ body: [String?]) {
            let titles = ([title] + translations.keys.sorted().map { translations[$0]! }).joined(separator: " · ")
            out.append(SearchEntry(table: table, id: id, title: titles, body: body.compactMap { $0 }.joined(separator: " · ")))
        }
        for p in d.parties { add(.parties, p.id, p.name, p.names, [p.id]) }
        for s in d.sources { add(.sources, s.id, s.title ?? s.url, [:], [s.url, s.publisher, s.quote]) }
        for i in d.instruments { add(.instruments, i.id, i.title, i.titles, [i.id, i.note]) }
        for c in d.commitments { add(.commitments, c.id, c.title, c.titles, [c.id, c.area, c.note]) }
        for a in d.acts { add(.acts, a.id, a.title, a.titles, [a.number, a.uri]) }
        for e in d.events where e.note != nil { add(.events, e.id, e.commitment, [:], [e.note]) }
        for c in d.claims {
            add(.claims, c.id, c.speaker, c.speakers, [c.speakerRole, c.statement] + c.speakerRoles.values.sorted() + c.statements.values.sorted())
        }
        return out
    }
}

/// One page of full-text matches and how many there are in all.
public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    public var total: Int

    public init(hits: [SearchHit] = [], total: Int = 0) { self.hits = hits; self.total = total }
}

extension Store {
    /// The best `limit` matches.
    public func search(_ query: String, limit: Int = 50) async throws -> [SearchHit] {
        try await search(query, limit: limit, offset: 0).hits
    }
}
