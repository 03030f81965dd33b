/// The stored form of `FigureTables`: little-endian, versioned, checked on the way in.
///
///     "PWFT" · format (u32) · parties, instruments (strings) · weights (f64) ·
///     scopeStart, scopeList, weightOf, asymmetryStart, asymmetryList, childStart, childList (i32) ·
///     changes (day i32 column, subject i32 column, from u16 column, to u16 column) ·
///     checkpoints (applied i64, then scopes × stride i64 counts each)
///
/// Only a sparse set of checkpoints is stored (within `storedCheckpointBudget`); a reader that
/// answers many days adds its own (`withDenseCheckpoints()`).
extension FigureTables {
    /// Bump whenever what the tables hold, or what a figure counts, changes: stored tables of
    /// another format are ignored and the figures are computed from the record instead.
    public static let format: UInt32 = 2
    static let magic: [UInt8] = Array("PWFT".utf8)
    /// Stored checkpoints are held within this many bytes.
    static let storedCheckpointBudget = 2 << 20

    /// Why stored bytes are not tables this build can use.
    public struct DecodingError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public func encoded() -> [UInt8] { encoded(checkpointBudget: FigureTables.storedCheckpointBudget) }

    func encoded(checkpointBudget: Int) -> [UInt8] {
        var sparse = self
        sparse.addCheckpoints(within: checkpointBudget)
        var out = ByteWriter()
        out.bytes += FigureTables.magic
        out.put(FigureTables.format)
        out.put(strings: partyIDs)
        out.put(strings: instrumentIDs)
        out.put(UInt32(weights.count))
        for w in weights { out.put(w.bitPattern) }
        for column in [scopeStart, scopeList, weightOf, asymmetryStart, asymmetryList, childStart, childList] { out.put(column) }
        out.put(changes.map(\.day))
        out.put(changes.map(\.subject))
        out.bytes.reserveCapacity(out.bytes.count + changes.count * 4)
        for change in changes { out.put(change.from) }
        for change in changes { out.put(change.to) }
        out.put(UInt32(sparse.checkpoints.count))
        for checkpoint in sparse.checkpoints {
            out.put(Int64(checkpoint.applied))
            for count in checkpoint.counts { out.put(Int64(count)) }
        }
        return out.bytes
    }

