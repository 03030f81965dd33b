import Foundation

/// A small RFC 4180 reader and writer that knows the spreadsheet line of every record,
/// including quoted fields that span lines.
///
///     let rows = try CSV.parse(Array("id,name\r\n\"a,b\",\"say \"\"hi\"\"\"\n".utf8))
///     rows[1].fields  // ["a,b", "say \"hi\""]
public enum CSV {
    /// One record and the line it starts on (1-based, as a spreadsheet counts).
    public struct Record: Sendable, Equatable {
        public let line: Int
        public var fields: [String]
    }

    /// A syntax error at a line and a character column (both 1-based).
    public struct SyntaxError: Error, Equatable, Sendable {
        public let line: Int
        public let column: Int
        public let message: String
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Parses UTF-8 bytes (with or without a BOM, LF or CRLF line ends). Records whose fields
    /// are all empty are skipped, as spreadsheets leave them behind.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        try forEachRecord(in: bytes) { records.append($0) }
        return records
    }

    /// Streams the records of `bytes` to `body` in order, without holding them all. With a
    /// range, only the records from its start (a record boundary, on line `firstLine`) to its end.
    public static func forEachRecord(
        in bytes: [UInt8], range: Range<Int>? = nil, firstLine: Int = 1,
        _ body: (Record) -> Void
    ) throws(SyntaxError) {
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(256)
        let n = range?.upperBound ?? bytes.count
        let from = range?.lowerBound ?? 0
        var i = from == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : from
        var line = firstLine
        var lineStart = i
        var recordLine = firstLine

        func column(_ at: Int) -> Int {
            // Characters, not bytes: UTF-8 continuation bytes do not start a character.
            var c = 1
            var k = lineStart
            while k < at {
                if bytes[k] & 0xC0 != 0x80 { c += 1 }
                k += 1
            }
            return c
        }
        func text(_ startLine: Int, _ startColumn: () -> Int) throws(SyntaxError) -> String {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw SyntaxError(line: startLine, column: startColumn(), message: "invalid UTF-8 in this field: save the file as UTF-8")
            }
            // No database keeps a NUL inside text (PostgreSQL refuses it): refuse it here, where
            // its line and column are known.
            if field.contains(0) {
                throw SyntaxError(line: startLine, column: startColumn(), message: "a NUL character (U+0000) in this field; expected text")
            }
            return s
        }
        func endRecord() {
            if fields.contains(where: { !$0.isEmpty }) {
                body(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        if i >= n { return }
        while true {
            // At the start of a field.
            field.removeAll(keepingCapacity: true)
            let fieldStart = i
            let fieldLine = line
            if i < n, bytes[i] == quote {
                let openColumn = column(i)
                i += 1
                while true {
                    guard i < n else {
                        throw SyntaxError(
                            line: fieldLine, column: openColumn,
                            message:
                                "unbalanced quote: the quoted field opened here is never closed; expected a closing \" (write a quote inside a field as \"\")"
                        )
                    }
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n, bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if b == lf {
                        line += 1
                        lineStart = i + 1
                    }
                    field.append(b)
                    i += 1
                }
                if i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    throw SyntaxError(
                        line: line, column: column(i),
                        message: "unexpected character after a closing quote; expected a comma or the end of the line")
                }
                fields.append(try text(fieldLine) { openColumn })
            } else {
                while i < n {
                    let b = bytes[i]
                    if b == comma || b == lf || b == cr { break }
                    if b == quote {
                        throw SyntaxError(
                            line: line, column: column(i),
                            message: "a quote inside an unquoted field; expected the whole field in quotes with the inner quote doubled (\"\")")
                    }
                    field.append(b)
                    i += 1
                }
                fields.append(try text(line) { column(fieldStart) })
            }
            // After a field: a comma, a line end, or the end of the input.
            if i >= n {
                endRecord()
                return
            }
            switch bytes[i] {
            case comma:
                i += 1
            case cr where i + 1 < n && bytes[i + 1] == lf, lf:
                i += bytes[i] == cr ? 2 : 1
                line += 1
                lineStart = i
                endRecord()
                recordLine = line
                if i >= n { return }
            default:
                throw SyntaxError(
                    line: line, column: column(i),
                    message: "a carriage return not followed by a line feed; expected LF or CRLF line ends")
            }
        }
    }

    /// Record boundaries near the given byte offsets, for reading a large file in pieces: for
    /// each target, the offset just after the first line feed at or after it that is outside
    /// quotes, with the line that starts there; nil when there is none. Exact for any input the
    /// reader accepts up to that point (quotes only open and close fields, or come doubled).
    public static func boundaries(in bytes: [UInt8], after targets: [Int]) -> [(offset: Int, line: Int)?] {
        var out: [(offset: Int, line: Int)?] = []
        var quoted = false
        var line = 1
        var t = 0
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count, t < targets.count {
                let byte = b[i]
                if byte == quote {
                    quoted.toggle()
                } else if byte == lf {
                    line += 1
                    if !quoted, i >= targets[t] {
                        // Several targets may fall before this line end: each gets it.
                        while t < targets.count, i >= targets[t] {
                            out.append((i + 1, line))
                            t += 1
                        }
                    }
                }
                i += 1
            }
        }
        while out.count < targets.count { out.append(nil) }
        return out
    }

    /// One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == comma || $0 == quote || $0 == lf || $0 == cr }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record, fields escaped, ended by CRLF as RFC 4180 asks.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }
}
