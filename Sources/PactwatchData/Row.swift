import PactwatchCore

/// One record as text, column by column in its table's field order: the shape shared by CSV
/// files and database tables, so both read and write through the same code.
public struct Row: Sendable, Hashable {
    /// One value per field of the table (`""` = empty).
    public var values: [String]
    /// Translation columns by name (`title_ru`, `statement_ru`) → text.
    public var translations: [String: String]

    public init(values: [String], translations: [String: String] = [:]) {
        self.values = values; self.translations = translations
    }

    /// The translations of one field, by language (`title_ru` → `ru`).
    public func translations(of field: String) -> Translations {
        var out: Translations = [:]
        for (column, text) in translations where column.hasPrefix(field + "_") {
            let code = column.dropFirst(field.count + 1)
            if !code.contains("_") { out[String(code)] = text }
        }
        return out
    }

    /// Translation columns for one field's translations by language (`ru` → `title_ru`).
    public static func columns(_ field: String, _ byLanguage: Translations) -> [String: String] {
        Dictionary(uniqueKeysWithValues: byLanguage.map { (field + "_" + $0, $1) })
    }

    /// The row without its system columns (`recorded`, `hash`): what "same content" compares.
    public func content(of table: Table) -> Row {
        var copy = self
        for (i, field) in table.fields.enumerated() where field.type == .system { copy.values[i] = "" }
        return copy
    }
}

/// Reads typed values out of a row, collecting problems located at the row's file and line.
struct RowReader {
    let table: Table
    let row: Row
    let file: String
    let line: Int?
    /// Whether values outside their stated ranges (`Bounds`) are problems. Rows read back from a
    /// database are decoded without them, so a row an older build stored stays readable
    /// (`verify` reports it); everything a user brings in is checked.
    let checksBounds: Bool
    var problems: [Problem] = []

    let fields: [Field]

    init(_ table: Table, _ row: Row, file: String, line: Int?, checksBounds: Bool = true) {
        self.table = table; self.row = row; self.file = file; self.line = line; self.checksBounds = checksBounds
        fields = table.fields
    }

    /// A linear scan: a dozen short names compare faster than a hash lookup.
    func position(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }

    mutating func fail(_ column: String, _ message: String) {
        problems.append(Problem(file: file, line: line, column: column, message))
    }

    func raw(_ name: String) -> String {
        guard let i = position(name) else { return "" }
        return row.values[i]
    }

    /// Trimmed text, nil when empty; a required empty field is a problem.
    mutating func text(_ name: String) -> String? {
        let value = raw(name)
        let field = fields[position(name)!]
        let isKey = field.type != .text
        let v = isKey ? value.trimmingSpaces : value
        if v.isEmpty {
            if field.required { fail(name, "missing required value; expected \(expectation(field))") }
            return nil
        }
        return v
    }

    mutating func id(_ name: String) -> String? {
        guard let v = text(name) else { return nil }
        guard Identifier.isValid(v) else {
            fail(name, "malformed id \(quoted(v)); expected a letter or digit, then up to 63 letters, digits, '.', '_' or '-'")
            return nil
        }
        return v
    }

    mutating func ids(_ name: String) -> [String] {
        guard let v = text(name) else { return [] }
        if !v.utf8.contains(UInt8(ascii: ";")), Identifier.isValid(v) { return [v] }
        var out: [String] = []
        var malformed = false
        for part in v.split(separator: ";").map({ String($0).trimmingSpaces }) where !part.isEmpty {
            if Identifier.isValid(part) {
                out.append(part)
            } else {
                malformed = true
                fail(name, "malformed id \(quoted(part)) in the list; expected ids separated by ';'")
            }
        }
        if out.isEmpty, !malformed {
            // Only separators: as good as empty, and never silently so.
            fail(name, "\(quoted(v)) holds separators but no id; expected ids separated by ';'")
        }
        return out
    }

