import Testing

@testable import PactwatchCore
@testable import PactwatchData

/// The index must give exactly what the direct pass gives: checked on every day an obligation's
/// contribution changes (and the days either side), on hand-built and generated datasets.
@Suite("The figure index answers any day exactly as the direct pass does")
struct FigureIndexTests {
    func expectSame(_ snapshot: Snapshot, days: [Day], sourceLocation: SourceLocation = #_sourceLocation) {
        let index = FigureIndex(snapshot)
        for day in days {
            let direct = snapshot.report(asOf: day)
            let indexed = index.report(asOf: day)
            #expect(indexed.overall == direct.overall, "overall as of \(day)", sourceLocation: sourceLocation)
            #expect(indexed.parties.map(\.figures) == direct.parties.map(\.figures), "parties as of \(day)", sourceLocation: sourceLocation)
            #expect(
                indexed.instruments.map(\.figures) == direct.instruments.map(\.figures), "instruments as of \(day)", sourceLocation: sourceLocation)
        }
    }

    /// Every change day of the index, with its neighbours, plus far past and far future.
    func probeDays(_ snapshot: Snapshot, limit: Int = 400) -> [Day] {
        let index = FigureIndex(snapshot)
        var days = Set([Day(iso: "1990-01-01")!, Day(iso: "2100-01-01")!])
        let changes = index.tables.changes
        let step = max(1, changes.count / limit)
        for i in Swift.stride(from: 0, to: changes.count, by: step) {
            for delta in -1...1 { days.insert(Day(ordinal: Int(changes[i].day) + delta)) }
        }
        return days.sorted()
    }

    @Test("on the hand-computed ladder dataset, every day from 2019 to 2029")
    func ladder() {
        let snapshot = Snapshot(Ladder.dataset)
        let start = Day(iso: "2019-01-01")!.ordinal
        expectSame(snapshot, days: (0..<(365 * 10)).map { Day(ordinal: start + $0) })
        // And the hand-computed figures themselves come out of the index.
        let f = FigureIndex(snapshot).figures(asOf: Ladder.asOf)
        #expect(f == snapshot.figures(asOf: Ladder.asOf))
        #expect(FigureIndex(snapshot).figures(for: .party("BY"), asOf: Ladder.asOf) == snapshot.figures(for: .party("BY"), asOf: Ladder.asOf))
        #expect(FigureIndex(snapshot).figures(for: .instrument("D"), asOf: Ladder.asOf) == snapshot.figures(for: .instrument("D"), asOf: Ladder.asOf))
    }

    @Test("on the bundled Union State dataset")
    func bundled() throws {
        let snapshot = Snapshot(try DatasetFolder.check(Bundled.folder("union-state")!).dataset)
        expectSame(snapshot, days: probeDays(snapshot))
    }

    @Test("on generated datasets: moved deadlines, retractions, joint commitments, partial dates", arguments: [1, 2, 3, 4] as [UInt64])
    func generated(seed: UInt64) {
        let snapshot = Snapshot(Synthetic(parties: 4, commitments: 120, eventsPer: 5, seed: seed).dataset())
        let index = FigureIndex(snapshot)
        #expect(index.changeCount > 500)
        expectSame(snapshot, days: probeDays(snapshot, limit: 150))
    }
}

@Suite("The latest events as of a day")
struct LatestEventsTests {
    @Test("newest first by last day of the date, same day listed later first, filtered, limited")
    func latest() {
        let snapshot = Snapshot(Ladder.dataset)
        let index = FigureIndex(snapshot)
        let ids = { (indices: [Int]) in indices.map { snapshot.dataset.events[$0].id } }
        // e2 is dated 2022-08 (its last day, 08-31); e4 (2022-10-01) and e7 (2023-02-01) come later.
        #expect(ids(index.latestEvents(asOf: Day(iso: "2022-09-15")!, limit: 4)) == ["e3", "e2", "e9", "e1"])
        #expect(ids(index.latestEvents(asOf: Day(iso: "2022-09-15")!, limit: 10) { $0.commitment == "c3" }) == ["e6", "e5", "e8"])
        #expect(index.latestEvents(asOf: Day(iso: "2019-12-31")!, limit: 10).isEmpty)
        #expect(ids(index.latestEvents(asOf: Day(iso: "2030-01-01")!, limit: 1)) == ["e7"])
    }
}

