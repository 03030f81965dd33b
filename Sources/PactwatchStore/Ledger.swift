import Crypto
import Foundation
import PactwatchCore
import PactwatchData

/// The append-only event ledger: each stored event carries
/// `hash = hex(SHA-256(previous hash ‖ canonical form of the event))`, the first event's previous
/// hash being 64 zeros. The canonical form is the event's CSV line (RFC 4180, CRLF-terminated)
/// over the columns id, date, commitment, party, stage, deadline, act, sources, note, retracts,
/// recorded, then recorded_by and approved_by when either is set: exactly what `export` writes
/// (without the hash), so anyone can recompute the chain from the files. An event stored before
/// attribution existed has neither, so its form, and its hash, are what they always were.
public enum Ledger {
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical form of an event: its export line without the hash column.
    public static func canonicalForm(_ event: Event) -> String {
        CSV.line(Array(canonicalFields(RecordCoding.row(event).values)))
    }

    /// The cells of an events row that are chained: all but the hash (last in the schema), and
    /// without the two attribution cells (before it) when both are empty.
    static func canonicalFields(_ values: [String]) -> ArraySlice<String> {
        let withoutHash = values.dropLast()
        return withoutHash.suffix(2).allSatisfy(\.isEmpty) ? withoutHash.dropLast(2) : withoutHash
    }

    public static func hash(previous: String, _ event: Event) -> String {
        var form = canonicalForm(event)
        return form.withUTF8 { hash(previous: previous, form: UnsafeRawBufferPointer($0)) }
    }

    static func hash(previous: String, form: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        var previous = previous
        previous.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        hasher.update(bufferPointer: form)
        return String(unsafeUninitializedCapacity: 64) { hex in
            let digits: StaticString = "0123456789abcdef"
            var i = 0
            for byte in hasher.finalize() {
                hex[i] = digits.utf8Start[Int(byte >> 4)]
                hex[i + 1] = digits.utf8Start[Int(byte & 15)]
                i += 2
            }
            return 64
        }
    }

    /// The hashes of `events` chained after `previous`.
    public static func chain(_ events: [Event], after previous: String = genesis) -> [String] {
        var head = previous
        return events.map { event in
            head = hash(previous: head, event)
            return head
        }
    }

    /// The hashes of events already encoded as rows of the events schema (the hash column, last,
    /// left out of the canonical form), chained after `previous`: the same as `chain(_:after:)`
    /// without encoding every event twice.
    static func chain(rows: [Row], after previous: String = genesis) -> [String] {
        var head = previous
        var form: [UInt8] = []
        return rows.map { row in
            form.removeAll(keepingCapacity: true)
            canonicalForm(canonicalFields(row.values), into: &form)
            head = form.withUnsafeBytes { hash(previous: head, form: $0) }
            return head
        }
    }

    /// `CSV.line` as bytes: fields holding a comma, quote or line break quoted (quotes doubled),
    /// joined by commas, ended by CRLF.
    static func canonicalForm(_ fields: ArraySlice<String>, into out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let utf8 = field.utf8
            let needsQuotes = utf8.contains { (byte: UInt8) -> Bool in byte == 44 || byte == 34 || byte == 10 || byte == 13 }  // , " LF CR
            guard needsQuotes else { out += utf8; continue }
            out.append(UInt8(ascii: "\""))
            for byte in utf8 {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { out.append(byte) }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(13)
        out.append(10)
    }

    /// The first event whose stored hash differs from the recomputed chain, or nil when the
    /// whole chain holds.
    public static func firstBreak(events: [Event], hashes: some RandomAccessCollection<String>) -> (index: Int, expected: String, found: String)? {
        var head = genesis
        for (i, event) in events.enumerated() {
            head = hash(previous: head, event)
            let found = i < hashes.count ? hashes[hashes.index(hashes.startIndex, offsetBy: i)] : ""
            if found != head { return (i, head, found) }
        }
        return nil
    }

    /// Problems with a folder's `hash` column: if present it must form an unbroken chain from
    /// the first event (as `export` writes it).
    public static func problems(in located: LocatedDataset) -> [Problem] {
        let hashes = located.eventHashes
        guard hashes.contains(where: { !$0.isEmpty }) else { return [] }
        if let i = hashes.firstIndex(where: \.isEmpty) {
            let origin = located.origin(.events, i)
            return [
                Problem(
                    file: origin?.file ?? "events.csv", line: origin?.line, column: "hash",
                    "empty hash while other events carry one; expected the hash column filled for every event (as export writes it) or for none")
            ]
        }
        guard let broken = firstBreak(events: located.dataset.events, hashes: hashes) else { return [] }
        let origin = located.origin(.events, broken.index)
        return [
            Problem(
                file: origin?.file ?? "events.csv", line: origin?.line, column: "hash",
                "the ledger chain breaks at event \(quoted(located.dataset.events[broken.index].id)): expected hash \(broken.expected), found \(broken.found); the file was altered after export (clear the hash column to import it as new facts)"
            )
        ]
    }
}

func quoted(_ s: String) -> String { "\"" + s + "\"" }

/// The result of `verify`.
public struct LedgerCheck: Sendable {
    public let events: Int
    public let head: String
    /// The first event that breaks the chain, with what was expected.
    public let broken: (id: String, position: Int, expected: String, found: String)?
    /// Whether the stored figure tables are those of the record.
    public var figureTables: FigureTablesCheck = .current
    /// Stored values that input may no longer hold (`RecordCoding.storedProblems`).
    public var storedProblems: [Problem] = []

    public enum FigureTablesCheck: Sendable, Equatable {
        /// Stored, and equal to the tables recomputed from the record.
        case current
        /// None stored for this version of the record (last written by an older build).
        case missing
        /// Stored, but not what the record gives: altered, unreadable, or computed by other formulas.
        case differ
    }
}

extension Store {
    /// Recomputes the chain over every stored event, and the figure tables from the record.
    public func verify() async throws -> LedgerCheck {
        let stored = try await read()
        let events = stored.dataset.events
        var check: LedgerCheck
        if let b = Ledger.firstBreak(events: events, hashes: stored.eventHashes) {
            check = LedgerCheck(
                events: events.count, head: stored.eventHashes.last ?? Ledger.genesis,
                broken: (events[b.index].id, b.index + 1, b.expected, b.found))
        } else {
            check = LedgerCheck(events: events.count, head: stored.eventHashes.last ?? Ledger.genesis, broken: nil)
        }
        check.storedProblems = RecordCoding.storedProblems(in: stored.dataset)
        let tables = try await figureTables()
        // A write between the two reads leaves nothing to compare: the tables are checked
        // against the record they were stored with, or not at all.
        guard try await version() == stored.version else { return check }
        if let tables {
            // Stored tables keep fewer checkpoints: compare what storing the recomputed ones gives.
            let expected = try FigureTables(decoding: FigureTables(Snapshot(stored.dataset)).encoded())
            check.figureTables = tables == expected ? .current : .differ
        } else if stored.figureTablesVersion == stored.version, stored.version > 0 {
            // A row of this format for this version that does not decode.
            check.figureTables = .differ
        } else {
            check.figureTables = stored.version == 0 ? .current : .missing
        }
        return check
    }

    /// Recomputes the figure tables from the record and stores them, whatever was stored.
    public func storeFigureTables() async throws {
        try await write { stored in
            (Changes(time: stored.updated ?? "", figures: EncodedFigures(FigureTables(Snapshot(stored.dataset)))), ())
        }
    }
}
