/// One thing wrong with a dataset, located as `FILE:LINE:COLUMN: message`.
///
/// LINE counts as a spreadsheet does (the header is line 1); COLUMN is the column's name, or a
/// character position for a CSV syntax error. A message says what was found and what was expected.
public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}

/// A dataset was refused: every problem found, in file order.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    public let problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
