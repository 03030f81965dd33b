import Foundation
import PactwatchCore
import Testing

@testable import PactwatchData

@Suite("Numbers are written in a form the reader reads back")
struct NumberFormTests {
    /// What `RowReader.number` makes of `text`, without range checks (as a stored row is read).
    func readBack(_ text: String) -> Double? {
        var values = [String](repeating: "", count: Table.commitments.fields.count)
        values[Table.commitments.position(of: "weight")!] = text
        var reader = RowReader(.commitments, Row(values: values), file: "t", line: 1, checksBounds: false)
        return reader.number("weight")
    }

    static let edges: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.5, 1.0 / 3, 0.0001, 0.00001, 1e-7, 123_456_789.123, 1e15 - 1, 1e15, 1e15 + 0.5, 1e16, 1e22, 1e300,
        -1e-300, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude,
        9_007_199_254_740_993, 0x1p53, 0x1p-1074, 6.02214076e23, 1.602176634e-19,
    ]

    @Test("the edges: plain decimal digits, read back as the same double", arguments: edges)
    func edge(_ x: Double) throws {
        let text = RecordCoding.number(x)
        #expect(!text.contains("e") && !text.contains("E"), "\(x) written as \(text)")
        #expect(readBack(text) == x, "\(x) written as \(text) reads back as \(String(describing: readBack(text)))")
    }

    @Test("100,000 random doubles of every magnitude round-trip exactly")
    func random() {
        var random = Synthetic.Random(state: 20261201)
        var failures: [String] = []
        for _ in 0..<100_000 {
            let x = Double(bitPattern: random.next())
            guard x.isFinite else { continue }
            let text = RecordCoding.number(x)
            if readBack(text)?.bitPattern != x.bitPattern, !(x == 0 && readBack(text) == 0) || text.contains("e") {
                failures.append("\(x) → \(text)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test("the numbers of older builds (exponent form) still read", arguments: ["1e-05", "1e+16", "2.5E-7", "-3e2"])
    func exponentForm(_ text: String) {
        #expect(readBack(text) == Double(text)!)
    }

    @Test(
        "text that Double() would take but a cell must not", arguments: ["nan", "inf", "-infinity", "0x10", "1 1", "1.", ".", "e5", "1e", "1,5", "١"])
    func notDecimal(_ text: String) {
        if text == "1." { #expect(readBack(text) == 1); return }
        #expect(readBack(text) == nil, "\(text) was read")
    }
}

@Suite("The recorded stamp")
struct RecordedTests {
    /// The valid fixture, written with a `recorded` column whose first event carries `stamp`.
    func folder(recording stamp: String) throws -> URL {
        var d = try DatasetFolder.check(try fixtureCopy()).dataset
        d.events[0].recorded = stamp
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-rec-\(UUID())")
        try DatasetFolder.write(d, eventHashes: [], to: out)
        return out
    }

    @Test("an ISO 8601 UTC time to the second is accepted and kept")
    func accepted() throws {
        let d = try DatasetFolder.check(try folder(recording: "2026-11-29T01:00:00Z")).dataset
        #expect(d.events[0].recorded == "2026-11-29T01:00:00Z")
        #expect(d.events[1].recorded == nil)
    }

    @Test(
        "anything else is refused at its line",
        arguments: [
            "yesterday", "<b>2026</b>", "2026-11-29", "2026-11-29 01:00:00", "2026-11-29T01:00:00+03:00", "2026-02-30T01:00:00Z",
            "2026-11-29T24:00:00Z", "2026-11-29T01:60:00Z", "2026-11-29T01:00:00.5Z",
        ])
    func refused(_ stamp: String) throws {
        let found = problems(in: try folder(recording: stamp))
        #expect(
            found.contains { $0.hasPrefix("events.csv:2:recorded: ") && $0.contains("is not a time in UTC; expected YYYY-MM-DDTHH:MM:SSZ") },
            "\(found)")
    }
}

@Suite("Dataset files that cannot be read are errors, never absent")
struct UnreadableFileTests {
    /// The valid fixture with events.csv replaced by what `make` puts there.
    func problemsWithEvents(_ make: (URL) throws -> Void) throws -> [String] {
        let folder = try fixtureCopy()
        let events = folder.appendingPathComponent("events.csv")
        try FileManager.default.removeItem(at: events)
        try make(events)
        return problems(in: folder)
    }

    @Test("a folder named events.csv")
    func directory() throws {
        let found = try problemsWithEvents { try FileManager.default.createDirectory(at: $0, withIntermediateDirectories: false) }
        #expect(found == ["events.csv: is a folder; expected a regular file"])
    }

    @Test("a named pipe, which is never opened (opening it would wait for a writer)")
    func fifo() throws {
        let found = try problemsWithEvents { #expect(mkfifo($0.path, 0o644) == 0) }
        #expect(found == ["events.csv: is a named pipe (FIFO); expected a regular file"])
    }

    @Test("a device")
    func device() throws {
        let found = try problemsWithEvents { try FileManager.default.createSymbolicLink(atPath: $0.path, withDestinationPath: "/dev/null") }
        #expect(found == ["events.csv: is a device; expected a regular file"])
    }

    @Test("a dangling and a looping symbolic link, without the target in the message")
    func links() throws {
        let secret = "/secret-place-\(UUID().uuidString)"
        let dangling = try problemsWithEvents { try FileManager.default.createSymbolicLink(atPath: $0.path, withDestinationPath: secret) }
        #expect(dangling.count == 1)
        #expect(dangling[0].hasPrefix("events.csv: is a symbolic link that leads to no readable file"))
        #expect(!dangling[0].contains("secret-place"))
        let looping = try problemsWithEvents { url in
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: url.lastPathComponent)
        }
        #expect(looping.count == 1 && looping[0].hasPrefix("events.csv: is a symbolic link that leads to no readable file"))
    }

    @Test("a symbolic link to a regular file reads as the file")
    func linkToFile() throws {
        let original = try fixtureCopy().appendingPathComponent("events.csv")
        let found = try problemsWithEvents { try FileManager.default.createSymbolicLink(atPath: $0.path, withDestinationPath: original.path) }
        #expect(found == [])
    }

    @Test("a file this user may not read", .enabled(if: getuid() != 0, "root reads every file: run the tests as another user to check this"))
    func unreadable() throws {
        let original = try fixtureCopy().appendingPathComponent("events.csv")
        let found = try problemsWithEvents { url in
            try FileManager.default.copyItem(at: original, to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
        }
        #expect(found.count == 1 && found[0].hasPrefix("events.csv: cannot be read (Permission denied)"))
    }

    @Test("datapackage.json that is a folder")
    func descriptor() throws {
        let folder = try fixtureCopy()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("datapackage.json"), withIntermediateDirectories: false)
        #expect(problems(in: folder) == ["datapackage.json: is a folder; expected a regular file"])
    }
}

@Suite("Validation stays linear and says a cascade once")
struct ValidationScaleTests {
    /// `n` instruments, each the parent of the next, with a commitment on each.
    func chain(_ n: Int) -> Dataset {
        var d = Dataset()
        d.parties = [Party(id: "RU", name: "Russia")]
        d.sources = [Source(id: "s", url: "https://example.org/")]
        for i in 0..<n {
            d.instruments.append(
                Instrument(id: "i\(i)", kind: .programme, title: "I\(i)", parent: i == 0 ? nil : "i\(i - 1)", parties: i == 0 ? ["RU"] : []))
            d.commitments.append(Commitment(id: "c\(i)", instrument: "i\(i)", title: "C\(i)", weight: 1))
        }
        return d
    }

    @Test("instruments nest at most 16 levels: a 2,000-deep chain is one problem, at the first level too deep")
    func deepChain() throws {
        #expect(Validator.problems(in: LocatedDataset(dataset: chain(Validator.maximumDepth))).isEmpty)
        let found = Validator.problems(in: LocatedDataset(dataset: chain(2000)))
        #expect(
            found.map(\.message) == ["instrument \"i16\" is nested 17 levels deep; expected at most 16 levels (treaty → decree → programme needs 3)"])
    }

    @Test("a 2,000-long cycle is reported once, at its first member, and nothing else")
    func longCycle() throws {
        var d = chain(2000)
        d.instruments[0].parent = "i1999"
        let found = Validator.problems(in: LocatedDataset(dataset: d))
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("instrument parents form a cycle: i0 → i1999 → i1998 → ") == true)
        #expect(found.first?.message.hasSuffix("i2 → i1 → i0; expected a tree") == true)
    }

    @Test("rows naming a refused record are one message with a count, pointing to the refusal")
    func cascade() throws {
        let folder = try fixtureCopy()
        // The commitment "gas" is refused (no title); four events name it.
        try edit(folder, "commitments.csv", "gas,programme,Gas market,", "gas,programme,,")
        let found = problems(in: folder)
        let unknown = found.filter { $0.hasPrefix("events.csv") && $0.contains("unknown commitment \"gas\"") }
        #expect(unknown.count == 1, "\(found)")
        #expect(unknown.first?.contains("commitments.csv:2 has that id but was refused") == true)
        #expect(unknown.first?.contains("more rows of this file name it (lines ") == true, "\(unknown)")
    }
}