    mutating func date(_ name: String) -> PartialDate? {
        guard let v = text(name) else { return nil }
        guard let d = PartialDate(v) else {
            fail(name, "impossible date \(quoted(v)); expected YYYY, YYYY-MM or YYYY-MM-DD naming a real day")
            return nil
        }
        return d
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) -> T? where T.RawValue == String {
        guard let v = text(name) else { return nil }
        guard let value = T(rawValue: v) else {
            fail(name, "unknown \(name) \(quoted(v)); expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    mutating func integer(_ name: String) -> Int? {
        guard let v = text(name) else { return nil }
        guard let n = Int(v), n >= 0 else {
            fail(name, "\(quoted(v)) is not a whole number; expected a whole number ≥ 0")
            return nil
        }
        return n
    }

    mutating func number(_ name: String) -> Double? {
        guard let v = text(name) else { return nil }
        guard DecimalText.isValid(v), let x = Double(v), x.isFinite else {
            fail(name, "\(quoted(v)) is not a number; expected a decimal number such as 1 or 0.5")
            return nil
        }
        return x
    }

    /// A problem when `x` is outside `range` (and bounds are checked), saying what the range is.
    mutating func bound(_ name: String, _ x: Double, within range: ClosedRange<Double>, _ what: String) {
        if checksBounds, !range.contains(x) {
            fail(name, "\(name) \(RecordCoding.number(x)) is out of range; expected \(what)")
        }
    }

    /// An ISO 8601 time in UTC to the second, as imports stamp `recorded`: `2026-11-29T01:00:00Z`.
    mutating func timestamp(_ name: String) -> String? {
        guard let v = text(name) else { return nil }
        if checksBounds, !Timestamp.isValid(v) {
            fail(name, "\(quoted(v)) is not a time in UTC; expected YYYY-MM-DDTHH:MM:SSZ, as export writes it")
        }
        return v
    }

    /// `recorded_by` and `approved_by`: user names (`[A-Za-z0-9][A-Za-z0-9._-]{0,63}`), or empty.
    mutating func attribution() -> Attribution {
        func name(_ column: String) -> String? {
            guard let v = text(column) else { return nil }
            func plain(_ c: Unicode.Scalar) -> Bool { c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)) }
            let valid =
                v.unicodeScalars.count <= 64 && plain(v.unicodeScalars.first!)
                && v.unicodeScalars.allSatisfy { plain($0) || "._-".unicodeScalars.contains($0) }
            if !valid {
                fail(column, "\(quoted(v)) is not a user name; expected 1 to 64 letters, digits, '.', '_' or '-', as pactwatch user add takes")
            }
            return v
        }
        return Attribution(recordedBy: name("recorded_by"), approvedBy: name("approved_by"))
    }

    mutating func url(_ name: String) -> String? {
        guard let v = text(name) else { return nil }
        guard URLCheck.isHTTP(v) else {
            fail(name, "\(quoted(v)) is not an http or https URL; expected an address starting with http:// or https://")
            return nil
        }
        return v
    }

    private func expectation(_ field: Field) -> String {
        switch field.type {
        case .id: "an id"
        case .date: "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        case .list: "at least one id"
        case .url: "an http or https URL"
        case .choice(let values): "one of: " + values.joined(separator: ", ")
        default: "a value"
        }
    }
}

/// The decimal numbers a cell may hold: an optional sign, digits with an optional fraction, and
/// an optional exponent (`0.5`, `-3`, `1e-05`: older builds stored small weights that way).
/// Not `nan`, `inf`, hexadecimal or spaces, which `Double(_:)` would also take.
enum DecimalText {
    static func isValid(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        func digits() -> Int {
            let n = u.prefix { $0 >= 48 && $0 <= 57 }.count
            u = u.dropFirst(n)
            return n
        }
        if u.first == UInt8(ascii: "-") || u.first == UInt8(ascii: "+") { u = u.dropFirst() }
        var mantissa = digits()
        if u.first == UInt8(ascii: ".") {
            u = u.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if u.first == UInt8(ascii: "e") || u.first == UInt8(ascii: "E") {
            u = u.dropFirst()
            if u.first == UInt8(ascii: "-") || u.first == UInt8(ascii: "+") { u = u.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return u.isEmpty
    }
}

/// The `recorded` stamp: ISO 8601 in UTC to the second (`2026-11-29T01:00:00Z`), naming a real day.
public enum Timestamp {
    public static func isValid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 20, u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"),
            u[19] == UInt8(ascii: "Z"), Day(iso: String(decoding: u[0..<10], as: UTF8.self)) != nil
        else { return false }
        func two(_ at: Int) -> Int? {
            guard (48...57).contains(u[at]), (48...57).contains(u[at + 1]) else { return nil }
            return Int(u[at] - 48) * 10 + Int(u[at + 1] - 48)
        }
        guard let hour = two(11), let minute = two(14), let second = two(17) else { return false }
        return hour < 24 && minute < 60 && second < 60
    }
}

/// The id rule of DESIGN.md: `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`.
public enum Identifier {
    public static func isValid(_ s: String) -> Bool {
        let u = s.utf8
        guard (1...64).contains(u.count), let first = u.first, isAlnum(first) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }
}

enum URLCheck {
    /// An absolute http(s) URL with a host and no whitespace.
    static func isHTTP(_ s: String) -> Bool {
        let lower = s.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = lower.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = lower.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty && !s.contains(where: { $0.isWhitespace || $0.isNewline })
    }
}

func quoted(_ s: String) -> String {
    let shown = s.count > 60 ? String(s.prefix(60)) + "…" : s
    return "\"" + shown + "\""
}

extension String {
    var trimmingSpaces: String {
        let isSpace = { (b: UInt8) in b == 32 || b == 9 }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return self }
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