@Suite("Figure tables as a store keeps them")
struct FigureTablesCodingTests {
    /// Enough changes (> 4,096) for stored and in-memory checkpoints to differ.
    static let snapshot = Snapshot(Synthetic(parties: 6, commitments: 400, eventsPer: 5, seed: 7).dataset())

    @Test("read back from their bytes, they answer every probed day as the direct pass does, with fewer checkpoints")
    func roundTrip() throws {
        let snapshot = FigureTablesCodingTests.snapshot
        let tables = FigureTables(snapshot)
        #expect(tables.changes.count > 3 * 4096)
        #expect(tables.checkpoints.count > 2)
        // A budget of nothing keeps only the first checkpoint and the one every `changes` changes.
        let decoded = try FigureTables(decoding: tables.encoded(checkpointBudget: 0))
        #expect(decoded.checkpoints.count == 2)
        #expect(decoded.changes == tables.changes)
        #expect(decoded.withDenseCheckpoints() == tables)
        #expect(try FigureTables(decoding: tables.encoded()) == tables)
        var days = [Day(iso: "1990-01-01")!, Day(iso: "2100-01-01")!]
        for i in Swift.stride(from: 0, to: tables.changes.count, by: tables.changes.count / 150) {
            days.append(Day(ordinal: Int(tables.changes[i].day)))
            days.append(Day(ordinal: Int(tables.changes[i].day) - 1))
        }
        for day in days {
            let direct = snapshot.report(asOf: day)
            let stored = decoded.report(asOf: day)
            #expect(stored.overall == direct.overall, "overall as of \(day)")
            #expect(stored.parties.map(\.id) == direct.parties.map(\.id))
            #expect(stored.parties.map(\.figures) == direct.parties.map(\.figures), "parties as of \(day)")
            #expect(stored.instruments.map(\.id) == direct.instruments.map(\.id))
            #expect(stored.instruments.map(\.figures) == direct.instruments.map(\.figures), "instruments as of \(day)")
        }
    }

    @Test("another format, another magic, or bytes cut short are refused")
    func refused() throws {
        let bytes = FigureTables(Snapshot(Ladder.dataset)).encoded()
        var format = bytes
        format[4] &+= 1
        #expect(throws: FigureTables.DecodingError.self) { try FigureTables(decoding: format) }
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(throws: FigureTables.DecodingError.self) { try FigureTables(decoding: magic) }
        for length in Swift.stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: FigureTables.DecodingError.self) { try FigureTables(decoding: Array(bytes.prefix(length))) }
        }
        #expect(throws: FigureTables.DecodingError.self) { try FigureTables(decoding: bytes + [0]) }
    }

    @Test("altered bytes are refused or give tables that answer without trapping")
    func altered() {
        let snapshot = Snapshot(Synthetic(parties: 3, commitments: 60, eventsPer: 5, seed: 3).dataset())
        let bytes = FigureTables(snapshot).encoded()
        var generator = Synthetic.Random(state: 11)
        var refused = 0
        for _ in 0..<400 {
            var altered = bytes
            let at = generator.int(0..<bytes.count)
            altered[at] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            guard let tables = try? FigureTables(decoding: altered) else { refused += 1; continue }
            // An index out of range would trap here.
            for day in ["1990-01-01", "2022-06-30", "2100-01-01"] { _ = tables.report(asOf: Day(iso: day)!) }
        }
        #expect(refused > 0)
    }
}
