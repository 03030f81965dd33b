import Foundation
import PactwatchCore

/// Writes API answers as compact JSON with sorted keys, byte for byte what `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` writes (a test holds them equal), at a fraction of
/// its cost for the status report, which the server writes for every new as-of day. Values of
/// other `Encodable` types are handed to `JSONEncoder` and spliced in.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    static func encode(_ value: JSONValue) throws -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(1 << 16)
        try writer.value(value)
        return writer.bytes
    }

    mutating func value(_ value: JSONValue) throws {
        switch value {
        case .string(let s): string(s)
        case .number(let x): double(x)
        case .int(let n): int(n)
        case .bool(let b): raw(b ? "true" : "false")
        case .null: raw("null")
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                try self.value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            try object(members.keys.sorted(by: JSONWriter.keyOrder)) { w, key in try w.value(members[key]!) }
        case .encodable(let value):
            switch value {
            case let report as StatusReport: self.report(report)
            case let figures as Figures: self.figures(figures)
            default:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                bytes += try encoder.encode(Wrapped(value: value))
            }
        }
    }

    private struct Wrapped: Encodable {
        let value: any Encodable
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    /// JSONEncoder's `.sortedKeys` order: by UTF-8 bytes.
    static func keyOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    mutating func object(_ sortedKeys: [String], _ member: (inout JSONWriter, String) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "{"))
        for (i, key) in sortedKeys.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(key)
            bytes.append(UInt8(ascii: ":"))
            try member(&self, key)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ n: Int) { bytes += String(n).utf8 }

    mutating func int(_ n: Int?) { if let n { int(n) } else { raw("null") } }

    /// Shortest round-trip digits, integral values without ".0" (as JSONEncoder writes them).
    mutating func double(_ x: Double) {
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

    // MARK: Figures and the status report, in `StatusJSON.swift`'s keys and shape.

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

    mutating func report(_ r: StatusReport) {
        object(JSONWriter.sortedReportKeys) { w, key in
            switch key {
            case "as_of": w.string(r.asOf.description)
            case "scope":
                w.bytes.append(UInt8(ascii: "["))
                for (i, scope) in r.within.enumerated() {
                    if i > 0 { w.bytes.append(UInt8(ascii: ",")) }
                    w.string(scope.description)
                }
                w.bytes.append(UInt8(ascii: "]"))
            case "parties": w.keyed(r.parties)
            case "instruments": w.keyed(r.instruments)
            default: w.figure(Figures.Key(rawValue: key)!, of: r.overall)
            }
        }
    }

    /// `{id: figures}`, ids in sorted order (ids are unique in a valid dataset; as with
    /// JSONEncoder, a repeated one keeps its last figures).
    mutating func keyed(_ list: [(id: String, figures: Figures)]) {
        let byID = Dictionary(list.map { ($0.id, $0.figures) }, uniquingKeysWith: { _, last in last })
        object(byID.keys.sorted(by: JSONWriter.keyOrder)) { w, id in w.figures(byID[id]!) }
    }
}
