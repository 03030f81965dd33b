import Foundation
import PactwatchCore
import PactwatchData

/// What a database holds: the records, and the ledger hash of each event (aligned with
/// `dataset.events`, in ledger order).
public struct StoredDataset: Sendable {
    public var dataset: Dataset
    public var eventHashes: [String]
    /// Grows with every write; names the published record (ETags, snapshot refresh).
    public var version: Int
    /// When the record last changed (ISO 8601, UTC); nil before the first import.
    public var updated: String?

    public init(dataset: Dataset = Dataset(), eventHashes: [String] = [], version: Int = 0, updated: String? = nil) {
        self.dataset = dataset; self.eventHashes = eventHashes; self.version = version; self.updated = updated
    }
}

/// A storage engine. SQLite implements it now; PostgreSQL can follow without touching Core or
/// Data, since importing, the ledger and verification are written once against this protocol.
public protocol Store: Sendable {
    /// Everything stored, in listed (ledger) order.
    func read() throws -> StoredDataset
    /// Runs `body` in one exclusive transaction: writers are serialised, and a throw changes nothing.
    func write<T>(_ body: (any WriteTransaction) throws -> T) throws -> T
    /// The data version, cheaply (to decide whether a snapshot is stale).
    func version() throws -> Int
    /// Full-text search over titles in every language, notes, acts, sources and claims.
    func search(_ query: String, limit: Int) throws -> [SearchHit]
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

    public init(table: Table, id: String, title: String, snippet: String) {
        self.table = table; self.id = id; self.title = title; self.snippet = snippet
    }
}

/// The writes an import needs, inside one transaction.
public protocol WriteTransaction {
    func read() throws -> StoredDataset
    /// Appends rows in order (events carry their `recorded` and `hash`).
    func insert(_ table: Table, _ rows: [Row]) throws
    /// Adds new records to the full-text index.
    func index(_ added: Dataset) throws
    /// Marks the record as changed at `time` (ISO 8601).
    func bumpVersion(at time: String) throws
}

/// A store failed for a reason the user can act on.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Store {
    /// The in-memory snapshot of what is stored.
    public func snapshot() throws -> Snapshot { Snapshot(try read().dataset) }
}
