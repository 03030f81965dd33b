/// A JSON document built in code: what the API answers and `status --json` prints.
public enum JSONValue: Sendable {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])
    /// Figures in their public shape (see `JSONWriter.figures`).
    case figures(Figures)
    /// A status report: the overall figures, `as_of`, `scope`, and figures per party and instrument.
    case report(StatusReport)
    /// A status report with more members beside its own (`compare` and `change`, say).
    case extendedReport(StatusReport, [String: JSONValue])

    /// A string, or null for nil.
    public static func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
}

/// The one JSON writer: keys sorted by their UTF-8 bytes, no escaped slashes, integral numbers
/// without ".0"; compact for the API, indented by two spaces for a terminal.
///
/// Figures have one public shape: snake_case keys, shares as fractions from 0 to 1, dates as
/// `YYYY-MM-DD`, and null, never 0, for a figure an empty scope does not have.
public struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private let indented: Bool
    private var depth = 0

    public static func encode(_ value: JSONValue, indented: Bool = false) -> [UInt8] {
        var writer = JSONWriter(indented: indented)
        writer.bytes.reserveCapacity(1 << 16)
        writer.value(value)
        if indented { writer.bytes.append(0x0A) }
        return writer.bytes
    }

    private init(indented: Bool) { self.indented = indented }

    mutating func value(_ value: JSONValue) {
        switch value {
        case .string(let s): string(s)
        case .number(let x): double(x)
        case .int(let n): int(n)
        case .bool(let b): raw(b ? "true" : "false")
        case .null: raw("null")
        case .array(let items):
            list(items.count) { w, i in w.value(items[i]) }
        case .object(let members):
            object(members.keys.sorted(by: JSONWriter.keyOrder)) { w, key in w.value(members[key]!) }
        case .figures(let f): figures(f)
        case .report(let r): report(r)
        case .extendedReport(let r, let extra): report(r, extra: extra)
        }
    }

    /// Sorted keys' order: by UTF-8 bytes.
    static func keyOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    private mutating func newline() {
        guard indented else { return }
        bytes.append(0x0A)
        bytes += repeatElement(UInt8(ascii: " "), count: depth * 2)
    }

    mutating func list(_ count: Int, _ item: (inout JSONWriter, Int) -> Void) {
        bytes.append(UInt8(ascii: "["))
        guard count > 0 else { return bytes.append(UInt8(ascii: "]")) }
        depth += 1
        for i in 0..<count {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newline()
            item(&self, i)
        }
        depth -= 1
        newline()
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func object(_ sortedKeys: [String], _ member: (inout JSONWriter, String) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        guard !sortedKeys.isEmpty else { return bytes.append(UInt8(ascii: "}")) }
        depth += 1
        for (i, key) in sortedKeys.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newline()
            string(key)
            bytes.append(UInt8(ascii: ":"))
            if indented { bytes.append(UInt8(ascii: " ")) }
            member(&self, key)
        }
        depth -= 1
        newline()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ n: Int) { bytes += String(n).utf8 }

    mutating func int(_ n: Int?) { if let n { int(n) } else { raw("null") } }

    /// Shortest round-trip digits, integral values without ".0"; JSON has no NaN or infinity, so
    /// those are null.
    mutating func double(_ x: Double) {
        guard x.isFinite else { return raw("null") }
        var text = x.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes += text.utf8
    }

    mutating func double(_ x: Double?) { if let x { double(x) } else { raw("null") } }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                raw("\\u00")
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: Figures and the status report

    static let sortedFigureKeys = Figures.Key.allCases.map(\.rawValue).sorted(by: keyOrder)
    static let sortedStages = Stage.allCases.map(\.rawValue).sorted(by: keyOrder)
    static let sortedForecastKeys = Forecast.Key.allCases.map(\.rawValue).sorted(by: keyOrder)
    static let sortedReportKeys = (Figures.Key.allCases.map(\.rawValue) + ["as_of", "scope", "parties", "instruments"]).sorted(by: keyOrder)

    mutating func figures(_ f: Figures) {
        object(JSONWriter.sortedFigureKeys) { w, key in w.figure(Figures.Key(rawValue: key)!, of: f) }
    }

    /// One member of a figures object (every key handled: a new figure fails to compile here).
    mutating func figure(_ key: Figures.Key, of f: Figures) {
        switch key {
        case .obligations: int(f.obligations)
        case .byStage:
            object(JSONWriter.sortedStages) { w, stage in w.int(f.byStage[Stage(rawValue: stage)!] ?? 0) }
        case .weight: double(f.weight)
        case .progress: double(f.progress)
        case .implemented: double(f.implemented)
        case .implementedCount: int(f.implementedCount)
        case .practice: double(f.practice)
        case .appliedCount: int(f.appliedCount)
        case .due: int(f.due)
        case .overdue: int(f.overdue)
        case .deficit: double(f.deficit)
        case .longOverdue: int(f.longOverdue)
        case .stalled: int(f.stalled)
        case .asymmetry: int(f.asymmetry)
        case .velocity: int(f.velocity)
        case .remaining: int(f.remaining)
        case .evidenced: int(f.evidenced)
        case .coverage: double(f.coverage)
        case .atRisk: int(f.atRisk)
        case .children: int(f.children)
        case .childrenCompleted: int(f.childrenCompleted)
        case .forecast:
            guard let forecast = f.forecast else { return raw("null") }
            object(JSONWriter.sortedForecastKeys) { w, key in
                switch Forecast.Key(rawValue: key)! {
                case .date: w.string(forecast.date.description)
                case .earliest: w.string(forecast.earliest.description)
                case .latest: w.string(forecast.latest.description)
                case .remaining: w.int(forecast.remaining)
                case .velocity: w.int(forecast.velocity)
                case .confidence: w.double(Forecast.confidence)
                }
            }
        }
    }

    /// `{"as_of", "scope", …the overall figures…, "parties": {id: figures}, "instruments": {id: figures}}`
    mutating func report(_ r: StatusReport, extra: [String: JSONValue] = [:]) {
        let keys = extra.isEmpty ? JSONWriter.sortedReportKeys : (JSONWriter.sortedReportKeys + extra.keys).sorted(by: JSONWriter.keyOrder)
        object(keys) { w, key in
            if let member = extra[key] { return w.value(member) }
            switch key {
            case "as_of": w.string(r.asOf.description)
            case "scope": w.list(r.within.count) { w, i in w.string(r.within[i].description) }
            case "parties": w.keyed(r.parties)
            case "instruments": w.keyed(r.instruments)
            default: w.figure(Figures.Key(rawValue: key)!, of: r.overall)
            }
        }
    }

    /// `{id: figures}`, ids in sorted order (ids are unique in a valid dataset; a repeated one
    /// keeps its last figures).
    mutating func keyed(_ list: [(id: String, figures: Figures)]) {
        var byID: [String: Figures] = [:]
        for (id, figures) in list { byID[id] = figures }
        object(byID.keys.sorted(by: JSONWriter.keyOrder)) { w, id in w.figures(byID[id]!) }
    }
}

extension Figures {
    /// The keys of a figures object.
    public enum Key: String, CaseIterable, Sendable {
        case obligations, weight, progress, implemented, practice, due, overdue, deficit, stalled
        case asymmetry, velocity, remaining, forecast, evidenced, coverage, children
        case byStage = "by_stage"
        case atRisk = "at_risk"
        case childrenCompleted = "children_completed"
        case implementedCount = "implemented_count"
        case appliedCount = "applied_count"
        case longOverdue = "long_overdue"
    }
}

extension Forecast {
    /// The keys of a forecast object.
    public enum Key: String, CaseIterable, Sendable { case date, earliest, latest, remaining, velocity, confidence }
}
