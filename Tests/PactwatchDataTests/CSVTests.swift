import Foundation
import PactwatchFixtures
import Testing

@testable import PactwatchData

@Suite("RFC 4180 CSV")
struct CSVTests {
    func parse(_ text: String) throws -> [CSV.Record] { try CSV.parse(Array(text.utf8)) }

    @Test("quoted commas, doubled quotes and line breaks inside fields")
    func quoting() throws {
        let rows = try parse("a,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\r\n")
        #expect(rows.map(\.fields) == [["a", "b", "c"], ["x,y", "say \"hi\"", "two\nlines"], ["last", "", ""]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test("records keep their spreadsheet line after multi-line fields and blank lines")
    func lines() throws {
        let rows = try parse("h\n\"1\n2\n3\"\n\nnext\n,\nend")
        #expect(rows.map(\.line) == [1, 2, 6, 8])
        #expect(rows.map(\.fields) == [["h"], ["1\n2\n3"], ["next"], ["end"]])
    }

    @Test("a BOM is skipped; an empty input has no records")
    func bom() throws {
        #expect(try CSV.parse([0xEF, 0xBB, 0xBF] + Array("id\n1\n".utf8)).map(\.fields) == [["id"], ["1"]])
        #expect(try CSV.parse([]).isEmpty)
    }

    @Test(
        "syntax errors name their line and character column",
        arguments: [
            ("a,b\n1,\"open\n2,3\n", 2, 3, "unbalanced quote"),
            ("a,b\nx\"y,2\n", 2, 2, "a quote inside an unquoted field"),
            ("a,b\n\"x\"y,2\n", 2, 4, "unexpected character after a closing quote"),
            ("a,b\r1,2\n", 1, 4, "carriage return"),
            ("é,\"ü\"z\n", 1, 6, "unexpected character"),
        ])
    func syntaxErrors(text: String, line: Int, column: Int, message: String) {
        #expect {
            try CSV.parse(Array(text.utf8))
        } throws: { error in
            guard let e = error as? CSV.SyntaxError else { return false }
            return e.line == line && e.column == column && e.message.contains(message)
        }
    }

    @Test("escape and parse are inverse", arguments: ["plain", "a,b", "quote \"q\"", "line\nbreak", "cr\r\nlf", "", "ünïcødé, «ёлка»"])
    func roundTrip(field: String) throws {
        let line = CSV.line([field, "x"])
        #expect(line.hasSuffix("\r\n"))
        let parsed = try CSV.parse(Array(line.utf8))
        #expect(parsed.first?.fields == (field.isEmpty ? ["", "x"] : [field, "x"]))
    }
}

/// A large file is read in pieces on every core; what comes out must not depend on it.
@Suite("Reading a file in pieces gives exactly what one pass gives")
struct PiecewiseReadingTests {
    func expectSame(_ folder: URL, pieces: [Int] = [2, 3, 7], sourceLocation: SourceLocation = #_sourceLocation) {
        let whole = DatasetFolder.read(folder, pieces: 1)
        for count in pieces {
            let split = DatasetFolder.read(folder, pieces: count)
            #expect(split.dataset == whole.dataset, "\(count) pieces", sourceLocation: sourceLocation)
            #expect(split.origins == whole.origins, "\(count) pieces", sourceLocation: sourceLocation)
            #expect(split.eventHashes == whole.eventHashes, "\(count) pieces", sourceLocation: sourceLocation)
            #expect(split.problems == whole.problems, "\(count) pieces", sourceLocation: sourceLocation)
            #expect(split.unreadable == whole.unreadable, "\(count) pieces", sourceLocation: sourceLocation)
        }
    }

    /// A generated folder whose events.csv has multi-line quoted notes everywhere (so some fall
    /// across the split points), then `change` applied to its lines.
    func folder(_ change: (inout [String]) -> Void = { _ in }) throws -> URL {
        var d = Synthetic(parties: 3, commitments: 60, eventsPer: 5, seed: 5).dataset()
        for i in d.events.indices where i % 3 == 0 { d.events[i].note = "line one, \"quoted\"\nline two\r\nline three" }
        let folder = Fixtures.scratchFolder()
        try DatasetFolder.write(d, eventHashes: [], to: folder)
        let url = folder.appendingPathComponent("events.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
        change(&lines)
        try lines.joined(separator: "\r\n").write(to: url, atomically: true, encoding: .utf8)
        return folder
    }

    @Test("a valid folder: the same records, lines and hashes")
    func valid() throws {
        let folder = try folder()
        #expect(DatasetFolder.read(folder, pieces: 3).problems.isEmpty)
        #expect(DatasetFolder.read(folder, pieces: 3).dataset.events.count > 200)
        expectSame(folder)
    }

    @Test("problems in every piece, duplicate ids across pieces, a row of the wrong width: the same problems in the same order")
    func problems() throws {
        let folder = try folder { lines in
            let n = lines.count
            lines[n * 3 / 4] = lines[n * 3 / 4].replacingOccurrences(of: "20", with: "19") + ",extra"
            lines.append(lines[2])  // a duplicate of an early id, at the end
            lines.insert("Ebad,2022-02-30,C1,P01,adopted,,,s1,,,,", at: n / 2)  // an impossible date mid-file
            lines.insert("Ebad2,2022-01-01,C1,P01,nonsense,,,s1,,,,", at: n / 5)
        }
        #expect(DatasetFolder.read(folder, pieces: 1).problems.count >= 4)
        expectSame(folder)
    }

    @Test("a syntax error: nothing after it is read, whichever piece holds it", arguments: [0.2, 0.9])
    func syntaxError(at fraction: Double) throws {
        let folder = try folder { lines in
            let i = Int(Double(lines.count) * fraction)
            lines[i] = "E\"x,2022,C1,P01,adopted,,,s1,,,,"
        }
        let whole = DatasetFolder.read(folder, pieces: 1)
        #expect(whole.unreadable.contains(.events))
        expectSame(folder)
    }

    @Test("blank lines before the header, a header of its own problems, a BOM")
    func headers() throws {
        expectSame(
            try folder { lines in
                lines.insert("", at: 0); lines.insert(",,", at: 0)
            })
        expectSame(try folder { lines in lines[0] += ",surprise" })
        expectSame(try folder { lines in lines[0] = "\u{FEFF}" + lines[0] })
    }
}