    /// Reads `encoded()`'s bytes back, refusing anything that is not exactly that: another
    /// format, a truncated or altered blob, an index out of range.
    public init(decoding bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try FigureTables(decoding: $0) }
    }

    /// Reads the bytes where they lie (a database's own buffer): nothing is copied but the tables.
    public init(decoding bytes: UnsafeRawBufferPointer) throws {
        var r = ByteReader(bytes: bytes)
        guard try r.take(4).elementsEqual(FigureTables.magic) else { throw DecodingError(description: "not figure tables") }
        let format: UInt32 = try r.get()
        guard format == FigureTables.format else {
            throw DecodingError(description: "figure tables of format \(format), this build reads \(FigureTables.format)")
        }
        partyIDs = try r.strings()
        instrumentIDs = try r.strings()
        let weightCount = Int(try r.get() as UInt32)
        guard weightCount <= 1 << 20 else { throw DecodingError(description: "too many weight classes") }
        weights = try (0..<weightCount).map { _ in Double(bitPattern: try r.get()) }
        scopeStart = try r.int32s()
        scopeList = try r.int32s()
        weightOf = try r.int32s()
        asymmetryStart = try r.int32s()
        asymmetryList = try r.int32s()
        childStart = try r.int32s()
        childList = try r.int32s()
        // The change columns: days, subjects, from, to.
        let count = Int(try r.get() as UInt32)
        let days = try r.take(count * 4)
        guard Int(try r.get() as UInt32) == count else { throw DecodingError(description: "figure table columns of different lengths") }
        let subjects = try r.take(count * 4)
        let from = try r.take(count * 2), to = try r.take(count * 2)
        changes = [Change](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                out.initializeElement(
                    at: i,
                    to: Change(
                        day: Int32(littleEndian: days.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)),
                        subject: Int32(littleEndian: subjects.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)),
                        from: UInt16(littleEndian: from.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)),
                        to: UInt16(littleEndian: to.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))))
            }
            initialized = count
        }
        let checkpointCount = Int(try r.get() as UInt32)
        let width = (1 + partyIDs.count + instrumentIDs.count) * (Tallies.fixed + weightCount * Tallies.stages)
        guard checkpointCount >= 1, checkpointCount <= r.remaining / 8 / (width + 1) else {
            throw DecodingError(description: "checkpoints cut short")
        }
        var checkpoints: [Checkpoint] = []
        for _ in 0..<checkpointCount {
            let applied = Int(try r.get() as Int64)
            let counts = try r.take(width * 8)
            checkpoints.append(
                Checkpoint(
                    applied: applied,
                    counts: (0..<width).map {
                        Int(Int64(littleEndian: counts.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)))
                    }))
        }
        self.checkpoints = checkpoints
        childSlots = []  // derived once the columns are known to be in range
        guard r.remaining == 0 else { throw DecodingError(description: "\(r.remaining) bytes after the tables") }
        try validate()
        childSlots = FigureTables.childSlots(parties: partyIDs.count, childStart: childStart, childList: childList)
    }

    /// Every index the queries follow is in range, so altered bytes are refused, not trapped on.
    private func validate() throws {
        func fail(_ what: String) -> DecodingError { DecodingError(description: "figure tables are inconsistent: \(what)") }
        let obligations = weightOf.count, commitments = asymmetryStart.count - 1
        guard scopeStart.count == obligations + 1, scopeStart.first == 0, scopeStart.last.map(Int.init) == scopeList.count,
            zip(scopeStart, scopeStart.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw fail("obligation scopes") }
        guard commitments >= 0, asymmetryStart.first == 0, asymmetryStart.last.map(Int.init) == asymmetryList.count,
            zip(asymmetryStart, asymmetryStart.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw fail("commitment scopes") }
        let scopes = Int32(scopeCount)
        guard (scopeList + asymmetryList).allSatisfy({ $0 >= 0 && $0 < scopes }) else { throw fail("a scope out of range") }
        guard weightOf.allSatisfy({ $0 >= 0 && Int($0) < weights.count }) else { throw fail("a weight class out of range") }
        guard childStart.count == instrumentIDs.count + 1, childStart.first == 0, childStart.last.map(Int.init) == childList.count,
            zip(childStart, childStart.dropFirst()).allSatisfy({ $0 <= $1 }),
            childList.allSatisfy({ $0 >= 0 && Int($0) < instrumentIDs.count })
        else { throw fail("instrument children") }
        let stages = UInt16(Tallies.stages)
        for (i, change) in changes.enumerated() {
            if i > 0, changes[i - 1].day > change.day { throw fail("changes out of order") }
            if change.subject >= 0 {
                guard Int(change.subject) < obligations, change.from & 7 < stages, change.to & 7 < stages else { throw fail("change \(i)") }
            } else {
                guard Int(-1 - Int(change.subject)) < commitments, change.from <= 1, change.to <= 1 else { throw fail("change \(i)") }
            }
        }
        guard checkpoints[0].applied == 0,
            zip(checkpoints, checkpoints.dropFirst()).allSatisfy({ $0.applied < $1.applied }),
            checkpoints.last!.applied <= changes.count
        else { throw fail("checkpoints") }
    }

    /// The same tables with checkpoints as dense as an in-memory index keeps: for a server that
    /// answers many days from tables read back from a store.
    public func withDenseCheckpoints() -> FigureTables {
        var dense = self
        dense.checkpoints = [checkpoints[0]]
        dense.addCheckpoints(within: FigureTables.checkpointBudget)
        return dense
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func put(_ column: [Int32]) {
        put(UInt32(column.count))
        bytes.reserveCapacity(bytes.count + column.count * 4)
        for value in column { put(value) }
    }

    mutating func put(strings: [String]) {
        put(UInt32(strings.count))
        for s in strings {
            put(UInt32(s.utf8.count))
            bytes += s.utf8
        }
    }
}

struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else { throw FigureTables.DecodingError(description: "figure tables cut short") }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
    }

    mutating func get<T: FixedWidthInteger>() throws -> T {
        T(littleEndian: try take(MemoryLayout<T>.size).loadUnaligned(as: T.self))
    }

    mutating func int32s() throws -> [Int32] {
        let count = Int(try get() as UInt32)
        guard count <= remaining / 4 else { throw FigureTables.DecodingError(description: "figure tables cut short") }
        let raw = try take(count * 4)
        return (0..<count).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
    }

    mutating func strings() throws -> [String] {
        let count = Int(try get() as UInt32)
        guard count <= remaining / 4 else { throw FigureTables.DecodingError(description: "figure tables cut short") }
        return try (0..<count).map { _ in
            let length = Int(try get() as UInt32)
            return String(decoding: try take(length), as: UTF8.self)
        }
    }
}
