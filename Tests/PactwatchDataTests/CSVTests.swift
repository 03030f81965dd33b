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

    @Test("syntax errors name their line and character column", arguments: [
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
